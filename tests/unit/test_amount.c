/* test_amount.c - amounts as people write them (fundledger/amount.h, docs/numbers.md). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fundledger.h"

#define VI FL_LOCALE_VI
#define EN FL_LOCALE_EN

/* Options that differ from FL_AMOUNT_OPTIONS_INIT, as bits. */
#define NO_SCALE 1u
#define NO_PERCENT 2u
#define EXPONENT 4u
#define NO_NEGATIVE 8u

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static fl_amount_options options(fl_locale locale, unsigned flags)
{
    fl_amount_options opts = FL_AMOUNT_OPTIONS_INIT;

    opts.locale = locale;
    opts.allow_scale = !(flags & NO_SCALE);
    opts.allow_percent = !(flags & NO_PERCENT);
    opts.allow_exponent = (flags & EXPONENT) != 0;
    opts.allow_negative = !(flags & NO_NEGATIVE);
    return opts;
}

/* --- accepted texts ---------------------------------------------------------------- */

/* A text that must be read: its canonical value and what else the amount says. */
typedef struct accept_case {
    const char *text;
    fl_locale locale;
    const char *value; /* fl_dec_to_string of the value */
    int scale;
    long written_places;
    long quantum;
    bool percent;
    bool currency;
    unsigned flags;
} accept_case;

static void check_accepts(const accept_case *cases, size_t count)
{
    size_t i;

    for (i = 0; i < count; i++) {
        const accept_case *c = &cases[i];
        fl_amount_options opts = options(c->locale, c->flags);
        fl_amount a;
        fl_error err;
        fl_status status;
        char *text;

        fl_amount_init(&a);
        fl_error_clear(&err);
        status = fl_amount_parse(&a, c->text, strlen(c->text), &opts, &err);
        if (status != FL_OK)
            print_error("\"%s\" (%s): %s (column %lu)\n", c->text, fl_locale_name(c->locale),
                        err.message, err.column);
        assert_int_equal(status, FL_OK);
        text = fl_dec_to_string(a.value);
        assert_non_null(text);
        if (strcmp(text, c->value) != 0)
            print_error("\"%s\" (%s) gave %s\n", c->text, fl_locale_name(c->locale), text);
        assert_string_equal(text, c->value);
        if ((int)a.scale != c->scale || a.written_places != c->written_places ||
            a.quantum != c->quantum || a.percent != c->percent || a.has_currency != c->currency)
            print_error("\"%s\": scale %d places %ld quantum %ld percent %d currency %d\n", c->text,
                        (int)a.scale, a.written_places, a.quantum, a.percent, a.has_currency);
        assert_int_equal(a.scale, c->scale);
        assert_int_equal(a.written_places, c->written_places);
        assert_int_equal(a.quantum, c->quantum);
        assert_int_equal(a.percent, c->percent);
        assert_int_equal(a.has_currency, c->currency);
        free(text);
        fl_amount_clear(&a);
    }
}

#define CHECK_ACCEPTS(cases) check_accepts(cases, COUNT(cases))

static void test_amount__reads_vietnamese_convention(void **state)
{
    static const accept_case cases[] = {
        {"1.908", VI, "1908", 0, 0, 0, false, false, 0},
        {"151,463", VI, "151.463", 0, 3, -3, false, false, 0},
        {"4.116,6", VI, "4116.6", 0, 1, -1, false, false, 0},
        {"1.250.000.000", VI, "1250000000", 0, 0, 0, false, false, 0},
        {"1.250.000.000,05", VI, "1250000000.05", 0, 2, -2, false, false, 0},
        {"151463000000", VI, "151463000000", 0, 0, 0, false, false, 0},
        {"61,75", VI, "61.75", 0, 2, -2, false, false, 0},
        {"999", VI, "999", 0, 0, 0, false, false, 0},
        {"1234", VI, "1234", 0, 0, 0, false, false, 0},
        {"1234,5678", VI, "1234.5678", 0, 4, -4, false, false, 0},
        {"0", VI, "0", 0, 0, 0, false, false, 0},
        {"0,5", VI, "0.5", 0, 1, -1, false, false, 0},
        {"0,500", VI, "0.500", 0, 3, -3, false, false, 0},
        {"0,000001", VI, "0.000001", 0, 6, -6, false, false, 0},
        {"007", VI, "7", 0, 0, 0, false, false, 0},
        {"100.000", VI, "100000", 0, 0, 0, false, false, 0},
        {"12.345.678,9", VI, "12345678.9", 0, 1, -1, false, false, 0},
    };
    (void)state;
    CHECK_ACCEPTS(cases);
}

static void test_amount__reads_english_convention(void **state)
{
    static const accept_case cases[] = {
        {"1,908", EN, "1908", 0, 0, 0, false, false, 0},
        {"151.463", EN, "151.463", 0, 3, -3, false, false, 0},
        {"4,116.6", EN, "4116.6", 0, 1, -1, false, false, 0},
        {"1,250,000,000", EN, "1250000000", 0, 0, 0, false, false, 0},
        {"1,250,000,000.05", EN, "1250000000.05", 0, 2, -2, false, false, 0},
        {"151463000000", EN, "151463000000", 0, 0, 0, false, false, 0},
        {"1234.5678", EN, "1234.5678", 0, 4, -4, false, false, 0},
        {"0.5", EN, "0.5", 0, 1, -1, false, false, 0},
        {"-5", EN, "-5", 0, 0, 0, false, false, 0},
        {"1.908", EN, "1.908", 0, 3, -3, false, false, 0},
    };
    (void)state;
    CHECK_ACCEPTS(cases);
}

static void test_amount__reads_signs_and_spaces(void **state)
{
    static const accept_case cases[] = {
        {"-5", VI, "-5", 0, 0, 0, false, false, 0},
        {"-1.908", VI, "-1908", 0, 0, 0, false, false, 0},
        {"-0,25", VI, "-0.25", 0, 2, -2, false, false, 0},
        {"\xE2\x88\x92"
         "5",
         VI, "-5", 0, 0, 0, false, false, 0}, /* U+2212 MINUS SIGN */
        {"\xE2\x88\x92"
         "1,908",
         EN, "-1908", 0, 0, 0, false, false, 0},
        {"-0", VI, "0", 0, 0, 0, false, false, 0},
        {"  1.908  ", VI, "1908", 0, 0, 0, false, false, 0},
        {"\t1.908\t", VI, "1908", 0, 0, 0, false, false, 0},
        {"\xC2\xA0"
         "1.908\xC2\xA0",
         VI, "1908", 0, 0, 0, false, false, 0}, /* U+00A0 */
    };
    (void)state;
    CHECK_ACCEPTS(cases);
}

