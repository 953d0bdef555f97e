/*
 * rollup_xlsx.c - the province workbook of a roll-up (fl_rollup_write,
 * fundledger/rollup.h): district x top-level source per group with SUM
 * formulas and exact cached values, every code's sums, and the checks.
 * It uses the export's cell writers (export_xlsx.h), so exactness, text
 * limits, the title lines and the print setup are the district workbook's.
 */
#include "rollup_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "error.h"
#include "export_internal.h"
#include "export_xlsx.h"

/* The figure of kind `estimate` of a keyed line, or zero when there is none. */
static fl_dec_srcptr cell_of(const fl_rollup *r, const char *district, const char *code,
                             bool estimate, const fl_dec zero)
{
    size_t i;

    for (i = 0; i < r->district_top_count; i++) {
        const ru_keyed *k = &r->district_tops[i];
        if (strcmp(k->key, district) == 0 && strcmp(k->group, code) == 0)
            return estimate ? k->estimate : k->actual;
    }
    return zero;
}

static bool is_top(const ru_source *s)
{
    return strchr(s->code, '.') == NULL;
}

/* Whether any figure of the group is an estimate (else it gets no estimate table). */
static bool group_has_estimate(const fl_rollup *r, const ru_group *g)
{
    size_t i;

    if (!fl_dec_is_zero(g->estimate))
        return true;
    for (i = 0; i < r->source_count; i++)
        if (strcmp(r->sources[i].group, g->name) == 0 && !fl_dec_is_zero(r->sources[i].estimate))
            return true;
    return false;
}

/* --- Theo huyện: district x top-level source, per group and kind ---------------------------- */

