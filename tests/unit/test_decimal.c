/* test_decimal.c - the exact decimal module (fundledger/decimal.h), case by case. */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fundledger/decimal.h"

/* --- helpers ------------------------------------------------------------------- */

static void parse(fl_dec r, const char *text)
{
    fl_error err;

    fl_error_clear(&err);
    assert_int_equal(fl_dec_set_str(r, text, strlen(text), &err), FL_OK);
}

static void assert_dec_text(const fl_dec a, const char *expected)
{
    char *text = fl_dec_to_string(a);

    assert_non_null(text);
    assert_string_equal(text, expected);
    free(text);
}

/* Parses `text` expecting a failure with this status, column and message. */
static void assert_refused(const char *text, size_t len, fl_status status, unsigned long column,
                           const char *message)
{
    fl_dec r;
    fl_error err;

    fl_dec_init(r);
    fl_dec_set_si(r, 42);
    fl_error_clear(&err);
    assert_int_equal(fl_dec_set_str(r, text, len, &err), status);
    assert_int_equal(err.status, status);
    assert_int_equal(err.line, 1);
    assert_int_equal(err.column, column);
    assert_string_equal(err.message, message);
    assert_dec_text(r, "42"); /* r is unchanged on failure */
    fl_dec_clear(r);
}

#define REFUSED(text, status, column, message)                                                     \
    assert_refused(text, sizeof(text) - 1, status, column, message)

typedef fl_status (*binary_op)(fl_dec, const fl_dec, const fl_dec);

static void assert_binary(binary_op op, const char *a_text, const char *b_text,
                          const char *expected)
{
    fl_dec a, b, r;

    fl_dec_init(a);
    fl_dec_init(b);
    fl_dec_init(r);
    parse(a, a_text);
    parse(b, b_text);
    assert_int_equal(op(r, a, b), FL_OK);
    assert_dec_text(r, expected);
    fl_dec_clear(a);
    fl_dec_clear(b);
    fl_dec_clear(r);
}

static void assert_round(const char *a_text, long places, fl_rounding mode, const char *expected,
                         bool expected_inexact)
{
    fl_dec a, r;
    bool inexact = !expected_inexact;

    fl_dec_init(a);
    fl_dec_init(r);
    parse(a, a_text);
    assert_int_equal(fl_dec_round(r, a, places, mode, &inexact), FL_OK);
    assert_dec_text(r, expected);
    assert_int_equal(inexact, expected_inexact);
    /* Rounding in place gives the same. */
    assert_int_equal(fl_dec_round(a, a, places, mode, NULL), FL_OK);
    assert_dec_text(a, expected);
    fl_dec_clear(a);
    fl_dec_clear(r);
}

static void assert_div(const char *a_text, const char *b_text, long places, fl_rounding mode,
                       const char *expected)
{
    fl_dec a, b, r;

    fl_dec_init(a);
    fl_dec_init(b);
    fl_dec_init(r);
    parse(a, a_text);
    parse(b, b_text);
    assert_int_equal(fl_dec_div(r, a, b, places, mode, NULL), FL_OK);
    assert_dec_text(r, expected);
    fl_dec_clear(a);
    fl_dec_clear(b);
    fl_dec_clear(r);
}

/* --- parsing --------------------------------------------------------------------- */

static void test_decimal__set_str_reads_canonical_text(void **state)
{
    fl_dec x;
    const char *texts[] = {"0",
                           "5",
                           "-5",
                           "151463",
                           "151.463",
                           "-0.05",
                           "1.50",
                           "0.000",
                           "123456789012345678",
                           "1234567890123456789",
                           "-123456789012345678901234567890.123456789012345678901234567890"};
    size_t i;

    (void)state;
    fl_dec_init(x);
    for (i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        parse(x, texts[i]);
        assert_dec_text(x, texts[i]);
    }
    fl_dec_clear(x);
}

static void test_decimal__set_str_keeps_the_representation(void **state)
{
    fl_dec x;

    (void)state;
    fl_dec_init(x);
    parse(x, "1.50");
    assert_int_equal(x->exponent, -2);
    assert_int_equal(mpz_get_si(x->coefficient), 150);
    parse(x, "-0012.0");
    assert_int_equal(x->exponent, -1);
    assert_int_equal(mpz_get_si(x->coefficient), -120);
    assert_dec_text(x, "-12.0");
    fl_dec_clear(x);
}

static void test_decimal__set_str_reads_negative_zero_as_zero(void **state)
{
    fl_dec x;

    (void)state;
    fl_dec_init(x);
    parse(x, "-0");
    assert_dec_text(x, "0");
    assert_int_equal(fl_dec_sign(x), 0);
    parse(x, "-0.00");
    assert_dec_text(x, "0.00");
    fl_dec_clear(x);
}

static void test_decimal__set_str_reads_the_largest_int64_and_beyond(void **state)
{
    fl_dec x;

    (void)state;
    fl_dec_init(x);
    parse(x, "9223372036854775807");
    assert_int_equal(mpz_cmp_ui(x->coefficient, 9223372036854775807UL), 0);
    parse(x, "-99999999999999999999");
    assert_dec_text(x, "-99999999999999999999");
    parse(x, "999999999999999999"); /* 18 digits: the fast path */
    assert_dec_text(x, "999999999999999999");
    fl_dec_clear(x);
}

