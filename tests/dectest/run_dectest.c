/*
 * run_dectest.c - runs IBM's General Decimal Arithmetic test vectors
 * (*.decTest) against fundledger's exact decimals.
 *
 * Usage: run_dectest [-v] FOLDER
 *
 * decTest vectors describe IEEE 754 decimal arithmetic in a context: a
 * precision p, a rounding mode, an exponent range.  fundledger's arithmetic
 * is exact and rounds only when asked to, to a number of places, so each
 * vector is mapped onto what the library offers:
 *
 *   add, subtract, multiply, minus, abs, apply: the exact result (its
 *     exponent is the ideal one, as in the specification); when it has more
 *     than p digits, it is rounded to p significant digits with
 *     fl_dec_round (round_significant below).  Compared by representation:
 *     coefficient and exponent.
 *   divide: fl_dec_div_exact when the quotient terminates (it keeps the
 *     ideal exponent too), else fl_dec_div to p significant digits.
 *     Compared by representation.
 *   quantize: fl_dec_round(places = -exponent of the right operand).
 *   compare: fl_dec_cmp.
 *
 * A vector runs when its operands and result are finite numbers within
 * fundledger's range and its conditions are at most Inexact and Rounded
 * (plus Subnormal for quantize, which does not round to the precision):
 * Overflow, Underflow, Clamped, Subnormal results, NaNs, infinities, and
 * operations or rounding modes fundledger does not have (power, 05up) are
 * skipped.  Negative zero is compared as zero.  Whether our result was
 * inexact or rounded must agree with the vector's Inexact and Rounded.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fundledger/decimal.h"

/* At least this many vectors must run, so a broken parser cannot pass by skipping. */
#define MIN_VECTORS_RUN 1000

static const char *const file_names[] = {"add",      "subtract", "multiply", "divide", "quantize",
                                         "rounding", "compare",  "minus",    "abs"};
#define FILE_COUNT (sizeof file_names / sizeof file_names[0])

enum skip_reason {
    SKIP_SPECIAL,      /* NaN, infinity, sNaN, malformed operand */
    SKIP_RANGE,        /* beyond fundledger's exponent or digit range */
    SKIP_CONDITION,    /* Overflow, Subnormal, Clamped, Invalid_operation, ... */
    SKIP_OPERATION,    /* power, ... */
    SKIP_ROUNDING,     /* 05up, or a subset-arithmetic (extended: 0) context */
    SKIP_REASON_COUNT_ /* not a reason */
};

static const char *const skip_names[SKIP_REASON_COUNT_] = {
    "special values", "out of range", "other conditions", "unsupported operation",
    "unsupported rounding or context"};

typedef struct counts {
    unsigned long run, failed, skipped, rounded;
    unsigned long by_reason[SKIP_REASON_COUNT_];
} counts;

typedef struct context {
    long precision;
    fl_rounding mode;
    bool mode_supported;
    bool extended;
} context;

static bool verbose;

/* --- numbers in decTest syntax ---------------------------------------------------- */

enum parse_result { NUMBER_OK, NUMBER_SPECIAL, NUMBER_RANGE };

/*
 * Reads [sign] (digits [. [digits]] | . digits) [(e|E) [sign] digits]: the
 * coefficient goes through fl_dec_set_str in chunks of at most
 * FL_DEC_MAX_PARSE_DIGITS digits, the exponent through fl_dec_mul_pow10.
 */
static enum parse_result parse_number(fl_dec out, const char *s)
{
    const char *p = s;
    bool negative = false;
    size_t ndigits = 0, nfraction = 0, k;
    char *digits;
    long exponent = 0;
    enum parse_result result = NUMBER_OK;
    fl_dec chunk;

