/*
 * report_text.c - a report as tables for people (fl_report_write_text).
 *
 * Each table is built whole, cell by cell, then written with every column
 * as wide as its widest cell.  Widths are display widths of UTF-8 text
 * (utf8proc_charwidth: one per Vietnamese letter however many bytes it
 * takes, zero for a combining mark), so Vietnamese labels line up.
 */
#include "report_internal.h"

#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

/* --- words ------------------------------------------------------------------------------ */

typedef struct text_words {
    const char *title[4]; /* by fl_report_by */
    const char *period;   /* {} first date, {} last date */
    const char *inputs;   /* {} count */
    const char *one_input;
    const char *unit_line;
    const char *no_entries;
    const char *no_date;
    const char *code, *source, *actual, *estimate, *share, *unit, *month, *total;
    const char *of_estimate, *over_estimate;
    const char *shares_rule;  /* {}: places */
    const char *no_shares[4]; /* by fl_report_shares; [0] unused */
    const char *unallocated;  /* {} code, {} actual, {} estimate */
    const char *percent_rule; /* {} places, {} rounding */
    const char *no_estimate;
    const char *half_up;
    const char *codes_legend;
} text_words;

static const text_words words_vi = {
    {"Báo cáo nguồn vốn theo nguồn", "Báo cáo nguồn vốn theo đơn vị",
     "Báo cáo nguồn vốn theo tháng", "Báo cáo thực hiện so với dự toán"},
    "từ {} đến {}",
    "{} tệp đầu vào",
    "1 tệp đầu vào",
    "Đơn vị tính: {}",
    "chưa có bút toán",
    "không ghi ngày",
    "Mã",
    "Nguồn vốn",
    "Thực hiện",
    "Dự toán",
    "Tỷ trọng (%)",
    "Đơn vị",
    "Tháng",
    "Cộng",
    "Đạt % dự toán",
    "Vượt % dự toán",
    "Tỷ trọng: phần của mỗi nguồn cấp 1 trong tổng thực hiện của nhóm, làm tròn {} chữ số "
    "thập phân theo phương pháp phần dư lớn nhất để các tỷ trọng cộng lại đúng 100 (phần dư "
    "bằng nhau: nguồn đứng trước trong cây nguồn được ưu tiên).",
    {NULL, "Không tính tỷ trọng: nhóm chưa có bút toán.",
     "Không tính tỷ trọng: tổng thực hiện của nhóm bằng 0.",
     "Không tính tỷ trọng: tổng thực hiện của nguồn {} âm (bút toán hủy lớn hơn số đã ghi)."},
    "Ghi trực tiếp vào mã cha {}, chưa phân bổ cho mã con: thực hiện {}, dự toán {}.",
    "Đạt % dự toán = thực hiện / dự toán × 100; vượt % dự toán = (thực hiện / dự toán − 1) × "
    "100; làm tròn {} chữ số thập phân ({}).",
    "Nhóm chưa có dự toán.",
    "nửa lên",
    "Mã nguồn: {}.",
};

static const text_words words_en = {
    {"Funding report by source", "Funding report by unit", "Funding report by month",
     "Actual against estimate"},
    "{} to {}",
    "{} inputs",
    "1 input",
    "Unit: {}",
    "no entries",
    "no date",
    "Code",
    "Source",
    "Actual",
    "Estimate",
    "Share (%)",
    "Unit",
    "Month",
    "Total",
    "% of estimate",
    "% over estimate",
    "Shares: each top-level source's part of the group's actual total, rounded to {} places "
    "by the largest remainder method so that the shares add up to exactly 100 (equal "
    "remainders: the source earlier in the tree comes first).",
    {NULL, "No shares: the group has no entries.", "No shares: the group's actual total is 0.",
     "No shares: the actual total of {} is negative (reversals exceed postings)."},
    "Posted directly to the parent {}, not allocated to a child: actual {}, estimate {}.",
    "% of estimate = actual / estimate × 100; % over estimate = (actual / estimate − 1) × 100; "
    "rounded to {} places ({}).",
    "The group has no estimate.",
    "half up",
    "Source codes: {}.",
};

