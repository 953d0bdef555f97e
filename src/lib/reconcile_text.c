/*
 * reconcile_text.c - a reconciliation for a reviewer, read top to bottom
 * (fl_reconcile_write_text): what was compared, the summary, the pairs that
 * differ, what only one side has, the pairs that needed more than a
 * reference to find, totals side by side and the bridge, then the verdict.
 *
 * Tables are built cell by cell and written with each column as wide as its
 * widest cell, measured in display width (utf8proc_charwidth), so
 * Vietnamese text lines up.
 */
#include "reconcile_internal.h"

#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

typedef struct words {
    const char *title, *side_a, *side_b, *entries, *match_ref, *match_auto, *window, *tolerance;
    const char *summary, *pairs_matched, *pairs_differ, *tolerated_n, *only_a, *only_b;
    const char *differences, *matched_other, *by_ref_only, *totals_by[2], *bridge;
    const char *col_rule, *col_unit, *col_source, *col_ref, *col_date, *col_amount, *col_diff;
    const char *col_what, *col_where, *col_key, *col_kind_estimate, *none;
    const char *what[4], *within;
    const char *b_total_a, *b_total_b, *b_left, *b_pairs, *b_only_a, *b_only_b, *b_right;
    const char *closes, *verdict_ok, *verdict_diff, *budget;
    const char *rule[3];
} words;

static const words words_vi = {
    "ĐỐI CHIẾU HAI SỔ",
    "A",
    "B",
    "bút toán",
    "theo số chứng từ và đơn vị",
    "theo số chứng từ; rồi đơn vị + nguồn + số tiền trong khoảng ngày; rồi khoản tách",
    "Khoảng ngày cho phép: {} ngày",
    "Dung sai số tiền: {} đồng",
    "Tóm tắt",
    "Cặp khớp hoàn toàn",
    "Cặp có chênh lệch",
    "trong đó trong dung sai: {}",
    "Chỉ có ở A",
    "Chỉ có ở B",
    "Các cặp có chênh lệch",
    "Các cặp khớp không nhờ số chứng từ (cần xem lại)",
    "{} cặp khớp theo số chứng từ không liệt kê ở đây (có trong --json, --xlsx)",
    {"Tổng hợp theo nguồn", "Tổng hợp theo đơn vị"},
    "Cầu đối chiếu",
    "Quy tắc",
    "Đơn vị",
    "Nguồn",
    "Chứng từ",
    "Ngày",
    "Số tiền",
    "A − B",
    "Khác ở",
    "Vị trí",
    "Mã",
    "(dự toán)",
    "không có",
    {"số tiền", "ngày", "nguồn", "loại"},
    "trong dung sai",
    "Tổng A",
    "Tổng B",
    "Tổng A − Tổng B",
    "Σ chênh lệch các cặp",
    "+ Σ chỉ có ở A",
    "− Σ chỉ có ở B",
    "= Vế phải",
    "Cầu khớp đúng đến từng đồng: Tổng A − Tổng B = Σ chênh lệch + Σ chỉ có ở A − Σ chỉ có ở B.",
    "Kết luận: hai sổ khớp.",
    "Kết luận: hai sổ có chênh lệch.",
    "Lưu ý: tìm khoản tách đã dừng vì vượt giới hạn tính toán; một số khoản tách có thể chưa "
    "được ghép.",
    {"chứng từ", "tự động", "tách"},
};

static const words words_en = {
    "RECONCILIATION OF TWO LEDGERS",
    "A",
    "B",
    "entries",
    "by document reference and unit",
    "by document reference; then unit + source + amount within the date window; then splits",
    "Date window: {} days",
    "Amount tolerance: {} VND",
    "Summary",
    "Pairs that agree",
    "Pairs that differ",
    "of which within tolerance: {}",
    "Only in A",
    "Only in B",
    "Pairs that differ",
    "Pairs matched without a reference (to review)",
    "{} pairs matched by reference are not listed here (see --json, --xlsx)",
    {"Totals by source", "Totals by unit"},
    "Bridge",
    "Rule",
    "Unit",
    "Source",
    "Reference",
    "Date",
    "Amount",
    "A − B",
    "Differs in",
    "Where",
    "Key",
    "(estimate)",
    "none",
    {"amount", "date", "source", "kind"},
    "within tolerance",
    "Total A",
    "Total B",
    "Total A − Total B",
    "Σ pair differences",
    "+ Σ only in A",
    "− Σ only in B",
    "= Right side",
    "The bridge closes to the last đồng: total A − total B = Σ differences + Σ only in A − Σ "
    "only in B.",
    "Verdict: the ledgers agree.",
    "Verdict: the ledgers differ.",
    "Note: the split search stopped at its work limit; some splits may be left unmatched.",
    {"ref", "auto", "split"},
};

