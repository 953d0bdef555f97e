/* test_csv_reader.c - the streaming CSV reader (src/lib/csv_reader.h), case by case. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "csv_reader.h"

/* --- helpers ------------------------------------------------------------------- */

#define RENDER_MAX 8192

/* Text with its length, so that NUL bytes can be part of it. */
#define BYTES(s) (s), (sizeof(s) - 1)

/*
 * Reads all rows of data and renders them one a line as "LINE: f1|f2|...",
 * a quoted field shown in quotes (its text as the reader returns it, not
 * escaped again).  Returns the status that stopped reading (FL_OK at the end).
 */
static fl_status read_all(const char *data, size_t len, const fl_csv_options *opts, char *out,
                          fl_error *err)
{
    fl_csv_reader *r = NULL;
    fl_csv_row row;
    fl_status status;
    size_t used = 0, i;

    out[0] = '\0';
    fl_error_clear(err);
    status = fl_csv_reader_new(&r, data, len, opts, err);
    if (status != FL_OK) {
        assert_null(r);
        return status;
    }
    while ((status = fl_csv_reader_next(r, &row, err)) == FL_OK && row.count > 0) {
        used += (size_t)snprintf(out + used, RENDER_MAX - used, "%lu: ", row.line);
        for (i = 0; i < row.count; i++) {
            const fl_csv_field *f = &row.fields[i];

            used +=
                (size_t)snprintf(out + used, RENDER_MAX - used, "%s%s%.*s%s", i ? "|" : "",
                                 f->quoted ? "\"" : "", (int)f->len, f->ptr, f->quoted ? "\"" : "");
        }
        used += (size_t)snprintf(out + used, RENDER_MAX - used, "\n");
        assert_true(used < RENDER_MAX);
    }
    fl_csv_reader_free(r);
    return status;
}

static void expect_rows(const char *data, size_t len, char delimiter, const char *expected)
{
    fl_csv_options opts = FL_CSV_OPTIONS_INIT;
    char out[RENDER_MAX];
    fl_error err;

    opts.delimiter = delimiter;
    if (read_all(data, len, &opts, out, &err) != FL_OK)
        fail_msg("unexpected error %lu:%lu: %s", err.line, err.column, err.message);
    assert_string_equal(out, expected);
}

/* Reading must fail with this status, message, place and source line. */
static void expect_error_with(const char *data, size_t len, const fl_csv_options *opts,
                              fl_status status, unsigned long line, unsigned long column,
                              const char *message, const char *source_line)
{
    char out[RENDER_MAX];
    fl_error err;

    assert_int_equal(read_all(data, len, opts, out, &err), status);
    assert_int_equal(err.status, status);
    assert_string_equal(err.message, message);
    assert_int_equal(err.line, line);
    assert_int_equal(err.column, column);
    assert_string_equal(err.source_line, source_line);
}

static void expect_error(const char *data, size_t len, unsigned long line, unsigned long column,
                         const char *message, const char *source_line)
{
    expect_error_with(data, len, NULL, FL_ERR_SYNTAX, line, column, message, source_line);
}

static fl_csv_reader *open_reader(const char *data, size_t len, const fl_csv_options *opts)
{
    fl_csv_reader *r = NULL;
    fl_error err;

    fl_error_clear(&err);
    if (fl_csv_reader_new(&r, data, len, opts, &err) != FL_OK)
        fail_msg("fl_csv_reader_new: %s", err.message);
    return r;
}

static void next_row(fl_csv_reader *r, fl_csv_row *row)
{
    fl_error err;

    fl_error_clear(&err);
    if (fl_csv_reader_next(r, row, &err) != FL_OK)
        fail_msg("fl_csv_reader_next: %lu:%lu: %s", err.line, err.column, err.message);
}

static void expect_field(const fl_csv_reader *r, const fl_csv_field *f, const char *text,
                         unsigned long line, unsigned long column, size_t offset, bool quoted)
{
    assert_int_equal(f->len, strlen(text));
    assert_memory_equal(f->ptr, text, f->len);
    assert_int_equal(f->line, line);
    assert_int_equal(fl_csv_reader_field_column(r, f), column);
    assert_int_equal(f->offset, offset);
    assert_int_equal(f->quoted, quoted);
}

