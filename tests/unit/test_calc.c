/* test_calc.c - the exact calculator (fundledger/calc.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fundledger.h"

/* One evaluation that must succeed: expression, options, canonical result. */
typedef struct calc_case {
    const char *expr;
    fl_locale locale;
    long places;
    fl_rounding rounding;
    const char *expected;
} calc_case;

/* One evaluation that must fail: status, column and the exact message. */
typedef struct calc_error_case {
    const char *expr;
    fl_locale locale;
    long places;
    fl_status status;
    unsigned long column;
    const char *message;
} calc_error_case;

#define VI FL_LOCALE_VI
#define EN FL_LOCALE_EN
#define EXACT_RESULT -1L

static void check_case(const calc_case *c)
{
    fl_calc_options opts = FL_CALC_OPTIONS_INIT;
    fl_error err;
    fl_dec r;
    fl_status status;
    char *text;

    opts.locale = c->locale;
    opts.places = c->places;
    opts.rounding = c->rounding;
    fl_error_clear(&err);
    fl_dec_init(r);
    status = fl_calc_eval(r, c->expr, strlen(c->expr), &opts, NULL, &err);
    if (status != FL_OK)
        print_error("\"%s\": %s (column %lu)\n", c->expr, err.message, err.column);
    assert_int_equal(status, FL_OK);
    text = fl_dec_to_string(r);
    assert_non_null(text);
    if (strcmp(text, c->expected) != 0)
        print_error("\"%s\" gave %s\n", c->expr, text);
    assert_string_equal(text, c->expected);
    free(text);
    fl_dec_clear(r);
}

static void check_cases(const calc_case *cases, size_t count)
{
    size_t i;

    for (i = 0; i < count; i++)
        check_case(&cases[i]);
}

static void check_error_case(const calc_error_case *c)
{
    fl_calc_options opts = FL_CALC_OPTIONS_INIT;
    fl_error err;
    fl_dec r;
    fl_status status;

    opts.locale = c->locale;
    opts.places = c->places;
    fl_error_clear(&err);
    fl_dec_init(r);
    status = fl_calc_eval(r, c->expr, strlen(c->expr), &opts, NULL, &err);
    if (status != c->status || err.column != c->column || strcmp(err.message, c->message) != 0)
        print_error("\"%s\": status %d, column %lu, message \"%s\"\n", c->expr, (int)status,
                    err.column, err.message);
    assert_int_equal(status, c->status);
    assert_int_equal(err.status, c->status);
    assert_string_equal(err.message, c->message);
    assert_int_equal(err.column, c->column);
    assert_int_equal(err.line, 1);
    fl_dec_clear(r);
}

static void check_error_cases(const calc_error_case *cases, size_t count)
{
    size_t i;

    for (i = 0; i < count; i++)
        check_error_case(&cases[i]);
}

#define CHECK_CASES(cases) check_cases(cases, sizeof cases / sizeof cases[0])
#define CHECK_ERROR_CASES(cases) check_error_cases(cases, sizeof cases / sizeof cases[0])

/* --- the article's figures ------------------------------------------------------ */

static void test_calc__revenue_excess_rounds_to_72_46(void **state)
{
    static const calc_case cases[] = {
        {"(261,8 - 151,8) / 151,8 * 100", VI, 2, FL_ROUND_HALF_UP, "72.46"},
        {"(261.8 - 151.8) / 151.8 * 100", EN, 2, FL_ROUND_HALF_UP, "72.46"},
        {"261,8 / 1,7246", VI, 2, FL_ROUND_HALF_UP, "151.80"},
        {"(261,8 - 151,8) / 151,8 * 100", VI, 0, FL_ROUND_HALF_UP, "72"},
    };
    (void)state;
    CHECK_CASES(cases);
}

