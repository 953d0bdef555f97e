/* test_text.c - Unicode text helpers (src/lib/text.h): validation, NFC, name keys, header folding.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "text.h"

/* --- helpers ------------------------------------------------------------------- */

typedef fl_status (*transform_fn)(char **out, size_t *out_len, const char *s, size_t len);

/* Runs a transformation that must succeed and checks its output text and length. */
static void expect_transform(transform_fn fn, const char *input, const char *expected)
{
    char *out = NULL;
    size_t out_len = 12345;

    assert_int_equal(fn(&out, &out_len, input, strlen(input)), FL_OK);
    assert_non_null(out);
    assert_string_equal(out, expected);
    assert_int_equal(out_len, strlen(expected));
    free(out);
}

static char *name_key(const char *name)
{
    char *key = NULL;

    assert_int_equal(fl_text_name_key(&key, NULL, name, strlen(name)), FL_OK);
    return key;
}

static void expect_same_key(const char *a, const char *b)
{
    char *ka = name_key(a), *kb = name_key(b);

    if (strcmp(ka, kb) != 0)
        fail_msg("\"%s\" and \"%s\" should have the same key, got \"%s\" and \"%s\"", a, b, ka, kb);
    free(ka);
    free(kb);
}

static void expect_different_keys(const char *a, const char *b)
{
    char *ka = name_key(a), *kb = name_key(b);

    if (strcmp(ka, kb) == 0)
        fail_msg("\"%s\" and \"%s\" should have different keys, both got \"%s\"", a, b, ka);
    free(ka);
    free(kb);
}

static void expect_invalid(const char *s, size_t len, size_t offset)
{
    size_t bad = 999;

    assert_false(fl_text_utf8_valid(s, len, &bad));
    assert_int_equal(bad, offset);
}

/* --- fl_text_utf8_valid ---------------------------------------------------------- */

static void test_text__utf8_accepts_ascii_vietnamese_and_the_extremes(void **state)
{
    const char ascii[] = "Kim Son,2018,151463000000,NS.TW.DTPT,khong co ghi chu nao o day\n";
    const char vietnamese[] = "Huyện Kim Sơn, tỉnh Ninh Bình: huy động trên 429 tỷ đồng";
    const char extremes[] = "\xF0\x9F\x98\x80"  /* U+1F600, 4 bytes */
                            "\xF4\x8F\xBF\xBF"  /* U+10FFFF, the last code point */
                            "\xED\x9F\xBF"      /* U+D7FF, just below the surrogates */
                            "\xEE\x80\x80"      /* U+E000, just above them */
                            "\xC2\x80"          /* U+0080, the first 2-byte one */
                            "\xE0\xA0\x80"      /* U+0800, the first 3-byte one */
                            "\xF0\x90\x80\x80"; /* U+10000, the first 4-byte one */
    size_t bad = 77;

    (void)state;
    assert_true(fl_text_utf8_valid(ascii, strlen(ascii), &bad));
    assert_true(fl_text_utf8_valid(vietnamese, strlen(vietnamese), &bad));
    assert_true(fl_text_utf8_valid(extremes, strlen(extremes), &bad));
    assert_true(fl_text_utf8_valid("a\0b", 3, &bad)); /* NUL is UTF-8; the CSV reader refuses it */
    assert_true(fl_text_utf8_valid(NULL, 0, &bad));
    assert_true(fl_text_utf8_valid(ascii, strlen(ascii), NULL));
    assert_int_equal(bad, 77); /* untouched when valid */
}

static void test_text__utf8_rejects_overlongs_surrogates_and_too_large(void **state)
{
    (void)state;
    expect_invalid("ab\xC0\xAF", 4, 2);       /* overlong '/' */
    expect_invalid("\xC1\xBF", 2, 0);         /* overlong 2-byte */
    expect_invalid("x\xE0\x80\xAF", 4, 1);    /* overlong 3-byte */
    expect_invalid("\xF0\x80\x80\xAF", 4, 0); /* overlong 4-byte */
    expect_invalid("ok \xED\xA0\x80", 6, 3);  /* U+D800, a surrogate */
    expect_invalid("\xED\xBF\xBF", 3, 0);     /* U+DFFF */
    expect_invalid("\xF4\x90\x80\x80", 4, 0); /* U+110000 */
    expect_invalid("\xF5\x80\x80\x80", 4, 0); /* no such lead byte */
    expect_invalid("\xFF", 1, 0);
    expect_invalid("\xFE\xFF", 2, 0); /* a UTF-16 byte order mark */
}

