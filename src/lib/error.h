/* error.h - private helpers to fill an fl_error (see fundledger/common.h). */
#ifndef FL_LIB_ERROR_H
#define FL_LIB_ERROR_H

#include "fundledger/common.h"

#if defined(__GNUC__)
#define FL_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define FL_PRINTF(a, b)
#endif

/** Sets status and message (printf-style) if err is not NULL; returns status. */
fl_status fl_error_set(fl_error *err, fl_status status, const char *fmt, ...) FL_PRINTF(3, 4);
/** As fl_error_set, with a line and column (1-based; 0 = unknown). */
fl_status fl_error_set_at(fl_error *err, fl_status status, unsigned long line, unsigned long column,
                          const char *fmt, ...) FL_PRINTF(5, 6);
/** Records the file name of an error. */
void fl_error_set_file(fl_error *err, const char *file);
/** Records the input line an error points into (cut at a character boundary). */
void fl_error_set_source(fl_error *err, const char *line, size_t len);
/** The 1-based character column of byte_offset in UTF-8 text. */
unsigned long fl_utf8_column(const char *text, size_t byte_offset);

#endif