static void test_amount__reads_scale_and_currency_words(void **state)
{
    static const accept_case cases[] = {
        {"151,463 tỷ", VI, "151463000000", 9, 3, 6, false, false, 0},
        {"1.908 tỷ đồng", VI, "1908000000000", 9, 0, 9, false, true, 0},
        {"429 tỷ đồng", VI, "429000000000", 9, 0, 9, false, true, 0},
        {"261,8 tỷ", VI, "261800000000", 9, 1, 8, false, false, 0},
        {"2,5 tỷ", VI, "2500000000", 9, 1, 8, false, false, 0},
        {"5 tỉ", VI, "5000000000", 9, 0, 9, false, false, 0},
        {"250 triệu đồng", VI, "250000000", 6, 0, 6, false, true, 0},
        {"250 triệu VND", VI, "250000000", 6, 0, 6, false, true, 0},
        {"5 nghìn", VI, "5000", 3, 0, 3, false, false, 0},
        {"5 ngàn", VI, "5000", 3, 0, 3, false, false, 0},
        {"1,5 nghìn tỷ", VI, "1500000000000", 12, 1, 11, false, false, 0},
        {"3 ngàn tỉ đồng", VI, "3000000000000", 12, 0, 12, false, true, 0},
        {"100 đồng", VI, "100", 0, 0, 0, false, true, 0},
        {"100 đ", VI, "100", 0, 0, 0, false, true, 0},
        {"100đ", VI, "100", 0, 0, 0, false, true, 0},
        {"50.000 VND", VI, "50000", 0, 0, 0, false, true, 0},
        {"50.000 VNĐ", VI, "50000", 0, 0, 0, false, true, 0},
        {"50.000vnđ", VI, "50000", 0, 0, 0, false, true, 0},
        {"5tỷ", VI, "5000000000", 9, 0, 9, false, false, 0},
        {"151,463\xC2\xA0tỷ", VI, "151463000000", 9, 3, 6, false, false, 0},     /* U+00A0 */
        {"151,463\xE2\x80\xAFtỷ", VI, "151463000000", 9, 3, 6, false, false, 0}, /* U+202F */
        {"151,463\ttỷ  đồng ", VI, "151463000000", 9, 3, 6, false, true, 0},
        {"-2,5 tỷ", VI, "-2500000000", 9, 1, 8, false, false, 0},
        {"0,5 triệu", VI, "500000", 6, 1, 5, false, false, 0},
        {"0,0000000001 tỷ", VI, "0.1", 9, 10, -1, false, false, 0},
        /* English words, and Vietnamese words in the en convention. */
        {"1.908 billion", EN, "1908000000", 9, 3, 6, false, false, 0},
        {"5 thousand", EN, "5000", 3, 0, 3, false, false, 0},
        {"5 million VND", EN, "5000000", 6, 0, 6, false, true, 0},
        {"2 trillion", EN, "2000000000000", 12, 0, 12, false, false, 0},
        {"151.463 tỷ đồng", EN, "151463000000", 9, 3, 6, false, true, 0},
        {"1,908 VND", EN, "1908", 0, 0, 0, false, true, 0},
    };
    (void)state;
    CHECK_ACCEPTS(cases);
}

static void test_amount__reads_words_in_any_case_with_or_without_diacritics(void **state)
{
    static const accept_case cases[] = {
        {"5 TỶ", VI, "5000000000", 9, 0, 9, false, false, 0},
        {"5 Tỷ", VI, "5000000000", 9, 0, 9, false, false, 0},
        {"5 TỈ", VI, "5000000000", 9, 0, 9, false, false, 0},
        {"5 ty", VI, "5000000000", 9, 0, 9, false, false, 0},
        {"5 TY", VI, "5000000000", 9, 0, 9, false, false, 0},
        {"5 ti", VI, "5000000000", 9, 0, 9, false, false, 0},
        {"5 TRIỆU ĐỒNG", VI, "5000000", 6, 0, 6, false, true, 0},
        {"5 Triệu Đồng", VI, "5000000", 6, 0, 6, false, true, 0},
        {"5 trieu dong", VI, "5000000", 6, 0, 6, false, true, 0},
        {"5 NGHÌN", VI, "5000", 3, 0, 3, false, false, 0},
        {"5 nghin", VI, "5000", 3, 0, 3, false, false, 0},
        {"5 NGÀN", VI, "5000", 3, 0, 3, false, false, 0},
        {"5 ngan", VI, "5000", 3, 0, 3, false, false, 0},
        {"5 nghin ty", VI, "5000000000000", 12, 0, 12, false, false, 0},
        {"5 Đ", VI, "5", 0, 0, 0, false, true, 0},
        {"5 d", VI, "5", 0, 0, 0, false, true, 0},
        {"5 vnd", VI, "5", 0, 0, 0, false, true, 0},
        {"5 Vnđ", VI, "5", 0, 0, 0, false, true, 0},
        {"5 BILLION", EN, "5000000000", 9, 0, 9, false, false, 0},
        {"5 Thousand", EN, "5000", 3, 0, 3, false, false, 0},
        /* Decomposed (NFD) letters, and marks in either order. */
        {"5 ty\xCC\x89", VI, "5000000000", 9, 0, 9, false, false, 0},         /* y + U+0309 */
        {"5 TY\xCC\x89", VI, "5000000000", 9, 0, 9, false, false, 0},         /* Y + U+0309 */
        {"5 ti\xCC\x89", VI, "5000000000", 9, 0, 9, false, false, 0},         /* i + U+0309 */
        {"5 trie\xCC\xA3\xCC\x82u", VI, "5000000", 6, 0, 6, false, false, 0}, /* NFD order */
        {"5 trie\xCC\x82\xCC\xA3u", VI, "5000000", 6, 0, 6, false, false, 0}, /* other order */
        {"5 tri\xC3\xAA\xCC\xA3u", VI, "5000000", 6, 0, 6, false, false, 0},  /* ê + dot below */
        {"5 tri\xE1\xBA\xB9\xCC\x82u", VI, "5000000", 6, 0, 6, false, false,
         0},                                                                 /* ẹ + circumflex */
        {"5 \xC4\x91o\xCC\x82\xCC\x80ng", VI, "5", 0, 0, 0, false, true, 0}, /* đ o U+0302 U+0300 */
        {"5 \xC4\x91\xC3\xB4\xCC\x80ng", VI, "5", 0, 0, 0, false, true, 0},  /* đ ô U+0300 */
        {"5 nghi\xCC\x80n", VI, "5000", 3, 0, 3, false, false, 0},           /* i + U+0300 */
        {"5 nga\xCC\x80n", VI, "5000", 3, 0, 3, false, false, 0},            /* a + U+0300 */
    };
    (void)state;
    CHECK_ACCEPTS(cases);
}

static void test_amount__reads_percentages(void **state)
{
    static const accept_case cases[] = {
        {"72,46%", VI, "72.46", 0, 2, -2, true, false, 0},
        {"72,46 %", VI, "72.46", 0, 2, -2, true, false, 0},
        {"72,46\xC2\xA0%", VI, "72.46", 0, 2, -2, true, false, 0},
        {"172,46%", VI, "172.46", 0, 2, -2, true, false, 0},
        {"64%", VI, "64", 0, 0, 0, true, false, 0},
        {"-5%", VI, "-5", 0, 0, 0, true, false, 0},
        {"1.000%", VI, "1000", 0, 0, 0, true, false, 0},
        {"72.46%", EN, "72.46", 0, 2, -2, true, false, 0},
    };
    (void)state;
    CHECK_ACCEPTS(cases);
}

static void test_amount__reads_exponents_only_when_allowed(void **state)
{
    static const accept_case cases[] = {
        {"1E5", VI, "100000", 0, 0, 5, false, false, EXPONENT},
        {"1e+5", VI, "100000", 0, 0, 5, false, false, EXPONENT},
        {"1,5E3", VI, "1500", 0, 1, 2, false, false, EXPONENT},
        {"1.5E3", EN, "1500", 0, 1, 2, false, false, EXPONENT},
        {"1E-3", VI, "0.001", 0, 0, -3, false, false, EXPONENT},
        {"2,5E-3 tỷ", VI, "2500000", 9, 1, 5, false, false, EXPONENT},
        {"1.000E2", VI, "100000", 0, 0, 2, false, false, EXPONENT},
    };
    (void)state;
    CHECK_ACCEPTS(cases);
}

static void test_amount__reads_sixty_digits(void **state)
{
    static const accept_case cases[] = {
        {"123456789012345678901234567890123456789012345678901234567890", VI,
         "123456789012345678901234567890123456789012345678901234567890", 0, 0, 0, false, false, 0},
        {"1234567890,12345678901234567890123456789012345678901234567890", VI,
         "1234567890.12345678901234567890123456789012345678901234567890", 0, 50, -50, false, false,
         0},
        {"999.999.999.999.999.999.999.999.999.999.999.999.999.999.999.999.999.999.999.999", VI,
         "999999999999999999999999999999999999999999999999999999999999", 0, 0, 0, false, false, 0},
        {"0,00000000000000000000000000000000000000000000000000000000001", VI,
         "0.00000000000000000000000000000000000000000000000000000000001", 0, 59, -59, false, false,
         0},
        {"18446744073709551616", VI, "18446744073709551616", 0, 0, 0, false, false, 0},
        {"9999999999999999999", VI, "9999999999999999999", 0, 0, 0, false, false, 0},
        {"10000000000000000000", VI, "10000000000000000000", 0, 0, 0, false, false, 0},
    };
    (void)state;
    CHECK_ACCEPTS(cases);
}

