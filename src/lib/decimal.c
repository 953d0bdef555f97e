/*
 * decimal.c - exact decimal numbers on GMP (see fundledger/decimal.h).
 *
 * A value is coefficient x 10^exponent.  Every operation first checks that
 * its result stays inside the representable range - |exponent| at most
 * FL_DEC_MAX_EXPONENT, coefficient at most FL_DEC_MAX_DIGITS digits - and
 * only then asks GMP for memory: GMP aborts the process when an allocation
 * fails, so a crafted input must be refused before it gets that far.
 *
 * Results are built in temporaries and moved into r at the end, which makes
 * every function alias-safe and leaves r untouched on failure.
 */
#include "fundledger/decimal.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"

/* --- rounding modes ------------------------------------------------------------- */

static const char *const rounding_names[FL_ROUNDING_COUNT_] = {
    [FL_ROUND_HALF_UP] = "half-up",     [FL_ROUND_HALF_EVEN] = "half-even",
    [FL_ROUND_HALF_DOWN] = "half-down", [FL_ROUND_UP] = "up",
    [FL_ROUND_DOWN] = "down",           [FL_ROUND_CEILING] = "ceiling",
    [FL_ROUND_FLOOR] = "floor",         [FL_ROUND_EXACT] = "exact",
};

static bool rounding_is_valid(fl_rounding mode)
{
    return (int)mode >= 0 && mode < FL_ROUNDING_COUNT_;
}

const char *fl_rounding_name(fl_rounding mode)
{
    return rounding_is_valid(mode) ? rounding_names[mode] : "unknown";
}

fl_status fl_rounding_from_name(fl_rounding *out, const char *name)
{
    int i;

    if (!out || !name)
        return FL_ERR_INVALID_ARGUMENT;
    for (i = 0; i < (int)FL_ROUNDING_COUNT_; i++) {
        if (strcmp(name, rounding_names[i]) == 0) {
            *out = (fl_rounding)i;
            return FL_OK;
        }
    }
    return FL_ERR_SYNTAX;
}

/* --- small helpers ---------------------------------------------------------------- */

static bool exponent_in_range(long exponent)
{
    return exponent >= -FL_DEC_MAX_EXPONENT && exponent <= FL_DEC_MAX_EXPONENT;
}

/* Whether `places` is acceptable as a rounding target (its exponent is -places). */
static bool places_in_range(long places)
{
    return places >= -FL_DEC_MAX_EXPONENT && places <= FL_DEC_MAX_EXPONENT;
}

/* An upper bound of the decimal digits of |x| (exact or one too many; 1 for zero). */
static size_t digits_bound(const mpz_t x)
{
    return mpz_sizeinbase(x, 10);
}

/*
 * Whether |x| has more than `cap` decimal digits.  mpz_sizeinbase may count
 * one digit too many, so only the boundary case compares with a power of ten
 * (at most cap digits, so the temporary is bounded).
 */
static bool digits_exceed(const mpz_t x, size_t cap)
{
    size_t n = digits_bound(x);
    mpz_t low;
    bool exceed;

    if (n <= cap)
        return false;
    if (n > cap + 1)
        return true;
    mpz_init(low);
    mpz_ui_pow_ui(low, 10, (unsigned long)cap); /* the smallest number with cap + 1 digits */
    exceed = mpz_cmpabs(x, low) >= 0;
    mpz_clear(low);
    return exceed;
}

static bool coefficient_fits(const mpz_t x)
{
    return !digits_exceed(x, (size_t)FL_DEC_MAX_DIGITS);
}

/* x = x * 10^n, n >= 0, the caller having bounded the size. */
static void mul_pow10(mpz_t x, long n)
{
    mpz_t p;

    if (n <= 0 || mpz_sgn(x) == 0)
        return;
    mpz_init(p);
    mpz_ui_pow_ui(p, 10, (unsigned long)n);
    mpz_mul(x, x, p);
    mpz_clear(p);
}

static void set_uint64(mpz_t x, uint64_t v)
{
#if ULONG_MAX >= UINT64_MAX
    mpz_set_ui(x, (unsigned long)v);
#else
    mpz_import(x, 1, -1, sizeof v, 0, 0, &v);
#endif
}

/* Moves a finished result into r; the caller clears `coefficient`, now r's old one. */
static void move_into(fl_dec r, mpz_t coefficient, long exponent)
{
    mpz_swap(r->coefficient, coefficient);
    r->exponent = exponent;
}