/* --- a table of UTF-8 cells ------------------------------------------------------------ */

typedef struct text_table {
    size_t columns;
    const char *align; /* 'l' or 'r' for each column */
    size_t rows;
    size_t capacity;
    char **cells; /* rows x columns, owned; NULL = empty */
    bool *rules;  /* a row drawn as a line of dashes */
} text_table;

/* Everything one rendering needs; `status` keeps the first failure. */
typedef struct text_context {
    const fl_report *report;
    const fl_report_render_options *options;
    const text_words *words;
    FILE *out;
    fl_status status;
} text_context;

static void table_init(text_table *t, size_t columns, const char *align)
{
    memset(t, 0, sizeof *t);
    t->columns = columns;
    t->align = align;
}

static void table_clear(text_table *t)
{
    size_t i;

    for (i = 0; i < t->rows * t->columns; i++)
        free(t->cells[i]);
    free(t->cells);
    free(t->rules);
    memset(t, 0, sizeof *t);
}

/* Appends an empty row and returns its cells, or NULL when out of memory (noted in ctx). */
static char **table_row(text_context *ctx, text_table *t, bool rule)
{
    size_t i;

    if (ctx->status != FL_OK)
        return NULL;
    if (t->rows == t->capacity) {
        size_t capacity = t->capacity ? t->capacity * 2 : 16;
        char **cells = realloc(t->cells, capacity * t->columns * sizeof *cells);
        bool *rules;

        if (!cells) {
            ctx->status = FL_ERR_NOMEM;
            return NULL;
        }
        t->cells = cells;
        rules = realloc(t->rules, capacity * sizeof *rules);
        if (!rules) {
            ctx->status = FL_ERR_NOMEM;
            return NULL;
        }
        t->rules = rules;
        t->capacity = capacity;
    }
    for (i = 0; i < t->columns; i++)
        t->cells[t->rows * t->columns + i] = NULL;
    t->rules[t->rows] = rule;
    return &t->cells[t->rows++ * t->columns];
}

/* Columns a UTF-8 text takes on a terminal; a byte that is not UTF-8 counts as one. */
static size_t display_width(const char *text)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)text;
    utf8proc_ssize_t left = (utf8proc_ssize_t)strlen(text);
    size_t width = 0;

    while (left > 0) {
        utf8proc_int32_t c;
        utf8proc_ssize_t n = utf8proc_iterate(p, left, &c);
        int w;

        if (n <= 0) {
            width++;
            p++;
            left--;
            continue;
        }
        w = utf8proc_charwidth(c);
        if (w > 0)
            width += (size_t)w;
        p += n;
        left -= n;
    }
    return width;
}

static void write_padding(FILE *out, size_t n, char c)
{
    while (n-- > 0)
        fputc(c, out);
}

static void table_write(text_context *ctx, const text_table *t)
{
    size_t *widths;
    size_t r, c;

    if (ctx->status != FL_OK)
        return;
    widths = calloc(t->columns, sizeof *widths);
    if (!widths) {
        ctx->status = FL_ERR_NOMEM;
        return;
    }
    for (r = 0; r < t->rows; r++)
        for (c = 0; c < t->columns; c++) {
            const char *cell = t->cells[r * t->columns + c];
            size_t w = cell ? display_width(cell) : 0;

            if (w > widths[c])
                widths[c] = w;
        }
    for (r = 0; r < t->rows; r++) {
        /* The last cell that is not empty: nothing after it, not even padding. */
        size_t last = 0;

        for (c = 0; c < t->columns; c++)
            if (t->rules[r] || t->cells[r * t->columns + c])
                last = c;
        for (c = 0; c <= last; c++) {
            const char *cell = t->cells[r * t->columns + c];
            size_t w = cell ? display_width(cell) : 0;

            if (c > 0)
                fputs("  ", ctx->out);
            if (t->rules[r]) {
                write_padding(ctx->out, widths[c], '-');
                continue;
            }
            if (t->align[c] == 'r')
                write_padding(ctx->out, widths[c] - w, ' ');
            if (cell)
                fputs(cell, ctx->out);
            if (t->align[c] != 'r' && c < last)
                write_padding(ctx->out, widths[c] - w, ' ');
        }
        fputc('\n', ctx->out);
    }
    free(widths);
}