/* --- line ends, byte order mark, blank lines ------------------------------------------ */

static void test_csv__reads_lf_crlf_and_a_last_line_without_line_end(void **state)
{
    (void)state;
    expect_rows(BYTES("a,b,c\n1,2,3\n"), 0, "1: a|b|c\n2: 1|2|3\n");
    expect_rows(BYTES("a,b,c\r\n1,2,3\r\n"), 0, "1: a|b|c\n2: 1|2|3\n");
    expect_rows(BYTES("a,b,c\n1,2,3"), 0, "1: a|b|c\n2: 1|2|3\n");
    expect_rows(BYTES("a,b,c\r\n1,2,3"), 0, "1: a|b|c\n2: 1|2|3\n");
    expect_rows(BYTES("a,b\n1,2\r\n3,4\n"), 0, "1: a|b\n2: 1|2\n3: 3|4\n"); /* mixed is fine */
}

static void test_csv__skips_a_leading_byte_order_mark(void **state)
{
    const char data[] = "\xEF\xBB\xBFSố tiền,Mã\n1,2\n";
    fl_csv_reader *r = open_reader(BYTES(data), NULL);
    fl_csv_row row;

    (void)state;
    assert_true(fl_csv_reader_had_bom(r));
    assert_int_equal(fl_csv_reader_delimiter(r), ',');
    next_row(r, &row);
    assert_int_equal(row.count, 2);
    assert_int_equal(row.offset, 3);
    expect_field(r, &row.fields[0], "Số tiền", 1, 1, 3, false); /* the mark is not column 1 */
    expect_field(r, &row.fields[1], "Mã", 1, 9, 15, false);
    fl_csv_reader_free(r);

    r = open_reader(BYTES("a,b\n"), NULL);
    assert_false(fl_csv_reader_had_bom(r));
    fl_csv_reader_free(r);
}

static void test_csv__skips_blank_lines_but_counts_them(void **state)
{
    (void)state;
    expect_rows(BYTES("a,b\n\n1,2\r\n\r\n\n3,4\n\n"), 0, "1: a|b\n3: 1|2\n6: 3|4\n");
    expect_rows(BYTES("\n\na;b\n1;2\n"), 0, "3: a|b\n4: 1|2\n"); /* before the header too */
    /* also in a single-column file; a line of spaces or delimiters is a row */
    expect_rows(BYTES("x\n\n1\n"), ',', "1: x\n3: 1\n");
    expect_rows(BYTES("a,b\n \n,\n"), 0, "1: a|b\n2:  \n3: |\n");
}

static void test_csv__empty_input_has_no_rows(void **state)
{
    fl_csv_reader *r;
    fl_csv_row row;

    (void)state;
    expect_rows("", 0, 0, "");
    expect_rows(BYTES("\n\r\n"), 0, "");
    expect_rows(BYTES("\xEF\xBB\xBF"), 0, "");
    r = open_reader(NULL, 0, NULL);
    assert_int_equal(fl_csv_reader_delimiter(r), ',');
    next_row(r, &row);
    assert_int_equal(row.count, 0);
    fl_csv_reader_free(r);
}

static void test_csv__keeps_returning_the_end(void **state)
{
    fl_csv_reader *r = open_reader(BYTES("a,b\n"), NULL);
    fl_csv_row row;

    (void)state;
    next_row(r, &row);
    assert_int_equal(row.count, 2);
    next_row(r, &row);
    assert_int_equal(row.count, 0);
    next_row(r, &row);
    assert_int_equal(row.count, 0);
    fl_csv_reader_free(r);
}

/* --- the delimiter ----------------------------------------------------------------- */

static char detected(const char *data, size_t len)
{
    fl_csv_reader *r = open_reader(data, len, NULL);
    char delimiter = fl_csv_reader_delimiter(r);

    fl_csv_reader_free(r);
    return delimiter;
}

