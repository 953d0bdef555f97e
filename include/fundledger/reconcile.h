/*
 * fundledger/reconcile.h - two ledgers side by side: which entries pair up,
 * which pairs differ and by how much, what only one side has, and the bridge
 * that proves the account closes to the last đồng.
 *
 * A is usually the reporting side (a commune's report, the district
 * ledger), B the side it is checked against (the district ledger, the
 * Treasury statement).  Entries pair up by these rules, in order, each
 * entry being used at most once:
 *
 *   ref    same unit and same document reference (số chứng từ);
 *   auto   (with FL_RECONCILE_MATCH_AUTO) same unit, source, kind and
 *          exact amount, dates at most `date_window` days apart; the
 *          closest date wins, then the earlier entry;
 *   split  (with FL_RECONCILE_MATCH_AUTO) one entry on one side and 2 to
 *          FL_RECONCILE_SPLIT_MAX entries on the other, same unit, source
 *          and kind, dates within the window, summing exactly to it.
 *
 * Every pair records its rule.  The result satisfies, exactly,
 *
 *   total(A) - total(B) = sum(pair differences) + sum(only in A) - sum(only in B)
 *
 * and fl_reconcile_new checks it: a bridge that does not close is a bug in
 * this module, reported as FL_ERR_VALIDATION with a message saying so.
 *
 * Ownership: fl_reconcile_new gives a result the caller frees with
 * fl_reconcile_free.  It points into both ledgers (entries, unit names,
 * codes), which must outlive it.  Every pointer an accessor returns belongs
 * to the result.
 */
#ifndef FUNDLEDGER_RECONCILE_H
#define FUNDLEDGER_RECONCILE_H

#include <stdio.h>

#include "common.h"
#include "decimal.h"
#include "ledger.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The most entries on one side of a split pair. */
#define FL_RECONCILE_SPLIT_MAX 4

typedef enum fl_reconcile_match {
    FL_RECONCILE_MATCH_REF = 0, /**< by unit and document reference only */
    FL_RECONCILE_MATCH_AUTO /**< then by unit + source + amount in the date window, then splits */
} fl_reconcile_match;

/** "ref" / "auto"; static storage. */
const char *fl_reconcile_match_name(fl_reconcile_match match);
/** Looks "ref" / "auto" up; FL_ERR_SYNTAX otherwise. */
fl_status fl_reconcile_match_from_name(fl_reconcile_match *out, const char *name);

typedef enum fl_reconcile_rule {
    FL_RECONCILE_RULE_REF = 0, /**< same unit and reference */
    FL_RECONCILE_RULE_AUTO,    /**< same unit, source, kind and amount within the window */
    FL_RECONCILE_RULE_SPLIT    /**< one entry = the exact sum of 2..4 on the other side */
} fl_reconcile_rule;

/** "ref" / "auto" / "split"; static storage. */
const char *fl_reconcile_rule_name(fl_reconcile_rule rule);

/** What differs between the two sides of a pair (bits). */
enum {
    FL_RECONCILE_DIFF_AMOUNT = 1u << 0,
    FL_RECONCILE_DIFF_DATE = 1u << 1,
    FL_RECONCILE_DIFF_SOURCE = 1u << 2,
    FL_RECONCILE_DIFF_KIND = 1u << 3
};

typedef struct fl_reconcile_options {
    fl_reconcile_match match;
    long date_window; /**< days, >= 0, for auto and split pairs (default 0: same day) */
    /**
     * Amount differences of at most this (absolute, in đồng) are tolerated:
     * still listed and still in the bridge, but they do not make the result
     * "different".  NULL: 0.  Owned by the caller; read only in fl_reconcile_new.
     */
    const fl_dec_struct *tolerance;
} fl_reconcile_options;

#define FL_RECONCILE_OPTIONS_INIT                                                                  \
    {                                                                                              \
        FL_RECONCILE_MATCH_REF, 0L, NULL                                                           \
    }

/** A pairing of entries of A with entries of B. */
typedef struct fl_reconcile_pair {
    fl_reconcile_rule rule;
    const fl_entry *const *a; /**< a_count entries of A (1 unless A holds the split parts) */
    size_t a_count;
    const fl_entry *const *b; /**< b_count entries of B */
    size_t b_count;
    fl_dec difference; /**< sum(a) - sum(b), exact */
    unsigned differs;  /**< FL_RECONCILE_DIFF_* bits; 0: the pair agrees in everything */
    long days;         /**< largest distance in days between the two sides' dates */
    bool tolerated;    /**< differs, but only within --tolerance and (auto, split) the window */
} fl_reconcile_pair;

/** One row of the side-by-side totals. */
typedef struct fl_reconcile_total {
    const char *key;    /**< the source code or the unit's name */
    fl_entry_kind kind; /**< totals are kept apart by kind: an estimate is not an actual */
    fl_dec a, b;        /**< sums of each side */
    fl_dec difference;  /**< a - b */
    size_t a_count, b_count;
} fl_reconcile_total;

