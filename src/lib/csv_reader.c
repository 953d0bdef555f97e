/* csv_reader.c - streaming RFC 4180 CSV reader over a memory buffer (csv_reader.h). */
#include "csv_reader.h"

#include "text.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NO_SCRATCH SIZE_MAX
#define INITIAL_FIELDS 16
#define INITIAL_SCRATCH 256
#define HIGH_BITS UINT64_C(0x8080808080808080)

/* The first byte the reader will refuse whatever the CSV around it says. */
enum encoding_problem {
    ENCODING_OK,
    ENCODING_INVALID_UTF8,
    ENCODING_NUL,
    ENCODING_BOM,
};

struct fl_csv_reader {
    const char *data;
    size_t len;
    size_t start;           /* the first byte after a leading byte order mark */
    size_t pos;             /* the next byte to read */
    unsigned long line;     /* the physical line of pos ... */
    size_t line_start;      /* ... and the offset of its first byte */
    unsigned long row_line; /* where the row being read starts */
    size_t row_offset;
    char delimiter;
    char quote;
    bool had_bom;
    size_t max_field_bytes;
    size_t max_line_bytes;
    size_t max_fields;
    unsigned char stops[256]; /* the bytes that end an unquoted field */
    enum encoding_problem problem;
    size_t problem_offset; /* len when there is no problem (yet: see checked) */
    size_t checked;        /* the bytes before this offset have been checked (check_encoding) */
    fl_csv_field *fields;
    size_t *scratch_offsets; /* per field: where its text starts in scratch, or NO_SCRATCH */
    size_t field_capacity;
    char *scratch; /* unescaped text of quoted fields with doubled quotes */
    size_t scratch_len;
    size_t scratch_capacity;
    fl_status failure; /* once a row fails, every later call repeats the report */
    fl_error failure_report;
};

static void check_encoding(fl_csv_reader *r, size_t upto);

/* --- where things are: lines, columns, source lines --- */

/* The 1-based character column of `offset` in its line (counted when an error needs it). */
static unsigned long column_of(const fl_csv_reader *r, size_t offset)
{
    size_t start = offset;

    while (start > r->start && r->data[start - 1] != '\n')
        start--;
    return fl_utf8_column(r->data + start, offset - start);
}

static void start_line(fl_csv_reader *r, size_t offset)
{
    r->line++;
    r->line_start = offset;
}

/* Advances the line count over the line feeds in data[from..to). */
static void count_lines(fl_csv_reader *r, size_t from, size_t to)
{
    const char *p = r->data + from, *end = r->data + to, *newline;

    while (p < end && (newline = memchr(p, '\n', (size_t)(end - p))) != NULL) {
        p = newline + 1;
        start_line(r, (size_t)(p - r->data));
    }
}

static size_t line_start_of(const fl_csv_reader *r, size_t offset)
{
    while (offset > r->start && r->data[offset - 1] != '\n')
        offset--;
    return offset;
}

/*
 * Records data[from..to) as the error's source line.  A NUL byte or invalid
 * UTF-8 in it is cut off and shown as U+FFFD, so the line prints cleanly and
 * the caret still has a character to point at.
 */
static void set_source(fl_csv_reader *r, fl_error *err, size_t from, size_t to)
{
    char shown[FL_ERROR_SOURCE_MAX];
    size_t n;

    check_encoding(r, to);
    if (r->problem == ENCODING_BOM || r->problem_offset < from || r->problem_offset >= to ||
        r->problem_offset - from > sizeof shown - 4) {
        fl_error_set_source(err, r->data + from, to - from);
        return;
    }
    n = r->problem_offset - from;
    memcpy(shown, r->data + from, n);
    memcpy(shown + n, "\xEF\xBF\xBD", 3);
    fl_error_set_source(err, shown, n + 3);
}

