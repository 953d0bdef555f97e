/*
 * amount.c - reading amounts as people write them (fundledger/amount.h).
 *
 * One pass over the text, left to right: an optional sign, the number (its
 * digits, group separators and decimal mark), an optional exponent, then
 * scale and currency words and "%".  The digits are gathered into machine
 * words on the way, so the only allocation is the result's own coefficient,
 * and the result is written only once the whole amount has been accepted.
 * No locale-dependent libc call is made: the convention is the caller's.
 *
 * What is accepted and refused, and why, is in docs/numbers.md; every
 * message here is pinned by tests/unit/test_amount.c.
 */
#include "fundledger/amount.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "amount_words.h"
#include "error.h"

/* Digits gathered per machine word: 10^CHUNK_DIGITS - 1 must fit in unsigned long. */
#if ULONG_MAX >= 18446744073709551615UL
#define CHUNK_DIGITS 19
#else
#define CHUNK_DIGITS 9
#endif
#define MAX_CHUNKS ((FL_DEC_MAX_PARSE_DIGITS + CHUNK_DIGITS - 1) / CHUNK_DIGITS)

/* Longest piece of the input quoted in a message, in bytes. */
#define QUOTE_MAX 40

#define MINUS_SIGN "\xE2\x88\x92" /* U+2212 */

/* The amount read so far; copied into the caller's fl_amount only on success. */
typedef struct amount_parts {
    bool negative;
    unsigned long chunks[MAX_CHUNKS];
    size_t chunk_count;
    unsigned long tail; /* digits after the last full chunk */
    int tail_digits;
    size_t digits;         /* all digits written */
    long fraction_digits;  /* digits after the decimal mark */
    long exponent_written; /* the "E+5" part */
    int power;             /* of the scale words */
    bool percent;
    bool currency;
} amount_parts;

typedef struct scanner {
    const char *text;
    size_t len;
    const fl_amount_options *opts;
    char group; /* "." in vi, "," in en */
    char mark;  /* "," in vi, "." in en */
    const char *locale_name;
    size_t start; /* where the amount (its sign) starts, for quoting */
    fl_error *err;
} scanner;

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Length of the character at `at`: its UTF-8 length, or 1 for a stray byte. */
static size_t char_length(const scanner *s, size_t at)
{
    uint32_t cp;
    size_t n = fl_amount_utf8_decode(&cp, s->text + at, s->len - at);

    return n ? n : 1;
}

/* Where the word starting at `at` ends: letters, marks, digits and "_". */
static size_t word_end(const scanner *s, size_t at)
{
    while (at < s->len) {
        uint32_t cp;
        size_t n = fl_amount_utf8_decode(&cp, s->text + at, s->len - at);

        if (n == 0 || !fl_amount_is_word_char(cp))
            break;
        at += n;
    }
    return at;
}

static bool word_starts_at(const scanner *s, size_t at)
{
    uint32_t cp;

    if (at >= s->len)
        return false;
    return fl_amount_utf8_decode(&cp, s->text + at, s->len - at) > 0 && fl_amount_is_word_start(cp);
}

static size_t skip_spaces(const scanner *s, size_t at)
{
    size_t n;

    while ((n = fl_amount_space_length(s->text + at, s->len - at)) > 0)
        at += n;
    return at;
}

/* Where a run of digits, group separators and decimal marks starting at `at` ends. */
static size_t number_run_end(const scanner *s, size_t at)
{
    while (at < s->len && (is_digit(s->text[at]) || s->text[at] == '.' || s->text[at] == ','))
        at++;
    return at;
}

/* A piece of the input for a message: at most QUOTE_MAX bytes, cut between characters. */
typedef struct quoted {
    char text[QUOTE_MAX + 4];
} quoted;

