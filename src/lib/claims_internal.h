/*
 * claims_internal.h - the parsed form of filters and claims, shared by
 * claims_parse.c (text -> structure) and claims_eval.c (structure + ledger
 * -> result).
 */
#ifndef FL_LIB_CLAIMS_INTERNAL_H
#define FL_LIB_CLAIMS_INTERNAL_H

#include "fundledger/claims.h"

/** One item of a source= or unit= list, unquoted. */
typedef struct fl_filter_item {
    const char *text; /* NUL-terminated, in the filter's `strings` */
    size_t len;
    unsigned long column; /* 1-based character column in the parsed text */
} fl_filter_item;

typedef struct fl_filter_list {
    fl_filter_item *items;
    size_t count, capacity;
    unsigned long column; /* column of the key ("source=") */
    const char *written;  /* "source=CD,THU" as written, for messages */
} fl_filter_list;

struct fl_filter {
    /*
     * Item texts and the lists as written.  Unquoting never makes text
     * longer, so twice the parsed text's length always suffices and the
     * buffer is allocated once.
     */
    char *strings;
    size_t strings_used, strings_size;

    fl_filter_list sources;
    fl_filter_list units;
    fl_date from, to; /* inclusive, month=, from= and to= together; 0: open */
    /* each date filter as written, to say which ones leave no day between them */
    int32_t month; /* yyyymm */
    fl_date from_written, to_written;
    bool has_month, has_from, has_to, has_kind;
    fl_entry_kind kind;
    unsigned long kind_column, from_column, to_column;
    bool any; /* at least one filter was given */
};

struct fl_claim {
    char *text; /* the claim without comment and outer spaces */
    fl_claim_metric metric;
    fl_claim_op op;
    fl_amount figure;
    fl_filter filter;
    fl_filter within;
    bool has_within;
    unsigned long metric_column, within_column, op_column, figure_column;
};

/** Prepares an embedded filter for text of `len` bytes; FL_ERR_NOMEM. */
fl_status fl_filter_init_for(fl_filter *f, size_t len);
/** Frees what an embedded filter holds. */
void fl_filter_release(fl_filter *f);

#endif