static void report(fl_csv_reader *r, fl_error *err, fl_status status, unsigned long line,
                   size_t offset, const char *fmt, va_list ap) FL_PRINTF(6, 0);

static void report(fl_csv_reader *r, fl_error *err, fl_status status, unsigned long line,
                   size_t offset, const char *fmt, va_list ap)
{
    size_t from, to;

    if (!err)
        return;
    err->status = status;
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    if (offset > r->len)
        offset = r->len;
    from = line_start_of(r, offset);
    to = offset;
    while (to < r->len && r->data[to] != '\n' && r->data[to] != '\r')
        to++;
    err->line = line;
    err->column = fl_utf8_column(r->data + from, offset - from);
    set_source(r, err, from, to);
}

fl_status fl_csv_reader_error_at(fl_csv_reader *r, fl_error *err, fl_status status,
                                 unsigned long line, size_t offset, const char *fmt, ...)
{
    va_list ap;

    if (!r)
        return fl_error_set(err, status, "%s", fl_strerror(status));
    va_start(ap, fmt);
    report(r, err, status, line, offset, fmt, ap);
    va_end(ap);
    return status;
}

/* --- refusing bytes that are not CSV text at all --- */

/* The file is checked in pieces of this size just ahead of the reader, so each
 * page is read while it is in the cache and a mapped file is never all in memory. */
#define CHECK_CHUNK ((size_t)1 << 20)

/* Looks for the first encoding problem in data[from..to), where `to` is not inside a
 * character; records it as r->problem. */
static void find_encoding_problem(fl_csv_reader *r, size_t from, size_t to)
{
    const char *hit;
    size_t bad, limit, p;

    if (!fl_text_utf8_valid(r->data + from, to - from, &bad)) {
        r->problem = ENCODING_INVALID_UTF8;
        r->problem_offset = from + bad;
    }
    /* Only the first problem matters: each later search stops at it. */
    limit = r->problem_offset < to ? r->problem_offset : to;
    hit = memchr(r->data + from, '\0', limit - from);
    if (hit) {
        r->problem = ENCODING_NUL;
        r->problem_offset = limit = (size_t)(hit - r->data);
    }
    /* 0xEF leads only U+F000..U+FFFF, rare in Vietnamese text: memchr is quick. */
    for (p = from; p < limit && (hit = memchr(r->data + p, 0xEF, limit - p)) != NULL;) {
        size_t at = (size_t)(hit - r->data);

        if (at + 2 < r->len && (unsigned char)r->data[at + 1] == 0xBB &&
            (unsigned char)r->data[at + 2] == 0xBF) {
            r->problem = ENCODING_BOM;
            r->problem_offset = at;
            break;
        }
        p = at + 1;
    }
}

/*
 * Checks the encoding of the input up to `upto` (at least), a piece at a time,
 * stopping at the first problem.  A piece ends before a byte that starts a
 * character (or after three continuation bytes, which no valid character has),
 * so the first problem found is the one a check of the whole file would find.
 */
static void check_encoding(fl_csv_reader *r, size_t upto)
{
    while (r->checked < upto && r->checked < r->len && r->problem == ENCODING_OK) {
        size_t from = r->checked, to = r->len;

        if (r->len - from > CHECK_CHUNK) {
            int k;
            to = from + CHECK_CHUNK;
            for (k = 0; k < 3 && to < r->len && ((unsigned char)r->data[to] & 0xC0) == 0x80; k++)
                to++;
        }
        find_encoding_problem(r, from, to);
        r->checked = to;
    }
}

/* Whether an encoding problem lies before `reached` (checking that far first). */
static bool problem_before(fl_csv_reader *r, size_t reached)
{
    check_encoding(r, reached);
    return r->problem_offset < reached;
}

/*
 * Reports the encoding problem, which lies after `from`, the start of
 * physical line `line`.
 */
