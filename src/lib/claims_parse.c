/*
 * claims_parse.c - reading claims and filters (fundledger/claims.h).
 *
 *     claim  = metric { filter } [ "within" filter { filter } ] operator figure
 *     filter = key "=" value        (no spaces around "=")
 *
 * Parsing is syntax only; codes and unit names are resolved against a ledger
 * by claims_eval.c.  Every error points at the character it is about.
 */
#include "claims_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"

static const char *const metric_names[FL_METRIC_COUNT_] = {
    [FL_METRIC_TOTAL] = "total",
    [FL_METRIC_ESTIMATE] = "estimate",
    [FL_METRIC_OVER_ESTIMATE] = "over-estimate",
    [FL_METRIC_OF_ESTIMATE] = "of-estimate",
    [FL_METRIC_SHARE] = "share",
    [FL_METRIC_COUNT] = "count",
};

static const char *const op_symbols[FL_OP_COUNT_] = {
    [FL_OP_ROUNDS_TO] = "=", [FL_OP_EQ] = "==", [FL_OP_NE] = "!=", [FL_OP_LT] = "<",
    [FL_OP_LE] = "<=",       [FL_OP_GT] = ">",  [FL_OP_GE] = ">=",
};

#define METRICS_EXPECTED "total, estimate, over-estimate, of-estimate, share or count"
#define OPERATORS_EXPECTED "=, ==, !=, <, <=, >, >="
#define FILTERS_EXPECTED "source, unit, month, from, to or kind"

const char *fl_claim_metric_name(fl_claim_metric metric)
{
    if ((int)metric < 0 || metric >= FL_METRIC_COUNT_)
        return "unknown";
    return metric_names[metric];
}

bool fl_claim_metric_is_percent(fl_claim_metric metric)
{
    return metric == FL_METRIC_OVER_ESTIMATE || metric == FL_METRIC_OF_ESTIMATE ||
           metric == FL_METRIC_SHARE;
}

const char *fl_claim_op_symbol(fl_claim_op op)
{
    if ((int)op < 0 || op >= FL_OP_COUNT_)
        return "?";
    return op_symbols[op];
}

/* --- scanning ------------------------------------------------------------------------ */

/* The text being parsed; errors are reported at character columns of it. */
typedef struct scanner {
    const char *text;
    size_t len;
    size_t pos;
    fl_error *err;
} scanner;

static unsigned long column_of(const scanner *s, size_t offset)
{
    return fl_utf8_column(s->text, offset);
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t';
}

/* "≠" "≤" "≥" are E2 89 A0 / A4 / A5 in UTF-8. */
static size_t unicode_op_length(const scanner *s, size_t i)
{
    if (i + 3 <= s->len && (unsigned char)s->text[i] == 0xE2 &&
        (unsigned char)s->text[i + 1] == 0x89) {
        unsigned char c = (unsigned char)s->text[i + 2];
        if (c == 0xA0 || c == 0xA4 || c == 0xA5)
            return 3;
    }
    return 0;
}

static bool is_op_start(const scanner *s, size_t i)
{
    char c = s->text[i];
    return c == '=' || c == '!' || c == '<' || c == '>' || unicode_op_length(s, i) > 0;
}

/* Ends a bare word or item: space, a list comma, a quote, an operator. */
static bool ends_bare(const scanner *s, size_t i)
{
    return i >= s->len || is_space(s->text[i]) || s->text[i] == ',' || s->text[i] == '"' ||
           is_op_start(s, i);
}

static void skip_spaces(scanner *s)
{
    while (s->pos < s->len && is_space(s->text[s->pos]))
        s->pos++;
}

static fl_status syntax_error_at(const scanner *s, size_t offset, const char *fmt, ...)
    FL_PRINTF(3, 4);

static fl_status syntax_error_at(const scanner *s, size_t offset, const char *fmt, ...)
{
    va_list ap;
    char message[FL_ERROR_MESSAGE_MAX];

    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    return fl_error_set_at(s->err, FL_ERR_SYNTAX, 0, column_of(s, offset), "%s", message);
}

