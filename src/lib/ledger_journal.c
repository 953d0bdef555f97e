/*
 * ledger_journal.c - the native journal format (docs/journal.md).
 *
 * One declaration, entry or claim per line; "#" or ";" starts a comment
 * line.  Tokens are separated by spaces; "quoted strings" may hold spaces,
 * with \" and \\ as escapes; options are key=value (the value may be quoted).
 */
#include "ledger_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

#define JOURNAL_MAX_LINE (1024u * 1024u)
#define MAX_TOKENS 64

typedef struct token {
    size_t start, end; /* byte offsets of the whole token in the line */
    const char *key;   /* for key=value: the key, else NULL */
    size_t key_len;
    const char *value; /* the (unquoted, unescaped) value or word */
    size_t value_len;
    size_t value_start; /* byte offset of the value in the line */
    bool quoted;
} token;

typedef struct line_state {
    fl_load_context *ctx;
    const char *path;
    uint32_t input;
    unsigned long number;
    const char *text;
    size_t len;
    char *scratch; /* unescaped quoted strings */
    size_t scratch_used;
    token tokens[MAX_TOKENS];
    size_t count;
} line_state;

static fl_status report(line_state *s, fl_status status, size_t byte_offset, const char *fmt, ...)
    FL_PRINTF(4, 5);

/* True when tail (the bytes from the first invalid one to the end of the file) is
 * the start of a UTF-8 sequence that the end of the file cut short. */
static bool cut_in_character(const char *tail, size_t len)
{
    unsigned char lead = (unsigned char)tail[0];
    size_t need, i;

    if (lead >= 0xC2 && lead <= 0xDF)
        need = 2;
    else if (lead >= 0xE0 && lead <= 0xEF)
        need = 3;
    else if (lead >= 0xF0 && lead <= 0xF4)
        need = 4;
    else
        return false;
    if (len >= need)
        return false;
    for (i = 1; i < len; i++)
        if (((unsigned char)tail[i] & 0xC0) != 0x80)
            return false;
    return true;
}

static fl_status report(line_state *s, fl_status status, size_t byte_offset, const char *fmt, ...)
{
    fl_error e;
    va_list ap;

    fl_error_clear(&e);
    e.status = status;
    fl_error_set_file(&e, s->path);
    e.line = s->number;
    e.column = fl_utf8_column(s->text, byte_offset);
    va_start(ap, fmt);
    vsnprintf(e.message, sizeof e.message, fmt, ap);
    va_end(ap);
    fl_error_set_source(&e, s->text, s->len);
    fl_load_report(s->ctx, &e);
    return status;
}

/* Reads a quoted string starting at s->text[*i] == '"'; the value goes to scratch. */
static fl_status read_quoted(line_state *s, size_t *i, const char **value, size_t *value_len)
{
    size_t open = *i, j = *i + 1;
    char *out = s->scratch + s->scratch_used;
    size_t n = 0;

    while (j < s->len && s->text[j] != '"') {
        if (s->text[j] == '\\' && j + 1 < s->len &&
            (s->text[j + 1] == '"' || s->text[j + 1] == '\\')) {
            j++;
        } else if (s->text[j] == '\\') {
            return report(s, FL_ERR_SYNTAX, j,
                          "unknown escape \"\\%c\" in a quoted string; only \\\" and \\\\ are "
                          "escapes",
                          j + 1 < s->len ? s->text[j + 1] : ' ');
        }
        out[n++] = s->text[j++];
    }
    if (j >= s->len)
        return report(s, FL_ERR_SYNTAX, open, "the quoted string is never closed");
    s->scratch_used += n + 1;
    out[n] = '\0';
    *value = out;
    *value_len = n;
    *i = j + 1;
    return FL_OK;
}

