/* text.c - Unicode text helpers (text.h). */
#include "text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#define HIGH_BITS UINT64_C(0x8080808080808080)

/* utf8proc counts in utf8proc_ssize_t and may need 4 bytes per code point
 * plus case-folding growth; anything near this size is not a name anyway. */
#define TEXT_MAX_LEN ((size_t)PTRDIFF_MAX / 32)

static uint64_t load64(const unsigned char *p)
{
    uint64_t word;

    memcpy(&word, p, sizeof word);
    return word;
}

static bool is_ascii(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    uint64_t seen = 0;
    size_t i = 0;

    for (; i + 8 <= len; i += 8)
        seen |= load64(p + i);
    for (; i < len; i++)
        seen |= p[i];
    return (seen & HIGH_BITS) == 0;
}

/*
 * The length of the UTF-8 sequence that starts with the non-ASCII byte p[0],
 * with `avail` bytes available, or 0 if it is not valid.  The second byte's
 * range excludes overlongs (E0, F0), surrogates (ED) and values above
 * U+10FFFF (F4), as in the table of RFC 3629 section 4.
 */
static size_t utf8_sequence_length(const unsigned char *p, size_t avail)
{
    unsigned char lo = 0x80, hi = 0xBF;
    size_t need, k;

    if (p[0] < 0xC2)
        return 0; /* a continuation byte, or an overlong 2-byte lead */
    if (p[0] < 0xE0) {
        need = 1;
    } else if (p[0] < 0xF0) {
        need = 2;
        if (p[0] == 0xE0)
            lo = 0xA0;
        else if (p[0] == 0xED)
            hi = 0x9F;
    } else if (p[0] < 0xF5) {
        need = 3;
        if (p[0] == 0xF0)
            lo = 0x90;
        else if (p[0] == 0xF4)
            hi = 0x8F;
    } else {
        return 0;
    }
    if (avail <= need || p[1] < lo || p[1] > hi)
        return 0;
    for (k = 2; k <= need; k++)
        if ((p[k] & 0xC0) != 0x80)
            return 0;
    return need + 1;
}

bool fl_text_utf8_valid(const char *s, size_t len, size_t *bad_offset)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;

    /* A file's worth of text is checked 32 bytes at a time; the byte-by-byte loop
     * below then runs only to find where invalid text goes wrong. */
    if (len >= 256 && fl_text__utf8_valid_avx2(s, len) == 1)
        return true;

    while (i < len) {
        size_t step;
        unsigned char c;

        /* Most bytes of a ledger are ASCII: skip them 16 at a time. */
        while (i + 16 <= len && ((load64(p + i) | load64(p + i + 8)) & HIGH_BITS) == 0)
            i += 16;
        while (i < len && p[i] < 0x80)
            i++;
        if (i == len)
            break;
        /* Vietnamese letters are two bytes (ă, đ, ơ, ư: C4..C6) or three (the
         * tone marks of U+1EA0..U+1EF9: E1 BA..BB): check those in line, with
         * the full table of utf8_sequence_length for everything else. */
        c = p[i];
        if (c >= 0xC2 && c < 0xE0 && i + 1 < len && (p[i + 1] & 0xC0) == 0x80) {
            i += 2;
            continue;
        }
        if (c >= 0xE1 && c < 0xF0 && c != 0xED && i + 2 < len && (p[i + 1] & 0xC0) == 0x80 &&
            (p[i + 2] & 0xC0) == 0x80) {
            i += 3;
            continue;
        }
        step = utf8_sequence_length(p + i, len - i);
        if (step == 0) {
            if (bad_offset)
                *bad_offset = i;
            return false;
        }
        i += step;
    }
    return true;
}

static fl_status check_arguments(char **out, const char *s, size_t len)
{
    if (!out)
        return FL_ERR_INVALID_ARGUMENT;
    *out = NULL;
    if (!s && len > 0)
        return FL_ERR_INVALID_ARGUMENT;
    if (len > TEXT_MAX_LEN)
        return FL_ERR_LIMIT;
    return FL_OK;
}