/*
 * Where the claim proper ends: at a "#" that starts a word outside quotes
 * (a comment), with trailing spaces dropped.
 */
static size_t content_length(const char *text, size_t len)
{
    bool quoted = false;
    size_t i;

    for (i = 0; i < len; i++) {
        char c = text[i];
        if (quoted) {
            if (c == '\\' && i + 1 < len)
                i++;
            else if (c == '"')
                quoted = false;
        } else if (c == '"') {
            quoted = true;
        } else if (c == '#' && (i == 0 || is_space(text[i - 1]))) {
            break;
        }
    }
    while (i > 0 && is_space(text[i - 1]))
        i--;
    return i;
}

/* --- filters ------------------------------------------------------------------------- */

fl_status fl_filter_init_for(fl_filter *f, size_t len)
{
    memset(f, 0, sizeof *f);
    /* items and their NULs take at most 2 len, the two lists as written len + 2 */
    f->strings_size = 3 * len + 4;
    f->strings = malloc(f->strings_size);
    return f->strings ? FL_OK : FL_ERR_NOMEM;
}

void fl_filter_release(fl_filter *f)
{
    free(f->strings);
    free(f->sources.items);
    free(f->units.items);
    memset(f, 0, sizeof *f);
}

static char *filter_store(fl_filter *f, const char *text, size_t len)
{
    char *copy = f->strings + f->strings_used;

    memcpy(copy, text, len);
    copy[len] = '\0';
    f->strings_used += len + 1;
    return copy;
}

static fl_status list_push(fl_filter_list *list, const char *text, size_t len, unsigned long column)
{
    if (list->count == list->capacity) {
        size_t capacity = list->capacity ? 2 * list->capacity : 4;
        fl_filter_item *items = realloc(list->items, capacity * sizeof *items);
        if (!items)
            return FL_ERR_NOMEM;
        list->items = items;
        list->capacity = capacity;
    }
    list->items[list->count].text = text;
    list->items[list->count].len = len;
    list->items[list->count].column = column;
    list->count++;
    return FL_OK;
}

/*
 * Reads one value at s->pos: a quoted text ("\"" and "\\" escape) or a bare
 * word.  The unquoted text is stored in the filter; *item and *item_len get
 * it.
 */
static fl_status read_value(scanner *s, fl_filter *f, const char *key, const char **item,
                            size_t *item_len)
{
    size_t start = s->pos;
    char *out = f->strings + f->strings_used;
    size_t n = 0;

    if (s->pos < s->len && s->text[s->pos] == '"') {
        s->pos++;
        for (;;) {
            if (s->pos >= s->len)
                return syntax_error_at(s, start, "the quote in the value of \"%s=\" is not closed",
                                       key);
            if (s->text[s->pos] == '"')
                break;
            if (s->text[s->pos] == '\\' && s->pos + 1 < s->len &&
                (s->text[s->pos + 1] == '"' || s->text[s->pos + 1] == '\\'))
                s->pos++;
            out[n++] = s->text[s->pos++];
        }
        s->pos++;
    } else {
        while (!ends_bare(s, s->pos))
            out[n++] = s->text[s->pos++];
    }
    out[n] = '\0';
    f->strings_used += n + 1;
    *item = out;
    *item_len = n;
    return FL_OK;
}

/* After a value: a space, the end or an operator; anything else is misplaced. */
static fl_status expect_value_end(const scanner *s, const char *key, bool list)
{
    size_t i = s->pos;

    if (i >= s->len || is_space(s->text[i]) || is_op_start(s, i))
        return FL_OK;
    if (s->text[i] == ',' && !list)
        return syntax_error_at(s, i, "\"%s=\" takes one value", key);
    if (s->text[i] == '"')
        return syntax_error_at(s, i, "a quote inside the value of \"%s=\"; quote the whole value",
                               key);
    return syntax_error_at(s, i, "unexpected \"%c\" in the value of \"%s=\"", s->text[i], key);
}

