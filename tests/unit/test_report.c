/*
 * test_report.c - the report module: shares that add up to 100, percentages
 * against the estimate, totals by source / unit / month, and the text, CSV
 * and JSON renderings of a small ledger.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fundledger/report.h"

/* --- helpers --------------------------------------------------------------------------- */

static void set_dec(fl_dec d, const char *text)
{
    assert_int_equal(fl_dec_set_str(d, text, strlen(text), NULL), FL_OK);
}

static void assert_dec_text(const fl_dec d, const char *expected)
{
    char buf[128];

    fl_dec_to_buffer(buf, sizeof buf, d);
    assert_string_equal(buf, expected);
}

/* Shares of the parts given as text, compared with the expected texts. */
static void check_shares(const char *const *parts, const char *const *expected, size_t n,
                         long places)
{
    fl_dec *in = calloc(n, sizeof *in);
    fl_dec *out = calloc(n, sizeof *out);
    size_t i;

    assert_non_null(in);
    assert_non_null(out);
    for (i = 0; i < n; i++) {
        fl_dec_init(in[i]);
        fl_dec_init(out[i]);
        set_dec(in[i], parts[i]);
    }
    assert_int_equal(fl_shares_largest_remainder(out, (const fl_dec *)in, n, places), FL_OK);
    for (i = 0; i < n; i++) {
        assert_dec_text(out[i], expected[i]);
        fl_dec_clear(in[i]);
        fl_dec_clear(out[i]);
    }
    free(in);
    free(out);
}

/* --- shares ---------------------------------------------------------------------------- */

static void test_shares__thirds_where_naive_rounding_gives_99_99(void **state)
{
    /* 33.33 x 3 = 99.99 when each is rounded alone; the tie goes to the first in tree order. */
    const char *parts[] = {"1", "1", "1"};
    const char *expected[] = {"33.34", "33.33", "33.33"};

    (void)state;
    check_shares(parts, expected, 3, 2);
}

static void test_shares__halves_where_naive_rounding_gives_100_01(void **state)
{
    /* 50.005 and 49.995 round half up alone to 50.01 + 50.00 = 100.01. */
    const char *parts[] = {"50005", "49995"};
    const char *expected[] = {"50.01", "49.99"};

    (void)state;
    check_shares(parts, expected, 2, 2);
}

static void test_shares__largest_remainder_wins_over_tree_order(void **state)
{
    /* 200/7 = 28.5714.., 100/7 = 14.2857.., 400/7 = 57.1428..: the floors add up to 99.99
     * and the missing unit goes to the largest remainder (0.57.. of 14.28), not the first. */
    const char *parts[] = {"2", "1", "4"};
    const char *expected[] = {"28.57", "14.29", "57.14"};

    (void)state;
    check_shares(parts, expected, 3, 2);
}

static void test_shares__exact_shares_are_kept_and_zero_gets_zero(void **state)
{
    const char *parts[] = {"151463000000", "0", "278537000000"};
    const char *expected[] = {"35.22", "0.00", "64.78"};
    const char *parts_exact[] = {"1", "3"};
    const char *expected_exact[] = {"25.00", "75.00"};

    (void)state;
    /* 151463 / 430000 = 35.2239..% and 64.7760..%: floors 35.22 + 64.77, the unit goes to 64.77. */
    check_shares(parts, expected, 3, 2);
    check_shares(parts_exact, expected_exact, 2, 2);
}

static void test_shares__places_zero_and_mixed_exponents(void **state)
{
    /* 1.5 + 150 + 0.25 = 151.75: 0.988..%, 98.846..%, 0.164..% -> 0, 98, 0 plus two units. */
    const char *parts[] = {"1.5", "150", "0.25"};
    const char *expected[] = {"1", "99", "0"};
    const char *one[] = {"7"};
    const char *hundred[] = {"100.000"};

    (void)state;
    check_shares(parts, expected, 3, 0);
    check_shares(one, hundred, 1, 3);
}