static fl_status tokenize(line_state *s)
{
    size_t i = 0;

    s->count = 0;
    s->scratch_used = 0;
    for (;;) {
        token *t;
        size_t start;
        fl_status status;

        while (i < s->len && (s->text[i] == ' ' || s->text[i] == '\t'))
            i++;
        if (i >= s->len)
            return FL_OK;
        if (s->count == MAX_TOKENS)
            return report(s, FL_ERR_LIMIT, i, "more than %d words on one line", MAX_TOKENS);
        t = &s->tokens[s->count++];
        memset(t, 0, sizeof *t);
        start = t->start = i;
        if (s->text[i] == '"') {
            t->quoted = true;
            t->value_start = i;
            status = read_quoted(s, &i, &t->value, &t->value_len);
            if (status != FL_OK)
                return status;
            if (i < s->len && s->text[i] != ' ' && s->text[i] != '\t')
                return report(s, FL_ERR_SYNTAX, i, "expected a space after the quoted value");
        } else {
            size_t eq = 0;
            bool has_eq = false;
            while (i < s->len && s->text[i] != ' ' && s->text[i] != '\t') {
                if (s->text[i] == '=' && !has_eq && i > start) {
                    has_eq = true;
                    eq = i;
                    if (i + 1 < s->len && s->text[i + 1] == '"') {
                        i++;
                        t->quoted = true;
                        t->value_start = i;
                        status = read_quoted(s, &i, &t->value, &t->value_len);
                        if (status != FL_OK)
                            return status;
                        break;
                    }
                }
                if (s->text[i] == '"' && !t->quoted)
                    return report(s, FL_ERR_SYNTAX, i,
                                  "a quote inside a word; put the whole value in quotes");
                i++;
            }
            if (has_eq) {
                t->key = s->text + start;
                t->key_len = eq - start;
                if (!t->quoted) {
                    t->value = s->text + eq + 1;
                    t->value_len = i - eq - 1;
                    t->value_start = eq + 1;
                }
            } else {
                t->value = s->text + start;
                t->value_len = i - start;
                t->value_start = start;
            }
            if (i < s->len && s->text[i] != ' ' && s->text[i] != '\t')
                return report(s, FL_ERR_SYNTAX, i, "expected a space after the quoted value");
        }
        t->end = i;
    }
}

static bool word_is(const token *t, const char *word)
{
    return !t->key && !t->quoted && t->value_len == strlen(word) &&
           memcmp(t->value, word, t->value_len) == 0;
}

static bool key_is(const token *t, const char *key)
{
    return t->key && t->key_len == strlen(key) && memcmp(t->key, key, t->key_len) == 0;
}

static unsigned long col(const line_state *s, size_t byte_offset)
{
    return fl_utf8_column(s->text, byte_offset);
}

/* The column of a token's value (after an opening quote when quoted). */
static unsigned long value_col(const line_state *s, const token *t)
{
    return col(s, t->value_start + (t->quoted ? 1 : 0));
}

/* Fills a field from a token's value; the column of its first character is counted only if
 * an error or a reference needs it (fl_field_column). */
static void set_field(fl_field *f, const line_state *s, const token *t)
{
    f->text = t->value;
    f->len = t->value_len;
    f->column_from = s->text;
    f->column_bytes = t->value_start + (t->quoted ? 1 : 0);
}

