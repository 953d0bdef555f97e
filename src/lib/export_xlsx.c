/*
 * export_xlsx.c - the workbook for the province (fl_export_write_xlsx,
 * fundledger/export.h): the helpers every sheet uses, the Summary sheet
 * with its chart, the Checks sheet, and the workbook around them.  The
 * other sheets are in export_xlsx_sheets.c.
 */
#include "export_xlsx.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "atomic_file.h"
#include "export_internal.h"
#include "error.h"
#include "report_internal.h"

/* 2^53: below it every integer is a double, and so is every sum of such integers. */
#define EXACT_INTEGER_LIMIT "9007199254740992"

static void fail(xl_ctx *x, fl_status st, const char *what)
{
    if (x->status != FL_OK)
        return;
    x->status = st;
    fl_error_set(x->err, st, "%s", what);
}

void xl_fail(xl_ctx *x, fl_status st, const char *what)
{
    fail(x, st, what);
}

void xl_check(xl_ctx *x, lxw_error e, const char *what)
{
    char message[256];

    if (e == LXW_NO_ERROR || x->status != FL_OK)
        return;
    snprintf(message, sizeof message, "%s: %s", what, lxw_strerror(e));
    fail(x, e == LXW_ERROR_MEMORY_MALLOC_FAILED ? FL_ERR_NOMEM : FL_ERR_IO, message);
}

void xl_note(xl_ctx *x, const char *fmt, ...)
{
    va_list ap;
    char buf[1024];
    size_t n;

    /* Past the first XL_NOTES_LISTED only the count is kept: the cells themselves are marked,
     * and a list of 100,000 lines (a ledger whose amounts have thousandths) helps nobody. */
    if (x->note_total++ >= XL_NOTES_LISTED)
        return;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (x->note_count == x->note_capacity) {
        size_t cap = x->note_capacity ? x->note_capacity * 2 : 16;
        char **grown = realloc(x->notes, cap * sizeof *grown);
        if (!grown) {
            fail(x, FL_ERR_NOMEM, "out of memory");
            return;
        }
        x->notes = grown;
        x->note_capacity = cap;
    }
    n = strlen(buf) + 1;
    x->notes[x->note_count] = malloc(n);
    if (!x->notes[x->note_count]) {
        fail(x, FL_ERR_NOMEM, "out of memory");
        return;
    }
    memcpy(x->notes[x->note_count++], buf, n);
}

void xl_notes_unlisted(xl_ctx *x, xl_sheet *s, lxw_row_t *row, lxw_col_t col)
{
    char more[256];

    if (x->note_total <= x->note_count)
        return;
    snprintf(more, sizeof more,
             XL_T(x,
                  "… và %zu ghi chú khác cùng loại (chỉ liệt kê %zu ghi chú đầu; mọi ô như "
                  "vậy đều được đánh dấu)",
                  "… and %zu more notes like these (only the first %zu are listed; every such "
                  "cell is marked)"),
             x->note_total - x->note_count, x->note_count);
    xl_text(x, s, (*row)++, col, more, x->text);
}

/* Characters (code points) of UTF-8 text. */
static size_t chars_of(const char *s)
{
    size_t n = 0;

    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            n++;
    return n;
}

static void widen(xl_sheet *s, lxw_col_t col, double chars)
{
    if (col < XL_MAX_COLS && chars > s->widths[col])
        s->widths[col] = chars;
}

/* "Sheet!C12" for notes. */
static void cell_name(char *buf, size_t size, const xl_sheet *s, lxw_row_t row, lxw_col_t col)
{
    char cell[32];

    lxw_rowcol_to_cell(cell, row, col);
    snprintf(buf, size, "%s!%s", s->name, cell);
}

fl_status xl_sheet_begin(xl_ctx *x, xl_sheet *s, const char *name, const char *title,
                         const char *const *headers, size_t header_count)
{
    fl_date first, last;
    char line[512], d1[11], d2[11];
    lxw_col_t c;

    memset(s, 0, sizeof *s);
    s->name = name;
    s->ws = workbook_add_worksheet(x->wb, name);
    if (!s->ws) {
        fail(x, FL_ERR_NOMEM, "cannot add a worksheet");
        return x->status;
    }
    worksheet_set_landscape(s->ws);
    worksheet_set_paper(s->ws, 9); /* A4 */
    worksheet_fit_to_pages(s->ws, 1, 0);
    xl_check(x, worksheet_repeat_rows(s->ws, XL_HEADER_ROW, XL_HEADER_ROW), "repeat rows");
    xl_check(x, worksheet_write_string(s->ws, XL_TITLE_ROW, 0, title, x->title), "title");
    if (x->subtitle_text) {
        snprintf(line, sizeof line, "%s", x->subtitle_text);
    } else {
        fl_ledger_period(x->ledger, &first, &last);
        fl_date_format(d1, first);
        fl_date_format(d2, last);
        snprintf(line, sizeof line,
                 XL_T(x, "Kỳ số liệu: %s – %s; %zu tệp, %zu bút toán; lập bởi fundledger %s",
                      "Period: %s – %s; %zu files, %zu entries; made by fundledger %s"),
                 first ? d1 : "-", last ? d2 : "-", fl_ledger_input_count(x->ledger),
                 fl_ledger_entry_count(x->ledger), fl_version());
    }
    xl_check(x, worksheet_write_string(s->ws, XL_SUBTITLE_ROW, 0, line, x->subtitle), "subtitle");
    snprintf(line, sizeof line, "%s: %s", XL_T(x, "Đơn vị tính", "Unit"),
             fl_scale_label(x->opts.scale, x->opts.lang));
    xl_check(x, worksheet_write_string(s->ws, XL_UNIT_ROW, 0, line, x->subtitle), "unit line");
    for (c = 0; c < header_count; c++) {
        xl_check(x, worksheet_write_string(s->ws, XL_HEADER_ROW, c, headers[c], x->header),
                 "header");
        widen(s, c, (double)chars_of(headers[c]) * 0.6 + 2);
    }
    return x->status;
}