/* --- refused texts ------------------------------------------------------------------- */

/* A text that must be refused: status, column (characters) and the exact message. */
typedef struct refuse_case {
    const char *text;
    fl_locale locale;
    unsigned flags;
    fl_status status;
    unsigned long column;
    const char *message;
} refuse_case;

static void check_refuses(const refuse_case *cases, size_t count)
{
    size_t i;

    for (i = 0; i < count; i++) {
        const refuse_case *c = &cases[i];
        fl_amount_options opts = options(c->locale, c->flags);
        fl_amount a;
        fl_error err;
        fl_status status;
        char *text;

        fl_amount_init(&a);
        fl_dec_set_si(a.value, 77); /* must survive the failure */
        a.quantum = 5;
        fl_error_clear(&err);
        status = fl_amount_parse(&a, c->text, strlen(c->text), &opts, &err);
        if (status != c->status || err.column != c->column || strcmp(err.message, c->message) != 0)
            print_error("\"%s\" (%s): status %d column %lu\n  got:  %s\n  want: %s\n", c->text,
                        fl_locale_name(c->locale), (int)status, err.column, err.message,
                        c->message);
        assert_int_equal(status, c->status);
        assert_int_equal(err.status, c->status);
        assert_string_equal(err.message, c->message);
        assert_int_equal(err.column, c->column);
        assert_int_equal(err.line, 1);
        text = fl_dec_to_string(a.value);
        assert_string_equal(text, "77");
        assert_int_equal(a.quantum, 5);
        free(text);
        /* The same failure without an error report. */
        assert_int_equal(fl_amount_parse(&a, c->text, strlen(c->text), &opts, NULL), c->status);
        fl_amount_clear(&a);
    }
}

#define CHECK_REFUSES(cases) check_refuses(cases, COUNT(cases))

static void test_amount__rejects_two_decimal_marks(void **state)
{
    static const refuse_case cases[] = {
        {"1,5,3", VI, 0, FL_ERR_SYNTAX, 4,
         "amount \"1,5,3\" has two decimal marks (\",\" is the decimal mark in the vi convention)"},
        {"1,,5", VI, 0, FL_ERR_SYNTAX, 3,
         "amount \"1,,5\" has two decimal marks (\",\" is the decimal mark in the vi convention)"},
        {"1.5.3", EN, 0, FL_ERR_SYNTAX, 4,
         "amount \"1.5.3\" has two decimal marks (\".\" is the decimal mark in the en convention)"},
        {"1.908,5,1", VI, 0, FL_ERR_SYNTAX, 8,
         "amount \"1.908,5,1\" has two decimal marks (\",\" is the decimal mark in the vi "
         "convention)"},
    };
    (void)state;
    CHECK_REFUSES(cases);
}

static void test_amount__rejects_misplaced_grouping(void **state)
{
    static const refuse_case cases[] = {
        {"1.90.8", VI, 0, FL_ERR_SYNTAX, 2,
         "amount \"1.90.8\": \".\" groups thousands in the vi convention and must be followed by "
         "exactly three digits (the decimal mark is \",\")"},
        {"12.34", VI, 0, FL_ERR_SYNTAX, 3,
         "amount \"12.34\": \".\" groups thousands in the vi convention and must be followed by "
         "exactly three digits (the decimal mark is \",\")"},
        {"1.5", VI, 0, FL_ERR_SYNTAX, 2,
         "amount \"1.5\": \".\" groups thousands in the vi convention and must be followed by "
         "exactly three digits (the decimal mark is \",\")"},
        {"1.2345", VI, 0, FL_ERR_SYNTAX, 2,
         "amount \"1.2345\": \".\" groups thousands in the vi convention and must be followed by "
         "exactly three digits (the decimal mark is \",\")"},
        {"1.000.00", VI, 0, FL_ERR_SYNTAX, 6,
         "amount \"1.000.00\": \".\" groups thousands in the vi convention and must be followed "
         "by exactly three digits (the decimal mark is \",\")"},
        {"1.00,5", VI, 0, FL_ERR_SYNTAX, 2,
         "amount \"1.00,5\": \".\" groups thousands in the vi convention and must be followed by "
         "exactly three digits (the decimal mark is \",\")"},
        {"1..000", VI, 0, FL_ERR_SYNTAX, 2,
         "amount \"1..000\": \".\" groups thousands in the vi convention and must be followed by "
         "exactly three digits (the decimal mark is \",\")"},
        {"1,5", EN, 0, FL_ERR_SYNTAX, 2,
         "amount \"1,5\": \",\" groups thousands in the en convention and must be followed by "
         "exactly three digits (the decimal mark is \".\")"},
        {"1,5,3", EN, 0, FL_ERR_SYNTAX, 2,
         "amount \"1,5,3\": \",\" groups thousands in the en convention and must be followed by "
         "exactly three digits (the decimal mark is \".\")"},
        {"1234.567", VI, 0, FL_ERR_SYNTAX, 5,
         "amount \"1234.567\": \".\" groups thousands in the vi convention, so at most three "
         "digits may come before the first \".\""},
        {"1234,567", EN, 0, FL_ERR_SYNTAX, 5,
         "amount \"1234,567\": \",\" groups thousands in the en convention, so at most three "
         "digits may come before the first \",\""},
    };
    (void)state;
    CHECK_REFUSES(cases);
}

static void test_amount__rejects_a_grouped_number_starting_with_zero(void **state)
{
    static const refuse_case cases[] = {
        {"0.500", VI, 0, FL_ERR_SYNTAX, 1,
         "amount \"0.500\": \".\" groups thousands in the vi convention, so a grouped number "
         "cannot start with 0 (the decimal mark is \",\")"},
        {"0.5", VI, 0, FL_ERR_SYNTAX, 1,
         "amount \"0.5\": \".\" groups thousands in the vi convention, so a grouped number "
         "cannot start with 0 (the decimal mark is \",\")"},
        {"-012.345", VI, 0, FL_ERR_SYNTAX, 2,
         "amount \"-012.345\": \".\" groups thousands in the vi convention, so a grouped number "
         "cannot start with 0 (the decimal mark is \",\")"},
        {"0,500", EN, 0, FL_ERR_SYNTAX, 1,
         "amount \"0,500\": \",\" groups thousands in the en convention, so a grouped number "
         "cannot start with 0 (the decimal mark is \".\")"},
    };
    (void)state;
    CHECK_REFUSES(cases);
}

static void test_amount__rejects_mixed_conventions(void **state)
{
    static const refuse_case cases[] = {
        {"1.908,5", EN, 0, FL_ERR_SYNTAX, 6,
         "amount \"1.908,5\" mixes conventions: \",\" is the group separator in en and cannot "
         "follow the decimal mark \".\""},
        {"1,234.5", VI, 0, FL_ERR_SYNTAX, 6,
         "amount \"1,234.5\" mixes conventions: \".\" is the group separator in vi and cannot "
         "follow the decimal mark \",\""},
        {"1,5.000", VI, 0, FL_ERR_SYNTAX, 4,
         "amount \"1,5.000\" mixes conventions: \".\" is the group separator in vi and cannot "
         "follow the decimal mark \",\""},
    };
    (void)state;
    CHECK_REFUSES(cases);
}

static void test_amount__rejects_empty_and_bare_signs(void **state)
{
    static const refuse_case cases[] = {
        {"", VI, 0, FL_ERR_SYNTAX, 1, "amount is empty"},
        {"   ", VI, 0, FL_ERR_SYNTAX, 4, "amount is empty"},
        {"-", VI, 0, FL_ERR_SYNTAX, 1, "amount \"-\" has a sign but no digits"},
        {" - ", VI, 0, FL_ERR_SYNTAX, 2, "amount \"-\" has a sign but no digits"},
        {"\xE2\x88\x92", VI, 0, FL_ERR_SYNTAX, 1,
         "amount \"\xE2\x88\x92\" has a sign but no digits"},
        {"--5", VI, 0, FL_ERR_SYNTAX, 2, "amount \"--5\" has two signs"},
        {"-+5", VI, 0, FL_ERR_SYNTAX, 2, "amount \"-+5\" has two signs"},
        {"- 5", VI, 0, FL_ERR_SYNTAX, 2,
         "amount \"- 5\" has a space after the sign; write the sign next to the digits"},
        {"+5", VI, 0, FL_ERR_SYNTAX, 1,
         "amount \"+5\" has a \"+\" sign; write positive amounts without a sign"},
        {"-5", VI, NO_NEGATIVE, FL_ERR_SYNTAX, 1,
         "amount \"-5\" is negative, and negative amounts are not allowed here"},
    };
    (void)state;
    CHECK_REFUSES(cases);
}