    if (*p == '+' || *p == '-')
        negative = *p++ == '-';
    digits = malloc(strlen(s) + 1);
    if (!digits)
        return NUMBER_SPECIAL;
    for (; *p >= '0' && *p <= '9'; p++)
        digits[ndigits++] = *p;
    if (*p == '.') {
        for (p++; *p >= '0' && *p <= '9'; p++, nfraction++)
            digits[ndigits++] = *p;
    }
    if (ndigits == 0) {
        free(digits);
        return NUMBER_SPECIAL;
    }
    if (*p == 'e' || *p == 'E') {
        bool exponent_negative = false;
        size_t nexp = 0;

        p++;
        if (*p == '+' || *p == '-')
            exponent_negative = *p++ == '-';
        for (; *p >= '0' && *p <= '9'; p++, nexp++) {
            if (exponent < 100000000L)
                exponent = exponent * 10 + (*p - '0');
        }
        if (nexp == 0) {
            free(digits);
            return NUMBER_SPECIAL;
        }
        if (exponent_negative)
            exponent = -exponent;
    }
    if (*p != '\0') {
        free(digits);
        return NUMBER_SPECIAL;
    }
    fl_dec_init(chunk);
    fl_dec_set_si(out, 0);
    for (k = 0; k < ndigits; k += FL_DEC_MAX_PARSE_DIGITS) {
        size_t len = ndigits - k < FL_DEC_MAX_PARSE_DIGITS ? ndigits - k : FL_DEC_MAX_PARSE_DIGITS;

        if (fl_dec_set_str(chunk, digits + k, len, NULL) != FL_OK ||
            fl_dec_mul_pow10(out, out, (long)len) != FL_OK ||
            fl_dec_add(out, out, chunk) != FL_OK) {
            result = NUMBER_RANGE;
            break;
        }
    }
    if (result == NUMBER_OK && fl_dec_mul_pow10(out, out, exponent - (long)nfraction) != FL_OK)
        result = NUMBER_RANGE;
    if (negative)
        fl_dec_neg(out, out);
    fl_dec_clear(chunk);
    free(digits);
    return result;
}

/* --- helpers on top of the library ------------------------------------------------ */

static long digit_count(const fl_dec x)
{
    char *text;
    long n;
    void (*free_function)(void *, size_t);

    if (mpz_sgn(x->coefficient) == 0)
        return 1;
    text = mpz_get_str(NULL, 10, x->coefficient);
    n = (long)strlen(text) - (text[0] == '-');
    mp_get_memory_functions(NULL, NULL, &free_function);
    free_function(text, strlen(text) + 1);
    return n;
}

static bool same_representation(const fl_dec a, const fl_dec b)
{
    return mpz_cmp(a->coefficient, b->coefficient) == 0 && a->exponent == b->exponent;
}

/*
 * After rounding to p digits the coefficient may have carried into p + 1
 * digits (9.99 -> 10.0): that is 10^p, so one more place can be dropped
 * exactly.
 */
static fl_status drop_carry(fl_dec r, long precision)
{
    if (digit_count(r) <= precision)
        return FL_OK;
    return fl_dec_round(r, r, -(r->exponent + 1), FL_ROUND_EXACT, NULL);
}

/*
 * r = x rounded to `precision` significant digits with `mode`, as a decTest
 * context rounds an exact result: untouched if it fits, else the
 * least-significant digits are dropped (places = -(exponent + digits - p)).
 */
static fl_status round_significant(fl_dec r, const fl_dec x, long precision, fl_rounding mode,
                                   bool *rounded, bool *inexact)
{
    long digits = digit_count(x);
    fl_status status;

    *rounded = *inexact = false;
    if (digits <= precision) {
        fl_dec_set(r, x);
        return FL_OK;
    }
    *rounded = true;
    status = fl_dec_round(r, x, -(x->exponent + digits - precision), mode, inexact);
    if (status != FL_OK)
        return status;
    return drop_carry(r, precision);
}

/* r = a / b to `precision` significant digits, for quotients that do not terminate. */
static fl_status divide_significant(fl_dec r, const fl_dec a, const fl_dec b, long precision,
                                    fl_rounding mode, bool *inexact)
{
    fl_dec lead_a, lead_b;
    long adjusted;
    fl_status status;

    /* The quotient's adjusted exponent: that of a minus that of b, less 1 if a's lead digits are
     * smaller. */
    fl_dec_init(lead_a);
    fl_dec_init(lead_b);
    mpz_abs(lead_a->coefficient, a->coefficient);
    lead_a->exponent = 1 - digit_count(a);
    mpz_abs(lead_b->coefficient, b->coefficient);
    lead_b->exponent = 1 - digit_count(b);
    adjusted = (a->exponent + digit_count(a)) - (b->exponent + digit_count(b));
    if (fl_dec_cmp(lead_a, lead_b) < 0)
        adjusted--;
    fl_dec_clear(lead_a);
    fl_dec_clear(lead_b);
    status = fl_dec_div(r, a, b, precision - 1 - adjusted, mode, inexact);
    if (status != FL_OK)
        return status;
    return drop_carry(r, precision);
}

/* --- lines ------------------------------------------------------------------------ */

#define MAX_TOKENS 32

/* Splits a line into tokens: quotes ' or " group (a doubled quote is one), "--" starts a comment.
 */