static fl_status parse_entry(line_state *s, fl_locale locale)
{
    fl_entry_fields f;
    fl_field *amount = &f.field[FL_FIELD_AMOUNT];
    size_t i, amount_first = 3, amount_last;

    memset(&f, 0, sizeof f);
    if (s->count < 4)
        return report(s, FL_ERR_SYNTAX, s->len,
                      "an entry needs a date, a unit, a source and an amount");
    if (s->tokens[0].key || s->tokens[1].key || s->tokens[2].key)
        return report(s, FL_ERR_SYNTAX,
                      s->tokens[s->tokens[0].key   ? 0
                                : s->tokens[1].key ? 1
                                                   : 2]
                          .start,
                      "an entry starts with DATE UNIT SOURCE AMOUNT; options (key=value) come "
                      "after the amount");
    set_field(&f.field[FL_FIELD_DATE], s, &s->tokens[0]);
    set_field(&f.field[FL_FIELD_UNIT], s, &s->tokens[1]);
    set_field(&f.field[FL_FIELD_SOURCE], s, &s->tokens[2]);
    for (amount_last = amount_first; amount_last < s->count && !s->tokens[amount_last].key;
         amount_last++)
        if (s->tokens[amount_last].quoted)
            return report(s, FL_ERR_SYNTAX, s->tokens[amount_last].start,
                          "an amount is not quoted");
    /* An in-kind entry may leave its amount out: it is then quantity x unit price. */
    amount->column_from = s->text;
    amount->column_bytes = s->tokens[amount_first].start;
    if (amount_last > amount_first) {
        amount->text = s->text + s->tokens[amount_first].start;
        amount->len = s->tokens[amount_last - 1].end - s->tokens[amount_first].start;
    }
    for (i = amount_last; i < s->count; i++) {
        const token *t = &s->tokens[i];
        fl_field_id id;
        if (!t->key)
            return report(s, FL_ERR_SYNTAX, t->start,
                          "expected an option key=value after the amount, found \"%.*s\"",
                          (int)(t->end - t->start), s->text + t->start);
        if (key_is(t, "kind"))
            id = FL_FIELD_KIND;
        else if (key_is(t, "ref"))
            id = FL_FIELD_REF;
        else if (key_is(t, "memo"))
            id = FL_FIELD_MEMO;
        else if (key_is(t, "reverses"))
            id = FL_FIELD_REVERSES;
        else if (key_is(t, "quantity") || key_is(t, "qty"))
            id = FL_FIELD_QUANTITY;
        else if (key_is(t, "uom"))
            id = FL_FIELD_UOM;
        else if (key_is(t, "unit-price") || key_is(t, "price"))
            id = FL_FIELD_UNIT_PRICE;
        else if (key_is(t, "basis"))
            id = FL_FIELD_BASIS;
        else
            return report(s, FL_ERR_SYNTAX, t->start,
                          "unknown option \"%.*s\"; an entry takes kind, ref, memo, reverses, "
                          "quantity, uom, unit-price and basis",
                          (int)t->key_len, t->key);
        if (f.field[id].column_from)
            return report(s, FL_ERR_SYNTAX, t->start, "option \"%.*s\" is given twice",
                          (int)t->key_len, t->key);
        if (t->value_len == 0 && !t->quoted)
            return report(s, FL_ERR_SYNTAX, t->start, "option \"%.*s\" has no value",
                          (int)t->key_len, t->key);
        set_field(&f.field[id], s, t);
    }
    if (!f.field[FL_FIELD_KIND].column_from) {
        f.field[FL_FIELD_KIND].column_from = amount->column_from;
        f.field[FL_FIELD_KIND].column_bytes = amount->column_bytes;
    }
    return fl_ledger_add_entry_fields(s->ctx, &f, s->input, s->number, s->text, s->len, locale);
}

static fl_status parse_include(line_state *s, fl_locale locale)
{
    const token *t;
    char path[4096];
    fl_locale include_locale = locale;
    char delimiter = s->ctx->opts->csv_delimiter;
    size_t i, dir_len;
    const char *slash;

    if (s->count < 2 || s->tokens[1].key)
        return report(s, FL_ERR_SYNTAX, s->len, "include needs a file name");
    t = &s->tokens[1];
    for (i = 2; i < s->count; i++) {
        const token *o = &s->tokens[i];
        if (key_is(o, "locale")) {
            char name[8];
            snprintf(name, sizeof name, "%.*s", (int)(o->value_len < 7 ? o->value_len : 7),
                     o->value);
            if (o->value_len > 7 || fl_locale_from_name(&include_locale, name) != FL_OK)
                return report(s, FL_ERR_SYNTAX, o->value_start,
                              "unknown locale \"%.*s\" (vi or en)", (int)o->value_len, o->value);
        } else if (key_is(o, "delimiter")) {
            if (o->value_len == 1 && (o->value[0] == ',' || o->value[0] == ';'))
                delimiter = o->value[0];
            else if (o->value_len == 3 && memcmp(o->value, "tab", 3) == 0)
                delimiter = '\t';
            else
                return report(s, FL_ERR_SYNTAX, o->value_start,
                              "unknown delimiter \"%.*s\" (\",\", \";\" or tab)", (int)o->value_len,
                              o->value);
        } else {
            return report(s, FL_ERR_SYNTAX, o->start,
                          "include takes locale= and delimiter= options only");
        }
    }
    /* Relative names are relative to the including file's folder. */
    slash = strrchr(s->path, '/');
    dir_len = t->value[0] == '/' || !slash ? 0 : (size_t)(slash - s->path) + 1;
    if (dir_len + t->value_len + 1 > sizeof path)
        return report(s, FL_ERR_LIMIT, t->start, "the file name is too long");
    memcpy(path, s->path, dir_len);
    memcpy(path + dir_len, t->value, t->value_len);
    path[dir_len + t->value_len] = '\0';
    if (memchr(t->value, '\0', t->value_len))
        return report(s, FL_ERR_SYNTAX, t->start, "a NUL byte in a file name");
    {
        fl_load_context *ctx = s->ctx;
        const fl_input_record *in = &ctx->ledger->inputs[s->input];
        int saved_fiscal_year = ctx->inherited_fiscal_year;
        fl_error from;

        fl_error_clear(&from);
        fl_error_set_file(&from, s->path);
        from.line = s->number;
        from.column = value_col(s, t);
        fl_error_set_source(&from, s->text, s->len);
        /* An included file belongs to this file's fiscal year, when this file declares one. */
        ctx->inherited_fiscal_year =
            in->fiscal_year_declared || in->fiscal_year_inherited ? in->fiscal_year : 0;
        fl_load_file(ctx, path, include_locale, delimiter, &from);
        ctx->inherited_fiscal_year = saved_fiscal_year;
        /* problems inside were reported with their own location */
        return FL_OK;
    }
}