static fl_status read_list(scanner *s, fl_filter *f, fl_filter_list *list, const char *key,
                           size_t key_start)
{
    fl_status status;

    for (;;) {
        size_t item_start = s->pos;
        const char *item;
        size_t item_len;

        status = read_value(s, f, key, &item, &item_len);
        if (status != FL_OK)
            return status;
        if (item_len == 0)
            return syntax_error_at(s, item_start, "\"%s=\" has an empty item", key);
        status = list_push(list, item, item_len, column_of(s, item_start));
        if (status != FL_OK)
            return fl_error_set(s->err, status, "%s", fl_strerror(status));
        if (s->pos < s->len && s->text[s->pos] == ',') {
            s->pos++;
            continue;
        }
        break;
    }
    list->column = column_of(s, key_start);
    list->written = filter_store(f, s->text + key_start, s->pos - key_start);
    return expect_value_end(s, key, true);
}

static bool is_digits(const char *t, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (t[i] < '0' || t[i] > '9')
            return false;
    return n > 0;
}

static int digits_value(const char *t, size_t n)
{
    int v = 0;
    size_t i;

    for (i = 0; i < n; i++)
        v = v * 10 + (t[i] - '0');
    return v;
}

/* YYYY-MM or M/YYYY, MM/YYYY; returns yyyymm or 0. */
static int32_t parse_month(const char *t, size_t n)
{
    int year = 0, month = 0;
    const char *slash = memchr(t, '/', n);

    if (n == 7 && t[4] == '-' && is_digits(t, 4) && is_digits(t + 5, 2)) {
        year = digits_value(t, 4);
        month = digits_value(t + 5, 2);
    } else if (slash) {
        size_t m = (size_t)(slash - t);
        if ((m == 1 || m == 2) && n - m - 1 == 4 && is_digits(t, m) && is_digits(slash + 1, 4)) {
            month = digits_value(t, m);
            year = digits_value(slash + 1, 4);
        }
    }
    if (year < 1 || month < 1 || month > 12)
        return 0;
    return (int32_t)(year * 100 + month);
}

static bool parse_kind(fl_entry_kind *out, const char *t, size_t n)
{
    static const struct {
        const char *name;
        fl_entry_kind kind;
    } names[] = {
        {"actual", FL_KIND_ACTUAL},    {"thực-hiện", FL_KIND_ACTUAL},
        {"thuc-hien", FL_KIND_ACTUAL}, {"estimate", FL_KIND_ESTIMATE},
        {"dự-toán", FL_KIND_ESTIMATE}, {"du-toan", FL_KIND_ESTIMATE},
    };
    size_t i;

    for (i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strlen(names[i].name) == n && memcmp(names[i].name, t, n) == 0) {
            *out = names[i].kind;
            return true;
        }
    return false;
}

static fl_date date_max(fl_date a, fl_date b)
{
    return a > b ? a : b;
}

static fl_date date_min_open(fl_date a, fl_date b)
{
    if (!a)
        return b;
    if (!b)
        return a;
    return a < b ? a : b;
}

typedef enum filter_key { KEY_SOURCE, KEY_UNIT, KEY_MONTH, KEY_FROM, KEY_TO, KEY_KIND } filter_key;

static const char *const filter_keys[] = {
    [KEY_SOURCE] = "source", [KEY_UNIT] = "unit", [KEY_MONTH] = "month",
    [KEY_FROM] = "from",     [KEY_TO] = "to",     [KEY_KIND] = "kind",
};

/* The key named t[0..n), or -1. */
static int find_filter_key(const char *t, size_t n)
{
    int k;

    for (k = 0; k < (int)(sizeof filter_keys / sizeof filter_keys[0]); k++)
        if (strlen(filter_keys[k]) == n && memcmp(filter_keys[k], t, n) == 0)
            return k;
    return -1;
}

static bool filter_key_given(const fl_filter *f, filter_key key)
{
    switch (key) {
    case KEY_SOURCE:
        return f->sources.count > 0;
    case KEY_UNIT:
        return f->units.count > 0;
    case KEY_MONTH:
        return f->has_month;
    case KEY_FROM:
        return f->has_from;
    case KEY_TO:
        return f->has_to;
    case KEY_KIND:
        break;
    }
    return f->has_kind;
}