char *rec_format_amount(const fl_dec v, fl_locale locale)
{
    fl_format_options fo = FL_FORMAT_OPTIONS_INIT;
    char *out = NULL;

    fo.locale = locale;
    if (fl_amount_format(&out, v, &fo, NULL) != FL_OK)
        return NULL;
    return out;
}

char *rec_plain_amount(const fl_dec v)
{
    return fl_dec_to_string(v);
}

/* --- a small table writer -------------------------------------------------------------- */

typedef struct table {
    size_t columns, rows, capacity;
    char **cells;      /* rows x columns, owned */
    const char *align; /* 'l' or 'r' per column */
    bool failed;
} table;

static void table_put(table *t, size_t column, char *text)
{
    if (!text) {
        t->failed = true;
        return;
    }
    free(t->cells[(t->rows - 1) * t->columns + column]);
    t->cells[(t->rows - 1) * t->columns + column] = text;
}

static char *dup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

static bool table_add_row(table *t)
{
    if (t->rows == t->capacity) {
        size_t capacity = t->capacity ? t->capacity * 2 : 16;
        char **cells = realloc(t->cells, capacity * t->columns * sizeof *cells);
        if (!cells) {
            t->failed = true;
            return false;
        }
        t->cells = cells;
        t->capacity = capacity;
    }
    memset(t->cells + t->rows * t->columns, 0, t->columns * sizeof *t->cells);
    t->rows++;
    return true;
}

static void table_free(table *t)
{
    size_t i;
    for (i = 0; i < t->rows * t->columns; i++)
        free(t->cells[i]);
    free(t->cells);
}

static size_t display_width(const char *text)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)text;
    utf8proc_ssize_t left = (utf8proc_ssize_t)strlen(text);
    size_t width = 0;

    while (left > 0) {
        utf8proc_int32_t c;
        utf8proc_ssize_t n = utf8proc_iterate(p, left, &c);
        int w;
        if (n <= 0)
            return width + (size_t)left;
        w = utf8proc_charwidth(c);
        width += w > 0 ? (size_t)w : 0;
        p += n;
        left -= n;
    }
    return width;
}

static bool table_write(const table *t, FILE *out)
{
    size_t *widths = calloc(t->columns, sizeof *widths);
    size_t r, c, pad;
    bool ok = true;

    if (!widths)
        return false;
    for (r = 0; r < t->rows; r++)
        for (c = 0; c < t->columns; c++) {
            const char *s = t->cells[r * t->columns + c];
            size_t w = s ? display_width(s) : 0;
            if (w > widths[c])
                widths[c] = w;
        }
    for (r = 0; r < t->rows && ok; r++) {
        size_t last = t->columns;
        while (last > 0 && !t->cells[r * t->columns + last - 1])
            last--;
        fputs("  ", out);
        for (c = 0; c < last; c++) {
            const char *s = t->cells[r * t->columns + c] ? t->cells[r * t->columns + c] : "";
            size_t w = display_width(s);
            if (c)
                fputs("  ", out);
            if (t->align[c] == 'r')
                for (pad = w; pad < widths[c]; pad++)
                    fputc(' ', out);
            fputs(s, out);
            if (t->align[c] != 'r' && c + 1 < last)
                for (pad = w; pad < widths[c]; pad++)
                    fputc(' ', out);
        }
        if (fputc('\n', out) == EOF)
            ok = false;
        if (r == 0) { /* a rule under the header */
            size_t total = 0;
            for (c = 0; c < t->columns; c++)
                total += widths[c] + (c ? 2 : 0);
            fputs("  ", out);
            for (pad = 0; pad < total; pad++)
                fputs("─", out);
            fputc('\n', out);
        }
    }
    free(widths);
    return ok;
}

/* --- pieces ---------------------------------------------------------------------------- */

static char *fill(const char *pattern, const char *value)
{
    const char *hole = strstr(pattern, "{}");
    size_t n;
    char *s;

    if (!hole)
        return dup(pattern);
    n = strlen(pattern) - 2 + strlen(value) + 1;
    s = malloc(n);
    if (s)
        snprintf(s, n, "%.*s%s%s", (int)(hole - pattern), pattern, value, hole + 2);
    return s;
}

static char *date_text(fl_date date)
{
    char buf[11];
    if (!date)
        return dup("");
    fl_date_format(buf, date);
    return dup(buf);
}

