/*
 * calc.c - the exact calculator (fundledger/calc.h).
 *
 * A recursive-descent parser that evaluates as it parses, over GMP rationals:
 *
 *   expression := term { ("+" | "-" | "−") term }
 *   term       := factor { ("*" | "×" | "x" | "X" | "/" | "÷" | ":") factor }
 *   factor     := { "+" | "-" | "−" } primary
 *   primary    := amount | "(" expression ")"
 *
 * Amounts are read by fl_amount_scan, so the calculator accepts exactly the
 * figures the rest of fundledger accepts.  Only parentheses recurse (signs
 * are counted in a loop), and their depth is capped, so no input can
 * overflow the stack; the size of every intermediate rational is capped too,
 * because GMP aborts the process when an allocation fails.
 */
#include "fundledger/calc.h"

#include <stdio.h>
#include <string.h>

#include "error.h"

/* Longest expression read, in bytes. */
#define CALC_MAX_LENGTH (64UL * 1024UL)
/* Deepest nesting of parentheses. */
#define CALC_MAX_DEPTH 256U
/* Largest numerator or denominator of any intermediate result, in bits. */
#define CALC_MAX_BITS 100000UL
/* Longest fraction quoted in the "does not terminate" message, in digits. */
#define CALC_MAX_QUOTED_DIGITS 40UL
/* Longest token quoted in a message, in bytes. */
#define CALC_MAX_QUOTED_TOKEN 40

typedef enum token_kind {
    TOKEN_END,
    TOKEN_NUMBER, /* starts with a digit, "." or ",": read by fl_amount_scan */
    TOKEN_PLUS,
    TOKEN_MINUS,
    TOKEN_TIMES,
    TOKEN_DIVIDE,
    TOKEN_OPEN,
    TOKEN_CLOSE,
    TOKEN_WORD,      /* letters and digits that are not an amount: "abc", "NaN" */
    TOKEN_UNEXPECTED /* a character that has no place in an expression */
} token_kind;

typedef struct token {
    token_kind kind;
    size_t start; /* byte offsets into the expression */
    size_t end;
} token;

typedef struct calc_parser {
    const char *text;
    size_t len;
    size_t pos;
    unsigned depth;
    fl_amount_options amount_options;
    fl_amount amount; /* scratch for fl_amount_scan */
    fl_error *err;
} calc_parser;

static fl_status parse_expression(calc_parser *p, mpq_t out);

/* --- characters and tokens ---------------------------------------------------- */

static bool is_ascii_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static bool is_ascii_letter(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Whether text[at..) starts with the UTF-8 bytes of s. */
static bool starts_with(const calc_parser *p, size_t at, const char *s)
{
    size_t n = strlen(s);

    return p->len - at >= n && memcmp(p->text + at, s, n) == 0;
}

/* The operators and signs written with more than one byte. */
#define MINUS_SIGN "\xE2\x88\x92" /* U+2212 − */
#define TIMES_SIGN "\xC3\x97"     /* U+00D7 × */
#define DIVISION_SIGN "\xC3\xB7"  /* U+00F7 ÷ */
/* Spaces that text copied from documents carries between figures. */
#define NO_BREAK_SPACE "\xC2\xA0"            /* U+00A0 */
#define NARROW_NO_BREAK_SPACE "\xE2\x80\xAF" /* U+202F */

/* The length of a well-formed UTF-8 sequence at text[at..), or 0. */
static size_t utf8_sequence_length(const calc_parser *p, size_t at)
{
    unsigned char c = (unsigned char)p->text[at];
    size_t n, i;

    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        n = 2;
    else if (c >= 0xE0 && c <= 0xEF)
        n = 3;
    else if (c >= 0xF0 && c <= 0xF4)
        n = 4;
    else
        return 0;
    if (p->len - at < n)
        return 0;
    for (i = 1; i < n; i++)
        if (((unsigned char)p->text[at + i] & 0xC0) != 0x80)
            return 0;
    return n;
}

/* A multi-byte character that is an operator: part of no word. */
static bool is_operator_sequence(const calc_parser *p, size_t at)
{
    return starts_with(p, at, MINUS_SIGN) || starts_with(p, at, TIMES_SIGN) ||
           starts_with(p, at, DIVISION_SIGN);
}

/* The end of the word that starts at `at`: letters, digits, "." and ",". */
static size_t word_end(const calc_parser *p, size_t at)
{
    while (at < p->len) {
        unsigned char c = (unsigned char)p->text[at];
        size_t n;

        if (is_ascii_letter(c) || is_ascii_digit(c) || c == '.' || c == ',' || c == '_') {
            at++;
            continue;
        }
        if (c < 0x80 || is_operator_sequence(p, at))
            break;
        n = utf8_sequence_length(p, at);
        if (n == 0)
            break;
        at += n;
    }
    return at;
}

static void skip_spaces(calc_parser *p)
{
    while (p->pos < p->len) {
        char c = p->text[p->pos];

        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            p->pos++;
        } else if (starts_with(p, p->pos, NO_BREAK_SPACE)) {
            p->pos += strlen(NO_BREAK_SPACE);
        } else if (starts_with(p, p->pos, NARROW_NO_BREAK_SPACE)) {
            p->pos += strlen(NARROW_NO_BREAK_SPACE);
        } else {
            break;
        }
    }
}