static fl_status parse_unit(line_state *s)
{
    const token *name;
    const char *code = NULL, *kind = NULL, *display = NULL;
    char *copies[3] = {NULL, NULL, NULL};
    fl_error e;
    fl_status status = FL_OK;
    size_t i;

    if (s->count < 2 || s->tokens[1].key)
        return report(s, FL_ERR_SYNTAX, s->len, "unit needs a name");
    name = &s->tokens[1];
    for (i = 2; i < s->count; i++) {
        const token *o = &s->tokens[i];
        int slot;
        if (key_is(o, "code"))
            slot = 0;
        else if (key_is(o, "kind"))
            slot = 1;
        else if (key_is(o, "display"))
            slot = 2;
        else {
            status = report(s, FL_ERR_SYNTAX, o->start,
                            "unknown unit option \"%.*s\"; use code=, kind= and display=",
                            (int)(o->key ? o->key_len : o->end - o->start), s->text + o->start);
            goto done;
        }
        free(copies[slot]);
        copies[slot] = malloc(o->value_len + 1);
        if (!copies[slot]) {
            status = FL_ERR_NOMEM;
            goto done;
        }
        memcpy(copies[slot], o->value, o->value_len);
        copies[slot][o->value_len] = '\0';
    }
    code = copies[0];
    kind = copies[1];
    display = copies[2];
    fl_error_clear(&e);
    status = fl_ledger_declare_unit(s->ctx->ledger, name->value, name->value_len, code, kind,
                                    display, &e);
    if (status != FL_OK)
        report(s, status, name->start, "%s", e.message);
done:
    for (i = 0; i < 3; i++)
        free(copies[i]);
    return status;
}

static fl_status parse_source(line_state *s)
{
    char code[128], *label_vi = NULL, *label_en = NULL;
    fl_error e;
    fl_status status;
    int index;

    if (s->count < 2 || s->tokens[1].key || s->tokens[1].quoted)
        return report(s, FL_ERR_SYNTAX, s->len, "source needs a code, then its labels");
    if (s->count > 4)
        return report(s, FL_ERR_SYNTAX, s->tokens[4].start,
                      "source takes a code and at most two labels (Vietnamese, English)");
    if (s->tokens[1].value_len >= sizeof code)
        return report(s, FL_ERR_SYNTAX, s->tokens[1].start, "the source code is too long");
    memcpy(code, s->tokens[1].value, s->tokens[1].value_len);
    code[s->tokens[1].value_len] = '\0';
    if (s->count > 2) {
        label_vi = strndup(s->tokens[2].value, s->tokens[2].value_len);
        if (!label_vi)
            return FL_ERR_NOMEM;
    }
    if (s->count > 3) {
        label_en = strndup(s->tokens[3].value, s->tokens[3].value_len);
        if (!label_en) {
            free(label_vi);
            return FL_ERR_NOMEM;
        }
    }
    fl_error_clear(&e);
    status = fl_source_tree_declare(&index, s->ctx->ledger->sources, code, label_vi, label_en, &e);
    free(label_vi);
    free(label_en);
    if (status != FL_OK)
        return report(s, status, s->tokens[1].start, "%s", e.message);
    return FL_OK;
}