/* The references of several entries joined by "+" (splits); "" when none has one. */
static char *refs_text(const fl_entry *const *e, size_t n)
{
    size_t i, len = 1;
    char *s;

    for (i = 0; i < n; i++)
        len += (e[i]->ref ? strlen(e[i]->ref) : 1) + 1;
    s = malloc(len);
    if (!s)
        return NULL;
    s[0] = '\0';
    for (i = 0; i < n; i++) {
        if (i)
            strcat(s, "+");
        strcat(s, e[i]->ref ? e[i]->ref : "-");
    }
    return s;
}

static char *sum_text(const fl_entry *const *e, size_t n, fl_locale locale)
{
    fl_dec sum;
    size_t i;
    char *s = NULL;
    fl_status st = FL_OK;

    fl_dec_init(sum);
    for (i = 0; i < n && st == FL_OK; i++)
        st = fl_dec_add(sum, sum, e[i]->amount);
    if (st == FL_OK)
        s = rec_format_amount(sum, locale);
    fl_dec_clear(sum);
    return s;
}

static char *what_text(const fl_reconcile_pair *p, const words *w)
{
    char buf[256];
    size_t k;

    buf[0] = '\0';
    for (k = 0; k < 4; k++)
        if (p->differs & (1u << k)) {
            if (buf[0])
                strcat(buf, ", ");
            strcat(buf, w->what[k]);
        }
    if (p->tolerated) {
        strcat(buf, " (");
        strcat(buf, w->within);
        strcat(buf, ")");
    }
    return dup(buf);
}

static char *where_text(const fl_reconcile *rec, int side, const fl_entry *e)
{
    const char *path = fl_ledger_input_path(rec->side[side].ledger, e->input);
    size_t n = strlen(path) + 24;
    char *s = malloc(n);
    if (s)
        snprintf(s, n, "%s:%u", path, (unsigned)e->line);
    return s;
}

static const char *pair_unit(const fl_reconcile *rec, const fl_reconcile_pair *p)
{
    return p->a_count ? fl_reconcile_entry_unit(rec, 0, p->a[0])
                      : fl_reconcile_entry_unit(rec, 1, p->b[0]);
}

static bool write_pairs(const fl_reconcile *rec, FILE *out, const words *w, fl_locale locale,
                        bool differing)
{
    table t = {11, 0, 0, NULL, "lllllllrrrl", false};
    size_t i;
    bool ok;

    table_add_row(&t);
    table_put(&t, 0, dup(w->col_rule));
    table_put(&t, 1, dup(w->col_unit));
    table_put(&t, 2, dup(w->col_source));
    table_put(&t, 3, fill("{} A", w->col_ref));
    table_put(&t, 4, fill("{} B", w->col_ref));
    table_put(&t, 5, fill("{} A", w->col_date));
    table_put(&t, 6, fill("{} B", w->col_date));
    table_put(&t, 7, fill("{} A", w->col_amount));
    table_put(&t, 8, fill("{} B", w->col_amount));
    table_put(&t, 9, dup(w->col_diff));
    table_put(&t, 10, dup(w->col_what));
    for (i = 0; i < rec->pair_count && !t.failed; i++) {
        const fl_reconcile_pair *p = &rec->pairs[i];
        if (differing ? p->differs == 0 : (p->differs != 0 || p->rule == FL_RECONCILE_RULE_REF))
            continue;
        if (!table_add_row(&t))
            break;
        table_put(&t, 0, dup(w->rule[p->rule]));
        table_put(&t, 1, dup(pair_unit(rec, p)));
        if (p->differs & FL_RECONCILE_DIFF_SOURCE) {
            const char *sa = fl_reconcile_entry_source(rec, 0, p->a[0]);
            const char *sb = fl_reconcile_entry_source(rec, 1, p->b[0]);
            size_t n = strlen(sa) + strlen(sb) + 8;
            char *s = malloc(n);
            if (s)
                snprintf(s, n, "%s / %s", sa, sb);
            table_put(&t, 2, s);
        } else {
            table_put(&t, 2, dup(fl_reconcile_entry_source(rec, 0, p->a[0])));
        }
        table_put(&t, 3, refs_text(p->a, p->a_count));
        table_put(&t, 4, refs_text(p->b, p->b_count));
        table_put(&t, 5, date_text(p->a[0]->date));
        table_put(&t, 6, date_text(p->b[0]->date));
        table_put(&t, 7, sum_text(p->a, p->a_count, locale));
        table_put(&t, 8, sum_text(p->b, p->b_count, locale));
        table_put(&t, 9, rec_format_amount(p->difference, locale));
        if (differing)
            table_put(&t, 10, what_text(p, w));
    }
    ok = !t.failed && (t.rows > 1 ? table_write(&t, out) : fprintf(out, "  %s\n", w->none) > 0);
    table_free(&t);
    return ok;
}

