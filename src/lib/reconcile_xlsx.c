/*
 * reconcile_xlsx.c - a reconciliation as an .xlsx workbook
 * (fl_reconcile_save_xlsx), with the sections of the JSON document, one
 * sheet each: Tóm tắt (options, summary, bridge), Chênh lệch, Chỉ có ở A,
 * Chỉ có ở B, Khớp, Theo nguồn, Theo đơn vị.
 *
 * Money is a number only when fl_export_exact_double proves the double is
 * the exact decimal with at most 15 significant digits; otherwise the cell
 * holds the exact decimal as text, so nothing is silently rounded.  The
 * workbook is written to a temporary file beside the destination and
 * renamed over it (atomic_file.h), in libxlsxwriter's constant-memory mode
 * so a million pairs do not need a million rows in memory.
 */
#include "reconcile_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#include "atomic_file.h"
#include "fundledger/export.h"

typedef struct book {
    lxw_workbook *wb;
    lxw_format *bold, *money, *money_places;
    bool failed;
} book;

static void check(book *bk, lxw_error e)
{
    if (e != LXW_NO_ERROR)
        bk->failed = true;
}

static void put_text(book *bk, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *text,
                     lxw_format *fmt)
{
    if (text && *text)
        check(bk, worksheet_write_string(ws, r, c, text, fmt));
}

static void put_money(book *bk, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const fl_dec v)
{
    double d;
    if (fl_export_exact_double(&d, v)) {
        check(bk, worksheet_write_number(ws, r, c, d,
                                         fl_dec_is_integer(v) ? bk->money : bk->money_places));
    } else {
        char *text = rec_plain_amount(v);
        if (!text)
            bk->failed = true;
        else
            check(bk, worksheet_write_string(ws, r, c, text, NULL));
        free(text);
    }
}

static void put_count(book *bk, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, size_t n)
{
    check(bk, worksheet_write_number(ws, r, c, (double)n, NULL));
}

static void header(book *bk, lxw_worksheet *ws, const char *const *titles, lxw_col_t n)
{
    lxw_col_t c;
    for (c = 0; c < n; c++)
        put_text(bk, ws, 0, c, titles[c], bk->bold);
    worksheet_freeze_panes(ws, 1, 0);
}

static char *joined_refs(const fl_entry *const *e, size_t n)
{
    size_t i, len = 1;
    char *s;

    for (i = 0; i < n; i++)
        len += (e[i]->ref ? strlen(e[i]->ref) : 1) + 1;
    if (!(s = malloc(len)))
        return NULL;
    s[0] = '\0';
    for (i = 0; i < n; i++) {
        if (i)
            strcat(s, "+");
        strcat(s, e[i]->ref ? e[i]->ref : "-");
    }
    return s;
}

static void put_date(book *bk, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, fl_date date)
{
    char buf[11];
    if (!date)
        return;
    fl_date_format(buf, date);
    put_text(bk, ws, r, c, buf, NULL);
}

static void put_sum(book *bk, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const fl_entry *const *e,
                    size_t n)
{
    fl_dec sum;
    size_t i;

    fl_dec_init(sum);
    for (i = 0; i < n; i++)
        if (fl_dec_add(sum, sum, e[i]->amount) != FL_OK)
            bk->failed = true;
    put_money(bk, ws, r, c, sum);
    fl_dec_clear(sum);
}

static void pairs_sheet(book *bk, const fl_reconcile *rec, const char *name, bool differing)
{
    static const char *const titles[] = {
        "Quy tắc", "Đơn vị",    "Nguồn A",   "Nguồn B", "Chứng từ A", "Chứng từ B",    "Ngày A",
        "Ngày B",  "Số tiền A", "Số tiền B", "A − B",   "Khác ở",     "Trong dung sai"};
    static const char *const what[4] = {"số tiền", "ngày", "nguồn", "loại"};
    lxw_worksheet *ws = workbook_add_worksheet(bk->wb, name);
    lxw_row_t r = 1;
    size_t i, k;

    if (!ws) {
        bk->failed = true;
        return;
    }
    header(bk, ws, titles, differing ? 13 : 11);
    for (i = 0; i < rec->pair_count && !bk->failed; i++) {
        const fl_reconcile_pair *p = &rec->pairs[i];
        char *refs, buf[64];
        if ((p->differs != 0) != differing)
            continue;
        put_text(bk, ws, r, 0, fl_reconcile_rule_name(p->rule), NULL);
        put_text(bk, ws, r, 1, fl_reconcile_entry_unit(rec, 0, p->a[0]), NULL);
        put_text(bk, ws, r, 2, fl_reconcile_entry_source(rec, 0, p->a[0]), NULL);
        put_text(bk, ws, r, 3, fl_reconcile_entry_source(rec, 1, p->b[0]), NULL);
        refs = joined_refs(p->a, p->a_count);
        put_text(bk, ws, r, 4, refs, NULL);
        free(refs);
        refs = joined_refs(p->b, p->b_count);
        put_text(bk, ws, r, 5, refs, NULL);
        free(refs);
        put_date(bk, ws, r, 6, p->a[0]->date);
        put_date(bk, ws, r, 7, p->b[0]->date);
        put_sum(bk, ws, r, 8, p->a, p->a_count);
        put_sum(bk, ws, r, 9, p->b, p->b_count);
        put_money(bk, ws, r, 10, p->difference);
        if (differing) {
            buf[0] = '\0';
            for (k = 0; k < 4; k++)
                if (p->differs & (1u << k)) {
                    if (buf[0])
                        strcat(buf, ", ");
                    strcat(buf, what[k]);
                }
            put_text(bk, ws, r, 11, buf, NULL);
            put_text(bk, ws, r, 12, p->tolerated ? "có" : "không", NULL);
        }
        r++;
    }
    check(bk, worksheet_set_column(ws, 0, 12, 14, NULL));
}

