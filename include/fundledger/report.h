/*
 * fundledger/report.h - exact totals of a ledger: by the source tree with
 * every subtotal, by unit, by month, estimate against actual, shares; and
 * their rendering as a text table, CSV or a JSON summary.
 *
 * fl_report_new makes one pass over the ledger's entries and keeps, exactly:
 *
 *  - per source code and kind (actual / estimate): the amounts posted to the
 *    code itself ("own") and its total (own + every descendant).  A parent
 *    therefore always equals the sum of its children plus its own postings;
 *    own postings on a code that has children are money "posted directly to
 *    the parent", not allocated to any child, which the parent-sum audit
 *    rule flags (fl_report_source_unallocated).
 *  - per group (NTM, THU) and kind: the sum of the group's top-level codes.
 *    The groups are never added together.
 *  - per unit x top-level code and kind: the unit matrix.  Row totals are
 *    per unit and group; column totals are the top-level codes' totals.
 *  - per month (yyyymm) x group and kind.
 *
 * Shares: each top-level code's actual total as a percentage of its group's
 * actual total, rounded to opts->percent_places by the largest remainder
 * method (fl_shares_largest_remainder) so that the shares shown add up to
 * exactly 100.  A group has no shares when it has no entries, when its
 * actual total is 0, or when a top-level code's actual total is negative
 * (reversals exceeding the postings): a share of a whole with negative
 * parts means nothing, so none is shown and the report says why
 * (fl_report_group_shares).
 *
 * Percentages against the estimate ("đạt % dự toán" = actual / estimate x
 * 100, "vượt % dự toán" = (actual / estimate - 1) x 100) are computed from
 * the exact rational and rounded once.
 *
 * Scale and places given to the renderers change only how figures are
 * shown, never the figures.
 *
 * Ownership: fl_report_new gives a report the caller frees with
 * fl_report_free.  The report reads the ledger while it lives, so the ledger
 * must outlive it.  Every pointer an accessor returns (fl_dec_srcptr) belongs
 * to the report and lives until fl_report_free.  fl_report_to_json gives a
 * string the caller frees with free().
 */
#ifndef FUNDLEDGER_REPORT_H
#define FUNDLEDGER_REPORT_H

#include <stdio.h>

#include "amount.h"
#include "common.h"
#include "decimal.h"
#include "ledger.h"
#include "source.h"