/* --- cells ----------------------------------------------------------------------------- */

static char *copy(text_context *ctx, const char *text)
{
    char *s;

    if (ctx->status != FL_OK)
        return NULL;
    s = malloc(strlen(text) + 1);
    if (!s) {
        ctx->status = FL_ERR_NOMEM;
        return NULL;
    }
    return strcpy(s, text);
}

/* An amount in the chosen scale, places and locale. */
static char *amount(text_context *ctx, const fl_dec v)
{
    char *s = NULL;
    fl_status status;

    if (ctx->status != FL_OK)
        return NULL;
    status = fl_report__format_amount(&s, v, ctx->options->scale, ctx->options->places,
                                      ctx->options->locale, false);
    if (status != FL_OK) {
        ctx->status = status;
        return NULL;
    }
    return s;
}

/* A percentage, already rounded to the report's places, in the locale. */
static char *percent(text_context *ctx, const fl_dec v)
{
    fl_format_options fo = FL_FORMAT_OPTIONS_INIT;
    char *s = NULL;
    fl_status status;

    if (ctx->status != FL_OK)
        return NULL;
    fo.locale = ctx->options->locale;
    fo.places = fl_report_get_options(ctx->report)->percent_places;
    status = fl_amount_format(&s, v, &fo, NULL);
    if (status != FL_OK) {
        ctx->status = status;
        return NULL;
    }
    return s;
}

/* The code column: two spaces per level below the top. */
static char *indented_code(text_context *ctx, size_t source)
{
    const char *code = fl_report__source_code(ctx->report, source);
    size_t depth = fl_report__source_depth(ctx->report, source);
    char *s;

    if (ctx->status != FL_OK)
        return NULL;
    s = malloc(2 * depth + strlen(code) + 1);
    if (!s) {
        ctx->status = FL_ERR_NOMEM;
        return NULL;
    }
    memset(s, ' ', 2 * depth);
    strcpy(s + 2 * depth, code);
    return s;
}

/*
 * `template` with each "{}" replaced by the next of args[0..n), as a new
 * string (NULL when out of memory, noted in ctx).  Not printf: the
 * templates are translations, and a format that is not a literal cannot be
 * checked by the compiler.
 */
static char *fill(text_context *ctx, const char *template, const char *const *args, size_t n)
{
    size_t length = strlen(template) + 1, used = 0, i;
    const char *p = template;
    char *text, *end;

    if (ctx->status != FL_OK)
        return NULL;
    for (i = 0; i < n; i++)
        length += strlen(args[i]);
    text = end = malloc(length);
    if (!text) {
        ctx->status = FL_ERR_NOMEM;
        return NULL;
    }
    for (;;) {
        const char *hole = strstr(p, "{}");

        if (!hole || used == n) {
            strcpy(end, p);
            break;
        }
        memcpy(end, p, (size_t)(hole - p));
        end += hole - p;
        strcpy(end, args[used++]);
        end += strlen(end);
        p = hole + 2;
    }
    return text;
}

/* Writes the template filled with up to three arguments (NULL = ""), then a line break. */
static void write_line(text_context *ctx, const char *template, const char *a, const char *b,
                       const char *c)
{
    const char *args[3];
    char *text;

    args[0] = a ? a : "";
    args[1] = b ? b : "";
    args[2] = c ? c : "";
    text = fill(ctx, template, args, 3);
    if (!text)
        return;
    fputs(text, ctx->out);
    fputc('\n', ctx->out);
    free(text);
}

/* --- the parts of a report -------------------------------------------------------------- */

static void format_date(char buf[32], fl_date date, fl_locale locale)
{
    if (date == 0) {
        buf[0] = '\0';
        return;
    }
    if (locale == FL_LOCALE_EN) {
        fl_date_format(buf, date);
        return;
    }
    snprintf(buf, 32, "%02d/%02d/%04d", (int)(date % 100), (int)(date / 100 % 100),
             (int)(date / 10000));
}