typedef enum fl_reconcile_by {
    FL_RECONCILE_BY_SOURCE = 0, /**< one row per source code (and kind) */
    FL_RECONCILE_BY_UNIT        /**< one row per unit (and kind) */
} fl_reconcile_by;

/** "source" / "unit"; static storage. */
const char *fl_reconcile_by_name(fl_reconcile_by by);
fl_status fl_reconcile_by_from_name(fl_reconcile_by *out, const char *name);

/** The bridge, every figure exact. */
typedef struct fl_reconcile_bridge {
    fl_dec total_a, total_b;
    fl_dec left;             /**< total_a - total_b */
    fl_dec pair_differences; /**< sum of every pair's difference */
    fl_dec only_a, only_b;   /**< sums of the entries found on one side only */
    fl_dec right;            /**< pair_differences + only_a - only_b */
    bool closes;             /**< left == right */
} fl_reconcile_bridge;

typedef struct fl_reconcile fl_reconcile;

/**
 * Reconciles ledger a against ledger b (both loaded and finished).  Units
 * are the same when their names are (NFC, case, old and new tone placement
 * folded, see fl_ledger_find_unit); sources when their codes are.  On
 * success *out is a result to free with fl_reconcile_free.  Errors:
 * FL_ERR_INVALID_ARGUMENT (NULL ledgers, a negative window or tolerance),
 * FL_ERR_NOMEM, FL_ERR_RANGE (a sum outgrew the decimal limits) and
 * FL_ERR_VALIDATION when the bridge does not close (a bug; err says so).
 */
fl_status fl_reconcile_new(fl_reconcile **out, const fl_ledger *a, const fl_ledger *b,
                           const fl_reconcile_options *opts, fl_error *err);
/** Frees a result; NULL is fine. */
void fl_reconcile_free(fl_reconcile *rec);

const fl_ledger *fl_reconcile_ledger(const fl_reconcile *rec, int side); /**< 0: A, 1: B */
const fl_reconcile_options *fl_reconcile_get_options(const fl_reconcile *rec);

/** Pairs, in A's entry order; those with differs == 0 are plainly matched. */
size_t fl_reconcile_pair_count(const fl_reconcile *rec);
const fl_reconcile_pair *fl_reconcile_pair_get(const fl_reconcile *rec, size_t i);
/** How many pairs differ (differs != 0), and how many of those are not tolerated. */
size_t fl_reconcile_difference_count(const fl_reconcile *rec);
size_t fl_reconcile_untolerated_count(const fl_reconcile *rec);

/** Entries found on one side only (side 0: A, 1: B), in load order. */
size_t fl_reconcile_only_count(const fl_reconcile *rec, int side);
const fl_entry *fl_reconcile_only_get(const fl_reconcile *rec, int side, size_t i);

/**
 * Totals side by side: by source in code order (a parent before its
 * children), by unit in A's order then the units only B has; an actual row
 * before the estimate row of the same key.
 */
size_t fl_reconcile_total_count(const fl_reconcile *rec, fl_reconcile_by by);
const fl_reconcile_total *fl_reconcile_total_get(const fl_reconcile *rec, fl_reconcile_by by,
                                                 size_t i);

const fl_reconcile_bridge *fl_reconcile_get_bridge(const fl_reconcile *rec);

/** True when nothing is on one side only and every difference is tolerated. */
bool fl_reconcile_all_matched(const fl_reconcile *rec);

/** The unit name and source code of an entry of a side (0: A, 1: B); owned by the ledger. */
const char *fl_reconcile_entry_unit(const fl_reconcile *rec, int side, const fl_entry *e);
const char *fl_reconcile_entry_source(const fl_reconcile *rec, int side, const fl_entry *e);

/* --- output ------------------------------------------------------------------------ */

typedef struct fl_reconcile_render_options {
    fl_locale locale;   /**< labels and number format of text (default vi) */
    fl_reconcile_by by; /**< which totals the text shows (default by source) */
} fl_reconcile_render_options;

#define FL_RECONCILE_RENDER_OPTIONS_INIT                                                           \
    {                                                                                              \
        FL_LOCALE_VI, FL_RECONCILE_BY_SOURCE                                                       \
    }

/** Writes the result for a reviewer, top to bottom.  FL_ERR_IO when writing fails. */
fl_status fl_reconcile_write_text(const fl_reconcile *rec, FILE *out,
                                  const fl_reconcile_render_options *opts);

/**
 * The result as a fundledger.reconcile/1 JSON document (amounts as exact
 * decimal strings) in a new string the caller frees with free().
 */
fl_status fl_reconcile_to_json(char **out, const fl_reconcile *rec);

/**
 * Writes the JSON document, or an .xlsx workbook with the same sections, to
 * `path` safely: a temporary file beside it, flushed to disk, then renamed
 * over it, so `path` holds the old file or the whole new one.  FL_ERR_IO
 * with err naming the file and the failed step.
 */
fl_status fl_reconcile_save_json(const fl_reconcile *rec, const char *path, fl_error *err);
fl_status fl_reconcile_save_xlsx(const fl_reconcile *rec, const char *path, fl_error *err);

#ifdef __cplusplus
}
#endif

#endif