static void test_csv__detects_the_delimiter_from_the_header(void **state)
{
    (void)state;
    assert_int_equal(detected(BYTES("Mã xã;Số tiền;Ghi chú, nguồn\n")), ';');
    assert_int_equal(detected(BYTES("Ngày,Số tiền (triệu; VND),Mã\n1;2;3;4;5\n")), ',');
    assert_int_equal(detected(BYTES("a\tb\tc\n")), '\t');
    assert_int_equal(detected(BYTES("\"a;b;c\",d,e\n")), ','); /* not inside quotes */
    assert_int_equal(detected(BYTES("\"x\ny;z;w\",\"v\"\n")), ',');
    expect_rows(BYTES("a;b\n\"1,5\";2\n"), 0, "1: a|b\n2: \"1,5\"|2\n");
    expect_rows(BYTES("a\tb\n1,5\t2\n"), 0, "1: a|b\n2: 1,5|2\n");
}

static void test_csv__uses_the_delimiter_it_is_given(void **state)
{
    (void)state;
    expect_rows(BYTES("a,b;c\n"), ';', "1: a,b|c\n");
    expect_rows(BYTES("a|b,c\n"), '|', "1: a|b,c\n");
    expect_rows(BYTES("only\n"), ',', "1: only\n");
}

static void test_csv__refuses_to_guess_the_delimiter(void **state)
{
    (void)state;
    expect_error(BYTES("Số tiền\n1\n"), 1, 1,
                 "cannot detect the delimiter: the header has one column; use --delimiter",
                 "Số tiền");
    expect_error(BYTES("\na,b;c\n"), 2, 1,
                 "cannot detect the delimiter: the header has 1 comma and 1 semicolon; use "
                 "--delimiter",
                 "a,b;c");
    expect_error(BYTES("a,b;c;d,e\tf\tg\r\n"), 1, 1,
                 "cannot detect the delimiter: the header has 2 commas, 2 semicolons and 2 "
                 "tabs; use --delimiter",
                 "a,b;c;d,e\tf\tg");
    expect_error(BYTES("\"a,b\"\n"), 1, 1,
                 "cannot detect the delimiter: the header has one column; use --delimiter",
                 "\"a,b\"");
}

static void test_csv__refuses_bad_options(void **state)
{
    fl_csv_options opts = FL_CSV_OPTIONS_INIT;
    fl_csv_reader *r = NULL;
    const char bad[] = {'a', '7', ' ', '\n', '\r', '"', (char)0xC3};
    size_t i;

    (void)state;
    for (i = 0; i < sizeof bad; i++) {
        opts.delimiter = bad[i];
        assert_int_equal(fl_csv_reader_new(&r, BYTES("a,b\n"), &opts, NULL),
                         FL_ERR_INVALID_ARGUMENT);
        assert_null(r);
    }
    opts.delimiter = '\'';
    opts.quote = '\'';
    assert_int_equal(fl_csv_reader_new(&r, BYTES("a,b\n"), &opts, NULL), FL_ERR_INVALID_ARGUMENT);
    assert_int_equal(fl_csv_reader_new(NULL, BYTES("a,b\n"), NULL, NULL), FL_ERR_INVALID_ARGUMENT);
    assert_int_equal(fl_csv_reader_new(&r, NULL, 3, NULL, NULL), FL_ERR_INVALID_ARGUMENT);
    fl_csv_reader_free(NULL);
}

/* --- quoted fields ------------------------------------------------------------------ */

static void test_csv__quoted_fields_hold_delimiters_quotes_and_line_ends(void **state)
{
    (void)state;
    expect_rows(BYTES("name,note\n"
                      "\"Kim Sơn, Ninh Bình\",\"He said \"\"hi\"\"\"\n"
                      "\"multi\nline\",x\n"
                      "\"\",\"\"\"\"\n"),
                0,
                "1: name|note\n"
                "2: \"Kim Sơn, Ninh Bình\"|\"He said \"hi\"\"\n"
                "3: \"multi\nline\"|x\n"
                "5: \"\"|\"\"\"\n");
    /* CRLF and a lone CR inside quotes are field text, kept as they are */
    expect_rows(BYTES("a,b\r\n\"x\r\ny\",\"p\rq\"\r\n"), 0, "1: a|b\n2: \"x\r\ny\"|\"p\rq\"\n");
    expect_rows(BYTES("a,\"b\""), 0, "1: a|\"b\"\n"); /* closing quote at the very end */
    expect_rows(BYTES("a,b,\n,,\n"), 0, "1: a|b|\n2: ||\n");
}