static bool write_only(const fl_reconcile *rec, FILE *out, const words *w, fl_locale locale,
                       int side)
{
    table t = {6, 0, 0, NULL, "llllrl", false};
    size_t i;
    bool ok;

    table_add_row(&t);
    table_put(&t, 0, dup(w->col_date));
    table_put(&t, 1, dup(w->col_unit));
    table_put(&t, 2, dup(w->col_source));
    table_put(&t, 3, dup(w->col_ref));
    table_put(&t, 4, dup(w->col_amount));
    table_put(&t, 5, dup(w->col_where));
    for (i = 0; i < rec->only_count[side] && !t.failed; i++) {
        const fl_entry *e = rec->only[side][i];
        if (!table_add_row(&t))
            break;
        table_put(&t, 0, date_text(e->date));
        table_put(&t, 1, dup(fl_reconcile_entry_unit(rec, side, e)));
        table_put(&t, 2, dup(fl_reconcile_entry_source(rec, side, e)));
        table_put(&t, 3, dup(e->ref ? e->ref : ""));
        table_put(&t, 4, rec_format_amount(e->amount, locale));
        table_put(&t, 5, where_text(rec, side, e));
    }
    ok = !t.failed && (t.rows > 1 ? table_write(&t, out) : fprintf(out, "  %s\n", w->none) > 0);
    table_free(&t);
    return ok;
}

static bool write_totals(const fl_reconcile *rec, FILE *out, const words *w, fl_locale locale,
                         fl_reconcile_by by)
{
    table t = {4, 0, 0, NULL, "lrrr", false};
    size_t i, k = by == FL_RECONCILE_BY_UNIT;
    bool ok;

    table_add_row(&t);
    table_put(&t, 0, dup(by == FL_RECONCILE_BY_UNIT ? w->col_unit : w->col_key));
    table_put(&t, 1, dup("A"));
    table_put(&t, 2, dup("B"));
    table_put(&t, 3, dup(w->col_diff));
    for (i = 0; i < rec->total_count[k] && !t.failed; i++) {
        const fl_reconcile_total *row = &rec->totals[k][i];
        if (!table_add_row(&t))
            break;
        if (row->kind == FL_KIND_ESTIMATE) {
            size_t n = strlen(row->key) + strlen(w->col_kind_estimate) + 2;
            char *s = malloc(n);
            if (s)
                snprintf(s, n, "%s %s", row->key, w->col_kind_estimate);
            table_put(&t, 0, s);
        } else {
            table_put(&t, 0, dup(row->key));
        }
        table_put(&t, 1, rec_format_amount(row->a, locale));
        table_put(&t, 2, rec_format_amount(row->b, locale));
        table_put(&t, 3, rec_format_amount(row->difference, locale));
    }
    ok = !t.failed && (t.rows > 1 ? table_write(&t, out) : fprintf(out, "  %s\n", w->none) > 0);
    table_free(&t);
    return ok;
}

static bool write_bridge(const fl_reconcile *rec, FILE *out, const words *w, fl_locale locale)
{
    const fl_reconcile_bridge *b = &rec->bridge;
    const char *labels[7] = {w->b_total_a, w->b_total_b, w->b_left, w->b_pairs,
                             w->b_only_a,  w->b_only_b,  w->b_right};
    const fl_dec_struct *values[7] = {b->total_a, b->total_b, b->left, b->pair_differences,
                                      b->only_a,  b->only_b,  b->right};
    table t = {2, 0, 0, NULL, "lr", false};
    size_t i;
    bool ok;

    for (i = 0; i < 7 && !t.failed; i++) {
        if (!table_add_row(&t))
            break;
        table_put(&t, 0, dup(labels[i]));
        table_put(&t, 1, rec_format_amount(values[i], locale));
    }
    /* No header rule here: every row is a figure. */
    if (!t.failed && t.rows) {
        table one = t;
        size_t r;
        size_t widths[2] = {0, 0};
        for (r = 0; r < one.rows; r++) {
            size_t c;
            for (c = 0; c < 2; c++) {
                size_t wd = display_width(one.cells[r * 2 + c]);
                if (wd > widths[c])
                    widths[c] = wd;
            }
        }
        for (r = 0; r < one.rows; r++) {
            size_t pad;
            fprintf(out, "  %s", one.cells[r * 2]);
            for (pad = display_width(one.cells[r * 2]); pad < widths[0] + 2; pad++)
                fputc(' ', out);
            for (pad = display_width(one.cells[r * 2 + 1]); pad < widths[1]; pad++)
                fputc(' ', out);
            fprintf(out, "%s\n", one.cells[r * 2 + 1]);
        }
    }
    ok = !t.failed;
    table_free(&t);
    if (ok && b->closes)
        fprintf(out, "  %s\n", w->closes);
    return ok;
}