/* --- life cycle and assignment ------------------------------------------------------ */

void fl_dec_init(fl_dec x)
{
    mpz_init(x->coefficient);
    x->exponent = 0;
}

void fl_dec_clear(fl_dec x)
{
    mpz_clear(x->coefficient);
    x->exponent = 0;
}

void fl_dec_set(fl_dec r, const fl_dec a)
{
    if (r == a)
        return;
    mpz_set(r->coefficient, a->coefficient);
    r->exponent = a->exponent;
}

void fl_dec_set_si(fl_dec r, long v)
{
    mpz_set_si(r->coefficient, v);
    r->exponent = 0;
}

void fl_dec_set_int64(fl_dec r, int64_t v)
{
#if LONG_MAX >= INT64_MAX
    mpz_set_si(r->coefficient, (long)v);
#else
    /* Negate in unsigned arithmetic: -INT64_MIN does not fit in int64_t. */
    uint64_t magnitude = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;

    set_uint64(r->coefficient, magnitude);
    if (v < 0)
        mpz_neg(r->coefficient, r->coefficient);
#endif
    r->exponent = 0;
}

fl_status fl_dec_set_mpz(fl_dec r, const mpz_t coefficient, long exponent)
{
    if (!exponent_in_range(exponent) || !coefficient_fits(coefficient))
        return FL_ERR_RANGE;
    mpz_set(r->coefficient, coefficient);
    r->exponent = exponent;
    return FL_OK;
}

/* --- strict parsing ------------------------------------------------------------------ */

/* How a byte is named in a diagnostic: "'e'", "space", "newline", "byte 0x01", ... */
static const char *describe_byte(char buf[16], unsigned char c)
{
    switch (c) {
    case ' ':
        return "space";
    case '\t':
        return "tab";
    case '\n':
        return "newline";
    case '\r':
        return "carriage return";
    case '\0':
        return "NUL byte";
    default:
        break;
    }
    if (c >= 0x80)
        return "non-ASCII character";
    if (c < 0x20 || c == 0x7F) {
        static const char hex[] = "0123456789abcdef";

        memcpy(buf, "byte 0x", 7);
        buf[7] = hex[c >> 4];
        buf[8] = hex[c & 15];
        buf[9] = '\0';
        return buf;
    }
    buf[0] = '\'';
    buf[1] = (char)c;
    buf[2] = '\'';
    buf[3] = '\0';
    return buf;
}

static fl_status parse_error(fl_error *err, const char *text, size_t len, size_t offset,
                             const char *context)
{
    char desc[16];
    const char *found =
        offset < len ? describe_byte(desc, (unsigned char)text[offset]) : "the end of the text";

    return fl_error_set_at(err, FL_ERR_SYNTAX, 1, fl_utf8_column(text, offset),
                           "expected a digit%s, found %s", context, found);
}

fl_status fl_dec_set_str(fl_dec r, const char *text, size_t len, fl_error *err)
{
    /* The digits without the ".", NUL-terminated for the rare long path. */
    char digits[FL_DEC_MAX_PARSE_DIGITS + 1];
    size_t ndigits = 0, nfraction = 0, i = 0;
    uint64_t small = 0;
    bool negative = false, after_point = false;

    if (!text)
        len = 0;
    if (len > 0 && text[0] == '-') {
        negative = true;
        i = 1;
    }
    if (i >= len || text[i] < '0' || text[i] > '9')
        return parse_error(err, text, len, i, negative ? " after \"-\"" : "");
    /* Validate everything before touching r, so that r is unchanged on failure. */
    for (; i < len; i++) {
        char c = text[i];

        if (c >= '0' && c <= '9') {
            if (ndigits == FL_DEC_MAX_PARSE_DIGITS)
                return fl_error_set_at(err, FL_ERR_RANGE, 1, fl_utf8_column(text, i),
                                       "a number may have at most %d digits",
                                       FL_DEC_MAX_PARSE_DIGITS);
            digits[ndigits++] = c;
            small = small * 10u + (uint64_t)(c - '0'); /* only used while ndigits <= 18 */
            if (after_point)
                nfraction++;
        } else if (c == '.' && !after_point) {
            if (i + 1 >= len || text[i + 1] < '0' || text[i + 1] > '9')
                return parse_error(err, text, len, i + 1, " after \".\"");
            after_point = true;
        } else {
            char desc[16];

            return fl_error_set_at(err, FL_ERR_SYNTAX, 1, fl_utf8_column(text, i),
                                   "unexpected %s in a number",
                                   describe_byte(desc, (unsigned char)c));
        }
    }
    digits[ndigits] = '\0';
    if (ndigits <= 18)
        set_uint64(r->coefficient, small); /* the hot path: no string conversion */
    else
        mpz_set_str(r->coefficient, digits, 10); /* text checked above: digits only */
    if (negative)
        mpz_neg(r->coefficient, r->coefficient);
    r->exponent = -(long)nfraction;
    return FL_OK;
}