/* Reads the single value of month=, from=, to= or kind= into f. */
static fl_status read_single(scanner *s, fl_filter *f, filter_key key, size_t key_start)
{
    const char *name = filter_keys[key];
    size_t start = s->pos;
    const char *value;
    size_t value_len;
    fl_date date;
    fl_error e;
    fl_status status;

    status = read_value(s, f, name, &value, &value_len);
    if (status != FL_OK)
        return status;
    if (value_len == 0)
        return syntax_error_at(s, start, "\"%s=\" needs a value", name);
    status = expect_value_end(s, name, false);
    if (status != FL_OK)
        return status;

    if (key == KEY_MONTH) {
        int32_t month = parse_month(value, value_len);
        if (!month)
            return syntax_error_at(s, start,
                                   "month \"%s\" is not a month; write YYYY-MM (2018-03) or "
                                   "MM/YYYY (03/2018)",
                                   value);
        f->from = date_max(f->from, month * 100 + 1);
        f->to = date_min_open(f->to, month * 100 + 31);
        f->month = month;
        f->has_month = true;
        return FL_OK;
    }
    if (key == KEY_KIND) {
        if (!parse_kind(&f->kind, value, value_len))
            return syntax_error_at(s, start,
                                   "unknown kind \"%s\"; write actual (thực-hiện) or estimate "
                                   "(dự-toán)",
                                   value);
        f->has_kind = true;
        f->kind_column = column_of(s, key_start);
        return FL_OK;
    }
    fl_error_clear(&e);
    status = fl_date_parse(&date, value, value_len, &e);
    if (status != FL_OK)
        return fl_error_set_at(s->err, status, 0,
                               column_of(s, start) + (e.column ? e.column - 1 : 0), "%s",
                               e.message);
    if (key == KEY_FROM) {
        f->from = date_max(f->from, date);
        f->from_written = date;
        f->has_from = true;
        f->from_column = column_of(s, key_start);
    } else {
        f->to = date_min_open(f->to, date);
        f->to_written = date;
        f->has_to = true;
        f->to_column = column_of(s, key_start);
    }
    return FL_OK;
}

/*
 * Reads the filter "key=value" at s->pos (the caller has seen the "=" after
 * the key [key_start, key_end)).
 */
static fl_status read_filter(scanner *s, fl_filter *f, size_t key_start, size_t key_end)
{
    int found = find_filter_key(s->text + key_start, key_end - key_start);
    filter_key key;
    const char *name;

    if (found < 0)
        return syntax_error_at(s, key_start, "unknown filter \"%.*s\"; expected " FILTERS_EXPECTED,
                               (int)(key_end - key_start), s->text + key_start);
    key = (filter_key)found;
    name = filter_keys[key];
    if (filter_key_given(f, key))
        return syntax_error_at(s, key_start, "\"%s=\" is given twice", name);

    s->pos = key_end + 1;
    if (s->pos >= s->len || is_space(s->text[s->pos]) || is_op_start(s, s->pos))
        return syntax_error_at(s, s->pos, "\"%s=\" needs a value", name);
    f->any = true;
    if (key == KEY_SOURCE)
        return read_list(s, f, &f->sources, name, key_start);
    if (key == KEY_UNIT)
        return read_list(s, f, &f->units, name, key_start);
    return read_single(s, f, key, key_start);
}

/* The end of the word at i: letters, digits, "-", "." and the like. */
static size_t word_end(const scanner *s, size_t i)
{
    while (!ends_bare(s, i))
        i++;
    return i;
}

/* A word for an error message: everything up to the next space. */
static size_t shown_end(const scanner *s, size_t i)
{
    while (i < s->len && !is_space(s->text[i]))
        i++;
    return i;
}

/*
 * Reads filters until the end (stop_at_operator false) or an operator, or
 * the word "within" when `within` is not NULL (then *within is set).
 */
