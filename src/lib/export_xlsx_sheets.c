/*
 * export_xlsx_sheets.c - the workbook's sheets by unit, by month, estimate
 * against actual, and the entries (export_xlsx.h).
 */
#include "export_xlsx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_internal.h"

/* --- Theo đơn vị: unit x top-level source, per group and kind ------------------------------- */

fl_status xl_write_by_unit(xl_ctx *x)
{
    const fl_report *r = x->report;
    size_t tops = fl_report_top_count(r), units = fl_ledger_unit_count(x->ledger), g, u, t;
    size_t groups = fl_report_group_count(r);
    const char *first_headers[] = {XL_T(x, "Đơn vị", "Unit")};
    size_t *cols_top = calloc(tops + 1, sizeof *cols_top);
    lxw_col_t *cols = calloc(tops + 1, sizeof *cols);
    lxw_row_t *rows = calloc(units + 1, sizeof *rows);
    fl_dec_srcptr *values = calloc((tops > units ? tops : units) + 1, sizeof *values);
    lxw_row_t row = XL_HEADER_ROW;
    xl_sheet s;
    bool header_done = false;
    int kind;

    if (!cols_top || !cols || !rows || !values) {
        xl_fail(x, FL_ERR_NOMEM, "out of memory");
        goto done;
    }
    /* The sheet's own header row names no sources: each block below has its own. */
    if (xl_sheet_begin(x, &s, XL_T(x, "Theo đơn vị", "By unit"),
                       XL_T(x, "TỔNG HỢP THEO ĐƠN VỊ", "BY UNIT"), first_headers, 0) != FL_OK)
        goto done;
    for (g = 0; g < groups; g++) {
        int group = (int)g;
        size_t ncols = 0, nrows;

        if (!fl_report_group_has_entries(r, group))
            continue;
        for (t = 0; t < tops; t++) {
            size_t src = fl_report_top_source(r, t);
            if (fl_report__source_group(r, src) == group && fl_report_source_has_entries(r, src))
                cols_top[ncols++] = t;
        }
        for (kind = 0; kind < 2; kind++) {
            char title[FL_SOURCE_LABEL_MAX + 64];
            lxw_row_t first_row;

            if (kind == FL_KIND_ESTIMATE && !fl_report_group_has_estimate(r, group))
                continue;
            /* Block title, then its header (the first block's is the sheet's header row). */
            if (header_done)
                row += 2;
            snprintf(title, sizeof title, "%s – %s: %s", fl_report__group_code(r, group),
                     kind == FL_KIND_ACTUAL ? XL_T(x, "thực hiện", "actual")
                                            : XL_T(x, "dự toán", "estimate"),
                     fl_report__group_label(r, group, x->opts.lang));
            xl_text(x, &s, header_done ? row - 1 : XL_UNIT_ROW + 1, 0, title, x->bold_text);
            if (!header_done)
                row = XL_HEADER_ROW;
            xl_check(x, worksheet_write_string(s.ws, row, 0, XL_T(x, "Đơn vị", "Unit"), x->header),
                     "header");
            for (t = 0; t < ncols; t++) {
                size_t src = fl_report_top_source(r, cols_top[t]);
                char head[FL_SOURCE_LABEL_MAX + 80];
                snprintf(head, sizeof head, "%s – %s", fl_report__source_code(r, src),
                         fl_report__source_label(r, src, x->opts.lang));
                xl_check(x, worksheet_write_string(s.ws, row, (lxw_col_t)(1 + t), head, x->header),
                         "header");
                cols[t] = (lxw_col_t)(1 + t);
            }
            xl_check(x,
                     worksheet_write_string(s.ws, row, (lxw_col_t)(1 + ncols),
                                            XL_T(x, "Tổng cộng", "Total"), x->header),
                     "header");
            header_done = true;
            row++;
            first_row = row;
            nrows = 0;
            for (u = 0; u < units; u++) {
                if (!fl_report_unit_has_entries(r, u, group))
                    continue;
                xl_text(x, &s, row, 0, fl_ledger_unit_name(x->ledger, u), x->text);
                for (t = 0; t < ncols; t++) {
                    values[t] = fl_report_unit_cell(r, u, cols_top[t], (fl_entry_kind)kind);
                    xl_amount(x, &s, row, cols[t], values[t], false, true);
                }
                xl_sum_row(x, &s, row, (lxw_col_t)(1 + ncols),
                           fl_report_unit_total(r, u, group, (fl_entry_kind)kind), cols, values,
                           ncols, true);
                rows[nrows++] = row++;
            }
            /* Column totals over the units, and the grand total over the row totals. */
            xl_text(x, &s, row, 0, XL_T(x, "Cộng", "Total"), x->bold_text);
            for (t = 0; t <= ncols; t++) {
                fl_dec_srcptr total =
                    t < ncols ? fl_report_source_total(r, fl_report_top_source(r, cols_top[t]),
                                                       (fl_entry_kind)kind)
                              : fl_report_group_total(r, group, (fl_entry_kind)kind);
                size_t i;
                for (i = 0, u = 0; u < units; u++)
                    if (fl_report_unit_has_entries(r, u, group))
                        values[i++] =
                            t < ncols ? fl_report_unit_cell(r, u, cols_top[t], (fl_entry_kind)kind)
                                      : fl_report_unit_total(r, u, group, (fl_entry_kind)kind);
                xl_sum(x, &s, row, (lxw_col_t)(1 + t), total, rows, values, nrows, true);
            }
            (void)first_row;
            row++;
        }
    }
    xl_sheet_end(x, &s);
done:
    free(cols_top);
    free(cols);
    free(rows);
    free(values);
    return x->status;
}

