/*
 * fundledger/calc.h - an exact calculator for checking published figures.
 *
 * Expressions of amounts (fundledger/amount.h) with + - (also U+2212),
 * x * × (times), / ÷ : (divide), unary minus and parentheses.  Evaluation is
 * over exact rationals: nothing is rounded until the final result, and then
 * only to the places the caller asks for.
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
} fl_calc_options;

#define FL_CALC_OPTIONS_INIT {FL_LOCALE_VI, -1L, FL_ROUND_HALF_UP}

/**
 * Evaluates expr[0..len) into `result`.  With opts->places = -1 the result
 * must be a terminating decimal (FL_ERR_INEXACT otherwise: the caller should
 * ask for places); with places >= 0 it is rounded to that many places.
 * *inexact (may be NULL) tells whether rounding changed it.  Syntax errors
 * give FL_ERR_SYNTAX with err->column pointing into expr.
 */
fl_status fl_calc_eval(fl_dec result, const char *expr, size_t len, const fl_calc_options *opts,
                       bool *inexact, fl_error *err);

#ifdef __cplusplus
}
#endif

#endif