static void test_amount__rejects_letters(void **state)
{
    static const refuse_case cases[] = {
        {"12abc", VI, 0, FL_ERR_SYNTAX, 3,
         "amount \"12abc\" has letters after the number: \"abc\" is not a scale or currency word"},
        {"1.908xã", VI, 0, FL_ERR_SYNTAX, 6,
         "amount \"1.908xã\" has letters after the number: \"xã\" is not a scale or currency "
         "word"},
        {"12e", VI, 0, FL_ERR_SYNTAX, 3,
         "amount \"12e\" has letters after the number: \"e\" is not a scale or currency word"},
        {"5 abc", VI, 0, FL_ERR_SYNTAX, 3,
         "amount \"5 abc\": \"abc\" is not a scale or currency word"},
        {"5 tỷx", VI, 0, FL_ERR_SYNTAX, 3,
         "amount \"5 tỷx\": \"tỷx\" is not a scale or currency word"},
        {"5 tỷ abc", VI, 0, FL_ERR_SYNTAX, 6,
         "amount \"5 tỷ abc\": \"abc\" is not a scale or currency word"},
        {"5 tý", VI, 0, FL_ERR_SYNTAX, 3,
         "amount \"5 tý\": \"tý\" is not a scale or currency word"},
        {"5 triêu", VI, 0, FL_ERR_SYNTAX, 3,
         "amount \"5 triêu\": \"triêu\" is not a scale or currency word"},
        {"6x", VI, 0, FL_ERR_SYNTAX, 2, "amount \"6x\": \"x\" is not a scale or currency word"},
        {"5 VNDs", VI, 0, FL_ERR_SYNTAX, 3,
         "amount \"5 VNDs\": \"VNDs\" is not a scale or currency word"},
        {"5 dồng", VI, 0, FL_ERR_SYNTAX, 3,
         "amount \"5 dồng\": \"dồng\" is not a scale or currency word"},
        {"abc", VI, 0, FL_ERR_SYNTAX, 1, "amount \"abc\" does not start with a digit"},
        {"-abc", VI, 0, FL_ERR_SYNTAX, 2, "amount \"-abc\" does not start with a digit"},
        {"$5", VI, 0, FL_ERR_SYNTAX, 1, "amount \"$5\" does not start with a digit"},
        {"tỷ", VI, 0, FL_ERR_SYNTAX, 1, "amount \"tỷ\" has no number before \"tỷ\""},
        {"5)", VI, 0, FL_ERR_SYNTAX, 2,
         "amount \"5\" is followed by \")\", which is not part of an amount"},
        {"5 tỷ 300 triệu", VI, 0, FL_ERR_SYNTAX, 6,
         "amount \"5 tỷ\" is followed by \"300\", which is not part of an amount"},
        {"\xFF", VI, 0, FL_ERR_SYNTAX, 1,
         "amount \"\" does not start with a digit: byte 0xFF is not UTF-8 text"},
        {"5 \xFF", VI, 0, FL_ERR_SYNTAX, 3,
         "amount \"5\" is followed by byte 0xFF, which is not UTF-8 text"},
    };
    (void)state;
    CHECK_REFUSES(cases);
}

static void test_amount__rejects_nan_and_infinity(void **state)
{
    static const refuse_case cases[] = {
        {"NaN", VI, 0, FL_ERR_SYNTAX, 1,
         "amount \"NaN\" is not a number: only finite decimal figures are read"},
        {"nan", EN, 0, FL_ERR_SYNTAX, 1,
         "amount \"nan\" is not a number: only finite decimal figures are read"},
        {"sNaN", VI, 0, FL_ERR_SYNTAX, 1,
         "amount \"sNaN\" is not a number: only finite decimal figures are read"},
        {"inf", VI, 0, FL_ERR_SYNTAX, 1,
         "amount \"inf\" is not a number: only finite decimal figures are read"},
        {"-INF", VI, 0, FL_ERR_SYNTAX, 2,
         "amount \"-INF\" is not a number: only finite decimal figures are read"},
        {"Infinity", EN, 0, FL_ERR_SYNTAX, 1,
         "amount \"Infinity\" is not a number: only finite decimal figures are read"},
        {" -infinity ", VI, 0, FL_ERR_SYNTAX, 3,
         "amount \"-infinity\" is not a number: only finite decimal figures are read"},
    };
    (void)state;
    CHECK_REFUSES(cases);
}

static void test_amount__rejects_exponents_unless_allowed(void **state)
{
    static const refuse_case cases[] = {
        {"1E5", VI, 0, FL_ERR_SYNTAX, 2,
         "amount \"1E5\" has an exponent, and exponents are not allowed here"},
        {"1,5e-3", VI, 0, FL_ERR_SYNTAX, 4,
         "amount \"1,5e-3\" has an exponent, and exponents are not allowed here"},
        {"1E999999", VI, EXPONENT, FL_ERR_RANGE, 2,
         "amount \"1E999999\" has an exponent beyond ±100000"},
        {"1E100000 tỷ", VI, EXPONENT, FL_ERR_RANGE, 1,
         "amount \"1E100000 tỷ\" is out of range: its exponent would be 100009"},
        {"1E+", VI, EXPONENT, FL_ERR_SYNTAX, 2,
         "amount \"1E\" has letters after the number: \"E\" is not a scale or currency word"},
    };
    (void)state;
    CHECK_REFUSES(cases);
}

static void test_amount__rejects_more_than_sixty_digits(void **state)
{
    static const refuse_case cases[] = {
        {"1234567890123456789012345678901234567890123456789012345678901", VI, 0, FL_ERR_RANGE, 61,
         "amount \"1234567890123456789012345678901234567890...\" has more than 60 digits"},
        {"0,000000000000000000000000000000000000000000000000000000000001", VI, 0, FL_ERR_RANGE, 62,
         "amount \"0,00000000000000000000000000000000000000...\" has more than 60 digits"},
    };
    (void)state;
    CHECK_REFUSES(cases);
}

static void test_amount__rejects_spaces_inside_the_number(void **state)
{
    static const refuse_case cases[] = {
        {"1 000", VI, 0, FL_ERR_SYNTAX, 2,
         "amount \"1 000\" has a space inside the number; write it without spaces or group "
         "thousands with \".\" in the vi convention"},
        {"1\xC2\xA0"
         "000",
         VI, 0, FL_ERR_SYNTAX, 2,
         "amount \"1\xC2\xA0"
         "000\" has a space inside the number; write it without spaces or group thousands "
         "with \".\" in the vi convention"},
        {"1\xE2\x80\xAF"
         "000,5",
         EN, 0, FL_ERR_SYNTAX, 2,
         "amount \"1\xE2\x80\xAF"
         "000,5\" has a space inside the number; write it without spaces or group thousands "
         "with \",\" in the en convention"},
    };
    (void)state;
    CHECK_REFUSES(cases);
}