static void test_decimal__set_str_accepts_60_digits(void **state)
{
    const char *sixty = "123456789012345678901234567890.123456789012345678901234567890";
    fl_dec x;

    (void)state;
    fl_dec_init(x);
    parse(x, sixty);
    assert_dec_text(x, sixty);
    fl_dec_clear(x);
}

static void test_decimal__set_str_rejects_61_digits(void **state)
{
    (void)state;
    REFUSED("1234567890123456789012345678901234567890123456789012345678901", FL_ERR_RANGE, 61,
            "a number may have at most 60 digits");
    REFUSED("-123456789012345678901234567890.1234567890123456789012345678901", FL_ERR_RANGE, 63,
            "a number may have at most 60 digits");
}

static void test_decimal__set_str_rejects_empty_text(void **state)
{
    (void)state;
    REFUSED("", FL_ERR_SYNTAX, 1, "expected a digit, found the end of the text");
}

static void test_decimal__set_str_rejects_a_lone_minus(void **state)
{
    (void)state;
    REFUSED("-", FL_ERR_SYNTAX, 2, "expected a digit after \"-\", found the end of the text");
    REFUSED("--5", FL_ERR_SYNTAX, 2, "expected a digit after \"-\", found '-'");
}

static void test_decimal__set_str_rejects_plus(void **state)
{
    (void)state;
    REFUSED("+5", FL_ERR_SYNTAX, 1, "expected a digit, found '+'");
}

static void test_decimal__set_str_rejects_space(void **state)
{
    (void)state;
    REFUSED("1 000", FL_ERR_SYNTAX, 2, "unexpected space in a number");
    REFUSED(" 1", FL_ERR_SYNTAX, 1, "expected a digit, found space");
    REFUSED("1 ", FL_ERR_SYNTAX, 2, "unexpected space in a number");
}

static void test_decimal__set_str_rejects_trailing_newline(void **state)
{
    (void)state;
    REFUSED("12\n", FL_ERR_SYNTAX, 3, "unexpected newline in a number");
    REFUSED("12\r\n", FL_ERR_SYNTAX, 3, "unexpected carriage return in a number");
    REFUSED("1\t2", FL_ERR_SYNTAX, 2, "unexpected tab in a number");
}

static void test_decimal__set_str_rejects_exponent(void **state)
{
    (void)state;
    REFUSED("1e5", FL_ERR_SYNTAX, 2, "unexpected 'e' in a number");
    REFUSED("1.5E+3", FL_ERR_SYNTAX, 4, "unexpected 'E' in a number");
}

static void test_decimal__set_str_rejects_missing_integer_digits(void **state)
{
    (void)state;
    REFUSED(".5", FL_ERR_SYNTAX, 1, "expected a digit, found '.'");
    REFUSED("-.5", FL_ERR_SYNTAX, 2, "expected a digit after \"-\", found '.'");
}

static void test_decimal__set_str_rejects_missing_fraction_digits(void **state)
{
    (void)state;
    REFUSED("5.", FL_ERR_SYNTAX, 3, "expected a digit after \".\", found the end of the text");
    REFUSED("5.x", FL_ERR_SYNTAX, 3, "expected a digit after \".\", found 'x'");
}

static void test_decimal__set_str_rejects_two_decimal_marks(void **state)
{
    (void)state;
    REFUSED("1.2.3", FL_ERR_SYNTAX, 4, "unexpected '.' in a number");
}

static void test_decimal__set_str_rejects_grouping_and_decimal_comma(void **state)
{
    (void)state;
    REFUSED("1,5", FL_ERR_SYNTAX, 2, "unexpected ',' in a number");
    REFUSED("1.908,5", FL_ERR_SYNTAX, 6, "unexpected ',' in a number");
    REFUSED("1_000", FL_ERR_SYNTAX, 2, "unexpected '_' in a number");
}

static void test_decimal__set_str_rejects_control_and_nul_bytes(void **state)
{
    (void)state;
    REFUSED("1\0", FL_ERR_SYNTAX, 2, "unexpected NUL byte in a number");
    REFUSED("1\x01", FL_ERR_SYNTAX, 2, "unexpected byte 0x01 in a number");
}

static void test_decimal__set_str_counts_columns_in_characters(void **state)
{
    (void)state;
    /* "đ" is two bytes, one character: the caret belongs under the fourth character. */
    REFUSED("1.5\xc4\x91", FL_ERR_SYNTAX, 4, "unexpected non-ASCII character in a number");
    REFUSED("\xc4\x91"
            "5",
            FL_ERR_SYNTAX, 1, "expected a digit, found non-ASCII character");
}

static void test_decimal__set_str_reads_only_len_bytes(void **state)
{
    fl_dec x;

    (void)state;
    fl_dec_init(x);
    assert_int_equal(fl_dec_set_str(x, "12.5;rest", 4, NULL), FL_OK);
    assert_dec_text(x, "12.5");
    assert_int_equal(fl_dec_set_str(x, "12.5;rest", 5, NULL), FL_ERR_SYNTAX);
    fl_dec_clear(x);
}

/* --- text ------------------------------------------------------------------------ */

static void test_decimal__to_string_writes_positive_exponent_as_zeros(void **state)
{
    fl_dec x;

    (void)state;
    fl_dec_init(x);
    parse(x, "151463");
    assert_int_equal(fl_dec_mul_pow10(x, x, 6), FL_OK);
    assert_dec_text(x, "151463000000");
    assert_int_equal(x->exponent, 6);
    fl_dec_clear(x);
}

