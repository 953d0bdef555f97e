/*
 * fundledger/calc.h - an exact calculator for checking published figures.
 *
 * Expressions of amounts (fundledger/amount.h) with + - (also U+2212 "−"),
 * * × x X (times), / ÷ : (divide), unary minus and plus, and parentheses.
 * Times and divide bind tighter than plus and minus; operators of one
 * level apply left to right ("100 / 10 / 5" is 2).  "x" is an operator
 * only as a word of its own ("2 x 3", "2x3"), never inside a word.
 *
 * Amounts are read as fl_amount_scan reads them in the chosen convention,
 * with scale and currency words: "151,463 tỷ + 1.908 tỷ" is 2059463000000.
 * A percentage is just a number: "5%" is 5/100, so "200 + 5%" is 200.05
 * (not 210) and "151,8 * 172,46%" is 261.79428.  Signs are operators, so
 * "5-3" is 2.
 *
 * Evaluation is over exact rationals: nothing is rounded until the final
 * result, and then only to the places the caller asks for.
 *
 * Limits, so that no input can exhaust the stack or memory: expressions of
 * at most 64 KiB (FL_ERR_LIMIT), parentheses nested at most 256 deep
 * (FL_ERR_LIMIT), and intermediate results whose numerator and denominator
 * have at most 100,000 bits (FL_ERR_RANGE, pointing at the operator).
 */
#ifndef FUNDLEDGER_CALC_H
#define FUNDLEDGER_CALC_H

#include "amount.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct fl_calc_options {
    fl_locale locale;     /**< number convention of the expression (default vi) */
    long places;          /**< round the result to this many places; -1: exact result required */
    fl_rounding rounding; /**< used when places >= 0 (default half-up) */
    /**
     * The scale the result will be shown at: `places` counts places of that
     * figure.  With FL_SCALE_TY and places 2 the result (still in đồng) is
     * rounded to 0,01 tỷ = 10^7 đồng, once.  Default đồng.
     */
    fl_scale scale;
} fl_calc_options;

#define FL_CALC_OPTIONS_INIT                                                                       \
    {                                                                                              \
        FL_LOCALE_VI, -1L, FL_ROUND_HALF_UP, FL_SCALE_DONG                                         \
    }

/**
 * Evaluates expr[0..len) into `result`.  With opts->places < 0 the result
 * must be a terminating decimal and is given exactly, with as many places as
 * it needs (FL_ERR_INEXACT otherwise: the caller should ask for places);
 * with places >= 0 it is rounded to that many places with opts->rounding
 * (FL_ROUND_EXACT refuses with FL_ERR_INEXACT).  opts may be NULL for
 * FL_CALC_OPTIONS_INIT.  *inexact (may be NULL) tells whether rounding
 * changed it.  `result` must be initialised; it is unchanged on failure.
 *
 * Errors (err may be NULL): FL_ERR_SYNTAX for malformed expressions and
 * amounts (the amount scanner's own message), FL_ERR_DIVISION_BY_ZERO at the
 * dividing operator, FL_ERR_LIMIT and FL_ERR_RANGE for the limits above,
 * FL_ERR_INEXACT as said.  err->line is 1 and err->column (1-based, in
 * characters) points into expr, or is 0 when the whole result is at fault;
 * err->source_line holds expr (cut when long) for a caret.
 */
fl_status fl_calc_eval(fl_dec result, const char *expr, size_t len, const fl_calc_options *opts,
                       bool *inexact, fl_error *err);

#ifdef __cplusplus
}
#endif

#endif