static fl_status report_encoding_problem(fl_csv_reader *r, fl_error *err, unsigned long line,
                                         size_t from)
{
    const unsigned char *bytes = (const unsigned char *)r->data;
    const char *p = r->data + from, *end = r->data + r->problem_offset, *newline;
    size_t at = r->problem_offset;

    while ((newline = memchr(p, '\n', (size_t)(end - p))) != NULL) {
        line++;
        p = newline + 1;
    }
    switch (r->problem) {
    case ENCODING_NUL:
        return fl_csv_reader_error_at(r, err, FL_ERR_SYNTAX, line, at,
                                      "a NUL byte (0x00) in the file: is this a spreadsheet saved "
                                      "as UTF-16 or a binary file?");
    case ENCODING_BOM:
        return fl_csv_reader_error_at(r, err, FL_ERR_SYNTAX, line, at,
                                      "a byte order mark (U+FEFF) in the middle of the file");
    default:
        if (at == 0 && r->len >= 2 &&
            ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF)))
            return fl_csv_reader_error_at(r, err, FL_ERR_SYNTAX, line, at,
                                          "the file starts with a UTF-16 byte order mark; save "
                                          "the file as UTF-8");
        return fl_csv_reader_error_at(r, err, FL_ERR_SYNTAX, line, at,
                                      "invalid UTF-8 byte 0x%02X; save the file as UTF-8",
                                      bytes[at]);
    }
}

/*
 * Reports a CSV error found after scanning the row up to `reached` (exclusive)
 * -- unless an encoding problem comes before it: a NUL byte or invalid UTF-8
 * is the real cause of whatever looks broken after it.
 */
static fl_status row_error(fl_csv_reader *r, fl_error *err, size_t reached, fl_status status,
                           unsigned long line, size_t offset, const char *fmt, ...) FL_PRINTF(7, 8);

static fl_status row_error(fl_csv_reader *r, fl_error *err, size_t reached, fl_status status,
                           unsigned long line, size_t offset, const char *fmt, ...)
{
    va_list ap;

    if (problem_before(r, reached))
        return report_encoding_problem(r, err, r->row_line, r->row_offset);
    va_start(ap, fmt);
    report(r, err, status, line, offset, fmt, ap);
    va_end(ap);
    return status;
}

static fl_status lone_cr_error(fl_csv_reader *r, fl_error *err, size_t at)
{
    return row_error(r, err, at + 1, FL_ERR_SYNTAX, r->line, at,
                     "line ends with a lone carriage return (CR); save the file with LF or CRLF "
                     "line ends");
}

/* --- the header: detecting the delimiter --- */

static bool is_line_end_at(const fl_csv_reader *r, size_t p)
{
    return r->data[p] == '\n' || (r->data[p] == '\r' && p + 1 < r->len && r->data[p + 1] == '\n');
}

static size_t skip_blank_lines(fl_csv_reader *r, size_t p)
{
    while (p < r->len && is_line_end_at(r, p)) {
        p += r->data[p] == '\r' ? 2 : 1;
        start_line(r, p);
    }
    return p;
}

