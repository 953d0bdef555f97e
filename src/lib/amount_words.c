/*
 * amount_words.c - the characters and the scale and currency words of
 * written amounts (see amount_words.h and docs/numbers.md).
 *
 * Words are compared after folding each character to a base letter and a set
 * of Vietnamese diacritics, so "Tỷ", "TỶ" and "ty" + U+0309 (NFD) all fold
 * to the same thing.  Only the letters of the words below need a table; any
 * other accented letter folds to "unknown" and matches nothing.
 */
#include "amount_words.h"

#include <string.h>

#include <utf8proc.h>

/* Diacritics, as bits above the base letter of a folded character. */
#define MARK_CIRCUMFLEX 0x0100u
#define MARK_GRAVE 0x0200u
#define MARK_HOOK 0x0400u
#define MARK_DOT_BELOW 0x0800u
#define MARK_STROKE 0x1000u /* đ: no combining form, it never decomposes */
#define MARK_OTHER 0x2000u  /* a diacritic none of the words has */
#define BASE_MASK 0x00FFu
#define BASE_UNKNOWN 0x7Fu

/* Longest word folded; longer words are no keyword (the longest is 8). */
#define FOLD_MAX 12

typedef struct folded_word {
    uint16_t chars[FOLD_MAX];
    size_t count; /* characters in the word, may exceed FOLD_MAX */
} folded_word;

typedef struct keyword {
    uint16_t chars[8];
    size_t count;
    amount_word word;
} keyword;

#define C_ MARK_CIRCUMFLEX
#define G_ MARK_GRAVE
#define H_ MARK_HOOK
#define D_ MARK_DOT_BELOW
#define S_ MARK_STROKE

/* {kind, power, english, thousand_vi, billion_vi, vi_for} */
#define CURRENCY                                                                                   \
    {                                                                                              \
        AMOUNT_WORD_CURRENCY, 0, false, false, false, NULL                                         \
    }
#define SCALE_VI(p, th, bi)                                                                        \
    {                                                                                              \
        AMOUNT_WORD_SCALE, p, false, th, bi, NULL                                                  \
    }
#define SCALE_EN(p, vi)                                                                            \
    {                                                                                              \
        AMOUNT_WORD_SCALE, p, true, false, false, vi                                               \
    }

static const keyword keywords[] = {
    {{'d' | S_, 'o' | C_ | G_, 'n', 'g'}, 4, CURRENCY},                  /* đồng */
    {{'d' | S_}, 1, CURRENCY},                                           /* đ */
    {{'v', 'n', 'd'}, 3, CURRENCY},                                      /* VND */
    {{'v', 'n', 'd' | S_}, 3, CURRENCY},                                 /* VNĐ */
    {{'n', 'g', 'h', 'i' | G_, 'n'}, 5, SCALE_VI(3, true, false)},       /* nghìn */
    {{'n', 'g', 'a' | G_, 'n'}, 4, SCALE_VI(3, true, false)},            /* ngàn */
    {{'t', 'r', 'i', 'e' | C_ | D_, 'u'}, 5, SCALE_VI(6, false, false)}, /* triệu */
    {{'t', 'y' | H_}, 2, SCALE_VI(9, false, true)},                      /* tỷ */
    {{'t', 'i' | H_}, 2, SCALE_VI(9, false, true)},                      /* tỉ */
    {{'t', 'h', 'o', 'u', 's', 'a', 'n', 'd'}, 8, SCALE_EN(3, "nghìn")},
    {{'m', 'i', 'l', 'l', 'i', 'o', 'n'}, 7, SCALE_EN(6, "triệu")},
    {{'b', 'i', 'l', 'l', 'i', 'o', 'n'}, 7, SCALE_EN(9, "tỷ")},
    {{'t', 'r', 'i', 'l', 'l', 'i', 'o', 'n'}, 8, SCALE_EN(12, "nghìn tỷ")},
};

/* Precomposed letters of the words above (both cases), folded. */
static const struct {
    uint32_t lower, upper;
    uint16_t folded;
} letters[] = {
    {0x00E0, 0x00C0, 'a' | G_},      /* à */
    {0x00EC, 0x00CC, 'i' | G_},      /* ì */
    {0x00EA, 0x00CA, 'e' | C_},      /* ê */
    {0x00F4, 0x00D4, 'o' | C_},      /* ô */
    {0x0111, 0x0110, 'd' | S_},      /* đ */
    {0x1EB9, 0x1EB8, 'e' | D_},      /* ẹ */
    {0x1EC7, 0x1EC6, 'e' | C_ | D_}, /* ệ */
    {0x1EC9, 0x1EC8, 'i' | H_},      /* ỉ */
    {0x1ED3, 0x1ED2, 'o' | C_ | G_}, /* ồ */
    {0x1EF7, 0x1EF6, 'y' | H_},      /* ỷ */
};

