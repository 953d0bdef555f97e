/*
 * test_fact.c - facts and their accumulators (src/lib/fact.h) against the
 * decimal module: a sum of facts must be the very fl_dec that adding the
 * amounts one by one with fl_dec_add gives (value and exponent), whether
 * the int64 holds it, overflows into GMP, or the amounts are big to begin
 * with.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fact.h"

/* A small deterministic generator (xorshift64*), so a failure can be replayed. */
static uint64_t rng_state = 0x9E3779B97F4A7C15ULL;

static uint64_t next_random(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545F4914F6CDD1DULL;
}

/* A random amount of every shape the loader can produce: small, near the int64 limit in
 * thousandths, beyond it, with exponents from -5 (finer than a thousandth) to +16. */
static void random_amount(fl_dec out)
{
    static const long exponents[] = {-5, -4, -3, -2, -1, 0, 0, 0, 0, 1, 3, 8, 12, 15, 16};
    mpz_t c;
    uint64_t r = next_random();
    long e = exponents[r % (sizeof exponents / sizeof exponents[0])];

    mpz_init(c);
    switch ((r >> 8) % 5) {
    case 0: /* đồng amounts of a commune */
        mpz_set_ui(c, (unsigned long)(next_random() % 10000000000ULL));
        break;
    case 1: /* just below and above 2^63 / 1000 thousandths */
        mpz_set_ui(c, 9223372036854775ULL - 2 + next_random() % 5);
        break;
    case 2: /* around int64's limit itself */
        mpz_set_ui(c, (unsigned long)(INT64_MAX - (int64_t)(next_random() % 3)));
        break;
    case 3: /* beyond 64 bits */
        mpz_set_ui(c, (unsigned long)next_random());
        mpz_mul_2exp(c, c, 40);
        mpz_add_ui(c, c, (unsigned long)(next_random() & 0xffffff));
        break;
    default:
        mpz_set_ui(c, (unsigned long)(next_random() % 1000));
        break;
    }
    if (next_random() % 4 == 0)
        mpz_neg(c, c);
    assert_int_equal(fl_dec_set_mpz(out, c, e), FL_OK);
    mpz_clear(c);
}

/* Same value and same representation (exponent included). */
static void assert_same_dec(const fl_dec got, const fl_dec want)
{
    char *g = fl_dec_to_string(got), *w = fl_dec_to_string(want);

    assert_non_null(g);
    assert_non_null(w);
    if (fl_dec_cmp(got, want) != 0 || got->exponent != want->exponent)
        fail_msg("sum %s (exponent %ld), expected %s (exponent %ld)", g, got->exponent, w,
                 want->exponent);
    free(g);
    free(w);
}

/* Makes facts of `n` amounts the way the ledger does, keeping big ones aside. */
typedef struct fact_set {
    fl_fact *facts;
    fl_dec_struct *bigs;
    fl_dec *amounts;
    size_t n, big_count;
} fact_set;

static void fact_set_make(fact_set *s, size_t n, void (*amount)(fl_dec, size_t))
{
    size_t i;

    s->n = n;
    s->big_count = 0;
    s->facts = calloc(n, sizeof *s->facts);
    s->bigs = calloc(n, sizeof *s->bigs);
    s->amounts = calloc(n, sizeof *s->amounts);
    assert_non_null(s->facts);
    assert_non_null(s->bigs);
    assert_non_null(s->amounts);
    for (i = 0; i < n; i++) {
        bool big;
        fl_dec_init(s->amounts[i]);
        amount(s->amounts[i], i);
        fl_fact_set_amount(&s->facts[i], s->amounts[i], &big);
        if (big) {
            fl_dec_init(&s->bigs[s->big_count]);
            fl_dec_set(&s->bigs[s->big_count], s->amounts[i]);
            s->facts[i].milli = (int64_t)s->big_count++;
        }
    }
}

static void fact_set_free(fact_set *s)
{
    size_t i;

    for (i = 0; i < s->n; i++)
        fl_dec_clear(s->amounts[i]);
    for (i = 0; i < s->big_count; i++)
        fl_dec_clear(&s->bigs[i]);
    free(s->facts);
    free(s->bigs);
    free(s->amounts);
}

/* The sum of amounts [from, to) by fl_acc_add, checked against fl_dec_add. */
static void check_sum(const fact_set *s, size_t from, size_t to)
{
    fl_acc acc = FL_ACC_INIT;
    fl_dec want, got;
    size_t i;

    fl_dec_init(want);
    fl_dec_init(got);
    for (i = from; i < to; i++) {
        assert_int_equal(fl_dec_add(want, want, s->amounts[i]), FL_OK);
        assert_int_equal(fl_acc_add(&acc, &s->facts[i], s->bigs), FL_OK);
    }
    assert_int_equal(fl_acc_value(got, &acc), FL_OK);
    assert_same_dec(got, want);
    fl_acc_clear(&acc);
    fl_dec_clear(want);
    fl_dec_clear(got);
}