static void test_calc__adds_scaled_amounts_exactly(void **state)
{
    static const calc_case cases[] = {
        {"151,463 tỷ + 1.908 tỷ", VI, EXACT_RESULT, FL_ROUND_HALF_UP, "2059463000000"},
        {"151.463 billion + 1,908 billion", EN, EXACT_RESULT, FL_ROUND_HALF_UP, "2059463000000"},
        {"5 + 20 + 41 + 8", VI, EXACT_RESULT, FL_ROUND_HALF_UP, "74"},
        {"16 / 25 * 100", VI, EXACT_RESULT, FL_ROUND_HALF_UP, "64"},
        {"4.116,6 + 0,4", VI, EXACT_RESULT, FL_ROUND_HALF_UP, "4117"},
    };
    (void)state;
    CHECK_CASES(cases);
}

/* --- exactness -------------------------------------------------------------------- */

static void test_calc__gives_terminating_quotients_exactly(void **state)
{
    static const calc_case cases[] = {
        {"1/8", VI, EXACT_RESULT, FL_ROUND_HALF_UP, "0.125"},
        {"1 / 3 * 3", VI, EXACT_RESULT, FL_ROUND_HALF_UP, "1"},
        {"1/1024", VI, EXACT_RESULT, FL_ROUND_HALF_UP, "0.0009765625"},
        {"0,1 + 0,2", VI, EXACT_RESULT, FL_ROUND_HALF_UP, "0.3"},
        {"7 / 7", VI, EXACT_RESULT, FL_ROUND_HALF_UP, "1"},
        {"0 / 5", VI, EXACT_RESULT, FL_ROUND_HALF_UP, "0"},
    };
    (void)state;
    CHECK_CASES(cases);
}

static void test_calc__refuses_non_terminating_result_without_places(void **state)
{
    static const calc_error_case cases[] = {
        {"1/3", VI, EXACT_RESULT, FL_ERR_INEXACT, 0,
         "the result 1/3 does not terminate as a decimal; give --places N to round it"},
        {"(261,8 - 151,8) / 151,8 * 100", VI, EXACT_RESULT, FL_ERR_INEXACT, 0,
         "the result 5000/69 does not terminate as a decimal; give --places N to round it"},
        {"1 / 3 / 1.000.000.000.000.000.000.000.000.000.000.000.000.000.000.000", VI, EXACT_RESULT,
         FL_ERR_INEXACT, 0,
         "the result does not terminate as a decimal; give --places N to round it"},
    };
    (void)state;
    CHECK_ERROR_CASES(cases);
}

static void test_calc__rounds_only_the_final_result(void **state)
{
    /* Rounding each step would give 0.33 * 3 = 0.99. */
    static const calc_case cases[] = {
        {"1/3 * 3", VI, 2, FL_ROUND_HALF_UP, "1.00"}, {"2/3", VI, 2, FL_ROUND_HALF_UP, "0.67"},
        {"2/3", VI, 2, FL_ROUND_DOWN, "0.66"},        {"-2/3", VI, 2, FL_ROUND_HALF_UP, "-0.67"},
        {"1/8", VI, 5, FL_ROUND_HALF_UP, "0.12500"},
    };
    (void)state;
    CHECK_CASES(cases);
}

static void test_calc__applies_each_rounding_mode_on_a_tie(void **state)
{
    static const calc_case cases[] = {
        {"0,125", VI, 2, FL_ROUND_HALF_UP, "0.13"},   {"0,125", VI, 2, FL_ROUND_HALF_EVEN, "0.12"},
        {"0,125", VI, 2, FL_ROUND_HALF_DOWN, "0.12"}, {"0,125", VI, 2, FL_ROUND_UP, "0.13"},
        {"0,125", VI, 2, FL_ROUND_DOWN, "0.12"},      {"0,125", VI, 2, FL_ROUND_CEILING, "0.13"},
        {"0,125", VI, 2, FL_ROUND_FLOOR, "0.12"},     {"-0,125", VI, 2, FL_ROUND_HALF_UP, "-0.13"},
        {"-0,125", VI, 2, FL_ROUND_CEILING, "-0.12"}, {"-0,125", VI, 2, FL_ROUND_FLOOR, "-0.13"},
        {"0,125", VI, 3, FL_ROUND_EXACT, "0.125"},
    };
    (void)state;
    CHECK_CASES(cases);
}

