/*
 * amount_words.h - characters and words of written amounts, private to the
 * amount module (amount.c, amount_words.c).
 *
 * The scale and currency words are compared case-insensitively, in NFC or
 * NFD, written either with all of their diacritics or with none ("tỷ", "TỶ",
 * "ty"); a word with some of its marks ("tý", "triêu") is not one of them.
 */
#ifndef FL_LIB_AMOUNT_WORDS_H
#define FL_LIB_AMOUNT_WORDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** What a word after a number is. */
typedef enum amount_word_kind {
    AMOUNT_WORD_NONE = 0, /* not a scale or currency word */
    AMOUNT_WORD_SCALE,    /* nghìn, ngàn, triệu, tỷ, tỉ; thousand ... trillion */
    AMOUNT_WORD_CURRENCY  /* đồng, đ, VND, VNĐ (and dong, d) */
} amount_word_kind;

typedef struct amount_word {
    amount_word_kind kind;
    int power;          /* 3, 6, 9 or 12 for a scale word, 0 otherwise */
    bool english;       /* thousand / million / billion / trillion: en convention only */
    bool thousand_vi;   /* nghìn / ngàn: may be followed by tỷ ("nghìn tỷ") */
    bool billion_vi;    /* tỷ / tỉ */
    const char *vi_for; /* for an English word: the Vietnamese one ("billion" -> "tỷ") */
} amount_word;

/*
 * Decodes one UTF-8 character at s[0..len) (len > 0): stores the code point
 * and returns its length in bytes, or 0 (and *cp = the byte) when the bytes
 * are not well-formed UTF-8.
 */
size_t fl_amount_utf8_decode(uint32_t *cp, const char *s, size_t len);

/** Whether cp may be part of a word: a letter, a combining mark, a digit or "_". */
bool fl_amount_is_word_char(uint32_t cp);

/** Whether cp may start a word: a letter (not a digit, not a lone mark). */
bool fl_amount_is_word_start(uint32_t cp);

/**
 * The length in bytes of the space at s[0..len) (space, tab, U+00A0 no-break
 * space, U+2009 thin space, U+202F narrow no-break space), or 0.
 */
size_t fl_amount_space_length(const char *s, size_t len);

/** Classifies the word s[0..len) (a whole word: letters, marks, digits). */
void fl_amount_word_classify(amount_word *out, const char *s, size_t len);

/**
 * Whether the word s[0..len) starts with a scale or currency word of two
 * letters or more, spelled exactly, and goes on with more characters ("tỷx",
 * "VNDs"): a typing mistake rather than an unrelated word.
 */
bool fl_amount_word_extends_keyword(const char *s, size_t len);

/** Whether the word s[0..len) is "nan", "snan", "qnan", "inf" or "infinity" in any case. */
bool fl_amount_word_is_not_a_number(const char *s, size_t len);

#endif