static fl_status read_filters(scanner *s, fl_filter *f, bool stop_at_operator, bool *within)
{
    fl_status status;

    for (;;) {
        size_t start, end;

        skip_spaces(s);
        if (s->pos >= s->len)
            return FL_OK;
        start = s->pos;
        if (stop_at_operator && is_op_start(s, start))
            return FL_OK;
        end = word_end(s, start);
        if (within && end - start == 6 && memcmp(s->text + start, "within", 6) == 0 &&
            (end >= s->len || s->text[end] != '=')) {
            s->pos = end;
            *within = true;
            return FL_OK;
        }
        if (end > start && end < s->len && s->text[end] == '=') {
            status = read_filter(s, f, start, end);
            if (status != FL_OK)
                return status;
            continue;
        }
        if (end > start && find_filter_key(s->text + start, end - start) >= 0)
            return syntax_error_at(s, start,
                                   "write \"%.*s=\" and its value with no spaces, e.g. source=CD",
                                   (int)(end - start), s->text + start);
        end = shown_end(s, start);
        if (stop_at_operator)
            return syntax_error_at(s, start,
                                   "expected a filter (source=, unit=, month=, from=, to=, kind=) "
                                   "or an operator (" OPERATORS_EXPECTED "), found \"%.*s\"",
                                   (int)(end - start), s->text + start);
        return syntax_error_at(s, start,
                               "expected a filter (source=, unit=, month=, from=, to=, kind=), "
                               "found \"%.*s\"",
                               (int)(end - start), s->text + start);
    }
}

/*
 * Date filters that leave no day between them are a mistake in the claim,
 * not a claim about nothing: each conflict is reported at the filter whose
 * date is on the wrong side.
 */
static fl_status filter_check_dates(const scanner *s, const fl_filter *f)
{
    char from[11], to[11];

    fl_date_format(from, f->from_written);
    fl_date_format(to, f->to_written);
    if (f->has_from && f->has_to && f->from_written > f->to_written)
        return fl_error_set_at(s->err, FL_ERR_SYNTAX, 0, f->from_column, "from=%s is after to=%s",
                               from, to);
    if (f->has_month && f->has_from && f->from_written > f->month * 100 + 31)
        return fl_error_set_at(s->err, FL_ERR_SYNTAX, 0, f->from_column,
                               "from=%s is after the end of month=%04d-%02d", from,
                               (int)(f->month / 100), (int)(f->month % 100));
    if (f->has_month && f->has_to && f->to_written < f->month * 100 + 1)
        return fl_error_set_at(s->err, FL_ERR_SYNTAX, 0, f->to_column,
                               "to=%s is before the start of month=%04d-%02d", to,
                               (int)(f->month / 100), (int)(f->month % 100));
    return FL_OK;
}

fl_status fl_filter_parse(fl_filter **out, const char *text, size_t len, fl_error *err)
{
    scanner s = {text, len, 0, err};
    fl_filter *f;
    fl_status status;

    *out = NULL;
    s.len = content_length(text, len);
    f = malloc(sizeof *f);
    if (!f)
        return fl_error_set(err, FL_ERR_NOMEM, "%s", fl_strerror(FL_ERR_NOMEM));
    status = fl_filter_init_for(f, s.len);
    if (status != FL_OK) {
        free(f);
        return fl_error_set(err, status, "%s", fl_strerror(status));
    }
    status = read_filters(&s, f, false, NULL);
    if (status == FL_OK)
        status = filter_check_dates(&s, f);
    if (status != FL_OK) {
        fl_filter_free(f);
        return status;
    }
    *out = f;
    return FL_OK;
}

void fl_filter_free(fl_filter *filter)
{
    if (!filter)
        return;
    fl_filter_release(filter);
    free(filter);
}

bool fl_filter_has_sources(const fl_filter *filter)
{
    return filter->sources.count > 0;
}

/* --- claims -------------------------------------------------------------------------- */

