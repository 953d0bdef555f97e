/*
 * fundledger/claims.h - claims: published figures checked against a ledger.
 *
 * An auditor writes each figure to verify as a claim, one per line, in a
 * claims file or in a journal as `claim <text>`:
 *
 *     total source=CD = 151,463 tỷ
 *     over-estimate source=THU = 72,46 %
 *     share source=CD within source=NTM = 35,3 %
 *
 * A claim is a metric, filters that pick entries, an operator and a figure.
 * "=" checks a published (rounded) figure: the exact value is rounded half up
 * to the precision the figure is written with, as Thông tư 109/2018/TT-BTC
 * Điều 5 rounds shortened units; "==" and the comparisons are exact.
 * docs/claims.md describes the language.
 *
 * Parsing (fl_claim_parse) needs no ledger; evaluation (fl_claim_evaluate)
 * resolves source codes and unit names against one and computes exactly:
 * sums are exact decimals, percentages exact rationals.
 *
 * Ownership: fl_claim_parse and fl_filter_parse give objects the caller
 * frees with fl_claim_free / fl_filter_free.  Pointers returned by the
 * accessors of a claim belong to the claim.  An fl_claim_result is caller
 * storage: its strings are owned by it and freed by fl_claim_result_clear.
 */
#ifndef FUNDLEDGER_CLAIMS_H
#define FUNDLEDGER_CLAIMS_H

#include "amount.h"
#include "common.h"
#include "decimal.h"
#include "ledger.h"

