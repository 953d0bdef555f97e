/* fact.c - facts and their exact accumulators (see fact.h). */
#include "fact.h"

#include <stdlib.h>

static const int64_t pow10_table[19] = {1,
                                        10,
                                        100,
                                        1000,
                                        10000,
                                        100000,
                                        1000000,
                                        10000000,
                                        100000000,
                                        1000000000,
                                        10000000000,
                                        100000000000,
                                        1000000000000,
                                        10000000000000,
                                        100000000000000,
                                        1000000000000000,
                                        10000000000000000,
                                        100000000000000000,
                                        1000000000000000000};

void fl_fact_set_amount(fl_fact *f, const fl_dec amount, bool *big_out)
{
    long e = amount->exponent;
    long coefficient;
    int64_t milli;

    *big_out = true;
    f->exponent = FL_FACT_BIG;
    if (e < -3 || e > 15 || !mpz_fits_slong_p(amount->coefficient))
        return;
    coefficient = mpz_get_si(amount->coefficient);
    if (__builtin_mul_overflow((int64_t)coefficient, pow10_table[e + 3], &milli) ||
        milli == INT64_MIN)
        return;
    f->milli = milli;
    /* a sum starts from 0E0, so a positive exponent leaves the sum's at 0 */
    f->exponent = (int8_t)(e > 0 ? 0 : e);
    *big_out = false;
}

/* Sets out to the int64 `milli` thousandths written at `exponent` (-3..0): exact,
 * because every term of such a sum was a multiple of 10^(3 + exponent). */
static fl_status set_milli(fl_dec out, int64_t milli, int exponent)
{
    int64_t coefficient = milli / pow10_table[3 + exponent];
    uint64_t magnitude =
        coefficient < 0 ? (uint64_t)0 - (uint64_t)coefficient : (uint64_t)coefficient;
    mpz_t z;
    fl_status status;

    /* from its 64 bits whatever the width of long (mpz_set_si would need a 64-bit long) */
    mpz_init(z);
    mpz_import(z, 1, -1, sizeof magnitude, 0, 0, &magnitude);
    if (coefficient < 0)
        mpz_neg(z, z);
    status = fl_dec_set_mpz(out, z, exponent);
    mpz_clear(z);
    return status;
}

fl_status fl_fact_amount(fl_dec out, const fl_fact *f, const fl_dec_struct *bigs)
{
    if (f->exponent == FL_FACT_BIG) {
        fl_dec_set(out, &bigs[f->milli]);
        return FL_OK;
    }
    return set_milli(out, f->milli, f->exponent);
}

bool fl_fact_opposite(const fl_fact *a, const fl_fact *b, const fl_dec_struct *bigs)
{
    fl_dec x, y;
    bool opposite;

    /* milli is never INT64_MIN, so it can be negated */
    if (a->exponent != FL_FACT_BIG && b->exponent != FL_FACT_BIG)
        return a->milli == -b->milli;
    fl_dec_init(x);
    fl_dec_init(y);
    opposite = fl_fact_amount(x, a, bigs) == FL_OK && fl_fact_amount(y, b, bigs) == FL_OK;
    if (opposite) {
        fl_dec_neg(y, y);
        opposite = fl_dec_cmp(x, y) == 0;
    }
    fl_dec_clear(x);
    fl_dec_clear(y);
    return opposite;
}

/* Moves the int64 part into the exact one. */
static fl_status spill(fl_acc *a)
{
    fl_dec part;
    fl_status status;

    if (!a->big) {
        a->big = malloc(sizeof *a->big);
        if (!a->big)
            return FL_ERR_NOMEM;
        fl_dec_init(a->big);
    }
    fl_dec_init(part);
    status = set_milli(part, a->milli, a->exponent);
    if (status == FL_OK)
        status = fl_dec_add(a->big, a->big, part);
    fl_dec_clear(part);
    if (status == FL_OK)
        a->milli = 0;
    return status;
}

fl_status fl_acc_add_slow(fl_acc *a, const fl_fact *f, const fl_dec_struct *bigs)
{
    fl_status status = spill(a);

    if (status != FL_OK)
        return status;
    if (f->exponent == FL_FACT_BIG)
        return fl_dec_add(a->big, a->big, &bigs[f->milli]);
    a->milli = f->milli;
    if (f->exponent < a->exponent)
        a->exponent = f->exponent;
    return FL_OK;
}

fl_status fl_acc_value(fl_dec out, const fl_acc *a)
{
    fl_status status = set_milli(out, a->milli, a->exponent);

    if (status == FL_OK && a->big)
        status = fl_dec_add(out, out, a->big);
    return status;
}

void fl_acc_clear(fl_acc *a)
{
    if (a->big) {
        fl_dec_clear(a->big);
        free(a->big);
    }
    a->milli = 0;
    a->exponent = 0;
    a->big = NULL;
}