/*
 * Looks at the next token without consuming it (p->pos = t->end consumes
 * it).  Amounts are only delimited here; parse_primary reads them.
 */
static void peek(calc_parser *p, token *t)
{
    size_t at;
    unsigned char c;

    skip_spaces(p);
    at = p->pos;
    t->start = at;
    t->end = at + 1;
    if (at >= p->len) {
        t->kind = TOKEN_END;
        t->end = at;
        return;
    }
    c = (unsigned char)p->text[at];
    switch (c) {
    case '+':
        t->kind = TOKEN_PLUS;
        return;
    case '-':
        t->kind = TOKEN_MINUS;
        return;
    case '*':
        t->kind = TOKEN_TIMES;
        return;
    case '/':
    case ':':
        t->kind = TOKEN_DIVIDE;
        return;
    case '(':
        t->kind = TOKEN_OPEN;
        return;
    case ')':
        t->kind = TOKEN_CLOSE;
        return;
    default:
        break;
    }
    if (starts_with(p, at, MINUS_SIGN)) {
        t->kind = TOKEN_MINUS;
        t->end = at + strlen(MINUS_SIGN);
        return;
    }
    if (starts_with(p, at, TIMES_SIGN) || starts_with(p, at, DIVISION_SIGN)) {
        t->kind = c == 0xC3 && (unsigned char)p->text[at + 1] == 0x97 ? TOKEN_TIMES : TOKEN_DIVIDE;
        t->end = at + 2;
        return;
    }
    /* "x" is "times" only as a word of its own: "2 x 3", "2x3", never "xã". */
    if ((c == 'x' || c == 'X') &&
        (at + 1 == p->len || !(is_ascii_letter((unsigned char)p->text[at + 1]) ||
                               (unsigned char)p->text[at + 1] >= 0x80))) {
        t->kind = TOKEN_TIMES;
        return;
    }
    if (is_ascii_digit(c) || c == '.' || c == ',') {
        t->kind = TOKEN_NUMBER;
        t->end = word_end(p, at);
        return;
    }
    if (is_ascii_letter(c) || (c >= 0x80 && utf8_sequence_length(p, at) > 0)) {
        t->kind = TOKEN_WORD;
        t->end = word_end(p, at);
        return;
    }
    t->kind = TOKEN_UNEXPECTED;
    if (c >= 0x80)
        t->end = at + 1; /* a byte that is not UTF-8: described by value */
}

/* --- errors --------------------------------------------------------------------- */

static unsigned long column_of(const calc_parser *p, size_t offset)
{
    return fl_utf8_column(p->text, offset);
}

/* Writes how a message names token t: "\")\"", "\"abc\"" or "the end of the expression". */
static void describe(char *buf, size_t size, const calc_parser *p, const token *t)
{
    size_t n = t->end - t->start;
    unsigned char c = t->kind == TOKEN_END ? 0 : (unsigned char)p->text[t->start];

    if (t->kind == TOKEN_END) {
        snprintf(buf, size, "the end of the expression");
        return;
    }
    if (c < 0x20 || c == 0x7F) {
        snprintf(buf, size, "control character U+%04X", (unsigned)c);
        return;
    }
    if (c >= 0x80 && utf8_sequence_length(p, t->start) == 0) {
        snprintf(buf, size, "byte 0x%02X, which is not UTF-8", (unsigned)c);
        return;
    }
    if (n > CALC_MAX_QUOTED_TOKEN) {
        n = CALC_MAX_QUOTED_TOKEN;
        while (n > 0 && ((unsigned char)p->text[t->start + n] & 0xC0) == 0x80)
            n--;
        snprintf(buf, size, "\"%.*s...\"", (int)n, p->text + t->start);
        return;
    }
    snprintf(buf, size, "\"%.*s\"", (int)n, p->text + t->start);
}