static void test_text__utf8_rejects_stray_and_cut_sequences(void **state)
{
    (void)state;
    expect_invalid("S\xE1\xBB\x91 \x80", 6, 5); /* a stray continuation byte */
    expect_invalid("H\xF2"
                   "a",
                   3, 1);               /* Windows-1258 "ò" */
    expect_invalid("ti\xE1\xBB", 4, 2); /* cut by the end of the text */
    expect_invalid("ti\xE1\xBB"
                   "n",
                   5, 2); /* cut by an ASCII byte */
    expect_invalid("\xC3", 1, 0);
    expect_invalid("\xF0\x9F\x98", 3, 0);
    /* The length is honoured: the same bytes are fine when the cut part is excluded. */
    assert_true(fl_text_utf8_valid("ti\xE1\xBB", 2, NULL));
}

static void test_text__utf8_finds_the_offset_after_long_ascii_runs(void **state)
{
    char text[200];
    size_t bad = 0, at;

    (void)state;
    /* Every position around the 16-byte fast path's boundaries. */
    for (at = 0; at < 70; at++) {
        memset(text, 'a', sizeof text);
        text[at] = (char)0xFF;
        assert_false(fl_text_utf8_valid(text, sizeof text, &bad));
        assert_int_equal(bad, at);
    }
    memset(text, 'a', sizeof text);
    memcpy(text + 150, "\xE1\xBB\x87", 3); /* "ệ" after a long ASCII run */
    assert_true(fl_text_utf8_valid(text, sizeof text, &bad));
    text[152] = 'x';
    assert_false(fl_text_utf8_valid(text, sizeof text, &bad));
    assert_int_equal(bad, 150);
}

/* --- fl_text_nfc ------------------------------------------------------------------ */

static void test_text__nfc_composes_decomposed_input(void **state)
{
    (void)state;
    expect_transform(fl_text_nfc, "Ho\u0300a",
                     "H\xC3\xB2"
                     "a"); /* Hòa */
    expect_transform(fl_text_nfc, "Kim So\u031Bn", "Kim S\xC6\xA1n");
    /* ệ from e + dot below + circumflex, in either order of marks */
    expect_transform(fl_text_nfc, "Vie\u0323\u0302t", "Vi\xE1\xBB\x87t");
    expect_transform(fl_text_nfc, "Vie\u0302\u0323t", "Vi\xE1\xBB\x87t");
    expect_transform(fl_text_nfc, "Hòa", "Hòa"); /* already NFC */
    expect_transform(fl_text_nfc, "Kim Son 2018", "Kim Son 2018");
    expect_transform(fl_text_nfc, "", "");
}

static void test_text__nfc_reads_only_len_bytes(void **state)
{
    char *out = NULL;
    size_t len = 0;

    (void)state;
    assert_int_equal(fl_text_nfc(&out, &len, "Ho\u0300a Binh", 4), FL_OK);
    assert_string_equal(out, "H\xC3\xB2");
    assert_int_equal(len, 3);
    free(out);
    assert_int_equal(fl_text_nfc(&out, NULL, NULL, 0), FL_OK);
    assert_string_equal(out, "");
    free(out);
}

static void test_text__transformations_refuse_invalid_input(void **state)
{
    static char untouched[] = "untouched";
    char *out = untouched;

    (void)state;
    assert_int_equal(fl_text_nfc(&out, NULL,
                                 "H\xF2"
                                 "a",
                                 3),
                     FL_ERR_SYNTAX);
    assert_null(out);
    out = untouched;
    assert_int_equal(fl_text_name_key(&out, NULL, "\xED\xA0\x80", 3), FL_ERR_SYNTAX);
    assert_null(out);
    out = untouched;
    assert_int_equal(fl_text_strip_diacritics_lower(&out, NULL, "S\xC3", 2), FL_ERR_SYNTAX);
    assert_null(out);
    assert_int_equal(fl_text_nfc(NULL, NULL, "a", 1), FL_ERR_INVALID_ARGUMENT);
    assert_int_equal(fl_text_name_key(&out, NULL, NULL, 3), FL_ERR_INVALID_ARGUMENT);
}

/* --- fl_text_name_key --------------------------------------------------------------- */

static void test_text__name_key_treats_old_and_new_tone_placement_alike(void **state)
{
    (void)state;
    expect_same_key("Hoà", "Hòa");
    expect_same_key("Thuỷ", "Thủy");
    expect_same_key("Như Hoà", "Như Hòa");
    expect_same_key("Định Hoá", "Định Hóa");
    expect_same_key("Hoà-Bình", "Hòa-Bình");
    expect_same_key("Quý", "Qúy");
    /* decomposed input, tone before or after the letter that carries it */
    expect_same_key("Ho\u0300a", "Hoa\u0300");
    expect_same_key("Thu\u0309y", "Thuy\u0309");
}