static const char *quote(quoted *q, const scanner *s, size_t from, size_t to)
{
    size_t n = to - from;
    bool cut = n > QUOTE_MAX;

    if (cut) {
        n = QUOTE_MAX;
        while (n > 0 && ((unsigned char)s->text[from + n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(q->text, s->text + from, n);
    memcpy(q->text + n, cut ? "..." : "", cut ? 4 : 1);
    return q->text;
}

/*
 * Fails with `status` at byte `at`: the message is `amount "<text from the
 * start to quote_end>"` followed by the formatted rest.
 */
static fl_status fail(const scanner *s, fl_status status, size_t at, size_t quote_end,
                      const char *fmt, ...) FL_PRINTF(5, 6);

static fl_status fail(const scanner *s, fl_status status, size_t at, size_t quote_end,
                      const char *fmt, ...)
{
    char rest[FL_ERROR_MESSAGE_MAX];
    quoted q;
    va_list ap;

    if (!s->err)
        return status;
    va_start(ap, fmt);
    vsnprintf(rest, sizeof rest, fmt, ap);
    va_end(ap);
    return fl_error_set_at(s->err, status, 1, fl_utf8_column(s->text, at), "amount \"%s\"%s",
                           quote(&q, s, s->start, quote_end), rest);
}

/* --- the number ------------------------------------------------------------------ */

static void add_digit(amount_parts *p, char c)
{
    p->digits++;
    if (p->digits > FL_DEC_MAX_PARSE_DIGITS)
        return; /* refused once the number ends */
    p->tail = p->tail * 10 + (unsigned long)(c - '0');
    if (++p->tail_digits == CHUNK_DIGITS) {
        p->chunks[p->chunk_count++] = p->tail;
        p->tail = 0;
        p->tail_digits = 0;
    }
}

/* A group separator at `at` was not followed by exactly three digits. */
static fl_status fail_group(const scanner *s, size_t at, size_t quote_end)
{
    return fail(s, FL_ERR_SYNTAX, at, quote_end,
                ": \"%c\" groups thousands in the %s convention and must be followed by exactly "
                "three digits (the decimal mark is \"%c\")",
                s->group, s->locale_name, s->mark);
}

/*
 * Reads the digits, group separators and decimal mark at *pos.  Grouping is
 * checked as it goes: at most three digits before the first separator, not
 * starting with 0, then groups of exactly three up to the decimal mark.
 */
static fl_status read_number(const scanner *s, amount_parts *p, size_t *pos)
{
    size_t at = *pos, end = number_run_end(s, *pos);
    size_t first_digit = at, last_group = 0, decimal_at = 0, too_many_at = 0;
    size_t run = 0; /* digits since the last separator */
    size_t groups = 0;
    bool decimal = false;

    for (; at < end; at++) {
        char c = s->text[at];

        if (is_digit(c)) {
            add_digit(p, c);
            if (p->digits == FL_DEC_MAX_PARSE_DIGITS + 1)
                too_many_at = at;
            if (decimal)
                p->fraction_digits++;
            run++;
        } else if (c == s->group) {
            if (decimal)
                return fail(s, FL_ERR_SYNTAX, at, end,
                            " mixes conventions: \"%c\" is the group separator in %s and cannot "
                            "follow the decimal mark \"%c\"",
                            s->group, s->locale_name, s->mark);
            if (p->digits == 0)
                return fail(s, FL_ERR_SYNTAX, at, end,
                            " starts with \"%c\", which groups thousands in the %s convention "
                            "(the decimal mark is \"%c\")",
                            s->group, s->locale_name, s->mark);
            if (groups == 0 && run > 3)
                return fail(s, FL_ERR_SYNTAX, at, end,
                            ": \"%c\" groups thousands in the %s convention, so at most three "
                            "digits may come before the first \"%c\"",
                            s->group, s->locale_name, s->group);
            if (groups == 0 && s->text[first_digit] == '0')
                return fail(s, FL_ERR_SYNTAX, first_digit, end,
                            ": \"%c\" groups thousands in the %s convention, so a grouped number "
                            "cannot start with 0 (the decimal mark is \"%c\")",
                            s->group, s->locale_name, s->mark);
            if (groups > 0 && run != 3)
                return fail_group(s, last_group, end);
            groups++;
            last_group = at;
            run = 0;
        } else { /* the decimal mark */
            if (decimal)
                return fail(s, FL_ERR_SYNTAX, at, end,
                            " has two decimal marks (\"%c\" is the decimal mark in the %s "
                            "convention)",
                            s->mark, s->locale_name);
            if (p->digits == 0)
                return fail(s, FL_ERR_SYNTAX, at, end,
                            " starts with the decimal mark \"%c\"; write a 0 before it", s->mark);
            if (groups > 0 && run != 3)
                return fail_group(s, last_group, end);
            decimal = true;
            decimal_at = at;
            run = 0;
        }
    }
    if (decimal && run == 0)
        return fail(s, FL_ERR_SYNTAX, decimal_at, end,
                    " ends with the decimal mark \"%c\"; write digits after it or leave it out",
                    s->mark);
    if (!decimal && groups > 0 && run == 0)
        return fail(s, FL_ERR_SYNTAX, last_group, end, " ends with the group separator \"%c\"",
                    s->group);
    if (!decimal && groups > 0 && run != 3)
        return fail_group(s, last_group, end);
    if (too_many_at)
        return fail(s, FL_ERR_RANGE, too_many_at, end, " has more than %d digits",
                    FL_DEC_MAX_PARSE_DIGITS);
    *pos = end;
    return FL_OK;
}

/* Whether an exponent ("E5", "e+5", "E-3") starts at `at`. */
static bool exponent_starts_at(const scanner *s, size_t at)
{
    if (at + 1 >= s->len || (s->text[at] != 'e' && s->text[at] != 'E'))
        return false;
    if (is_digit(s->text[at + 1]))
        return true;
    return (s->text[at + 1] == '+' || s->text[at + 1] == '-') && at + 2 < s->len &&
           is_digit(s->text[at + 2]);
}

static fl_status read_exponent(const scanner *s, amount_parts *p, size_t *pos)
{
    size_t at = *pos + 1, end;
    bool negative = false, too_large = false;
    long e = 0;

    if (s->text[at] == '+' || s->text[at] == '-')
        negative = s->text[at++] == '-';
    end = at;
    while (end < s->len && is_digit(s->text[end]))
        end++;
    if (!s->opts->allow_exponent)
        return fail(s, FL_ERR_SYNTAX, *pos, end,
                    " has an exponent, and exponents are not allowed here");
    for (; at < end; at++) {
        if (e > FL_DEC_MAX_EXPONENT * 2) {
            too_large = true;
            continue;
        }
        e = e * 10 + (s->text[at] - '0');
    }
    if (too_large || e > FL_DEC_MAX_EXPONENT * 2)
        return fail(s, FL_ERR_RANGE, *pos, end, " has an exponent beyond ±%ld",
                    FL_DEC_MAX_EXPONENT);
    p->exponent_written = negative ? -e : e;
    *pos = end;
    return FL_OK;
}

/* --- words after the number -------------------------------------------------------- */

/*
 * Whether the word at `at`, directly after the digits, is the "x" of "2x3":
 * an "x" that no letter follows (the calculator's rule), left for the caller.
 */
static bool is_times_sign(const scanner *s, size_t at)
{
    unsigned char next;

    if (s->text[at] != 'x' && s->text[at] != 'X')
        return false;
    if (at + 1 == s->len)
        return true;
    next = (unsigned char)s->text[at + 1];
    return next < 0x80 && !((next >= 'a' && next <= 'z') || (next >= 'A' && next <= 'Z'));
}

static fl_status fail_not_a_word(const scanner *s, size_t at, size_t end)
{
    quoted q;

    return fail(s, FL_ERR_SYNTAX, at, end, ": \"%s\" is not a scale or currency word",
                quote(&q, s, at, end));
}

/* The words read so far after one number. */
typedef struct words_read {
    size_t scale_words;
    size_t last_scale;  /* where the last scale word starts */
    bool last_thousand; /* it was nghìn / ngàn, which "tỷ" may follow */
    size_t currency_at; /* where the currency word starts */
} words_read;

/* Takes the scale or currency word w at [at, end) into p, or refuses it. */
static fl_status take_word(const scanner *s, amount_parts *p, words_read *r, const amount_word *w,
                           size_t at, size_t end)
{
    quoted q, q2;

    if (w->english && s->opts->locale == FL_LOCALE_VI)
        return fail(s, FL_ERR_SYNTAX, at, end,
                    ": \"%s\" is an English word; write \"%s\" or read the amount in the en "
                    "convention",
                    quote(&q, s, at, end), w->vi_for);
    if (!s->opts->allow_scale)
        return fail(s, FL_ERR_SYNTAX, at, end,
                    " has a %s word, and scale and currency words are not allowed here",
                    w->kind == AMOUNT_WORD_SCALE ? "scale" : "currency");
    if (w->kind == AMOUNT_WORD_CURRENCY) {
        if (p->currency)
            return fail(
                s, FL_ERR_SYNTAX, at, end, " names the currency twice (\"%s\", then \"%s\")",
                quote(&q, s, r->currency_at, word_end(s, r->currency_at)), quote(&q2, s, at, end));
        p->currency = true;
        r->currency_at = at;
        return FL_OK;
    }
    if (p->currency)
        return fail(s, FL_ERR_SYNTAX, at, end,
                    ": the scale word \"%s\" must come before the currency word \"%s\"",
                    quote(&q, s, at, end),
                    quote(&q2, s, r->currency_at, word_end(s, r->currency_at)));
    if (r->scale_words == 0)
        p->power = w->power;
    else if (r->scale_words == 1 && r->last_thousand && w->billion_vi)
        p->power = 12; /* nghìn tỷ */
    else
        return fail(s, FL_ERR_SYNTAX, at, end,
                    " names a scale twice (\"%s\", then \"%s\"); only \"nghìn tỷ\" combines "
                    "two scale words",
                    quote(&q, s, r->last_scale, word_end(s, r->last_scale)),
                    quote(&q2, s, at, end));
    r->scale_words++;
    r->last_scale = at;
    r->last_thousand = w->thousand_vi;
    return FL_OK;
}

/*
 * Reads the scale and currency words and "%" after the number at *pos.
 * Stops before anything else (an operator, another word), leaving *pos after
 * the last thing taken.
 */
static fl_status read_words(const scanner *s, amount_parts *p, size_t *pos)
{
    words_read r = {0, 0, false, 0};
    size_t end = *pos;
    bool after_number = true;
    fl_status status;
    quoted q;

    for (;;) {
        size_t at = skip_spaces(s, end), word_stop;
        bool spaced = at > end;
        amount_word w;

        if (at >= s->len)
            break;
        if (s->text[at] == '%') {
            size_t next;

            if (!s->opts->allow_percent)
                return fail(s, FL_ERR_SYNTAX, at, at + 1,
                            " is a percentage, and percentages are not allowed here");
            if (r.scale_words > 0 || p->currency)
                return fail(s, FL_ERR_SYNTAX, at, at + 1,
                            ": a percentage cannot have a scale or currency word");
            p->percent = true;
            end = at + 1;
            /* "5 % tỷ" is refused here rather than left for the caller. */
            next = skip_spaces(s, end);
            if (word_starts_at(s, next)) {
                word_stop = word_end(s, next);
                fl_amount_word_classify(&w, s->text + next, word_stop - next);
                if (w.kind != AMOUNT_WORD_NONE)
                    return fail(s, FL_ERR_SYNTAX, next, word_stop,
                                ": a percentage cannot have a scale or currency word");
            }
            break;
        }
        if (after_number && spaced && is_digit(s->text[at]))
            return fail(s, FL_ERR_SYNTAX, end, number_run_end(s, at),
                        " has a space inside the number; write it without spaces or group "
                        "thousands with \"%c\" in the %s convention",
                        s->group, s->locale_name);
        if (!word_starts_at(s, at))
            break;
        if (after_number && !spaced && is_times_sign(s, at))
            break;
        word_stop = word_end(s, at);
        fl_amount_word_classify(&w, s->text + at, word_stop - at);
        if (w.kind == AMOUNT_WORD_NONE) {
            if (!spaced)
                return fail(s, FL_ERR_SYNTAX, at, word_stop,
                            " has letters after the number: \"%s\" is not a scale or "
                            "currency word",
                            quote(&q, s, at, word_stop));
            if (fl_amount_word_extends_keyword(s->text + at, word_stop - at))
                return fail_not_a_word(s, at, word_stop);
            break;
        }
        status = take_word(s, p, &r, &w, at, word_stop);
        if (status != FL_OK)
            return status;
        end = word_stop;
        after_number = false;
    }
    *pos = end;
    return FL_OK;
}

/* --- the whole amount ------------------------------------------------------------ */

/* Length of a minus sign ("-" or U+2212) at `at`, or 0. */
static size_t minus_length(const scanner *s, size_t at)
{
    if (at < s->len && s->text[at] == '-')
        return 1;
    if (s->len - at >= 3 && memcmp(s->text + at, MINUS_SIGN, 3) == 0)
        return 3;
    return 0;
}

/* Where the text that is not a space, starting at `at`, ends. */
static size_t token_end(const scanner *s, size_t at)
{
    while (at < s->len && fl_amount_space_length(s->text + at, s->len - at) == 0)
        at += char_length(s, at);
    return at;
}

/* Refuses what stands at `at` where a number or a word should: a word, a digit run or a character.
 */
static fl_status fail_no_number(const scanner *s, size_t at)
{
    size_t end;
    uint32_t cp;
    amount_word w;
    quoted q;

    if (fl_amount_utf8_decode(&cp, s->text + at, s->len - at) == 0)
        return fail(s, FL_ERR_SYNTAX, at, at,
                    " does not start with a digit: byte 0x%02X is not UTF-8 text",
                    (unsigned)(unsigned char)s->text[at]);
    if (!word_starts_at(s, at))
        return fail(s, FL_ERR_SYNTAX, at, token_end(s, at), " does not start with a digit");
    end = word_end(s, at);
    if (fl_amount_word_is_not_a_number(s->text + at, end - at))
        return fail(s, FL_ERR_SYNTAX, at, end,
                    " is not a number: only finite decimal figures are read");
    fl_amount_word_classify(&w, s->text + at, end - at);
    if (w.kind != AMOUNT_WORD_NONE)
        return fail(s, FL_ERR_SYNTAX, at, end, " has no number before \"%s\"",
                    quote(&q, s, at, end));
    return fail(s, FL_ERR_SYNTAX, at, end, " does not start with a digit");
}

/* The sign, if any, at *pos; refuses "+", two signs and a sign on its own. */
static fl_status read_sign(scanner *s, amount_parts *p, size_t *pos)
{
    size_t at = *pos, n = minus_length(s, at);

    if (s->text[at] == '+')
        return fail(s, FL_ERR_SYNTAX, at, token_end(s, at),
                    " has a \"+\" sign; write positive amounts without a sign");
    if (n == 0)
        return FL_OK;
    p->negative = true;
    at += n;
    if (at >= s->len)
        return fail(s, FL_ERR_SYNTAX, at - n, at, " has a sign but no digits");
    if (minus_length(s, at) > 0 || s->text[at] == '+')
        return fail(s, FL_ERR_SYNTAX, at, token_end(s, at), " has two signs");
    if (fl_amount_space_length(s->text + at, s->len - at) > 0) {
        size_t next = skip_spaces(s, at);

        if (next >= s->len)
            return fail(s, FL_ERR_SYNTAX, at - n, at, " has a sign but no digits");
        return fail(s, FL_ERR_SYNTAX, at, token_end(s, next),
                    " has a space after the sign; write the sign next to the digits");
    }
    *pos = at;
    return FL_OK;
}

/*
 * Reads one amount from the start of the text (after spaces) into p.
 * *end is set after its last character (trailing spaces excluded).
 */
static fl_status read_amount(scanner *s, amount_parts *p, long *exponent, size_t *end)
{
    size_t at = skip_spaces(s, 0), sign_at, number_end;
    fl_status status;
    char c;

    s->start = at;
    if (at >= s->len)
        return fl_error_set_at(s->err, FL_ERR_SYNTAX, 1, fl_utf8_column(s->text, at),
                               "amount is empty");
    sign_at = at;
    status = read_sign(s, p, &at);
    if (status != FL_OK)
        return status;
    c = s->text[at];
    if (!is_digit(c) && c != '.' && c != ',')
        return fail_no_number(s, at);
    status = read_number(s, p, &at);
    if (status != FL_OK)
        return status;
    if (exponent_starts_at(s, at)) {
        status = read_exponent(s, p, &at);
        if (status != FL_OK)
            return status;
    }
    number_end = at;
    if (p->negative && !s->opts->allow_negative)
        return fail(s, FL_ERR_SYNTAX, sign_at, number_end,
                    " is negative, and negative amounts are not allowed here");
    status = read_words(s, p, &at);
    if (status != FL_OK)
        return status;
    *exponent = p->exponent_written - p->fraction_digits + p->power;
    if (*exponent > FL_DEC_MAX_EXPONENT || *exponent < -FL_DEC_MAX_EXPONENT)
        return fail(s, FL_ERR_RANGE, sign_at, at, " is out of range: its exponent would be %ld",
                    *exponent);
    *end = at;
    return FL_OK;
}

static unsigned long power_of_ten(int n)
{
    unsigned long r = 1;

    while (n-- > 0)
        r *= 10;
    return r;
}

/* Writes the accepted amount into out (which changes only here). */
static void commit(fl_amount *out, const amount_parts *p, long exponent)
{
    mpz_ptr coefficient = out->value->coefficient;
    size_t i;

    if (p->chunk_count == 0) {
        mpz_set_ui(coefficient, p->tail);
    } else {
        mpz_set_ui(coefficient, p->chunks[0]);
        for (i = 1; i < p->chunk_count; i++) {
            mpz_mul_ui(coefficient, coefficient, power_of_ten(CHUNK_DIGITS));
            mpz_add_ui(coefficient, coefficient, p->chunks[i]);
        }
        if (p->tail_digits > 0) {
            mpz_mul_ui(coefficient, coefficient, power_of_ten(p->tail_digits));
            mpz_add_ui(coefficient, coefficient, p->tail);
        }
    }
    if (p->negative)
        mpz_neg(coefficient, coefficient);
    out->value->exponent = exponent;
    out->scale = (fl_scale)p->power;
    out->written_places = p->fraction_digits;
    out->quantum = exponent;
    out->percent = p->percent;
    out->has_currency = p->currency;
}

static fl_status scanner_init(scanner *s, const char *text, size_t len,
                              const fl_amount_options *opts, fl_error *err)
{
    static const fl_amount_options defaults = FL_AMOUNT_OPTIONS_INIT;

    memset(s, 0, sizeof *s);
    s->text = text ? text : "";
    s->len = text ? len : 0;
    s->opts = opts ? opts : &defaults;
    s->err = err;
    switch (s->opts->locale) {
    case FL_LOCALE_VI:
        s->group = '.';
        s->mark = ',';
        break;
    case FL_LOCALE_EN:
        s->group = ',';
        s->mark = '.';
        break;
    default:
        return fl_error_set(err, FL_ERR_INVALID_ARGUMENT, "unknown number convention %d",
                            (int)s->opts->locale);
    }
    s->locale_name = fl_locale_name(s->opts->locale);
    return FL_OK;
}

/* --- public ----------------------------------------------------------------------- */

void fl_amount_init(fl_amount *a)
{
    fl_dec_init(a->value);
    a->scale = FL_SCALE_DONG;
    a->written_places = 0;
    a->quantum = 0;
    a->percent = false;
    a->has_currency = false;
}

void fl_amount_clear(fl_amount *a)
{
    if (a)
        fl_dec_clear(a->value);
}

fl_status fl_amount_scan(fl_amount *out, size_t *consumed, const char *text, size_t len,
                         const fl_amount_options *opts, fl_error *err)
{
    amount_parts parts;
    scanner s;
    size_t end = 0;
    long exponent = 0;
    fl_status status;

    if (!out || !consumed || (!text && len > 0))
        return fl_error_set(err, FL_ERR_INVALID_ARGUMENT,
                            "fl_amount_scan needs an amount, a "
                            "count and the text");
    status = scanner_init(&s, text, len, opts, err);
    if (status != FL_OK)
        return status;
    memset(&parts, 0, sizeof parts);
    status = read_amount(&s, &parts, &exponent, &end);
    if (status != FL_OK) {
        fl_error_set_source(err, s.text, s.len);
        return status;
    }
    commit(out, &parts, exponent);
    *consumed = end;
    return FL_OK;
}

fl_status fl_amount_parse(fl_amount *out, const char *text, size_t len,
                          const fl_amount_options *opts, fl_error *err)
{
    amount_parts parts;
    scanner s;
    size_t end = 0, rest;
    long exponent = 0;
    fl_status status;
    quoted q;

    if (!out || (!text && len > 0))
        return fl_error_set(err, FL_ERR_INVALID_ARGUMENT,
                            "fl_amount_parse needs an amount and "
                            "the text");
    status = scanner_init(&s, text, len, opts, err);
    if (status != FL_OK)
        return status;
    memset(&parts, 0, sizeof parts);
    status = read_amount(&s, &parts, &exponent, &end);
    if (status == FL_OK && (rest = skip_spaces(&s, end)) < s.len) {
        uint32_t cp;
        size_t stop;

        if (word_starts_at(&s, rest)) {
            status = fail_not_a_word(&s, rest, word_end(&s, rest));
        } else if (fl_amount_utf8_decode(&cp, s.text + rest, s.len - rest) == 0) {
            status = fail(&s, FL_ERR_SYNTAX, rest, end,
                          " is followed by byte 0x%02X, which is not UTF-8 text",
                          (unsigned)(unsigned char)s.text[rest]);
        } else {
            stop = is_digit(s.text[rest]) ? number_run_end(&s, rest) : rest + char_length(&s, rest);
            status = fail(&s, FL_ERR_SYNTAX, rest, end,
                          " is followed by \"%s\", which is not part of an amount",
                          quote(&q, &s, rest, stop));
        }
    }
    if (status != FL_OK) {
        fl_error_set_source(err, s.text, s.len);
        return status;
    }
    commit(out, &parts, exponent);
    return FL_OK;
}