static fl_status fail_unexpected(calc_parser *p, const token *t)
{
    char found[CALC_MAX_QUOTED_TOKEN + 64];

    describe(found, sizeof found, p, t);
    return fl_error_set_at(p->err, FL_ERR_SYNTAX, 1, column_of(p, t->start), "unexpected %s",
                           found);
}

/* The error for token t where `wanted` should have come. */
static fl_status fail_expected(calc_parser *p, const token *t, const char *wanted)
{
    char found[CALC_MAX_QUOTED_TOKEN + 64];

    if (t->kind == TOKEN_UNEXPECTED)
        return fail_unexpected(p, t);
    describe(found, sizeof found, p, t);
    return fl_error_set_at(p->err, FL_ERR_SYNTAX, 1, column_of(p, t->start),
                           "expected %s but found %s", wanted, found);
}

/* FL_ERR_RANGE at `offset` if x is larger than the calculator allows. */
static fl_status check_size(calc_parser *p, const mpq_t x, size_t offset)
{
    if (mpz_sizeinbase(mpq_numref(x), 2) <= CALC_MAX_BITS &&
        mpz_sizeinbase(mpq_denref(x), 2) <= CALC_MAX_BITS)
        return FL_OK;
    return fl_error_set_at(p->err, FL_ERR_RANGE, 1, column_of(p, offset),
                           "the result of this operation is too large to keep exactly "
                           "(more than %lu bits)",
                           CALC_MAX_BITS);
}

/* --- the grammar ------------------------------------------------------------------ */

/* out = the amount at t, read by fl_amount_scan ("5%" is 5/100). */
static fl_status parse_amount(calc_parser *p, mpq_t out, const token *t)
{
    const fl_dec_struct *v;
    size_t consumed = 0;
    fl_status status;

    status = fl_amount_scan(&p->amount, &consumed, p->text + t->start, p->len - t->start,
                            &p->amount_options, p->err);
    if (status != FL_OK) {
        /* Keep the scanner's message; make its column count from the expression's start. */
        if (p->err) {
            unsigned long inner = p->err->column ? p->err->column : 1;

            p->err->line = 1;
            p->err->column = column_of(p, t->start) + inner - 1;
        }
        return status;
    }
    v = p->amount.value;
    /* Amounts are at most FL_DEC_MAX_PARSE_DIGITS digits; this bounds their scale too. */
    if (v->exponent > (long)(CALC_MAX_BITS / 4) || v->exponent < -(long)(CALC_MAX_BITS / 4))
        return fl_error_set_at(p->err, FL_ERR_RANGE, 1, column_of(p, t->start),
                               "this amount is too large or too precise for the calculator");
    mpz_set(mpq_numref(out), v->coefficient);
    mpz_set_ui(mpq_denref(out), 1);
    if (v->exponent > 0) {
        mpz_ui_pow_ui(mpq_denref(out), 10, (unsigned long)v->exponent);
        mpz_mul(mpq_numref(out), mpq_numref(out), mpq_denref(out));
        mpz_set_ui(mpq_denref(out), 1);
    } else if (v->exponent < 0) {
        mpz_ui_pow_ui(mpq_denref(out), 10, (unsigned long)-v->exponent);
    }
    if (p->amount.percent)
        mpz_mul_ui(mpq_denref(out), mpq_denref(out), 100);
    mpq_canonicalize(out);
    p->pos = t->start + consumed;
    return FL_OK;
}

static fl_status parse_primary(calc_parser *p, mpq_t out)
{
    token t, open;
    fl_status status;

    peek(p, &t);
    if (t.kind == TOKEN_NUMBER)
        return parse_amount(p, out, &t);
    if (t.kind != TOKEN_OPEN)
        return fail_expected(p, &t, "a number or \"(\"");
    if (p->depth >= CALC_MAX_DEPTH)
        return fl_error_set_at(p->err, FL_ERR_LIMIT, 1, column_of(p, t.start),
                               "parentheses nest more than %u deep", CALC_MAX_DEPTH);
    open = t;
    p->pos = t.end;
    p->depth++;
    status = parse_expression(p, out);
    p->depth--;
    if (status != FL_OK)
        return status;
    peek(p, &t);
    if (t.kind == TOKEN_CLOSE) {
        p->pos = t.end;
        return FL_OK;
    }
    if (t.kind == TOKEN_END)
        return fl_error_set_at(p->err, FL_ERR_SYNTAX, 1, column_of(p, open.start),
                               "unbalanced parenthesis: \"(\" at column %lu is never closed",
                               column_of(p, open.start));
    return fail_expected(p, &t, "an operator or \")\"");
}