static void only_sheet(book *bk, const fl_reconcile *rec, const char *name, int side)
{
    static const char *const titles[] = {"Ngày",    "Đơn vị",   "Nguồn", "Loại", "Chứng từ",
                                         "Số tiền", "Nội dung", "Tệp",   "Dòng"};
    lxw_worksheet *ws = workbook_add_worksheet(bk->wb, name);
    size_t i;

    if (!ws) {
        bk->failed = true;
        return;
    }
    header(bk, ws, titles, 9);
    for (i = 0; i < rec->only_count[side] && !bk->failed; i++) {
        const fl_entry *e = rec->only[side][i];
        lxw_row_t r = (lxw_row_t)(i + 1);
        put_date(bk, ws, r, 0, e->date);
        put_text(bk, ws, r, 1, fl_reconcile_entry_unit(rec, side, e), NULL);
        put_text(bk, ws, r, 2, fl_reconcile_entry_source(rec, side, e), NULL);
        put_text(bk, ws, r, 3, fl_entry_kind_name(e->kind), NULL);
        put_text(bk, ws, r, 4, e->ref, NULL);
        put_money(bk, ws, r, 5, e->amount);
        put_text(bk, ws, r, 6, e->memo, NULL);
        put_text(bk, ws, r, 7, fl_ledger_input_path(rec->side[side].ledger, e->input), NULL);
        put_count(bk, ws, r, 8, e->line);
    }
    check(bk, worksheet_set_column(ws, 0, 8, 14, NULL));
}

static void totals_sheet(book *bk, const fl_reconcile *rec, const char *name, fl_reconcile_by by)
{
    const char *titles[] = {by == FL_RECONCILE_BY_UNIT ? "Đơn vị" : "Nguồn",
                            "Loại",
                            "A",
                            "B",
                            "A − B",
                            "Bút toán A",
                            "Bút toán B"};
    lxw_worksheet *ws = workbook_add_worksheet(bk->wb, name);
    size_t i, n = fl_reconcile_total_count(rec, by);

    if (!ws) {
        bk->failed = true;
        return;
    }
    header(bk, ws, titles, 7);
    for (i = 0; i < n && !bk->failed; i++) {
        const fl_reconcile_total *t = fl_reconcile_total_get(rec, by, i);
        lxw_row_t r = (lxw_row_t)(i + 1);
        put_text(bk, ws, r, 0, t->key, NULL);
        put_text(bk, ws, r, 1, fl_entry_kind_name(t->kind), NULL);
        put_money(bk, ws, r, 2, t->a);
        put_money(bk, ws, r, 3, t->b);
        put_money(bk, ws, r, 4, t->difference);
        put_count(bk, ws, r, 5, t->a_count);
        put_count(bk, ws, r, 6, t->b_count);
    }
    check(bk, worksheet_set_column(ws, 0, 6, 16, NULL));
}

