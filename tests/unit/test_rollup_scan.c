/*
 * test_rollup_scan.c - the checks of a summary's raw bytes that cJSON does not make
 * (src/lib/rollup_scan.c): NUL, \u0000, invalid UTF-8, lone surrogates, control
 * characters, a BOM past the start, and keys given twice in one object.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "rollup_internal.h"

/* --- helpers ------------------------------------------------------------------- */

static void expect_clean(const char *text, size_t len)
{
    ru_scan_problem problem;
    bool found = true;

    if (fl_rollup__check_bytes(&problem, text, len))
        fail_msg("refused at %zu: %s", problem.at, problem.message);
    assert_int_equal(fl_rollup__find_duplicate_key(&problem, &found, text, len), FL_OK);
    if (found)
        fail_msg("a duplicate key at %zu: %s", problem.at, problem.message);
}

#define CLEAN(literal) expect_clean(literal, sizeof literal - 1)

/* The byte check refuses text at offset `at` with a message that contains `words`. */
static void expect_bad_bytes(const char *text, size_t len, size_t at, const char *words)
{
    ru_scan_problem problem;

    assert_true(fl_rollup__check_bytes(&problem, text, len));
    assert_int_equal(problem.at, at);
    if (!strstr(problem.message, words))
        fail_msg("\"%s\" does not say \"%s\"", problem.message, words);
}

#define BAD_BYTES(literal, at, words) expect_bad_bytes(literal, sizeof literal - 1, at, words)

static void expect_duplicate(const char *text, size_t at, size_t first, const char *words)
{
    ru_scan_problem problem;
    bool found = false;

    assert_false(fl_rollup__check_bytes(&problem, text, strlen(text)));
    assert_int_equal(fl_rollup__find_duplicate_key(&problem, &found, text, strlen(text)), FL_OK);
    assert_true(found);
    assert_int_equal(problem.at, at);
    assert_int_equal(problem.first, first);
    if (!strstr(problem.message, words))
        fail_msg("\"%s\" does not say \"%s\"", problem.message, words);
}

/* --- bytes ----------------------------------------------------------------------- */

static void test_rollup_scan__accepts_escapes_that_are_text(void **state)
{
    (void)state;
    CLEAN("{\"name\": \"Phát Diệm\"}");
    CLEAN("{\"name\": \"Phát\\\\u0000 Diệm\"}"); /* an escaped backslash, then text */
    CLEAN("{\"name\": \"a\\\\\\\\u0000\"}");     /* two escaped backslashes */
}

static void test_rollup_scan__accepts_surrogate_pairs_and_a_leading_bom(void **state)
{
    (void)state;
    CLEAN("{\"name\": \"lúa \\ud83c\\udf3e\"}");
    CLEAN("{\"name\": \"\\uD83C\\uDF3E\"}");
    CLEAN("\xEF\xBB\xBF{\"a\": 1}");
    CLEAN("{\"a\":\t[1,\r\n2]}");
}

static void test_rollup_scan__refuses_nul_bytes_anywhere(void **state)
{
    (void)state;
    BAD_BYTES("{\"a\": 1,\0 \"b\": 2}", 8, "NUL byte (0x00)");
    BAD_BYTES("{\"a\": \"Ph\0t\"}", 9, "NUL byte (0x00)");
    BAD_BYTES("{\"a\": \"Ph\\\0t\"}", 10, "NUL byte (0x00)"); /* escaped by a backslash */
}

static void test_rollup_scan__refuses_an_escaped_nul(void **state)
{
    (void)state;
    BAD_BYTES("{\"a\": \"Phát\\u0000 Diệm\"}", 12, "\\u0000");
    BAD_BYTES("{\"a\\u0000\": 1}", 3, "\\u0000");
    /* After an escaped quote the string goes on. */
    BAD_BYTES("{\"a\": \"\\\"\\u0000\"}", 9, "\\u0000");
    /* An odd number of backslashes: the last one escapes the u. */
    BAD_BYTES("{\"a\": \"\\\\\\u0000\"}", 9, "\\u0000");
}

