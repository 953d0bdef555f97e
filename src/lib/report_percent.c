/*
 * report_percent.c - percentages of the report (fundledger/report.h):
 * shares that add up to exactly 100, and actual against the estimate.
 *
 * Shares (fl_shares_largest_remainder) are computed on integers only:
 * with the parts brought to one exponent,
 * part i's share in units of 10^-places percent is the rational
 * part_i * 100 * 10^places / total.  Its floor and remainder come from one
 * mpz division, and remainders of different parts are compared exactly
 * because they share the denominator `total`.
 */
#include "fundledger/report.h"

#include <stdlib.h>

#include "error.h"

/* A share's rank while handing out the units that flooring left over. */
typedef struct share_rank {
    mpz_srcptr remainder;
    size_t index;
} share_rank;

/* Largest remainder first; equal remainders in the order of the parts (tree order). */
static int compare_ranks(const void *a, const void *b)
{
    const share_rank *x = a;
    const share_rank *y = b;
    int c = mpz_cmp(y->remainder, x->remainder);

    if (c != 0)
        return c;
    return (x->index > y->index) - (x->index < y->index);
}

fl_status fl_shares_largest_remainder(fl_dec *out_shares, const fl_dec *parts, size_t n,
                                      long places)
{
    fl_status status = FL_OK;
    mpz_t *scaled = NULL; /* part i at the common exponent, times 100 x 10^places */
    mpz_t *remainders = NULL;
    share_rank *ranks = NULL;
    mpz_t total, whole, missing, pow10;
    long min_exponent = 0;
    size_t i, initialised = 0;

    if (n == 0)
        return FL_OK;
    if (!out_shares || !parts || places < 0 || places > FL_DEC_MAX_PARSE_DIGITS)
        return FL_ERR_INVALID_ARGUMENT;
    for (i = 0; i < n; i++) {
        if (fl_dec_sign(parts[i]) < 0)
            return FL_ERR_INVALID_ARGUMENT;
        if (i == 0 || parts[i]->exponent < min_exponent)
            min_exponent = parts[i]->exponent;
    }
    for (i = 0; i < n; i++)
        if (parts[i]->exponent - min_exponent > FL_DEC_MAX_EXPONENT)
            return FL_ERR_RANGE;

    scaled = malloc(n * sizeof *scaled);
    remainders = malloc(n * sizeof *remainders);
    ranks = malloc(n * sizeof *ranks);
    mpz_inits(total, whole, missing, pow10, NULL);
    if (!scaled || !remainders || !ranks) {
        status = FL_ERR_NOMEM;
        goto done;
    }
    for (; initialised < n; initialised++) {
        mpz_init(scaled[initialised]);
        mpz_init(remainders[initialised]);
    }

    /* Align every part to the smallest exponent and sum: the ratios stay exact. */
    for (i = 0; i < n; i++) {
        mpz_ui_pow_ui(pow10, 10, (unsigned long)(parts[i]->exponent - min_exponent));
        mpz_mul(scaled[i], parts[i]->coefficient, pow10);
        mpz_add(total, total, scaled[i]);
    }
    if (mpz_sgn(total) == 0) {
        status = FL_ERR_DIVISION_BY_ZERO;
        goto done;
    }

    /* whole = 100 x 10^places: the number of last-place units the shares must add up to. */
    mpz_ui_pow_ui(pow10, 10, (unsigned long)places);
    mpz_mul_ui(whole, pow10, 100);
    mpz_set(missing, whole);
    for (i = 0; i < n; i++) {
        mpz_mul(scaled[i], scaled[i], whole);
        mpz_fdiv_qr(scaled[i], remainders[i], scaled[i], total);
        mpz_sub(missing, missing, scaled[i]);
        ranks[i].remainder = remainders[i];
        ranks[i].index = i;
    }

    /*
     * The remainders add up to missing x total and each is below total, so
     * fewer than n units are missing and every one goes to a part with a
     * non-zero remainder: a part whose share is exact is never bumped.
     */
    qsort(ranks, n, sizeof *ranks, compare_ranks);
    for (i = 0; i < n && mpz_sgn(missing) > 0; i++) {
        mpz_add_ui(scaled[ranks[i].index], scaled[ranks[i].index], 1);
        mpz_sub_ui(missing, missing, 1);
    }

    for (i = 0; i < n; i++) {
        status = fl_dec_set_mpz(out_shares[i], scaled[i], -places);
        if (status != FL_OK)
            goto done;
    }

done:
    for (i = 0; i < initialised; i++) {
        mpz_clear(scaled[i]);
        mpz_clear(remainders[i]);
    }
    mpz_clears(total, whole, missing, pow10, NULL);
    free(scaled);
    free(remainders);
    free(ranks);
    return status;
}

fl_status fl_percent_of_estimate(fl_dec achieved, fl_dec over, const fl_dec actual,
                                 const fl_dec estimate, long places, fl_rounding mode)
{
    fl_status status;
    fl_dec hundredfold, difference, achieved_value, over_value;

    if (fl_dec_is_zero(estimate))
        return FL_ERR_DIVISION_BY_ZERO;
    fl_dec_init(hundredfold);
    fl_dec_init(difference);
    fl_dec_init(achieved_value);
    fl_dec_init(over_value);
    /* Each percentage is rounded once from its exact rational, never from the other. */
    status = fl_dec_mul_pow10(hundredfold, actual, 2);
    if (status == FL_OK)
        status = fl_dec_div(achieved_value, hundredfold, estimate, places, mode, NULL);
    if (status == FL_OK)
        status = fl_dec_sub(difference, actual, estimate);
    if (status == FL_OK)
        status = fl_dec_mul_pow10(difference, difference, 2);
    if (status == FL_OK)
        status = fl_dec_div(over_value, difference, estimate, places, mode, NULL);
    if (status == FL_OK && achieved)
        fl_dec_set(achieved, achieved_value);
    if (status == FL_OK && over)
        fl_dec_set(over, over_value);
    fl_dec_clear(hundredfold);
    fl_dec_clear(difference);
    fl_dec_clear(achieved_value);
    fl_dec_clear(over_value);
    return status;
}