static void test_decimal__to_string_writes_fraction_zeros(void **state)
{
    fl_dec x;

    (void)state;
    fl_dec_init(x);
    parse(x, "5");
    assert_int_equal(fl_dec_mul_pow10(x, x, -4), FL_OK);
    assert_dec_text(x, "0.0005");
    parse(x, "-1230");
    assert_int_equal(fl_dec_mul_pow10(x, x, -5), FL_OK);
    assert_dec_text(x, "-0.01230");
    fl_dec_clear(x);
}

static void test_decimal__to_string_never_writes_negative_zero(void **state)
{
    fl_dec x, y;

    (void)state;
    fl_dec_init(x);
    fl_dec_init(y);
    parse(x, "0.00");
    fl_dec_neg(x, x);
    assert_dec_text(x, "0.00");
    parse(x, "-1.5");
    parse(y, "1.5");
    assert_int_equal(fl_dec_add(x, x, y), FL_OK);
    assert_dec_text(x, "0.0");
    fl_dec_clear(x);
    fl_dec_clear(y);
}

static void test_decimal__to_string_writes_zero_with_positive_exponent_as_0(void **state)
{
    fl_dec x;

    (void)state;
    fl_dec_init(x);
    assert_int_equal(fl_dec_mul_pow10(x, x, 3), FL_OK);
    assert_dec_text(x, "0");
    fl_dec_clear(x);
}

static void test_decimal__to_buffer_truncates_like_snprintf(void **state)
{
    fl_dec x;
    char buf[6];

    (void)state;
    fl_dec_init(x);
    parse(x, "-151.463");
    assert_int_equal(fl_dec_to_buffer(NULL, 0, x), 8);
    assert_int_equal(fl_dec_to_buffer(buf, sizeof buf, x), 8);
    assert_string_equal(buf, "-151.");
    parse(x, "1.5");
    assert_int_equal(fl_dec_to_buffer(buf, sizeof buf, x), 3);
    assert_string_equal(buf, "1.5");
    fl_dec_clear(x);
}

static void test_decimal__to_string_round_trips_through_set_str(void **state)
{
    const char *texts[] = {"0.10", "-7", "1000", "0.0000001", "-99.990"};
    fl_dec x, y;
    size_t i;

    (void)state;
    fl_dec_init(x);
    fl_dec_init(y);
    for (i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        char *text;

        parse(x, texts[i]);
        text = fl_dec_to_string(x);
        parse(y, text);
        assert_int_equal(mpz_cmp(x->coefficient, y->coefficient), 0);
        assert_int_equal(x->exponent, y->exponent);
        free(text);
    }
    fl_dec_clear(x);
    fl_dec_clear(y);
}

/* --- exact arithmetic ------------------------------------------------------------ */

static void test_decimal__add_aligns_exponents(void **state)
{
    (void)state;
    assert_binary(fl_dec_add, "1.5", "0.25", "1.75");
    assert_binary(fl_dec_add, "1.50", "1", "2.50");
    assert_binary(fl_dec_add, "151.463", "277.537", "429.000");
    assert_binary(fl_dec_add, "-0.001", "0.001", "0.000");
}

static void test_decimal__add_keeps_the_smaller_exponent_of_a_zero(void **state)
{
    fl_dec a, b, r;

    (void)state;
    fl_dec_init(a);
    fl_dec_init(b);
    fl_dec_init(r);
    assert_int_equal(fl_dec_mul_pow10(a, a, 5), FL_OK); /* 0E+5 */
    parse(b, "1.23");
    assert_int_equal(fl_dec_add(r, a, b), FL_OK);
    assert_dec_text(r, "1.23");
    assert_int_equal(fl_dec_sub(r, a, b), FL_OK);
    assert_dec_text(r, "-1.23");
    assert_int_equal(fl_dec_sub(r, b, a), FL_OK);
    assert_dec_text(r, "1.23");
    fl_dec_clear(a);
    fl_dec_clear(b);
    fl_dec_clear(r);
}

static void test_decimal__sub_is_exact(void **state)
{
    (void)state;
    assert_binary(fl_dec_sub, "1", "0.01", "0.99");
    assert_binary(fl_dec_sub, "0.01", "1", "-0.99");
    assert_binary(fl_dec_sub, "261.8", "151.8", "110.0");
}

static void test_decimal__mul_adds_exponents(void **state)
{
    (void)state;
    assert_binary(fl_dec_mul, "1.5", "1.5", "2.25");
    assert_binary(fl_dec_mul, "1.50", "2", "3.00");
    assert_binary(fl_dec_mul, "-0.1", "0.1", "-0.01");
    assert_binary(fl_dec_mul, "0", "-5.5", "0.0");
    assert_binary(fl_dec_mul, "99999999999999999999", "99999999999999999999",
                  "9999999999999999999800000000000000000001");
}