static fl_status parse_factor(calc_parser *p, mpq_t out)
{
    bool negative = false;
    fl_status status;
    token t;

    for (;;) {
        peek(p, &t);
        if (t.kind != TOKEN_PLUS && t.kind != TOKEN_MINUS)
            break;
        if (t.kind == TOKEN_MINUS)
            negative = !negative;
        p->pos = t.end;
    }
    status = parse_primary(p, out);
    if (status == FL_OK && negative)
        mpq_neg(out, out);
    return status;
}

static fl_status parse_term(calc_parser *p, mpq_t out)
{
    fl_status status;
    mpq_t right;
    token op;

    mpq_init(right);
    status = parse_factor(p, out);
    while (status == FL_OK) {
        peek(p, &op);
        if (op.kind != TOKEN_TIMES && op.kind != TOKEN_DIVIDE)
            break;
        p->pos = op.end;
        status = parse_factor(p, right);
        if (status != FL_OK)
            break;
        if (op.kind == TOKEN_TIMES) {
            mpq_mul(out, out, right);
        } else if (mpq_sgn(right) == 0) {
            status = fl_error_set_at(p->err, FL_ERR_DIVISION_BY_ZERO, 1, column_of(p, op.start),
                                     "division by zero");
            break;
        } else {
            mpq_div(out, out, right);
        }
        status = check_size(p, out, op.start);
    }
    mpq_clear(right);
    return status;
}

static fl_status parse_expression(calc_parser *p, mpq_t out)
{
    fl_status status;
    mpq_t right;
    token op;

    mpq_init(right);
    status = parse_term(p, out);
    while (status == FL_OK) {
        peek(p, &op);
        if (op.kind != TOKEN_PLUS && op.kind != TOKEN_MINUS)
            break;
        p->pos = op.end;
        status = parse_term(p, right);
        if (status != FL_OK)
            break;
        if (op.kind == TOKEN_PLUS)
            mpq_add(out, out, right);
        else
            mpq_sub(out, out, right);
        status = check_size(p, out, op.start);
    }
    mpq_clear(right);
    return status;
}

/* After the whole expression: only the end may follow. */
static fl_status expect_end(calc_parser *p)
{
    token t;

    peek(p, &t);
    if (t.kind == TOKEN_END)
        return FL_OK;
    if (t.kind == TOKEN_CLOSE)
        return fl_error_set_at(p->err, FL_ERR_SYNTAX, 1, column_of(p, t.start),
                               "unbalanced parenthesis: \")\" has no \"(\" before it");
    return fail_expected(p, &t, "an operator");
}

/* --- the result ------------------------------------------------------------------- */

/*
 * The places a reduced fraction with denominator den needs as a decimal, or
 * false if it does not terminate (den has a prime factor other than 2 and 5).
 */
static bool terminating_places(unsigned long *places, const mpz_t den)
{
    unsigned long twos, fives;
    bool terminates;
    mpz_t rest, five;

    mpz_inits(rest, five, NULL);
    twos = mpz_scan1(den, 0);
    mpz_tdiv_q_2exp(rest, den, twos);
    mpz_set_ui(five, 5);
    fives = mpz_remove(rest, rest, five);
    terminates = mpz_cmp_ui(rest, 1) == 0;
    *places = twos > fives ? twos : fives;
    mpz_clears(rest, five, NULL);
    return terminates;
}

/* Writes "the result 55000/759" (or "the result" when the fraction is long) into buf. */
static void describe_fraction(char *buf, size_t size, const mpq_t x)
{
    if (mpz_sizeinbase(mpq_numref(x), 10) + mpz_sizeinbase(mpq_denref(x), 10) >
        CALC_MAX_QUOTED_DIGITS)
        snprintf(buf, size, "the result");
    else
        gmp_snprintf(buf, size, "the result %Qd", x);
}