static int tokenize(char *line, char *tokens[MAX_TOKENS])
{
    int n = 0;
    char *p = line;

    while (*p) {
        char *out;

        while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
            p++;
        if (!*p || (p[0] == '-' && p[1] == '-'))
            break;
        if (n == MAX_TOKENS)
            return -1;
        out = p;
        tokens[n++] = out;
        if (*p == '\'' || *p == '"') {
            char quote = *p++;

            for (;;) {
                if (!*p)
                    return -1;
                if (*p == quote && p[1] == quote) {
                    *out++ = quote;
                    p += 2;
                } else if (*p == quote) {
                    p++;
                    break;
                } else {
                    *out++ = *p++;
                }
            }
        } else {
            while (*p && *p != ' ' && *p != '\t' && *p != '\r' && *p != '\n')
                *out++ = *p++;
        }
        if (*p)
            p++; /* the separator (or the character after a closing quote) */
        *out = '\0';
    }
    return n;
}

static void lowercase(char *s)
{
    for (; *s; s++)
        if (*s >= 'A' && *s <= 'Z')
            *s = (char)(*s - 'A' + 'a');
}

static void apply_directive(context *ctx, char *key, const char *value)
{
    static const struct {
        const char *name;
        fl_rounding mode;
    } modes[] = {{"half_up", FL_ROUND_HALF_UP},     {"half_even", FL_ROUND_HALF_EVEN},
                 {"half_down", FL_ROUND_HALF_DOWN}, {"up", FL_ROUND_UP},
                 {"down", FL_ROUND_DOWN},           {"ceiling", FL_ROUND_CEILING},
                 {"floor", FL_ROUND_FLOOR}};
    size_t i;

    lowercase(key);
    if (strcmp(key, "precision:") == 0) {
        ctx->precision = strtol(value, NULL, 10);
    } else if (strcmp(key, "rounding:") == 0) {
        ctx->mode_supported = false;
        for (i = 0; i < sizeof modes / sizeof modes[0]; i++) {
            if (strcmp(value, modes[i].name) == 0) {
                ctx->mode = modes[i].mode;
                ctx->mode_supported = true;
            }
        }
    } else if (strcmp(key, "extended:") == 0) {
        ctx->extended = strtol(value, NULL, 10) != 0;
    }
    /* maxExponent, minExponent, clamp: their effects (Overflow, Subnormal, Clamped) are skipped. */
}

typedef struct vector {
    const char *id;
    const char *op;
    const char *operands[2];
    int noperands;
    const char *result;
    bool inexact, rounded, subnormal, other_condition;
} vector;

static void print_failure(const vector *v, const char *got)
{
    int i;

    printf("dectest: FAIL %s %s", v->id, v->op);
    for (i = 0; i < v->noperands; i++)
        printf(" '%s'", v->operands[i]);
    printf(" -> expected %s%s%s, got %s\n", v->result, v->inexact ? " Inexact" : "",
           v->rounded ? " Rounded" : "", got);
}

/* "1.20 (coefficient 120, exponent -2) Inexact Rounded" */
static void describe(char *buf, size_t size, const fl_dec x, bool rounded, bool inexact)
{
    char *text = fl_dec_to_string(x);
    char *coefficient = mpz_get_str(NULL, 10, x->coefficient);
    void (*free_function)(void *, size_t);

    snprintf(buf, size, "%s (coefficient %s, exponent %ld)%s%s", text ? text : "?", coefficient,
             x->exponent, inexact ? " Inexact" : "", rounded ? " Rounded" : "");
    mp_get_memory_functions(NULL, NULL, &free_function);
    free_function(coefficient, strlen(coefficient) + 1);
    free(text);
}

/*
 * Runs one vector.  Returns -1 when it ran and failed, 0 when it passed,
 * 1 + reason when it was skipped.
 */
