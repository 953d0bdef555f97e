/*
 * ledger_csv.c - reads funding entries from a CSV file: a header row naming
 * the columns (English or Vietnamese, with or without diacritics, in any
 * order), then one entry per row.  The CSV syntax itself (quotes, BOM, line
 * ends, encoding) is csv_reader.c's; this file maps columns to entry fields.
 */
#include "ledger_internal.h"

#include <stdlib.h>
#include <string.h>

#include "csv_reader.h"
#include "text.h"

/* The columns, in the order of fl_field_id (one for each). */
enum csv_column {
    COL_DATE,
    COL_UNIT,
    COL_SOURCE,
    COL_AMOUNT,
    COL_KIND,
    COL_REF,
    COL_MEMO,
    COL_REVERSES,
    COL_QUANTITY,
    COL_UOM,
    COL_UNIT_PRICE,
    COL_BASIS,
    COL_COUNT_
};
_Static_assert((int)COL_COUNT_ == (int)FL_FIELD_COUNT_ && (int)COL_BASIS == (int)FL_FIELD_BASIS,
               "a CSV column for each field of an entry, in the same order");

/* Header names, folded (lower case, no diacritics, "_" and "-" as spaces). */
static const char *const column_names[COL_COUNT_][6] = {
    [COL_DATE] = {"date", "ngay", "ngay thang", "ngay chung tu", NULL},
    [COL_UNIT] = {"unit", "don vi", "xa", "ten don vi", NULL},
    [COL_SOURCE] = {"source", "nguon", "nguon von", "ma nguon", NULL},
    [COL_AMOUNT] = {"amount", "so tien", "gia tri", "thanh tien", NULL},
    [COL_KIND] = {"kind", "loai", NULL},
    [COL_REF] = {"ref", "reference", "so chung tu", "so ct", "chung tu", NULL},
    [COL_MEMO] = {"memo", "noi dung", "dien giai", "description", NULL},
    [COL_REVERSES] = {"reverses", "dieu chinh cho", "dao but toan", NULL},
    [COL_QUANTITY] = {"quantity", "so luong", NULL},
    [COL_UOM] = {"uom", "unit of measure", "don vi tinh", "dvt", NULL},
    [COL_UNIT_PRICE] = {"unit price", "don gia", "price", NULL},
    [COL_BASIS] = {"basis", "can cu", "price basis", "can cu gia", NULL},
};

static const char *const column_display[COL_COUNT_] = {
    "date (Ngày)",         "unit (Đơn vị)",     "source (Nguồn)",       "amount (Số tiền)",
    "kind (Loại)",         "ref (Số chứng từ)", "memo (Nội dung)",      "reverses",
    "quantity (Số lượng)", "uom (Đơn vị tính)", "unit_price (Đơn giá)", "basis (Căn cứ)",
};

typedef struct csv_state {
    fl_load_context *ctx;
    fl_csv_reader *reader;
    const char *path;
    const char *data;
    size_t len;
    uint32_t input;
    fl_locale locale;
    long column_of[COL_COUNT_]; /* field index, or -1 */
    size_t header_count;
    fl_scale amount_scale;
    bool amount_scale_given;
} csv_state;

/* fl_error_clear() zeroes 1.3 KB; resetting the fields read up to their NULs is
 * the same "no error", at a price that matters once per row. */
static void error_reset(fl_error *e)
{
    e->status = FL_OK;
    e->file[0] = '\0';
    e->line = 0;
    e->column = 0;
    e->message[0] = '\0';
    e->source_line[0] = '\0';
}

static void report(csv_state *s, fl_error *e)
{
    fl_error_set_file(e, s->path);
    fl_load_report(s->ctx, e);
}

/* The bytes of the physical line that holds `offset`; `hint` is an offset at or
 * after `offset` on the same line (a row's end), so the scan need not walk it. */
static void line_around(const csv_state *s, size_t offset, size_t hint, const char **start,
                        size_t *len)
{
    size_t a = offset, b = hint > offset ? hint : offset;
    while (a > 0 && s->data[a - 1] != '\n')
        a--;
    while (b < s->len && s->data[b] != '\n' && s->data[b] != '\r')
        b++;
    *start = s->data + a;
    *len = b - a;
}

/* Folds a header: NFC lower case without diacritics, trimmed, "_"/"-" as spaces,
 * runs of spaces as one.  *paren gets the text inside a trailing "( ... )". */
static fl_status fold_header(char **out, char **paren, const char *s, size_t len)
{
    char *folded = NULL, *w, *r;
    size_t folded_len;
    fl_status st;

    *out = NULL;
    *paren = NULL;
    /* The scale words keep their diacritics for the amount parser. */
    {
        const char *o = memchr(s, '(', len);
        const char *c = o ? memchr(o, ')', len - (size_t)(o - s)) : NULL;
        if (o && c) {
            *paren = malloc((size_t)(c - o));
            if (!*paren)
                return FL_ERR_NOMEM;
            memcpy(*paren, o + 1, (size_t)(c - o - 1));
            (*paren)[c - o - 1] = '\0';
            len = (size_t)(o - s);
        }
    }
    st = fl_text_strip_diacritics_lower(&folded, &folded_len, s, len);
    if (st != FL_OK) {
        free(*paren);
        *paren = NULL;
        return st;
    }
    for (w = r = folded; *r; r++) {
        char c = *r;
        if (c == '_' || c == '-' || c == '\t')
            c = ' ';
        if (c == ' ' && (w == folded || w[-1] == ' '))
            continue;
        *w++ = c;
    }
    while (w > folded && w[-1] == ' ')
        w--;
    *w = '\0';
    *out = folded;
    return FL_OK;
}