void xl_sheet_end(xl_ctx *x, xl_sheet *s)
{
    lxw_col_t c;

    for (c = 0; c < XL_MAX_COLS; c++) {
        double w = s->widths[c];
        if (w <= 0)
            continue;
        w = w + 2 < 8 ? 8 : (w + 2 > 80 ? 80 : w + 2);
        xl_check(x, worksheet_set_column(s->ws, c, c, w, NULL), "column width");
    }
}

void xl_text(xl_ctx *x, xl_sheet *s, lxw_row_t row, lxw_col_t col, const char *text, lxw_format *f)
{
    size_t n = chars_of(text);

    if (n > FL_EXPORT_EXCEL_MAX_TEXT) {
        /* Cut at a character boundary: keep the first 32,767 characters. */
        const char *p = text;
        size_t kept = 0;
        char *cut, where[128];

        for (; *p; p++)
            if (((unsigned char)*p & 0xC0) != 0x80 && kept++ == FL_EXPORT_EXCEL_MAX_TEXT)
                break;
        cut = malloc((size_t)(p - text) + 1);
        if (!cut) {
            fail(x, FL_ERR_NOMEM, "out of memory");
            return;
        }
        memcpy(cut, text, (size_t)(p - text));
        cut[p - text] = '\0';
        xl_check(x, worksheet_write_string(s->ws, row, col, cut, f ? f : x->text), "text");
        free(cut);
        cell_name(where, sizeof where, s, row, col);
        xl_note(x,
                XL_T(x, "%s: văn bản dài %zu ký tự, bị cắt còn %u ký tự (giới hạn của Excel)",
                     "%s: text of %zu characters cut to %u (Excel's limit)"),
                where, n, FL_EXPORT_EXCEL_MAX_TEXT);
        n = FL_EXPORT_EXCEL_MAX_TEXT;
    } else {
        /* worksheet_write_string always writes a string cell: "=1+2" stays text. */
        xl_check(x, worksheet_write_string(s->ws, row, col, text, f ? f : x->text), "text");
    }
    widen(s, col, n > 60 ? 60 : (double)n);
}

void xl_count(xl_ctx *x, xl_sheet *s, lxw_row_t row, lxw_col_t col, size_t n)
{
    char digits[32];

    xl_check(x, worksheet_write_number(s->ws, row, col, (double)n, x->integer), "number");
    widen(s, col, (double)snprintf(digits, sizeof digits, "%zu", n));
}

/* The number format of an amount with `places` fraction digits at a scale. */
static lxw_format *money_format(xl_ctx *x, long places, bool bold, bool scaled)
{
    static const char *const suffix[] = {"", ",", ",,", ",,,", ",,,,"};
    lxw_format **slot;
    char code[64];
    int scale = scaled ? (int)x->opts.scale / 3 : 0;
    long shown;

    if (places > XL_MONEY_PLACES_MAX)
        places = XL_MONEY_PLACES_MAX;
    if (places < 0)
        places = 0;
    /* Scaled figures show a fixed number of places (nghìn 0, triệu 2, tỷ 3): the cell keeps đồng.
     */
    if (scaled && scale > 0) {
        shown = scale == 1 ? 0 : (scale == 2 ? 2 : 3);
        places = shown;
    }
    slot = scaled ? &x->money[places][bold] : &x->plain[places];
    if (*slot)
        return *slot;
    snprintf(code, sizeof code, "#,##0%s%.*s%s", places ? "." : "", (int)places, "000000000000000",
             suffix[scale]);
    *slot = workbook_add_format(x->wb);
    if (!*slot) {
        fail(x, FL_ERR_NOMEM, "out of memory");
        return NULL;
    }
    format_set_num_format(*slot, code);
    if (bold)
        format_set_bold(*slot);
    return *slot;
}

/* Width, in characters, that a number shows with: digits at the scale, groups, places. */
static double shown_width(const xl_ctx *x, const fl_dec v, bool scaled)
{
    size_t digits = mpz_sizeinbase(v->coefficient, 10);
    long e = v->exponent, intdigits = (long)digits + e - (scaled ? (long)x->opts.scale : 0);

    if (intdigits < 1)
        intdigits = 1;
    return (double)intdigits + (double)(intdigits - 1) / 3 + 4;
}

bool xl_amount(xl_ctx *x, xl_sheet *s, lxw_row_t row, lxw_col_t col, const fl_dec v, bool bold,
               bool scaled)
{
    double d;
    char *text, where[128];

    if (fl_export_exact_double(&d, v)) {
        xl_check(x,
                 worksheet_write_number(s->ws, row, col, d,
                                        money_format(x, fl_dec_min_places(v), bold, scaled)),
                 "number");
        widen(s, col, shown_width(x, v, scaled));
        return true;
    }
    text = fl_dec_to_string(v);
    if (!text) {
        fail(x, FL_ERR_NOMEM, "out of memory");
        return false;
    }
    xl_check(x, worksheet_write_string(s->ws, row, col, text, x->marked_text), "text");
    widen(s, col, (double)strlen(text));
    cell_name(where, sizeof where, s, row, col);
    xl_note(x,
            XL_T(x,
                 "%s: %s ghi dạng chữ: số có hơn 15 chữ số có nghĩa hoặc không biểu diễn "
                 "chính xác được trong bảng tính",
                 "%s: %s written as text: it has more than 15 significant digits or is not "
                 "exactly representable in a spreadsheet"),
            where, text);
    free(text);
    return false;
}