static void format_month(char buf[32], int32_t month, const text_context *ctx)
{
    if (month == 0)
        snprintf(buf, 32, "%s", ctx->words->no_date);
    else if (ctx->options->locale == FL_LOCALE_EN)
        snprintf(buf, 32, "%04d-%02d", (int)(month / 100), (int)(month % 100));
    else
        snprintf(buf, 32, "%02d/%04d", (int)(month % 100), (int)(month / 100));
}

/* "Báo cáo nguồn vốn theo nguồn, từ 15/03/2018 đến 20/12/2018; 2 tệp đầu vào", then the unit. */
static void write_title(text_context *ctx)
{
    const fl_ledger *ledger = fl_report_get_ledger(ctx->report);
    size_t inputs = fl_ledger_input_count(ledger);
    fl_date first, last;
    char dates[2][32], count[32];
    const char *args[2];
    char *period, *files;

    fl_ledger_period(ledger, &first, &last);
    format_date(dates[0], first, ctx->options->locale);
    format_date(dates[1], last, ctx->options->locale);
    args[0] = dates[0];
    args[1] = dates[1];
    period =
        first ? fill(ctx, ctx->words->period, args, 2) : fill(ctx, ctx->words->no_entries, args, 0);
    snprintf(count, sizeof count, "%zu", inputs);
    args[0] = count;
    files = fill(ctx, inputs == 1 ? ctx->words->one_input : ctx->words->inputs, args, 1);
    if (period && files)
        fprintf(ctx->out, "%s, %s; %s\n", ctx->words->title[ctx->options->by], period, files);
    free(period);
    free(files);
    write_line(ctx, ctx->words->unit_line,
               fl_scale_label(ctx->options->scale, ctx->options->locale), NULL, NULL);
}

static void write_group_heading(text_context *ctx, int group)
{
    fprintf(ctx->out, "\n%s: %s\n", fl_report__group_code(ctx->report, group),
            fl_report__group_label(ctx->report, group, ctx->options->locale));
}

