/* error.c - status sentences and error reports (fundledger/common.h). */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>

static const char *const status_sentences[FL_STATUS_COUNT_] = {
    [FL_OK] = "success",
    [FL_ERR_NOMEM] = "out of memory",
    [FL_ERR_INVALID_ARGUMENT] = "invalid argument",
    [FL_ERR_SYNTAX] = "the text could not be read",
    [FL_ERR_RANGE] = "the number is too large or too precise",
    [FL_ERR_INEXACT] = "the exact result would have to be rounded",
    [FL_ERR_DIVISION_BY_ZERO] = "division by zero",
    [FL_ERR_IO] = "a file could not be read or written",
    [FL_ERR_VALIDATION] = "the input breaks a ledger rule",
    [FL_ERR_NOT_FOUND] = "not found",
    [FL_ERR_LIMIT] = "a size limit was reached",
    [FL_ERR_UNSUPPORTED] = "not supported",
};

const char *fl_strerror(fl_status status)
{
    if ((int)status < 0 || status >= FL_STATUS_COUNT_ || !status_sentences[status])
        return "unknown status";
    return status_sentences[status];
}

const char *fl_version(void)
{
    return FL_VERSION_STRING;
}

void fl_error_clear(fl_error *err)
{
    if (!err)
        return;
    memset(err, 0, sizeof *err);
}

size_t fl_error_format(char *buf, size_t size, const fl_error *err)
{
    int n;
    const char *message = err->message[0] ? err->message : fl_strerror(err->status);

    if (err->file[0] && err->line && err->column)
        n = snprintf(buf, size, "%s:%lu:%lu: %s", err->file, err->line, err->column, message);
    else if (err->file[0] && err->line)
        n = snprintf(buf, size, "%s:%lu: %s", err->file, err->line, message);
    else if (err->file[0])
        n = snprintf(buf, size, "%s: %s", err->file, message);
    else if (err->column)
        n = snprintf(buf, size, "%lu: %s", err->column, message);
    else
        n = snprintf(buf, size, "%s", message);
    return n < 0 ? 0 : (size_t)n;
}

fl_status fl_error_set(fl_error *err, fl_status status, const char *fmt, ...)
{
    va_list ap;

    if (!err)
        return status;
    err->status = status;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return status;
}

fl_status fl_error_set_at(fl_error *err, fl_status status, unsigned long line, unsigned long column,
                          const char *fmt, ...)
{
    va_list ap;

    if (!err)
        return status;
    err->status = status;
    err->line = line;
    err->column = column;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return status;
}

void fl_error_set_file(fl_error *err, const char *file)
{
    if (!err)
        return;
    snprintf(err->file, sizeof err->file, "%s", file ? file : "");
}

void fl_error_set_source(fl_error *err, const char *line, size_t len)
{
    size_t n;

    if (!err)
        return;
    n = len < sizeof err->source_line - 1 ? len : sizeof err->source_line - 1;
    /* Never cut a UTF-8 sequence in half. */
    while (n > 0 && n < len && ((unsigned char)line[n] & 0xC0) == 0x80)
        n--;
    memcpy(err->source_line, line, n);
    err->source_line[n] = '\0';
}

unsigned long fl_utf8_column(const char *text, size_t byte_offset)
{
    const unsigned char *p = (const unsigned char *)text;
    size_t continuation = 0, i = 0;

    /* 8 bytes at a time: a continuation byte has bit 7 set and bit 6 clear; the
     * multiply sums the flags of the 8 bytes into the top byte */
    for (; i + 8 <= byte_offset; i += 8) {
        uint64_t word;
        memcpy(&word, p + i, sizeof word);
        continuation += (size_t)((((word & ~(word << 1) & UINT64_C(0x8080808080808080)) >> 7) *
                                  UINT64_C(0x0101010101010101)) >>
                                 56);
    }
    for (; i < byte_offset; i++)
        continuation += (p[i] & 0xC0) == 0x80;
    return (unsigned long)(1 + byte_offset - continuation);
}