/* Whether adding the parts as doubles in any order gives the exact total. */
static bool sum_is_exact(const fl_dec total, fl_dec_srcptr const *values, size_t n)
{
    fl_dec abs_sum, a, limit;
    double d;
    size_t i;
    bool ok = fl_export_exact_double(&d, total);

    fl_dec_init(abs_sum);
    fl_dec_init(a);
    fl_dec_init(limit);
    fl_dec_set_str(limit, EXACT_INTEGER_LIMIT, strlen(EXACT_INTEGER_LIMIT), NULL);
    for (i = 0; i < n && ok; i++) {
        /* Integers below 2^53 whose absolute values add up below 2^53: every partial sum is
         * exact. */
        ok = fl_dec_is_integer(values[i]) && fl_export_exact_double(&d, values[i]);
        fl_dec_abs(a, values[i]);
        ok = ok && fl_dec_add(abs_sum, abs_sum, a) == FL_OK && fl_dec_cmp(abs_sum, limit) < 0;
    }
    fl_dec_clear(abs_sum);
    fl_dec_clear(a);
    fl_dec_clear(limit);
    return ok;
}

/* Writes "=SUM(refs)" with the total cached, or falls back to the value with a note. */
static bool put_sum_formula(xl_ctx *x, xl_sheet *s, lxw_row_t row, lxw_col_t col,
                            const fl_dec total, const char *formula, bool parts_ok, size_t n,
                            bool bold)
{
    double d;
    char where[128];

    if (parts_ok && n <= 255 && strlen(formula) < 8000 && fl_export_exact_double(&d, total)) {
        xl_check(x,
                 worksheet_write_formula_num(s->ws, row, col, formula,
                                             money_format(x, fl_dec_min_places(total), bold, true),
                                             d),
                 "formula");
        widen(s, col, shown_width(x, total, true));
        return true;
    }
    if (!xl_amount(x, s, row, col, total, bold, true))
        return false;
    cell_name(where, sizeof where, s, row, col);
    xl_note(x,
            XL_T(x,
                 "%s: tổng ghi bằng giá trị, không bằng công thức SUM: các số hạng không cộng "
                 "chính xác được trong bảng tính",
                 "%s: the total is written as a value, not a SUM formula: its parts cannot be "
                 "added exactly in a spreadsheet"),
            where);
    return true;
}

/* Appends "C5" or "C5:C9" runs of consecutive rows to buf. */
static void append_ref(char *buf, size_t size, size_t *len, const char *ref)
{
    size_t n = strlen(ref);

    if (*len + n + 2 < size) {
        if (*len > 5)
            buf[(*len)++] = ',';
        memcpy(buf + *len, ref, n);
        *len += n;
        buf[*len] = '\0';
    } else {
        *len = size; /* too long: the caller sees strlen >= 8000 */
    }
}

bool xl_sum(xl_ctx *x, xl_sheet *s, lxw_row_t row, lxw_col_t col, const fl_dec total,
            const lxw_row_t *rows, fl_dec_srcptr const *values, size_t n, bool bold)
{
    char formula[8192] = "=SUM(", a[32], b[32], ref[72];
    size_t len = 5, i = 0, runs = 0;

    while (i < n && len < sizeof formula) {
        size_t j = i;
        while (j + 1 < n && rows[j + 1] == rows[j] + 1)
            j++;
        lxw_rowcol_to_cell(a, rows[i], col);
        lxw_rowcol_to_cell(b, rows[j], col);
        snprintf(ref, sizeof ref, i == j ? "%s" : "%s:%s", a, b);
        append_ref(formula, sizeof formula, &len, ref);
        runs++;
        i = j + 1;
    }
    if (len + 2 < sizeof formula) {
        formula[len++] = ')';
        formula[len] = '\0';
    }
    return put_sum_formula(x, s, row, col, total, n ? formula : "=0",
                           n > 0 && sum_is_exact(total, values, n), runs, bold);
}

bool xl_sum_row(xl_ctx *x, xl_sheet *s, lxw_row_t row, lxw_col_t col, const fl_dec total,
                const lxw_col_t *cols, fl_dec_srcptr const *values, size_t n, bool bold)
{
    char formula[8192] = "=SUM(", a[32], b[32], ref[72];
    size_t len = 5, i = 0, runs = 0;

    while (i < n && len < sizeof formula) {
        size_t j = i;
        while (j + 1 < n && cols[j + 1] == cols[j] + 1)
            j++;
        lxw_rowcol_to_cell(a, row, cols[i]);
        lxw_rowcol_to_cell(b, row, cols[j]);
        snprintf(ref, sizeof ref, i == j ? "%s" : "%s:%s", a, b);
        append_ref(formula, sizeof formula, &len, ref);
        runs++;
        i = j + 1;
    }
    if (len + 2 < sizeof formula) {
        formula[len++] = ')';
        formula[len] = '\0';
    }
    return put_sum_formula(x, s, row, col, total, n ? formula : "=0",
                           n > 0 && sum_is_exact(total, values, n), runs, bold);
}

void xl_ratio(xl_ctx *x, xl_sheet *s, lxw_row_t row, lxw_col_t col, const char *num_cell,
              const char *den_cell, const fl_dec num, const fl_dec den, bool minus_one, bool bold)
{
    double n, d;
    char formula[160];

    if (fl_dec_is_zero(den) || !fl_export_exact_double(&n, num) || !fl_export_exact_double(&d, den))
        return;
    snprintf(formula, sizeof formula, "=%s/%s%s", num_cell, den_cell, minus_one ? "-1" : "");
    /* The same IEEE operations the spreadsheet does, so the cached value is what it computes. */
    xl_check(x,
             worksheet_write_formula_num(s->ws, row, col, formula,
                                         bold ? x->bold_percent : x->percent,
                                         minus_one ? n / d - 1.0 : n / d),
             "formula");
    widen(s, col, 9);
}