static fl_status write_by_district(xl_ctx *x)
{
    const fl_rollup *r = x->rollup;
    size_t districts = r->unit_count, g, d, t, i;
    size_t *tops = calloc(r->source_count + 1, sizeof *tops);
    lxw_col_t *cols = calloc(r->source_count + 1, sizeof *cols);
    lxw_row_t *rows = calloc(districts + 1, sizeof *rows), row = XL_HEADER_ROW;
    fl_dec_srcptr *values = calloc(r->source_count + districts + 1, sizeof *values);
    fl_dec *row_totals = calloc(districts + 1, sizeof *row_totals), zero;
    bool header_done = false;
    xl_sheet s;
    int kind;

    fl_dec_init(zero);
    for (d = 0; row_totals && d < districts; d++)
        fl_dec_init(row_totals[d]);
    if (!tops || !cols || !rows || !values || !row_totals) {
        x->status = fl_error_set(x->err, FL_ERR_NOMEM, "out of memory");
        goto done;
    }
    /* Each block has its own header row; the sheet's is the first block's. */
    if (xl_sheet_begin(
            x, &s, XL_T(x, "Theo huyện", "By district"),
            XL_T(x, "TỔNG HỢP THEO HUYỆN VÀ NGUỒN VỐN", "BY DISTRICT AND FUNDING SOURCE"), NULL,
            0) != FL_OK)
        goto done;
    for (g = 0; g < r->group_count; g++) {
        const ru_group *group = &r->groups[g];
        size_t ncols = 0;

        for (i = 0; i < r->source_count; i++)
            if (strcmp(r->sources[i].group, group->name) == 0 && is_top(&r->sources[i]))
                tops[ncols++] = i;
        for (kind = 0; kind < 2; kind++) {
            bool estimate = kind == FL_KIND_ESTIMATE;
            char title[256];

            if (estimate && !group_has_estimate(r, group))
                continue;
            if (header_done)
                row += 2;
            snprintf(title, sizeof title, "%s – %s", group->name,
                     estimate ? XL_T(x, "dự toán", "estimate") : XL_T(x, "thực hiện", "actual"));
            xl_text(x, &s, header_done ? row - 1 : XL_UNIT_ROW + 1, 0, title, x->bold_text);
            xl_text(x, &s, row, 0, XL_T(x, "Huyện", "District"), x->header);
            for (t = 0; t < ncols; t++) {
                const ru_source *src = &r->sources[tops[t]];
                char head[512];
                snprintf(head, sizeof head, "%s – %s", src->code, src->label ? src->label : "");
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
            /* One row per district: its figure for each code, its total across. */
            for (d = 0; d < districts; d++) {
                const char *name = r->units[d].name;
                fl_dec_set(row_totals[d], zero);
                xl_text(x, &s, row, 0, name, x->text);
                for (t = 0; t < ncols; t++) {
                    values[t] = cell_of(r, name, r->sources[tops[t]].code, estimate, zero);
                    xl_amount(x, &s, row, cols[t], values[t], false, true);
                    if (fl_dec_add(row_totals[d], row_totals[d], values[t]) != FL_OK)
                        x->status = fl_error_set(x->err, FL_ERR_RANGE, "a total is out of range");
                }
                xl_sum_row(x, &s, row, (lxw_col_t)(1 + ncols), row_totals[d], cols, values, ncols,
                           true);
                rows[d] = row++;
            }
            /* Each code's total over the districts, and the group's over the districts' totals. */
            xl_text(x, &s, row, 0, XL_T(x, "Cộng", "Total"), x->bold_text);
            for (t = 0; t <= ncols; t++) {
                fl_dec_srcptr total = t < ncols ? (estimate ? r->sources[tops[t]].estimate
                                                            : r->sources[tops[t]].actual)
                                                : (estimate ? group->estimate : group->actual);
                for (d = 0; d < districts; d++)
                    values[d] = t < ncols ? cell_of(r, r->units[d].name, r->sources[tops[t]].code,
                                                    estimate, zero)
                                          : row_totals[d];
                xl_sum(x, &s, row, (lxw_col_t)(1 + t), total, rows, values, districts, true);
            }
            row++;
        }
    }
    worksheet_freeze_panes(s.ws, XL_FIRST_ROW, 1);
    xl_sheet_end(x, &s);
done:
    for (d = 0; row_totals && d < districts; d++)
        fl_dec_clear(row_totals[d]);
    fl_dec_clear(zero);
    free(row_totals);
    free(tops);
    free(cols);
    free(rows);
    free(values);
    return x->status;
}

/* --- Theo nguồn: every code, parents as SUM of their children -------------------------------- */

/* Whether b is a child of a ("CD.TM" of "CD"). */
static bool is_child(const char *a, const char *b)
{
    size_t n = strlen(a);

    return strncmp(a, b, n) == 0 && b[n] == '.' && !strchr(b + n + 1, '.');
}

static int depth_of(const char *code)
{
    int depth = 0;

    for (; *code; code++)
        depth += *code == '.';
    return depth > FL_SOURCE_DEPTH_MAX ? FL_SOURCE_DEPTH_MAX : depth;
}

static fl_status write_by_source(xl_ctx *x)
{
    const fl_rollup *r = x->rollup;
    const char *headers[] = {XL_T(x, "Mã", "Code"), XL_T(x, "Nguồn vốn", "Source"),
                             XL_T(x, "Thực hiện", "Actual"), XL_T(x, "Dự toán", "Estimate"),
                             XL_T(x, "Đạt % dự toán", "% of estimate")};
    size_t n = r->source_count, g, i, j, parts;
    lxw_row_t *src_row = calloc(n + 1, sizeof *src_row), *own_row = calloc(n + 1, sizeof *own_row);
    lxw_row_t *rows = calloc(n + 2, sizeof *rows),
              *group_row = calloc(r->group_count + 1, sizeof *group_row);
    fl_dec_srcptr *values = calloc(n + 2, sizeof *values);
    lxw_row_t row = XL_FIRST_ROW;
    char num[32], den[32];
    xl_sheet s;
    int kind;

    if (!src_row || !own_row || !rows || !group_row || !values) {
        x->status = fl_error_set(x->err, FL_ERR_NOMEM, "out of memory");
        goto done;
    }
    /* Layout first: a parent's SUM names rows below it. */
    for (g = 0; g < r->group_count; g++) {
        for (i = 0; i < n; i++) {
            if (strcmp(r->sources[i].group, r->groups[g].name) != 0)
                continue;
            src_row[i] = row++;
            if (r->sources[i].unallocated)
                own_row[i] = row++;
        }
        group_row[g] = row++;
        row++;
    }
    if (xl_sheet_begin(x, &s, XL_T(x, "Theo nguồn", "By source"),
                       XL_T(x, "TỔNG HỢP THEO NGUỒN VỐN", "BY FUNDING SOURCE"), headers,
                       5) != FL_OK)
        goto done;
    for (g = 0; g < r->group_count; g++) {
        const ru_group *group = &r->groups[g];
        for (i = 0; i < n; i++) {
            const ru_source *src = &r->sources[i];
            int depth = depth_of(src->code);
            bool has_children = false;

            if (strcmp(src->group, group->name) != 0)
                continue;
            for (j = 0; j < n && !has_children; j++)
                has_children = src_row[j] && is_child(src->code, r->sources[j].code);
            xl_text(x, &s, src_row[i], 0, src->code, depth == 0 ? x->bold_text : x->text);
            xl_text(x, &s, src_row[i], 1, src->label ? src->label : "", x->label[depth]);
            for (kind = 0; kind < 2; kind++) {
                fl_dec_srcptr total = kind ? src->estimate : src->actual;
                if (!has_children) {
                    xl_amount(x, &s, src_row[i], (lxw_col_t)(2 + kind), total, depth == 0, true);
                    continue;
                }
                parts = 0;
                if (own_row[i]) {
                    rows[parts] = own_row[i];
                    values[parts++] = kind ? src->unallocated_estimate : src->unallocated_actual;
                }
                for (j = 0; j < n; j++)
                    if (src_row[j] && is_child(src->code, r->sources[j].code)) {
                        rows[parts] = src_row[j];
                        values[parts++] = kind ? r->sources[j].estimate : r->sources[j].actual;
                    }
                xl_sum(x, &s, src_row[i], (lxw_col_t)(2 + kind), total, rows, values, parts,
                       depth == 0);
            }
            lxw_rowcol_to_cell(num, src_row[i], 2);
            lxw_rowcol_to_cell(den, src_row[i], 3);
            xl_ratio(x, &s, src_row[i], 4, num, den, src->actual, src->estimate, false, depth == 0);
            if (own_row[i]) {
                char label[256];
                snprintf(label, sizeof label, "%s (*)", src->code);
                xl_text(x, &s, own_row[i], 0, label, x->text);
                xl_text(
                    x, &s, own_row[i], 1,
                    XL_T(x, "Ghi thẳng vào mã cha, chưa phân bổ cho mã con",
                         "Posted to the parent itself, not to any child"),
                    x->label[depth + 1 > FL_SOURCE_DEPTH_MAX ? FL_SOURCE_DEPTH_MAX : depth + 1]);
                xl_amount(x, &s, own_row[i], 2, src->unallocated_actual, false, true);
                xl_amount(x, &s, own_row[i], 3, src->unallocated_estimate, false, true);
            }
        }
        /* The group's total: its top-level codes (groups are never added together). */
        xl_text(x, &s, group_row[g], 0, group->name, x->bold_text);
        xl_text(x, &s, group_row[g], 1, XL_T(x, "Tổng cộng", "Total"), x->bold_text);
        for (kind = 0; kind < 2; kind++) {
            parts = 0;
            for (i = 0; i < n; i++)
                if (strcmp(r->sources[i].group, group->name) == 0 && is_top(&r->sources[i])) {
                    rows[parts] = src_row[i];
                    values[parts++] = kind ? r->sources[i].estimate : r->sources[i].actual;
                }
            xl_sum(x, &s, group_row[g], (lxw_col_t)(2 + kind),
                   kind ? group->estimate : group->actual, rows, values, parts, true);
        }
        lxw_rowcol_to_cell(num, group_row[g], 2);
        lxw_rowcol_to_cell(den, group_row[g], 3);
        xl_ratio(x, &s, group_row[g], 4, num, den, group->actual, group->estimate, false, true);
    }
    worksheet_freeze_panes(s.ws, XL_FIRST_ROW, 2);
    xl_sheet_end(x, &s);
done:
    free(src_row);
    free(own_row);
    free(rows);
    free(group_row);
    free(values);
    return x->status;
}

/* --- Kiểm tra: the summaries read, the notes on cells ---------------------------------------- */

static fl_status write_checks(xl_ctx *x)
{
    const fl_rollup *r = x->rollup;
    const char *headers[] = {XL_T(x, "Tệp tổng hợp", "Summary file"), XL_T(x, "Huyện", "District"),
                             XL_T(x, "SHA-256", "SHA-256"), XL_T(x, "Số bút toán", "Entries")};
    lxw_row_t row = XL_FIRST_ROW;
    xl_sheet s;
    size_t i;

    if (xl_sheet_begin(x, &s, XL_T(x, "Kiểm tra", "Checks"), XL_T(x, "KIỂM TRA SỐ LIỆU", "CHECKS"),
                       headers, 4) != FL_OK)
        return x->status;
    for (i = 0; i < r->input_count; i++) {
        xl_text(x, &s, row, 0, r->inputs[i].path, x->text);
        xl_text(x, &s, row, 1, i < r->unit_count ? r->units[i].name : "", x->text);
        xl_text(x, &s, row, 2, r->inputs[i].sha256, x->text);
        xl_count(x, &s, row, 3, r->inputs[i].entries);
        row++;
    }
    row++;
    xl_text(x, &s, row++, 0,
            XL_T(x, "Mỗi bản tổng hợp đã được đọc chính xác và kiểm tra: các số liệu cộng khớp.",
                 "Each summary was read exactly and checked: its figures add up."),
            x->text);
    xl_text(x, &s, row++, 0, XL_T(x, "Ghi chú về các ô", "Notes on cells"), x->bold_text);
    xl_text(x, &s, row++, 0,
            XL_T(x,
                 "Tổng và tổng phụ là công thức SUM kèm giá trị đã tính chính xác; các nhóm nguồn "
                 "(NTM, THU, …) không bao giờ cộng với nhau.",
                 "Totals and subtotals are SUM formulas stored with their exact values; the "
                 "groups (NTM, THU, …) are never added together."),
            x->text);
    if (!x->note_count)
        xl_text(x, &s, row++, 0,
                XL_T(x, "Mọi số tiền được ghi dưới dạng số chính xác.",
                     "Every amount is written as an exact number."),
                x->text);
    for (i = 0; i < x->note_count; i++)
        xl_text(x, &s, row++, 0, x->notes[i], x->text);
    xl_notes_unlisted(x, &s, &row, 0);
    xl_sheet_end(x, &s);
    return x->status;
}

static fl_status write_sheets(xl_ctx *x)
{
    if (write_by_district(x) == FL_OK && write_by_source(x) == FL_OK)
        write_checks(x);
    return x->status;
}

fl_status fl_rollup__xlsx_to_temp(fl_atomic_file *file, const char *path, const fl_rollup *r,
                                  const fl_export_options *opts, fl_error *err)
{
    static const fl_export_options defaults = FL_EXPORT_OPTIONS_INIT;
    lxw_doc_properties props = {0};
    char subject[512], subtitle[512];
    xl_ctx x;
    fl_status st;

    memset(&x, 0, sizeof x);
    memset(file, 0, sizeof *file);
    x.opts = opts ? *opts : defaults;
    if (x.opts.scale != FL_SCALE_DONG && x.opts.scale != FL_SCALE_NGHIN &&
        x.opts.scale != FL_SCALE_TRIEU && x.opts.scale != FL_SCALE_TY)
        return fl_error_set(err, FL_ERR_INVALID_ARGUMENT,
                            "the workbook shows đồng, nghìn, triệu or tỷ");
    x.rollup = r;
    x.vi = x.opts.lang == FL_LOCALE_VI;
    x.err = err;
    snprintf(subtitle, sizeof subtitle,
             XL_T(&x, "Kỳ số liệu: %s – %s; %zu bản tổng hợp, %zu bút toán; lập bởi fundledger %s",
                  "Period: %s – %s; %zu summaries, %zu entries; made by fundledger %s"),
             r->from ? r->from : "-", r->to ? r->to : "-", r->summaries, r->entries, fl_version());
    x.subtitle_text = subtitle;
    snprintf(subject, sizeof subject,
             XL_T(&x, "Tổng hợp %zu huyện, kỳ %s – %s", "Roll-up of %zu districts, %s – %s"),
             r->unit_count, r->from ? r->from : "-", r->to ? r->to : "-");
    props.title = (char *)(uintptr_t)XL_T(&x, "Tổng hợp nguồn lực xây dựng nông thôn mới của tỉnh",
                                          "New Rural Development funding: province roll-up");
    props.subject = subject;
    props.comments = (char *)(uintptr_t)("fundledger " FL_VERSION_STRING);
    props.keywords = (char *)(uintptr_t) "fundledger, rollup, " FL_SUMMARY_SCHEMA;
    props.created = (time_t)x.opts.created;
    st = xl_write_workbook(&x, file, path, &props, false, write_sheets);
    xl_free_ctx(&x);
    return st;
}
