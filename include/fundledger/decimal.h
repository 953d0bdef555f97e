/*
 * fundledger/decimal.h - exact decimal numbers on GMP.
 *
 * An fl_dec is coefficient x 10^exponent with an arbitrary-precision integer
 * coefficient.  The API follows GMP: fl_dec is an array-of-one type, results
 * come first, and aliasing is allowed (fl_dec_add(x, x, y) works).  Every
 * fl_dec_init is paired with an fl_dec_clear.
 *
 * Addition, subtraction, multiplication, negation and absolute value are
 * exact.  Division and rounding take an explicit number of decimal places and
 * an fl_rounding mode; FL_ROUND_EXACT refuses to round and returns
 * FL_ERR_INEXACT instead, so inexactness is never hidden.
 *
 * The representation is kept as computed (1.50 stays "1.50"): comparisons are
 * by value, fl_dec_reduce() strips trailing zeros.  Money never goes through
 * a double here.
 */
#ifndef FUNDLEDGER_DECIMAL_H
#define FUNDLEDGER_DECIMAL_H

#include <gmp.h>

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Most digits the strict text parser accepts in one number (coefficient digits). */
#define FL_DEC_MAX_PARSE_DIGITS 60
/**
 * Largest |exponent| any fl_dec may carry.  Results beyond it are refused
 * with FL_ERR_RANGE before GMP is asked for the memory (GMP aborts when an
 * allocation fails, so sizes are capped here instead).
 */
#define FL_DEC_MAX_EXPONENT 100000L
/**
 * Most digits the coefficient of any fl_dec may have.  Results that would
 * need more (adding 1E+100000 and 1E-100000 would need 200,001) are refused
 * with FL_ERR_RANGE, for the same reason: sizes are capped before GMP
 * allocates.
 */
#define FL_DEC_MAX_DIGITS 100000L

typedef struct fl_dec_struct {
    mpz_t coefficient;
    long exponent;
} fl_dec_struct;

typedef fl_dec_struct fl_dec[1];
typedef fl_dec_struct *fl_dec_ptr;
typedef const fl_dec_struct *fl_dec_srcptr;

/** Rounding modes.  HALF_UP is the default: Vietnamese reports round half up. */
typedef enum fl_rounding {
    FL_ROUND_HALF_UP = 0, /**< to nearest, ties away from zero (TT 109/2018/TT-BTC) */
    FL_ROUND_HALF_EVEN,   /**< to nearest, ties to the even digit (banker's) */
    FL_ROUND_HALF_DOWN,   /**< to nearest, ties toward zero */
    FL_ROUND_UP,          /**< away from zero */
    FL_ROUND_DOWN,        /**< toward zero (truncate) */
    FL_ROUND_CEILING,     /**< toward +infinity */
    FL_ROUND_FLOOR,       /**< toward -infinity */
    FL_ROUND_EXACT,       /**< do not round: FL_ERR_INEXACT if rounding is needed */
    FL_ROUNDING_COUNT_
} fl_rounding;

/** The mode's name as users write it ("half-up", "half-even", ..., "exact"); static storage. */
const char *fl_rounding_name(fl_rounding mode);
/** Looks a mode up by the name above; FL_ERR_SYNTAX if there is none. */
fl_status fl_rounding_from_name(fl_rounding *out, const char *name);

/* --- life cycle and assignment ------------------------------------------------ */

/** Initialises to 0.  Pair with fl_dec_clear. */
void fl_dec_init(fl_dec x);
/** Releases the memory of x. */
void fl_dec_clear(fl_dec x);
/** r = a (exact copy of the representation). */
void fl_dec_set(fl_dec r, const fl_dec a);
/** r = v */
void fl_dec_set_si(fl_dec r, long v);
/** r = v */
void fl_dec_set_int64(fl_dec r, int64_t v);
/**
 * r = coefficient x 10^exponent; FL_ERR_RANGE if |exponent| > FL_DEC_MAX_EXPONENT
 * or the coefficient has more than FL_DEC_MAX_DIGITS digits.
 */
fl_status fl_dec_set_mpz(fl_dec r, const mpz_t coefficient, long exponent);

/**
 * Strictly parses canonical text: an optional "-", one or more ASCII digits,
 * optionally "." and one or more digits.  Nothing else: no "+", no spaces,
 * no grouping, no exponent, no trailing newline.  At most
 * FL_DEC_MAX_PARSE_DIGITS digits (FL_ERR_RANGE beyond).  The whole of
 * text[0..len) must be the number.  On failure r is unchanged and err (may be
 * NULL) says which column is wrong.
 */
fl_status fl_dec_set_str(fl_dec r, const char *text, size_t len, fl_error *err);

/* --- exact arithmetic ----------------------------------------------------------- */

/**
 * r = a + b, exact; the result's exponent is the smaller of the two.
 * FL_ERR_RANGE only if the result would have more than FL_DEC_MAX_DIGITS
 * digits (operands far apart in magnitude, e.g. 1E+100000 + 1E-100000).
 */