static void test_amount__rejects_misplaced_marks_and_separators(void **state)
{
    static const refuse_case cases[] = {
        {",5", VI, 0, FL_ERR_SYNTAX, 1,
         "amount \",5\" starts with the decimal mark \",\"; write a 0 before it"},
        {".5", EN, 0, FL_ERR_SYNTAX, 1,
         "amount \".5\" starts with the decimal mark \".\"; write a 0 before it"},
        {"-,5", VI, 0, FL_ERR_SYNTAX, 2,
         "amount \"-,5\" starts with the decimal mark \",\"; write a 0 before it"},
        {"5,", VI, 0, FL_ERR_SYNTAX, 2,
         "amount \"5,\" ends with the decimal mark \",\"; write digits after it or leave it out"},
        {"5. ", EN, 0, FL_ERR_SYNTAX, 2,
         "amount \"5.\" ends with the decimal mark \".\"; write digits after it or leave it out"},
        {"5, tỷ", VI, 0, FL_ERR_SYNTAX, 2,
         "amount \"5,\" ends with the decimal mark \",\"; write digits after it or leave it out"},
        {".500", VI, 0, FL_ERR_SYNTAX, 1,
         "amount \".500\" starts with \".\", which groups thousands in the vi convention (the "
         "decimal mark is \",\")"},
        {",500", EN, 0, FL_ERR_SYNTAX, 1,
         "amount \",500\" starts with \",\", which groups thousands in the en convention (the "
         "decimal mark is \".\")"},
        {"1.", VI, 0, FL_ERR_SYNTAX, 2, "amount \"1.\" ends with the group separator \".\""},
        {"1.000.", VI, 0, FL_ERR_SYNTAX, 6,
         "amount \"1.000.\" ends with the group separator \".\""},
        {"1,000,", EN, 0, FL_ERR_SYNTAX, 6,
         "amount \"1,000,\" ends with the group separator \",\""},
    };
    (void)state;
    CHECK_REFUSES(cases);
}

static void test_amount__rejects_repeated_or_misordered_words(void **state)
{
    static const refuse_case cases[] = {
        {"5 tỷ tỷ", VI, 0, FL_ERR_SYNTAX, 6,
         "amount \"5 tỷ tỷ\" names a scale twice (\"tỷ\", then \"tỷ\"); only \"nghìn tỷ\" "
         "combines two scale words"},
        {"5 triệu tỷ", VI, 0, FL_ERR_SYNTAX, 9,
         "amount \"5 triệu tỷ\" names a scale twice (\"triệu\", then \"tỷ\"); only \"nghìn tỷ\" "
         "combines two scale words"},
        {"5 tỷ nghìn", VI, 0, FL_ERR_SYNTAX, 6,
         "amount \"5 tỷ nghìn\" names a scale twice (\"tỷ\", then \"nghìn\"); only \"nghìn tỷ\" "
         "combines two scale words"},
        {"5 nghìn tỷ tỷ", VI, 0, FL_ERR_SYNTAX, 12,
         "amount \"5 nghìn tỷ tỷ\" names a scale twice (\"tỷ\", then \"tỷ\"); only \"nghìn tỷ\" "
         "combines two scale words"},
        {"5 thousand billion", EN, 0, FL_ERR_SYNTAX, 12,
         "amount \"5 thousand billion\" names a scale twice (\"thousand\", then \"billion\"); only "
         "\"nghìn tỷ\" combines two scale words"},
        {"5 đồng VND", VI, 0, FL_ERR_SYNTAX, 8,
         "amount \"5 đồng VND\" names the currency twice (\"đồng\", then \"VND\")"},
        {"5 đ đ", VI, 0, FL_ERR_SYNTAX, 5,
         "amount \"5 đ đ\" names the currency twice (\"đ\", then \"đ\")"},
        {"5 đồng tỷ", VI, 0, FL_ERR_SYNTAX, 8,
         "amount \"5 đồng tỷ\": the scale word \"tỷ\" must come before the currency word \"đồng\""},
        {"5 billion", VI, 0, FL_ERR_SYNTAX, 3,
         "amount \"5 billion\": \"billion\" is an English word; write \"tỷ\" or read the amount "
         "in the en convention"},
        {"5 trillion", VI, 0, FL_ERR_SYNTAX, 3,
         "amount \"5 trillion\": \"trillion\" is an English word; write \"nghìn tỷ\" or read the "
         "amount in the en convention"},
    };
    (void)state;
    CHECK_REFUSES(cases);
}

static void test_amount__rejects_percent_with_words_or_when_not_allowed(void **state)
{
    static const refuse_case cases[] = {
        {"5 tỷ %", VI, 0, FL_ERR_SYNTAX, 6,
         "amount \"5 tỷ %\": a percentage cannot have a scale or currency word"},
        {"5 đồng%", VI, 0, FL_ERR_SYNTAX, 7,
         "amount \"5 đồng%\": a percentage cannot have a scale or currency word"},
        {"5 % tỷ", VI, 0, FL_ERR_SYNTAX, 5,
         "amount \"5 % tỷ\": a percentage cannot have a scale or currency word"},
        {"5%%", VI, 0, FL_ERR_SYNTAX, 3,
         "amount \"5%\" is followed by \"%\", which is not part of an amount"},
        {"5%", VI, NO_PERCENT, FL_ERR_SYNTAX, 2,
         "amount \"5%\" is a percentage, and percentages are not allowed here"},
        {"5 tỷ", VI, NO_SCALE, FL_ERR_SYNTAX, 3,
         "amount \"5 tỷ\" has a scale word, and scale and currency words are not allowed here"},
        {"5 đồng", VI, NO_SCALE, FL_ERR_SYNTAX, 3,
         "amount \"5 đồng\" has a currency word, and scale and currency words are not allowed "
         "here"},
    };
    (void)state;
    CHECK_REFUSES(cases);
}

static void test_amount__counts_columns_in_characters(void **state)
{
    static const refuse_case cases[] = {
        /* "đ" and "ồ" are two and three bytes but one column each. */
        {"  5 đồng đồng", VI, 0, FL_ERR_SYNTAX, 10,
         "amount \"5 đồng đồng\" names the currency twice (\"đồng\", then \"đồng\")"},
        {"\xC2\xA0"
         "1,5,3",
         VI, 0, FL_ERR_SYNTAX, 5,
         "amount \"1,5,3\" has two decimal marks (\",\" is the decimal mark in the vi convention)"},
    };
    (void)state;
    CHECK_REFUSES(cases);
}

static void test_amount__sets_the_source_line(void **state)
{
    fl_amount a;
    fl_error err;

    (void)state;
    fl_amount_init(&a);
    fl_error_clear(&err);
    assert_int_equal(fl_amount_parse(&a, "1,5,3 tỷ", strlen("1,5,3 tỷ"), NULL, &err),
                     FL_ERR_SYNTAX);
    assert_string_equal(err.source_line, "1,5,3 tỷ");
    fl_amount_clear(&a);
}

static void test_amount__reads_only_the_given_length(void **state)
{
    fl_amount a;
    char *text;

    (void)state;
    fl_amount_init(&a);
    assert_int_equal(fl_amount_parse(&a, "1.908 tỷ", 5, NULL, NULL), FL_OK);
    text = fl_dec_to_string(a.value);
    assert_string_equal(text, "1908");
    free(text);
    assert_int_equal(fl_amount_parse(&a, "1.9", 2, NULL, NULL), FL_ERR_SYNTAX);
    assert_int_equal(fl_amount_parse(&a, NULL, 0, NULL, NULL), FL_ERR_SYNTAX);
    assert_int_equal(fl_amount_parse(NULL, "1", 1, NULL, NULL), FL_ERR_INVALID_ARGUMENT);
    fl_amount_clear(&a);
}

static void test_amount__refuses_bad_arguments(void **state)
{
    fl_amount_options bad = FL_AMOUNT_OPTIONS_INIT;
    size_t consumed = 0;
    fl_amount a;

    (void)state;
    fl_amount_init(&a);
    bad.locale = (fl_locale)9;
    assert_int_equal(fl_amount_parse(&a, "1", 1, &bad, NULL), FL_ERR_INVALID_ARGUMENT);
    assert_int_equal(fl_amount_scan(&a, &consumed, "1", 1, &bad, NULL), FL_ERR_INVALID_ARGUMENT);
    assert_int_equal(fl_amount_scan(&a, NULL, "1", 1, NULL, NULL), FL_ERR_INVALID_ARGUMENT);
    fl_amount_clear(&a);
}

/* --- scanning, as a tokeniser does -------------------------------------------------------------
 */

typedef struct scan_case {
    const char *text;
    fl_locale locale;
    size_t consumed;
    const char *value;
    bool percent;
} scan_case;