#ifdef __cplusplus
extern "C" {
#endif

/* --- shares ---------------------------------------------------------------------------- */

/**
 * Percentage shares of n non-negative parts that add up to exactly 100, to
 * `places` decimal places (0 <= places <= FL_DEC_MAX_PARSE_DIGITS), by the
 * largest remainder (Hamilton) method: each share is first the exact share
 * floored to `places`; then the units of the last place still missing from
 * 100 go, one each, to the parts with the largest remainders; equal
 * remainders go to the earlier part (callers pass parts in tree order).  A
 * part whose share is exact never gets a unit, so a 0 part gets 0.
 *
 * out_shares[0..n) must be initialised; each gets exponent -places
 * ("35.29").  FL_ERR_INVALID_ARGUMENT for a negative part or bad places,
 * FL_ERR_DIVISION_BY_ZERO when the parts add up to 0 (out_shares untouched
 * on any error).  n = 0 is FL_OK and writes nothing.
 */
fl_status fl_shares_largest_remainder(fl_dec *out_shares, const fl_dec *parts, size_t n,
                                      long places);

/**
 * The percentages of an estimate that an actual figure reaches:
 * achieved = actual / estimate x 100 ("đạt % dự toán") and
 * over = (actual / estimate - 1) x 100 ("vượt % dự toán"), each from the
 * exact rational, rounded once to `places` with `mode`.  Either output may
 * be NULL.  FL_ERR_DIVISION_BY_ZERO when the estimate is 0.
 */
fl_status fl_percent_of_estimate(fl_dec achieved, fl_dec over, const fl_dec actual,
                                 const fl_dec estimate, long places, fl_rounding mode);

/* --- building a report ----------------------------------------------------------------- */

typedef struct fl_report fl_report;

typedef struct fl_report_options {
    /** Places of shares and of percentages against the estimate (default 2). */
    long percent_places;
    /** Rounding of percentages against the estimate (default half up); shares use largest
     * remainder. */
    fl_rounding percent_rounding;
} fl_report_options;

#define FL_REPORT_OPTIONS_INIT                                                                     \
    {                                                                                              \
        2L, FL_ROUND_HALF_UP                                                                       \
    }

/**
 * Computes every total of `ledger` (see above) in one pass over its
 * entries.  opts may be NULL (defaults).  *out is a new report the caller
 * frees with fl_report_free; the ledger must outlive it.  Errors:
 * FL_ERR_NOMEM, FL_ERR_INVALID_ARGUMENT (bad options), FL_ERR_RANGE (an
 * amount whose exponent the decimal module refuses), each with err filled.
 */
fl_status fl_report_new(fl_report **out, const fl_ledger *ledger, const fl_report_options *opts,
                        fl_error *err);

/** Frees a report; NULL is fine. */
void fl_report_free(fl_report *report);

/** The ledger the report was made from. */
const fl_ledger *fl_report_get_ledger(const fl_report *report);
/** The options the report was made with. */
const fl_report_options *fl_report_get_options(const fl_report *report);

/* --- by source --------------------------------------------------------------------------- */

/*
 * `source` is an index of the ledger's source tree (fl_ledger_sources); the
 * report covers every code of the tree, with zeros where there are no
 * entries.  A kind is FL_KIND_ACTUAL or FL_KIND_ESTIMATE.
 */

/** The code's total: its own postings plus all its descendants'. */
fl_dec_srcptr fl_report_source_total(const fl_report *report, size_t source, fl_entry_kind kind);
/** The amounts posted to the code itself (not to a descendant). */
fl_dec_srcptr fl_report_source_own(const fl_report *report, size_t source, fl_entry_kind kind);
/** Entries posted to the code or a descendant, of either kind. */
size_t fl_report_source_entries(const fl_report *report, size_t source);
/** Whether any entry is posted to the code or a descendant. */
bool fl_report_source_has_entries(const fl_report *report, size_t source);
/** Whether any estimate entry is posted to the code or a descendant. */
bool fl_report_source_has_estimate(const fl_report *report, size_t source);
/**
 * Whether entries are posted directly to a code that has children: its own
 * postings are then money not allocated to any child, which the parent-sum
 * rule flags.  Their amounts are fl_report_source_own.
 */
bool fl_report_source_unallocated(const fl_report *report, size_t source);
/**
 * The share (percent, exponent -percent_places) of a top-level code in its
 * group's actual total, or NULL when the code is not top-level, has no
 * entries, or its group has no shares (fl_report_group_shares).
 */
fl_dec_srcptr fl_report_source_share(const fl_report *report, size_t source);
/**
 * The code's actual against its estimate (fl_percent_of_estimate with the
 * report's percent places and rounding).  FL_ERR_DIVISION_BY_ZERO when the
 * estimate total is 0.
 */
fl_status fl_report_source_percent(fl_dec achieved, fl_dec over, const fl_report *report,
                                   size_t source);

/** Top-level codes (the tree's roots) in tree order, over both groups. */
size_t fl_report_top_count(const fl_report *report);
/** The source index of the i-th top-level code. */
size_t fl_report_top_source(const fl_report *report, size_t i);

/* --- by group ---------------------------------------------------------------------------- */

/*
 * `group` is a group index of the ledger's source tree (FL_SOURCE_GROUP_NTM,
 * FL_SOURCE_GROUP_THU, then declared groups): 0 .. fl_report_group_count - 1.
 */

/** Number of groups of the source tree (the report covers them all). */
size_t fl_report_group_count(const fl_report *report);

/** Why a group has or has no shares. */
typedef enum fl_report_shares {
    FL_SHARES_COMPUTED = 0, /**< shares were computed and add up to 100 */
    FL_SHARES_NO_ENTRIES,   /**< the group has no entries */
    FL_SHARES_ZERO_TOTAL,   /**< the group's actual total is 0 */
    FL_SHARES_NEGATIVE_PART /**< a top-level code's actual total is negative */
} fl_report_shares;

/** Sum of the group's top-level codes. */
fl_dec_srcptr fl_report_group_total(const fl_report *report, int group, fl_entry_kind kind);
/** Whether the group has any entry. */
bool fl_report_group_has_entries(const fl_report *report, int group);
/** Whether the group has any estimate entry. */
bool fl_report_group_has_estimate(const fl_report *report, int group);
/** Whether shares were computed for the group, and why not. */
fl_report_shares fl_report_group_shares(const fl_report *report, int group);
/** The group's actual against its estimate, as fl_report_source_percent. */
fl_status fl_report_group_percent(fl_dec achieved, fl_dec over, const fl_report *report, int group);

/* --- by unit ----------------------------------------------------------------------------- */

/** `unit` is an index of the ledger's units (fl_ledger_unit_name); `top` of fl_report_top_source.
 */

/** The unit's total in one top-level code (a cell of the unit matrix). */
fl_dec_srcptr fl_report_unit_cell(const fl_report *report, size_t unit, size_t top,
                                  fl_entry_kind kind);
/** The unit's total over one group (a row total). */
fl_dec_srcptr fl_report_unit_total(const fl_report *report, size_t unit, int group,
                                   fl_entry_kind kind);
/** Whether the unit has entries in the group. */
bool fl_report_unit_has_entries(const fl_report *report, size_t unit, int group);

/* --- by month ---------------------------------------------------------------------------- */

/** Months that have entries, ascending. */
size_t fl_report_month_count(const fl_report *report);
/** The i-th month as yyyymm (201803). */
int32_t fl_report_month(const fl_report *report, size_t i);
/** The month's total in a group. */
fl_dec_srcptr fl_report_month_total(const fl_report *report, size_t i, int group,
                                    fl_entry_kind kind);
/** Whether the month has entries in the group. */
bool fl_report_month_has_entries(const fl_report *report, size_t i, int group);

/* --- rendering --------------------------------------------------------------------------- */

/** What a rendered table is about. */
typedef enum fl_report_by {
    FL_REPORT_BY_SOURCE = 0, /**< the source tree with subtotals, shares and each group's total */
    FL_REPORT_BY_UNIT,  /**< unit x top-level code matrix per group, with row and column totals */
    FL_REPORT_BY_MONTH, /**< month x group */
    FL_REPORT_BY_KIND   /**< estimate against actual for every line with an estimate */
} fl_report_by;

/** "source", "unit", "month", "kind"; static storage. */
const char *fl_report_by_name(fl_report_by by);
/** Looks up the names above; FL_ERR_SYNTAX otherwise. */
fl_status fl_report_by_from_name(fl_report_by *out, const char *name);

typedef struct fl_report_render_options {
    fl_report_by by;  /**< which table (default by source) */
    fl_scale scale;   /**< unit amounts are shown in (default đồng) */
    long places;      /**< places of amounts; -1 = exact, as many as the value needs (default) */
    fl_locale locale; /**< labels and number format of text output (default vi) */
} fl_report_render_options;

#define FL_REPORT_RENDER_OPTIONS_INIT                                                              \
    {                                                                                              \
        FL_REPORT_BY_SOURCE, FL_SCALE_DONG, -1L, FL_LOCALE_VI                                      \
    }

/**
 * Writes the table chosen by o->by for people: a title line (what, the
 * period, how many inputs), the unit line ("Đơn vị tính: triệu đồng" /
 * "Unit: million VND"), then one table per group with entries, in
 * Vietnamese labels and number format (English with FL_LOCALE_EN).  Columns
 * are aligned by display width (characters), not bytes.  Notes under a
 * table state the share rule, why a group has no shares, and the codes with
 * amounts posted directly to a parent.  o may be NULL (defaults).
 * FL_ERR_IO when writing fails.
 */
fl_status fl_report_write_text(const fl_report *report, FILE *out,
                               const fl_report_render_options *o);

/**
 * Writes the table chosen by o->by as CSV for spreadsheets and scripts
 * (RFC 4180, "," separated, UTF-8 without BOM, "\n" line ends): a header row
 * of fixed English column names, then one row per line item.  Amounts are
 * in the canonical plain form ("151463000000", "." decimal mark, no
 * grouping), in o->scale and o->places; labels follow o->locale.  An empty
 * key column in a row means "all": the total over that key.  Columns:
 *
 *   source: group,code,parent,depth,label,actual,estimate,share,
 *           unallocated_actual,unallocated_estimate
 *           (code "" = the group total; share only for top-level codes;
 *            unallocated_* only for codes with children)
 *   unit:   group,unit,code,actual,estimate
 *           (code = a top-level code, "" = the unit's total over the group;
 *            unit "" = the column total over all units)
 *   month:  group,month,actual,estimate   (month "YYYY-MM", "" = total)
 *   kind:   group,code,label,actual,estimate,percent_of_estimate,
 *           percent_over_estimate   (lines with an estimate; code "" = the group)
 */
fl_status fl_report_write_csv(const fl_report *report, FILE *out,
                              const fl_report_render_options *o);

/** The outcome of one claim, as the claims module computed it, for the JSON summary. */
typedef struct fl_report_claim {
    const char *file;   /**< the file the claim was read from, or NULL */
    unsigned long line; /**< its line there (0 = unknown) */
    const char *text;   /**< the claim as written */
    bool holds;         /**< whether it holds */
    const char *value;  /**< the computed value in canonical plain form, or NULL */
} fl_report_claim;

/**
 * The JSON summary, schema "fundledger.summary/1".  Later versions add
 * fields but never rename or remove these.  Keys appear in this order:
 *
 *   "schema": "fundledger.summary/1", "currency": "VND",
 *   "totals": {"NTM": {"actual", "estimate"}, "THU": {...}}
 *       (one object per group that has entries, in group order),
 *   "by_source": [{"code", "label", "actual", "estimate", "share", "group",
 *                  "percent_of_estimate", "percent_over_estimate",
 *                  "unallocated"}...]
 *       (every code that has entries, in tree order, totals including
 *        descendants; "label" is the Vietnamese label; "share" is a string
 *        for top-level codes when their group has shares, else null;
 *        the two percentages are strings when the code's estimate total is
 *        not 0, else null; "unallocated": {"actual", "estimate"} appears
 *        only on a code with children that has amounts posted directly to
 *        it, and gives those amounts),
 *   "by_unit": [{"unit", "group", "actual", "estimate"}...]
 *       (one object per unit and group the unit has entries in: a unit's
 *        NTM and THU figures are never added; units in ledger order, and
 *        groups in group order within a unit),
 *   "by_month": [{"month": "YYYY-MM", "group", "actual", "estimate"}...]
 *       (one object per month and group with entries, months ascending;
 *        "month" is null for entries without a date),
 *   "claims": [{"file", "line", "text", "holds", "value"}...]
 *       (from `claims`, in order; "line" is a JSON number, the only one;
 *        "file", "line" and "value" are null when unknown).
 *
 * Every amount (đồng) and every percentage is a JSON string in canonical
 * plain form ("151463000000", "35.29"), never a JSON number; a code with no
 * estimate has "estimate": "0".  *out is a new NUL-terminated string
 * (formatted, ending in a newline) the caller frees with free().
 */
fl_status fl_report_to_json(char **out, const fl_report *report, const fl_report_claim *claims,
                            size_t claim_count);

#ifdef __cplusplus
}
#endif

#endif