static int column_from_name(const char *folded)
{
    int c, i;
    for (c = 0; c < COL_COUNT_; c++)
        for (i = 0; column_names[c][i]; i++)
            if (strcmp(column_names[c][i], folded) == 0)
                return c;
    return -1;
}

/* Reads "(triệu đồng)" and the like: the scale of a whole amount column. */
static fl_status parse_header_scale(fl_scale *out, const char *words, fl_locale locale)
{
    fl_amount_options opts = FL_AMOUNT_OPTIONS_INIT;
    fl_amount amount;
    fl_status st;
    size_t n = strlen(words);
    char *text = malloc(n + 3);

    if (!text)
        return FL_ERR_NOMEM;
    memcpy(text, "1 ", 2);
    memcpy(text + 2, words, n + 1);
    opts.locale = locale;
    opts.allow_scale = true;
    opts.allow_percent = false;
    fl_amount_init(&amount);
    st = fl_amount_parse(&amount, text, n + 2, &opts, NULL);
    if (st == FL_OK)
        *out = amount.scale;
    fl_amount_clear(&amount);
    free(text);
    return st;
}

static fl_status read_header(csv_state *s, const fl_csv_row *row)
{
    size_t i;
    fl_error e;
    bool bad = false;

    for (i = 0; i < COL_COUNT_; i++)
        s->column_of[i] = -1;
    s->header_count = row->count;
    for (i = 0; i < row->count; i++) {
        const fl_csv_field *f = &row->fields[i];
        char *folded = NULL, *paren = NULL;
        int col;
        fl_status st = fold_header(&folded, &paren, f->ptr, f->len);

        if (st != FL_OK)
            return st;
        fl_error_clear(&e);
        col = column_from_name(folded);
        if (col < 0 && folded[0] == '\0' && !paren) {
            /* An unnamed column (a trailing delimiter): allowed, ignored. */
        } else if (col < 0) {
            fl_csv_reader_error_at(s->reader, &e, FL_ERR_SYNTAX, f->line, f->offset,
                                   "unknown column \"%.*s\" (known: date, unit, source, amount, "
                                   "kind, ref, memo, reverses, quantity, uom, unit_price, basis, "
                                   "or their Vietnamese names)",
                                   (int)f->len, f->ptr);
            report(s, &e);
            bad = true;
        } else if (s->column_of[col] >= 0) {
            fl_csv_reader_error_at(s->reader, &e, FL_ERR_SYNTAX, f->line, f->offset,
                                   "column %s appears twice (also column %ld)", column_display[col],
                                   s->column_of[col] + 1);
            report(s, &e);
            bad = true;
        } else {
            s->column_of[col] = (long)i;
            if (paren && col == COL_AMOUNT) {
                if (parse_header_scale(&s->amount_scale, paren, s->locale) != FL_OK) {
                    fl_csv_reader_error_at(s->reader, &e, FL_ERR_SYNTAX, f->line, f->offset,
                                           "the amount header's unit \"(%s)\" is not a scale "
                                           "(write đồng, nghìn đồng, triệu đồng or tỷ đồng)",
                                           paren);
                    report(s, &e);
                    bad = true;
                } else {
                    s->amount_scale_given = true;
                }
            } else if (paren && (col == COL_QUANTITY || col == COL_UNIT_PRICE)) {
                fl_csv_reader_error_at(s->reader, &e, FL_ERR_SYNTAX, f->line, f->offset,
                                       "a unit in the %s header is not supported; give the "
                                       "unit of measure in the uom column",
                                       column_display[col]);
                report(s, &e);
                bad = true;
            }
        }
        free(folded);
        free(paren);
    }
    if (!bad) {
        static const int required[] = {COL_DATE, COL_UNIT, COL_SOURCE, COL_AMOUNT};
        for (i = 0; i < sizeof required / sizeof required[0]; i++)
            if (s->column_of[required[i]] < 0) {
                fl_error_clear(&e);
                fl_csv_reader_error_at(s->reader, &e, FL_ERR_SYNTAX, row->line, row->offset,
                                       "the header has no %s column", column_display[required[i]]);
                report(s, &e);
                bad = true;
            }
    }
    return bad ? FL_ERR_SYNTAX : FL_OK;
}

/* Field `col` of a row, trimmed, with the line and column where its value starts.
 * The text of the field's line is only looked up when it is not the row's own
 * line (a quoted line break before it): every row would otherwise pay for a
 * scan that only an error report needs. */
