/*
 * utf8_avx2.c - UTF-8 validation 32 bytes at a time with AVX2: the "lookup"
 * algorithm of Keiser and Lemire ("Validating UTF-8 In Less Than One
 * Instruction Per Byte", Software: Practice and Experience, 2021), as in
 * simdjson and simdutf.  Each byte's high nibble and the previous byte's two
 * nibbles index three 16-entry tables of error classes; a byte is wrong when
 * all three agree on a class (too short, too long, overlong, surrogate, too
 * large, two continuations), and continuation bytes required by a three- or
 * four-byte lead two or three bytes back are checked apart.
 *
 * It only answers "valid" or "not valid"; fl_text_utf8_valid (text.c) then
 * finds the offset of the first bad byte with its byte-by-byte check, so
 * errors read the same whichever path ran.  tests/unit/test_text.c checks
 * both paths agree on every 1-4 byte combination of boundary bytes at every
 * position across a 32-byte block, and on random text.
 */
#include "text.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))

#include <immintrin.h>
#include <string.h>

#define TOO_SHORT (1 << 0)
#define TOO_LONG (1 << 1)
#define OVERLONG_3 (1 << 2)
#define TOO_LARGE (1 << 3)
#define SURROGATE (1 << 4)
#define OVERLONG_2 (1 << 5)
#define TOO_LARGE_1000 (1 << 6)
#define OVERLONG_4 (1 << 6)
#define TWO_CONTS (1 << 7)
#define CARRY (TOO_SHORT | TOO_LONG | TWO_CONTS)

#define T16(a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p)                                        \
    _mm256_setr_epi8((char)(a), (char)(b), (char)(c), (char)(d), (char)(e), (char)(f), (char)(g),  \
                     (char)(h), (char)(i), (char)(j), (char)(k), (char)(l), (char)(m), (char)(n),  \
                     (char)(o), (char)(p), (char)(a), (char)(b), (char)(c), (char)(d), (char)(e),  \
                     (char)(f), (char)(g), (char)(h), (char)(i), (char)(j), (char)(k), (char)(l),  \
                     (char)(m), (char)(n), (char)(o), (char)(p))

__attribute__((target("avx2"))) static inline __m256i prev_n(__m256i input, __m256i prev, int n)
{
    /* bytes of (prev:input) shifted right by n, across the 128-bit lanes */
    __m256i shuffled = _mm256_permute2x128_si256(prev, input, 0x21);
    switch (n) {
    case 1:
        return _mm256_alignr_epi8(input, shuffled, 16 - 1);
    case 2:
        return _mm256_alignr_epi8(input, shuffled, 16 - 2);
    default:
        return _mm256_alignr_epi8(input, shuffled, 16 - 3);
    }
}

__attribute__((target("avx2"))) static bool valid_avx2(const unsigned char *s, size_t len)
{
    const __m256i t1h = T16(TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG,
                            TOO_LONG, TWO_CONTS, TWO_CONTS, TWO_CONTS, TWO_CONTS,
                            TOO_SHORT | OVERLONG_2, TOO_SHORT, TOO_SHORT | OVERLONG_3 | SURROGATE,
                            TOO_SHORT | TOO_LARGE | TOO_LARGE_1000 | OVERLONG_4);
    const __m256i t1l =
        T16(CARRY | OVERLONG_3 | OVERLONG_2 | OVERLONG_4, CARRY | OVERLONG_2, CARRY, CARRY,
            CARRY | TOO_LARGE, CARRY | TOO_LARGE | TOO_LARGE_1000,
            CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000,
            CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000,
            CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000,
            CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000 | SURROGATE,
            CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000);
    const __m256i t2h =
        T16(TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT,
            TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE_1000 | OVERLONG_4,
            TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE,
            TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE,
            TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE, TOO_SHORT, TOO_SHORT,
            TOO_SHORT, TOO_SHORT);
    const __m256i nibble = _mm256_set1_epi8(0x0F);
    /* the last three bytes of a block may not start a sequence that runs past it */
    const __m256i max_tail = _mm256_setr_epi8(
        (char)255, (char)255, (char)255, (char)255, (char)255, (char)255, (char)255, (char)255,
        (char)255, (char)255, (char)255, (char)255, (char)255, (char)255, (char)255, (char)255,
        (char)255, (char)255, (char)255, (char)255, (char)255, (char)255, (char)255, (char)255,
        (char)255, (char)255, (char)255, (char)255, (char)255, (char)(0xF0 - 1), (char)(0xE0 - 1),
        (char)(0xC0 - 1));
    __m256i error = _mm256_setzero_si256(), prev = _mm256_setzero_si256(),
            incomplete = _mm256_setzero_si256();
    size_t i = 0;

    for (;;) {
        __m256i input;
        if (i + 32 <= len) {
            input = _mm256_loadu_si256((const __m256i *)(const void *)(s + i));
        } else {
            unsigned char tail[32];
            if (i >= len)
                break;
            memset(tail, 0, sizeof tail);
            memcpy(tail, s + i, len - i);
            input = _mm256_loadu_si256((const __m256i *)(const void *)tail);
        }
        if (_mm256_movemask_epi8(input) == 0) {
            /* ASCII: only an unfinished sequence before it is an error */
            error = _mm256_or_si256(error, incomplete);
        } else {
            __m256i prev1 = prev_n(input, prev, 1);
            __m256i b1h =
                _mm256_shuffle_epi8(t1h, _mm256_and_si256(_mm256_srli_epi16(prev1, 4), nibble));
            __m256i b1l = _mm256_shuffle_epi8(t1l, _mm256_and_si256(prev1, nibble));
            __m256i b2h =
                _mm256_shuffle_epi8(t2h, _mm256_and_si256(_mm256_srli_epi16(input, 4), nibble));
            __m256i sc = _mm256_and_si256(_mm256_and_si256(b1h, b1l), b2h);
            __m256i prev2 = prev_n(input, prev, 2), prev3 = prev_n(input, prev, 3);
            __m256i third = _mm256_subs_epu8(prev2, _mm256_set1_epi8((char)(0xE0 - 0x80)));
            __m256i fourth = _mm256_subs_epu8(prev3, _mm256_set1_epi8((char)(0xF0 - 0x80)));
            __m256i must23 =
                _mm256_and_si256(_mm256_or_si256(third, fourth), _mm256_set1_epi8((char)0x80));
            error = _mm256_or_si256(error, _mm256_xor_si256(must23, sc));
            incomplete = _mm256_subs_epu8(input, max_tail);
        }
        prev = input;
        i += 32;
    }
    error = _mm256_or_si256(error, incomplete);
    return _mm256_testz_si256(error, error);
}

int fl_text__utf8_valid_avx2(const char *s, size_t len)
{
    if (!__builtin_cpu_supports("avx2"))
        return -1;
    return valid_avx2((const unsigned char *)s, len) ? 1 : 0;
}

#else

int fl_text__utf8_valid_avx2(const char *s, size_t len)
{
    (void)s;
    (void)len;
    return -1;
}

#endif