bool xl_link(xl_ctx *x, xl_sheet *s, lxw_row_t row, lxw_col_t col, const char *cell,
             const fl_dec value, bool bold)
{
    double d;
    char formula[160];

    if (!fl_export_exact_double(&d, value))
        return xl_amount(x, s, row, col, value, bold, true);
    snprintf(formula, sizeof formula, "=%s", cell);
    xl_check(x,
             worksheet_write_formula_num(s->ws, row, col, formula,
                                         money_format(x, fl_dec_min_places(value), bold, true), d),
             "formula");
    widen(s, col, shown_width(x, value, true));
    return true;
}

/* --- formats ------------------------------------------------------------------------------- */

static lxw_format *new_format(xl_ctx *x)
{
    lxw_format *f = workbook_add_format(x->wb);

    if (!f)
        fail(x, FL_ERR_NOMEM, "out of memory");
    return f;
}

static fl_status make_formats(xl_ctx *x)
{
    int i;

    if (!(x->title = new_format(x)) || !(x->subtitle = new_format(x)) ||
        !(x->header = new_format(x)) || !(x->text = new_format(x)) ||
        !(x->bold_text = new_format(x)) || !(x->marked_text = new_format(x)) ||
        !(x->percent = new_format(x)) || !(x->bold_percent = new_format(x)) ||
        !(x->integer = new_format(x)) || !(x->date = new_format(x)))
        return x->status;
    format_set_bold(x->title);
    format_set_font_size(x->title, 14);
    format_set_italic(x->subtitle);
    format_set_bold(x->header);
    format_set_text_wrap(x->header);
    format_set_align(x->header, LXW_ALIGN_CENTER);
    format_set_align(x->header, LXW_ALIGN_VERTICAL_CENTER);
    format_set_border(x->header, LXW_BORDER_THIN);
    format_set_bg_color(x->header, 0xDDEBF7);
    format_set_num_format(x->text, "@");
    format_set_num_format(x->bold_text, "@");
    format_set_bold(x->bold_text);
    /* An amount a spreadsheet cannot hold exactly: its exact text, right-aligned, marked. */
    format_set_num_format(x->marked_text, "@");
    format_set_italic(x->marked_text);
    format_set_align(x->marked_text, LXW_ALIGN_RIGHT);
    format_set_bg_color(x->marked_text, 0xFFF2CC);
    format_set_num_format(x->percent, "0.00%");
    format_set_num_format(x->bold_percent, "0.00%");
    format_set_bold(x->bold_percent);
    format_set_num_format(x->integer, "0");
    format_set_num_format(x->date, x->vi ? "dd/mm/yyyy" : "yyyy-mm-dd");
    for (i = 0; i <= FL_SOURCE_DEPTH_MAX; i++) {
        if (!(x->label[i] = new_format(x)))
            return x->status;
        format_set_num_format(x->label[i], "@");
        format_set_indent(x->label[i], (uint8_t)(i * 2));
        if (i == 0)
            format_set_bold(x->label[i]);
    }
    return x->status;
}

/* --- Tổng hợp: headlines, the source tree with subtotals and shares, a chart ---------------- */

typedef struct summary_layout {
    int *order;          /* sources shown, in tree order */
    size_t count;        /* of order */
    lxw_row_t *own_row;  /* row of "posted to the parent itself", 0 = none */
    lxw_row_t headline;  /* first headline row */
    lxw_row_t chart_row; /* first row of the chart's data block */
} summary_layout;

/* The rows of a source's shown children (and of its own-postings row). */
static size_t child_rows(const xl_ctx *x, const summary_layout *L, size_t source, lxw_row_t *rows,
                         fl_dec_srcptr *values, fl_entry_kind kind)
{
    const fl_source_tree *tree = fl_ledger_sources(x->ledger);
    size_t n = 0;
    int c;

    if (L->own_row[source]) {
        rows[n] = L->own_row[source];
        values[n++] = fl_report_source_own(x->report, source, kind);
    }
    for (c = fl_source_tree_first_child(tree, (int)source); c >= 0;
         c = fl_source_tree_next_sibling(tree, c))
        if (x->source_row[c]) {
            rows[n] = x->source_row[c];
            values[n++] = fl_report_source_total(x->report, (size_t)c, kind);
        }
    return n;
}