static void test_csv__fields_after_a_multiline_field_know_their_line_and_column(void **state)
{
    const char data[] = "a,b,c\n\"Ghi chú\ndòng hai\",Kim Sơn,\"x\"\"y\"\n";
    fl_csv_reader *r = open_reader(BYTES(data), NULL);
    fl_csv_row row;

    (void)state;
    next_row(r, &row);
    next_row(r, &row);
    assert_int_equal(row.count, 3);
    assert_int_equal(row.line, 2);
    assert_int_equal(row.offset, 6);
    expect_field(r, &row.fields[0], "Ghi chú\ndòng hai", 2, 1, 6, true);
    expect_field(r, &row.fields[1], "Kim Sơn", 3, 11, 27, false);
    expect_field(r, &row.fields[2], "x\"y", 3, 19, 36, true);
    assert_int_equal(row.end_line, 3);
    assert_int_equal(row.end_offset, 42);
    next_row(r, &row);
    assert_int_equal(row.count, 0);
    fl_csv_reader_free(r);
}

static void test_csv__columns_count_characters_not_bytes(void **state)
{
    const char data[] = "Số tiền,Đơn vị,x,\"Ghi chú\",y\n";
    fl_csv_reader *r = open_reader(BYTES(data), NULL);
    fl_csv_row row;

    (void)state;
    next_row(r, &row);
    assert_int_equal(row.count, 5);
    assert_int_equal(fl_csv_reader_field_column(r, &row.fields[0]), 1);
    assert_int_equal(fl_csv_reader_field_column(r, &row.fields[1]), 9);
    assert_int_equal(fl_csv_reader_field_column(r, &row.fields[2]), 16);
    assert_int_equal(fl_csv_reader_field_column(r, &row.fields[3]), 18);
    assert_int_equal(fl_csv_reader_field_column(r, &row.fields[4]), 28);
    fl_csv_reader_free(r);
}

static void test_csv__several_escaped_fields_in_one_row_stay_valid(void **state)
{
    char data[2000], expected[2000];
    size_t n = 0, e = 0, i;

    (void)state;
    /* Three escaped fields, the second long enough to make the scratch buffer grow. */
    n += (size_t)sprintf(data + n, "\"a\"\"b\",\"");
    e += (size_t)sprintf(expected + e, "1: \"a\"b\"|\"");
    for (i = 0; i < 300; i++) {
        n += (size_t)sprintf(data + n, "%s", i % 50 ? "x" : "\"\"");
        e += (size_t)sprintf(expected + e, "%s", i % 50 ? "x" : "\"");
    }
    n += (size_t)sprintf(data + n, "\",\"c\"\"\"\n");
    e += (size_t)sprintf(expected + e, "\"|\"c\"\"\n");
    expect_rows(data, n, ',', expected);
}

static void test_csv__many_fields_grow_the_field_array(void **state)
{
    char data[1000], expected[1000];
    size_t n = 0, e = 0, i;

    (void)state;
    e += (size_t)sprintf(expected, "1: ");
    for (i = 0; i < 100; i++) {
        n += (size_t)sprintf(data + n, "%s%zu", i ? "," : "", i);
        e += (size_t)sprintf(expected + e, "%s%zu", i ? "|" : "", i);
    }
    sprintf(data + n, "\n");
    sprintf(expected + e, "\n");
    expect_rows(data, n + 1, 0, expected);
}

/* --- malformed CSV --------------------------------------------------------------------- */

static void test_csv__an_unclosed_quote_points_at_its_start(void **state)
{
    (void)state;
    expect_error(BYTES("a,b,c\n1,2,\"never\n3,4,5\n"), 2, 5,
                 "quoted field starting at line 2, column 5 is never closed", "1,2,\"never");
    expect_error(BYTES("a,b\nKim Sơn,\""), 2, 9,
                 "quoted field starting at line 2, column 9 is never closed", "Kim Sơn,\"");
    /* in the header, found while detecting the delimiter */
    expect_error(BYTES("a,\"b\nc,d\n"), 1, 3,
                 "quoted field starting at line 1, column 3 is never closed", "a,\"b");
}

