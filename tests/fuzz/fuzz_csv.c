/*
 * fuzz_csv.c - the streaming CSV reader.  Oracles: every field slice lies
 * inside the input or is the reader's own unquoted copy, rows advance, and
 * an error has a line and a message.
 */
#include "fuzz_common.h"

#include <string.h>

#include "csv_reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char delimiters[4] = {0, ',', ';', '\t'};
    fl_csv_options opts = FL_CSV_OPTIONS_INIT;
    fl_csv_reader *reader = NULL;
    const char *text;
    fl_error err;
    size_t rows = 0, len;
    unsigned long last_line = 0;

    if (size < 1)
        return 0;
    opts.delimiter = delimiters[data[0] & 3];
    if (data[0] & 4) {
        opts.max_field_bytes = 64;
        opts.max_line_bytes = 256;
        opts.max_fields = 8;
    }
    text = (const char *)data + 1;
    len = size - 1;
    fl_error_clear(&err);
    if (fl_csv_reader_new(&reader, text, len, &opts, &err) != FL_OK) {
        if (reader || err.message[0] == '\0')
            fuzz_fail("failed creation without a message, or with a reader");
        return 0;
    }
    for (;;) {
        fl_csv_row row;
        size_t i;
        fl_status st = fl_csv_reader_next(reader, &row, &err);
        if (st != FL_OK) {
            if (err.message[0] == '\0' || err.line == 0)
                fuzz_fail("an error without a line or a message");
            break;
        }
        if (row.count == 0)
            break;
        if (row.line < last_line || row.offset > len || row.end_offset > len)
            fuzz_fail("row position out of order or outside the input");
        last_line = row.line;
        for (i = 0; i < row.count; i++) {
            const fl_csv_field *f = &row.fields[i];
            bool inside = f->ptr >= text && f->ptr + f->len <= text + len;
            if (f->offset > len || (!f->quoted && !inside))
                fuzz_fail("a field outside the input");
            if (f->len > len)
                fuzz_fail("a field longer than the input");
        }
        if (++rows > len + 1)
            fuzz_fail("more rows than bytes");
    }
    fl_csv_reader_free(reader);
    return 0;
}