/* --- exact arithmetic ---------------------------------------------------------------- */

/* Operands of at most SMALL_LIMBS limbs (about 1,200 digits) aligned by at most
 * 10^SMALL_SHIFT_MAX (one limb even where unsigned long has 32 bits) give a result
 * far below FL_DEC_MAX_DIGITS: no cap to check, no temporary to allocate. */
#define SMALL_LIMBS 64
#define SMALL_SHIFT_MAX 9

/*
 * r = low + high * 10^shift, or with subtract: high * 10^shift - low (a is high)
 * or low - high * 10^shift (b is high).  Alias-safe: r may be high or low or
 * both (then shift is 0).
 */
static void add_small(fl_dec r, const fl_dec_struct *high, const fl_dec_struct *low,
                      unsigned long shift, bool subtract, bool high_is_b)
{
    static const unsigned long pow10[SMALL_SHIFT_MAX + 1] = {
        1UL,      10UL,      100UL,      1000UL,      10000UL,
        100000UL, 1000000UL, 10000000UL, 100000000UL, 1000000000UL};
    const unsigned long p = pow10[shift];

    if (r == high && r != low) {
        /* scale r (the high operand) in place, then bring in low */
        if (shift)
            mpz_mul_ui(r->coefficient, r->coefficient, p);
        if (!subtract)
            mpz_add(r->coefficient, r->coefficient, low->coefficient);
        else if (high_is_b)
            mpz_sub(r->coefficient, low->coefficient, r->coefficient);
        else
            mpz_sub(r->coefficient, r->coefficient, low->coefficient);
        return;
    }
    if (shift == 0) {
        /* high and low are a and b in some order; r may be any of them */
        if (!subtract)
            mpz_add(r->coefficient, high->coefficient, low->coefficient);
        else if (high_is_b)
            mpz_sub(r->coefficient, low->coefficient, high->coefficient);
        else
            mpz_sub(r->coefficient, high->coefficient, low->coefficient);
        return;
    }
    /* r is low, or neither operand (and then a copy of low); high stays unread until
     * the multiply-add, which GMP allows to read an operand other than r */
    if (subtract && !high_is_b) {
        mpz_neg(r->coefficient, low->coefficient);
        mpz_addmul_ui(r->coefficient, high->coefficient, p);
    } else {
        if (r != low)
            mpz_set(r->coefficient, low->coefficient);
        if (subtract)
            mpz_submul_ui(r->coefficient, high->coefficient, p);
        else
            mpz_addmul_ui(r->coefficient, high->coefficient, p);
    }
}

/*
 * Addition aligns both coefficients to the smaller exponent, so adding
 * 1E+100000 and 1E-100000 - both in range - would build a coefficient of
 * 200,001 digits.  The aligned operand is allowed at most FL_DEC_MAX_DIGITS + 1
 * digits: beyond that the exact sum cannot fit in FL_DEC_MAX_DIGITS digits
 * anyway (the other operand keeps its own coefficient, so it is too short to
 * cancel the leading digits), and FL_ERR_RANGE is returned before GMP
 * allocates anything large.
 */