static void test_calc__exact_rounding_mode_refuses_to_round(void **state)
{
    fl_calc_options opts = FL_CALC_OPTIONS_INIT;
    fl_error err;
    fl_dec r;

    (void)state;
    opts.places = 2;
    opts.rounding = FL_ROUND_EXACT;
    fl_error_clear(&err);
    fl_dec_init(r);
    assert_int_equal(fl_calc_eval(r, "0,125", 5, &opts, NULL, &err), FL_ERR_INEXACT);
    assert_string_equal(err.message, "the result 1/8 needs rounding to fit in 2 decimal places, "
                                     "and the rounding mode \"exact\" forbids it");
    fl_dec_clear(r);
}

static void check_scaled(const char *expr, long places, fl_scale scale, const char *expected)
{
    fl_calc_options opts = FL_CALC_OPTIONS_INIT;
    fl_dec r;
    char *text;

    opts.places = places;
    opts.scale = scale;
    fl_dec_init(r);
    assert_int_equal(fl_calc_eval(r, expr, strlen(expr), &opts, NULL, NULL), FL_OK);
    text = fl_dec_to_string(r);
    assert_string_equal(text, expected);
    free(text);
    fl_dec_clear(r);
}

static void test_calc__rounds_places_of_the_scaled_figure_once(void **state)
{
    (void)state;
    /* 2 places of tỷ are 10^7 đồng; the result stays in đồng. */
    check_scaled("151,463 tỷ", 2, FL_SCALE_TY, "151460000000");
    check_scaled("151,465 tỷ", 2, FL_SCALE_TY, "151470000000");
    /* One rounding: 1.499.999 đồng is 1 triệu, though 1,5 triệu would round to 2. */
    check_scaled("1.499.999", 0, FL_SCALE_TRIEU, "1000000");
    check_scaled("2/3 * 1 triệu", 3, FL_SCALE_TRIEU, "667000");
    check_scaled("1/3", 2, FL_SCALE_DONG, "0.33");
}

static void test_calc__reports_whether_rounding_changed_the_result(void **state)
{
    fl_calc_options opts = FL_CALC_OPTIONS_INIT;
    bool inexact = true;
    fl_dec r;

    (void)state;
    fl_dec_init(r);
    opts.places = 2;
    assert_int_equal(fl_calc_eval(r, "1/4", 3, &opts, &inexact, NULL), FL_OK);
    assert_false(inexact);
    assert_int_equal(fl_calc_eval(r, "1/3", 3, &opts, &inexact, NULL), FL_OK);
    assert_true(inexact);
    fl_dec_clear(r);
}

/* --- the grammar -------------------------------------------------------------------- */

static void test_calc__follows_precedence_and_parentheses(void **state)
{
    static const calc_case cases[] = {
        {"2 + 3 * 4", VI, EXACT_RESULT, FL_ROUND_HALF_UP, "14"},
        {"(2 + 3) * 4", VI, EXACT_RESULT, FL_ROUND_HALF_UP, "20"},
        {"10 - 4 - 3", VI, EXACT_RESULT, FL_ROUND_HALF_UP, "3"},
        {"100 / 10 / 5", VI, EXACT_RESULT, FL_ROUND_HALF_UP, "2"},
        {"100 / (10 / 5)", VI, EXACT_RESULT, FL_ROUND_HALF_UP, "50"},
        {"2 * 3 + 4 * 5", VI, EXACT_RESULT, FL_ROUND_HALF_UP, "26"},
        {"((((1))))", VI, EXACT_RESULT, FL_ROUND_HALF_UP, "1"},
        {"  7  ", VI, EXACT_RESULT, FL_ROUND_HALF_UP, "7"},
        {"1+2*3-4/2", VI, EXACT_RESULT, FL_ROUND_HALF_UP, "5"},
    };
    (void)state;
    CHECK_CASES(cases);
}