static fl_status read_metric(scanner *s, fl_claim *c)
{
    size_t start, end;
    int m;

    skip_spaces(s);
    start = s->pos;
    if (start >= s->len)
        return syntax_error_at(s, start, "empty claim; expected a metric: " METRICS_EXPECTED);
    end = word_end(s, start);
    for (m = 0; m < FL_METRIC_COUNT_; m++)
        if (strlen(metric_names[m]) == end - start &&
            memcmp(metric_names[m], s->text + start, end - start) == 0) {
            c->metric = (fl_claim_metric)m;
            c->metric_column = column_of(s, start);
            s->pos = end;
            return FL_OK;
        }
    if (end == start)
        end = shown_end(s, start);
    return syntax_error_at(s, start, "unknown metric \"%.*s\"; expected " METRICS_EXPECTED,
                           (int)(end - start), s->text + start);
}

static fl_status read_operator(scanner *s, fl_claim *c)
{
    size_t start = s->pos, end = s->pos;
    size_t unicode = unicode_op_length(s, start);
    int op;

    if (start >= s->len)
        return syntax_error_at(s, start,
                               "expected an operator (" OPERATORS_EXPECTED ") after the filters");
    c->op_column = column_of(s, start);
    if (unicode) {
        unsigned char which = (unsigned char)s->text[start + 2];
        c->op = which == 0xA0 ? FL_OP_NE : which == 0xA4 ? FL_OP_LE : FL_OP_GE;
        s->pos = start + unicode;
        return FL_OK;
    }
    while (end < s->len && strchr("=!<>", s->text[end]) && s->text[end] != '\0')
        end++;
    for (op = 0; op < FL_OP_COUNT_; op++)
        if (strlen(op_symbols[op]) == end - start &&
            memcmp(op_symbols[op], s->text + start, end - start) == 0) {
            c->op = (fl_claim_op)op;
            s->pos = end;
            return FL_OK;
        }
    return syntax_error_at(s, start, "unknown operator \"%.*s\"; expected " OPERATORS_EXPECTED,
                           (int)(end - start), s->text + start);
}

static fl_status read_figure(scanner *s, fl_claim *c, fl_locale locale)
{
    fl_amount_options opts = FL_AMOUNT_OPTIONS_INIT;
    const char *metric = metric_names[c->metric];
    fl_amount *figure = &c->figure;
    fl_error e;
    fl_status status;

    skip_spaces(s);
    if (s->pos >= s->len)
        return syntax_error_at(s, s->pos, "expected a figure after \"%s\"", op_symbols[c->op]);
    c->figure_column = column_of(s, s->pos);
    opts.locale = locale;
    fl_error_clear(&e);
    status = fl_amount_parse(figure, s->text + s->pos, s->len - s->pos, &opts, &e);
    if (status != FL_OK)
        return fl_error_set_at(s->err, status, 0, c->figure_column + (e.column ? e.column - 1 : 0),
                               "%s", e.message);

    if (fl_claim_metric_is_percent(c->metric) && !figure->percent)
        return syntax_error_at(s, s->pos, "%s is a percentage: write the figure with \"%%\"",
                               metric);
    if ((c->metric == FL_METRIC_TOTAL || c->metric == FL_METRIC_ESTIMATE) && figure->percent)
        return syntax_error_at(s, s->pos,
                               "%s is an amount of money: write the figure without \"%%\"", metric);
    if (c->metric == FL_METRIC_COUNT &&
        (figure->percent || figure->scale != FL_SCALE_DONG || figure->has_currency ||
         !fl_dec_is_integer(figure->value) || fl_dec_sign(figure->value) < 0))
        return syntax_error_at(s, s->pos,
                               "count is a number of entries: write a whole number, without "
                               "\"%%\", sign or units");
    return FL_OK;
}

