/*
 * csv_reader.h - private streaming RFC 4180 CSV reader over a memory buffer.
 *
 * The caller reads (or maps) the whole file and keeps the buffer alive and
 * unchanged for as long as the reader.  Rows are handed out one at a time;
 * each field is a (pointer, length) slice: into the caller's buffer when the
 * field has no doubled quotes, otherwise into the reader's scratch buffer.
 * The reader allocates only when a row has more fields, or more unescaped
 * quoted text, than any row before it.
 *
 * What the reader accepts, and what it refuses (every refusal is an fl_error
 * with line, character column and the source line, for a caret):
 *
 * - UTF-8 only.  A UTF-8 byte order mark at the very start is skipped
 *   (fl_csv_reader_had_bom); one anywhere else is an error, as are NUL bytes
 *   and invalid UTF-8.  These are found before the first row is read, but are
 *   reported when the row that holds them is reached, so earlier rows are
 *   delivered and errors come out in file order.
 * - Line ends LF or CRLF.  A lone CR (classic Mac OS line end) outside quotes
 *   is an error rather than a guess; inside a quoted field CR, LF and CRLF are
 *   field text and kept as they are.  The last line needs no line end.
 * - Blank lines (nothing at all between two line ends) are skipped, also in
 *   single-column files; a line of spaces or of delimiters is a row.
 * - Quoted fields may hold delimiters, line ends and doubled quotes ("").
 *   After the closing quote only a delimiter, a line end or the end of the
 *   file may follow.  A quote inside an unquoted field is an error (RFC 4180
 *   wants such a field quoted, and a stray quote usually means a broken one).
 * - Field count checks against the header are the caller's job: every field
 *   and row carries its line, column and offset for fl_csv_reader_error_at.
 */
#ifndef FL_LIB_CSV_READER_H
#define FL_LIB_CSV_READER_H

#include "fundledger/common.h"
#include "error.h"

#define FL_CSV_DEFAULT_MAX_FIELD_BYTES ((size_t)1 << 20)
#define FL_CSV_DEFAULT_MAX_LINE_BYTES ((size_t)16 << 20)
#define FL_CSV_DEFAULT_MAX_FIELDS ((size_t)4096)

/**
 * How to read the file.  A zero member means its default, so a zeroed struct
 * or a NULL pointer gives the defaults of FL_CSV_OPTIONS_INIT.
 */
typedef struct fl_csv_options {
    /** ',', ';', '\t' or another ASCII punctuation byte; 0 detects it from the header line:
     *  the one of ',' ';' '\t' that occurs most often outside quotes. */
    char delimiter;
    /** the quote character; 0 means '"' */
    char quote;
    /** a field (between its quotes, if quoted) longer than this is FL_ERR_LIMIT */
    size_t max_field_bytes;
    /** a row (from its first byte to its line end, line ends inside quotes included)
     *  longer than this is FL_ERR_LIMIT */
    size_t max_line_bytes;
    /** a row with more fields than this is FL_ERR_LIMIT (bounds the field array) */
    size_t max_fields;
} fl_csv_options;

#define FL_CSV_OPTIONS_INIT                                                                        \
    {                                                                                              \
        0, '"', FL_CSV_DEFAULT_MAX_FIELD_BYTES, FL_CSV_DEFAULT_MAX_LINE_BYTES,                     \
            FL_CSV_DEFAULT_MAX_FIELDS                                                              \
    }

/** One field of a row.  Owned by the reader; valid until the next fl_csv_reader_next or free. */
typedef struct fl_csv_field {
    /** the field's text, quotes removed and doubled quotes undoubled; NOT NUL-terminated */
    const char *ptr;
    size_t len;
    /** 1-based physical line of the field's first byte (its opening quote if quoted) */
    unsigned long line;
    /** byte offset of that byte in the buffer given to fl_csv_reader_new */
    size_t offset;
    /** true if the field was written in quotes */
    bool quoted;
} fl_csv_field;

/** A row; `fields` is owned by the reader (see fl_csv_field). */
typedef struct fl_csv_row {
    const fl_csv_field *fields;
    /** number of fields: at least 1 for a row; 0 means the end of the input */
    size_t count;
    /** 1-based physical line and byte offset where the row starts */
    unsigned long line;
    size_t offset;
    /** physical line and byte offset just after the last field (where its line end is) */
    unsigned long end_line;
    size_t end_offset;
} fl_csv_row;

typedef struct fl_csv_reader fl_csv_reader;

/**
 * Creates a reader over data[0..len), which must stay alive and unchanged
 * until fl_csv_reader_free.  With delimiter 0 the header line is scanned to
 * detect it; an input with no row at all (empty, or only blank lines) gets
 * ','.  Also finds the first NUL byte, invalid UTF-8 or misplaced byte order
 * mark (reported by fl_csv_reader_next when reached, or here if it is in the
 * header line that detection scanned).
 *
 * Returns FL_OK; FL_ERR_INVALID_ARGUMENT for a bad option (e.g. a delimiter
 * that is a quote, line end or non-ASCII byte) or out == NULL; FL_ERR_SYNTAX
 * when the delimiter cannot be detected (header with one column, or a tie) or
 * the header line is broken; FL_ERR_NOMEM.  err (may be NULL) says why.
 * The caller frees *out with fl_csv_reader_free; on failure *out is NULL.
 */
fl_status fl_csv_reader_new(fl_csv_reader **out, const char *data, size_t len,
                            const fl_csv_options *opts, fl_error *err);

/**
 * Reads the next row into *row.  At the end of the input returns FL_OK with
 * row->count == 0 (and keeps doing so).  On error returns FL_ERR_SYNTAX
 * (malformed CSV, bad encoding), FL_ERR_LIMIT or FL_ERR_NOMEM and fills err
 * (may be NULL); the reader then stays failed and returns the same error
 * again.  row->fields stays valid until the next call or fl_csv_reader_free.
 */
fl_status fl_csv_reader_next(fl_csv_reader *r, fl_csv_row *row, fl_error *err);

/** The delimiter in use (given or detected). */
/**
 * The 1-based character column of a field's first byte (its opening quote if
 * quoted) in its line.  Counted when asked: only error reports need it, and
 * counting it for every field of a million rows was 5% of reading them.
 */
unsigned long fl_csv_reader_field_column(const fl_csv_reader *r, const fl_csv_field *f);

char fl_csv_reader_delimiter(const fl_csv_reader *r);

/** True if the input started with a UTF-8 byte order mark (which the reader skipped). */
bool fl_csv_reader_had_bom(const fl_csv_reader *r);

/**
 * Fills err (if not NULL) with status and a printf-style message, pointing at
 * byte `offset` of the input, which lies on physical line `line` (take both
 * from a fl_csv_field or fl_csv_row): sets err->line, err->column (characters
 * from the start of that line) and err->source_line.  Returns status, so the
 * caller can write `return fl_csv_reader_error_at(...)`.
 */
fl_status fl_csv_reader_error_at(fl_csv_reader *r, fl_error *err, fl_status status,
                                 unsigned long line, size_t offset, const char *fmt, ...)
    FL_PRINTF(6, 7);

/** Frees a reader (NULL is fine).  The input buffer is the caller's and is left alone. */
void fl_csv_reader_free(fl_csv_reader *r);

#endif