static void test_decimal__operations_allow_aliasing(void **state)
{
    fl_dec x, y;

    (void)state;
    fl_dec_init(x);
    fl_dec_init(y);
    parse(x, "1.5");
    assert_int_equal(fl_dec_add(x, x, x), FL_OK);
    assert_dec_text(x, "3.0");
    assert_int_equal(fl_dec_mul(x, x, x), FL_OK);
    assert_dec_text(x, "9.00");
    parse(y, "0.001");
    assert_int_equal(fl_dec_sub(y, x, y), FL_OK);
    assert_dec_text(y, "8.999");
    assert_int_equal(fl_dec_sub(x, x, y), FL_OK);
    assert_dec_text(x, "0.001");
    assert_int_equal(fl_dec_div(x, x, x, 2, FL_ROUND_HALF_UP, NULL), FL_OK);
    assert_dec_text(x, "1.00");
    parse(y, "4");
    assert_int_equal(fl_dec_div_exact(y, x, y), FL_OK);
    assert_dec_text(y, "0.25");
    fl_dec_neg(y, y);
    assert_dec_text(y, "-0.25");
    fl_dec_abs(y, y);
    assert_dec_text(y, "0.25");
    fl_dec_set(y, y);
    assert_dec_text(y, "0.25");
    fl_dec_clear(x);
    fl_dec_clear(y);
}

static void test_decimal__mul_pow10_refuses_exponents_out_of_range(void **state)
{
    fl_dec x;

    (void)state;
    fl_dec_init(x);
    fl_dec_set_si(x, 7);
    assert_int_equal(fl_dec_mul_pow10(x, x, FL_DEC_MAX_EXPONENT), FL_OK);
    assert_int_equal(fl_dec_mul_pow10(x, x, 1), FL_ERR_RANGE);
    assert_int_equal(x->exponent, FL_DEC_MAX_EXPONENT);
    assert_int_equal(fl_dec_mul_pow10(x, x, LONG_MIN), FL_ERR_RANGE);
    assert_int_equal(fl_dec_mul_pow10(x, x, LONG_MAX), FL_ERR_RANGE);
    assert_int_equal(fl_dec_mul_pow10(x, x, -2 * FL_DEC_MAX_EXPONENT), FL_OK);
    assert_int_equal(x->exponent, -FL_DEC_MAX_EXPONENT);
    fl_dec_clear(x);
}

static void test_decimal__mul_refuses_exponents_out_of_range(void **state)
{
    fl_dec x, r;

    (void)state;
    fl_dec_init(x);
    fl_dec_init(r);
    fl_dec_set_si(x, 3);
    assert_int_equal(fl_dec_mul_pow10(x, x, -60000), FL_OK);
    fl_dec_set_si(r, 42);
    assert_int_equal(fl_dec_mul(r, x, x), FL_ERR_RANGE);
    assert_dec_text(r, "42");
    fl_dec_clear(x);
    fl_dec_clear(r);
}

static void test_decimal__add_refuses_operands_too_far_apart(void **state)
{
    fl_dec big, tiny, r;

    (void)state;
    fl_dec_init(big);
    fl_dec_init(tiny);
    fl_dec_init(r);
    fl_dec_set_si(big, 1);
    fl_dec_set_si(tiny, 1);
    assert_int_equal(fl_dec_mul_pow10(big, big, FL_DEC_MAX_EXPONENT), FL_OK);
    assert_int_equal(fl_dec_mul_pow10(tiny, tiny, -FL_DEC_MAX_EXPONENT), FL_OK);
    fl_dec_set_si(r, 42);
    /* 1E+100000 + 1E-100000 would need 200,001 digits. */
    assert_int_equal(fl_dec_add(r, big, tiny), FL_ERR_RANGE);
    assert_int_equal(fl_dec_sub(r, tiny, big), FL_ERR_RANGE);
    assert_dec_text(r, "42");
    /* Comparing them needs no alignment at all. */
    assert_int_equal(fl_dec_cmp(big, tiny), 1);
    assert_int_equal(fl_dec_cmp(tiny, big), -1);
    fl_dec_clear(big);
    fl_dec_clear(tiny);
    fl_dec_clear(r);
}

static void test_decimal__add_accepts_the_largest_coefficient(void **state)
{
    fl_dec a, b, r;

    (void)state;
    fl_dec_init(a);
    fl_dec_init(b);
    fl_dec_init(r);
    /* 1E+99999 + 1 has exactly FL_DEC_MAX_DIGITS digits; + 1E+100000 more has one too many. */
    fl_dec_set_si(a, 1);
    assert_int_equal(fl_dec_mul_pow10(a, a, FL_DEC_MAX_DIGITS - 1), FL_OK);
    fl_dec_set_si(b, 1);
    assert_int_equal(fl_dec_add(r, a, b), FL_OK);
    assert_int_equal(mpz_sizeinbase(r->coefficient, 10), FL_DEC_MAX_DIGITS);
    assert_int_equal(fl_dec_mul_pow10(a, a, 1), FL_OK);
    assert_int_equal(fl_dec_add(r, a, b), FL_ERR_RANGE);
    /* Same exponent: 99...9 (FL_DEC_MAX_DIGITS nines) + 1 carries into one digit too many. */
    mpz_ui_pow_ui(a->coefficient, 10, (unsigned long)FL_DEC_MAX_DIGITS);
    mpz_sub_ui(a->coefficient, a->coefficient, 1);
    a->exponent = 0;
    fl_dec_set_si(r, 42);
    assert_int_equal(fl_dec_add(r, a, b), FL_ERR_RANGE);
    assert_dec_text(r, "42");
    assert_int_equal(fl_dec_sub(r, a, b), FL_OK);
    assert_int_equal(fl_dec_add(a, a, a), FL_ERR_RANGE);
    fl_dec_clear(a);
    fl_dec_clear(b);
    fl_dec_clear(r);
}