fl_status fl_dec_add(fl_dec r, const fl_dec a, const fl_dec b);
/** r = a - b, exact, as fl_dec_add. */
fl_status fl_dec_sub(fl_dec r, const fl_dec a, const fl_dec b);
/**
 * r = a x b, exact; the result's exponent is the sum of the two.  FL_ERR_RANGE
 * if the exponent leaves the allowed range or the coefficient would have more
 * than FL_DEC_MAX_DIGITS digits.
 */
fl_status fl_dec_mul(fl_dec r, const fl_dec a, const fl_dec b);
/** r = a x 10^n, exact (only the exponent changes).  FL_ERR_RANGE as above. */
fl_status fl_dec_mul_pow10(fl_dec r, const fl_dec a, long n);
/** r = -a */
void fl_dec_neg(fl_dec r, const fl_dec a);
/** r = |a| */
void fl_dec_abs(fl_dec r, const fl_dec a);

/**
 * r = a / b rounded to `places` decimal places (negative places round to
 * tens, hundreds, ...) with `mode`.  *inexact (may be NULL) is set to whether
 * the stored result differs from the true quotient.  With FL_ROUND_EXACT a
 * quotient that does not fit in `places` gives FL_ERR_INEXACT and r is
 * unchanged.  FL_ERR_DIVISION_BY_ZERO when b is zero.  FL_ERR_RANGE when
 * |places| > FL_DEC_MAX_EXPONENT or the result would need more than
 * FL_DEC_MAX_DIGITS digits.
 */
fl_status fl_dec_div(fl_dec r, const fl_dec a, const fl_dec b, long places, fl_rounding mode,
                     bool *inexact);

/**
 * r = a / b exactly (the quotient terminates iff the reduced denominator
 * has no prime factors but 2 and 5).  The result keeps the ideal exponent
 * a.exponent - b.exponent when the quotient fits it, else it has the fewest
 * places the quotient needs (1.50 / 1 = "1.50", 1 / 4 = "0.25", like IEEE 754
 * and Python's decimal).  FL_ERR_INEXACT when it does not terminate,
 * FL_ERR_DIVISION_BY_ZERO when b is zero; r is then unchanged.
 */
fl_status fl_dec_div_exact(fl_dec r, const fl_dec a, const fl_dec b);

/**
 * r = num / den (a ratio of integers) rounded to `places` with `mode`, as
 * fl_dec_div.  The building block of division and of exact rational
 * evaluation (fl_calc).
 */
fl_status fl_dec_set_ratio(fl_dec r, const mpz_t num, const mpz_t den, long places,
                           fl_rounding mode, bool *inexact);

/**
 * r = a rounded to `places` decimal places with `mode`; the result's
 * exponent is always -places (so rounding 1.5 to 2 places gives "1.50").
 * *inexact (may be NULL) tells whether a digit other than 0 was dropped.
 * With FL_ROUND_EXACT, dropping a non-zero digit gives FL_ERR_INEXACT and r
 * is unchanged.  FL_ERR_RANGE as fl_dec_div.
 */
fl_status fl_dec_round(fl_dec r, const fl_dec a, long places, fl_rounding mode, bool *inexact);

/** r = a with trailing zeros of the coefficient moved into the exponent (value unchanged; 0 ->
 * exponent 0). */
void fl_dec_reduce(fl_dec r, const fl_dec a);

/* --- inspection ----------------------------------------------------------------- */

/** -1, 0 or 1 as a < b, a == b, a > b, by value (1.50 == 1.5). */
int fl_dec_cmp(const fl_dec a, const fl_dec b);
/** -1, 0 or 1 as a is negative, zero, positive. */
int fl_dec_sign(const fl_dec a);
/** Whether a is zero. */
bool fl_dec_is_zero(const fl_dec a);
/** Whether a has no non-zero digit after the decimal point. */
bool fl_dec_is_integer(const fl_dec a);
/** The number of places in the representation: max(0, -exponent). */
long fl_dec_places(const fl_dec a);
/** Fewest places that represent the value exactly (the places of fl_dec_reduce(a)). */
long fl_dec_min_places(const fl_dec a);
/** Stores a in *out if it is an integer that fits in int64_t; FL_ERR_RANGE or FL_ERR_INEXACT
 * otherwise. */
fl_status fl_dec_get_int64(int64_t *out, const fl_dec a);

/* --- text ------------------------------------------------------------------------ */

/**
 * Writes the canonical plain form of a: optional "-", digits, "." and the
 * fraction digits of the representation; never grouping, exponent or "+";
 * a positive exponent is written out as zeros ("151463000000"); zero is
 * never negative and is "0" whatever its positive exponent.  fl_dec_set_str
 * reads it back to the same representation when the exponent is <= 0 (to
 * the same value otherwise).
 * Writes at most `size` bytes including the NUL into buf (buf may be NULL
 * when size is 0) and returns the length of the full text, like snprintf.
 */
size_t fl_dec_to_buffer(char *buf, size_t size, const fl_dec a);

/** As fl_dec_to_buffer into a new string; the caller frees it with free(). NULL if out of memory.
 */
char *fl_dec_to_string(const fl_dec a);

#ifdef __cplusplus
}
#endif

#endif