static fl_status write_summary(xl_ctx *x)
{
    const fl_source_tree *tree = fl_ledger_sources(x->ledger);
    size_t sources = fl_source_tree_count(tree), groups = fl_report_group_count(x->report), k, g,
           max_children = 1;
    const char *headers[] = {XL_T(x, "Mã", "Code"), XL_T(x, "Nguồn vốn", "Source"),
                             XL_T(x, "Thực hiện", "Actual"), XL_T(x, "Dự toán", "Estimate"),
                             XL_T(x, "Tỷ trọng", "Share")};
    summary_layout L = {0};
    lxw_row_t row, *rows = NULL;
    fl_dec_srcptr *values = NULL;
    xl_sheet s;
    int chart_group = -1, i;
    char cell[32], den[40];

    L.order = calloc(sources + 1, sizeof *L.order);
    L.own_row = calloc(sources + 1, sizeof *L.own_row);
    x->source_row = calloc(sources + 1, sizeof *x->source_row);
    x->source_text = calloc(sources + 1, sizeof *x->source_text);
    if (!L.order || !L.own_row || !x->source_row || !x->source_text) {
        fail(x, FL_ERR_NOMEM, "out of memory");
        goto done;
    }
    /* Layout first: a total's formula names rows written after it is begun. */
    row = XL_FIRST_ROW;
    L.headline = row;
    for (g = 0; g < groups; g++)
        if (fl_report_group_has_entries(x->report, (int)g))
            row++;
    row++;
    for (g = 0; g < groups; g++) {
        if (!fl_report_group_has_entries(x->report, (int)g))
            continue;
        for (i = fl_source_tree_preorder_next(tree, -1); i >= 0;
             i = fl_source_tree_preorder_next(tree, i)) {
            size_t src = (size_t)i, children = 0;
            int c;
            if (fl_source_tree_group(tree, i) != (int)g ||
                !fl_report_source_has_entries(x->report, src))
                continue;
            L.order[L.count++] = i;
            x->source_row[src] = row++;
            if (fl_report_source_unallocated(x->report, src))
                L.own_row[src] = row++;
            for (c = fl_source_tree_first_child(tree, i); c >= 0;
                 c = fl_source_tree_next_sibling(tree, c))
                children++;
            if (children + 1 > max_children)
                max_children = children + 1;
        }
        x->group_row[g] = row++;
        row++;
        if (chart_group < 0 && fl_report_group_shares(x->report, (int)g) == FL_SHARES_COMPUTED)
            chart_group = (int)g;
    }
    if (groups + 1 > max_children)
        max_children = groups + 1;
    for (k = 0; k < fl_report_top_count(x->report); k++)
        if (fl_report_top_count(x->report) + 1 > max_children)
            max_children = fl_report_top_count(x->report) + 1;
    L.chart_row = row + 1;
    rows = calloc(max_children, sizeof *rows);
    values = calloc(max_children, sizeof *values);
    if (!rows || !values) {
        fail(x, FL_ERR_NOMEM, "out of memory");
        goto done;
    }

    if (xl_sheet_begin(x, &s, x->summary_name,
                       XL_T(x, "TỔNG HỢP NGUỒN VỐN THEO NGUỒN", "SUMMARY BY FUNDING SOURCE"),
                       headers, 5) != FL_OK)
        goto done;
    /* The headlines: each group's total, linked to its total row below. */
    row = L.headline;
    for (g = 0; g < groups; g++) {
        int kind;
        if (!fl_report_group_has_entries(x->report, (int)g))
            continue;
        xl_text(x, &s, row, 0, fl_report__group_code(x->report, (int)g), x->bold_text);
        xl_text(x, &s, row, 1, fl_report__group_label(x->report, (int)g, x->opts.lang),
                x->bold_text);
        for (kind = 0; kind < 2; kind++) {
            lxw_rowcol_to_cell(cell, x->group_row[g], (lxw_col_t)(2 + kind));
            xl_link(x, &s, row, (lxw_col_t)(2 + kind), cell,
                    fl_report_group_total(x->report, (int)g, (fl_entry_kind)kind), true);
        }
        row++;
    }
    /* The tree, group by group. */
    for (k = 0; k < L.count; k++) {
        size_t src = (size_t)L.order[k];
        int depth = fl_source_tree_depth(tree, (int)src), kind,
            gi = fl_source_tree_group(tree, (int)src);
        bool has_children = fl_source_tree_first_child(tree, (int)src) >= 0;
        fl_dec_srcptr share = fl_report_source_share(x->report, src);

        row = x->source_row[src];
        xl_text(x, &s, row, 0, fl_report__source_code(x->report, src),
                depth == 0 ? x->bold_text : x->text);
        xl_text(x, &s, row, 1, fl_report__source_label(x->report, src, x->opts.lang),
                x->label[depth > FL_SOURCE_DEPTH_MAX ? FL_SOURCE_DEPTH_MAX : depth]);
        for (kind = 0; kind < 2; kind++) {
            fl_dec_srcptr total = fl_report_source_total(x->report, src, (fl_entry_kind)kind);
            bool number;
            if (has_children) {
                size_t n = child_rows(x, &L, src, rows, values, (fl_entry_kind)kind);
                number = n ? xl_sum(x, &s, row, (lxw_col_t)(2 + kind), total, rows, values, n,
                                    depth == 0)
                           : xl_amount(x, &s, row, (lxw_col_t)(2 + kind), total, depth == 0, true);
            } else {
                number = xl_amount(x, &s, row, (lxw_col_t)(2 + kind), total, depth == 0, true);
            }
            if (!number)
                x->source_text[src] = true;
        }
        if (share) {
            lxw_rowcol_to_cell(cell, row, 2);
            lxw_rowcol_to_cell(den, x->group_row[gi], 2);
            xl_ratio(x, &s, row, 4, cell, den,
                     fl_report_source_total(x->report, src, FL_KIND_ACTUAL),
                     fl_report_group_total(x->report, gi, FL_KIND_ACTUAL), false, true);
        }
        if (L.own_row[src]) {
            char label[FL_SOURCE_LABEL_MAX + 64];
            row = L.own_row[src];
            snprintf(label, sizeof label, "%s (*)", fl_report__source_code(x->report, src));
            xl_text(x, &s, row, 0, label, x->text);
            xl_text(x, &s, row, 1,
                    XL_T(x, "Ghi thẳng vào mã cha, chưa phân bổ cho mã con",
                         "Posted to the parent itself, not to any child"),
                    x->label[depth + 1 > FL_SOURCE_DEPTH_MAX ? FL_SOURCE_DEPTH_MAX : depth + 1]);
            for (kind = 0; kind < 2; kind++)
                xl_amount(x, &s, row, (lxw_col_t)(2 + kind),
                          fl_report_source_own(x->report, src, (fl_entry_kind)kind), false, true);
        }
        /* After the group's last code: its total row. */
        if (k + 1 == L.count || fl_source_tree_group(tree, L.order[k + 1]) != gi) {
            size_t n = 0;
            int top;
            row = x->group_row[gi];
            xl_text(x, &s, row, 0, fl_report__group_code(x->report, gi), x->bold_text);
            xl_text(x, &s, row, 1, fl_report__group_label(x->report, gi, x->opts.lang),
                    x->bold_text);
            for (kind = 0; kind < 2; kind++) {
                n = 0;
                for (top = fl_source_tree_group_first(tree, gi); top >= 0;
                     top = fl_source_tree_next_sibling(tree, top))
                    if (x->source_row[top]) {
                        rows[n] = x->source_row[top];
                        values[n++] =
                            fl_report_source_total(x->report, (size_t)top, (fl_entry_kind)kind);
                    }
                xl_sum(x, &s, row, (lxw_col_t)(2 + kind),
                       fl_report_group_total(x->report, gi, (fl_entry_kind)kind), rows, values, n,
                       true);
            }
            if (fl_report_group_shares(x->report, gi) == FL_SHARES_COMPUTED) {
                lxw_rowcol_to_cell(cell, row, 2);
                xl_ratio(x, &s, row, 4, cell, cell,
                         fl_report_group_total(x->report, gi, FL_KIND_ACTUAL),
                         fl_report_group_total(x->report, gi, FL_KIND_ACTUAL), false, true);
            }
        }
    }
    /* The chart's data: the top-level codes of the first group with shares, linked above. */
    if (chart_group >= 0) {
        lxw_chart *chart;
        lxw_chart_series *series;
        lxw_row_t first;
        int top;

        row = L.chart_row;
        xl_text(x, &s, row++, 1,
                XL_T(x, "Cơ cấu nguồn lực (dữ liệu của biểu đồ)", "Structure (the chart's data)"),
                x->bold_text);
        first = row;
        for (top = fl_source_tree_group_first(tree, chart_group); top >= 0;
             top = fl_source_tree_next_sibling(tree, top)) {
            if (!x->source_row[top])
                continue;
            lxw_rowcol_to_cell(cell, x->source_row[top], 1);
            snprintf(den, sizeof den, "=%s", cell);
            xl_text(x, &s, row, 0, fl_report__source_code(x->report, (size_t)top), x->text);
            xl_check(x,
                     worksheet_write_formula_str(
                         s.ws, row, 1, den, x->text,
                         fl_report__source_label(x->report, (size_t)top, x->opts.lang)),
                     "formula");
            lxw_rowcol_to_cell(cell, x->source_row[top], 2);
            xl_link(x, &s, row, 2, cell,
                    fl_report_source_total(x->report, (size_t)top, FL_KIND_ACTUAL), false);
            row++;
        }
        chart = workbook_add_chart(x->wb, LXW_CHART_PIE);
        if (!chart) {
            fail(x, FL_ERR_NOMEM, "cannot add the chart");
            goto done;
        }
        series = chart_add_series(chart, NULL, NULL);
        if (!series) {
            fail(x, FL_ERR_NOMEM, "cannot add the chart");
            goto done;
        }
        chart_series_set_categories(series, s.name, first, 1, row - 1, 1);
        chart_series_set_values(series, s.name, first, 2, row - 1, 2);
        chart_series_set_labels_options(series, LXW_FALSE, LXW_FALSE, LXW_FALSE);
        chart_series_set_labels_percentage(series);
        chart_title_set_name(chart, fl_report__group_label(x->report, chart_group, x->opts.lang));
        chart_legend_set_position(chart, LXW_CHART_LEGEND_RIGHT);
        xl_check(x, worksheet_insert_chart(s.ws, XL_HEADER_ROW, 6, chart), "chart");
    }
    xl_sheet_end(x, &s);
done:
    free(rows);
    free(values);
    free(L.order);
    free(L.own_row);
    return x->status;
}