static void test_decimal__set_mpz_refuses_out_of_range(void **state)
{
    fl_dec x;
    mpz_t c;

    (void)state;
    fl_dec_init(x);
    mpz_init_set_si(c, -125);
    assert_int_equal(fl_dec_set_mpz(x, c, -2), FL_OK);
    assert_dec_text(x, "-1.25");
    assert_int_equal(fl_dec_set_mpz(x, c, FL_DEC_MAX_EXPONENT + 1), FL_ERR_RANGE);
    assert_int_equal(fl_dec_set_mpz(x, c, -FL_DEC_MAX_EXPONENT - 1), FL_ERR_RANGE);
    mpz_ui_pow_ui(c, 10, (unsigned long)FL_DEC_MAX_DIGITS);
    assert_int_equal(fl_dec_set_mpz(x, c, 0), FL_ERR_RANGE);
    mpz_sub_ui(c, c, 1); /* 99...9, FL_DEC_MAX_DIGITS nines */
    assert_int_equal(fl_dec_set_mpz(x, c, 0), FL_OK);
    assert_int_equal(fl_dec_to_buffer(NULL, 0, x), FL_DEC_MAX_DIGITS);
    mpz_clear(c);
    fl_dec_clear(x);
}

/* --- rounding -------------------------------------------------------------------- */

static void test_decimal__round_half_up_ties_away_from_zero(void **state)
{
    (void)state;
    assert_round("2.5", 0, FL_ROUND_HALF_UP, "3", true);
    assert_round("-2.5", 0, FL_ROUND_HALF_UP, "-3", true);
    assert_round("0.125", 2, FL_ROUND_HALF_UP, "0.13", true);
    assert_round("151.4625", 3, FL_ROUND_HALF_UP, "151.463", true);
    assert_round("2.49999", 0, FL_ROUND_HALF_UP, "2", true);
}

static void test_decimal__round_half_even_ties_to_even(void **state)
{
    (void)state;
    assert_round("2.5", 0, FL_ROUND_HALF_EVEN, "2", true);
    assert_round("3.5", 0, FL_ROUND_HALF_EVEN, "4", true);
    assert_round("-2.5", 0, FL_ROUND_HALF_EVEN, "-2", true);
    assert_round("0.125", 2, FL_ROUND_HALF_EVEN, "0.12", true);
    assert_round("2.501", 0, FL_ROUND_HALF_EVEN, "3", true);
}

static void test_decimal__round_half_down_ties_toward_zero(void **state)
{
    (void)state;
    assert_round("2.5", 0, FL_ROUND_HALF_DOWN, "2", true);
    assert_round("-2.5", 0, FL_ROUND_HALF_DOWN, "-2", true);
    assert_round("2.51", 0, FL_ROUND_HALF_DOWN, "3", true);
}

static void test_decimal__round_directed_modes(void **state)
{
    (void)state;
    assert_round("1.1", 0, FL_ROUND_UP, "2", true);
    assert_round("-1.1", 0, FL_ROUND_UP, "-2", true);
    assert_round("1.9", 0, FL_ROUND_DOWN, "1", true);
    assert_round("-1.9", 0, FL_ROUND_DOWN, "-1", true);
    assert_round("1.1", 0, FL_ROUND_CEILING, "2", true);
    assert_round("-1.9", 0, FL_ROUND_CEILING, "-1", true);
    assert_round("1.9", 0, FL_ROUND_FLOOR, "1", true);
    assert_round("-1.1", 0, FL_ROUND_FLOOR, "-2", true);
    assert_round("0.001", 2, FL_ROUND_UP, "0.01", true);
    assert_round("-0.001", 2, FL_ROUND_CEILING, "0.00", true);
}

static void test_decimal__round_extends_to_the_asked_places(void **state)
{
    (void)state;
    assert_round("1.5", 2, FL_ROUND_HALF_UP, "1.50", false);
    assert_round("7", 3, FL_ROUND_EXACT, "7.000", false);
    assert_round("1.500", 1, FL_ROUND_EXACT, "1.5", false);
}

static void test_decimal__round_to_negative_places_rounds_to_tens(void **state)
{
    (void)state;
    assert_round("151463", -3, FL_ROUND_HALF_UP, "151000", true);
    assert_round("151500", -3, FL_ROUND_HALF_UP, "152000", true);
    assert_round("149.99", -2, FL_ROUND_HALF_UP, "100", true);
    assert_round("49.99", -2, FL_ROUND_HALF_UP, "0", true);
    assert_round("0.4", -5, FL_ROUND_UP, "100000", true);
}

static void test_decimal__round_exact_refuses_to_drop_digits(void **state)
{
    fl_dec a, r;
    bool inexact = false;

    (void)state;
    fl_dec_init(a);
    fl_dec_init(r);
    parse(a, "1.25");
    fl_dec_set_si(r, 42);
    assert_int_equal(fl_dec_round(r, a, 1, FL_ROUND_EXACT, &inexact), FL_ERR_INEXACT);
    assert_dec_text(r, "42");
    assert_int_equal(fl_dec_round(a, a, 1, FL_ROUND_EXACT, NULL), FL_ERR_INEXACT);
    assert_dec_text(a, "1.25");
    fl_dec_clear(a);
    fl_dec_clear(r);
}