static void test_shares__refuses_negative_parts_zero_total_and_bad_places(void **state)
{
    fl_dec in[2], out[2];

    (void)state;
    fl_dec_init(in[0]);
    fl_dec_init(in[1]);
    fl_dec_init(out[0]);
    fl_dec_init(out[1]);
    set_dec(in[0], "5");
    set_dec(in[1], "-1");
    assert_int_equal(fl_shares_largest_remainder(out, (const fl_dec *)in, 2, 2),
                     FL_ERR_INVALID_ARGUMENT);
    set_dec(in[1], "0");
    assert_int_equal(fl_shares_largest_remainder(out, (const fl_dec *)in, 2, -1),
                     FL_ERR_INVALID_ARGUMENT);
    set_dec(in[0], "0");
    assert_int_equal(fl_shares_largest_remainder(out, (const fl_dec *)in, 2, 2),
                     FL_ERR_DIVISION_BY_ZERO);
    assert_int_equal(fl_shares_largest_remainder(out, (const fl_dec *)in, 0, 2), FL_OK);
    assert_true(fl_dec_is_zero(out[0]));
    fl_dec_clear(in[0]);
    fl_dec_clear(in[1]);
    fl_dec_clear(out[0]);
    fl_dec_clear(out[1]);
}

/* A small deterministic generator, so a failure can be replayed. */
static uint64_t next_random(uint64_t *seed)
{
    *seed = *seed * 6364136223846793005u + 1442695040888963407u;
    return *seed >> 33;
}

static void test_shares__always_add_up_to_exactly_100(void **state)
{
    enum { SETS = 2000, MAX_PARTS = 14 };
    uint64_t seed = 20180315u;
    fl_dec in[MAX_PARTS], out[MAX_PARTS], sum, hundred, exact, difference, unit, total;
    size_t set, i;

    (void)state;
    for (i = 0; i < MAX_PARTS; i++) {
        fl_dec_init(in[i]);
        fl_dec_init(out[i]);
    }
    fl_dec_init(sum);
    fl_dec_init(hundred);
    fl_dec_init(exact);
    fl_dec_init(difference);
    fl_dec_init(unit);
    fl_dec_init(total);
    fl_dec_set_si(hundred, 100);
    for (set = 0; set < SETS; set++) {
        size_t n = 1 + (size_t)(next_random(&seed) % MAX_PARTS);
        long places = (long)(next_random(&seed) % 5);
        bool any = false;

        fl_dec_set_si(total, 0);
        for (i = 0; i < n; i++) {
            /* Mostly large amounts, some small, some zero, some equal (ties). */
            uint64_t kind = next_random(&seed) % 8;
            int64_t v = kind == 0   ? 0
                        : kind == 1 ? 1000
                        : kind == 2 ? (int64_t)(next_random(&seed) % 10)
                                    : (int64_t)(next_random(&seed) * 7919u % 1000000000000u);
            fl_dec_set_int64(in[i], v);
            assert_int_equal(fl_dec_mul_pow10(in[i], in[i], (long)(next_random(&seed) % 4) - 2),
                             FL_OK);
            assert_int_equal(fl_dec_add(total, total, in[i]), FL_OK);
            any = any || v != 0;
        }
        if (!any) {
            assert_int_equal(fl_shares_largest_remainder(out, (const fl_dec *)in, n, places),
                             FL_ERR_DIVISION_BY_ZERO);
            continue;
        }
        assert_int_equal(fl_shares_largest_remainder(out, (const fl_dec *)in, n, places), FL_OK);
        fl_dec_set_si(sum, 0);
        fl_dec_set_si(unit, 1);
        assert_int_equal(fl_dec_mul_pow10(unit, unit, -places), FL_OK);
        for (i = 0; i < n; i++) {
            assert_int_equal(fl_dec_places(out[i]), places);
            assert_int_equal(fl_dec_add(sum, sum, out[i]), FL_OK);
            /* Each share is its exact value floored, or one unit above that floor. */
            assert_int_equal(fl_dec_mul_pow10(exact, in[i], 2), FL_OK);
            assert_int_equal(fl_dec_div(exact, exact, total, places + 12, FL_ROUND_FLOOR, NULL),
                             FL_OK);
            assert_int_equal(fl_dec_sub(difference, out[i], exact), FL_OK);
            assert_true(fl_dec_cmp(difference, unit) <= 0);
            fl_dec_neg(difference, difference);
            assert_true(fl_dec_cmp(difference, unit) < 0);
        }
        assert_int_equal(fl_dec_cmp(sum, hundred), 0);
    }
    for (i = 0; i < MAX_PARTS; i++) {
        fl_dec_clear(in[i]);
        fl_dec_clear(out[i]);
    }
    fl_dec_clear(sum);
    fl_dec_clear(hundred);
    fl_dec_clear(exact);
    fl_dec_clear(difference);
    fl_dec_clear(unit);
    fl_dec_clear(total);
}

