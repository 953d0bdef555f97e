/*
 * fundledger/common.h - status codes, error reports and version.
 *
 * Every fallible function in libfundledger returns an fl_status and, when the
 * caller passes one, fills a caller-owned fl_error with where and why it
 * failed.  There is no global "last error".
 */
#ifndef FUNDLEDGER_COMMON_H
#define FUNDLEDGER_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define FL_VERSION_MAJOR 0
#define FL_VERSION_MINOR 1
#define FL_VERSION_PATCH 0
#define FL_VERSION_STRING "0.1.0"

/** The result of every fallible libfundledger call.  fl_strerror() has a sentence for each. */
typedef enum fl_status {
    FL_OK = 0,               /**< success */
    FL_ERR_NOMEM,            /**< an allocation failed */
    FL_ERR_INVALID_ARGUMENT, /**< the caller broke a documented precondition */
    FL_ERR_SYNTAX,           /**< text could not be read: malformed number, expression, line */
    FL_ERR_RANGE,            /**< a number has more digits or a larger exponent than allowed */
    FL_ERR_INEXACT,          /**< the exact result would need rounding and none was asked for */
    FL_ERR_DIVISION_BY_ZERO, /**< division by zero */
    FL_ERR_IO,               /**< reading or writing a file failed */
    FL_ERR_VALIDATION,       /**< the input is well formed but breaks a ledger rule */
    FL_ERR_NOT_FOUND,        /**< a file, code or entry does not exist */
    FL_ERR_LIMIT,            /**< a size limit (line length, include depth, entries) was hit */
    FL_ERR_UNSUPPORTED,      /**< a valid request that this version does not support */
    FL_STATUS_COUNT_         /**< not a status: the number of values above */
} fl_status;

/** A sentence that explains a status; never NULL, static storage. */
const char *fl_strerror(fl_status status);

#define FL_ERROR_FILE_MAX 512
#define FL_ERROR_MESSAGE_MAX 512
#define FL_ERROR_SOURCE_MAX 256

/**
 * Where and why an operation failed.  Owned by the caller (usually on the
 * stack); the library only writes into it.  `line` and `column` are 1-based;
 * 0 means "not applicable".  Columns count Unicode characters (code points),
 * not bytes, so a caret lines up under Vietnamese text.  `source_line` holds
 * the offending input line (possibly cut) when one is known.
 */
typedef struct fl_error {
    fl_status status;
    char file[FL_ERROR_FILE_MAX];
    unsigned long line;
    unsigned long column;
    char message[FL_ERROR_MESSAGE_MAX];
    char source_line[FL_ERROR_SOURCE_MAX];
} fl_error;

/** Resets an error report to "no error". */
void fl_error_clear(fl_error *err);

/**
 * Formats an error report the way fundledger's tools print it:
 * "file:line:column: message" (parts that are unknown are left out).
 * Writes at most `size` bytes including the terminating NUL into `buf` and
 * returns the length the full text needs, like snprintf.
 */
size_t fl_error_format(char *buf, size_t size, const fl_error *err);

/** The library's version as "MAJOR.MINOR.PATCH" (static storage). */
const char *fl_version(void);

#ifdef __cplusplus
}
#endif

#endif