static void test_csv__refuses_text_after_a_closing_quote(void **state)
{
    (void)state;
    expect_error(BYTES("a,b\n\"x\"y,2\n"), 2, 4,
                 "unexpected \"y\" after the closing quote of a field; double a quote inside a "
                 "quoted field: \"\"",
                 "\"x\"y,2");
    expect_error(BYTES("a,b\n1,\"Hòa\"ơ\n"), 2, 8,
                 "unexpected \"ơ\" after the closing quote of a field; double a quote inside a "
                 "quoted field: \"\"",
                 "1,\"Hòa\"ơ");
    expect_error(BYTES("a,b\n\"x\" ,2\n"), 2, 4,
                 "unexpected \" \" after the closing quote of a field; double a quote inside a "
                 "quoted field: \"\"",
                 "\"x\" ,2");
    expect_error(BYTES("a,b\n\"x\"\t,2\n"), 2, 4,
                 "unexpected U+0009 after the closing quote of a field; double a quote inside a "
                 "quoted field: \"\"",
                 "\"x\"\t,2");
}

static void test_csv__refuses_a_quote_inside_an_unquoted_field(void **state)
{
    (void)state;
    expect_error(BYTES("a,b\nống 12\" pipe,3\n"), 2, 7,
                 "a quote (\") inside a field that does not start with one; put the whole field "
                 "in quotes and double the quote inside it",
                 "ống 12\" pipe,3");
    expect_error(BYTES("a,b\n1, \"2\"\n"), 2, 4,
                 "a quote (\") inside a field that does not start with one; put the whole field "
                 "in quotes and double the quote inside it",
                 "1, \"2\"");
}

static void test_csv__refuses_a_lone_carriage_return(void **state)
{
    const char *message =
        "line ends with a lone carriage return (CR); save the file with LF or CRLF line ends";
    fl_csv_options comma = FL_CSV_OPTIONS_INIT;

    (void)state;
    comma.delimiter = ',';
    /* while detecting the delimiter, and while reading rows */
    expect_error(BYTES("a,b\r1,2\r"), 1, 4, message, "a,b");
    expect_error_with(BYTES("a,b\r1,2\r"), &comma, FL_ERR_SYNTAX, 1, 4, message, "a,b");
    expect_error(BYTES("a,b\n1,2\r"), 2, 4, message, "1,2");
    expect_error(BYTES("a,b\n\r1,2\n"), 2, 1, message, "");
    expect_error(BYTES("a,b\n\"x\"\r3,4\n"), 2, 4, message, "\"x\"");
}

/* --- bytes that are not CSV text ------------------------------------------------------ */

static void test_csv__refuses_nul_bytes(void **state)
{
    const char *message =
        "a NUL byte (0x00) in the file: is this a spreadsheet saved as UTF-16 or a binary file?";

    (void)state;
    expect_error(BYTES("a,b\nSơn,2\0\n"), 2, 6, message, "Sơn,2\xEF\xBF\xBD");
    /* before an unclosed quote that it explains */
    expect_error(BYTES("a,b\n1,\"x\0y\n"), 2, 5, message, "1,\"x\xEF\xBF\xBD");
    /* a UTF-16LE file without byte order mark */
    expect_error(BYTES("a\0,\0b\0\n\0"), 1, 2, message, "a\xEF\xBF\xBD");
}

static void test_csv__refuses_invalid_utf8(void **state)
{
    (void)state;
    /* Windows-1258 "ò" */
    expect_error(BYTES("a,b\n1,H\xF2"
                       "a\n"),
                 2, 4, "invalid UTF-8 byte 0xF2; save the file as UTF-8", "1,H\xEF\xBF\xBD");
    /* inside a quoted field that spans lines */
    expect_error(BYTES("a,b\n1,\"x\ny\xC3\"\n"), 3, 2,
                 "invalid UTF-8 byte 0xC3; save the file as UTF-8", "y\xEF\xBF\xBD");
    /* UTF-16 with its byte order mark */
    expect_error(BYTES("\xFF\xFE"
                       "a\0,\0b\0"),
                 1, 1, "the file starts with a UTF-16 byte order mark; save the file as UTF-8",
                 "\xEF\xBF\xBD");
}