/* --- Theo tháng: month x group and kind ----------------------------------------------------- */

fl_status xl_write_by_month(xl_ctx *x)
{
    const fl_report *r = x->report;
    size_t months = fl_report_month_count(r), groups = fl_report_group_count(r), g, i, ncols = 0, c;
    const char *headers[1 + 2 * FL_SOURCE_GROUP_COUNT_MAX];
    char names[2 * FL_SOURCE_GROUP_COUNT_MAX][96];
    int col_group[2 * FL_SOURCE_GROUP_COUNT_MAX];
    fl_entry_kind col_kind[2 * FL_SOURCE_GROUP_COUNT_MAX];
    lxw_row_t *rows = calloc(months + 1, sizeof *rows), row = XL_FIRST_ROW;
    fl_dec_srcptr *values = calloc(months + 1, sizeof *values);
    xl_sheet s;

    if (!rows || !values) {
        xl_fail(x, FL_ERR_NOMEM, "out of memory");
        goto done;
    }
    headers[0] = XL_T(x, "Tháng", "Month");
    for (g = 0; g < groups; g++) {
        int kind;
        if (!fl_report_group_has_entries(r, (int)g))
            continue;
        for (kind = 0; kind < 2; kind++) {
            if (kind == FL_KIND_ESTIMATE && !fl_report_group_has_estimate(r, (int)g))
                continue;
            snprintf(names[ncols], sizeof names[ncols], "%s – %s", fl_report__group_code(r, (int)g),
                     kind == FL_KIND_ACTUAL ? XL_T(x, "thực hiện", "actual")
                                            : XL_T(x, "dự toán", "estimate"));
            headers[1 + ncols] = names[ncols];
            col_group[ncols] = (int)g;
            col_kind[ncols++] = (fl_entry_kind)kind;
        }
    }
    if (xl_sheet_begin(x, &s, XL_T(x, "Theo tháng", "By month"),
                       XL_T(x, "TỔNG HỢP THEO THÁNG", "BY MONTH"), headers, 1 + ncols) != FL_OK)
        goto done;
    for (i = 0; i < months; i++) {
        int32_t m = fl_report_month(r, i);
        char label[32];
        if (m)
            snprintf(label, sizeof label, x->vi ? "%02d/%04d" : "%04d-%02d",
                     x->vi ? (int)(m % 100) : (int)(m / 100),
                     x->vi ? (int)(m / 100) : (int)(m % 100));
        else
            snprintf(label, sizeof label, "%s", XL_T(x, "(không ghi ngày)", "(no date)"));
        xl_text(x, &s, row, 0, label, x->text);
        for (c = 0; c < ncols; c++)
            xl_amount(x, &s, row, (lxw_col_t)(1 + c),
                      fl_report_month_total(r, i, col_group[c], col_kind[c]), false, true);
        rows[i] = row++;
    }
    xl_text(x, &s, row, 0, XL_T(x, "Cộng", "Total"), x->bold_text);
    for (c = 0; c < ncols; c++) {
        for (i = 0; i < months; i++)
            values[i] = fl_report_month_total(r, i, col_group[c], col_kind[c]);
        xl_sum(x, &s, row, (lxw_col_t)(1 + c), fl_report_group_total(r, col_group[c], col_kind[c]),
               rows, values, months, true);
    }
    worksheet_freeze_panes(s.ws, XL_FIRST_ROW, 1);
    xl_sheet_end(x, &s);
done:
    free(rows);
    free(values);
    return x->status;
}

/* --- Dự toán – thực hiện: every line with an estimate, linked to the summary ---------------- */

/* "'Tổng hợp'!C12" */
static void summary_cell(const xl_ctx *x, char *buf, size_t size, lxw_row_t row, lxw_col_t col)
{
    char cell[32];

    lxw_rowcol_to_cell(cell, row, col);
    snprintf(buf, size, "'%s'!%s", x->summary_name, cell);
}