static int run_vector(const context *ctx, const vector *v, bool *was_rounded)
{
    fl_dec a, b, expected, got;
    enum parse_result pr;
    bool rounded = false, inexact = false, check_rounded = true;
    fl_rounding mode = ctx->mode_supported ? ctx->mode : FL_ROUND_EXACT;
    fl_status status = FL_OK;
    int outcome = 0, arity, i;
    char text[512];

    *was_rounded = false;
    if (!ctx->extended)
        return 1 + SKIP_ROUNDING;
    if (strcmp(v->op, "add") == 0 || strcmp(v->op, "subtract") == 0 ||
        strcmp(v->op, "multiply") == 0 || strcmp(v->op, "divide") == 0 ||
        strcmp(v->op, "quantize") == 0 || strcmp(v->op, "compare") == 0)
        arity = 2;
    else if (strcmp(v->op, "minus") == 0 || strcmp(v->op, "abs") == 0 ||
             strcmp(v->op, "apply") == 0)
        arity = 1;
    else
        return 1 + SKIP_OPERATION;
    if (v->noperands != arity)
        return 1 + SKIP_SPECIAL;
    if (v->other_condition || (v->subnormal && strcmp(v->op, "quantize") != 0))
        return 1 + SKIP_CONDITION;

    fl_dec_init(a);
    fl_dec_init(b);
    fl_dec_init(expected);
    fl_dec_init(got);
    for (i = 0; i < arity; i++) {
        pr = parse_number(i == 0 ? a : b, v->operands[i]);
        if (pr != NUMBER_OK) {
            outcome = 1 + (pr == NUMBER_SPECIAL ? SKIP_SPECIAL : SKIP_RANGE);
            goto done;
        }
    }

    if (strcmp(v->op, "compare") == 0) {
        long want;
        char *end;

        errno = 0;
        want = strtol(v->result, &end, 10);
        if (*end || errno || want < -1 || want > 1) {
            outcome = 1 + SKIP_SPECIAL;
            goto done;
        }
        if (fl_dec_cmp(a, b) != want) {
            snprintf(text, sizeof text, "%d", fl_dec_cmp(a, b));
            print_failure(v, text);
            outcome = -1;
        }
        goto done;
    }

    pr = parse_number(expected, v->result);
    if (pr != NUMBER_OK) {
        outcome = 1 + (pr == NUMBER_SPECIAL ? SKIP_SPECIAL : SKIP_RANGE);
        goto done;
    }

    if (strcmp(v->op, "quantize") == 0) {
        /* Quantize keeps the right operand's exponent: round to -exponent places. */
        status = fl_dec_round(got, a, -b->exponent, mode, &inexact);
        check_rounded = false; /* Rounded there also flags dropped zeros; only Inexact is ours */
    } else {
        fl_dec exact;

        fl_dec_init(exact);
        if (strcmp(v->op, "add") == 0)
            status = fl_dec_add(exact, a, b);
        else if (strcmp(v->op, "subtract") == 0)
            status = fl_dec_sub(exact, a, b);
        else if (strcmp(v->op, "multiply") == 0)
            status = fl_dec_mul(exact, a, b);
        else if (strcmp(v->op, "minus") == 0)
            fl_dec_neg(exact, a);
        else if (strcmp(v->op, "abs") == 0)
            fl_dec_abs(exact, a);
        else if (strcmp(v->op, "apply") == 0)
            fl_dec_set(exact, a);
        else /* divide */
            status = fl_dec_div_exact(exact, a, b);
        if (status == FL_OK) {
            status = round_significant(got, exact, ctx->precision, mode, &rounded, &inexact);
        } else if (status == FL_ERR_INEXACT) {
            /* A quotient that does not terminate: rounded to p digits, always inexact. */
            status = divide_significant(got, a, b, ctx->precision, mode, &inexact);
            rounded = true;
        }
        fl_dec_clear(exact);
    }
    if (status == FL_ERR_INEXACT && !ctx->mode_supported) {
        outcome = 1 + SKIP_ROUNDING;
        goto done;
    }
    if (status == FL_ERR_RANGE) {
        outcome = 1 + SKIP_RANGE;
        goto done;
    }
    *was_rounded = rounded || inexact;
    if (status != FL_OK || !same_representation(got, expected) || inexact != v->inexact ||
        (check_rounded && rounded != v->rounded)) {
        if (status != FL_OK)
            snprintf(text, sizeof text, "status %d", (int)status);
        else
            describe(text, sizeof text, got, check_rounded && rounded, inexact);
        print_failure(v, text);
        outcome = -1;
    }
done:
    fl_dec_clear(a);
    fl_dec_clear(b);
    fl_dec_clear(expected);
    fl_dec_clear(got);
    return outcome;
}