static void test_csv__delivers_the_rows_before_a_bad_byte(void **state)
{
    char out[RENDER_MAX];
    fl_error err;

    (void)state;
    assert_int_equal(read_all(BYTES("a,b\n1,2\n\n3,\xE9\n"), NULL, out, &err), FL_ERR_SYNTAX);
    assert_string_equal(out, "1: a|b\n2: 1|2\n");
    assert_int_equal(err.line, 4);
    assert_int_equal(err.column, 3);
}

static void test_csv__refuses_a_byte_order_mark_in_the_middle(void **state)
{
    const char *message = "a byte order mark (U+FEFF) in the middle of the file";

    (void)state;
    expect_error(BYTES("a,b\n1,2\n\xEF\xBB\xBF"
                       "3,4\n"),
                 3, 1, message,
                 "\xEF\xBB\xBF"
                 "3,4");
    expect_error(BYTES("\xEF\xBB\xBF\xEF\xBB\xBF"
                       "a,b\n"),
                 1, 1, message,
                 "\xEF\xBB\xBF"
                 "a,b");
    expect_error(BYTES("a,b\nKim,\"x\xEF\xBB\xBFy\"\n"), 2, 7, message, "Kim,\"x\xEF\xBB\xBFy\"");
}

/* --- limits -------------------------------------------------------------------------- */

static void test_csv__limits_field_and_row_length_and_field_count(void **state)
{
    fl_csv_options opts = FL_CSV_OPTIONS_INIT;

    (void)state;
    opts.max_field_bytes = 4;
    expect_error_with(BYTES("a,b\n1,abcde\n"), &opts, FL_ERR_LIMIT, 2, 3,
                      "the field is longer than the limit of 4 bytes", "1,abcde");
    expect_error_with(BYTES("a,b\n\"ab\"\"cd\",1\n"), &opts, FL_ERR_LIMIT, 2, 1,
                      "the field is longer than the limit of 4 bytes", "\"ab\"\"cd\",1");

    opts = (fl_csv_options)FL_CSV_OPTIONS_INIT;
    opts.max_line_bytes = 8;
    expect_error_with(BYTES("a,b\nabc,def,ghi\n"), &opts, FL_ERR_LIMIT, 2, 1,
                      "the row is longer than the limit of 8 bytes", "abc,def,ghi");

    opts = (fl_csv_options)FL_CSV_OPTIONS_INIT;
    opts.max_fields = 3;
    expect_error_with(BYTES("a,b,c\n1,2,3,4\n"), &opts, FL_ERR_LIMIT, 2, 7,
                      "the row has more than 3 fields", "1,2,3,4");
}

static void test_csv__limits_at_exactly_the_size_pass(void **state)
{
    fl_csv_options opts = FL_CSV_OPTIONS_INIT;
    char out[RENDER_MAX];
    fl_error err;

    (void)state;
    opts.max_field_bytes = 4;
    opts.max_line_bytes = 9;
    opts.max_fields = 2;
    assert_int_equal(read_all(BYTES("abcd,\"xy\"\r\n"), &opts, out, &err), FL_OK);
    assert_string_equal(out, "1: abcd|\"xy\"\n");
}

/* --- errors stay, and callers can point into rows ------------------------------------------ */

static void test_csv__an_error_is_repeated_by_later_calls(void **state)
{
    fl_csv_reader *r = open_reader(BYTES("a,b\n\"x\"y,1\n2,3\n"), NULL);
    fl_csv_row row;
    fl_error err;

    (void)state;
    next_row(r, &row);
    fl_error_clear(&err);
    fl_error_set_file(&err, "ledger.csv");
    assert_int_equal(fl_csv_reader_next(r, &row, &err), FL_ERR_SYNTAX);
    assert_int_equal(row.count, 0);
    fl_error_clear(&err);
    fl_error_set_file(&err, "ledger.csv");
    assert_int_equal(fl_csv_reader_next(r, &row, &err), FL_ERR_SYNTAX);
    assert_int_equal(row.count, 0);
    assert_string_equal(err.file, "ledger.csv");
    assert_int_equal(err.line, 2);
    assert_int_equal(err.column, 4);
    assert_string_equal(err.source_line, "\"x\"y,1");
    assert_non_null(strstr(err.message, "after the closing quote"));
    assert_int_equal(fl_csv_reader_next(r, &row, NULL), FL_ERR_SYNTAX);
    fl_csv_reader_free(r);
}