static void test_decimal__round_refuses_unknown_modes_and_places_out_of_range(void **state)
{
    fl_dec a, r;

    (void)state;
    fl_dec_init(a);
    fl_dec_init(r);
    parse(a, "1.25");
    assert_int_equal(fl_dec_round(r, a, 1, FL_ROUNDING_COUNT_, NULL), FL_ERR_INVALID_ARGUMENT);
    assert_int_equal(fl_dec_round(r, a, FL_DEC_MAX_EXPONENT + 1, FL_ROUND_DOWN, NULL),
                     FL_ERR_RANGE);
    assert_int_equal(fl_dec_round(r, a, LONG_MIN, FL_ROUND_DOWN, NULL), FL_ERR_RANGE);
    /* 1.25 to 100000 places would need 100,001 digits. */
    assert_int_equal(fl_dec_round(r, a, FL_DEC_MAX_EXPONENT, FL_ROUND_DOWN, NULL), FL_ERR_RANGE);
    assert_int_equal(fl_dec_round(r, a, -FL_DEC_MAX_EXPONENT, FL_ROUND_UP, NULL), FL_OK);
    assert_int_equal(r->exponent, FL_DEC_MAX_EXPONENT);
    assert_int_equal(mpz_cmp_ui(r->coefficient, 1), 0);
    fl_dec_clear(a);
    fl_dec_clear(r);
}

/* --- division -------------------------------------------------------------------- */

static void test_decimal__div_rounds_to_places(void **state)
{
    (void)state;
    assert_div("1", "3", 2, FL_ROUND_HALF_UP, "0.33");
    assert_div("2", "3", 2, FL_ROUND_HALF_UP, "0.67");
    assert_div("-2", "3", 2, FL_ROUND_HALF_UP, "-0.67");
    assert_div("2", "-3", 2, FL_ROUND_DOWN, "-0.66");
    assert_div("-2", "-3", 2, FL_ROUND_FLOOR, "0.66");
    assert_div("1", "8", 2, FL_ROUND_HALF_EVEN, "0.12");
    assert_div("1", "8", 2, FL_ROUND_HALF_UP, "0.13");
    assert_div("1", "8", 2, FL_ROUND_HALF_DOWN, "0.12");
    assert_div("261.8", "1.7246", 2, FL_ROUND_HALF_UP, "151.80");
    assert_div("1", "4", 5, FL_ROUND_EXACT, "0.25000");
    assert_div("12345", "1", -2, FL_ROUND_HALF_UP, "12300");
}

static void test_decimal__div_reports_inexact(void **state)
{
    fl_dec a, b, r;
    bool inexact = false;

    (void)state;
    fl_dec_init(a);
    fl_dec_init(b);
    fl_dec_init(r);
    fl_dec_set_si(a, 1);
    fl_dec_set_si(b, 3);
    assert_int_equal(fl_dec_div(r, a, b, 4, FL_ROUND_DOWN, &inexact), FL_OK);
    assert_true(inexact);
    fl_dec_set_si(r, 42);
    assert_int_equal(fl_dec_div(r, a, b, 4, FL_ROUND_EXACT, &inexact), FL_ERR_INEXACT);
    assert_dec_text(r, "42");
    fl_dec_set_si(b, 4);
    assert_int_equal(fl_dec_div(r, a, b, 4, FL_ROUND_DOWN, &inexact), FL_OK);
    assert_false(inexact);
    fl_dec_clear(a);
    fl_dec_clear(b);
    fl_dec_clear(r);
}

static void test_decimal__div_refuses_division_by_zero(void **state)
{
    fl_dec a, b, r;

    (void)state;
    fl_dec_init(a);
    fl_dec_init(b);
    fl_dec_init(r);
    fl_dec_set_si(a, 1);
    parse(b, "0.00");
    assert_int_equal(fl_dec_div(r, a, b, 2, FL_ROUND_HALF_UP, NULL), FL_ERR_DIVISION_BY_ZERO);
    assert_int_equal(fl_dec_div(r, b, b, 2, FL_ROUND_HALF_UP, NULL), FL_ERR_DIVISION_BY_ZERO);
    assert_int_equal(fl_dec_div_exact(r, a, b), FL_ERR_DIVISION_BY_ZERO);
    fl_dec_clear(a);
    fl_dec_clear(b);
    fl_dec_clear(r);
}

static void test_decimal__div_exact_gives_terminating_quotients(void **state)
{
    (void)state;
    assert_binary(fl_dec_div_exact, "1", "4", "0.25");
    assert_binary(fl_dec_div_exact, "10", "4", "2.5");
    assert_binary(fl_dec_div_exact, "1.50", "1", "1.50");
    assert_binary(fl_dec_div_exact, "1", "0.5", "2");
    assert_binary(fl_dec_div_exact, "1.00", "0.5", "2.0");
    assert_binary(fl_dec_div_exact, "-7", "1280", "-0.00546875");
    assert_binary(fl_dec_div_exact, "0", "3", "0");
    assert_binary(fl_dec_div_exact, "261.8", "1.7", "154");
}

static void test_decimal__div_exact_refuses_non_terminating_quotients(void **state)
{
    fl_dec a, b, r;

    (void)state;
    fl_dec_init(a);
    fl_dec_init(b);
    fl_dec_init(r);
    fl_dec_set_si(a, 1);
    fl_dec_set_si(b, 3);
    fl_dec_set_si(r, 42);
    assert_int_equal(fl_dec_div_exact(r, a, b), FL_ERR_INEXACT);
    parse(a, "261.8");
    parse(b, "1.7246");
    assert_int_equal(fl_dec_div_exact(r, a, b), FL_ERR_INEXACT);
    assert_dec_text(r, "42");
    fl_dec_clear(a);
    fl_dec_clear(b);
    fl_dec_clear(r);
}

