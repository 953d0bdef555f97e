/*
 * export_xlsx.h - what the workbook's writers share: the workbook, its
 * formats, the helpers that write one exact cell, a SUM with its cached
 * value or a ratio, and the notes the Checks sheet lists.  Private.
 *
 * Every sheet is written strictly row by row, top to bottom, so the same
 * code works in libxlsxwriter's constant-memory mode (used for large
 * ledgers), where a row is flushed to disk once the next one is begun.
 */
#ifndef FL_LIB_EXPORT_XLSX_H
#define FL_LIB_EXPORT_XLSX_H

#include <xlsxwriter.h>

#include "atomic_file.h"
#include "fundledger/export.h"
#include "fundledger/rollup.h"

/* Rows every sheet starts with: title, subtitle, "Đơn vị tính", blank, the table header. */
#define XL_TITLE_ROW 0
#define XL_SUBTITLE_ROW 1
#define XL_UNIT_ROW 2
#define XL_HEADER_ROW 4
#define XL_FIRST_ROW 5
#define XL_MAX_COLS 32
#define XL_MONEY_PLACES_MAX 15

typedef struct xl_sheet {
    lxw_worksheet *ws;
    const char *name;
    double widths[XL_MAX_COLS]; /* widest content seen per column, in characters */
} xl_sheet;

typedef struct xl_ctx {
    lxw_workbook *wb;
    const fl_report *report;
    const fl_ledger *ledger;
    const fl_audit *audit;
    const fl_rollup *rollup; /* the province workbook's (rollup_xlsx.c); NULL in export's */
    fl_export_options opts;
    bool vi;
    /* formats */
    lxw_format *title, *subtitle, *header, *text, *bold_text, *marked_text, *percent, *bold_percent,
        *integer, *date;
    lxw_format *label[FL_SOURCE_DEPTH_MAX + 1];
    lxw_format *money[XL_MONEY_PLACES_MAX + 1][2]; /* [places][bold], at the export's scale */
    lxw_format *plain[XL_MONEY_PLACES_MAX + 1];    /* numbers in đồng or units, not scaled */
    /* Tổng hợp: the row of each source and of each group's total (for other sheets' links) */
    lxw_row_t *source_row; /* 0 = not shown */
    bool *source_text;     /* the actual or estimate cell of that row holds text, not a number */
    lxw_row_t group_row[FL_SOURCE_GROUP_COUNT_MAX];
    const char *summary_name;
    /* The line under every title; NULL: the ledger's period, files and entries. */
    const char *subtitle_text;
    /* the Checks sheet's notes: "Sheet!C12: why" */
    char **notes;
    size_t note_count, note_capacity;
    size_t note_total; /* notes made, listed or not (see XL_NOTES_LISTED) */
    fl_status status;  /* first failure (FL_ERR_NOMEM, FL_ERR_IO) */
    fl_error *err;
} xl_ctx;

/** The label in the export's language (a macro so format strings stay literals). */
#define XL_T(x, vi_text, en_text) ((x)->vi ? (vi_text) : (en_text))
/** Notes listed on the Checks sheet; past these only their number is given. */
#define XL_NOTES_LISTED 1000

/** Records a note for the Checks sheet (printf-style); past XL_NOTES_LISTED only counts it. */
void xl_note(xl_ctx *x, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/** The line saying how many notes were not listed (none when all were), at *row. */
void xl_notes_unlisted(xl_ctx *x, xl_sheet *s, lxw_row_t *row, lxw_col_t col);
/** Records a libxlsxwriter failure (the first one is kept). */
void xl_check(xl_ctx *x, lxw_error e, const char *what);
/** Records the first failure of the workbook (status and message); later ones are ignored. */
void xl_fail(xl_ctx *x, fl_status st, const char *what);

/** A new sheet with the title lines, the print setup and the header row of `headers`. */
fl_status xl_sheet_begin(xl_ctx *x, xl_sheet *s, const char *name, const char *title,
                         const char *const *headers, size_t header_count);
/** Sets the column widths from what was written. */
void xl_sheet_end(xl_ctx *x, xl_sheet *s);

/** Text (cut at FL_EXPORT_EXCEL_MAX_TEXT characters with a note); never a formula. */
void xl_text(xl_ctx *x, xl_sheet *s, lxw_row_t row, lxw_col_t col, const char *text, lxw_format *f);
/** An integer count (row numbers, entries). */
void xl_count(xl_ctx *x, xl_sheet *s, lxw_row_t row, lxw_col_t col, size_t n);
/**
 * An amount: a number when fl_export_exact_double proves it exact, else the
 * exact decimal as marked text with a note.  scaled: money in the export's
 * scale (else plain đồng or a quantity).  Returns whether it is a number.
 */
bool xl_amount(xl_ctx *x, xl_sheet *s, lxw_row_t row, lxw_col_t col, const fl_dec v, bool bold,
               bool scaled);
/**
 * A total: "=SUM(cells)" with total as its cached value when every part is
 * a number and adding them as doubles is exact; else the value alone (or
 * text) with a note.  Parts are cells of column `col` at rows[0..n);
 * values[i] is what each holds.  Returns whether the cell is a number.
 */
bool xl_sum(xl_ctx *x, xl_sheet *s, lxw_row_t row, lxw_col_t col, const fl_dec total,
            const lxw_row_t *rows, fl_dec_srcptr const *values, size_t n, bool bold);
/** As xl_sum over the cells of row `row`, columns cols[0..n). */
bool xl_sum_row(xl_ctx *x, xl_sheet *s, lxw_row_t row, lxw_col_t col, const fl_dec total,
                const lxw_col_t *cols, fl_dec_srcptr const *values, size_t n, bool bold);
/**
 * A percentage "=num/den" (minus_one: "=num/den-1"), shown as 0.00%, when
 * both cells hold exact numbers and den is not 0; else nothing.  The cached
 * value is the double division a spreadsheet does.
 */
void xl_ratio(xl_ctx *x, xl_sheet *s, lxw_row_t row, lxw_col_t col, const char *num_cell,
              const char *den_cell, const fl_dec num, const fl_dec den, bool minus_one, bool bold);
/** A link "=cell" (cell may name another sheet) showing value; text when value is not exact. */
bool xl_link(xl_ctx *x, xl_sheet *s, lxw_row_t row, lxw_col_t col, const char *cell,
             const fl_dec value, bool bold);

/**
 * Writes a workbook into a new temporary file beside `path` (file is then
 * ready for fl_atomic_commit or fl_atomic_commit_pair; on failure nothing
 * is left).  x must be set up but for wb; write_sheets writes every sheet.
 * constant_memory: libxlsxwriter's constant-memory mode.
 */
fl_status xl_write_workbook(xl_ctx *x, fl_atomic_file *file, const char *path,
                            const lxw_doc_properties *props, bool constant_memory,
                            fl_status (*write_sheets)(xl_ctx *x));
/** Frees what the sheets recorded in x (notes, rows). */
void xl_free_ctx(xl_ctx *x);

/* The sheets (export_xlsx_sheets.c). */
fl_status xl_write_by_unit(xl_ctx *x);
fl_status xl_write_by_month(xl_ctx *x);
fl_status xl_write_estimate(xl_ctx *x);
fl_status xl_write_entries(xl_ctx *x);

#endif