static void test_csv__error_at_points_callers_into_a_row(void **state)
{
    const char data[] = "Mã,Số tiền\n\"Kim\nSơn\",12,Hòa\n1\n";
    fl_csv_reader *r = open_reader(BYTES(data), NULL);
    fl_csv_row row;
    fl_error err;
    char text[FL_ERROR_MESSAGE_MAX + 100];

    (void)state;
    next_row(r, &row);
    next_row(r, &row);
    assert_int_equal(row.count, 3);
    /* too many fields: point at the first extra one */
    fl_error_clear(&err);
    fl_error_set_file(&err, "ledger.csv");
    assert_int_equal(fl_csv_reader_error_at(r, &err, FL_ERR_VALIDATION, row.fields[2].line,
                                            row.fields[2].offset, "row has %zu fields, header %d",
                                            row.count, 2),
                     FL_ERR_VALIDATION);
    fl_error_format(text, sizeof text, &err);
    assert_string_equal(text, "ledger.csv:3:9: row has 3 fields, header 2");
    assert_string_equal(err.source_line, "Sơn\",12,Hòa");
    /* too few fields: point after the last one */
    next_row(r, &row);
    assert_int_equal(row.count, 1);
    fl_error_clear(&err);
    fl_csv_reader_error_at(r, &err, FL_ERR_VALIDATION, row.end_line, row.end_offset, "short");
    assert_int_equal(err.line, 4);
    assert_int_equal(err.column, 2);
    assert_string_equal(err.source_line, "1");
    fl_csv_reader_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv__reads_lf_crlf_and_a_last_line_without_line_end),
        cmocka_unit_test(test_csv__skips_a_leading_byte_order_mark),
        cmocka_unit_test(test_csv__skips_blank_lines_but_counts_them),
        cmocka_unit_test(test_csv__empty_input_has_no_rows),
        cmocka_unit_test(test_csv__keeps_returning_the_end),
        cmocka_unit_test(test_csv__detects_the_delimiter_from_the_header),
        cmocka_unit_test(test_csv__uses_the_delimiter_it_is_given),
        cmocka_unit_test(test_csv__refuses_to_guess_the_delimiter),
        cmocka_unit_test(test_csv__refuses_bad_options),
        cmocka_unit_test(test_csv__quoted_fields_hold_delimiters_quotes_and_line_ends),
        cmocka_unit_test(test_csv__fields_after_a_multiline_field_know_their_line_and_column),
        cmocka_unit_test(test_csv__columns_count_characters_not_bytes),
        cmocka_unit_test(test_csv__several_escaped_fields_in_one_row_stay_valid),
        cmocka_unit_test(test_csv__many_fields_grow_the_field_array),
        cmocka_unit_test(test_csv__an_unclosed_quote_points_at_its_start),
        cmocka_unit_test(test_csv__refuses_text_after_a_closing_quote),
        cmocka_unit_test(test_csv__refuses_a_quote_inside_an_unquoted_field),
        cmocka_unit_test(test_csv__refuses_a_lone_carriage_return),
        cmocka_unit_test(test_csv__refuses_nul_bytes),
        cmocka_unit_test(test_csv__refuses_invalid_utf8),
        cmocka_unit_test(test_csv__delivers_the_rows_before_a_bad_byte),
        cmocka_unit_test(test_csv__refuses_a_byte_order_mark_in_the_middle),
        cmocka_unit_test(test_csv__limits_field_and_row_length_and_field_count),
        cmocka_unit_test(test_csv__limits_at_exactly_the_size_pass),
        cmocka_unit_test(test_csv__an_error_is_repeated_by_later_calls),
        cmocka_unit_test(test_csv__error_at_points_callers_into_a_row),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