/* Checks that need the whole claim; each error points at the part at fault. */
static fl_status check_claim(const scanner *s, const fl_claim *c)
{
    const char *metric = metric_names[c->metric];
    fl_status status;

    if (c->metric == FL_METRIC_SHARE && !c->has_within)
        return fl_error_set_at(s->err, FL_ERR_SYNTAX, 0, c->op_column,
                               "share needs \"within\" and the filter of the whole, e.g. share "
                               "source=CD within source=NTM = 35,3 %%");
    if (c->metric != FL_METRIC_COUNT && c->filter.sources.count == 0)
        return fl_error_set_at(s->err, FL_ERR_SYNTAX, 0, c->metric_column,
                               "%s needs \"source=\": money is totalled per group of sources "
                               "(NTM or THU)",
                               metric);
    if (c->has_within && !c->within.any)
        return fl_error_set_at(s->err, FL_ERR_SYNTAX, 0, c->within_column,
                               "\"within\" needs filters, e.g. within source=NTM");
    if (c->has_within && c->within.sources.count == 0)
        return fl_error_set_at(s->err, FL_ERR_SYNTAX, 0, c->within_column,
                               "\"within\" needs \"source=\": money is totalled per group of "
                               "sources (NTM or THU)");
    if (c->metric != FL_METRIC_COUNT && (c->filter.has_kind || c->within.has_kind))
        return fl_error_set_at(
            s->err, FL_ERR_SYNTAX, 0,
            c->filter.has_kind ? c->filter.kind_column : c->within.kind_column,
            "\"kind=\" is only for count: total sums the actual entries, estimate the estimate "
            "ones");
    status = filter_check_dates(s, &c->filter);
    if (status == FL_OK)
        status = filter_check_dates(s, &c->within);
    return status;
}

fl_status fl_claim_parse(fl_claim **out, const char *text, size_t len, fl_locale locale,
                         fl_error *err)
{
    scanner s = {text, len, 0, err};
    fl_claim *c = NULL;
    bool within = false;
    size_t first;
    fl_status status;

    *out = NULL;
    s.len = content_length(text, len);
    c = calloc(1, sizeof *c);
    if (!c)
        goto nomem;
    fl_amount_init(&c->figure);
    if (fl_filter_init_for(&c->filter, s.len) != FL_OK ||
        fl_filter_init_for(&c->within, s.len) != FL_OK)
        goto nomem;

    status = read_metric(&s, c);
    if (status != FL_OK)
        goto fail;
    status = read_filters(&s, &c->filter, true, &within);
    if (status != FL_OK)
        goto fail;
    if (within) {
        size_t within_start = s.pos - 6;
        c->within_column = column_of(&s, within_start);
        if (c->metric != FL_METRIC_SHARE) {
            status = syntax_error_at(&s, within_start, "\"within\" is only for share");
            goto fail;
        }
        c->has_within = true;
        within = false;
        status = read_filters(&s, &c->within, true, &within);
        if (status == FL_OK && within)
            status = syntax_error_at(&s, s.pos - 6, "\"within\" is given twice");
        if (status != FL_OK)
            goto fail;
    }
    status = read_operator(&s, c);
    if (status != FL_OK)
        goto fail;
    status = read_figure(&s, c, locale);
    if (status != FL_OK)
        goto fail;
    status = check_claim(&s, c);
    if (status != FL_OK)
        goto fail;

    first = 0;
    while (first < s.len && is_space(text[first]))
        first++;
    c->text = malloc(s.len - first + 1);
    if (!c->text)
        goto nomem;
    memcpy(c->text, text + first, s.len - first);
    c->text[s.len - first] = '\0';
    *out = c;
    return FL_OK;

nomem:
    status = fl_error_set(err, FL_ERR_NOMEM, "%s", fl_strerror(FL_ERR_NOMEM));
fail:
    fl_claim_free(c);
    return status;
}

void fl_claim_free(fl_claim *claim)
{
    if (!claim)
        return;
    fl_amount_clear(&claim->figure);
    fl_filter_release(&claim->filter);
    fl_filter_release(&claim->within);
    free(claim->text);
    free(claim);
}

const char *fl_claim_text(const fl_claim *claim)
{
    return claim->text;
}

fl_claim_metric fl_claim_get_metric(const fl_claim *claim)
{
    return claim->metric;
}

fl_claim_op fl_claim_get_op(const fl_claim *claim)
{
    return claim->op;
}

const fl_amount *fl_claim_figure(const fl_claim *claim)
{
    return &claim->figure;
}

const fl_filter *fl_claim_filter(const fl_claim *claim)
{
    return &claim->filter;
}

const fl_filter *fl_claim_within(const fl_claim *claim)
{
    return claim->has_within ? &claim->within : NULL;
}