/* The source tree of one group with subtotals and shares; notes on shares and direct postings. */
static void write_by_source(text_context *ctx, int group)
{
    const fl_report *r = ctx->report;
    const text_words *w = ctx->words;
    fl_report_shares shares = fl_report_group_shares(r, group);
    text_table t;
    char **row;
    size_t k, n = fl_report__source_count(r);
    char places[32];

    table_init(&t, 5, "llrrr");
    row = table_row(ctx, &t, false);
    if (row) {
        row[0] = copy(ctx, w->code);
        row[1] = copy(ctx, w->source);
        row[2] = copy(ctx, w->actual);
        row[3] = copy(ctx, w->estimate);
        row[4] = copy(ctx, w->share);
    }
    table_row(ctx, &t, true);
    for (k = 0; k < n; k++) {
        size_t s = fl_report__source_in_order(r, k);
        fl_dec_srcptr share = fl_report_source_share(r, s);

        if (fl_report__source_group(r, s) != group || !fl_report_source_has_entries(r, s))
            continue;
        row = table_row(ctx, &t, false);
        if (!row)
            break;
        row[0] = indented_code(ctx, s);
        row[1] = copy(ctx, fl_report__source_label(r, s, ctx->options->locale));
        row[2] = amount(ctx, fl_report_source_total(r, s, FL_KIND_ACTUAL));
        if (fl_report_source_has_estimate(r, s))
            row[3] = amount(ctx, fl_report_source_total(r, s, FL_KIND_ESTIMATE));
        if (share)
            row[4] = percent(ctx, share);
    }
    table_row(ctx, &t, true);
    row = table_row(ctx, &t, false);
    if (row) {
        row[0] = copy(ctx, w->total);
        row[2] = amount(ctx, fl_report_group_total(r, group, FL_KIND_ACTUAL));
        if (fl_report_group_has_estimate(r, group))
            row[3] = amount(ctx, fl_report_group_total(r, group, FL_KIND_ESTIMATE));
        if (shares == FL_SHARES_COMPUTED) {
            fl_dec hundred;

            fl_dec_init(hundred);
            fl_dec_set_si(hundred, 100);
            row[4] = percent(ctx, hundred);
            fl_dec_clear(hundred);
        }
    }
    table_write(ctx, &t);
    table_clear(&t);
    if (ctx->status != FL_OK)
        return;

    fputc('\n', ctx->out);
    snprintf(places, sizeof places, "%ld", fl_report_get_options(r)->percent_places);
    if (shares == FL_SHARES_COMPUTED) {
        write_line(ctx, w->shares_rule, places, NULL, NULL);
    } else if (shares == FL_SHARES_NEGATIVE_PART) {
        for (k = 0; k < fl_report_top_count(r); k++) {
            size_t s = fl_report_top_source(r, k);

            if (fl_report__source_group(r, s) == group && fl_report_source_has_entries(r, s) &&
                fl_dec_sign(fl_report_source_total(r, s, FL_KIND_ACTUAL)) < 0)
                write_line(ctx, w->no_shares[shares], fl_report__source_code(r, s), NULL, NULL);
        }
    } else {
        write_line(ctx, w->no_shares[shares], NULL, NULL, NULL);
    }
    for (k = 0; k < n && ctx->status == FL_OK; k++) {
        size_t s = fl_report__source_in_order(r, k);
        char *actual, *estimate;

        if (fl_report__source_group(r, s) != group || !fl_report_source_unallocated(r, s))
            continue;
        actual = amount(ctx, fl_report_source_own(r, s, FL_KIND_ACTUAL));
        estimate = amount(ctx, fl_report_source_own(r, s, FL_KIND_ESTIMATE));
        if (actual && estimate)
            write_line(ctx, w->unallocated, fl_report__source_code(r, s), actual, estimate);
        free(actual);
        free(estimate);
    }
}

/* Lines with an estimate: actual, estimate, đạt % and vượt %. */
static void write_by_kind(text_context *ctx, int group)
{
    const fl_report *r = ctx->report;
    const text_words *w = ctx->words;
    const fl_report_options *ro = fl_report_get_options(r);
    text_table t;
    char **row;
    size_t k, n = fl_report__source_count(r);
    fl_dec achieved, over;
    char places[32];

    if (!fl_report_group_has_estimate(r, group)) {
        write_line(ctx, w->no_estimate, NULL, NULL, NULL);
        return;
    }
    fl_dec_init(achieved);
    fl_dec_init(over);
    table_init(&t, 6, "llrrrr");
    row = table_row(ctx, &t, false);
    if (row) {
        row[0] = copy(ctx, w->code);
        row[1] = copy(ctx, w->source);
        row[2] = copy(ctx, w->actual);
        row[3] = copy(ctx, w->estimate);
        row[4] = copy(ctx, w->of_estimate);
        row[5] = copy(ctx, w->over_estimate);
    }
    table_row(ctx, &t, true);
    for (k = 0; k < n; k++) {
        size_t s = fl_report__source_in_order(r, k);

        if (fl_report__source_group(r, s) != group || !fl_report_source_has_estimate(r, s))
            continue;
        row = table_row(ctx, &t, false);
        if (!row)
            break;
        row[0] = indented_code(ctx, s);
        row[1] = copy(ctx, fl_report__source_label(r, s, ctx->options->locale));
        row[2] = amount(ctx, fl_report_source_total(r, s, FL_KIND_ACTUAL));
        row[3] = amount(ctx, fl_report_source_total(r, s, FL_KIND_ESTIMATE));
        if (fl_report_source_percent(achieved, over, r, s) == FL_OK) {
            row[4] = percent(ctx, achieved);
            row[5] = percent(ctx, over);
        }
    }
    table_row(ctx, &t, true);
    row = table_row(ctx, &t, false);
    if (row) {
        row[0] = copy(ctx, w->total);
        row[2] = amount(ctx, fl_report_group_total(r, group, FL_KIND_ACTUAL));
        row[3] = amount(ctx, fl_report_group_total(r, group, FL_KIND_ESTIMATE));
        if (fl_report_group_percent(achieved, over, r, group) == FL_OK) {
            row[4] = percent(ctx, achieved);
            row[5] = percent(ctx, over);
        }
    }
    table_write(ctx, &t);
    table_clear(&t);
    fl_dec_clear(achieved);
    fl_dec_clear(over);
    if (ctx->status != FL_OK)
        return;
    fputc('\n', ctx->out);
    snprintf(places, sizeof places, "%ld", ro->percent_places);
    write_line(ctx, w->percent_rule, places,
               ro->percent_rounding == FL_ROUND_HALF_UP ? w->half_up
                                                        : fl_rounding_name(ro->percent_rounding),
               NULL);
}