static void test_calc__reads_unary_signs(void **state)
{
    static const calc_case cases[] = {
        {"-5 + 3", VI, EXACT_RESULT, FL_ROUND_HALF_UP, "-2"},
        {"- 5", VI, EXACT_RESULT, FL_ROUND_HALF_UP, "-5"},
        {"--5", VI, EXACT_RESULT, FL_ROUND_HALF_UP, "5"},
        {"+5", VI, EXACT_RESULT, FL_ROUND_HALF_UP, "5"},
        {"2 * -3", VI, EXACT_RESULT, FL_ROUND_HALF_UP, "-6"},
        {"-(2 + 3)", VI, EXACT_RESULT, FL_ROUND_HALF_UP, "-5"},
        {"5-3", VI, EXACT_RESULT, FL_ROUND_HALF_UP, "2"},
        {"5 - -3", VI, EXACT_RESULT, FL_ROUND_HALF_UP, "8"},
        {"\xE2\x88\x92"
         "5 \xE2\x88\x92 3",
         VI, EXACT_RESULT, FL_ROUND_HALF_UP, "-8"},
    };
    (void)state;
    CHECK_CASES(cases);
}

static void test_calc__reads_every_operator_spelling(void **state)
{
    static const calc_case cases[] = {
        {"6 * 7", VI, EXACT_RESULT, FL_ROUND_HALF_UP, "42"},
        {"6 × 7", VI, EXACT_RESULT, FL_ROUND_HALF_UP, "42"},
        {"6 x 7", VI, EXACT_RESULT, FL_ROUND_HALF_UP, "42"},
        {"6 X 7", VI, EXACT_RESULT, FL_ROUND_HALF_UP, "42"},
        {"6x7", VI, EXACT_RESULT, FL_ROUND_HALF_UP, "42"},
        {"(6)x(7)", VI, EXACT_RESULT, FL_ROUND_HALF_UP, "42"},
        {"42 / 6", VI, EXACT_RESULT, FL_ROUND_HALF_UP, "7"},
        {"42 ÷ 6", VI, EXACT_RESULT, FL_ROUND_HALF_UP, "7"},
        {"42 : 6", VI, EXACT_RESULT, FL_ROUND_HALF_UP, "7"},
        {"42−6", VI, EXACT_RESULT, FL_ROUND_HALF_UP, "36"},
        {"2 tỷ x 3", VI, EXACT_RESULT, FL_ROUND_HALF_UP, "6000000000"},
    };
    (void)state;
    CHECK_CASES(cases);
}

static void test_calc__reads_percentages_as_hundredths(void **state)
{
    static const calc_case cases[] = {
        {"5%", VI, EXACT_RESULT, FL_ROUND_HALF_UP, "0.05"},
        {"200 + 5%", VI, EXACT_RESULT, FL_ROUND_HALF_UP, "200.05"},
        {"151,8 * 172,46%", VI, 3, FL_ROUND_HALF_UP, "261.794"},
        {"72,46 % x 100", VI, EXACT_RESULT, FL_ROUND_HALF_UP, "72.46"},
    };
    (void)state;
    CHECK_CASES(cases);
}

static void test_calc__reads_english_convention(void **state)
{
    static const calc_case cases[] = {
        {"1,908 + 0.5", EN, EXACT_RESULT, FL_ROUND_HALF_UP, "1908.5"},
        {"4,116.6 * 2", EN, EXACT_RESULT, FL_ROUND_HALF_UP, "8233.2"},
        {"1,000,000 / 8", EN, EXACT_RESULT, FL_ROUND_HALF_UP, "125000"},
    };
    (void)state;
    CHECK_CASES(cases);
}

/* --- refusals, each with its column and text ------------------------------------- */