static void test_decimal__set_ratio_rounds_a_ratio_of_integers(void **state)
{
    fl_dec r;
    mpz_t num, den;
    bool inexact = false;

    (void)state;
    fl_dec_init(r);
    mpz_init_set_si(num, 16);
    mpz_init_set_si(den, 25);
    assert_int_equal(fl_dec_set_ratio(r, num, den, 2, FL_ROUND_HALF_UP, &inexact), FL_OK);
    assert_dec_text(r, "0.64");
    assert_false(inexact);
    mpz_set_si(num, -2);
    mpz_set_si(den, 3);
    assert_int_equal(fl_dec_set_ratio(r, num, den, 3, FL_ROUND_HALF_EVEN, &inexact), FL_OK);
    assert_dec_text(r, "-0.667");
    assert_true(inexact);
    mpz_set_si(den, 0);
    assert_int_equal(fl_dec_set_ratio(r, num, den, 3, FL_ROUND_HALF_EVEN, NULL),
                     FL_ERR_DIVISION_BY_ZERO);
    mpz_clears(num, den, NULL);
    fl_dec_clear(r);
}

/* --- inspection ------------------------------------------------------------------ */

static void test_decimal__cmp_compares_by_value(void **state)
{
    fl_dec a, b;

    (void)state;
    fl_dec_init(a);
    fl_dec_init(b);
    parse(a, "1.50");
    parse(b, "1.5");
    assert_int_equal(fl_dec_cmp(a, b), 0);
    parse(b, "1.49");
    assert_int_equal(fl_dec_cmp(a, b), 1);
    assert_int_equal(fl_dec_cmp(b, a), -1);
    parse(a, "-1");
    parse(b, "0");
    assert_int_equal(fl_dec_cmp(a, b), -1);
    parse(a, "0.000");
    assert_int_equal(fl_dec_cmp(a, b), 0);
    fl_dec_set_si(a, 1);
    assert_int_equal(fl_dec_mul_pow10(a, a, 5), FL_OK);
    parse(b, "99999.99999");
    assert_int_equal(fl_dec_cmp(a, b), 1);
    parse(b, "100000.00000");
    assert_int_equal(fl_dec_cmp(a, b), 0);
    fl_dec_neg(a, a);
    fl_dec_neg(b, b);
    assert_int_equal(fl_dec_cmp(a, b), 0);
    parse(b, "-99999.99999");
    assert_int_equal(fl_dec_cmp(a, b), -1);
    fl_dec_clear(a);
    fl_dec_clear(b);
}

static void test_decimal__reduce_strips_trailing_zeros(void **state)
{
    fl_dec x;

    (void)state;
    fl_dec_init(x);
    parse(x, "1.500");
    fl_dec_reduce(x, x);
    assert_dec_text(x, "1.5");
    parse(x, "1500");
    fl_dec_reduce(x, x);
    assert_int_equal(x->exponent, 2);
    assert_dec_text(x, "1500");
    parse(x, "0.00");
    fl_dec_reduce(x, x);
    assert_int_equal(x->exponent, 0);
    assert_dec_text(x, "0");
    fl_dec_clear(x);
}

static void test_decimal__places_and_integers(void **state)
{
    fl_dec x;

    (void)state;
    fl_dec_init(x);
    parse(x, "1.500");
    assert_int_equal(fl_dec_places(x), 3);
    assert_int_equal(fl_dec_min_places(x), 1);
    assert_false(fl_dec_is_integer(x));
    parse(x, "2.000");
    assert_int_equal(fl_dec_min_places(x), 0);
    assert_true(fl_dec_is_integer(x));
    parse(x, "0.0");
    assert_true(fl_dec_is_integer(x));
    assert_true(fl_dec_is_zero(x));
    assert_int_equal(fl_dec_sign(x), 0);
    parse(x, "-3");
    assert_int_equal(fl_dec_sign(x), -1);
    assert_int_equal(fl_dec_mul_pow10(x, x, 3), FL_OK);
    assert_int_equal(fl_dec_places(x), 0);
    fl_dec_clear(x);
}

static void test_decimal__get_int64_converts_integers(void **state)
{
    fl_dec x;
    int64_t v = 0;

    (void)state;
    fl_dec_init(x);
    fl_dec_set_int64(x, INT64_MAX);
    assert_int_equal(fl_dec_get_int64(&v, x), FL_OK);
    assert_true(v == INT64_MAX);
    fl_dec_set_int64(x, INT64_MIN);
    assert_dec_text(x, "-9223372036854775808");
    assert_int_equal(fl_dec_get_int64(&v, x), FL_OK);
    assert_true(v == INT64_MIN);
    parse(x, "151463.000");
    assert_int_equal(fl_dec_get_int64(&v, x), FL_OK);
    assert_true(v == 151463);
    parse(x, "9223372036854775808");
    assert_int_equal(fl_dec_get_int64(&v, x), FL_ERR_RANGE);
    parse(x, "1.5");
    assert_int_equal(fl_dec_get_int64(&v, x), FL_ERR_INEXACT);
    fl_dec_set_si(x, 1);
    assert_int_equal(fl_dec_mul_pow10(x, x, FL_DEC_MAX_EXPONENT), FL_OK);
    assert_int_equal(fl_dec_get_int64(&v, x), FL_ERR_RANGE);
    fl_dec_clear(x);
}

/* --- rounding names -------------------------------------------------------------- */