static void test_amount__scan_stops_before_what_is_not_an_amount(void **state)
{
    static const scan_case cases[] = {
        {"2 x 3", VI, 1, "2", false},
        {"6x7", VI, 1, "6", false},
        {"6X(7)", VI, 1, "6", false},
        {"2 tỷ x 3", VI, 6, "2000000000", false},
        {"72,46 % x 100", VI, 7, "72.46", true},
        {"151,8 * 172,46%", VI, 5, "151.8", false},
        {"151,463 tỷ + 1.908 tỷ", VI, 12, "151463000000", false},
        {"5   ", VI, 1, "5", false},
        {"5 tỷ   ", VI, 6, "5000000000", false},
        {"5 tỷ abc", VI, 6, "5000000000", false},
        {"16 xã", VI, 2, "16", false},
        {"5)", VI, 1, "5", false},
        {"5\xE2\x88\x92"
         "3",
         VI, 1, "5", false},
        {"5%x", VI, 2, "5", true},
        {"1,908 / 2", EN, 5, "1908", false},
        {"  1.908 + 1", VI, 7, "1908", false},
    };
    size_t i;

    (void)state;
    for (i = 0; i < COUNT(cases); i++) {
        fl_amount_options opts = options(cases[i].locale, 0);
        fl_amount a;
        fl_error err;
        size_t consumed = 0;
        fl_status status;
        char *text;

        fl_amount_init(&a);
        fl_error_clear(&err);
        status = fl_amount_scan(&a, &consumed, cases[i].text, strlen(cases[i].text), &opts, &err);
        if (status != FL_OK)
            print_error("\"%s\": %s\n", cases[i].text, err.message);
        assert_int_equal(status, FL_OK);
        if (consumed != cases[i].consumed)
            print_error("\"%s\": consumed %zu\n", cases[i].text, consumed);
        assert_int_equal(consumed, cases[i].consumed);
        text = fl_dec_to_string(a.value);
        assert_string_equal(text, cases[i].value);
        assert_int_equal(a.percent, cases[i].percent);
        free(text);
        fl_amount_clear(&a);
    }
}

static void test_amount__scan_refuses_a_malformed_number_whole(void **state)
{
    static const refuse_case cases[] = {
        {"12abc + 1", VI, 0, FL_ERR_SYNTAX, 3,
         "amount \"12abc\" has letters after the number: \"abc\" is not a scale or currency word"},
        {"1,5,3 + 2", VI, 0, FL_ERR_SYNTAX, 4,
         "amount \"1,5,3\" has two decimal marks (\",\" is the decimal mark in the vi convention)"},
        {"5 tỷx + 1", VI, 0, FL_ERR_SYNTAX, 3,
         "amount \"5 tỷx\": \"tỷx\" is not a scale or currency word"},
        {"1 000 + 1", VI, 0, FL_ERR_SYNTAX, 2,
         "amount \"1 000\" has a space inside the number; write it without spaces or group "
         "thousands with \".\" in the vi convention"},
    };
    size_t i;

    (void)state;
    for (i = 0; i < COUNT(cases); i++) {
        fl_amount_options opts = options(cases[i].locale, cases[i].flags);
        fl_amount a;
        fl_error err;
        size_t consumed = 99;

        fl_amount_init(&a);
        fl_error_clear(&err);
        assert_int_equal(
            fl_amount_scan(&a, &consumed, cases[i].text, strlen(cases[i].text), &opts, &err),
            cases[i].status);
        assert_string_equal(err.message, cases[i].message);
        assert_int_equal(err.column, cases[i].column);
        assert_int_equal(consumed, 99);
        fl_amount_clear(&a);
    }
}

/* --- names and labels --------------------------------------------------------------------- */

static void test_amount__names_locales_and_scales(void **state)
{
    static const fl_scale all[] = {FL_SCALE_DONG, FL_SCALE_NGHIN, FL_SCALE_TRIEU, FL_SCALE_TY,
                                   FL_SCALE_NGHIN_TY};
    static const char *const names[] = {"dong", "nghin", "trieu", "ty", "nghin-ty"};
    static const char *const labels_vi[] = {"đồng", "nghìn đồng", "triệu đồng", "tỷ đồng",
                                            "nghìn tỷ đồng"};
    static const char *const labels_en[] = {"VND", "thousand VND", "million VND", "billion VND",
                                            "trillion VND"};
    fl_locale locale = FL_LOCALE_EN;
    fl_scale scale = FL_SCALE_DONG;
    size_t i;

    (void)state;
    assert_string_equal(fl_locale_name(FL_LOCALE_VI), "vi");
    assert_string_equal(fl_locale_name(FL_LOCALE_EN), "en");
    assert_int_equal(fl_locale_from_name(&locale, "vi"), FL_OK);
    assert_int_equal(locale, FL_LOCALE_VI);
    assert_int_equal(fl_locale_from_name(&locale, "en"), FL_OK);
    assert_int_equal(locale, FL_LOCALE_EN);
    assert_int_equal(fl_locale_from_name(&locale, "fr"), FL_ERR_SYNTAX);
    assert_int_equal(fl_locale_from_name(&locale, "VI"), FL_ERR_SYNTAX);
    assert_int_equal(locale, FL_LOCALE_EN);
    for (i = 0; i < COUNT(all); i++) {
        assert_string_equal(fl_scale_name(all[i]), names[i]);
        assert_int_equal(fl_scale_from_name(&scale, names[i]), FL_OK);
        assert_int_equal(scale, all[i]);
        assert_string_equal(fl_scale_label(all[i], FL_LOCALE_VI), labels_vi[i]);
        assert_string_equal(fl_scale_label(all[i], FL_LOCALE_EN), labels_en[i]);
    }
    assert_int_equal(fl_scale_from_name(&scale, "tỷ"), FL_ERR_SYNTAX);
    assert_int_equal(fl_scale_from_name(&scale, ""), FL_ERR_SYNTAX);
}

/* --- formatting ------------------------------------------------------------------------- */

typedef struct format_case {
    const char *value; /* canonical text, read with fl_dec_set_str */
    fl_locale locale;
    bool grouping;
    fl_scale scale;
    bool scale_word;
    long places;
    fl_rounding rounding;
    bool plain;
    const char *expected;
    bool inexact;
} format_case;

static void check_format(const format_case *c)
{
    fl_format_options opts = FL_FORMAT_OPTIONS_INIT;
    bool inexact = !c->inexact;
    char *text = NULL;
    fl_status status;
    fl_dec v;

    fl_dec_init(v);
    assert_int_equal(fl_dec_set_str(v, c->value, strlen(c->value), NULL), FL_OK);
    opts.locale = c->locale;
    opts.grouping = c->grouping;
    opts.scale = c->scale;
    opts.scale_word = c->scale_word;
    opts.places = c->places;
    opts.rounding = c->rounding;
    opts.plain = c->plain;
    status = fl_amount_format(&text, v, &opts, &inexact);
    assert_int_equal(status, FL_OK);
    if (strcmp(text, c->expected) != 0 || inexact != c->inexact)
        print_error("%s: got \"%s\" (inexact %d), want \"%s\"\n", c->value, text, inexact,
                    c->expected);
    assert_string_equal(text, c->expected);
    assert_int_equal(inexact, c->inexact);
    free(text);
    fl_dec_clear(v);
}

#define G true
#define NO_G false
#define HALF_UP FL_ROUND_HALF_UP
#define DONG FL_SCALE_DONG
#define TY FL_SCALE_TY