static void test_calc__points_at_syntax_errors(void **state)
{
    static const calc_error_case cases[] = {
        {"", VI, EXACT_RESULT, FL_ERR_SYNTAX, 1, "the expression is empty"},
        {"   ", VI, EXACT_RESULT, FL_ERR_SYNTAX, 1, "the expression is empty"},
        {"-", VI, EXACT_RESULT, FL_ERR_SYNTAX, 2,
         "expected a number or \"(\" but found the end of the expression"},
        {"1 +", VI, EXACT_RESULT, FL_ERR_SYNTAX, 4,
         "expected a number or \"(\" but found the end of the expression"},
        {"()", VI, EXACT_RESULT, FL_ERR_SYNTAX, 2, "expected a number or \"(\" but found \")\""},
        {"(1 + 2", VI, EXACT_RESULT, FL_ERR_SYNTAX, 1,
         "unbalanced parenthesis: \"(\" at column 1 is never closed"},
        {"2 * ((1 + 2)", VI, EXACT_RESULT, FL_ERR_SYNTAX, 5,
         "unbalanced parenthesis: \"(\" at column 5 is never closed"},
        {"1 + 2)", VI, EXACT_RESULT, FL_ERR_SYNTAX, 6,
         "unbalanced parenthesis: \")\" has no \"(\" before it"},
        {"(1 + 2]", VI, EXACT_RESULT, FL_ERR_SYNTAX, 7, "unexpected \"]\""},
        {"1 + ]", VI, EXACT_RESULT, FL_ERR_SYNTAX, 5, "unexpected \"]\""},
        {"1 = 1", VI, EXACT_RESULT, FL_ERR_SYNTAX, 3, "unexpected \"=\""},
        {"abc", VI, EXACT_RESULT, FL_ERR_SYNTAX, 1, "expected a number or \"(\" but found \"abc\""},
        {"NaN", VI, EXACT_RESULT, FL_ERR_SYNTAX, 1, "expected a number or \"(\" but found \"NaN\""},
        {"1 + tỷ", VI, EXACT_RESULT, FL_ERR_SYNTAX, 5,
         "expected a number or \"(\" but found \"tỷ\""},
        {"x 3", VI, EXACT_RESULT, FL_ERR_SYNTAX, 1, "expected a number or \"(\" but found \"x\""},
        {"2 (3)", VI, EXACT_RESULT, FL_ERR_SYNTAX, 3, "expected an operator but found \"(\""},
        {"(2 (3))", VI, EXACT_RESULT, FL_ERR_SYNTAX, 4,
         "expected an operator or \")\" but found \"(\""},
        {"(2 abc)", VI, EXACT_RESULT, FL_ERR_SYNTAX, 4,
         "expected an operator or \")\" but found \"abc\""},
        {"2 xã", VI, EXACT_RESULT, FL_ERR_SYNTAX, 3, "expected an operator but found \"xã\""},
        {"1 +\x01", VI, EXACT_RESULT, FL_ERR_SYNTAX, 4, "unexpected control character U+0001"},
        {"1 + \xff", VI, EXACT_RESULT, FL_ERR_SYNTAX, 5,
         "unexpected byte 0xFF, which is not UTF-8"},
    };
    (void)state;
    CHECK_ERROR_CASES(cases);
}

static void test_calc__divides_by_zero_never(void **state)
{
    static const calc_error_case cases[] = {
        {"1 / 0", VI, EXACT_RESULT, FL_ERR_DIVISION_BY_ZERO, 3, "division by zero"},
        {"5 + 1 ÷ (2 - 2)", VI, 2, FL_ERR_DIVISION_BY_ZERO, 7, "division by zero"},
        {"1 : 0,00", VI, EXACT_RESULT, FL_ERR_DIVISION_BY_ZERO, 3, "division by zero"},
    };
    (void)state;
    CHECK_ERROR_CASES(cases);
}

/*
 * The scanner's own messages are kept, with columns counted from the start of
 * the expression: the amount starts at byte amount_offset, which is character
 * amount_column of expr.  The message must be the scanner's, word for word.
 */