static fl_status add_signed(fl_dec r, const fl_dec a, const fl_dec b, bool subtract)
{
    const fl_dec_struct *high, *low; /* the operands with the larger / smaller exponent */
    long shift, exponent;
    mpz_t aligned;
    bool high_is_b;

    if (a->exponent >= b->exponent) {
        high = a;
        low = b;
        high_is_b = false;
    } else {
        high = b;
        low = a;
        high_is_b = true;
    }
    exponent = low->exponent;
    shift = high->exponent - low->exponent;
    if (shift != 0 && mpz_sgn(high->coefficient) == 0) {
        /* 0E+5 + x: the result is x at the smaller exponent. */
        if (subtract && !high_is_b)
            mpz_neg(r->coefficient, low->coefficient);
        else
            mpz_set(r->coefficient, low->coefficient);
        r->exponent = exponent;
        return FL_OK;
    }
    if (shift <= SMALL_SHIFT_MAX && mpz_size(a->coefficient) <= SMALL_LIMBS &&
        mpz_size(b->coefficient) <= SMALL_LIMBS) {
        /* The hot path of every total (an accumulator plus one entry): both
         * operands are far below the digit cap, so the result is too, and GMP's
         * in-place functions do the alignment without a temporary.  r may be a,
         * b, both, or neither. */
        add_small(r, high, low, (unsigned long)shift, subtract, high_is_b);
        r->exponent = exponent;
        return FL_OK;
    }
    if (shift == 0 && digits_bound(a->coefficient) < (size_t)FL_DEC_MAX_DIGITS &&
        digits_bound(b->coefficient) < (size_t)FL_DEC_MAX_DIGITS) {
        /* The common case: nothing to align and the sum cannot outgrow the cap, so
         * GMP's alias-safe functions can write straight into r. */
        if (subtract)
            mpz_sub(r->coefficient, a->coefficient, b->coefficient);
        else
            mpz_add(r->coefficient, a->coefficient, b->coefficient);
        r->exponent = exponent;
        return FL_OK;
    }
    if (digits_bound(high->coefficient) - 1 + (size_t)shift > (size_t)FL_DEC_MAX_DIGITS + 1)
        return FL_ERR_RANGE;
    mpz_init_set(aligned, high->coefficient);
    mul_pow10(aligned, shift);
    if (subtract && high_is_b)
        mpz_sub(aligned, low->coefficient, aligned);
    else if (subtract)
        mpz_sub(aligned, aligned, low->coefficient);
    else
        mpz_add(aligned, aligned, low->coefficient);
    if (!coefficient_fits(aligned)) {
        mpz_clear(aligned);
        return FL_ERR_RANGE;
    }
    move_into(r, aligned, exponent);
    mpz_clear(aligned);
    return FL_OK;
}

fl_status fl_dec_add(fl_dec r, const fl_dec a, const fl_dec b)
{
    return add_signed(r, a, b, false);
}

fl_status fl_dec_sub(fl_dec r, const fl_dec a, const fl_dec b)
{
    return add_signed(r, a, b, true);
}

fl_status fl_dec_mul(fl_dec r, const fl_dec a, const fl_dec b)
{
    long exponent = a->exponent + b->exponent; /* both within +-FL_DEC_MAX_EXPONENT */
    mpz_t product;

    if (!exponent_in_range(exponent))
        return FL_ERR_RANGE;
    /* The product has at most digits(a) + digits(b) digits. */
    if (mpz_sgn(a->coefficient) != 0 && mpz_sgn(b->coefficient) != 0 &&
        digits_bound(a->coefficient) + digits_bound(b->coefficient) > (size_t)FL_DEC_MAX_DIGITS + 3)
        return FL_ERR_RANGE;
    mpz_init(product);
    mpz_mul(product, a->coefficient, b->coefficient);
    if (!coefficient_fits(product)) {
        mpz_clear(product);
        return FL_ERR_RANGE;
    }
    move_into(r, product, exponent);
    mpz_clear(product);
    return FL_OK;
}

fl_status fl_dec_mul_pow10(fl_dec r, const fl_dec a, long n)
{
    /* Written so that nothing overflows: |a->exponent| <= FL_DEC_MAX_EXPONENT. */
    if (n > FL_DEC_MAX_EXPONENT - a->exponent || n < -FL_DEC_MAX_EXPONENT - a->exponent)
        return FL_ERR_RANGE;
    fl_dec_set(r, a);
    r->exponent = a->exponent + n;
    return FL_OK;
}

void fl_dec_neg(fl_dec r, const fl_dec a)
{
    mpz_neg(r->coefficient, a->coefficient);
    r->exponent = a->exponent;
}

void fl_dec_abs(fl_dec r, const fl_dec a)
{
    mpz_abs(r->coefficient, a->coefficient);
    r->exponent = a->exponent;
}

/* --- rounding ---------------------------------------------------------------------- */

/*
 * Whether a truncated quotient q (rounded toward zero) must move one unit
 * away from zero.  `negative` is the sign of the true quotient, `half` the
 * comparison of the dropped part with one half unit (-1, 0, 1); the dropped
 * part is known to be non-zero.
 */