static void test_decimal__rounding_names_round_trip(void **state)
{
    const char *names[] = {"half-up", "half-even", "half-down", "up",
                           "down",    "ceiling",   "floor",     "exact"};
    fl_rounding mode;
    int i;

    (void)state;
    for (i = 0; i < (int)FL_ROUNDING_COUNT_; i++) {
        assert_string_equal(fl_rounding_name((fl_rounding)i), names[i]);
        assert_int_equal(fl_rounding_from_name(&mode, names[i]), FL_OK);
        assert_int_equal(mode, i);
    }
    assert_int_equal(fl_rounding_from_name(&mode, "HALF_UP"), FL_ERR_SYNTAX);
    assert_int_equal(fl_rounding_from_name(&mode, "half_up"), FL_ERR_SYNTAX);
    assert_int_equal(fl_rounding_from_name(&mode, ""), FL_ERR_SYNTAX);
    assert_string_equal(fl_rounding_name(FL_ROUNDING_COUNT_), "unknown");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decimal__set_str_reads_canonical_text),
        cmocka_unit_test(test_decimal__set_str_keeps_the_representation),
        cmocka_unit_test(test_decimal__set_str_reads_negative_zero_as_zero),
        cmocka_unit_test(test_decimal__set_str_reads_the_largest_int64_and_beyond),
        cmocka_unit_test(test_decimal__set_str_accepts_60_digits),
        cmocka_unit_test(test_decimal__set_str_rejects_61_digits),
        cmocka_unit_test(test_decimal__set_str_rejects_empty_text),
        cmocka_unit_test(test_decimal__set_str_rejects_a_lone_minus),
        cmocka_unit_test(test_decimal__set_str_rejects_plus),
        cmocka_unit_test(test_decimal__set_str_rejects_space),
        cmocka_unit_test(test_decimal__set_str_rejects_trailing_newline),
        cmocka_unit_test(test_decimal__set_str_rejects_exponent),
        cmocka_unit_test(test_decimal__set_str_rejects_missing_integer_digits),
        cmocka_unit_test(test_decimal__set_str_rejects_missing_fraction_digits),
        cmocka_unit_test(test_decimal__set_str_rejects_two_decimal_marks),
        cmocka_unit_test(test_decimal__set_str_rejects_grouping_and_decimal_comma),
        cmocka_unit_test(test_decimal__set_str_rejects_control_and_nul_bytes),
        cmocka_unit_test(test_decimal__set_str_counts_columns_in_characters),
        cmocka_unit_test(test_decimal__set_str_reads_only_len_bytes),
        cmocka_unit_test(test_decimal__to_string_writes_positive_exponent_as_zeros),
        cmocka_unit_test(test_decimal__to_string_writes_fraction_zeros),
        cmocka_unit_test(test_decimal__to_string_never_writes_negative_zero),
        cmocka_unit_test(test_decimal__to_string_writes_zero_with_positive_exponent_as_0),
        cmocka_unit_test(test_decimal__to_buffer_truncates_like_snprintf),
        cmocka_unit_test(test_decimal__to_string_round_trips_through_set_str),
        cmocka_unit_test(test_decimal__add_aligns_exponents),
        cmocka_unit_test(test_decimal__add_keeps_the_smaller_exponent_of_a_zero),
        cmocka_unit_test(test_decimal__sub_is_exact),
        cmocka_unit_test(test_decimal__mul_adds_exponents),
        cmocka_unit_test(test_decimal__operations_allow_aliasing),
        cmocka_unit_test(test_decimal__mul_pow10_refuses_exponents_out_of_range),
        cmocka_unit_test(test_decimal__mul_refuses_exponents_out_of_range),
        cmocka_unit_test(test_decimal__add_refuses_operands_too_far_apart),
        cmocka_unit_test(test_decimal__add_accepts_the_largest_coefficient),
        cmocka_unit_test(test_decimal__set_mpz_refuses_out_of_range),
        cmocka_unit_test(test_decimal__round_half_up_ties_away_from_zero),
        cmocka_unit_test(test_decimal__round_half_even_ties_to_even),
        cmocka_unit_test(test_decimal__round_half_down_ties_toward_zero),
        cmocka_unit_test(test_decimal__round_directed_modes),
        cmocka_unit_test(test_decimal__round_extends_to_the_asked_places),
        cmocka_unit_test(test_decimal__round_to_negative_places_rounds_to_tens),
        cmocka_unit_test(test_decimal__round_exact_refuses_to_drop_digits),
        cmocka_unit_test(test_decimal__round_refuses_unknown_modes_and_places_out_of_range),
        cmocka_unit_test(test_decimal__div_rounds_to_places),
        cmocka_unit_test(test_decimal__div_reports_inexact),
        cmocka_unit_test(test_decimal__div_refuses_division_by_zero),
        cmocka_unit_test(test_decimal__div_exact_gives_terminating_quotients),
        cmocka_unit_test(test_decimal__div_exact_refuses_non_terminating_quotients),
        cmocka_unit_test(test_decimal__set_ratio_rounds_a_ratio_of_integers),
        cmocka_unit_test(test_decimal__cmp_compares_by_value),
        cmocka_unit_test(test_decimal__reduce_strips_trailing_zeros),
        cmocka_unit_test(test_decimal__places_and_integers),
        cmocka_unit_test(test_decimal__get_int64_converts_integers),
        cmocka_unit_test(test_decimal__rounding_names_round_trip),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