static void check_scan_error(const char *expr, fl_locale locale, size_t amount_offset,
                             unsigned long amount_column, fl_status want_status,
                             const char *want_message)
{
    fl_amount_options amount_opts = FL_AMOUNT_OPTIONS_INIT;
    fl_calc_options opts = FL_CALC_OPTIONS_INIT;
    fl_error direct, err;
    fl_amount a;
    size_t consumed = 0;
    fl_dec r;

    amount_opts.locale = locale;
    amount_opts.allow_negative = false;
    opts.locale = locale;
    fl_error_clear(&direct);
    fl_error_clear(&err);
    fl_amount_init(&a);
    fl_dec_init(r);
    assert_int_equal(fl_amount_scan(&a, &consumed, expr + amount_offset,
                                    strlen(expr) - amount_offset, &amount_opts, &direct),
                     want_status);
    assert_int_equal(fl_calc_eval(r, expr, strlen(expr), &opts, NULL, &err), want_status);
    if (strcmp(err.message, want_message) != 0 || err.column != amount_column + direct.column - 1)
        print_error("\"%s\": column %lu, message \"%s\"\n", expr, err.column, err.message);
    assert_string_equal(direct.message, want_message);
    assert_string_equal(err.message, want_message);
    assert_int_equal(err.column, amount_column + direct.column - 1);
    assert_int_equal(err.line, 1);
    assert_string_equal(err.source_line, expr);
    fl_dec_clear(r);
    fl_amount_clear(&a);
}

static void test_calc__keeps_amount_errors_with_shifted_columns(void **state)
{
    (void)state;
    check_scan_error("2 + 1,5,3", VI, 4, 5, FL_ERR_SYNTAX,
                     "amount \"1,5,3\" has two decimal marks (\",\" is the decimal mark in the vi "
                     "convention)");
    check_scan_error("1.5", VI, 0, 1, FL_ERR_SYNTAX,
                     "amount \"1.5\": \".\" groups thousands in the vi convention and must be "
                     "followed by exactly three digits (the decimal mark is \",\")");
    check_scan_error("(1 tỷ + 1.908,5) * 2", EN, 10, 9, FL_ERR_SYNTAX,
                     "amount \"1.908,5\" mixes conventions: \",\" is the group separator in en and "
                     "cannot follow the decimal mark \".\"");
    check_scan_error("7 × 1e5", VI, 5, 5, FL_ERR_SYNTAX,
                     "amount \"1e5\" has an exponent, and exponents are not allowed here");
    check_scan_error("2 3", VI, 0, 1, FL_ERR_SYNTAX,
                     "amount \"2 3\" has a space inside the number; write it without spaces or "
                     "group thousands with \".\" in the vi convention");
    check_scan_error("1 + 1111111111111111111111111111111111111111111111111111111111111", VI, 4, 5,
                     FL_ERR_RANGE,
                     "amount \"1111111111111111111111111111111111111111...\" has more than 60 "
                     "digits");
}

static void test_calc__sets_the_source_line(void **state)
{
    fl_error err;
    fl_dec r;

    (void)state;
    fl_error_clear(&err);
    fl_dec_init(r);
    assert_int_equal(fl_calc_eval(r, "(1 + 2", 6, NULL, NULL, &err), FL_ERR_SYNTAX);
    assert_string_equal(err.source_line, "(1 + 2");
    assert_int_equal(err.line, 1);
    fl_dec_clear(r);
}

/* --- limits --------------------------------------------------------------------------- */

static char *repeat(const char *unit, size_t times, const char *tail)
{
    size_t n = strlen(unit), m = strlen(tail), i;
    char *s = malloc(n * times + m + 1);

    assert_non_null(s);
    for (i = 0; i < times; i++)
        memcpy(s + i * n, unit, n);
    memcpy(s + n * times, tail, m + 1);
    return s;
}