/* --- percentages against the estimate -------------------------------------------------- */

static void check_percent(const char *actual_text, const char *estimate_text, long places,
                          const char *achieved_text, const char *over_text)
{
    fl_dec actual, estimate, achieved, over;

    fl_dec_init(actual);
    fl_dec_init(estimate);
    fl_dec_init(achieved);
    fl_dec_init(over);
    set_dec(actual, actual_text);
    set_dec(estimate, estimate_text);
    assert_int_equal(
        fl_percent_of_estimate(achieved, over, actual, estimate, places, FL_ROUND_HALF_UP), FL_OK);
    assert_dec_text(achieved, achieved_text);
    assert_dec_text(over, over_text);
    fl_dec_clear(actual);
    fl_dec_clear(estimate);
    fl_dec_clear(achieved);
    fl_dec_clear(over);
}

static void test_percent__achieved_and_over_at_2_places_half_up(void **state)
{
    (void)state;
    /* The article: 261,8 tỷ against an estimate of 151,8 tỷ: đạt 172,46%, vượt 72,46%. */
    check_percent("261800000000", "151800000000", 2, "172.46", "72.46");
    /* 1/8 = 12.5%: the tie rounds half up (away from zero). */
    check_percent("1", "8", 0, "13", "-88");
    /* 200.005% of the estimate: each is rounded once from the rational. */
    check_percent("40001", "20000", 2, "200.01", "100.01");
    /* Below the estimate "vượt" is negative: 50.005% -> đạt 50.01, vượt -49.995 -> -50.00,
     * not 50.01 - 100 = -49.99. */
    check_percent("10001", "20000", 2, "50.01", "-50.00");
}

static void test_percent__zero_estimate_is_refused(void **state)
{
    fl_dec actual, estimate, achieved;

    (void)state;
    fl_dec_init(actual);
    fl_dec_init(estimate);
    fl_dec_init(achieved);
    fl_dec_set_si(actual, 5);
    assert_int_equal(fl_percent_of_estimate(achieved, NULL, actual, estimate, 2, FL_ROUND_HALF_UP),
                     FL_ERR_DIVISION_BY_ZERO);
    fl_dec_clear(actual);
    fl_dec_clear(estimate);
    fl_dec_clear(achieved);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shares__thirds_where_naive_rounding_gives_99_99),
        cmocka_unit_test(test_shares__halves_where_naive_rounding_gives_100_01),
        cmocka_unit_test(test_shares__largest_remainder_wins_over_tree_order),
        cmocka_unit_test(test_shares__exact_shares_are_kept_and_zero_gets_zero),
        cmocka_unit_test(test_shares__places_zero_and_mixed_exponents),
        cmocka_unit_test(test_shares__refuses_negative_parts_zero_total_and_bad_places),
        cmocka_unit_test(test_shares__always_add_up_to_exactly_100),
        cmocka_unit_test(test_percent__achieved_and_over_at_2_places_half_up),
        cmocka_unit_test(test_percent__zero_estimate_is_refused),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