static void estimate_row(xl_ctx *x, xl_sheet *s, lxw_row_t row, const char *code, const char *label,
                         lxw_row_t summary_row, fl_dec_srcptr estimate, fl_dec_srcptr actual,
                         bool bold)
{
    char link[128], est_cell[32], act_cell[32];
    bool est_number, act_number;

    xl_text(x, s, row, 0, code, bold ? x->bold_text : x->text);
    xl_text(x, s, row, 1, label, bold ? x->bold_text : x->text);
    summary_cell(x, link, sizeof link, summary_row, 3);
    est_number = xl_link(x, s, row, 2, link, estimate, bold);
    summary_cell(x, link, sizeof link, summary_row, 2);
    act_number = xl_link(x, s, row, 3, link, actual, bold);
    lxw_rowcol_to_cell(est_cell, row, 2);
    lxw_rowcol_to_cell(act_cell, row, 3);
    if (est_number && act_number) {
        xl_ratio(x, s, row, 4, act_cell, est_cell, actual, estimate, false, bold);
        xl_ratio(x, s, row, 5, act_cell, est_cell, actual, estimate, true, bold);
    }
}

fl_status xl_write_estimate(xl_ctx *x)
{
    const fl_report *r = x->report;
    const fl_source_tree *tree = fl_ledger_sources(x->ledger);
    const char *headers[] = {XL_T(x, "Mã", "Code"),
                             XL_T(x, "Nội dung", "Line"),
                             XL_T(x, "Dự toán", "Estimate"),
                             XL_T(x, "Thực hiện", "Actual"),
                             XL_T(x, "Đạt % dự toán", "% of estimate"),
                             XL_T(x, "Vượt % dự toán", "% over estimate")};
    size_t groups = fl_report_group_count(r), g;
    lxw_row_t row = XL_FIRST_ROW;
    xl_sheet s;
    bool any = false;
    int i;

    if (xl_sheet_begin(x, &s, XL_T(x, "Dự toán – thực hiện", "Estimate vs actual"),
                       XL_T(x, "DỰ TOÁN – THỰC HIỆN", "ESTIMATE AGAINST ACTUAL"), headers,
                       6) != FL_OK)
        return x->status;
    for (g = 0; g < groups; g++) {
        int group = (int)g;
        if (!fl_report_group_has_estimate(r, group))
            continue;
        any = true;
        for (i = fl_source_tree_preorder_next(tree, -1); i >= 0;
             i = fl_source_tree_preorder_next(tree, i)) {
            size_t src = (size_t)i;
            if (fl_source_tree_group(tree, i) != group || !fl_report_source_has_estimate(r, src) ||
                !x->source_row[src])
                continue;
            estimate_row(x, &s, row++, fl_report__source_code(r, src),
                         fl_report__source_label(r, src, x->opts.lang), x->source_row[src],
                         fl_report_source_total(r, src, FL_KIND_ESTIMATE),
                         fl_report_source_total(r, src, FL_KIND_ACTUAL),
                         fl_source_tree_depth(tree, i) == 0);
        }
        estimate_row(x, &s, row++, fl_report__group_code(r, group),
                     fl_report__group_label(r, group, x->opts.lang), x->group_row[g],
                     fl_report_group_total(r, group, FL_KIND_ESTIMATE),
                     fl_report_group_total(r, group, FL_KIND_ACTUAL), true);
        row++;
    }
    if (!any)
        xl_text(x, &s, row, 1, XL_T(x, "(không có dự toán)", "(no estimate)"), x->text);
    xl_sheet_end(x, &s);
    return x->status;
}

/* --- Chi tiết: every entry, on as many sheets as Excel's row limit needs --------------------- */

enum {
    E_NO,
    E_DATE,
    E_UNIT,
    E_CODE,
    E_SOURCE,
    E_KIND,
    E_AMOUNT,
    E_QTY,
    E_UOM,
    E_PRICE,
    E_BASIS,
    E_REF,
    E_MEMO,
    E_REVERSES,
    E_FILE,
    E_LINE,
    E_COUNT
};