static void test_calc__caps_nesting_depth(void **state)
{
    fl_error err;
    fl_dec r;
    char *deep;

    (void)state;
    fl_dec_init(r);
    /* 256 deep is fine (the unbalanced error comes after the whole parse)... */
    deep = repeat("(", 256, "1");
    fl_error_clear(&err);
    assert_int_equal(fl_calc_eval(r, deep, strlen(deep), NULL, NULL, &err), FL_ERR_SYNTAX);
    assert_string_equal(err.message, "unbalanced parenthesis: \"(\" at column 256 is never closed");
    free(deep);
    /* ...257 is not, and 60,000 does not overflow the stack. */
    deep = repeat("(", 257, "1");
    fl_error_clear(&err);
    assert_int_equal(fl_calc_eval(r, deep, strlen(deep), NULL, NULL, &err), FL_ERR_LIMIT);
    assert_string_equal(err.message, "parentheses nest more than 256 deep");
    assert_int_equal(err.column, 257);
    free(deep);
    deep = repeat("(", 60000, "1");
    assert_int_equal(fl_calc_eval(r, deep, strlen(deep), NULL, NULL, &err), FL_ERR_LIMIT);
    free(deep);
    /* Signs are counted, not recursed into. */
    deep = repeat("-", 60000, "1");
    assert_int_equal(fl_calc_eval(r, deep, strlen(deep), NULL, NULL, &err), FL_OK);
    free(deep);
    fl_dec_clear(r);
}

static void test_calc__caps_expression_length(void **state)
{
    fl_error err;
    fl_dec r;
    char *big;

    (void)state;
    fl_dec_init(r);
    big = repeat("1+", 40000, "1");
    fl_error_clear(&err);
    assert_int_equal(fl_calc_eval(r, big, strlen(big), NULL, NULL, &err), FL_ERR_LIMIT);
    assert_string_equal(err.message, "the expression is longer than 65536 bytes");
    free(big);
    big = repeat("1+", 30000, "1");
    assert_int_equal(fl_calc_eval(r, big, strlen(big), NULL, NULL, &err), FL_OK);
    assert_int_equal(fl_dec_cmp(r, r), 0);
    free(big);
    fl_dec_clear(r);
}

static void test_calc__caps_the_size_of_intermediate_results(void **state)
{
    fl_error err;
    fl_dec r;
    char *big;

    (void)state;
    fl_dec_init(r);
    /* Each factor adds ~30 bits: the cap of 100,000 bits is reached long before the end. */
    big = repeat("1 tỷ * ", 7000, "1");
    fl_error_clear(&err);
    assert_int_equal(fl_calc_eval(r, big, strlen(big), NULL, NULL, &err), FL_ERR_RANGE);
    assert_string_equal(err.message, "the result of this operation is too large to keep exactly "
                                     "(more than 100000 bits)");
    assert_true(err.column > 1);
    free(big);
    /* The same through denominators. */
    big = repeat("1 / 999999999999 / ", 3000, "1");
    fl_error_clear(&err);
    assert_int_equal(fl_calc_eval(r, big, strlen(big), NULL, NULL, &err), FL_ERR_RANGE);
    free(big);
    fl_dec_clear(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_calc__revenue_excess_rounds_to_72_46),
        cmocka_unit_test(test_calc__adds_scaled_amounts_exactly),
        cmocka_unit_test(test_calc__gives_terminating_quotients_exactly),
        cmocka_unit_test(test_calc__refuses_non_terminating_result_without_places),
        cmocka_unit_test(test_calc__rounds_only_the_final_result),
        cmocka_unit_test(test_calc__applies_each_rounding_mode_on_a_tie),
        cmocka_unit_test(test_calc__exact_rounding_mode_refuses_to_round),
        cmocka_unit_test(test_calc__rounds_places_of_the_scaled_figure_once),
        cmocka_unit_test(test_calc__reports_whether_rounding_changed_the_result),
        cmocka_unit_test(test_calc__follows_precedence_and_parentheses),
        cmocka_unit_test(test_calc__reads_unary_signs),
        cmocka_unit_test(test_calc__reads_every_operator_spelling),
        cmocka_unit_test(test_calc__reads_percentages_as_hundredths),
        cmocka_unit_test(test_calc__reads_english_convention),
        cmocka_unit_test(test_calc__points_at_syntax_errors),
        cmocka_unit_test(test_calc__divides_by_zero_never),
        cmocka_unit_test(test_calc__keeps_amount_errors_with_shifted_columns),
        cmocka_unit_test(test_calc__sets_the_source_line),
        cmocka_unit_test(test_calc__caps_nesting_depth),
        cmocka_unit_test(test_calc__caps_expression_length),
        cmocka_unit_test(test_calc__caps_the_size_of_intermediate_results),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