static void test_text__name_key_folds_case_and_whitespace(void **state)
{
    (void)state;
    expect_same_key("HÒA", "hoà");
    expect_same_key("Kim  Chính", "kim chính");
    expect_same_key("  Kim\tChính \n", "Kim Chính");
    expect_same_key("Kim\u00A0Chính", "Kim Chính"); /* no-break space */
    expect_same_key("Kim\u3000Chính", "Kim Chính"); /* ideographic space */
    expect_same_key("Kim S\u200Bơn", "Kim Sơn");    /* zero-width space is ignorable */
    expect_same_key("ĐỊNH", "định");
    expect_same_key("ƯƠ", "ươ");
}

static void test_text__name_key_keeps_letters_that_differ(void **state)
{
    (void)state;
    expect_different_keys("Đông", "Dông"); /* Đ is its own letter */
    expect_different_keys("đông", "dông");
    expect_different_keys("Hòa", "Hóa");   /* a different tone */
    expect_different_keys("Hòa", "Hoa");   /* a tone against none */
    expect_different_keys("Chất", "Chát"); /* circumflex is part of the vowel */
    expect_different_keys("Như", "Nhu");   /* horn likewise */
    expect_different_keys("Ân", "Ăn");     /* circumflex against breve */
    expect_different_keys("Kim Sơn", "KimSơn");
    /* a tone stays in its syllable: it does not travel past a space or a hyphen */
    expect_different_keys("Hòa Binh", "Hoa Binh\u0300");
    expect_different_keys("Hòa-Binh", "Hoa-Binh\u0300");
}

static void test_text__name_key_values(void **state)
{
    (void)state;
    /* The key is NFC after the tone move, so it can be read when debugging. */
    expect_transform(fl_text_name_key, "Hòa", "hoà");
    expect_transform(fl_text_name_key, "HOÀ", "hoà");
    expect_transform(fl_text_name_key, "Thủy", "thuỷ");
    expect_transform(fl_text_name_key, "Trường", "trương\u0300"); /* no precomposed g with grave */
    expect_transform(fl_text_name_key, "  Kim   Chính ", "kim chinh\u0301");
    /* the ASCII fast path and the general path agree */
    expect_transform(fl_text_name_key, "  KIM \t SON\r\n", "kim son");
    expect_transform(fl_text_name_key, " KIM\u00A0SON ", "kim son");
    expect_transform(fl_text_name_key, "Xã 2-B", "xã 2-b");
    expect_transform(fl_text_name_key, " \t ", "");
    expect_transform(fl_text_name_key, "\u00A0", "");
    expect_transform(fl_text_name_key, "", "");
}

/* --- fl_text_strip_diacritics_lower ---------------------------------------------------- */

static void test_text__header_folding_ignores_diacritics_and_case(void **state)
{
    (void)state;
    expect_transform(fl_text_strip_diacritics_lower, "Số tiền", "so tien");
    expect_transform(fl_text_strip_diacritics_lower, "so tien", "so tien");
    expect_transform(fl_text_strip_diacritics_lower, "SO TIEN", "so tien");
    expect_transform(fl_text_strip_diacritics_lower, "SỐ TIỀN", "so tien");
    expect_transform(fl_text_strip_diacritics_lower, "Đơn vị", "don vi");
    expect_transform(fl_text_strip_diacritics_lower, "ĐƠN VỊ", "don vi");
    expect_transform(fl_text_strip_diacritics_lower, "Nguo\u0302\u0300n vo\u0302\u0301n",
                     "nguon von"); /* decomposed input */
    expect_transform(fl_text_strip_diacritics_lower, "Mã nguồn", "ma nguon");
}

static void test_text__header_folding_leaves_whitespace_alone(void **state)
{
    (void)state;
    expect_transform(fl_text_strip_diacritics_lower, " Số  tiền ", " so  tien ");
    expect_transform(fl_text_strip_diacritics_lower, "A\tB", "a\tb");
    expect_transform(fl_text_strip_diacritics_lower, "", "");
}

/* --- the AVX2 path agrees with the byte-by-byte one -------------------------------------- */

static uint64_t xorshift_state = 88172645463325252ULL;

static uint64_t xorshift(void)
{
    xorshift_state ^= xorshift_state << 13;
    xorshift_state ^= xorshift_state >> 7;
    xorshift_state ^= xorshift_state << 17;
    return xorshift_state;
}