static fl_status begin_entries_sheet(xl_ctx *x, xl_sheet *s, size_t part, char *name, size_t size)
{
    const char *headers[E_COUNT] = {
        XL_T(x, "STT", "No."),
        XL_T(x, "Ngày", "Date"),
        XL_T(x, "Đơn vị", "Unit"),
        XL_T(x, "Mã nguồn", "Code"),
        XL_T(x, "Nguồn vốn", "Source"),
        XL_T(x, "Loại", "Kind"),
        XL_T(x, "Số tiền", "Amount"),
        XL_T(x, "Số lượng", "Quantity"),
        XL_T(x, "Đơn vị tính", "Unit of measure"),
        XL_T(x, "Đơn giá (đồng)", "Unit price (VND)"),
        XL_T(x, "Căn cứ", "Price basis"),
        XL_T(x, "Số chứng từ", "Reference"),
        XL_T(x, "Nội dung", "Description"),
        XL_T(x, "Ghi đảo chứng từ", "Reverses"),
        XL_T(x, "Tệp", "File"),
        XL_T(x, "Dòng", "Line"),
    };
    const char *base = XL_T(x, "Chi tiết", "Entries");

    if (part == 1)
        snprintf(name, size, "%s", base);
    else
        snprintf(name, size, "%s (%zu)", base, part);
    return xl_sheet_begin(x, s, name, XL_T(x, "CHI TIẾT BÚT TOÁN", "ENTRIES"), headers, E_COUNT);
}

static void end_entries_sheet(xl_ctx *x, xl_sheet *s, lxw_row_t last_row)
{
    worksheet_freeze_panes(s->ws, XL_FIRST_ROW, 0);
    xl_check(x,
             worksheet_autofilter(s->ws, XL_HEADER_ROW, 0,
                                  last_row < XL_FIRST_ROW ? XL_HEADER_ROW : last_row, E_COUNT - 1),
             "autofilter");
    xl_sheet_end(x, s);
}

fl_status xl_write_entries(xl_ctx *x)
{
    const fl_ledger *l = x->ledger;
    const fl_source_tree *tree = fl_ledger_sources(l);
    size_t n = fl_ledger_entry_count(l), i, part = 1;
    size_t max_rows = x->opts.max_rows ? x->opts.max_rows : FL_EXPORT_EXCEL_MAX_ROWS;
    lxw_row_t row = XL_FIRST_ROW;
    char name[64];
    xl_sheet s;

    if (max_rows > FL_EXPORT_EXCEL_MAX_ROWS)
        max_rows = FL_EXPORT_EXCEL_MAX_ROWS;
    if (max_rows <= XL_FIRST_ROW)
        max_rows = XL_FIRST_ROW + 1;
    if (begin_entries_sheet(x, &s, part, name, sizeof name) != FL_OK)
        return x->status;
    for (i = 0; i < n && x->status == FL_OK; i++) {
        const fl_entry *e = fl_ledger_entry(l, i);
        if (row >= max_rows) {
            end_entries_sheet(x, &s, row - 1);
            /* The sheet name must outlive the sheet until the workbook is closed. */
            if (begin_entries_sheet(x, &s, ++part, name, sizeof name) != FL_OK)
                return x->status;
            row = XL_FIRST_ROW;
        }
        xl_count(x, &s, row, E_NO, i + 1);
        if (e->date) {
            lxw_datetime dt = {
                fl_date_year(e->date), (int)(e->date / 100 % 100), (int)(e->date % 100), 0, 0, 0.0};
            xl_check(x, worksheet_write_datetime(s.ws, row, E_DATE, &dt, x->date), "date");
            s.widths[E_DATE] = 11;
        }
        xl_text(x, &s, row, E_UNIT, fl_ledger_unit_name(l, e->unit), x->text);
        xl_text(x, &s, row, E_CODE, fl_source_tree_code(tree, e->source), x->text);
        xl_text(x, &s, row, E_SOURCE, fl_source_tree_label(tree, e->source, x->opts.lang), x->text);
        xl_text(x, &s, row, E_KIND,
                e->kind == FL_KIND_ACTUAL ? XL_T(x, "thực hiện", "actual")
                                          : XL_T(x, "dự toán", "estimate"),
                x->text);
        xl_amount(x, &s, row, E_AMOUNT, e->amount, false, true);
        if (e->in_kind) {
            xl_amount(x, &s, row, E_QTY, e->in_kind->quantity, false, false);
            if (e->in_kind->uom)
                xl_text(x, &s, row, E_UOM, e->in_kind->uom, x->text);
            xl_amount(x, &s, row, E_PRICE, e->in_kind->unit_price, false, false);
            if (e->in_kind->basis)
                xl_text(x, &s, row, E_BASIS, e->in_kind->basis, x->text);
        }
        if (e->ref)
            xl_text(x, &s, row, E_REF, e->ref, x->text);
        if (e->memo)
            xl_text(x, &s, row, E_MEMO, e->memo, x->text);
        if (e->reverses)
            xl_text(x, &s, row, E_REVERSES, e->reverses, x->text);
        xl_text(x, &s, row, E_FILE, fl_ledger_input_path(l, e->input), x->text);
        xl_count(x, &s, row, E_LINE, e->line);
        row++;
    }
    end_entries_sheet(x, &s, row - 1);
    return x->status;
}