/* --- Kiểm tra: rules, claims, the cells written as text, the inputs ------------------------ */

static void human(xl_ctx *x, xl_sheet *s, lxw_row_t row, lxw_col_t col, const char *canonical,
                  bool approximate)
{
    char *h, *with;

    if (!canonical)
        return;
    h = fl_audit_human_number(canonical, x->opts.lang);
    if (!h) {
        fail(x, FL_ERR_NOMEM, "out of memory");
        return;
    }
    with = malloc(strlen(h) + 4);
    if (with) {
        snprintf(with, strlen(h) + 4, "%s%s", approximate ? "≈" : "", h);
        xl_text(x, s, row, col, with, x->marked_text);
    } else {
        fail(x, FL_ERR_NOMEM, "out of memory");
    }
    free(with);
    free(h);
}

/* The rule's description in the workbook's language (ledger.c has the English ones). */
static const char *rule_description(const xl_ctx *x, fl_rule rule)
{
    static const char *const vi[FL_RULE_COUNT_] = {
        [FL_RULE_PARENT_SUM] = "mã cha bằng tổng các mã con; phần ghi thẳng vào mã cha là "
                               "phần chưa phân bổ",
        [FL_RULE_DUPLICATE_REFS] = "mỗi số chứng từ chỉ dùng một lần trong một đơn vị (nếu "
                                   "không, khoản tiền có thể bị tính hai lần)",
        [FL_RULE_IN_KIND_VALUE] = "giá trị hiện vật bằng đúng số lượng nhân đơn giá",
        [FL_RULE_FISCAL_YEAR] = "mọi ngày ghi sổ nằm trong năm ngân sách của tệp",
        [FL_RULE_ESTIMATE_PRESENT] = "mọi số liệu công bố so với dự toán đều có dự toán để "
                                     "so sánh",
    };

    if (x->vi && (unsigned)rule < FL_RULE_COUNT_ && vi[rule])
        return vi[rule];
    return fl_rule_description(rule);
}