static fl_status detect_delimiter(fl_csv_reader *r, fl_error *err)
{
    static const char candidates[3] = {',', ';', '\t'};
    static const char *const names[3][2] = {
        {"comma", "commas"}, {"semicolon", "semicolons"}, {"tab", "tabs"}};
    size_t counts[3] = {0, 0, 0}, best = 0, open = 0, p, k;
    char tied[128];
    int tied_count = 0;
    bool in_quotes = false;

    p = r->row_offset = skip_blank_lines(r, r->start);
    r->row_line = r->line;
    if (p == r->len) {
        r->delimiter = ','; /* nothing to read: any delimiter will do */
        return FL_OK;
    }
    for (; p < r->len; p++) {
        char c = r->data[p];

        if (c == r->quote) {
            open = in_quotes ? open : p;
            in_quotes = !in_quotes; /* a doubled quote toggles twice */
        } else if (in_quotes) {
            continue;
        } else if (c == '\n' || c == '\r') {
            break;
        } else {
            for (k = 0; k < 3; k++)
                counts[k] += c == candidates[k];
        }
    }
    if (problem_before(r, p))
        return report_encoding_problem(r, err, r->row_line, r->row_offset);
    if (in_quotes) {
        unsigned long open_column;

        count_lines(r, r->row_offset, open); /* the field may hold line ends before it */
        open_column = column_of(r, open);
        return fl_csv_reader_error_at(r, err, FL_ERR_SYNTAX, r->line, open,
                                      "quoted field starting at line %lu, column %lu is never "
                                      "closed",
                                      r->line, open_column);
    }
    if (p < r->len && r->data[p] == '\r' && !is_line_end_at(r, p)) {
        count_lines(r, r->row_offset, p); /* a quoted header field may span lines */
        return lone_cr_error(r, err, p);
    }
    for (k = 1; k < 3; k++)
        if (counts[k] > counts[best])
            best = k;
    if (counts[best] == 0)
        return fl_csv_reader_error_at(r, err, FL_ERR_SYNTAX, r->row_line, r->row_offset,
                                      "cannot detect the delimiter: the header has one column; "
                                      "use --delimiter");
    tied[0] = '\0';
    for (k = 0; k < 3; k++) {
        size_t used = strlen(tied);

        if (counts[k] != counts[best])
            continue;
        tied_count++;
        snprintf(tied + used, sizeof tied - used, "%s%zu %s",
                 tied_count == 1 ? "" : (k == 2 || counts[2] != counts[best] ? " and " : ", "),
                 counts[k], names[k][counts[k] != 1]);
    }
    if (tied_count > 1)
        return fl_csv_reader_error_at(r, err, FL_ERR_SYNTAX, r->row_line, r->row_offset,
                                      "cannot detect the delimiter: the header has %s; use "
                                      "--delimiter",
                                      tied);
    r->delimiter = candidates[best];
    return FL_OK;
}

/* --- creating and freeing --- */

/* Delimiters and quotes: a tab or ASCII punctuation (not a letter, digit, space or line end). */
static bool is_separator_byte(char c)
{
    return c == '\t' || (c > ' ' && c < 0x7F && !(c >= '0' && c <= '9') &&
                         !(c >= 'A' && c <= 'Z') && !(c >= 'a' && c <= 'z'));
}

static fl_csv_options options_with_defaults(const fl_csv_options *opts)
{
    fl_csv_options o = FL_CSV_OPTIONS_INIT;

    if (opts) {
        o.delimiter = opts->delimiter;
        if (opts->quote)
            o.quote = opts->quote;
        if (opts->max_field_bytes)
            o.max_field_bytes = opts->max_field_bytes;
        if (opts->max_line_bytes)
            o.max_line_bytes = opts->max_line_bytes;
        if (opts->max_fields)
            o.max_fields = opts->max_fields;
    }
    return o;
}