/* One matrix of a group: units by top-level codes, of one kind, with row and column totals. */
static void write_unit_matrix(text_context *ctx, int group, fl_entry_kind kind)
{
    const fl_report *r = ctx->report;
    const fl_ledger *ledger = fl_report_get_ledger(r);
    size_t units = fl_ledger_unit_count(ledger);
    size_t tops = fl_report_top_count(r);
    size_t *columns = malloc((tops ? tops : 1) * sizeof *columns);
    char *align = malloc(tops + 3);
    size_t c, n = 0, u;
    text_table t;
    char **row;

    if (!columns || !align) {
        free(columns);
        free(align);
        ctx->status = FL_ERR_NOMEM;
        return;
    }
    for (c = 0; c < tops; c++) {
        size_t s = fl_report_top_source(r, c);

        if (fl_report__source_group(r, s) == group && fl_report_source_has_entries(r, s))
            columns[n++] = c;
    }
    align[0] = 'l';
    memset(align + 1, 'r', n + 1);
    align[n + 2] = '\0';
    table_init(&t, n + 2, align);
    row = table_row(ctx, &t, false);
    if (row) {
        row[0] = copy(ctx, ctx->words->unit);
        for (c = 0; c < n; c++)
            row[1 + c] = copy(ctx, fl_report__source_code(r, fl_report_top_source(r, columns[c])));
        row[n + 1] = copy(ctx, ctx->words->total);
    }
    table_row(ctx, &t, true);
    for (u = 0; u < units; u++) {
        if (!fl_report_unit_has_entries(r, u, group))
            continue;
        row = table_row(ctx, &t, false);
        if (!row)
            break;
        row[0] = copy(ctx, fl_ledger_unit_name(ledger, u));
        for (c = 0; c < n; c++)
            row[1 + c] = amount(ctx, fl_report_unit_cell(r, u, columns[c], kind));
        row[n + 1] = amount(ctx, fl_report_unit_total(r, u, group, kind));
    }
    table_row(ctx, &t, true);
    row = table_row(ctx, &t, false);
    if (row) {
        row[0] = copy(ctx, ctx->words->total);
        for (c = 0; c < n; c++)
            row[1 + c] =
                amount(ctx, fl_report_source_total(r, fl_report_top_source(r, columns[c]), kind));
        row[n + 1] = amount(ctx, fl_report_group_total(r, group, kind));
    }
    table_write(ctx, &t);
    table_clear(&t);
    free(columns);
    free(align);
}