static void test_text__utf8_avx2_agrees_on_every_boundary_sequence(void **state)
{
    /* the bytes where validity changes: ASCII, continuation ranges, every lead class */
    static const unsigned char edge[] = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF,
                                         0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE,
                                         0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF};
    const size_t ne = sizeof edge;
    unsigned char buf[80];
    size_t a, b, c, d, pos, len;
    long checked = 0, it;

    (void)state;
    if (fl_text__utf8_valid_avx2("", 0) < 0)
        skip(); /* no AVX2 here: fl_text_utf8_valid never takes that path */
    /* every 4-byte combination, placed on both sides of the 32-byte block boundary,
     * cut at every length (fl_text_utf8_valid below 256 bytes is byte by byte) */
    for (a = 0; a < ne; a++)
        for (b = 0; b < ne; b++)
            for (c = 0; c < ne; c++)
                for (d = 0; d < ne; d++)
                    for (pos = 26; pos < 36; pos += 3) {
                        memset(buf, 'x', sizeof buf);
                        buf[pos] = edge[a];
                        buf[pos + 1] = edge[b];
                        buf[pos + 2] = edge[c];
                        buf[pos + 3] = edge[d];
                        for (len = pos + 1; len <= pos + 4 + d % 3; len++) {
                            bool fast = fl_text__utf8_valid_avx2((const char *)buf, len) == 1;
                            if (fast != fl_text_utf8_valid((const char *)buf, len, NULL))
                                fail_msg("%02X %02X %02X %02X at %zu, %zu bytes: AVX2 says %d",
                                         edge[a], edge[b], edge[c], edge[d], pos, len, fast);
                            checked++;
                        }
                    }
    assert_true(checked > 7000000);
    /* random text: Vietnamese three-byte leads, continuations, anything */
    for (it = 0; it < 1000000; it++) {
        size_t i;
        len = (size_t)(xorshift() % 80);
        for (i = 0; i < len; i++) {
            uint64_t r = xorshift();
            buf[i] = r % 4 == 0   ? (unsigned char)(r >> 8)
                     : r % 4 == 1 ? 0xE1
                     : r % 4 == 2 ? (unsigned char)(0x80 | ((r >> 8) & 0x3F))
                                  : 'a';
        }
        if ((fl_text__utf8_valid_avx2((const char *)buf, len) == 1) !=
            fl_text_utf8_valid((const char *)buf, len, NULL))
            fail_msg("random text of %zu bytes: the two paths disagree", len);
    }
}

static void test_text__utf8_long_text_reports_the_exact_offset(void **state)
{
    char text[4096];
    size_t bad = 0, at;

    (void)state;
    for (at = 0; at + 3 <= sizeof text; at += 3)
        memcpy(text + at, "\xE1\xBB\x87", 3); /* ệ */
    memset(text + at, 'a', sizeof text - at);
    assert_true(fl_text_utf8_valid(text, sizeof text, &bad));
    text[3001] = 'x'; /* cuts the ệ that starts at 3000 */
    assert_false(fl_text_utf8_valid(text, sizeof text, &bad));
    assert_int_equal(bad, 3000);
    text[3001] = '\xBB';
    text[sizeof text - 1] = '\xE1'; /* a lead byte with nothing after it */
    assert_false(fl_text_utf8_valid(text, sizeof text, &bad));
    assert_int_equal(bad, sizeof text - 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text__utf8_accepts_ascii_vietnamese_and_the_extremes),
        cmocka_unit_test(test_text__utf8_rejects_overlongs_surrogates_and_too_large),
        cmocka_unit_test(test_text__utf8_rejects_stray_and_cut_sequences),
        cmocka_unit_test(test_text__utf8_finds_the_offset_after_long_ascii_runs),
        cmocka_unit_test(test_text__utf8_avx2_agrees_on_every_boundary_sequence),
        cmocka_unit_test(test_text__utf8_long_text_reports_the_exact_offset),
        cmocka_unit_test(test_text__nfc_composes_decomposed_input),
        cmocka_unit_test(test_text__nfc_reads_only_len_bytes),
        cmocka_unit_test(test_text__transformations_refuse_invalid_input),
        cmocka_unit_test(test_text__name_key_treats_old_and_new_tone_placement_alike),
        cmocka_unit_test(test_text__name_key_folds_case_and_whitespace),
        cmocka_unit_test(test_text__name_key_keeps_letters_that_differ),
        cmocka_unit_test(test_text__name_key_values),
        cmocka_unit_test(test_text__header_folding_ignores_diacritics_and_case),
        cmocka_unit_test(test_text__header_folding_leaves_whitespace_alone),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