static fl_status status_of_utf8proc_error(utf8proc_ssize_t code)
{
    switch (code) {
    case UTF8PROC_ERROR_NOMEM:
        return FL_ERR_NOMEM;
    case UTF8PROC_ERROR_OVERFLOW:
        return FL_ERR_LIMIT;
    default:
        return FL_ERR_SYNTAX;
    }
}

static fl_status finish(char **out, size_t *out_len, char *text, size_t len)
{
    *out = text;
    if (out_len)
        *out_len = len;
    return FL_OK;
}

/* The fast path shared by the three transformations for pure-ASCII input. */
static fl_status ascii_transform(char **out, size_t *out_len, const char *s, size_t len, bool lower,
                                 bool collapse_space)
{
    char *text = malloc(len + 1);
    bool pending_space = false;
    size_t i, n = 0;

    if (!text)
        return FL_ERR_NOMEM;
    for (i = 0; i < len; i++) {
        char c = s[i];

        if (collapse_space && (c == ' ' || (c >= '\t' && c <= '\r'))) {
            pending_space = n > 0;
            continue;
        }
        if (pending_space) {
            text[n++] = ' ';
            pending_space = false;
        }
        if (lower && c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        text[n++] = c;
    }
    text[n] = '\0';
    return finish(out, out_len, text, n);
}

static fl_status utf8proc_transform(char **out, size_t *out_len, const char *s, size_t len,
                                    utf8proc_option_t options, utf8proc_custom_func custom)
{
    utf8proc_uint8_t *text = NULL;
    utf8proc_ssize_t n;

    n = utf8proc_map_custom((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &text, options,
                            custom, NULL);
    if (n < 0)
        return status_of_utf8proc_error(n);
    return finish(out, out_len, (char *)text, (size_t)n);
}

fl_status fl_text_nfc(char **out, size_t *out_len, const char *s, size_t len)
{
    fl_status status = check_arguments(out, s, len);

    if (status != FL_OK)
        return status;
    if (is_ascii(s, len))
        return ascii_transform(out, out_len, s, len, false, false);
    if (!fl_text_utf8_valid(s, len, NULL))
        return FL_ERR_SYNTAX;
    return utf8proc_transform(out, out_len, s, len,
                              (utf8proc_option_t)(UTF8PROC_STABLE | UTF8PROC_COMPOSE), NULL);
}

/* Unicode White_Space (PropList.txt). */
static bool is_space(utf8proc_int32_t cp)
{
    return cp == ' ' || (cp >= '\t' && cp <= '\r') || cp == 0x85 || cp == 0xA0 || cp == 0x1680 ||
           (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
           cp == 0x205F || cp == 0x3000;
}

/* Letters and combining marks make up a syllable; anything else ends one. */
static bool is_syllable_part(utf8proc_int32_t cp)
{
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
        return true;
    default:
        return false;
    }
}

/* The five Vietnamese tone marks; circumflex, breve and horn shape the vowel instead. */
static bool is_tone_mark(utf8proc_int32_t cp)
{
    return cp == 0x0300 || cp == 0x0301 || cp == 0x0303 || cp == 0x0309 || cp == 0x0323;
}

/*
 * On decomposed, case-folded text: collapses whitespace and moves each
 * syllable's tone marks to its end, in place.  `tones` has room for n code
 * points.  The write position never passes the read position, so rewriting
 * in place is safe.  Returns the new length.
 */
static size_t collapse_space_and_move_tones(utf8proc_int32_t *cps, size_t n,
                                            utf8proc_int32_t *tones)
{
    bool pending_space = false;
    size_t i = 0, w = 0;

    while (i < n) {
        size_t tone_count = 0;

        if (is_space(cps[i])) {
            pending_space = w > 0;
            i++;
            continue;
        }
        if (pending_space) {
            cps[w++] = ' ';
            pending_space = false;
        }
        if (!is_syllable_part(cps[i])) {
            cps[w++] = cps[i++];
            continue;
        }
        for (; i < n && is_syllable_part(cps[i]); i++) {
            if (is_tone_mark(cps[i]))
                tones[tone_count++] = cps[i];
            else
                cps[w++] = cps[i];
        }
        memcpy(cps + w, tones, tone_count * sizeof *tones);
        w += tone_count;
    }
    return w;
}

static fl_status name_key_unicode(char **out, size_t *out_len, const char *s, size_t len)
{
    const utf8proc_option_t decompose = (utf8proc_option_t)(UTF8PROC_STABLE | UTF8PROC_DECOMPOSE |
                                                            UTF8PROC_CASEFOLD | UTF8PROC_IGNORE);
    utf8proc_int32_t *cps = NULL, *tones = NULL;
    utf8proc_ssize_t capacity = (utf8proc_ssize_t)len, n, bytes;
    fl_status status = FL_OK;

    /* utf8proc_decompose says how much room it needs when it gets too little. */
    for (;;) {
        /* +1: utf8proc_reencode needs one spare byte beyond the code points. */
        cps = malloc(((size_t)capacity + 1) * sizeof *cps);
        if (!cps) {
            status = FL_ERR_NOMEM;
            goto done;
        }
        n = utf8proc_decompose((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, cps, capacity,
                               decompose);
        if (n < 0) {
            status = status_of_utf8proc_error(n);
            goto done;
        }
        if (n <= capacity)
            break;
        free(cps);
        cps = NULL;
        capacity = n;
    }
    tones = malloc(((size_t)n + 1) * sizeof *tones);
    if (!tones) {
        status = FL_ERR_NOMEM;
        goto done;
    }
    n = (utf8proc_ssize_t)collapse_space_and_move_tones(cps, (size_t)n, tones);
    /* Compose again and encode as UTF-8 in the same buffer. */
    bytes = utf8proc_reencode(cps, n, (utf8proc_option_t)(UTF8PROC_STABLE | UTF8PROC_COMPOSE));
    if (bytes < 0) {
        status = status_of_utf8proc_error(bytes);
        goto done;
    }
    status = finish(out, out_len, (char *)cps, (size_t)bytes);
    cps = NULL;
done:
    free(cps);
    free(tones);
    return status;
}

fl_status fl_text_name_key(char **out, size_t *out_len, const char *s, size_t len)
{
    fl_status status = check_arguments(out, s, len);

    if (status != FL_OK)
        return status;
    if (is_ascii(s, len))
        return ascii_transform(out, out_len, s, len, true, true);
    if (!fl_text_utf8_valid(s, len, NULL))
        return FL_ERR_SYNTAX;
    return name_key_unicode(out, out_len, s, len);
}

/* Đ (U+0110) and đ (U+0111) have no decomposition, so STRIPMARK keeps them. */
static utf8proc_int32_t map_d_with_stroke(utf8proc_int32_t cp, void *data)
{
    (void)data;
    return cp == 0x0110 || cp == 0x0111 ? 'd' : cp;
}

fl_status fl_text_strip_diacritics_lower(char **out, size_t *out_len, const char *s, size_t len)
{
    fl_status status = check_arguments(out, s, len);

    if (status != FL_OK)
        return status;
    if (is_ascii(s, len))
        return ascii_transform(out, out_len, s, len, true, false);
    if (!fl_text_utf8_valid(s, len, NULL))
        return FL_ERR_SYNTAX;
    return utf8proc_transform(out, out_len, s, len,
                              (utf8proc_option_t)(UTF8PROC_STABLE | UTF8PROC_COMPOSE |
                                                  UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD),
                              map_d_with_stroke);
}
