/*
 * export_number.c - the one place where money meets a double: the value a
 * spreadsheet cell will hold, handed over only when it is exactly the
 * decimal (fl_export_exact_double, fundledger/export.h).
 *
 * A decimal c x 10^e (reduced) is a double exactly when it is
 * odd x 2^k with |odd| < 2^53: for e >= 0 that is c x 5^e x 2^e; for e < 0
 * it needs 5^-e to divide c, and is then (c / 5^-e) x 2^e.  A spreadsheet
 * shows at most 15 significant digits, so more than 15 are refused too
 * even when representable (2^53 = 9007199254740992 has 16).
 */
#include "fundledger/export.h"

#define SHOWN_DIGITS 15
#define DOUBLE_BITS 53
/* Far beyond any amount; keeps ldexp away from overflow and subnormals. */
#define EXPONENT_LIMIT 300

bool fl_export_exact_double(double *out, const fl_dec v)
{
    fl_dec reduced;
    mpz_t odd, five;
    long e;
    bool ok = false;

    fl_dec_init(reduced);
    mpz_init(odd);
    mpz_init(five);
    fl_dec_reduce(reduced, v);
    e = reduced->exponent;
    if (mpz_sgn(reduced->coefficient) == 0) {
        *out = 0.0;
        ok = true;
        goto done;
    }
    if (mpz_sizeinbase(reduced->coefficient, 10) > SHOWN_DIGITS + 1 ||
        (mpz_cmpabs_ui(reduced->coefficient, 1000000000000000UL) >= 0) || e > EXPONENT_LIMIT ||
        e < -EXPONENT_LIMIT)
        goto done;
    mpz_ui_pow_ui(five, 5, (unsigned long)(e >= 0 ? e : -e));
    if (e >= 0) {
        mpz_mul(odd, reduced->coefficient, five);
    } else {
        if (!mpz_divisible_p(reduced->coefficient, five))
            goto done;
        mpz_divexact(odd, reduced->coefficient, five);
    }
    {
        mp_bitcnt_t twos = mpz_scan1(odd, 0);
        long k = e + (long)twos;

        mpz_tdiv_q_2exp(odd, odd, twos);
        if (mpz_sizeinbase(odd, 2) > DOUBLE_BITS)
            goto done;
        double d = mpz_get_d(odd);

        /* odd fits in 53 bits, so mpz_get_d is exact, and so is each halving or doubling. */
        for (; k > 0; k--)
            d *= 2.0;
        for (; k < 0; k++)
            d *= 0.5;
        *out = d;
        ok = true;
    }
done:
    mpz_clear(five);
    mpz_clear(odd);
    fl_dec_clear(reduced);
    return ok;
}