static fl_status write_checks(xl_ctx *x, const char *name)
{
    const char *headers[] = {XL_T(x, "Mục", "Item"),
                             XL_T(x, "Trạng thái", "Status"),
                             XL_T(x, "Nội dung", "What"),
                             XL_T(x, "Giá trị", "Value"),
                             XL_T(x, "Con số công bố", "Published"),
                             XL_T(x, "Chênh lệch", "Difference"),
                             XL_T(x, "Số bút toán", "Entries")};
    const fl_audit *a = x->audit;
    lxw_row_t row = XL_FIRST_ROW;
    xl_sheet s;
    size_t i;
    int r;
    char where[FL_ERROR_FILE_MAX + 32];

    if (xl_sheet_begin(x, &s, name, XL_T(x, "KIỂM TRA SỐ LIỆU", "CHECKS"), headers, 7) != FL_OK)
        return x->status;
    xl_text(x, &s, row++, 0, XL_T(x, "Quy tắc kiểm tra", "Audit rules"), x->bold_text);
    for (r = 0; r < FL_RULE_COUNT_; r++) {
        const fl_audit_rule *rs = &a->rules[r];
        xl_text(x, &s, row, 0, fl_rule_name((fl_rule)r), x->text);
        xl_text(x, &s, row, 1,
                rs->state == FL_AUDIT_RULE_OK    ? XL_T(x, "đạt", "ok")
                : rs->state == FL_AUDIT_RULE_OFF ? XL_T(x, "tắt", "off")
                                                 : XL_T(x, "VI PHẠM", "BROKEN"),
                rs->state == FL_AUDIT_RULE_BROKEN ? x->bold_text : x->text);
        xl_text(x, &s, row++, 2, rule_description(x, (fl_rule)r), x->text);
        for (i = 0; i < rs->finding_count; i++)
            xl_text(x, &s, row++, 2, rs->findings[i], x->text);
    }
    row++;
    xl_text(x, &s, row++, 0, XL_T(x, "Số liệu công bố", "Claims"), x->bold_text);
    if (!a->claim_count)
        xl_text(x, &s, row++, 2, XL_T(x, "(không có)", "(none)"), x->text);
    for (i = 0; i < a->claim_count; i++) {
        const fl_audit_claim *c = &a->claims[i];
        const fl_claim_result *res = &c->result;
        char *text = malloc(c->line->len + 1);

        if (!text) {
            fail(x, FL_ERR_NOMEM, "out of memory");
            break;
        }
        memcpy(text, c->line->text, c->line->len);
        text[c->line->len] = '\0';
        snprintf(where, sizeof where, "%s:%u", c->file, c->line->line);
        xl_text(x, &s, row, 0, where, x->text);
        xl_text(x, &s, row, 1,
                res->reason  ? XL_T(x, "BỎ QUA", "SKIPPED")
                : res->holds ? XL_T(x, "đúng", "holds")
                             : XL_T(x, "SAI", "FAILS"),
                res->holds ? x->text : x->bold_text);
        xl_text(x, &s, row, 2, text, x->text);
        free(text);
        if (res->reason) {
            xl_text(x, &s, row, 3, res->reason, x->text);
        } else {
            human(x, &s, row, 3, res->value, !res->value_exact);
            human(x, &s, row, 4, res->figure, false);
            human(x, &s, row, 5, res->difference, !res->value_exact);
        }
        xl_count(x, &s, row, 6, res->entries);
        row++;
    }
    row++;
    xl_text(x, &s, row++, 0, XL_T(x, "Ghi chú về các ô", "Notes on cells"), x->bold_text);
    xl_text(x, &s, row++, 2,
            XL_T(x,
                 "Tổng và tổng phụ là công thức SUM kèm giá trị đã tính chính xác; tỷ trọng và tỷ "
                 "lệ % là công thức, làm tròn khi hiển thị.",
                 "Totals and subtotals are SUM formulas stored with their exact values; shares and "
                 "percentages are formulas, rounded only for display."),
            x->text);
    /* The notes so far: every sheet but this one is written. */
    if (!x->note_count)
        xl_text(x, &s, row++, 2,
                XL_T(x, "Mọi số tiền được ghi dưới dạng số chính xác.",
                     "Every amount is written as an exact number."),
                x->text);
    for (i = 0; i < x->note_count; i++)
        xl_text(x, &s, row++, 2, x->notes[i], x->text);
    xl_notes_unlisted(x, &s, &row, 2);
    row++;
    xl_text(x, &s, row++, 0, XL_T(x, "Tệp đầu vào", "Inputs"), x->bold_text);
    for (i = 0; i < fl_ledger_input_count(x->ledger); i++) {
        xl_text(x, &s, row, 0, fl_ledger_input_path(x->ledger, i), x->text);
        if (fl_ledger_input_sha256(x->ledger, i))
            xl_text(x, &s, row, 2, fl_ledger_input_sha256(x->ledger, i), x->text);
        xl_count(x, &s, row, 6, fl_ledger_input_entries(x->ledger, i));
        row++;
    }
    xl_sheet_end(x, &s);
    return x->status;
}

/* --- the workbook --------------------------------------------------------------------------- */

void xl_free_ctx(xl_ctx *x)
{
    size_t i;

    for (i = 0; i < x->note_count; i++)
        free(x->notes[i]);
    free(x->notes);
    free(x->source_row);
    free(x->source_text);
    x->notes = NULL;
    x->note_count = x->note_capacity = x->note_total = 0;
    x->source_row = NULL;
    x->source_text = NULL;
}

fl_status xl_write_workbook(xl_ctx *x, fl_atomic_file *file, const char *path,
                            const lxw_doc_properties *props, bool constant_memory,
                            fl_status (*write_sheets)(xl_ctx *x))
{
    lxw_workbook_options wopts = {0};
    lxw_error e;
    fl_status st;

    st = fl_atomic_begin(file, path, x->err);
    if (st != FL_OK)
        return st;
    /* libxlsxwriter writes to a file name: hand it the temporary file's. */
    fclose(file->fp);
    file->fp = NULL;
    wopts.constant_memory = constant_memory ? LXW_TRUE : LXW_FALSE;
    x->wb = workbook_new_opt(file->temp_path, &wopts);
    if (!x->wb) {
        fl_atomic_abort(file);
        return fl_error_set(x->err, FL_ERR_NOMEM, "cannot start the workbook");
    }
    /* libxlsxwriter takes the properties as non-const but only reads them. */
    xl_check(x, workbook_set_properties(x->wb, (lxw_doc_properties *)(uintptr_t)props),
             "document properties");
    if (make_formats(x) == FL_OK)
        write_sheets(x);
    e = workbook_close(x->wb);
    x->wb = NULL;
    if (x->status == FL_OK && e != LXW_NO_ERROR) {
        int errnum = errno;
        x->status = fl_error_set(x->err, FL_ERR_IO, "writing the workbook failed: %s (%s)",
                                 lxw_strerror(e), strerror(errnum));
    }
    if (x->status != FL_OK) {
        fl_error_set_file(x->err, path);
        fl_atomic_abort(file);
    }
    return x->status;
}