static bool round_away(fl_rounding mode, bool negative, int half, const mpz_t q)
{
    switch (mode) {
    case FL_ROUND_HALF_UP:
        return half >= 0;
    case FL_ROUND_HALF_EVEN:
        return half > 0 || (half == 0 && mpz_odd_p(q));
    case FL_ROUND_HALF_DOWN:
        return half > 0;
    case FL_ROUND_UP:
        return true;
    case FL_ROUND_DOWN:
        return false;
    case FL_ROUND_CEILING:
        return !negative;
    case FL_ROUND_FLOOR:
        return negative;
    default:
        return false;
    }
}

/*
 * q = num x 10^k / den rounded to an integer with `mode` (den != 0).
 * k < 0 divides by 10^-k instead.  Returns FL_ERR_INEXACT for FL_ROUND_EXACT
 * when rounding is needed (q is then meaningless).  The caller has bounded
 * the size of the quotient; when 10^-k dwarfs num the quotient is known to
 * be below 1/10 and the huge power is never built.
 */
static fl_status divide_rounded(mpz_t q, const mpz_t num, const mpz_t den, long k, fl_rounding mode,
                                bool *inexact)
{
    bool negative = (mpz_sgn(num) < 0) != (mpz_sgn(den) < 0);
    int half;
    mpz_t n, d, rem;

    if (mpz_sgn(num) == 0) {
        mpz_set_ui(q, 0);
        if (inexact)
            *inexact = false;
        return FL_OK;
    }
    if (k < 0 && (size_t)(-k) >= digits_bound(num) + 3) {
        /* |num| < 10^digits <= 10^(-k - 3) while |den x 10^-k| >= 10^-k: far below 1/2. */
        if (mode == FL_ROUND_EXACT)
            return FL_ERR_INEXACT;
        mpz_set_ui(q, 0);
        if (round_away(mode, negative, -1, q))
            mpz_set_si(q, negative ? -1 : 1);
        if (inexact)
            *inexact = true;
        return FL_OK;
    }
    mpz_init_set(n, num);
    mpz_init_set(d, den);
    mpz_init(rem);
    if (k > 0)
        mul_pow10(n, k);
    else if (k < 0)
        mul_pow10(d, -k);
    mpz_tdiv_qr(q, rem, n, d);
    if (inexact)
        *inexact = mpz_sgn(rem) != 0;
    if (mpz_sgn(rem) != 0) {
        if (mode == FL_ROUND_EXACT) {
            mpz_clears(n, d, rem, NULL);
            return FL_ERR_INEXACT;
        }
        mpz_mul_2exp(rem, rem, 1);
        half = mpz_cmpabs(rem, d);
        half = half < 0 ? -1 : half > 0 ? 1 : 0;
        if (round_away(mode, negative, half, q)) {
            if (negative)
                mpz_sub_ui(q, q, 1);
            else
                mpz_add_ui(q, q, 1);
        }
    }
    mpz_clears(n, d, rem, NULL);
    return FL_OK;
}

/*
 * r = num x 10^k / den rounded, with exponent `exponent`.  Refuses quotients
 * that would have more than FL_DEC_MAX_DIGITS digits before computing them.
 */
static fl_status set_quotient(fl_dec r, const mpz_t num, const mpz_t den, long k, long exponent,
                              fl_rounding mode, bool *inexact)
{
    fl_status status;
    bool was_inexact = false;
    mpz_t q;

    if (!rounding_is_valid(mode))
        return FL_ERR_INVALID_ARGUMENT;
    if (mpz_sgn(den) == 0)
        return FL_ERR_DIVISION_BY_ZERO;
    if (!exponent_in_range(exponent))
        return FL_ERR_RANGE;
    /* |num x 10^k / den| < 10^(digits(num) + k - digits(den) + 1). */
    if (mpz_sgn(num) != 0 && k > 0 &&
        (long)digits_bound(num) + k - (long)digits_bound(den) > (long)FL_DEC_MAX_DIGITS + 1)
        return FL_ERR_RANGE;
    mpz_init(q);
    status = divide_rounded(q, num, den, k, mode, &was_inexact);
    if (status == FL_OK && !coefficient_fits(q))
        status = FL_ERR_RANGE;
    if (status == FL_OK) {
        move_into(r, q, exponent);
        if (inexact)
            *inexact = was_inexact;
    }
    mpz_clear(q);
    return status;
}

