/*
 * fundledger/export.h - what a district hands to the province: the Excel
 * workbook (sheets Summary, By unit, By month, Estimate vs actual, Entries,
 * Checks) and the machine-readable JSON summary "fundledger.summary/1".
 *
 * Both are made from a report and the audit of the same ledger, and are
 * written safely: to a temporary file in the destination's folder, flushed
 * to disk, then renamed over the destination.  When anything fails the old
 * file is untouched, the temporary file is removed, and the error (status
 * FL_ERR_IO) names the file and what failed ("No space left on device").
 *
 * The JSON summary is fl_report_to_json's document with, in this key order:
 * "schema", "currency", "generator" {"name", "version"}, "inputs"
 * [{"path", "entries", "sha256"}], "period" {"from", "to"} (YYYY-MM-DD or
 * null), "units" [{"name", "code", "kind"}], then "totals", "by_source",
 * "by_unit", "by_month", "claims" as documented in report.h, then "rules"
 * [{"name", "state", "findings": [...]}].  "entries" is a JSON number (a
 * count); every amount and percentage is a string.  docs/summary.schema.json
 * is its JSON Schema and docs/export.md describes both outputs.
 *
 * Workbook exactness: a money cell is numeric only when the double is
 * exactly the decimal and has at most 15 significant digits (what a
 * spreadsheet shows); otherwise the cell holds the exact decimal as text,
 * marked, and the Checks sheet lists the cell and why.  Totals are SUM
 * formulas over the cells they total, written with their exact cached
 * values.  --scale changes only the number format.
 *
 * Ownership: the caller owns report and audit; fl_export_json's string is
 * freed with free().
 */
#ifndef FUNDLEDGER_EXPORT_H
#define FUNDLEDGER_EXPORT_H

#include "audit.h"
#include "common.h"
#include "report.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Rows of one worksheet in Excel (the Entries sheet continues on another sheet beyond it). */
#define FL_EXPORT_EXCEL_MAX_ROWS 1048576u
/** Characters in one cell; longer text is cut and the Checks sheet says so. */
#define FL_EXPORT_EXCEL_MAX_TEXT 32767u
/** The document time used when none is given (2000-01-01T00:00:00Z), so re-runs are identical. */
#define FL_EXPORT_DEFAULT_CREATED 946684800

typedef struct fl_export_options {
    fl_locale lang; /**< labels and sheet names: Vietnamese (default) or English */
    fl_scale scale; /**< unit the money cells show (number format only; default đồng) */
    /** Document creation time, seconds since 1970 UTC (callers pass SOURCE_DATE_EPOCH). */
    int64_t created;
    /** Rows per Entries sheet, header rows included; 0: Excel's limit.  Tests lower it. */
    size_t max_rows;
    /** From this many entries on, the workbook is written in constant-memory mode; 0: 50,000. */
    size_t constant_memory_from;
} fl_export_options;

#define FL_EXPORT_OPTIONS_INIT                                                                     \
    {                                                                                              \
        FL_LOCALE_VI, FL_SCALE_DONG, FL_EXPORT_DEFAULT_CREATED, 0, 0                               \
    }

/**
 * The JSON summary of report and audit (see above): a new NUL-terminated
 * string ending in a newline, freed by the caller with free().  The audit
 * must have no unreadable claim (claims_bad = 0): FL_ERR_INVALID_ARGUMENT.
 */
fl_status fl_export_json(char **out, const fl_report *report, const fl_audit *audit, fl_error *err);

/** Writes fl_export_json's document to `path` safely (see above). */
fl_status fl_export_write_json(const char *path, const fl_report *report, const fl_audit *audit,
                               fl_error *err);

/**
 * Writes the workbook to `path` safely.  opts may be NULL (defaults).
 * FL_ERR_IO (with the file and the reason), FL_ERR_NOMEM, or
 * FL_ERR_INVALID_ARGUMENT (an unreadable claim in the audit).
 */
fl_status fl_export_write_xlsx(const char *path, const fl_report *report, const fl_audit *audit,
                               const fl_export_options *opts, fl_error *err);

/**
 * Writes the workbook to xlsx_path and the JSON summary to json_path (either
 * may be NULL) as a pair: both are written to temporary files first, then
 * renamed into place; if the second rename fails the first file is put back
 * as it was, so either both are new or both are old.  Errors as
 * fl_export_write_xlsx.
 */
fl_status fl_export_write(const char *xlsx_path, const char *json_path, const fl_report *report,
                          const fl_audit *audit, const fl_export_options *opts, fl_error *err);

/**
 * Converts an exact decimal to the double a spreadsheet cell holds, only
 * when that is exact: at most 15 significant digits and exactly
 * representable in binary (1.5 yes, 0.1 no, 2^53 + 1 no).  Returns whether
 * it did; *out is untouched otherwise.  The one place money meets a double.
 */
bool fl_export_exact_double(double *out, const fl_dec v);

#ifdef __cplusplus
}
#endif

#endif