/* Whether a UTF-8 byte order mark occurs in text[0..len); *at gets its offset. */
static bool find_bom(const char *text, size_t len, size_t *at)
{
    const char *p = text;
    const char *end = text + len;

    while (p + 3 <= end && (p = memchr(p, 0xEF, (size_t)(end - p))) != NULL && p + 3 <= end) {
        if ((unsigned char)p[1] == 0xBB && (unsigned char)p[2] == 0xBF) {
            *at = (size_t)(p - text);
            return true;
        }
        p++;
    }
    return false;
}

/* Lines are checked for encoding problems a window at a time: one check of this many
 * bytes instead of four scans of each line. */
#define CLEAN_WINDOW ((size_t)1 << 20)

/* Whether text[0..len), which ends after a line break, has none of the problems a line is
 * checked for: invalid UTF-8, a NUL byte, a carriage return that does not end a line, a
 * byte order mark. */
static bool window_clean(const char *text, size_t len)
{
    const char *p, *end = text + len;
    size_t bad;

    if (!fl_text_utf8_valid(text, len, &bad) || memchr(text, '\0', len))
        return false;
    for (p = text; (p = memchr(p, '\r', (size_t)(end - p))) != NULL; p++)
        if (p + 1 == end || p[1] != '\n')
            return false;
    return !find_bom(text, len, &bad);
}