fl_status fl_dec_div(fl_dec r, const fl_dec a, const fl_dec b, long places, fl_rounding mode,
                     bool *inexact)
{
    if (!places_in_range(places))
        return mpz_sgn(b->coefficient) == 0 ? FL_ERR_DIVISION_BY_ZERO : FL_ERR_RANGE;
    /* a / b x 10^places = ca / cb x 10^(ea - eb + places); |k| <= 3 x FL_DEC_MAX_EXPONENT. */
    return set_quotient(r, a->coefficient, b->coefficient, a->exponent - b->exponent + places,
                        -places, mode, inexact);
}

fl_status fl_dec_set_ratio(fl_dec r, const mpz_t num, const mpz_t den, long places,
                           fl_rounding mode, bool *inexact)
{
    if (!places_in_range(places))
        return mpz_sgn(den) == 0 ? FL_ERR_DIVISION_BY_ZERO : FL_ERR_RANGE;
    return set_quotient(r, num, den, places, -places, mode, inexact);
}

fl_status fl_dec_round(fl_dec r, const fl_dec a, long places, fl_rounding mode, bool *inexact)
{
    mpz_t one;
    fl_status status;

    if (!rounding_is_valid(mode))
        return FL_ERR_INVALID_ARGUMENT;
    if (!places_in_range(places))
        return FL_ERR_RANGE;
    /* Rounding is a division by 1 scaled by 10^(exponent + places). */
    mpz_init_set_ui(one, 1);
    status = set_quotient(r, a->coefficient, one, a->exponent + places, -places, mode, inexact);
    mpz_clear(one);
    return status;
}

fl_status fl_dec_div_exact(fl_dec r, const fl_dec a, const fl_dec b)
{
    mpz_t num, den, five;
    mp_bitcnt_t twos, fives, m;
    long exponent;
    fl_status status = FL_OK;

    if (mpz_sgn(b->coefficient) == 0)
        return FL_ERR_DIVISION_BY_ZERO;
    mpz_inits(num, den, NULL);
    mpz_init_set_ui(five, 5);
    /* num / den in lowest terms, den > 0 (num = 0 gives den = 1). */
    mpz_gcd(den, a->coefficient, b->coefficient);
    mpz_divexact(num, a->coefficient, den);
    mpz_divexact(den, b->coefficient, den);
    if (mpz_sgn(den) < 0) {
        mpz_neg(num, num);
        mpz_neg(den, den);
    }
    /*
     * num / den terminates iff den = 2^twos x 5^fives; it is then
     * num x 2^(m - twos) x 5^(m - fives) / 10^m with m = max(twos, fives).
     * This keeps the ideal exponent a->exponent - b->exponent when the
     * quotient allows it (as IEEE 754 and Python's decimal do), else the
     * fewest extra places.  den <= |b|, so m and the factors stay small.
     */
    twos = mpz_scan1(den, 0);
    mpz_tdiv_q_2exp(den, den, twos);
    fives = mpz_remove(den, den, five);
    if (mpz_cmp_ui(den, 1) != 0) {
        status = FL_ERR_INEXACT;
        goto done;
    }
    m = twos > fives ? twos : fives;
    if (m > (mp_bitcnt_t)(2 * FL_DEC_MAX_EXPONENT)) {
        status = FL_ERR_RANGE;
        goto done;
    }
    exponent = a->exponent - b->exponent - (long)m;
    if (!exponent_in_range(exponent)) {
        status = FL_ERR_RANGE;
        goto done;
    }
    if (m > twos)
        mpz_mul_2exp(num, num, m - twos);
    if (m > fives) {
        mpz_ui_pow_ui(den, 5, (unsigned long)(m - fives));
        mpz_mul(num, num, den);
    }
    if (!coefficient_fits(num)) {
        status = FL_ERR_RANGE;
        goto done;
    }
    move_into(r, num, exponent);
done:
    mpz_clears(num, den, five, NULL);
    return status;
}

