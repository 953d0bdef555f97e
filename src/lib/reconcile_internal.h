/*
 * reconcile_internal.h - the reconciliation result as the engine builds it,
 * shared by the matching passes (reconcile.c, reconcile_split.c) and the
 * renderers (reconcile_text.c, reconcile_json.c, reconcile_xlsx.c).
 */
#ifndef FL_LIB_RECONCILE_INTERNAL_H
#define FL_LIB_RECONCILE_INTERNAL_H

#include "fundledger/reconcile.h"

/* One side's entries with the keys both sides share. */
typedef struct rec_side {
    const fl_ledger *ledger;
    size_t n;
    uint32_t *unit;       /* common unit id of each entry */
    int32_t *source;      /* common source id of each entry */
    int32_t *day;         /* days since 1970-01-01, INT32_MIN when the entry has no date */
    uint64_t *amount_key; /* hash of the amount's value (equal values, equal keys) */
    uint8_t *used;        /* 1 once the entry is in a pair */
} rec_side;

/* A pair while it is being built: entry indices kept in rec->members. */
typedef struct rec_work_pair {
    fl_reconcile_rule rule;
    uint32_t a_first, b_first;             /* first entry of each side: the sort key */
    size_t a_off, a_count, b_off, b_count; /* ranges of rec->members */
} rec_work_pair;

struct fl_reconcile {
    rec_side side[2];
    fl_reconcile_options opts;
    fl_dec tolerance;
    size_t unit_count;   /* common units: A's, then those only B has */
    size_t source_count; /* common sources: A's tree, then codes only B's tree has */
    uint32_t *b_unit_of; /* B unit index -> common id (for names) */
    int32_t *b_source_of;

    rec_work_pair *work;
    size_t work_count, work_capacity;
    uint32_t *members;
    size_t member_count, member_capacity;

    fl_reconcile_pair *pairs;
    const fl_entry **pair_entries;
    size_t pair_count, difference_count, untolerated_count;
    const fl_entry **only[2];
    size_t only_count[2];
    fl_reconcile_total *totals[2];
    size_t total_count[2];
    fl_reconcile_bridge bridge;
    bool bridge_ready;
    bool split_budget_spent; /* the split search stopped early (see reconcile_split.c) */
};

/* Records a pair of a_count entries of A and b_count of B (indices); marks them used. */
fl_status rec_add_pair(fl_reconcile *rec, fl_reconcile_rule rule, const uint32_t *a, size_t a_count,
                       const uint32_t *b, size_t b_count);

/* The split pass: entries left over on one side summing to one on the other. */
fl_status rec_match_splits(fl_reconcile *rec);

/* Display names of common ids. */
const char *rec_unit_name(const fl_reconcile *rec, uint32_t common_unit);
const char *rec_source_code(const fl_reconcile *rec, int32_t common_source);

/* A 64-bit mix of a value into a hash (splitmix64 finaliser). */
uint64_t rec_mix(uint64_t h, uint64_t v);

/* Locale-formatted amount into a new string (grouping, exact places); NULL if out of memory. */
char *rec_format_amount(const fl_dec v, fl_locale locale);
/* Canonical plain text of an amount; NULL if out of memory. */
char *rec_plain_amount(const fl_dec v);

#endif