fl_status fl_csv_reader_new(fl_csv_reader **out, const char *data, size_t len,
                            const fl_csv_options *opts, fl_error *err)
{
    const fl_csv_options o = options_with_defaults(opts);
    fl_csv_reader *r = NULL;
    fl_status status = FL_OK;

    if (!out || (!data && len > 0))
        return fl_error_set(err, FL_ERR_INVALID_ARGUMENT, "no CSV reader or no data");
    *out = NULL;
    if (!is_separator_byte(o.quote) || (o.delimiter && !is_separator_byte(o.delimiter)) ||
        o.delimiter == o.quote)
        return fl_error_set(err, FL_ERR_INVALID_ARGUMENT,
                            "the CSV delimiter and quote must be a tab or ASCII punctuation, and "
                            "differ");
    r = calloc(1, sizeof *r);
    if (!r)
        return fl_error_set(err, FL_ERR_NOMEM, "out of memory");
    r->data = len > 0 ? data : "";
    r->len = len;
    r->quote = o.quote;
    r->max_field_bytes = o.max_field_bytes;
    r->max_line_bytes = o.max_line_bytes;
    r->max_fields = o.max_fields;
    r->field_capacity = INITIAL_FIELDS < o.max_fields ? INITIAL_FIELDS : o.max_fields;
    r->fields = malloc(r->field_capacity * sizeof *r->fields);
    r->scratch_offsets = malloc(r->field_capacity * sizeof *r->scratch_offsets);
    if (!r->fields || !r->scratch_offsets) {
        status = fl_error_set(err, FL_ERR_NOMEM, "out of memory");
        goto done;
    }
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
        r->had_bom = true;
        r->start = 3;
    }
    r->pos = r->line_start = r->start;
    r->line = 1;
    r->problem = ENCODING_OK;
    r->problem_offset = r->len;
    r->checked = r->start;
    if (o.delimiter) {
        r->delimiter = o.delimiter;
    } else {
        status = detect_delimiter(r, err);
        if (status != FL_OK)
            goto done;
        /* Detection only looked: reading starts again at the top. */
        r->line = 1;
        r->line_start = r->start;
    }
    r->stops[(unsigned char)r->delimiter] = 1;
    r->stops[(unsigned char)r->quote] = 1;
    r->stops['\n'] = 1;
    r->stops['\r'] = 1;
    *out = r;
    r = NULL;
done:
    fl_csv_reader_free(r);
    return status;
}

void fl_csv_reader_free(fl_csv_reader *r)
{
    if (!r)
        return;
    free(r->fields);
    free(r->scratch_offsets);
    free(r->scratch);
    free(r);
}

unsigned long fl_csv_reader_field_column(const fl_csv_reader *r, const fl_csv_field *f)
{
    return column_of(r, f->offset);
}

char fl_csv_reader_delimiter(const fl_csv_reader *r)
{
    return r ? r->delimiter : '\0';
}

bool fl_csv_reader_had_bom(const fl_csv_reader *r)
{
    return r && r->had_bom;
}

/* --- reading rows --- */

static fl_status grow_fields(fl_csv_reader *r, fl_error *err)
{
    size_t capacity = r->field_capacity * 2 < r->max_fields ? r->field_capacity * 2 : r->max_fields;
    fl_csv_field *fields = realloc(r->fields, capacity * sizeof *fields);
    size_t *offsets;

    if (!fields)
        return fl_error_set(err, FL_ERR_NOMEM, "out of memory");
    r->fields = fields;
    offsets = realloc(r->scratch_offsets, capacity * sizeof *offsets);
    if (!offsets)
        return fl_error_set(err, FL_ERR_NOMEM, "out of memory");
    r->scratch_offsets = offsets;
    r->field_capacity = capacity;
    return FL_OK;
}

static fl_status append_scratch(fl_csv_reader *r, const char *text, size_t len, fl_error *err)
{
    if (r->scratch_capacity - r->scratch_len < len) {
        size_t capacity = r->scratch_capacity ? r->scratch_capacity : INITIAL_SCRATCH;
        char *scratch;

        while (capacity - r->scratch_len < len)
            capacity *= 2;
        scratch = realloc(r->scratch, capacity);
        if (!scratch)
            return fl_error_set(err, FL_ERR_NOMEM, "out of memory");
        r->scratch = scratch;
        r->scratch_capacity = capacity;
    }
    memcpy(r->scratch + r->scratch_len, text, len);
    r->scratch_len += len;
    return FL_OK;
}

