/*
 * rollup_scan.c - what cJSON lets through, checked on the raw bytes of a
 * summary (rollup_internal.h).
 *
 * cJSON skips every byte up to 0x20 between tokens (so a NUL is whitespace),
 * stores strings as C strings (so a NUL or \u0000 cuts a name), copies bytes
 * that are not UTF-8 as they are, and keeps every member of an object (the
 * lookup finds the first of two equal keys).  A summary is written by
 * fundledger, so none of that happens by accident: two checks refuse it, one
 * before the parse (bytes and escapes) and one after (duplicate keys, which
 * need the structure to be valid).  Both are linear in the text, apart from
 * sorting the keys (n log n).
 */
#include "rollup_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "text.h"

/* --- bytes and escapes -------------------------------------------------------------------- */

static bool set_problem(ru_scan_problem *problem, size_t at, const char *fmt, ...) FL_PRINTF(3, 4);

static bool set_problem(ru_scan_problem *problem, size_t at, const char *fmt, ...)
{
    va_list ap;

    problem->at = at;
    problem->first = SIZE_MAX;
    va_start(ap, fmt);
    vsnprintf(problem->message, sizeof problem->message, fmt, ap);
    va_end(ap);
    return true;
}

static int hex_value(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* The code unit of "\uXXXX" at p (p[0] is the backslash), or -1 if p holds no such escape. */
static long utf16_escape(const unsigned char *p, const unsigned char *end)
{
    long v = 0;
    int i;

    if (end - p < 6 || p[0] != '\\' || p[1] != 'u')
        return -1;
    for (i = 2; i < 6; i++) {
        int h = hex_value(p[i]);
        if (h < 0)
            return -1;
        v = v * 16 + h;
    }
    return v;
}

/* "\ud800" without "\udc00" after it (or the other way round) decodes to invalid UTF-8. */
static size_t lone_surrogate(ru_scan_problem *problem, const unsigned char *text,
                             const unsigned char *p)
{
    set_problem(problem, (size_t)(p - text),
                "\\u%.4s is half of a UTF-16 surrogate pair, without the other half: it "
                "encodes no character",
                (const char *)p + 2);
    return 0;
}

/* The escape at p (a backslash inside a string): how many bytes it takes, or 0 with a problem. */
static size_t check_escape(ru_scan_problem *problem, const unsigned char *text,
                           const unsigned char *p, const unsigned char *end)
{
    long unit = utf16_escape(p, end), low;

    if (p + 1 < end && p[1] == '\0') {
        set_problem(problem, (size_t)(p + 1 - text),
                    "a NUL byte (0x00) in the summary: is this a binary or UTF-16 file?");
        return 0;
    }
    if (unit < 0)
        return p + 1 < end ? 2 : 1; /* a malformed escape: cJSON refuses it */
    if (unit == 0) {
        set_problem(problem, (size_t)(p - text),
                    "a NUL character (\\u0000) in a string: the text would be cut there");
        return 0;
    }
    if (unit >= 0xDC00 && unit <= 0xDFFF)
        return lone_surrogate(problem, text, p);
    if (unit >= 0xD800 && unit <= 0xDBFF) {
        low = utf16_escape(p + 6, end);
        return low >= 0xDC00 && low <= 0xDFFF ? 12 : lone_surrogate(problem, text, p);
    }
    return 6;
}

bool fl_rollup__check_bytes(ru_scan_problem *problem, const char *text, size_t len)
{
    const unsigned char *s = (const unsigned char *)text, *p, *end;
    size_t bad = len;
    bool in_string = false;

    memset(problem, 0, sizeof *problem);
    if (len >= 2 && ((s[0] == 0xFF && s[1] == 0xFE) || (s[0] == 0xFE && s[1] == 0xFF)))
        return set_problem(problem, 0,
                           "the file starts with a UTF-16 byte order mark; save the file as UTF-8");
    /* The first invalid byte ends the walk: whatever comes before it is reported first. */
    fl_text_utf8_valid(text, len, &bad);
    p = s;
    end = s + bad;
    if (end - p >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
        p += 3; /* a byte order mark at the start is read, as in CSV files (and by cJSON) */
    while (p < end) {
        unsigned char c = *p;
        if (c == '\0')
            return set_problem(problem, (size_t)(p - s),
                               "a NUL byte (0x00) in the summary: is this a binary or UTF-16 "
                               "file?");
        if (c == 0xEF && end - p >= 3 && p[1] == 0xBB && p[2] == 0xBF)
            return set_problem(problem, (size_t)(p - s),
                               "a byte order mark (U+FEFF) in the middle of the file");
        if (in_string) {
            if (c == '"') {
                in_string = false;
            } else if (c == '\\') {
                size_t n = check_escape(problem, s, p, end);
                if (n == 0)
                    return true;
                p += n;
                continue;
            } else if (c < 0x20) {
                return set_problem(problem, (size_t)(p - s),
                                   "a control character (0x%02X) inside a string: JSON writes "
                                   "it as the escape \\u%04x",
                                   c, c);
            }
        } else if (c == '"') {
            in_string = true;
        } else if (c < 0x20 && c != ' ' && c != '\t' && c != '\n' && c != '\r') {
            return set_problem(problem, (size_t)(p - s),
                               "a control character (0x%02X) between JSON values", c);
        }
        p++;
    }
    if (bad < len)
        return set_problem(problem, bad, "invalid UTF-8 byte 0x%02X; save the file as UTF-8",
                           s[bad]);
    return false;
}

/* --- duplicate keys ------------------------------------------------------------------------- */

typedef struct key {
    size_t object; /* which object, numbered in text order */
    size_t at;     /* offset of the key's opening quote */
    const char *text;
    size_t len;
} key;

typedef struct key_list {
    key *items;
    size_t count, cap;
} key_list;

static int compare_keys(const void *pa, const void *pb)
{
    const key *a = pa, *b = pb;
    size_t n = a->len < b->len ? a->len : b->len;
    int c;

    if (a->object != b->object)
        return a->object < b->object ? -1 : 1;
    c = memcmp(a->text, b->text, n);
    if (c != 0)
        return c;
    if (a->len != b->len)
        return a->len < b->len ? -1 : 1;
    return a->at < b->at ? -1 : a->at > b->at;
}

static bool same_key(const key *a, const key *b)
{
    return a->object == b->object && a->len == b->len && memcmp(a->text, b->text, a->len) == 0;
}

static void put_utf8(char **out, unsigned long cp)
{
    unsigned char *o = (unsigned char *)*out;

    if (cp < 0x80) {
        *o++ = (unsigned char)cp;
    } else if (cp < 0x800) {
        *o++ = (unsigned char)(0xC0 | (cp >> 6));
        *o++ = (unsigned char)(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        *o++ = (unsigned char)(0xE0 | (cp >> 12));
        *o++ = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        *o++ = (unsigned char)(0x80 | (cp & 0x3F));
    } else {
        *o++ = (unsigned char)(0xF0 | (cp >> 18));
        *o++ = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
        *o++ = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        *o++ = (unsigned char)(0x80 | (cp & 0x3F));
    }
    *out = (char *)o;
}

/*
 * Decodes the escapes of a key (raw text between its quotes, valid JSON) into out, which has
 * room for len bytes: no escape is shorter than what it stands for.  Returns the length.
 */
static size_t decode_key(char *out, const char *raw, size_t len)
{
    const unsigned char *p = (const unsigned char *)raw, *end = p + len;
    char *o = out;

    while (p < end) {
        long unit;
        if (*p != '\\') {
            *o++ = (char)*p++;
            continue;
        }
        unit = utf16_escape(p, end);
        if (unit >= 0) {
            unsigned long cp = (unsigned long)unit;
            long low = unit >= 0xD800 && unit <= 0xDBFF ? utf16_escape(p + 6, end) : -1;
            p += 6;
            if (low >= 0xDC00 && low <= 0xDFFF) {
                cp = 0x10000 + (((unsigned long)unit - 0xD800) << 10) +
                     ((unsigned long)low - 0xDC00);
                p += 6;
            }
            put_utf8(&o, cp);
            continue;
        }
        switch (p + 1 < end ? p[1] : '\\') {
        case 'b':
            *o++ = '\b';
            break;
        case 'f':
            *o++ = '\f';
            break;
        case 'n':
            *o++ = '\n';
            break;
        case 'r':
            *o++ = '\r';
            break;
        case 't':
            *o++ = '\t';
            break;
        default:
            *o++ = (char)(p + 1 < end ? p[1] : '\\');
            break;
        }
        p += 2;
    }
    return (size_t)(o - out);
}

/* Finds every key of the (valid) JSON text, with the object it belongs to. */
static fl_status collect_keys(key_list *keys, size_t *escaped_bytes, const char *text, size_t len)
{
    const char *p = text, *end = text + len;
    size_t *stack = NULL, depth = 0, stack_cap = 0, objects = 0;
    bool expect_key = false;
    fl_status st = FL_OK;

    *escaped_bytes = 0;
    while (p < end) {
        char c = *p;
        if (c == '"') {
            const char *start = ++p;
            bool escaped = false;
            while (p < end && *p != '"') {
                if (*p == '\\' && p + 1 < end) {
                    escaped = true;
                    p++;
                }
                p++;
            }
            if (expect_key && depth > 0 && stack[depth - 1] != SIZE_MAX) {
                if (keys->count == keys->cap) {
                    size_t cap = keys->cap ? keys->cap * 2 : 64;
                    key *grown = realloc(keys->items, cap * sizeof *grown);
                    if (!grown) {
                        st = FL_ERR_NOMEM;
                        goto done;
                    }
                    keys->items = grown;
                    keys->cap = cap;
                }
                /* Escaped keys are decoded later; len is their room until then. */
                keys->items[keys->count++] = (key){stack[depth - 1], (size_t)(start - 1 - text),
                                                   escaped ? NULL : start, (size_t)(p - start)};
                if (escaped)
                    *escaped_bytes += (size_t)(p - start);
            }
            expect_key = false;
            p++;
            continue;
        }
        if (c == '{' || c == '[') {
            if (depth == stack_cap) {
                size_t cap = stack_cap ? stack_cap * 2 : 32;
                size_t *grown = realloc(stack, cap * sizeof *grown);
                if (!grown) {
                    st = FL_ERR_NOMEM;
                    goto done;
                }
                stack = grown;
                stack_cap = cap;
            }
            stack[depth++] = c == '{' ? objects++ : SIZE_MAX;
            expect_key = c == '{';
        } else if ((c == '}' || c == ']') && depth > 0) {
            depth--;
        } else if (c == ',') {
            expect_key = depth > 0 && stack[depth - 1] != SIZE_MAX;
        }
        p++;
    }
done:
    free(stack);
    return st;
}

/* Where offset `at` lies: 1-based line and character column. */
static void line_and_column(unsigned long *line, unsigned long *column, const char *text, size_t at)
{
    const char *line_start = text, *p = text, *nl;

    *line = 1;
    while ((nl = memchr(p, '\n', (size_t)(text + at - p))) != NULL) {
        (*line)++;
        p = line_start = nl + 1;
    }
    *column = fl_utf8_column(line_start, (size_t)(text + at - line_start));
}

fl_status fl_rollup__find_duplicate_key(ru_scan_problem *problem, bool *found, const char *text,
                                        size_t len)
{
    key_list keys = {NULL, 0, 0};
    char *decoded = NULL, *o;
    size_t escaped_bytes, i, run = 0, best = SIZE_MAX, best_first = 0;
    fl_status st;

    *found = false;
    memset(problem, 0, sizeof *problem);
    st = collect_keys(&keys, &escaped_bytes, text, len);
    if (st != FL_OK)
        goto done;
    if (escaped_bytes > 0) {
        o = decoded = malloc(escaped_bytes);
        if (!decoded) {
            st = FL_ERR_NOMEM;
            goto done;
        }
        for (i = 0; i < keys.count; i++)
            if (!keys.items[i].text) {
                const char *raw = text + keys.items[i].at + 1;
                keys.items[i].text = o;
                keys.items[i].len = decode_key(o, raw, keys.items[i].len);
                o += keys.items[i].len;
            }
    }
    if (keys.count > 1)
        qsort(keys.items, keys.count, sizeof *keys.items, compare_keys);
    /* Each run of equal keys in one object: its second member is the first duplicate. */
    for (i = 1; i <= keys.count; i++) {
        if (i < keys.count && same_key(&keys.items[i], &keys.items[run]))
            continue;
        if (i - run > 1 && keys.items[run + 1].at < best) {
            best = keys.items[run + 1].at;
            best_first = run;
        }
        run = i;
    }
    if (best != SIZE_MAX) {
        const key *first = &keys.items[best_first];
        unsigned long line, column;
        size_t n = first->len < 60 ? first->len : 60;
        while (n > 0 && n < first->len && ((unsigned char)first->text[n] & 0xC0) == 0x80)
            n--; /* never cut a character in half */
        line_and_column(&line, &column, text, first->at);
        set_problem(problem, best,
                    "the key \"%.*s\"%s appears twice in this object (first at %lu:%lu); a "
                    "summary gives each key once",
                    (int)n, first->text, n < first->len ? "..." : "", line, column);
        problem->first = first->at;
        *found = true;
    }
done:
    free(decoded);
    free(keys.items);
    return st;
}