static void write_by_unit(text_context *ctx, int group)
{
    const fl_report *r = ctx->report;
    size_t c, length = 0, tops = fl_report_top_count(r);
    char *legend;

    fprintf(ctx->out, "%s\n", ctx->words->actual);
    write_unit_matrix(ctx, group, FL_KIND_ACTUAL);
    if (fl_report_group_has_estimate(r, group)) {
        fprintf(ctx->out, "\n%s\n", ctx->words->estimate);
        write_unit_matrix(ctx, group, FL_KIND_ESTIMATE);
    }
    if (ctx->status != FL_OK)
        return;

    /* "Mã nguồn: NS = Ngân sách nhà nước; CD = Huy động từ cộng đồng dân cư." */
    for (c = 0; c < tops; c++) {
        size_t s = fl_report_top_source(r, c);

        length += strlen(fl_report__source_code(r, s)) + 5 +
                  strlen(fl_report__source_label(r, s, ctx->options->locale));
    }
    legend = malloc(length + 1);
    if (!legend) {
        ctx->status = FL_ERR_NOMEM;
        return;
    }
    legend[0] = '\0';
    for (c = 0; c < tops; c++) {
        size_t s = fl_report_top_source(r, c);

        if (fl_report__source_group(r, s) != group || !fl_report_source_has_entries(r, s))
            continue;
        if (legend[0])
            strcat(legend, "; ");
        strcat(legend, fl_report__source_code(r, s));
        strcat(legend, " = ");
        strcat(legend, fl_report__source_label(r, s, ctx->options->locale));
    }
    fputc('\n', ctx->out);
    write_line(ctx, ctx->words->codes_legend, legend, NULL, NULL);
    free(legend);
}

static void write_by_month(text_context *ctx, int group)
{
    const fl_report *r = ctx->report;
    size_t i, months = fl_report_month_count(r);
    bool estimates = fl_report_group_has_estimate(r, group);
    text_table t;
    char **row;
    char month[32];

    table_init(&t, 3, "lrr");
    row = table_row(ctx, &t, false);
    if (row) {
        row[0] = copy(ctx, ctx->words->month);
        row[1] = copy(ctx, ctx->words->actual);
        if (estimates)
            row[2] = copy(ctx, ctx->words->estimate);
    }
    table_row(ctx, &t, true);
    for (i = 0; i < months; i++) {
        if (!fl_report_month_has_entries(r, i, group))
            continue;
        row = table_row(ctx, &t, false);
        if (!row)
            break;
        format_month(month, fl_report_month(r, i), ctx);
        row[0] = copy(ctx, month);
        row[1] = amount(ctx, fl_report_month_total(r, i, group, FL_KIND_ACTUAL));
        if (estimates)
            row[2] = amount(ctx, fl_report_month_total(r, i, group, FL_KIND_ESTIMATE));
    }
    table_row(ctx, &t, true);
    row = table_row(ctx, &t, false);
    if (row) {
        row[0] = copy(ctx, ctx->words->total);
        row[1] = amount(ctx, fl_report_group_total(r, group, FL_KIND_ACTUAL));
        if (estimates)
            row[2] = amount(ctx, fl_report_group_total(r, group, FL_KIND_ESTIMATE));
    }
    table_write(ctx, &t);
    table_clear(&t);
}

fl_status fl_report_write_text(const fl_report *report, FILE *out,
                               const fl_report_render_options *o)
{
    static const fl_report_render_options defaults = FL_REPORT_RENDER_OPTIONS_INIT;
    text_context ctx;
    size_t g;

    if (!report || !out)
        return FL_ERR_INVALID_ARGUMENT;
    if (!o)
        o = &defaults;
    if ((int)o->by < 0 || o->by > FL_REPORT_BY_KIND)
        return FL_ERR_INVALID_ARGUMENT;
    ctx.report = report;
    ctx.options = o;
    ctx.words = o->locale == FL_LOCALE_EN ? &words_en : &words_vi;
    ctx.out = out;
    ctx.status = FL_OK;

    write_title(&ctx);
    for (g = 0; g < fl_report_group_count(report) && ctx.status == FL_OK; g++) {
        int group = (int)g;

        if (!fl_report_group_has_entries(report, group))
            continue;
        write_group_heading(&ctx, group);
        switch (o->by) {
        case FL_REPORT_BY_SOURCE:
            write_by_source(&ctx, group);
            break;
        case FL_REPORT_BY_UNIT:
            write_by_unit(&ctx, group);
            break;
        case FL_REPORT_BY_MONTH:
            write_by_month(&ctx, group);
            break;
        case FL_REPORT_BY_KIND:
            write_by_kind(&ctx, group);
            break;
        }
    }
    if (ctx.status == FL_OK && (ferror(out) || fflush(out) != 0))
        ctx.status = FL_ERR_IO;
    return ctx.status;
}