/* Reads the quoted field whose opening quote is at *pos; leaves *pos after the closing quote. */
static fl_status read_quoted(fl_csv_reader *r, size_t index, size_t *pos, fl_error *err)
{
    fl_csv_field *f = &r->fields[index];
    const char *d = r->data;
    size_t open = *pos, p = open + 1, segment = p, q;
    fl_status status;

    for (;;) {
        const char *hit = memchr(d + p, r->quote, r->len - p);

        q = hit ? (size_t)(hit - d) : r->len;
        count_lines(r, p, q);
        if (!hit)
            return row_error(r, err, r->len, FL_ERR_SYNTAX, f->line, open,
                             "quoted field starting at line %lu, column %lu is never closed",
                             f->line, fl_csv_reader_field_column(r, f));
        if (q - open - 1 > r->max_field_bytes)
            return row_error(r, err, q, FL_ERR_LIMIT, f->line, open,
                             "the field is longer than the limit of %zu bytes", r->max_field_bytes);
        if (q + 1 == r->len || d[q + 1] != r->quote)
            break;
        /* A doubled quote: the field's text no longer lies in one piece of the input. */
        if (r->scratch_offsets[index] == NO_SCRATCH)
            r->scratch_offsets[index] = r->scratch_len;
        status = append_scratch(r, d + segment, q + 1 - segment, err);
        if (status != FL_OK)
            return status;
        p = segment = q + 2;
    }
    f->quoted = true;
    if (r->scratch_offsets[index] == NO_SCRATCH) {
        f->ptr = d + open + 1;
        f->len = q - open - 1;
    } else {
        status = append_scratch(r, d + segment, q - segment, err);
        if (status != FL_OK)
            return status;
        f->ptr = NULL; /* set once the row is complete: scratch may still move */
        f->len = r->scratch_len - r->scratch_offsets[index];
    }
    p = q + 1;
    if (p < r->len && d[p] != r->delimiter && d[p] != '\n' && d[p] != '\r') {
        unsigned char c = (unsigned char)d[p];

        if (c < 0x20 || c == 0x7F)
            return row_error(r, err, p + 1, FL_ERR_SYNTAX, r->line, p,
                             "unexpected U+%04X after the closing quote of a field; double a "
                             "quote inside a quoted field: %c%c",
                             (unsigned)c, r->quote, r->quote);
        return row_error(r, err, p + 1, FL_ERR_SYNTAX, r->line, p,
                         "unexpected \"%.*s\" after the closing quote of a field; double a quote "
                         "inside a quoted field: %c%c",
                         c < 0xE0 ? (c < 0x80 ? 1 : 2) : (c < 0xF0 ? 3 : 4), d + p, r->quote,
                         r->quote);
    }
    *pos = p;
    return FL_OK;
}

/* A word with 0x80 in the lowest byte of `word` that equals `byte`, and maybe in
 * higher ones (a borrow can flag the byte above a match): the lowest flag is exact. */
static uint64_t bytes_equal(uint64_t word, unsigned char byte)
{
    uint64_t x = word ^ (UINT64_C(0x0101010101010101) * byte);
    return (x - UINT64_C(0x0101010101010101)) & ~x & HIGH_BITS;
}

/* Where the unquoted field at p ends: the first stop byte (delimiter, quote, line
 * feed, carriage return) or the end; eight bytes at a time. */
static size_t field_end(const fl_csv_reader *r, size_t p)
{
    const char *d = r->data;
#if defined(__GNUC__)
    while (p + 8 <= r->len) {
        uint64_t word, hits;
        memcpy(&word, d + p, sizeof word);
        hits = bytes_equal(word, (unsigned char)r->delimiter) |
               bytes_equal(word, (unsigned char)r->quote) | bytes_equal(word, '\n') |
               bytes_equal(word, '\r');
        if (hits) {
            /* little-endian: the lowest flagged byte comes first in memory */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
            return p + (size_t)(__builtin_ctzll(hits) >> 3);
#else
            break;
#endif
        }
        p += 8;
    }
#endif
    while (p < r->len && !r->stops[(unsigned char)d[p]])
        p++;
    return p;
}