static int run_file(const char *folder, const char *name, counts *c)
{
    char path[4096];
    FILE *f;
    char *line = NULL;
    size_t capacity = 0;
    context ctx = {9, FL_ROUND_HALF_UP, true, true};

    snprintf(path, sizeof path, "%s/%s.decTest", folder, name);
    f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "dectest: cannot open %s: %s\n", path, strerror(errno));
        return -1;
    }
    while (getline(&line, &capacity, f) != -1) {
        char *tokens[MAX_TOKENS];
        int n = tokenize(line, tokens), i, outcome;
        vector v;
        bool was_rounded;

        if (n <= 0)
            continue;
        if (n >= 2 && tokens[0][strlen(tokens[0]) - 1] == ':') {
            lowercase(tokens[1]);
            apply_directive(&ctx, tokens[0], tokens[1]);
            continue;
        }
        memset(&v, 0, sizeof v);
        for (i = 0; i < n && strcmp(tokens[i], "->") != 0; i++)
            ;
        if (i == n || i < 2 || i + 1 >= n) {
            fprintf(stderr, "dectest: %s: cannot read the line: %s", path, line);
            continue;
        }
        v.id = tokens[0];
        lowercase(tokens[1]);
        v.op = tokens[1];
        v.noperands = i - 2;
        if (v.noperands > 2) {
            c->skipped++;
            c->by_reason[SKIP_OPERATION]++;
            continue;
        }
        v.operands[0] = v.noperands > 0 ? tokens[2] : "";
        v.operands[1] = v.noperands > 1 ? tokens[3] : "";
        v.result = tokens[i + 1];
        for (i += 2; i < n; i++) {
            lowercase(tokens[i]);
            if (strcmp(tokens[i], "inexact") == 0)
                v.inexact = true;
            else if (strcmp(tokens[i], "rounded") == 0)
                v.rounded = true;
            else if (strcmp(tokens[i], "subnormal") == 0)
                v.subnormal = true;
            else
                v.other_condition = true;
        }
        outcome = run_vector(&ctx, &v, &was_rounded);
        if (outcome > 0) {
            c->skipped++;
            c->by_reason[outcome - 1]++;
            if (verbose)
                printf("dectest: skip %s (%s)\n", v.id, skip_names[outcome - 1]);
        } else {
            c->run++;
            if (was_rounded)
                c->rounded++;
            if (outcome < 0)
                c->failed++;
        }
    }
    free(line);
    fclose(f);
    return 0;
}

int main(int argc, char **argv)
{
    const char *folder = NULL;
    struct stat st;
    counts total;
    size_t i;
    int r, bad = 0;

    for (r = 1; r < argc; r++) {
        if (strcmp(argv[r], "-v") == 0)
            verbose = true;
        else
            folder = argv[r];
    }
    if (!folder) {
        fprintf(stderr, "usage: run_dectest [-v] FOLDER-WITH-DECTEST-FILES\n");
        return 2;
    }
    if (stat(folder, &st) != 0 || !S_ISDIR(st.st_mode)) {
        fprintf(stderr,
                "dectest: the folder of IBM decTest files %s is missing (%s); set "
                "FUNDLEDGER_DECTEST_DIR\n",
                folder, stat(folder, &st) != 0 ? strerror(errno) : "not a folder");
        return 2;
    }
    memset(&total, 0, sizeof total);
    for (i = 0; i < FILE_COUNT; i++) {
        counts c;
        int k;

        memset(&c, 0, sizeof c);
        if (run_file(folder, file_names[i], &c) != 0) {
            bad = 1;
            continue;
        }
        printf("dectest: %s: %lu run, %lu failed, %lu skipped (%lu of the run rounded)\n",
               file_names[i], c.run, c.failed, c.skipped, c.rounded);
        if (verbose) {
            for (k = 0; k < SKIP_REASON_COUNT_; k++)
                if (c.by_reason[k])
                    printf("dectest:   skipped for %s: %lu\n", skip_names[k], c.by_reason[k]);
        }
        total.run += c.run;
        total.failed += c.failed;
        total.skipped += c.skipped;
        total.rounded += c.rounded;
        for (k = 0; k < SKIP_REASON_COUNT_; k++)
            total.by_reason[k] += c.by_reason[k];
    }
    printf("dectest: skipped:");
    for (r = 0; r < SKIP_REASON_COUNT_; r++)
        printf("%s %lu %s", r ? "," : "", total.by_reason[r], skip_names[r]);
    printf("\n");
    printf("dectest: %lu vectors run, %lu failed\n", total.run, total.failed);
    if (total.run < MIN_VECTORS_RUN) {
        fprintf(stderr, "dectest: only %lu vectors ran, fewer than the minimum %d\n", total.run,
                MIN_VECTORS_RUN);
        bad = 1;
    }
    return bad || total.failed ? 1 : 0;
}