static void test_amount__formats_with_locale_separators(void **state)
{
    static const format_case cases[] = {
        {"1908", VI, G, DONG, false, -1, HALF_UP, false, "1.908", false},
        {"1908", EN, G, DONG, false, -1, HALF_UP, false, "1,908", false},
        {"151.463", VI, G, DONG, false, -1, HALF_UP, false, "151,463", false},
        {"151.463", EN, G, DONG, false, -1, HALF_UP, false, "151.463", false},
        {"4116.6", VI, G, DONG, false, -1, HALF_UP, false, "4.116,6", false},
        {"4116.6", EN, G, DONG, false, -1, HALF_UP, false, "4,116.6", false},
        {"1250000000", VI, G, DONG, false, -1, HALF_UP, false, "1.250.000.000", false},
        {"1250000000", EN, G, DONG, false, -1, HALF_UP, false, "1,250,000,000", false},
        {"-1908", VI, G, DONG, false, -1, HALF_UP, false, "-1.908", false},
        {"-1234567.891", EN, G, DONG, false, -1, HALF_UP, false, "-1,234,567.891", false},
        {"999", VI, G, DONG, false, -1, HALF_UP, false, "999", false},
        {"100000", VI, G, DONG, false, -1, HALF_UP, false, "100.000", false},
        {"0", VI, G, DONG, false, -1, HALF_UP, false, "0", false},
        {"0.5", VI, G, DONG, false, -1, HALF_UP, false, "0,5", false},
        {"-0.25", VI, G, DONG, false, -1, HALF_UP, false, "-0,25", false},
        {"1.50", VI, G, DONG, false, -1, HALF_UP, false, "1,5", false},
        {"1000.000", VI, G, DONG, false, -1, HALF_UP, false, "1.000", false},
        {"1250000000", VI, NO_G, DONG, false, -1, HALF_UP, false, "1250000000", false},
        {"4116.6", VI, NO_G, DONG, false, -1, HALF_UP, false, "4116,6", false},
        {"0.0001234567", VI, G, DONG, false, -1, HALF_UP, false, "0,0001234567", false},
    };
    size_t i;

    (void)state;
    for (i = 0; i < COUNT(cases); i++)
        check_format(&cases[i]);
}

static void test_amount__formats_at_a_scale(void **state)
{
    static const format_case cases[] = {
        {"151463000000", VI, G, TY, false, -1, HALF_UP, false, "151,463", false},
        {"151463000000", VI, G, TY, true, -1, HALF_UP, false, "151,463 tỷ", false},
        {"151463000000", EN, G, TY, true, -1, HALF_UP, false, "151.463 billion", false},
        {"1908000000000", VI, G, TY, true, -1, HALF_UP, false, "1.908 tỷ", false},
        {"1908000000000", VI, G, FL_SCALE_NGHIN_TY, true, -1, HALF_UP, false, "1,908 nghìn tỷ",
         false},
        {"1908000000000", EN, G, FL_SCALE_NGHIN_TY, true, -1, HALF_UP, false, "1.908 trillion",
         false},
        {"250000000", VI, G, FL_SCALE_TRIEU, true, -1, HALF_UP, false, "250 triệu", false},
        {"250000000", EN, G, FL_SCALE_TRIEU, true, -1, HALF_UP, false, "250 million", false},
        {"5000", VI, G, FL_SCALE_NGHIN, true, -1, HALF_UP, false, "5 nghìn", false},
        {"5000", EN, G, FL_SCALE_NGHIN, true, -1, HALF_UP, false, "5 thousand", false},
        {"5000", VI, G, DONG, true, -1, HALF_UP, false, "5.000", false},
        {"1", VI, G, TY, true, -1, HALF_UP, false, "0,000000001 tỷ", false},
        {"-261800000000", VI, G, TY, true, -1, HALF_UP, false, "-261,8 tỷ", false},
    };
    size_t i;

    (void)state;
    for (i = 0; i < COUNT(cases); i++)
        check_format(&cases[i]);
}

static void test_amount__formats_with_places_and_rounding(void **state)
{
    static const format_case cases[] = {
        {"151463000000", VI, G, TY, false, 3, HALF_UP, false, "151,463", false},
        {"151463000000", VI, G, TY, false, 5, HALF_UP, false, "151,46300", false},
        {"151463000000", VI, G, TY, false, 2, HALF_UP, false, "151,46", true},
        {"151463500000", VI, G, TY, false, 3, HALF_UP, false, "151,464", true},
        {"151463500000", VI, G, TY, false, 3, FL_ROUND_HALF_DOWN, false, "151,463", true},
        {"151463500000", VI, G, TY, false, 3, FL_ROUND_HALF_EVEN, false, "151,464", true},
        {"151462500000", VI, G, TY, false, 3, FL_ROUND_HALF_EVEN, false, "151,462", true},
        {"151463500000", VI, G, TY, false, 3, FL_ROUND_DOWN, false, "151,463", true},
        {"151463000001", VI, G, TY, false, 3, FL_ROUND_UP, false, "151,464", true},
        {"-2.5", VI, G, DONG, false, 0, HALF_UP, false, "-3", true},
        {"-2.5", VI, G, DONG, false, 0, FL_ROUND_HALF_EVEN, false, "-2", true},
        {"-2.5", VI, G, DONG, false, 0, FL_ROUND_CEILING, false, "-2", true},
        {"-2.5", VI, G, DONG, false, 0, FL_ROUND_FLOOR, false, "-3", true},
        {"-0.4", VI, G, DONG, false, 0, HALF_UP, false, "0", true},
        {"1.005", VI, G, DONG, false, 2, HALF_UP, false, "1,01", true},
        {"999999.5", VI, G, DONG, false, 0, HALF_UP, false, "1.000.000", true},
        {"1908", VI, G, DONG, false, 2, HALF_UP, false, "1.908,00", false},
        {"1908", EN, G, DONG, false, 2, FL_ROUND_EXACT, false, "1,908.00", false},
        {"261794280000", VI, G, TY, true, 1, HALF_UP, false, "261,8 tỷ", true},
    };
    size_t i;

    (void)state;
    for (i = 0; i < COUNT(cases); i++)
        check_format(&cases[i]);
}

static void test_amount__formats_plain_for_machines(void **state)
{
    static const format_case cases[] = {
        {"1908", VI, G, DONG, false, -1, HALF_UP, true, "1908", false},
        {"-1234567.891", VI, G, DONG, true, -1, HALF_UP, true, "-1234567.891", false},
        {"151463000000", VI, G, TY, true, -1, HALF_UP, true, "151.463", false},
        {"151463000000", EN, G, TY, true, 2, HALF_UP, true, "151.46", true},
        {"1908", VI, G, DONG, false, 2, HALF_UP, true, "1908.00", false},
        {"1.50", VI, G, DONG, false, -1, HALF_UP, true, "1.5", false},
        {"1500", VI, G, DONG, false, -1, HALF_UP, true, "1500", false},
    };
    size_t i;

    (void)state;
    for (i = 0; i < COUNT(cases); i++)
        check_format(&cases[i]);
}

static void test_amount__format_refuses_to_round_when_exact_is_asked(void **state)
{
    fl_format_options opts = FL_FORMAT_OPTIONS_INIT;
    static char untouched[] = "untouched";
    char *text = untouched;
    fl_dec v;

    (void)state;
    fl_dec_init(v);
    assert_int_equal(fl_dec_set_str(v, "151463500000", 12, NULL), FL_OK);
    opts.scale = FL_SCALE_TY;
    opts.places = 3;
    opts.rounding = FL_ROUND_EXACT;
    assert_int_equal(fl_amount_format(&text, v, &opts, NULL), FL_ERR_INEXACT);
    assert_string_equal(text, "untouched");
    opts.places = 4;
    assert_int_equal(fl_amount_format(&text, v, &opts, NULL), FL_OK);
    assert_string_equal(text, "151,4635");
    free(text);
    fl_dec_clear(v);
}

static void test_amount__format_refuses_bad_options(void **state)
{
    fl_format_options opts = FL_FORMAT_OPTIONS_INIT;
    char *text = NULL;
    fl_dec v;

    (void)state;
    fl_dec_init(v);
    opts.places = -2;
    assert_int_equal(fl_amount_format(&text, v, &opts, NULL), FL_ERR_INVALID_ARGUMENT);
    opts.places = -1;
    opts.scale = (fl_scale)4;
    assert_int_equal(fl_amount_format(&text, v, &opts, NULL), FL_ERR_INVALID_ARGUMENT);
    opts.scale = FL_SCALE_DONG;
    opts.rounding = FL_ROUNDING_COUNT_;
    assert_int_equal(fl_amount_format(&text, v, &opts, NULL), FL_ERR_INVALID_ARGUMENT);
    opts.rounding = FL_ROUND_HALF_UP;
    opts.locale = (fl_locale)7;
    assert_int_equal(fl_amount_format(&text, v, &opts, NULL), FL_ERR_INVALID_ARGUMENT);
    assert_null(text);
    assert_int_equal(fl_amount_format(&text, v, NULL, NULL), FL_OK);
    assert_string_equal(text, "0");
    free(text);
    fl_dec_clear(v);
}

