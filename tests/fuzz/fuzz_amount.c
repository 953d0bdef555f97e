/*
 * fuzz_amount.c - the amount parser.  Oracle: whatever parses is formatted
 * in the plain machine form and in its own convention with grouping, and
 * both parse back to the same exact value (or, past the parser's 60
 * digits, are refused).
 */
#include "fuzz_common.h"

#include <string.h>

#include "fundledger.h"

/* Digits in a formatted number: the parser reads at most FL_DEC_MAX_PARSE_DIGITS. */
static size_t digits(const char *text)
{
    size_t n = 0;
    for (; *text; text++)
        n += *text >= '0' && *text <= '9';
    return n;
}

static void reparse(const fl_dec want, const char *text, fl_locale locale, bool scale)
{
    fl_amount_options opts = FL_AMOUNT_OPTIONS_INIT;
    fl_amount again;
    fl_error err;

    /*
     * Finding 1 (docs/testing.md): with allow_exponent, "99999999E+9999" is
     * read, but its plain form has 10007 digits, more than the parser takes.
     * Such a value must at least be refused, never misread.
     */
    if (digits(text) > FL_DEC_MAX_PARSE_DIGITS) {
        fl_amount_init(&again);
        if (fl_amount_parse(&again, text, strlen(text), &opts, &err) == FL_OK)
            fuzz_fail("a plain form past 60 digits is read");
        fl_amount_clear(&again);
        return;
    }
    opts.locale = locale;
    opts.allow_scale = scale;
    opts.allow_percent = false;
    fl_amount_init(&again);
    if (fl_amount_parse(&again, text, strlen(text), &opts, &err) != FL_OK) {
        fprintf(stderr, "\"%s\" does not parse back: %s\n", text, err.message);
        fuzz_fail("format -> parse");
    }
    if (fl_dec_cmp(again.value, want) != 0)
        fuzz_fail("format -> parse gives another value");
    fl_amount_clear(&again);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fl_amount_options opts = FL_AMOUNT_OPTIONS_INIT;
    fl_format_options format = FL_FORMAT_OPTIONS_INIT;
    fl_amount amount;
    fl_error err;
    char *text = NULL;

    if (size < 1)
        return 0;
    /* The first byte chooses the options, the rest is the text. */
    opts.locale = (data[0] & 1) ? FL_LOCALE_EN : FL_LOCALE_VI;
    opts.allow_scale = (data[0] & 2) != 0;
    opts.allow_percent = (data[0] & 4) != 0;
    opts.allow_exponent = (data[0] & 8) != 0;
    opts.allow_negative = (data[0] & 16) != 0;
    fl_amount_init(&amount);
    fl_error_clear(&err);
    if (fl_amount_parse(&amount, (const char *)data + 1, size - 1, &opts, &err) != FL_OK) {
        if (err.status == FL_OK || err.message[0] == '\0')
            fuzz_fail("a refusal without a message");
        fl_amount_clear(&amount);
        return 0;
    }
    format.plain = true;
    if (fl_amount_format(&text, amount.value, &format, NULL) != FL_OK)
        fuzz_fail("plain format failed");
    reparse(amount.value, text, FL_LOCALE_EN, false);
    free(text);
    format = (fl_format_options)FL_FORMAT_OPTIONS_INIT;
    format.locale = opts.locale;
    if (fl_amount_format(&text, amount.value, &format, NULL) != FL_OK)
        fuzz_fail("grouped format failed");
    reparse(amount.value, text, opts.locale, false);
    free(text);
    fl_amount_clear(&amount);
    return 0;
}