static fl_status read_row(fl_csv_reader *r, fl_csv_row *row, fl_error *err)
{
    const char *d = r->data;
    size_t p = skip_blank_lines(r, r->pos), count = 0, i;
    fl_status status;

    r->pos = p;
    if (p == r->len)
        return FL_OK; /* the end: row->count stays 0 */
    row->line = r->row_line = r->line;
    row->offset = r->row_offset = p;
    r->scratch_len = 0;
    for (;;) {
        fl_csv_field *f;

        if (count == r->max_fields)
            return row_error(r, err, p, FL_ERR_LIMIT, r->line, p,
                             "the row has more than %zu fields", r->max_fields);
        if (count == r->field_capacity && (status = grow_fields(r, err)) != FL_OK)
            return status;
        f = &r->fields[count];
        r->scratch_offsets[count] = NO_SCRATCH;
        f->line = r->line;
        f->offset = p;
        if (p < r->len && d[p] == r->quote) {
            status = read_quoted(r, count, &p, err);
            if (status != FL_OK)
                return status;
        } else {
            size_t begin = p;

            p = field_end(r, p);
            f->ptr = d + begin;
            f->len = p - begin;
            f->quoted = false;
            if (p < r->len && d[p] == r->quote)
                return row_error(r, err, p + 1, FL_ERR_SYNTAX, r->line, p,
                                 "a quote (%c) inside a field that does not start with one; put "
                                 "the whole field in quotes and double the quote inside it",
                                 r->quote);
            if (f->len > r->max_field_bytes)
                return row_error(r, err, p, FL_ERR_LIMIT, f->line, begin,
                                 "the field is longer than the limit of %zu bytes",
                                 r->max_field_bytes);
        }
        count++;
        if (p - row->offset > r->max_line_bytes)
            return row_error(r, err, p, FL_ERR_LIMIT, row->line, row->offset,
                             "the row is longer than the limit of %zu bytes", r->max_line_bytes);
        if (p == r->len || d[p] != r->delimiter)
            break;
        p++;
    }
    /* p is at the end of the input, a line feed or a carriage return. */
    if (problem_before(r, p))
        return report_encoding_problem(r, err, r->row_line, r->row_offset);
    row->end_line = r->line;
    row->end_offset = p;
    if (p < r->len) {
        if (!is_line_end_at(r, p))
            return lone_cr_error(r, err, p);
        p += d[p] == '\r' ? 2 : 1;
        start_line(r, p);
    }
    r->pos = p;
    if (r->scratch_len > 0)
        for (i = 0; i < count; i++)
            if (r->scratch_offsets[i] != NO_SCRATCH)
                r->fields[i].ptr = r->scratch + r->scratch_offsets[i];
    row->fields = r->fields; /* grow_fields may have moved them */
    row->count = count;
    return FL_OK;
}

/* Copies a report, leaving the file name the caller may have set alone. */
static void copy_report(fl_error *to, const fl_error *from)
{
    to->status = from->status;
    to->line = from->line;
    to->column = from->column;
    memcpy(to->message, from->message, sizeof to->message);
    memcpy(to->source_line, from->source_line, sizeof to->source_line);
}

fl_status fl_csv_reader_next(fl_csv_reader *r, fl_csv_row *row, fl_error *err)
{
    fl_status status;

    if (!r || !row)
        return fl_error_set(err, FL_ERR_INVALID_ARGUMENT, "no CSV reader or no row");
    memset(row, 0, sizeof *row);
    row->fields = r->fields;
    if (r->failure != FL_OK) {
        if (err)
            copy_report(err, &r->failure_report);
        return r->failure;
    }
    status = read_row(r, row, err);
    if (status != FL_OK) {
        row->count = 0;
        r->failure = status;
        if (err)
            copy_report(&r->failure_report, err);
        else
            fl_error_set(&r->failure_report, status, "%s", fl_strerror(status));
    }
    return status;
}
