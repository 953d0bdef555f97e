/*
 * fuzz_summary.c - the strict summary reader of `fundledger rollup`
 * (fl_rollup_add).  Oracles: a refused summary comes with a message and
 * leaves the roll-up empty; an accepted one, rolled up alone, gives totals
 * equal to its own, group by group, as the exact same decimal text
 * (conservation), and the roll-up's own document is read back by a fresh
 * roll-up to the same totals.  What cJSON lets through is refused (docs/testing.md,
 * finding 12): an accepted summary has no NUL byte, is valid UTF-8 and gives no key
 * twice in an object, and its roll-up is valid UTF-8.
 */
#include "fuzz_common.h"

#include <string.h>

#include <cjson/cJSON.h>

#include "fundledger.h"
#include "text.h"

/* Whether an object of the tree gives a key twice (objects of up to 2,000 keys: n^2). */
static bool has_duplicate_key(const cJSON *item)
{
    const cJSON *c;
    int n = 0;

    cJSON_ArrayForEach(c, item) n++;
    cJSON_ArrayForEach(c, item)
    {
        if (cJSON_IsObject(item) && n <= 2000 &&
            cJSON_GetObjectItemCaseSensitive(item, c->string) != c)
            return true;
        if (has_duplicate_key(c))
            return true;
    }
    return false;
}

/* Whether text holds the escape \u0000 (after an even number of backslashes, or none). */
static bool has_escaped_nul(const uint8_t *text, size_t len)
{
    size_t i, backslashes = 0;

    for (i = 0; i + 6 <= len; i++) {
        if (text[i] == '\\') {
            backslashes++;
            if (backslashes % 2 == 1 && text[i + 1] == 'u' && memcmp(text + i + 2, "0000", 4) == 0)
                return true;
        } else {
            backslashes = 0;
        }
    }
    return false;
}

/* Every group of want's totals is in got's with the same texts, and no other group. */
static void same_totals(const cJSON *want, const cJSON *got, const char *what)
{
    const cJSON *g;
    int want_n = 0, got_n = 0;

    if (!cJSON_IsObject(want) || !cJSON_IsObject(got))
        fuzz_fail(what);
    cJSON_ArrayForEach(g, want)
    {
        const cJSON *o = cJSON_GetObjectItemCaseSensitive(got, g->string);
        const char *keys[2] = {"actual", "estimate"};
        int k;

        want_n++;
        if (!o) {
            fprintf(stderr, "group \"%s\" is missing\n", g->string);
            fuzz_fail(what);
        }
        for (k = 0; k < 2; k++) {
            const cJSON *a = cJSON_GetObjectItemCaseSensitive(g, keys[k]);
            const cJSON *b = cJSON_GetObjectItemCaseSensitive(o, keys[k]);
            if (!cJSON_IsString(a) || !cJSON_IsString(b) ||
                strcmp(a->valuestring, b->valuestring) != 0) {
                fprintf(stderr, "group \"%s\" %s: \"%s\" became \"%s\"\n", g->string, keys[k],
                        cJSON_IsString(a) ? a->valuestring : "?",
                        cJSON_IsString(b) ? b->valuestring : "?");
                fuzz_fail(what);
            }
        }
    }
    cJSON_ArrayForEach(g, got) got_n++;
    if (got_n != want_n) {
        fprintf(stderr, "%d groups became %d\n", want_n, got_n);
        fuzz_fail(what);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fl_rollup *r = NULL, *again = NULL;
    fl_error err;
    char *doc = NULL, *doc2 = NULL;
    cJSON *in, *out, *out2;

    if (size > 65536)
        return 0;
    if (fl_rollup_new(&r) != FL_OK)
        fuzz_fail("fl_rollup_new");
    fl_error_clear(&err);
    if (fl_rollup_add(r, "fuzz.json", (const char *)data, size, &err) != FL_OK) {
        if (err.message[0] == '\0')
            fuzz_fail("a refused summary without a message");
        if (fl_rollup_count(r) != 0)
            fuzz_fail("a refused summary was counted");
        fl_rollup_free(r);
        return 0;
    }
    if (fl_rollup_count(r) != 1)
        fuzz_fail("an accepted summary was not counted once");
    if (fl_rollup_to_json(&doc, r, &err) != FL_OK) {
        fprintf(stderr, "%s\n", err.message);
        fuzz_fail("the roll-up of one accepted summary cannot be written");
    }
    if (memchr(data, '\0', size))
        fuzz_fail("a summary with a NUL byte was accepted");
    if (!fl_text_utf8_valid((const char *)data, size, NULL))
        fuzz_fail("a summary that is not UTF-8 was accepted");
    if (has_escaped_nul(data, size))
        fuzz_fail("a summary with \\u0000 in a string was accepted");
    if (!fl_text_utf8_valid(doc, strlen(doc), NULL))
        fuzz_fail("the roll-up of an accepted summary is not UTF-8");
    in = cJSON_ParseWithLength((const char *)data, size);
    out = cJSON_Parse(doc);
    if (!in || !out)
        fuzz_fail("an accepted summary or its roll-up is not JSON");
    if (has_duplicate_key(in))
        fuzz_fail("a summary that gives a key twice was accepted");
    same_totals(cJSON_GetObjectItemCaseSensitive(in, "totals"),
                cJSON_GetObjectItemCaseSensitive(out, "totals"),
                "rolling up one summary changed its totals");

    /* The roll-up is a summary too: read back, it conserves the same totals. */
    if (fl_rollup_new(&again) != FL_OK)
        fuzz_fail("fl_rollup_new");
    if (fl_rollup_add(again, "rollup.json", doc, strlen(doc), &err) != FL_OK) {
        fprintf(stderr, "%s\n", err.message);
        fuzz_fail("the roll-up's own document is refused");
    }
    if (fl_rollup_to_json(&doc2, again, &err) != FL_OK)
        fuzz_fail("the second roll-up cannot be written");
    out2 = cJSON_Parse(doc2);
    if (!out2)
        fuzz_fail("the second roll-up is not JSON");
    same_totals(cJSON_GetObjectItemCaseSensitive(out, "totals"),
                cJSON_GetObjectItemCaseSensitive(out2, "totals"),
                "rolling up a roll-up changed its totals");

    cJSON_Delete(out2);
    cJSON_Delete(out);
    cJSON_Delete(in);
    free(doc2);
    free(doc);
    fl_rollup_free(again);
    fl_rollup_free(r);
    return 0;
}