static void summary_sheet(book *bk, const fl_reconcile *rec)
{
    const fl_reconcile_bridge *b = &rec->bridge;
    lxw_worksheet *ws = workbook_add_worksheet(bk->wb, "Tóm tắt");
    const char *labels[] = {"Tổng A",
                            "Tổng B",
                            "Tổng A − Tổng B",
                            "Σ chênh lệch các cặp",
                            "Σ chỉ có ở A",
                            "Σ chỉ có ở B",
                            "Vế phải = Σ chênh lệch + Σ chỉ có ở A − Σ chỉ có ở B"};
    const fl_dec_struct *values[] = {b->total_a, b->total_b, b->left, b->pair_differences,
                                     b->only_a,  b->only_b,  b->right};
    lxw_row_t r = 0;
    size_t i;
    char window[32];

    if (!ws) {
        bk->failed = true;
        return;
    }
    put_text(bk, ws, r++, 0, "Đối chiếu hai sổ (fundledger.reconcile/1)", bk->bold);
    put_text(bk, ws, r, 0, "Cách ghép", NULL);
    put_text(bk, ws, r++, 1, fl_reconcile_match_name(rec->opts.match), NULL);
    snprintf(window, sizeof window, "%ld", rec->opts.date_window);
    put_text(bk, ws, r, 0, "Khoảng ngày (ngày)", NULL);
    put_text(bk, ws, r++, 1, window, NULL);
    put_text(bk, ws, r, 0, "Dung sai (đồng)", NULL);
    put_money(bk, ws, r++, 1, rec->tolerance);
    r++;
    put_text(bk, ws, r++, 0, "Tóm tắt", bk->bold);
    put_text(bk, ws, r, 0, "Cặp khớp hoàn toàn", NULL);
    put_count(bk, ws, r++, 1, rec->pair_count - rec->difference_count);
    put_text(bk, ws, r, 0, "Cặp có chênh lệch", NULL);
    put_count(bk, ws, r++, 1, rec->difference_count);
    put_text(bk, ws, r, 0, "trong đó trong dung sai", NULL);
    put_count(bk, ws, r++, 1, rec->difference_count - rec->untolerated_count);
    put_text(bk, ws, r, 0, "Chỉ có ở A", NULL);
    put_count(bk, ws, r++, 1, rec->only_count[0]);
    put_text(bk, ws, r, 0, "Chỉ có ở B", NULL);
    put_count(bk, ws, r++, 1, rec->only_count[1]);
    r++;
    put_text(bk, ws, r++, 0, "Cầu đối chiếu", bk->bold);
    for (i = 0; i < 7; i++) {
        put_text(bk, ws, r, 0, labels[i], NULL);
        put_money(bk, ws, r++, 1, values[i]);
    }
    put_text(bk, ws, r, 0, "Cầu khớp", NULL);
    put_text(bk, ws, r++, 1, b->closes ? "có" : "KHÔNG", NULL);
    r++;
    put_text(bk, ws, r, 0, "Kết luận", bk->bold);
    put_text(bk, ws, r++, 1, fl_reconcile_all_matched(rec) ? "hai sổ khớp" : "hai sổ có chênh lệch",
             NULL);
    check(bk, worksheet_set_column(ws, 0, 0, 52, NULL));
    check(bk, worksheet_set_column(ws, 1, 1, 22, NULL));
}

fl_status fl_reconcile_save_xlsx(const fl_reconcile *rec, const char *path, fl_error *err)
{
    lxw_workbook_options wo = {.constant_memory = LXW_TRUE, .tmpdir = NULL};
    fl_atomic_file f = {0};
    book bk = {0};
    lxw_error closed;
    fl_status st;

    if (err)
        fl_error_clear(err);
    if (!rec || !path)
        return FL_ERR_INVALID_ARGUMENT;
    if ((st = fl_atomic_begin(&f, path, err)) != FL_OK)
        return st;
    /* libxlsxwriter writes by file name: close our handle and let it write the temp file. */
    if (fclose(f.fp) != 0) {
        f.fp = NULL;
        st = fl_atomic__io_error(err, path, "closing the temporary file failed", errno);
        fl_atomic_abort(&f);
        return st;
    }
    f.fp = NULL;
    bk.wb = workbook_new_opt(f.temp_path, &wo);
    if (!bk.wb) {
        st = fl_atomic__io_error(err, path, "creating the workbook failed", errno);
        fl_atomic_abort(&f);
        return st;
    }
    bk.bold = workbook_add_format(bk.wb);
    bk.money = workbook_add_format(bk.wb);
    bk.money_places = workbook_add_format(bk.wb);
    if (!bk.bold || !bk.money || !bk.money_places) {
        bk.failed = true;
    } else {
        format_set_bold(bk.bold);
        format_set_num_format(bk.money, "#,##0");
        format_set_num_format(bk.money_places, "#,##0.##########");
    }
    if (!bk.failed) {
        summary_sheet(&bk, rec);
        pairs_sheet(&bk, rec, "Chênh lệch", true);
        only_sheet(&bk, rec, "Chỉ có ở A", 0);
        only_sheet(&bk, rec, "Chỉ có ở B", 1);
        pairs_sheet(&bk, rec, "Khớp", false);
        totals_sheet(&bk, rec, "Theo nguồn", FL_RECONCILE_BY_SOURCE);
        totals_sheet(&bk, rec, "Theo đơn vị", FL_RECONCILE_BY_UNIT);
    }
    closed = workbook_close(bk.wb);
    if (bk.failed || closed != LXW_NO_ERROR) {
        if (err) {
            err->status = FL_ERR_IO;
            snprintf(err->file, sizeof err->file, "%s", path);
            snprintf(err->message, sizeof err->message, "writing the workbook failed: %s",
                     closed != LXW_NO_ERROR ? lxw_strerror(closed) : "a cell could not be written");
        }
        fl_atomic_abort(&f);
        return FL_ERR_IO;
    }
    return fl_atomic_commit(&f, err); /* with fp NULL it fsyncs the temporary file by name */
}