static void write_inputs(const fl_reconcile *rec, FILE *out, const words *w, int side)
{
    const fl_ledger *l = rec->side[side].ledger;
    size_t i, n = fl_ledger_input_count(l);

    fprintf(out, "%s: %zu %s —", side ? w->side_b : w->side_a, fl_ledger_entry_count(l),
            w->entries);
    for (i = 0; i < n; i++)
        fprintf(out, "%s %s", i ? "," : "", fl_ledger_input_path(l, i));
    fputc('\n', out);
}

fl_status fl_reconcile_write_text(const fl_reconcile *rec, FILE *out,
                                  const fl_reconcile_render_options *opts)
{
    fl_reconcile_render_options defaults = FL_RECONCILE_RENDER_OPTIONS_INIT;
    const words *w;
    char number[32], *s;
    size_t matched;
    bool ok = true;

    if (!rec || !out)
        return FL_ERR_INVALID_ARGUMENT;
    if (!opts)
        opts = &defaults;
    w = opts->locale == FL_LOCALE_EN ? &words_en : &words_vi;
    fprintf(out, "%s\n", w->title);
    write_inputs(rec, out, w, 0);
    write_inputs(rec, out, w, 1);
    fprintf(out, "%s\n", rec->opts.match == FL_RECONCILE_MATCH_AUTO ? w->match_auto : w->match_ref);
    if (rec->opts.match == FL_RECONCILE_MATCH_AUTO || rec->opts.date_window) {
        snprintf(number, sizeof number, "%ld", rec->opts.date_window);
        s = fill(w->window, number);
        ok = ok && s && fprintf(out, "%s\n", s) >= 0;
        free(s);
    }
    if (!fl_dec_is_zero(rec->tolerance)) {
        char *amount = rec_format_amount(rec->tolerance, opts->locale);
        s = amount ? fill(w->tolerance, amount) : NULL;
        ok = ok && s && fprintf(out, "%s\n", s) >= 0;
        free(s);
        free(amount);
    }

    matched = rec->pair_count - rec->difference_count;
    fprintf(out, "\n%s\n", w->summary);
    fprintf(out, "  %s: %zu\n", w->pairs_matched, matched);
    fprintf(out, "  %s: %zu", w->pairs_differ, rec->difference_count);
    if (rec->difference_count) {
        snprintf(number, sizeof number, "%zu", rec->difference_count - rec->untolerated_count);
        s = fill(w->tolerated_n, number);
        ok = ok && s && fprintf(out, " (%s)", s) >= 0;
        free(s);
    }
    fprintf(out, "\n  %s: %zu\n  %s: %zu\n", w->only_a, rec->only_count[0], w->only_b,
            rec->only_count[1]);

    fprintf(out, "\n1. %s\n", w->differences);
    ok = ok && write_pairs(rec, out, w, opts->locale, true);
    fprintf(out, "\n2. %s\n", w->only_a);
    ok = ok && write_only(rec, out, w, opts->locale, 0);
    fprintf(out, "\n3. %s\n", w->only_b);
    ok = ok && write_only(rec, out, w, opts->locale, 1);
    fprintf(out, "\n4. %s\n", w->matched_other);
    ok = ok && write_pairs(rec, out, w, opts->locale, false);
    {
        size_t i, by_ref = 0;
        for (i = 0; i < rec->pair_count; i++)
            by_ref += rec->pairs[i].differs == 0 && rec->pairs[i].rule == FL_RECONCILE_RULE_REF;
        snprintf(number, sizeof number, "%zu", by_ref);
        s = fill(w->by_ref_only, number);
        ok = ok && s && fprintf(out, "  %s\n", s) >= 0;
        free(s);
    }
    fprintf(out, "\n5. %s\n", w->totals_by[opts->by == FL_RECONCILE_BY_UNIT]);
    ok = ok && write_totals(rec, out, w, opts->locale, opts->by);
    fprintf(out, "\n6. %s\n", w->bridge);
    ok = ok && write_bridge(rec, out, w, opts->locale);
    if (rec->split_budget_spent)
        fprintf(out, "\n%s\n", w->budget);
    fprintf(out, "\n%s\n", fl_reconcile_all_matched(rec) ? w->verdict_ok : w->verdict_diff);
    if (!ok)
        return FL_ERR_NOMEM;
    return ferror(out) ? FL_ERR_IO : FL_OK;
}