static void test_amount__formats_long_numbers(void **state)
{
    fl_format_options opts = FL_FORMAT_OPTIONS_INIT;
    char *text = NULL;
    char expected[200];
    size_t i, n = 0;
    fl_dec v;

    (void)state;
    fl_dec_init(v);
    fl_dec_set_si(v, 1);
    assert_int_equal(fl_dec_mul_pow10(v, v, 90), FL_OK);
    expected[n++] = '1';
    for (i = 0; i < 30; i++) {
        memcpy(expected + n, ".000", 4);
        n += 4;
    }
    expected[n] = '\0';
    assert_int_equal(fl_amount_format(&text, v, &opts, NULL), FL_OK);
    assert_string_equal(text, expected);
    free(text);
    fl_dec_clear(v);
}

/* --- round trips --------------------------------------------------------------------------- */

/* A small deterministic generator, so a failure can be reproduced. */
static uint64_t next_random(uint64_t *seed)
{
    *seed = *seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return *seed >> 33;
}

/* v = a random value: up to 30 digits, exponent -12..12, either sign. */
static void random_value(fl_dec v, uint64_t *seed)
{
    char digits[40];
    size_t count = 1 + (size_t)(next_random(seed) % 30), i, n = 0;

    if (next_random(seed) % 3 == 0)
        digits[n++] = '-';
    for (i = 0; i < count; i++)
        digits[n++] = (char)('0' + next_random(seed) % 10);
    assert_int_equal(fl_dec_set_str(v, digits, n, NULL), FL_OK);
    assert_int_equal(fl_dec_mul_pow10(v, v, (long)(next_random(seed) % 25) - 12), FL_OK);
}

static void test_amount__round_trips_through_format_and_parse(void **state)
{
    static const fl_scale scales[] = {FL_SCALE_DONG, FL_SCALE_NGHIN, FL_SCALE_TRIEU, FL_SCALE_TY,
                                      FL_SCALE_NGHIN_TY};
    uint64_t seed = 20180101;
    fl_dec v;
    fl_amount a;
    int round;

    (void)state;
    fl_dec_init(v);
    fl_amount_init(&a);
    for (round = 0; round < 4000; round++) {
        fl_format_options format = FL_FORMAT_OPTIONS_INIT;
        fl_amount_options parse = FL_AMOUNT_OPTIONS_INIT;
        fl_error err;
        char *text = NULL;

        random_value(v, &seed);
        format.locale = parse.locale = (round & 1) ? FL_LOCALE_EN : FL_LOCALE_VI;
        format.grouping = (round & 2) == 0;
        format.scale = scales[(size_t)(round >> 2) % COUNT(scales)];
        format.scale_word = true;
        assert_int_equal(fl_amount_format(&text, v, &format, NULL), FL_OK);
        fl_error_clear(&err);
        if (fl_amount_parse(&a, text, strlen(text), &parse, &err) != FL_OK)
            print_error("\"%s\" (%s): %s\n", text, fl_locale_name(parse.locale), err.message);
        assert_int_equal(fl_amount_parse(&a, text, strlen(text), &parse, &err), FL_OK);
        if (fl_dec_cmp(a.value, v) != 0)
            print_error("\"%s\" did not read back\n", text);
        assert_int_equal(fl_dec_cmp(a.value, v), 0);
        assert_int_equal(a.scale, format.scale);
        free(text);

        /* The plain form (here unscaled) reads back with fl_dec_set_str. */
        format.plain = true;
        format.scale = FL_SCALE_DONG;
        assert_int_equal(fl_amount_format(&text, v, &format, NULL), FL_OK);
        assert_int_equal(fl_dec_set_str(a.value, text, strlen(text), NULL), FL_OK);
        assert_int_equal(fl_dec_cmp(a.value, v), 0);
        free(text);
    }
    fl_amount_clear(&a);
    fl_dec_clear(v);
}

/* A figure rounded to its written precision reads back as what was written (quantum). */
static void test_amount__quantum_reproduces_the_written_figure(void **state)
{
    static const struct {
        const char *written;
        const char *exact;
    } cases[] = {
        {"151,463 tỷ", "151463212345"},
        {"261,8 tỷ", "261794280000"},
        {"1.908 tỷ", "1907500000000"},
        {"4.116,6", "4116.55"},
    };
    size_t i;

    (void)state;
    for (i = 0; i < COUNT(cases); i++) {
        fl_amount a;
        fl_dec exact;

        fl_amount_init(&a);
        fl_dec_init(exact);
        assert_int_equal(
            fl_amount_parse(&a, cases[i].written, strlen(cases[i].written), NULL, NULL), FL_OK);
        assert_int_equal(fl_dec_set_str(exact, cases[i].exact, strlen(cases[i].exact), NULL),
                         FL_OK);
        assert_int_equal(fl_dec_round(exact, exact, -a.quantum, FL_ROUND_HALF_UP, NULL), FL_OK);
        assert_int_equal(fl_dec_cmp(exact, a.value), 0);
        fl_dec_clear(exact);
        fl_amount_clear(&a);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_amount__reads_vietnamese_convention),
        cmocka_unit_test(test_amount__reads_english_convention),
        cmocka_unit_test(test_amount__reads_signs_and_spaces),
        cmocka_unit_test(test_amount__reads_scale_and_currency_words),
        cmocka_unit_test(test_amount__reads_words_in_any_case_with_or_without_diacritics),
        cmocka_unit_test(test_amount__reads_percentages),
        cmocka_unit_test(test_amount__reads_exponents_only_when_allowed),
        cmocka_unit_test(test_amount__reads_sixty_digits),
        cmocka_unit_test(test_amount__rejects_two_decimal_marks),
        cmocka_unit_test(test_amount__rejects_misplaced_grouping),
        cmocka_unit_test(test_amount__rejects_a_grouped_number_starting_with_zero),
        cmocka_unit_test(test_amount__rejects_mixed_conventions),
        cmocka_unit_test(test_amount__rejects_empty_and_bare_signs),
        cmocka_unit_test(test_amount__rejects_letters),
        cmocka_unit_test(test_amount__rejects_nan_and_infinity),
        cmocka_unit_test(test_amount__rejects_exponents_unless_allowed),
        cmocka_unit_test(test_amount__rejects_more_than_sixty_digits),
        cmocka_unit_test(test_amount__rejects_spaces_inside_the_number),
        cmocka_unit_test(test_amount__rejects_misplaced_marks_and_separators),
        cmocka_unit_test(test_amount__rejects_repeated_or_misordered_words),
        cmocka_unit_test(test_amount__rejects_percent_with_words_or_when_not_allowed),
        cmocka_unit_test(test_amount__counts_columns_in_characters),
        cmocka_unit_test(test_amount__sets_the_source_line),
        cmocka_unit_test(test_amount__reads_only_the_given_length),
        cmocka_unit_test(test_amount__refuses_bad_arguments),
        cmocka_unit_test(test_amount__scan_stops_before_what_is_not_an_amount),
        cmocka_unit_test(test_amount__scan_refuses_a_malformed_number_whole),
        cmocka_unit_test(test_amount__names_locales_and_scales),
        cmocka_unit_test(test_amount__formats_with_locale_separators),
        cmocka_unit_test(test_amount__formats_at_a_scale),
        cmocka_unit_test(test_amount__formats_with_places_and_rounding),
        cmocka_unit_test(test_amount__formats_plain_for_machines),
        cmocka_unit_test(test_amount__format_refuses_to_round_when_exact_is_asked),
        cmocka_unit_test(test_amount__format_refuses_bad_options),
        cmocka_unit_test(test_amount__formats_long_numbers),
        cmocka_unit_test(test_amount__round_trips_through_format_and_parse),
        cmocka_unit_test(test_amount__quantum_reproduces_the_written_figure),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