static fl_status write_sheets(xl_ctx *x)
{
    if (write_summary(x) == FL_OK && xl_write_by_unit(x) == FL_OK &&
        xl_write_by_month(x) == FL_OK && xl_write_estimate(x) == FL_OK &&
        xl_write_entries(x) == FL_OK)
        write_checks(x, XL_T(x, "Kiểm tra", "Checks"));
    return x->status;
}

/* The workbook in a temporary file beside path, ready to be renamed into place. */
static fl_status xlsx_to_temp(fl_atomic_file *file, const char *path, const fl_report *report,
                              const fl_audit *audit, const fl_export_options *opts, fl_error *err)
{
    static const fl_export_options defaults = FL_EXPORT_OPTIONS_INIT;
    lxw_doc_properties props = {0};
    xl_ctx x;
    fl_status st;
    char subject[512];
    fl_date first, last;
    char d1[11], d2[11];

    memset(&x, 0, sizeof x);
    memset(file, 0, sizeof *file);
    if (!path || !report || !audit)
        return fl_error_set(err, FL_ERR_INVALID_ARGUMENT, "no path, report or audit");
    if (audit->claims_bad)
        return fl_error_set(err, FL_ERR_INVALID_ARGUMENT,
                            "%zu claim(s) could not be read; nothing is exported",
                            audit->claims_bad);
    x.opts = opts ? *opts : defaults;
    if (x.opts.scale != FL_SCALE_DONG && x.opts.scale != FL_SCALE_NGHIN &&
        x.opts.scale != FL_SCALE_TRIEU && x.opts.scale != FL_SCALE_TY)
        return fl_error_set(err, FL_ERR_INVALID_ARGUMENT,
                            "the workbook shows đồng, nghìn, triệu or tỷ");
    x.report = report;
    x.ledger = fl_report_get_ledger(report);
    if (!fl_ledger_entries_kept(x.ledger))
        return fl_error_set(err, FL_ERR_INVALID_ARGUMENT,
                            "the workbook lists every entry, but the ledger was loaded without "
                            "them (skip_entries)");
    x.audit = audit;
    x.vi = x.opts.lang == FL_LOCALE_VI;
    x.err = err;
    x.summary_name = XL_T(&x, "Tổng hợp", "Summary");

    fl_ledger_period(x.ledger, &first, &last);
    fl_date_format(d1, first);
    fl_date_format(d2, last);
    snprintf(subject, sizeof subject,
             XL_T(&x, "Số liệu %s – %s từ %zu tệp, %zu bút toán",
                  "Figures %s – %s from %zu files, %zu entries"),
             first ? d1 : "-", last ? d2 : "-", fl_ledger_input_count(x.ledger),
             fl_ledger_entry_count(x.ledger));
    props.title = (char *)(uintptr_t)XL_T(&x, "Nguồn lực xây dựng nông thôn mới",
                                          "New Rural Development funding");
    props.subject = subject;
    props.comments = (char *)(uintptr_t)("fundledger " FL_VERSION_STRING);
    props.keywords = (char *)(uintptr_t) "fundledger, " FL_SUMMARY_SCHEMA;
    props.created = (time_t)x.opts.created;
    st = xl_write_workbook(&x, file, path, &props,
                           fl_ledger_entry_count(x.ledger) >=
                               (x.opts.constant_memory_from ? x.opts.constant_memory_from : 50000),
                           write_sheets);
    xl_free_ctx(&x);
    return st;
}

fl_status fl_export_write_xlsx(const char *path, const fl_report *report, const fl_audit *audit,
                               const fl_export_options *opts, fl_error *err)
{
    fl_atomic_file file;
    fl_status st = xlsx_to_temp(&file, path, report, audit, opts, err);

    return st == FL_OK ? fl_atomic_commit(&file, err) : st;
}

fl_status fl_export_write(const char *xlsx_path, const char *json_path, const fl_report *report,
                          const fl_audit *audit, const fl_export_options *opts, fl_error *err)
{
    fl_atomic_file xlsx, json;
    char *text = NULL;
    fl_status st;

    memset(&xlsx, 0, sizeof xlsx);
    memset(&json, 0, sizeof json);
    if (!xlsx_path && !json_path)
        return fl_error_set(err, FL_ERR_INVALID_ARGUMENT, "no file to write");
    /* Both temporary files complete before either destination is touched. */
    st = json_path ? fl_export_json(&text, report, audit, err) : FL_OK;
    if (st == FL_OK && json_path)
        st = fl_export__text_to_temp(&json, json_path, text, err);
    free(text);
    if (st == FL_OK && xlsx_path)
        st = xlsx_to_temp(&xlsx, xlsx_path, report, audit, opts, err);
    if (st != FL_OK) {
        fl_atomic_abort(&json);
        fl_atomic_abort(&xlsx);
        return st;
    }
    if (!xlsx_path)
        return fl_atomic_commit(&json, err);
    if (!json_path)
        return fl_atomic_commit(&xlsx, err);
    return fl_atomic_commit_pair(&xlsx, &json, err);
}