fl_status fl_load_journal(fl_load_context *ctx, const char *path, const char *data, size_t len,
                          uint32_t input, fl_locale locale)
{
    line_state s;
    size_t pos = 0;
    size_t clean_end = 0;   /* the lines before this offset are known to be clean */
    size_t checked_end = 0; /* and windows up to here were looked at */
    fl_status result = FL_OK;

    memset(&s, 0, sizeof s);
    s.ctx = ctx;
    s.path = path;
    s.input = input;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        pos = 3;
    while (pos < len) {
        const char *start = data + pos;
        const char *nl = memchr(start, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - start) : len - pos;
        size_t a = 0, bad;
        fl_status status = FL_OK;
        bool clean;

        if (nl && pos >= checked_end) {
            /* the next window, up to a line break: clean, or its lines are checked one by one */
            size_t end = len - pos > CLEAN_WINDOW ? pos + CLEAN_WINDOW : len;
            while (end > pos && data[end - 1] != '\n')
                end--;
            if (end > pos) {
                if (window_clean(data + pos, end - pos))
                    clean_end = end;
                checked_end = end;
            }
        }
        clean = nl && (size_t)(nl - data) < clean_end;

        s.number++;
        fl_load_consumed(ctx, start);
        pos += n + (nl ? 1 : 0);
        s.text = start;
        s.len = n;
        if (n > 0 && start[n - 1] == '\r')
            s.len = --n;
        if (n > JOURNAL_MAX_LINE) {
            s.len = 80;
            report(&s, FL_ERR_LIMIT, 0, "the line is %zu bytes long; at most %u are allowed", n,
                   JOURNAL_MAX_LINE);
            continue;
        }
        if (!clean && memchr(start, '\0', n)) {
            size_t at = (size_t)((const char *)memchr(start, '\0', n) - start);
            s.len = at;
            report(&s, FL_ERR_SYNTAX, at,
                   "a NUL byte (0x00) in the journal: is this a binary or UTF-16 file?");
            continue;
        }
        if (!clean && !fl_text_utf8_valid(start, n, &bad)) {
            if (!nl && cut_in_character(start + bad, n - bad)) {
                report(&s, FL_ERR_SYNTAX, bad,
                       "the last line does not end with a line break and stops inside a "
                       "character: the file was cut off while it was written (a torn line); "
                       "check this line and end it with a newline");
                continue;
            }
            s.len = bad;
            report(&s, FL_ERR_SYNTAX, bad, "invalid UTF-8 byte 0x%02X; save the file as UTF-8",
                   (unsigned char)start[bad]);
            continue;
        }
        if (!clean && memchr(start, '\r', n)) {
            report(&s, FL_ERR_SYNTAX, (size_t)((const char *)memchr(start, '\r', n) - start),
                   "a carriage return (CR) inside a line; save the file with LF or CRLF line "
                   "ends");
            continue;
        }
        if (!clean && find_bom(start, n, &bad)) {
            report(&s, FL_ERR_SYNTAX, bad, "a byte order mark (U+FEFF) in the middle of the file");
            continue;
        }
        while (a < n && (start[a] == ' ' || start[a] == '\t'))
            a++;
        if (a == n || start[a] == '#' || start[a] == ';')
            continue;
        if (!nl) {
            report(&s, FL_ERR_SYNTAX, n,
                   "the last line does not end with a line break: the file may have been cut "
                   "off while it was written (a torn line); check this line and end it with a "
                   "newline");
            continue;
        }
        free(s.scratch);
        s.scratch = malloc(n + 1);
        if (!s.scratch)
            return FL_ERR_NOMEM;
        /* Claims keep their raw text: the claim language has its own quoting. */
        if (n - a >= 5 && memcmp(start + a, "claim", 5) == 0 &&
            (n - a == 5 || start[a + 5] == ' ' || start[a + 5] == '\t')) {
            size_t b = a + 5, e = n;
            while (b < n && (start[b] == ' ' || start[b] == '\t'))
                b++;
            while (e > b && (start[e - 1] == ' ' || start[e - 1] == '\t'))
                e--;
            if (b == e)
                status = report(&s, FL_ERR_SYNTAX, b, "claim needs a text");
            else if (fl_ledger_push_claim(ctx->ledger, start + b, e - b, input, (uint32_t)s.number,
                                          (uint32_t)col(&s, b), locale) != FL_OK)
                status = FL_ERR_NOMEM;
            if (status != FL_OK && result == FL_OK)
                result = status;
            continue;
        }
        status = tokenize(&s);
        if (status != FL_OK || s.count == 0) {
            if (result == FL_OK)
                result = status;
            continue;
        }
        if (s.tokens[0].value_len > 0 && s.tokens[0].value[0] >= '0' &&
            s.tokens[0].value[0] <= '9' && !s.tokens[0].quoted && !s.tokens[0].key) {
            status = parse_entry(&s, locale);
        } else if (word_is(&s.tokens[0], "locale")) {
            char name[8];
            if (s.count != 2 || s.tokens[1].value_len > 7) {
                status = report(&s, FL_ERR_SYNTAX, s.tokens[0].start,
                                "write \"locale vi\" or \"locale en\"");
            } else {
                snprintf(name, sizeof name, "%.*s", (int)s.tokens[1].value_len, s.tokens[1].value);
                if (fl_locale_from_name(&locale, name) != FL_OK)
                    status = report(&s, FL_ERR_SYNTAX, s.tokens[1].start,
                                    "unknown locale \"%s\" (vi or en)", name);
            }
        } else if (word_is(&s.tokens[0], "fiscal-year")) {
            fl_date d;
            char date[16];
            fl_error e;
            fl_error_clear(&e);
            if (s.count != 2 || s.tokens[1].value_len != 4) {
                status = report(&s, FL_ERR_SYNTAX, s.tokens[0].start,
                                "write the fiscal year as \"fiscal-year 2018\"");
            } else {
                snprintf(date, sizeof date, "%.4s-01-01", s.tokens[1].value);
                fl_input_record *in = &ctx->ledger->inputs[input];
                if (fl_date_parse(&d, date, strlen(date), &e) != FL_OK)
                    status = report(&s, FL_ERR_SYNTAX, s.tokens[1].start, "\"%.*s\" is not a year",
                                    (int)s.tokens[1].value_len, s.tokens[1].value);
                else if (in->entries > 0 || in->fiscal_year_declared)
                    /* Entries before it were checked against another year. */
                    status = report(&s, FL_ERR_SYNTAX, s.tokens[0].start,
                                    "fiscal-year must come once, before the file's first entry");
                else if (!ctx->opts->fiscal_year) {
                    /* --fiscal-year, when given, is the year of every file. */
                    in->fiscal_year = fl_date_year(d);
                    in->fiscal_year_declared = true;
                    in->fiscal_year_inherited = false;
                }
            }
        } else if (word_is(&s.tokens[0], "source")) {
            status = parse_source(&s);
        } else if (word_is(&s.tokens[0], "unit")) {
            status = parse_unit(&s);
        } else if (word_is(&s.tokens[0], "include")) {
            status = parse_include(&s, locale);
        } else {
            status = report(&s, FL_ERR_SYNTAX, s.tokens[0].start,
                            "unknown directive \"%.*s\"; a line is an entry (starting with its "
                            "date), locale, fiscal-year, source, unit, include or claim",
                            (int)(s.tokens[0].end - s.tokens[0].start), s.text + s.tokens[0].start);
        }
        if (status != FL_OK && result == FL_OK)
            result = status;
    }
    free(s.scratch);
    return result;
}