size_t fl_amount_utf8_decode(uint32_t *cp, const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    uint32_t c = u[0];
    size_t n, i;

    *cp = c;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
        c &= 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        c &= 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        c &= 0x07;
    } else {
        return 0;
    }
    if (len < n)
        return 0;
    for (i = 1; i < n; i++) {
        if ((u[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (u[i] & 0x3Fu);
    }
    /* Overlong forms, surrogates and code points beyond U+10FFFF are not UTF-8. */
    if ((n == 3 && c < 0x800) || (n == 4 && (c < 0x10000 || c > 0x10FFFF)) ||
        (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return n;
}

static bool is_ascii_letter(uint32_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool fl_amount_is_word_start(uint32_t cp)
{
    utf8proc_category_t category;

    if (cp < 0x80)
        return is_ascii_letter(cp);
    category = utf8proc_category((utf8proc_int32_t)cp);
    return category >= UTF8PROC_CATEGORY_LU && category <= UTF8PROC_CATEGORY_LO;
}

bool fl_amount_is_word_char(uint32_t cp)
{
    utf8proc_category_t category;

    if (cp < 0x80)
        return is_ascii_letter(cp) || (cp >= '0' && cp <= '9') || cp == '_';
    category = utf8proc_category((utf8proc_int32_t)cp);
    return category >= UTF8PROC_CATEGORY_LU && category <= UTF8PROC_CATEGORY_NO;
}

size_t fl_amount_space_length(const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;

    if (len == 0)
        return 0;
    if (u[0] == ' ' || u[0] == '\t')
        return 1;
    if (len >= 2 && u[0] == 0xC2 && u[1] == 0xA0)
        return 2; /* U+00A0 */
    if (len >= 3 && u[0] == 0xE2 && u[1] == 0x80 && (u[2] == 0x89 || u[2] == 0xAF))
        return 3; /* U+2009, U+202F */
    return 0;
}

static uint16_t fold_letter(uint32_t cp)
{
    size_t i;

    if (cp < 0x80)
        return (uint16_t)(cp >= 'A' && cp <= 'Z' ? cp + ('a' - 'A') : cp);
    for (i = 0; i < sizeof letters / sizeof letters[0]; i++)
        if (cp == letters[i].lower || cp == letters[i].upper)
            return letters[i].folded;
    return (uint16_t)(BASE_UNKNOWN | MARK_OTHER);
}

static uint16_t combining_mark(uint32_t cp)
{
    switch (cp) {
    case 0x0300:
        return MARK_GRAVE;
    case 0x0302:
        return MARK_CIRCUMFLEX;
    case 0x0309:
        return MARK_HOOK;
    case 0x0323:
        return MARK_DOT_BELOW;
    default:
        return MARK_OTHER;
    }
}

static void fold_word(folded_word *w, const char *s, size_t len)
{
    size_t i = 0;

    w->count = 0;
    while (i < len) {
        uint32_t cp;
        size_t n = fl_amount_utf8_decode(&cp, s + i, len - i);
        uint16_t folded;

        if (n == 0) {
            n = 1;
            folded = (uint16_t)(BASE_UNKNOWN | MARK_OTHER);
        } else if (cp >= 0x0300 && cp <= 0x036F && w->count > 0) {
            /* A combining mark (NFD) joins the letter before it. */
            if (w->count <= FOLD_MAX)
                w->chars[w->count - 1] |= combining_mark(cp);
            i += n;
            continue;
        } else {
            folded = fold_letter(cp);
        }
        if (w->count < FOLD_MAX)
            w->chars[w->count] = folded;
        w->count++;
        i += n;
    }
}

/* Whether w's first `count` characters are the keyword's, with all its marks. */
static bool matches_exactly(const folded_word *w, const keyword *k, size_t count)
{
    size_t i;

    for (i = 0; i < count; i++)
        if (w->chars[i] != k->chars[i])
            return false;
    return true;
}

/* Whether w is the keyword written without any diacritic ("ty", "dong"). */
static bool matches_without_marks(const folded_word *w, const keyword *k)
{
    size_t i;

    for (i = 0; i < k->count; i++)
        if ((w->chars[i] & ~BASE_MASK) != 0 || w->chars[i] != (k->chars[i] & BASE_MASK))
            return false;
    return true;
}

void fl_amount_word_classify(amount_word *out, const char *s, size_t len)
{
    folded_word w;
    size_t i;

    memset(out, 0, sizeof *out);
    out->kind = AMOUNT_WORD_NONE;
    fold_word(&w, s, len);
    for (i = 0; i < sizeof keywords / sizeof keywords[0]; i++) {
        const keyword *k = &keywords[i];

        if (w.count == k->count &&
            (matches_exactly(&w, k, k->count) || matches_without_marks(&w, k))) {
            *out = k->word;
            return;
        }
    }
}

bool fl_amount_word_extends_keyword(const char *s, size_t len)
{
    folded_word w;
    size_t i;

    fold_word(&w, s, len);
    for (i = 0; i < sizeof keywords / sizeof keywords[0]; i++) {
        const keyword *k = &keywords[i];

        if (k->count >= 2 && w.count > k->count && matches_exactly(&w, k, k->count))
            return true;
    }
    return false;
}

bool fl_amount_word_is_not_a_number(const char *s, size_t len)
{
    static const char *const names[] = {"nan", "snan", "qnan", "inf", "infinity"};
    size_t i, j;

    for (i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (strlen(names[i]) != len)
            continue;
        for (j = 0; j < len; j++) {
            char c = s[j];

            if (c >= 'A' && c <= 'Z')
                c = (char)(c + ('a' - 'A'));
            if (c != names[i][j])
                break;
        }
        if (j == len)
            return true;
    }
    return false;
}