static void test_rollup_scan__refuses_lone_surrogate_escapes(void **state)
{
    (void)state;
    BAD_BYTES("{\"a\": \"x\\ud800 y\"}", 8, "\\ud800 is half of a UTF-16 surrogate pair");
    BAD_BYTES("{\"a\": \"x\\udc00\"}", 8, "\\udc00 is half");
    BAD_BYTES("{\"a\": \"\\ud800\\u0041\"}", 7, "\\ud800");
    BAD_BYTES("{\"a\": \"\\ud800\\ud800\"}", 7, "\\ud800");
    BAD_BYTES("{\"a\": \"\\udfff\\ud800\"}", 7, "\\udfff");
    BAD_BYTES("\"\\uDBFF", 1, "\\uDBFF"); /* cut off after the first half */
}

static void test_rollup_scan__refuses_invalid_utf8_with_its_offset(void **state)
{
    char long_text[5000];

    (void)state;
    BAD_BYTES("{\"a\": \"Ph\xFF\"}", 9, "invalid UTF-8 byte 0xFF");
    BAD_BYTES("{\"a\": \"\xC0\xAF\"}", 7, "invalid UTF-8 byte 0xC0");     /* overlong */
    BAD_BYTES("{\"a\": \"\xED\xA0\x80\"}", 7, "invalid UTF-8 byte 0xED"); /* surrogate */
    BAD_BYTES("\xFF\xFE{\0", 0, "UTF-16 byte order mark");
    memset(long_text, ' ', sizeof long_text);
    long_text[4321] = '\x80';
    expect_bad_bytes(long_text, sizeof long_text, 4321, "invalid UTF-8 byte 0x80");
}

static void test_rollup_scan__reports_the_first_problem_in_the_text(void **state)
{
    (void)state;
    BAD_BYTES("{\"a\": \"\xFF\", \"b\": \"\0\"}", 7, "invalid UTF-8");
    BAD_BYTES("{\"a\": \"\0\", \"b\": \"\xFF\"}", 7, "NUL byte");
    BAD_BYTES("{\"a\": \"\\u0000\", \"b\": \"\xFF\"}", 7, "\\u0000");
}

static void test_rollup_scan__refuses_control_characters_and_a_bom_inside(void **state)
{
    (void)state;
    BAD_BYTES("{\"a\": \"x\ty\"}", 8, "control character (0x09) inside a string");
    BAD_BYTES("{\"a\": \"x\ny\"}", 8, "control character (0x0A) inside a string");
    BAD_BYTES("{\x01\"a\": 1}", 1, "control character (0x01) between JSON values");
    BAD_BYTES("{\"a\": \"\xEF\xBB\xBFx\"}", 7, "byte order mark (U+FEFF) in the middle");
    BAD_BYTES("\xEF\xBB\xBF\xEF\xBB\xBF{}", 3, "byte order mark");
}

/* --- duplicate keys ---------------------------------------------------------------- */

static void test_rollup_scan__same_key_in_other_objects_is_no_duplicate(void **state)
{
    (void)state;
    CLEAN("{\"a\": 1, \"b\": {\"a\": 2}, \"c\": [{\"a\": 3}, {\"a\": 4}]}");
    CLEAN("{\"a\": \"a\", \"b\": \"a\", \"c\": [\"a\", \"a\"]}"); /* values are no keys */
    CLEAN("{\"a\": {}, \"ab\": [], \"a\\\\\": 1, \"a\\\"\": 2}");
    CLEAN("[]");
    CLEAN("{}");
}

static void test_rollup_scan__finds_a_key_given_twice(void **state)
{
    (void)state;
    expect_duplicate("{\"a\": 1, \"a\": 2}", 9, 1, "the key \"a\" appears twice");
    expect_duplicate("{\"a\": 1, \"b\": 2,\n \"a\": 3}", 18, 1, "(first at 1:2)");
    /* Escapes are decoded before keys are compared. */
    expect_duplicate("{\"schema\": 1, \"sch\\u0065ma\": 2}", 14, 1, "\"schema\"");
    expect_duplicate("{\"\\ud83c\\udf3e\": 1, \"🌾\": 2}", 20, 1, "\"🌾\"");
    expect_duplicate("{\"a\\\"b\": 1, \"a\\u0022b\": 2}", 12, 1, "\"a\"b\"");
    expect_duplicate("{\"\\n\": 1, \"\\u000a\": 2}", 10, 1, "appears twice");
}

static void test_rollup_scan__reports_the_first_duplicate_in_text_order(void **state)
{
    (void)state;
    /* The inner object's second "k" comes before the outer object's second "x". */
    expect_duplicate("{\"x\": {\"k\": 1, \"k\": 2}, \"x\": 3}", 15, 7, "\"k\"");
    expect_duplicate("{\"x\": 0, \"y\": {\"k\": 1}, \"x\": 3, \"z\": {\"k\": 1, \"k\": 2}}", 24, 1,
                     "\"x\"");
    /* The third of three is not reported before the second. */
    expect_duplicate("{\"a\": 1, \"a\": 2, \"a\": 3}", 9, 1, "\"a\"");
}

