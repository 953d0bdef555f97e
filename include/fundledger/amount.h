/*
 * fundledger/amount.h - amounts as people write them, in Vietnamese or
 * English convention, with scale and currency words.
 *
 * Parsing is strict: a text is read only when it has exactly one meaning in
 * the chosen convention; everything else is refused with the column and a
 * sentence that says what is wrong.  docs/numbers.md lists what is accepted.
 */
#ifndef FUNDLEDGER_AMOUNT_H
#define FUNDLEDGER_AMOUNT_H

#include "common.h"
#include "decimal.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Number conventions. */
typedef enum fl_locale {
    FL_LOCALE_VI = 0, /**< grouping ".", decimal ",": 1.908 = 1908; 151,463 = 151.463 (default) */
    FL_LOCALE_EN      /**< grouping ",", decimal ".": 1,908 = 1908; 151.463 = 151.463 */
} fl_locale;

/** "vi" or "en"; static storage. */
const char *fl_locale_name(fl_locale locale);
/** Looks up "vi" / "en"; FL_ERR_SYNTAX otherwise. */
fl_status fl_locale_from_name(fl_locale *out, const char *name);

/** Scale of a figure: the power of ten its unit stands for. */
typedef enum fl_scale {
    FL_SCALE_DONG = 0,     /**< x1 (đồng, đ, VND, VNĐ) */
    FL_SCALE_NGHIN = 3,    /**< x10^3 (nghìn, ngàn, thousand) */
    FL_SCALE_TRIEU = 6,    /**< x10^6 (triệu, million) */
    FL_SCALE_TY = 9,       /**< x10^9 (tỷ, tỉ, billion) */
    FL_SCALE_NGHIN_TY = 12 /**< x10^12 (nghìn tỷ) */
} fl_scale;

/** Command-line name of a scale: "dong", "nghin", "trieu", "ty", "nghin-ty"; static storage. */
const char *fl_scale_name(fl_scale scale);
/** Looks a scale up by the names above; FL_ERR_SYNTAX otherwise. */
fl_status fl_scale_from_name(fl_scale *out, const char *name);
/** The unit label of a scale in a locale, e.g. "tỷ đồng" / "billion VND"; static storage. */
const char *fl_scale_label(fl_scale scale, fl_locale locale);

typedef struct fl_amount_options {
    fl_locale locale;    /**< the convention of the text (default vi) */
    bool allow_scale;    /**< accept scale and currency words (default true) */
    bool allow_percent;  /**< accept a trailing "%" (default true) */
    bool allow_exponent; /**< accept "1E+5" style exponents (default false) */
    bool allow_negative; /**< accept a leading "-" (default true) */
} fl_amount_options;

#define FL_AMOUNT_OPTIONS_INIT                                                                     \
    {                                                                                              \
        FL_LOCALE_VI, true, true, false, true                                                      \
    }

/** What a parsed amount says. */
typedef struct fl_amount {
    /** The value in đồng (scale applied), or the percentage number for "72,46 %" (72.46). */
    fl_dec value;
    /** The scale word's power of ten (0 when none). */
    fl_scale scale;
    /** Decimal places as written ("151,463" -> 3). */
    long written_places;
    /**
     * The exponent of the last written digit after scaling: a figure written
     * as "151,463 tỷ" is precise to 10^(9-3) = 10^6 đồng, so quantum = 6.
     * Rounding the exact value to -quantum places reproduces the figure.
     */
    long quantum;
    bool percent;      /**< ended in "%" */
    bool has_currency; /**< named a currency (đồng, VND, ...) */
} fl_amount;

/** Initialises an amount (value 0).  Pair with fl_amount_clear. */
void fl_amount_init(fl_amount *a);
void fl_amount_clear(fl_amount *a);

/**
 * Parses all of text[0..len) as one amount.  Leading and trailing spaces are
 * allowed; anything else that is not part of the amount is an error.  On
 * failure `out` is unchanged and err->column (1-based, in characters of
 * text) points at the problem, err->message says what it is.
 */
fl_status fl_amount_parse(fl_amount *out, const char *text, size_t len,
                          const fl_amount_options *opts, fl_error *err);

/**
 * Reads the longest amount at the start of text[0..len): the number (all of
 * its digits, "." and "," together, so a malformed number is refused whole),
 * then optional spaces and scale/currency words and "%".  *consumed is set to
 * the bytes used (trailing spaces after the last word are not consumed).
 * Used by tokenisers such as fl_calc's.
 */
fl_status fl_amount_scan(fl_amount *out, size_t *consumed, const char *text, size_t len,
                         const fl_amount_options *opts, fl_error *err);

typedef struct fl_format_options {
    fl_locale locale;     /**< separators (default vi) */
    bool grouping;        /**< group thousands (default true) */
    fl_scale scale;       /**< divide by 10^scale for display (default đồng) */
    bool scale_word;      /**< append the scale's word, e.g. " tỷ" (default false) */
    long places;          /**< places to show; -1 = as many as the exact value needs (default) */
    fl_rounding rounding; /**< how to reach `places` (default half-up) */
    bool plain;           /**< canonical machine form: overrides locale, grouping and words */
} fl_format_options;

#define FL_FORMAT_OPTIONS_INIT                                                                     \
    {                                                                                              \
        FL_LOCALE_VI, true, FL_SCALE_DONG, false, -1L, FL_ROUND_HALF_UP, false                     \
    }

/**
 * Formats v for people (or for machines with opts->plain).  Scaling is exact
 * (151463000000 at scale ty is 151,463).  With places = -1 nothing is
 * rounded; otherwise the value is rounded with opts->rounding, and
 * FL_ROUND_EXACT refuses (FL_ERR_INEXACT) instead of rounding.
 * *out is a new string the caller frees with free().  *inexact (may be NULL)
 * tells whether the shown figure differs from the exact value.
 */
fl_status fl_amount_format(char **out, const fl_dec v, const fl_format_options *opts,
                           bool *inexact);

#ifdef __cplusplus
}
#endif

#endif
