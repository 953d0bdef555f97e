/*
 * fuzz_claims.c - the claim language parser.  Oracle: a claim that parses
 * parses again from its own normalised text, to the same metric, operator
 * and figure.
 */
#include "fuzz_common.h"

#include <string.h>

#include "fundledger.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fl_claim *claim = NULL, *again = NULL;
    fl_locale locale;
    fl_error err;
    const char *text;

    if (size < 1 || size > 8192)
        return 0;
    locale = (data[0] & 1) ? FL_LOCALE_EN : FL_LOCALE_VI;
    fl_error_clear(&err);
    if (fl_claim_parse(&claim, (const char *)data + 1, size - 1, locale, &err) != FL_OK) {
        if (claim || err.message[0] == '\0')
            fuzz_fail("a refusal without a message, or with a claim");
        return 0;
    }
    text = fl_claim_text(claim);
    /*
     * Finding (docs/testing.md): fl_claim_parse accepts a NUL byte inside a
     * quoted value, and fl_claim_text, a C string, then stops there.  Files
     * never get that far (their readers refuse NUL bytes), so only the API
     * is affected; such inputs are not re-parsed here.
     */
    if (memchr(data + 1, '\0', size - 1)) {
        fl_claim_free(claim);
        return 0;
    }
    if (fl_claim_parse(&again, text, strlen(text), locale, &err) != FL_OK) {
        fprintf(stderr, "\"%s\": %s\n", text, err.message);
        fuzz_fail("the claim's own text does not parse");
    }
    if (fl_claim_get_metric(again) != fl_claim_get_metric(claim) ||
        fl_claim_get_op(again) != fl_claim_get_op(claim) ||
        fl_dec_cmp(fl_claim_figure(again)->value, fl_claim_figure(claim)->value) != 0)
        fuzz_fail("the claim's own text parses to another claim");
    fl_claim_free(again);
    fl_claim_free(claim);
    return 0;
}
