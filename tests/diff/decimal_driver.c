/*
 * decimal_driver.c - runs fl_dec operations for diff_decimal.py, one case
 * per line on stdin, one result line per case on stdout.
 *
 * Operands are written COEFFICIENTeEXPONENT ("-12345e-3" is -12.345 with
 * exponent -3) and built with fl_dec_set_str and fl_dec_mul_pow10.  Cases:
 *
 *   add A B | sub A B | mul A B | neg A | abs A   -> TEXT
 *   cmp A B                                      -> -1 | 0 | 1
 *   div A B PLACES MODE                          -> TEXT INEXACT(0|1)
 *   round A PLACES MODE                          -> TEXT INEXACT(0|1)
 *   divx A B                                     -> TEXT
 *   parse HEX      (the text, hex-encoded)       -> TEXT EXPONENT
 *   text A         (to text and back)            -> TEXT SAME | VALUE | DIFFERENT
 *
 * TEXT is fl_dec_to_string's canonical text; MODE is an fl_rounding name.
 * A failure prints "ERR STATUS" (and the column for parse).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fundledger/decimal.h"

#define MAX_FIELDS 6

static const char *status_name(fl_status status)
{
    switch (status) {
    case FL_OK:
        return "OK";
    case FL_ERR_SYNTAX:
        return "SYNTAX";
    case FL_ERR_RANGE:
        return "RANGE";
    case FL_ERR_INEXACT:
        return "INEXACT";
    case FL_ERR_DIVISION_BY_ZERO:
        return "DIVISION_BY_ZERO";
    case FL_ERR_INVALID_ARGUMENT:
        return "INVALID_ARGUMENT";
    default:
        return "OTHER";
    }
}

/* "COEFFICIENTeEXPONENT" -> r */
static bool read_operand(fl_dec r, char *text)
{
    char *e = strchr(text, 'e'), *end;
    long exponent;

    if (!e)
        return false;
    exponent = strtol(e + 1, &end, 10);
    if (*end != '\0')
        return false;
    return fl_dec_set_str(r, text, (size_t)(e - text), NULL) == FL_OK &&
           fl_dec_mul_pow10(r, r, exponent) == FL_OK;
}

static bool read_long(long *out, const char *text)
{
    char *end;

    *out = strtol(text, &end, 10);
    return *end == '\0' && end != text;
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

static void print_dec(const fl_dec x)
{
    char *text = fl_dec_to_string(x);

    fputs(text ? text : "NOMEM", stdout);
    free(text);
}

static void print_error(fl_status status)
{
    printf("ERR %s", status_name(status));
}

static void run_parse(const char *hex)
{
    size_t n = strlen(hex) / 2, i;
    char *text = malloc(n + 1);
    fl_dec x;
    fl_error err;
    fl_status status;

    if (!text) {
        fputs("ERR NOMEM", stdout);
        return;
    }
    for (i = 0; i < n; i++)
        text[i] = (char)(hex_value(hex[2 * i]) * 16 + hex_value(hex[2 * i + 1]));
    text[n] = '\0';
    fl_dec_init(x);
    fl_error_clear(&err);
    status = fl_dec_set_str(x, text, n, &err);
    if (status == FL_OK) {
        print_dec(x);
        printf(" %ld", x->exponent);
    } else {
        print_error(status);
        printf(" %lu", err.column);
    }
    fl_dec_clear(x);
    free(text);
}

/* Writes a as text, reads the text back and says whether the representation survived. */
static void run_text(const fl_dec a)
{
    char *text = fl_dec_to_string(a);
    fl_dec back;
    const char *verdict = "DIFFERENT";

    if (!text) {
        fputs("ERR NOMEM", stdout);
        return;
    }
    fl_dec_init(back);
    if (fl_dec_set_str(back, text, strlen(text), NULL) == FL_OK) {
        if (mpz_cmp(back->coefficient, a->coefficient) == 0 && back->exponent == a->exponent)
            verdict = "SAME";
        else if (fl_dec_cmp(back, a) == 0)
            verdict = "VALUE";
    }
    printf("%s %s", text, verdict);
    fl_dec_clear(back);
    free(text);
}

static void run_case(char **field, int nfield)
{
    fl_dec a, b, r;
    fl_rounding mode;
    fl_status status = FL_OK;
    long places;
    bool inexact = false;
    const char *op = field[0];

    fl_dec_init(a);
    fl_dec_init(b);
    fl_dec_init(r);
    if (strcmp(op, "parse") == 0) {
        run_parse(nfield > 1 ? field[1] : "");
        goto done;
    }
    /* Every operation takes A; all but neg, abs and round take B as well. */
    if (nfield < 2 || !read_operand(a, field[1]) ||
        (nfield > 2 && strcmp(op, "round") != 0 && !read_operand(b, field[2]))) {
        fputs("ERR BADCASE", stdout);
        goto done;
    }
    if (strcmp(op, "add") == 0 && nfield == 3)
        status = fl_dec_add(r, a, b);
    else if (strcmp(op, "sub") == 0 && nfield == 3)
        status = fl_dec_sub(r, a, b);
    else if (strcmp(op, "mul") == 0 && nfield == 3)
        status = fl_dec_mul(r, a, b);
    else if (strcmp(op, "neg") == 0 && nfield == 2)
        fl_dec_neg(r, a);
    else if (strcmp(op, "abs") == 0 && nfield == 2)
        fl_dec_abs(r, a);
    else if (strcmp(op, "text") == 0 && nfield == 2) {
        run_text(a);
        goto done;
    } else if (strcmp(op, "divx") == 0 && nfield == 3)
        status = fl_dec_div_exact(r, a, b);
    else if (strcmp(op, "cmp") == 0 && nfield == 3) {
        printf("%d", fl_dec_cmp(a, b));
        goto done;
    } else if (strcmp(op, "div") == 0 && nfield == 5 && read_long(&places, field[3]) &&
               fl_rounding_from_name(&mode, field[4]) == FL_OK) {
        status = fl_dec_div(r, a, b, places, mode, &inexact);
        if (status == FL_OK) {
            print_dec(r);
            printf(" %d", inexact ? 1 : 0);
        }
    } else if (strcmp(op, "round") == 0 && nfield == 4 && read_long(&places, field[2]) &&
               fl_rounding_from_name(&mode, field[3]) == FL_OK) {
        status = fl_dec_round(r, a, places, mode, &inexact);
        if (status == FL_OK) {
            print_dec(r);
            printf(" %d", inexact ? 1 : 0);
        }
    } else {
        fputs("ERR BADCASE", stdout);
        goto done;
    }
    if (status != FL_OK)
        print_error(status);
    else if (strcmp(op, "div") != 0 && strcmp(op, "round") != 0)
        print_dec(r);
done:
    putchar('\n');
    fl_dec_clear(a);
    fl_dec_clear(b);
    fl_dec_clear(r);
}

int main(void)
{
    char *line = NULL;
    size_t capacity = 0;
    ssize_t len;

    while ((len = getline(&line, &capacity, stdin)) != -1) {
        char *field[MAX_FIELDS];
        int nfield = 0;
        char *p = line, *token;

        while ((token = strtok(p, " \n")) != NULL && nfield < MAX_FIELDS) {
            field[nfield++] = token;
            p = NULL;
        }
        if (nfield == 0) {
            puts("ERR BADCASE");
            continue;
        }
        run_case(field, nfield);
    }
    free(line);
    return fflush(stdout) == 0 ? 0 : 1;
}