void fl_dec_reduce(fl_dec r, const fl_dec a)
{
    mpz_t ten, removed;
    long zeros, room;

    if (mpz_sgn(a->coefficient) == 0) {
        mpz_set_ui(r->coefficient, 0);
        r->exponent = 0;
        return;
    }
    if (mpz_divisible_ui_p(a->coefficient, 10) == 0) {
        fl_dec_set(r, a);
        return;
    }
    mpz_init_set_ui(ten, 10);
    mpz_init(removed);
    zeros = (long)mpz_remove(removed, a->coefficient, ten);
    /* Never push the exponent out of range: keep the zeros that do not fit. */
    room = FL_DEC_MAX_EXPONENT - a->exponent;
    if (zeros > room) {
        mul_pow10(removed, zeros - room);
        zeros = room;
    }
    move_into(r, removed, a->exponent + zeros);
    mpz_clears(ten, removed, NULL);
}

/* --- inspection -------------------------------------------------------------------- */

int fl_dec_cmp(const fl_dec a, const fl_dec b)
{
    int sa = mpz_sgn(a->coefficient), sb = mpz_sgn(b->coefficient);
    long adjusted_a, adjusted_b, shift;
    int result;
    mpz_t aligned;

    if (sa != sb)
        return sa < sb ? -1 : 1;
    if (sa == 0)
        return 0;
    if (a->exponent == b->exponent) {
        result = mpz_cmp(a->coefficient, b->coefficient);
        return result < 0 ? -1 : result > 0 ? 1 : 0;
    }
    /*
     * Compare the magnitudes' leading digit positions first, so that 1E+100000
     * and 1E-100000 are never aligned; the bounds may be one too large, so only
     * a difference of two or more decides.
     */
    adjusted_a = a->exponent + (long)digits_bound(a->coefficient);
    adjusted_b = b->exponent + (long)digits_bound(b->coefficient);
    if (adjusted_a - adjusted_b >= 2)
        return sa;
    if (adjusted_b - adjusted_a >= 2)
        return -sa;
    /* Close magnitudes: the shift is at most the coefficients' length difference + 2. */
    mpz_init(aligned);
    if (a->exponent > b->exponent) {
        shift = a->exponent - b->exponent;
        mpz_set(aligned, a->coefficient);
        mul_pow10(aligned, shift);
        result = mpz_cmp(aligned, b->coefficient);
    } else {
        shift = b->exponent - a->exponent;
        mpz_set(aligned, b->coefficient);
        mul_pow10(aligned, shift);
        result = mpz_cmp(a->coefficient, aligned);
    }
    mpz_clear(aligned);
    return result < 0 ? -1 : result > 0 ? 1 : 0;
}

int fl_dec_sign(const fl_dec a)
{
    return mpz_sgn(a->coefficient);
}

bool fl_dec_is_zero(const fl_dec a)
{
    return mpz_sgn(a->coefficient) == 0;
}

long fl_dec_places(const fl_dec a)
{
    return a->exponent < 0 ? -a->exponent : 0;
}

long fl_dec_min_places(const fl_dec a)
{
    fl_dec reduced;
    long places;

    if (a->exponent >= 0 || mpz_sgn(a->coefficient) == 0)
        return 0;
    if (mpz_divisible_ui_p(a->coefficient, 10) == 0)
        return -a->exponent;
    fl_dec_init(reduced);
    fl_dec_reduce(reduced, a);
    places = fl_dec_places(reduced);
    fl_dec_clear(reduced);
    return places;
}

bool fl_dec_is_integer(const fl_dec a)
{
    return fl_dec_min_places(a) == 0;
}

fl_status fl_dec_get_int64(int64_t *out, const fl_dec a)
{
    fl_dec reduced;
    fl_status status = FL_OK;

    if (!fl_dec_is_integer(a))
        return FL_ERR_INEXACT;
    fl_dec_init(reduced);
    fl_dec_reduce(reduced, a); /* an integer: the exponent is now >= 0 */
    /* An int64 has at most 19 digits: refuse larger values before scaling. */
    if ((long)digits_bound(reduced->coefficient) - 1 + reduced->exponent > 19) {
        status = FL_ERR_RANGE;
        goto done;
    }
    mul_pow10(reduced->coefficient, reduced->exponent);
#if LONG_MAX >= INT64_MAX
    if (!mpz_fits_slong_p(reduced->coefficient))
        status = FL_ERR_RANGE;
    else
        *out = (int64_t)mpz_get_si(reduced->coefficient);
#else
    if (mpz_sizeinbase(reduced->coefficient, 2) > 64) {
        status = FL_ERR_RANGE;
    } else {
        uint64_t magnitude = 0;
        size_t count = 0;
        bool negative = mpz_sgn(reduced->coefficient) < 0;

        mpz_export(&magnitude, &count, -1, sizeof magnitude, 0, 0, reduced->coefficient);
        if (negative ? magnitude > (uint64_t)INT64_MAX + 1u : magnitude > (uint64_t)INT64_MAX)
            status = FL_ERR_RANGE;
        else if (negative)
            *out = magnitude == (uint64_t)INT64_MAX + 1u ? INT64_MIN : -(int64_t)magnitude;
        else
            *out = (int64_t)magnitude;
    }
#endif
done:
    fl_dec_clear(reduced);
    return status;
}