static void test_rollup_scan__cuts_a_long_key_at_a_character(void **state)
{
    char text[400], *p = text;
    ru_scan_problem problem;
    bool found = false;
    int i, k;

    (void)state;
    *p++ = '{';
    for (k = 0; k < 2; k++) {
        p += sprintf(p, "\"x");
        for (i = 0; i < 50; i++)
            p += sprintf(p, "ệ"); /* 3 bytes: the 60th byte is inside the 20th */
        p += sprintf(p, "\": %d%s", k, k ? "}" : ", ");
    }
    assert_false(fl_rollup__check_bytes(&problem, text, strlen(text)));
    assert_int_equal(fl_rollup__find_duplicate_key(&problem, &found, text, strlen(text)), FL_OK);
    assert_true(found);
    assert_non_null(strstr(problem.message, "\"xệệệệệệệệệệệệệệệệệệệ\"... appears"));
}

static void test_rollup_scan__a_100k_key_object_is_checked_quickly(void **state)
{
    size_t n = 100000, cap = n * 16 + 16, len = 0, i;
    char *text = malloc(cap);
    ru_scan_problem problem;
    bool found = true;

    (void)state;
    assert_non_null(text);
    text[len++] = '{';
    for (i = 0; i < n; i++)
        len += (size_t)snprintf(text + len, cap - len, "%s\"k%zu\":0", i ? "," : "", i);
    text[len++] = '}';
    assert_false(fl_rollup__check_bytes(&problem, text, len));
    assert_int_equal(fl_rollup__find_duplicate_key(&problem, &found, text, len), FL_OK);
    assert_false(found);
    /* The same with the last key equal to the first. */
    len -= 1;
    len += (size_t)snprintf(text + len, cap - len, ",\"k0\":1}");
    assert_int_equal(fl_rollup__find_duplicate_key(&problem, &found, text, len), FL_OK);
    assert_true(found);
    assert_int_equal(problem.first, 1);
    assert_int_equal(problem.at, len - 7);
    free(text);
}

/* The library itself, not only the command, names a folder for what it is (exit 2, not 3). */
static void test_rollup_add_file__a_folder_is_bad_input(void **state)
{
    fl_rollup *r = NULL;
    fl_error err;

    (void)state;
    assert_int_equal(fl_rollup_new(&r), FL_OK);
    fl_error_clear(&err);
    assert_int_equal(fl_rollup_add_file(r, "/", &err), FL_ERR_VALIDATION);
    assert_non_null(strstr(err.message, "it is a folder"));
    assert_string_equal(err.file, "/");
    assert_int_equal(fl_rollup_count(r), 0);
    fl_error_clear(&err);
    assert_int_equal(fl_rollup_add_file(r, "/nonexistent/summary.json", &err), FL_ERR_IO);
    assert_non_null(strstr(err.message, "No such file"));
    fl_rollup_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rollup_scan__accepts_escapes_that_are_text),
        cmocka_unit_test(test_rollup_scan__accepts_surrogate_pairs_and_a_leading_bom),
        cmocka_unit_test(test_rollup_scan__refuses_nul_bytes_anywhere),
        cmocka_unit_test(test_rollup_scan__refuses_an_escaped_nul),
        cmocka_unit_test(test_rollup_scan__refuses_lone_surrogate_escapes),
        cmocka_unit_test(test_rollup_scan__refuses_invalid_utf8_with_its_offset),
        cmocka_unit_test(test_rollup_scan__reports_the_first_problem_in_the_text),
        cmocka_unit_test(test_rollup_scan__refuses_control_characters_and_a_bom_inside),
        cmocka_unit_test(test_rollup_scan__same_key_in_other_objects_is_no_duplicate),
        cmocka_unit_test(test_rollup_scan__finds_a_key_given_twice),
        cmocka_unit_test(test_rollup_scan__reports_the_first_duplicate_in_text_order),
        cmocka_unit_test(test_rollup_scan__cuts_a_long_key_at_a_character),
        cmocka_unit_test(test_rollup_scan__a_100k_key_object_is_checked_quickly),
        cmocka_unit_test(test_rollup_add_file__a_folder_is_bad_input),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
