/*
 * fuzz_calc.c - the calc expression parser and evaluator.  Oracle: a result
 * printed in the plain form evaluates to itself.
 */
#include "fuzz_common.h"

#include <string.h>

#include "fundledger.h"

/* Digits in a formatted number: an amount is read with at most FL_DEC_MAX_PARSE_DIGITS. */
static size_t digits(const char *text)
{
    size_t n = 0;
    for (; *text; text++)
        n += *text >= '0' && *text <= '9';
    return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fl_calc_options opts = FL_CALC_OPTIONS_INIT;
    fl_format_options format = FL_FORMAT_OPTIONS_INIT;
    fl_dec result, again;
    fl_error err;
    char *text = NULL;

    if (size < 1 || size > 4096)
        return 0;
    opts.locale = (data[0] & 1) ? FL_LOCALE_EN : FL_LOCALE_VI;
    opts.places = (data[0] & 2) ? (long)((data[0] >> 2) & 7) : -1L;
    fl_dec_init(result);
    fl_dec_init(again);
    fl_error_clear(&err);
    if (fl_calc_eval(result, (const char *)data + 1, size - 1, &opts, NULL, &err) == FL_OK) {
        fl_calc_options plain = FL_CALC_OPTIONS_INIT;
        format.plain = true;
        plain.locale = FL_LOCALE_EN;
        if (fl_amount_format(&text, result, &format, NULL) != FL_OK)
            fuzz_fail("plain format failed");
        if (digits(text) > FL_DEC_MAX_PARSE_DIGITS) {
            /* past what an amount may be written with: refused, never misread */
            if (fl_calc_eval(again, text, strlen(text), &plain, NULL, &err) == FL_OK &&
                fl_dec_cmp(again, result) != 0)
                fuzz_fail("a long result reads back as another value");
        } else if (fl_calc_eval(again, text, strlen(text), &plain, NULL, &err) != FL_OK) {
            fprintf(stderr, "\"%s\": %s\n", text, err.message);
            fuzz_fail("the printed result does not evaluate");
        } else if (fl_dec_cmp(again, result) != 0) {
            fuzz_fail("the printed result evaluates to another value");
        }
        free(text);
    } else if (err.message[0] == '\0') {
        fuzz_fail("a refusal without a message");
    }
    fl_dec_clear(result);
    fl_dec_clear(again);
    return 0;
}
