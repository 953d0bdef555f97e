/*
 * text.h - private Unicode text helpers: UTF-8 validation, NFC, and the
 * comparison keys used to match administrative unit names and CSV headers.
 *
 * All functions take (pointer, length) text that need not be NUL-terminated
 * (s may be NULL when len is 0).  Functions that produce text allocate it with
 * malloc(); the caller frees it with free().  The result is NUL-terminated and
 * its length (without the NUL) is stored in *out_len when out_len is not NULL.
 * On failure *out is set to NULL and nothing needs freeing.
 */
#ifndef FL_LIB_TEXT_H
#define FL_LIB_TEXT_H

#include "fundledger/common.h"

/**
 * Checks that s[0..len) is strict UTF-8: no overlong forms, no surrogates
 * (U+D800..U+DFFF), nothing above U+10FFFF, no truncated sequences.  NUL bytes
 * are valid UTF-8 (callers that refuse them check separately).  Runs of ASCII
 * are checked 16 bytes at a time.
 *
 * bad_offset: when not NULL and the text is invalid, receives the byte offset
 * of the first byte of the first invalid sequence (a stray continuation byte,
 * a lead byte whose sequence is cut or overlong, or a byte that can never
 * appear in UTF-8); left untouched when the text is valid.
 *
 * Returns true when the whole text is valid.
 */
bool fl_text_utf8_valid(const char *s, size_t len, size_t *bad_offset);

/**
 * The same question 32 bytes at a time (utf8_avx2.c): 1 when s[0..len) is
 * valid UTF-8, 0 when it is not, -1 when the processor has no AVX2 (or the
 * build is not for x86-64).  fl_text_utf8_valid uses it for long texts.
 */
int fl_text__utf8_valid_avx2(const char *s, size_t len);

/**
 * Normalizes UTF-8 text to NFC (canonical composition, via utf8proc).
 *
 * Returns FL_OK; FL_ERR_SYNTAX if the input is not valid UTF-8 (see
 * fl_text_utf8_valid); FL_ERR_NOMEM; FL_ERR_LIMIT for input too large for
 * utf8proc; FL_ERR_INVALID_ARGUMENT if out is NULL or s is NULL with len > 0.
 * *out is allocated with malloc(); the caller frees it.
 */
fl_status fl_text_nfc(char **out, size_t *out_len, const char *s, size_t len);

/**
 * The comparison key of an administrative unit name (commune, town, district).
 * Two names that a Vietnamese reader takes for the same name get the same key:
 *
 * - canonical equivalence (precomposed or decomposed input) and case
 *   ("HÒA" == "hoà", via Unicode case folding);
 * - old and new tone placement ("Hoà" == "Hòa", "Thuỷ" == "Thủy"): within each
 *   syllable (a run of letters and combining marks) the tone marks U+0300
 *   grave, U+0301 acute, U+0303 tilde, U+0309 hook above and U+0323 dot below
 *   are moved to the end of the syllable, while the vowel-shape marks (U+0302
 *   circumflex, U+0306 breve, U+031B horn) stay on their letter;
 * - whitespace (any Unicode White_Space, e.g. a no-break space) is trimmed at
 *   both ends and each inner run becomes one space ("Kim  Chính" == "kim chính");
 * - default-ignorable characters (soft hyphen, zero-width space, ...) are
 *   dropped.
 *
 * Đ/đ stay distinct from D/d: they are different letters in Vietnamese.  The
 * key is composed again (NFC after the tone move), so "Hòa" gives "hoà"; it is
 * meant for comparison and hashing, not for display.  Pure-ASCII input takes a
 * fast path (lower-case and whitespace collapse) that gives the same key as
 * the general path.  A name made only of whitespace gives the empty key.
 *
 * Returns FL_OK, or the statuses of fl_text_nfc.  *out is allocated with
 * malloc(); the caller frees it.
 */
fl_status fl_text_name_key(char **out, size_t *out_len, const char *s, size_t len);

/**
 * Lower-cases text (Unicode case folding), removes every combining mark and
 * maps đ/Đ to d, so that CSV header names match with or without diacritics:
 * "Số tiền", "so tien" and "SO TIEN" all give "so tien"; "Đơn vị" gives
 * "don vi".  Whitespace is left exactly as it is (trim before or after if
 * needed).  The result is NFC.
 *
 * Returns FL_OK, or the statuses of fl_text_nfc.  *out is allocated with
 * malloc(); the caller frees it.
 */
fl_status fl_text_strip_diacritics_lower(char **out, size_t *out_len, const char *s, size_t len);

#endif