/* --- text ------------------------------------------------------------------------- */

/*
 * Lays out the canonical text of (negative, digits, exponent) into dst, which
 * has room for the whole text plus NUL, or only counts when dst is NULL.
 * Zero is "0" (with fraction zeros for a negative exponent, "0.00"), even
 * with a positive exponent: "0000" would only be noise.
 */
static size_t layout(char *dst, bool negative, const char *digits, size_t ndigits, long exponent)
{
    size_t len = 0, places, k;
    bool zero = ndigits == 1 && digits[0] == '0';

#define PUT(c)                                                                                     \
    do {                                                                                           \
        if (dst)                                                                                   \
            dst[len] = (c);                                                                        \
        len++;                                                                                     \
    } while (0)
    if (negative && !zero)
        PUT('-');
    if (exponent >= 0) {
        for (k = 0; k < ndigits; k++)
            PUT(digits[k]);
        if (!zero)
            for (k = 0; k < (size_t)exponent; k++)
                PUT('0');
    } else {
        places = (size_t)(-exponent);
        if (ndigits > places) {
            for (k = 0; k < ndigits - places; k++)
                PUT(digits[k]);
            PUT('.');
            for (; k < ndigits; k++)
                PUT(digits[k]);
        } else {
            PUT('0');
            PUT('.');
            for (k = ndigits; k < places; k++)
                PUT('0');
            for (k = 0; k < ndigits; k++)
                PUT(digits[k]);
        }
    }
    if (dst)
        dst[len] = '\0';
#undef PUT
    return len;
}

/* The digits of |x| into a buffer: `local` when it is large enough, else malloc'd. */
static char *absolute_digits(char *local, size_t local_size, const mpz_t x, size_t *ndigits)
{
    size_t bound = digits_bound(x) + 2; /* + '-' + NUL */
    char *digits = bound <= local_size ? local : malloc(bound);

    if (!digits)
        return NULL;
    mpz_get_str(digits, 10, x);
    *ndigits = strlen(digits);
    if (digits[0] == '-') {
        memmove(digits, digits + 1, *ndigits);
        (*ndigits)--;
    }
    return digits;
}

size_t fl_dec_to_buffer(char *buf, size_t size, const fl_dec a)
{
    char local[96];
    size_t ndigits = 0, len;
    char *digits = absolute_digits(local, sizeof local, a->coefficient, &ndigits);
    char *full;

    if (!digits) {
        if (buf && size > 0)
            buf[0] = '\0';
        return 0; /* out of memory for a number of many thousands of digits */
    }
    len = layout(NULL, mpz_sgn(a->coefficient) < 0, digits, ndigits, a->exponent);
    if (buf && size > len) {
        layout(buf, mpz_sgn(a->coefficient) < 0, digits, ndigits, a->exponent);
    } else if (buf && size > 0) {
        /* Truncated like snprintf: lay out in full, then copy what fits. */
        full = malloc(len + 1);
        if (full) {
            layout(full, mpz_sgn(a->coefficient) < 0, digits, ndigits, a->exponent);
            memcpy(buf, full, size - 1);
            free(full);
        }
        buf[full ? size - 1 : 0] = '\0';
    }
    if (digits != local)
        free(digits);
    return len;
}

char *fl_dec_to_string(const fl_dec a)
{
    char local[96];
    size_t ndigits = 0, len;
    char *digits = absolute_digits(local, sizeof local, a->coefficient, &ndigits);
    char *text = NULL;

    if (!digits)
        return NULL;
    len = layout(NULL, mpz_sgn(a->coefficient) < 0, digits, ndigits, a->exponent);
    text = malloc(len + 1);
    if (text)
        layout(text, mpz_sgn(a->coefficient) < 0, digits, ndigits, a->exponent);
    if (digits != local)
        free(digits);
    return text;
}