static void random_at(fl_dec out, size_t i)
{
    (void)i;
    random_amount(out);
}

static void test_acc__random_sums_equal_fl_dec_add(void **state)
{
    fact_set s;
    size_t start;

    (void)state;
    fact_set_make(&s, 20000, random_at);
    assert_true(s.big_count > 0);
    assert_true(s.big_count < s.n);
    /* runs of every length, so some stay in the int64, some overflow it */
    for (start = 0; start + 200 <= s.n; start += 200)
        check_sum(&s, start, start + 1 + (start / 200) % 200);
    check_sum(&s, 0, s.n);
    fact_set_free(&s);
}

/* 9.000.000.000.000.000 đồng is 9e18 thousandths: two of them overflow an int64. */
static void nine_quadrillion(fl_dec out, size_t i)
{
    char text[32];

    snprintf(text, sizeof text, i % 3 == 2 ? "-9000000000000000.5" : "9000000000000000");
    assert_int_equal(fl_dec_set_str(out, text, strlen(text), NULL), FL_OK);
}

static void test_acc__overflow_moves_into_gmp_exactly(void **state)
{
    fact_set s;
    fl_acc acc = FL_ACC_INIT;
    fl_dec got;
    size_t i;

    (void)state;
    fact_set_make(&s, 30, nine_quadrillion);
    assert_int_equal(s.big_count, 0); /* each fits; their sums do not */
    for (i = 0; i < s.n; i++)
        assert_int_equal(fl_acc_add(&acc, &s.facts[i], s.bigs), FL_OK);
    assert_non_null(acc.big); /* the fallback was taken */
    fl_dec_init(got);
    assert_int_equal(fl_acc_value(got, &acc), FL_OK);
    {
        char *text = fl_dec_to_string(got);
        /* 20 x 9e15 - 10 x 9.000.000.000.000.000,5 */
        assert_string_equal(text, "89999999999999995.0");
        free(text);
    }
    check_sum(&s, 0, s.n);
    fl_dec_clear(got);
    fl_acc_clear(&acc);
    fact_set_free(&s);
}

static void test_fact__amount_round_trips_and_opposites(void **state)
{
    fact_set s;
    fl_dec back, negated;
    size_t i;

    (void)state;
    fact_set_make(&s, 3000, random_at);
    fl_dec_init(back);
    fl_dec_init(negated);
    for (i = 0; i < s.n; i++) {
        fl_fact minus;
        bool big;
        assert_int_equal(fl_fact_amount(back, &s.facts[i], s.bigs), FL_OK);
        assert_int_equal(fl_dec_cmp(back, s.amounts[i]), 0);
        /* the opposite of an amount is found opposite, itself only when it is zero */
        fl_dec_neg(negated, s.amounts[i]);
        fl_fact_set_amount(&minus, negated, &big);
        if (big)
            continue; /* a big amount's negation would need its own slot */
        if (s.facts[i].exponent == FL_FACT_BIG)
            continue;
        assert_true(fl_fact_opposite(&s.facts[i], &minus, s.bigs));
        assert_int_equal(fl_fact_opposite(&s.facts[i], &s.facts[i], s.bigs),
                         fl_dec_sign(s.amounts[i]) == 0);
    }
    fl_dec_clear(back);
    fl_dec_clear(negated);
    fact_set_free(&s);
}

static void test_fact__what_is_big(void **state)
{
    static const struct {
        const char *amount;
        bool big;
    } cases[] = {
        {"0", false},
        {"1.5", false},
        {"0.001", false},
        {"0.0001", true}, /* finer than a thousandth */
        {"9223372036854775.807", false},
        {"9223372036854775.808", true},
        {"-9223372036854775.807", false},
        {"-9223372036854775.808", true}, /* INT64_MIN thousandths: never negated safely */
        {"9223372036854776", true},
        {"99999999999999999999", true},
    };
    size_t i;
    fl_dec d;

    (void)state;
    fl_dec_init(d);
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        fl_fact f;
        bool big;
        assert_int_equal(fl_dec_set_str(d, cases[i].amount, strlen(cases[i].amount), NULL), FL_OK);
        fl_fact_set_amount(&f, d, &big);
        if (big != cases[i].big)
            fail_msg("%s: big is %d", cases[i].amount, big);
    }
    fl_dec_clear(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_acc__random_sums_equal_fl_dec_add),
        cmocka_unit_test(test_acc__overflow_moves_into_gmp_exactly),
        cmocka_unit_test(test_fact__amount_round_trips_and_opposites),
        cmocka_unit_test(test_fact__what_is_big),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