/* The message for a failure of fl_dec_set_ratio (status may be FL_OK). */
static fl_status describe_result_failure(fl_status status, fl_error *err)
{
    if (status == FL_OK)
        return FL_OK;
    if (status == FL_ERR_RANGE)
        return fl_error_set_at(err, status, 1, 0, "the result would have more than %ld digits",
                               FL_DEC_MAX_DIGITS);
    return fl_error_set_at(err, status, 1, 0, "%s", fl_strerror(status));
}

static fl_status finish(fl_dec result, const mpq_t x, const fl_calc_options *opts, bool *inexact,
                        fl_error *err)
{
    char fraction[CALC_MAX_QUOTED_DIGITS + 32];
    unsigned long needed;
    fl_status status;

    if (opts->places >= 0) {
        /* Places of the figure at scale 10^s are places - s of the đồng value. */
        status = fl_dec_set_ratio(result, mpq_numref(x), mpq_denref(x),
                                  opts->places - (long)opts->scale, opts->rounding, inexact);
        if (status == FL_ERR_INEXACT) {
            describe_fraction(fraction, sizeof fraction, x);
            return fl_error_set_at(err, status, 1, 0,
                                   "%s needs rounding to fit in %ld decimal places, and the "
                                   "rounding mode \"%s\" forbids it",
                                   fraction, opts->places, fl_rounding_name(opts->rounding));
        }
        return describe_result_failure(status, err);
    }
    if (!terminating_places(&needed, mpq_denref(x))) {
        describe_fraction(fraction, sizeof fraction, x);
        return fl_error_set_at(err, FL_ERR_INEXACT, 1, 0,
                               "%s does not terminate as a decimal; give --places N to round it",
                               fraction);
    }
    /* needed is at most CALC_MAX_BITS: the denominator has at most that many factors. */
    status =
        fl_dec_set_ratio(result, mpq_numref(x), mpq_denref(x), (long)needed, FL_ROUND_EXACT, NULL);
    return describe_result_failure(status, err);
}

fl_status fl_calc_eval(fl_dec result, const char *expr, size_t len, const fl_calc_options *opts,
                       bool *inexact, fl_error *err)
{
    static const fl_calc_options default_options = FL_CALC_OPTIONS_INIT;
    static const fl_amount_options default_amount_options = FL_AMOUNT_OPTIONS_INIT;
    calc_parser p;
    fl_status status;
    mpq_t value;

    if (inexact)
        *inexact = false;
    if (!opts)
        opts = &default_options;
    if (!result || (!expr && len > 0))
        return fl_error_set(err, FL_ERR_INVALID_ARGUMENT, "fl_calc_eval: no result or expression");
    if ((unsigned)opts->rounding >= (unsigned)FL_ROUNDING_COUNT_)
        return fl_error_set(err, FL_ERR_INVALID_ARGUMENT, "fl_calc_eval: unknown rounding mode");
    if ((int)opts->scale < 0 || opts->scale > FL_SCALE_NGHIN_TY || opts->scale % 3 != 0)
        return fl_error_set(err, FL_ERR_INVALID_ARGUMENT, "fl_calc_eval: unknown scale");
    if (opts->places > FL_DEC_MAX_EXPONENT)
        return fl_error_set(err, FL_ERR_RANGE, "%ld decimal places are more than %ld", opts->places,
                            FL_DEC_MAX_EXPONENT);
    if (len > CALC_MAX_LENGTH) {
        status = fl_error_set_at(err, FL_ERR_LIMIT, 1, 0, "the expression is longer than %lu bytes",
                                 CALC_MAX_LENGTH);
        fl_error_set_source(err, expr, len);
        return status;
    }

    memset(&p, 0, sizeof p);
    p.text = expr ? expr : "";
    p.len = len;
    p.err = err;
    p.amount_options = default_amount_options;
    p.amount_options.locale = opts->locale;
    /* Signs are operators here, so "5-3" is a subtraction, not "5" and "-3". */
    p.amount_options.allow_negative = false;
    p.amount_options.allow_exponent = false;
    fl_amount_init(&p.amount);
    mpq_init(value);

    skip_spaces(&p);
    if (p.pos == p.len)
        status = fl_error_set_at(err, FL_ERR_SYNTAX, 1, 1, "the expression is empty");
    else
        status = parse_expression(&p, value);
    if (status == FL_OK)
        status = expect_end(&p);
    if (status == FL_OK)
        status = finish(result, value, opts, inexact, err);

    mpq_clear(value);
    fl_amount_clear(&p.amount);
    if (status != FL_OK)
        fl_error_set_source(err, p.text, p.len);
    return status;
}