static void take(const csv_state *s, const fl_csv_row *row, int col, fl_field *out)
{
    long i = s->column_of[col];
    const fl_csv_field *f;
    const char *p;
    size_t n;
    size_t c;

    memset(out, 0, sizeof *out);
    if (i < 0 || (size_t)i >= row->count)
        return;
    f = &row->fields[i];
    p = f->ptr;
    n = f->len;
    c = f->quoted ? 1u : 0u; /* bytes from the field's first byte to its value's */
    /* Spreadsheets pad cells; surrounding spaces are not part of a value. */
    while (n && (*p == ' ' || *p == '\t')) {
        p++;
        n--;
        c++;
    }
    while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
        n--;
    out->text = n ? p : NULL;
    out->len = n;
    out->line = f->line;
    /* the column is counted only if an error needs it (fl_field_column) */
    if (f->line != row->line) {
        line_around(s, f->offset, f->offset, &out->line_text, &out->line_len);
        out->column_from = out->line_text;
    } else {
        out->column_from = s->data + row->offset;
    }
    out->column_bytes = (size_t)(s->data + f->offset - out->column_from) + c;
}

/* A row of empty cells only (";;;;" under a table in Excel) carries no entry. */
static bool row_is_blank(const fl_csv_row *row)
{
    size_t i, j;

    for (i = 0; i < row->count; i++)
        for (j = 0; j < row->fields[i].len; j++)
            if (row->fields[i].ptr[j] != ' ' && row->fields[i].ptr[j] != '\t')
                return false;
    return true;
}

static fl_status read_row(csv_state *s, const fl_csv_row *row)
{
    fl_entry_fields f;
    const char *line;
    size_t line_len;
    fl_error e;
    int c;

    if (row_is_blank(row))
        return FL_OK;
    if (row->count != s->header_count) {
        /* A trailing empty field (a delimiter at the end) is the only slack allowed. */
        bool ok = row->count == s->header_count + 1 && row->fields[row->count - 1].len == 0;
        if (!ok) {
            char delimiter = fl_csv_reader_delimiter(s->reader);
            /* Too many: point at the first field past the header; too few: at the row's end. */
            const fl_csv_field *extra =
                row->count > s->header_count ? &row->fields[s->header_count] : NULL;
            fl_error_clear(&e);
            fl_csv_reader_error_at(
                s->reader, &e, FL_ERR_SYNTAX, extra ? extra->line : row->end_line,
                extra ? extra->offset : row->end_offset,
                "this row has %zu fields but the header has %zu (%s)", row->count, s->header_count,
                extra ? (delimiter == ','   ? "is a value holding \",\" without "
                                              "quotes?"
                         : delimiter == ';' ? "is a value holding \";\" without quotes?"
                                            : "is a value holding a tab without quotes?")
                      : "is a value missing at the end of the row?");
            report(s, &e);
            return FL_ERR_SYNTAX;
        }
    }
    /* take() fills every field (the columns are the fields, in order) */
    for (c = 0; c < COL_COUNT_; c++)
        take(s, row, c, &f.field[c]);
    f.amount_scale = s->amount_scale;
    f.amount_scale_given = s->amount_scale_given;
    line_around(s, row->offset, row->end_line == row->line ? row->end_offset : row->offset, &line,
                &line_len);
    return fl_ledger_add_entry_fields(s->ctx, &f, s->input, row->line, line, line_len, s->locale);
}

fl_status fl_load_csv(fl_load_context *ctx, const char *path, const char *data, size_t len,
                      uint32_t input, fl_locale locale, char delimiter)
{
    fl_csv_options copts = FL_CSV_OPTIONS_INIT;
    csv_state s;
    fl_csv_row row;
    fl_error e;
    fl_status st, result = FL_OK;
    bool header = true;
    size_t rows = 0;

    memset(&s, 0, sizeof s);
    s.ctx = ctx;
    s.path = path;
    s.data = data;
    s.len = len;
    s.input = input;
    s.locale = locale;
    copts.delimiter = delimiter;
    fl_error_clear(&e);
    st = fl_csv_reader_new(&s.reader, data, len, &copts, &e);
    if (st != FL_OK) {
        if (e.line == 0)
            e.line = 1;
        report(&s, &e);
        return st;
    }
    for (;;) {
        error_reset(&e);
        st = fl_csv_reader_next(s.reader, &row, &e);
        if (st != FL_OK) {
            report(&s, &e);
            result = st;
            break;
        }
        if (row.count == 0)
            break;
        fl_load_consumed(ctx, data + row.offset);
        if (header) {
            header = false;
            st = read_header(&s, &row);
            if (st != FL_OK) {
                result = st;
                break; /* rows cannot be read without their columns */
            }
            continue;
        }
        rows++;
        st = read_row(&s, &row);
        if (st != FL_OK && result == FL_OK)
            result = st;
    }
    if (result == FL_OK && header) {
        fl_error_clear(&e);
        fl_error_set_at(&e, FL_ERR_SYNTAX, 1, 1,
                        "the file is empty; a CSV ledger needs a header row (date, unit, "
                        "source, amount, ...)");
        report(&s, &e);
        result = FL_ERR_SYNTAX;
    }
    fl_csv_reader_free(s.reader);
    return result;
}