#ifdef __cplusplus
extern "C" {
#endif

/* --- the parts of a claim ------------------------------------------------------------ */

/** What a claim measures. */
typedef enum fl_claim_metric {
    FL_METRIC_TOTAL = 0,     /**< "total": sum of the actual entries, đồng */
    FL_METRIC_ESTIMATE,      /**< "estimate": sum of the estimate entries, đồng */
    FL_METRIC_OVER_ESTIMATE, /**< "over-estimate": (actual / estimate - 1) x 100, % */
    FL_METRIC_OF_ESTIMATE,   /**< "of-estimate": actual / estimate x 100, % */
    FL_METRIC_SHARE,         /**< "share": total / total of the "within" filter x 100, % */
    FL_METRIC_COUNT,         /**< "count": number of matching entries (any kind unless kind=) */
    FL_METRIC_COUNT_
} fl_claim_metric;

/** How the value is compared with the figure. */
typedef enum fl_claim_op {
    FL_OP_ROUNDS_TO = 0, /**< "=": the value rounded half up to the figure's precision equals it */
    FL_OP_EQ,            /**< "==": exactly equal */
    FL_OP_NE,            /**< "!=" (also "≠") */
    FL_OP_LT,            /**< "<" */
    FL_OP_LE,            /**< "<=" (also "≤") */
    FL_OP_GT,            /**< ">" */
    FL_OP_GE,            /**< ">=" (also "≥") */
    FL_OP_COUNT_
} fl_claim_op;

/** The metric's name as written ("total", "over-estimate", ...); static storage. */
const char *fl_claim_metric_name(fl_claim_metric metric);
/** Whether the metric is a percentage (over-estimate, of-estimate, share). */
bool fl_claim_metric_is_percent(fl_claim_metric metric);
/** The operator as written ("=", "==", "!=", "<", "<=", ">", ">="); static storage. */
const char *fl_claim_op_symbol(fl_claim_op op);

/* --- filters ------------------------------------------------------------------------- */

/**
 * A choice of entries: source codes (with their descendants; a group name
 * such as NTM stands for the group's top-level codes), unit names, a date
 * range (month=, from=, to=, inclusive) and a kind.  Opaque.
 */
typedef struct fl_filter fl_filter;

/**
 * Parses filters alone, e.g. `source=CD unit="Kim Chính" month=2018-03`,
 * with the syntax of a claim's filters.  *out is a new filter the caller
 * frees with fl_filter_free.  Errors are FL_ERR_SYNTAX with err->column
 * (1-based characters of text).
 */
fl_status fl_filter_parse(fl_filter **out, const char *text, size_t len, fl_error *err);

/** Frees a filter from fl_filter_parse; NULL is fine. */
void fl_filter_free(fl_filter *filter);

/** Whether the filter names sources (source=). */
bool fl_filter_has_sources(const fl_filter *filter);

/** Sums of the entries a filter picks. */
typedef struct fl_filter_sums {
    fl_dec actual;         /**< sum of the matching actual entries, đồng, exact */
    fl_dec estimate;       /**< sum of the matching estimate entries, đồng, exact */
    size_t actual_count;   /**< matching actual entries */
    size_t estimate_count; /**< matching estimate entries */
} fl_filter_sums;

/** Initialises sums to zero.  Pair with fl_filter_sums_clear. */
void fl_filter_sums_init(fl_filter_sums *sums);
void fl_filter_sums_clear(fl_filter_sums *sums);

/**
 * Sums the entries of `ledger` that `filter` picks, in one pass.  Money is
 * added only within one group of sources, so the filter must name sources
 * (source=) and they must all lie in one group: otherwise
 * FL_ERR_VALIDATION ("source=CD,THU adds groups NTM and THU together; totals
 * are per group").  Unknown codes and units are FL_ERR_NOT_FOUND with a
 * suggestion when there is a near one.  err->column points into the
 * filter's text.  `out` must be initialised; it is overwritten.
 */
fl_status fl_filter_sum(fl_filter_sums *out, const fl_filter *filter, const fl_ledger *ledger,
                        fl_error *err);

/**
 * Counts the entries that `filter` picks (no money is added, so any
 * sources may be named, or none).  Errors as fl_filter_sum.
 */
fl_status fl_filter_count(size_t *out, const fl_filter *filter, const fl_ledger *ledger,
                          fl_error *err);

/* --- claims -------------------------------------------------------------------------- */

typedef struct fl_claim fl_claim;

/**
 * Parses the claim text[0..len) (without the journal's "claim" keyword);
 * numbers in the figure are read in `locale`.  Syntax only: no ledger is
 * needed, codes and units are checked by fl_claim_evaluate.  A "#" that
 * starts a word outside quotes begins a comment.  A malformed claim is
 * FL_ERR_SYNTAX (or the status of fl_amount_parse for the figure) with
 * err->column the 1-based character column within `text`: the caller adds
 * the claim's own column and sets the file and line.  *out is a new claim
 * the caller frees with fl_claim_free.
 */
fl_status fl_claim_parse(fl_claim **out, const char *text, size_t len, fl_locale locale,
                         fl_error *err);

/** Frees a claim; NULL is fine. */
void fl_claim_free(fl_claim *claim);

/** The claim's text as given (comment and surrounding spaces removed); owned by the claim. */
const char *fl_claim_text(const fl_claim *claim);
fl_claim_metric fl_claim_get_metric(const fl_claim *claim);
fl_claim_op fl_claim_get_op(const fl_claim *claim);
/** The figure as parsed (value in đồng, or the percentage number); owned by the claim. */
const fl_amount *fl_claim_figure(const fl_claim *claim);
/** The claim's filter; owned by the claim. */
const fl_filter *fl_claim_filter(const fl_claim *claim);
/** The "within" filter of a share claim, else NULL; owned by the claim. */
const fl_filter *fl_claim_within(const fl_claim *claim);

/**
 * The outcome of a claim.  All numbers are text in the canonical plain form
 * of fl_dec_to_buffer ("151463210000", "72.46"): exact decimals that JSON
 * can carry as strings.  Strings are owned by the result.
 */
typedef struct fl_claim_result {
    bool holds; /**< the claim is true of the ledger */
    const char
        *reason; /**< why it could not be evaluated ("no estimate", ...), else NULL; static */
    char *value; /**< the metric's value; NULL when `reason` is set */
    /**
     * true: `value` and `difference` are exact.  false (a percentage that
     * does not terminate): they are rounded half up to the figure's places
     * + 6, e.g. "72.46376812" for a figure "72,46 %".
     */
    bool value_exact;
    char *figure;     /**< the claim's figure (đồng, or the percentage number); always set */
    char *difference; /**< value - figure; NULL when `reason` is set */
    /** For "=": the value rounded half up to the figure's precision ("151463000000"); else NULL. */
    char *rounded;
    /** For "=": rounded - figure without trailing zeros ("0", "-1000000"), what the check
     * compares with zero; else NULL. */
    char *rounded_difference;
    /**
     * The parts of a percentage: over-estimate and of-estimate give the
     * actual and estimate sums, share the total and the within total; NULL
     * for other metrics.
     */
    char *numerator;
    char *denominator;
    size_t entries; /**< entries the claim's filter picked (of the kinds the metric uses) */
    /** The claim's metric: says whether the numbers are đồng, percentages or a count. */
    fl_claim_metric metric;
} fl_claim_result;

/** Initialises a result (nothing set).  Pair with fl_claim_result_clear. */
void fl_claim_result_init(fl_claim_result *result);
/** Frees the result's strings and resets it to the initial state. */
void fl_claim_result_clear(fl_claim_result *result);

/**
 * Evaluates a parsed claim against a ledger: resolves its source codes
 * (fl_source_tree_resolve) and unit names (fl_ledger_find_unit), sums the
 * matching entries in one pass and compares.  Returns FL_OK when the claim
 * was evaluated, whether it holds or not; a claim that cannot be evaluated
 * because its denominator is zero is FL_OK with holds = false and `reason`
 * set ("no estimate", "the within total is zero"), whatever the operator.  Unknown codes or units
 * (FL_ERR_NOT_FOUND) and sources from two groups (FL_ERR_VALIDATION) are
 * errors whose err->column points into the claim's text.  `out` must be
 * initialised; its previous contents are cleared.
 */
fl_status fl_claim_evaluate(fl_claim_result *out, const fl_claim *claim, const fl_ledger *ledger,
                            fl_error *err);

/**
 * Parses and evaluates the ledger's claim line `index` (fl_ledger_claim_line)
 * in its own locale.  Errors carry the input's path, the line and the column
 * on that line (the claim's column added).
 */
fl_status fl_claim_check(fl_claim_result *out, const fl_ledger *ledger, size_t index,
                         fl_error *err);

#ifdef __cplusplus
}
#endif

#endif
