/*
 * amount_format.c - writing amounts for people and machines, and the names
 * of conventions and scales (fundledger/amount.h).
 *
 * The digits come from fl_dec_to_buffer (the canonical plain form); this
 * file only places the sign, the group separators, the decimal mark and the
 * scale word around them, so the shown digits are exactly the value's.
 */
#include "fundledger/amount.h"

#include <stdlib.h>
#include <string.h>

/* Plain forms shorter than this are built on the stack. */
#define SMALL_PLAIN 128

const char *fl_locale_name(fl_locale locale)
{
    switch (locale) {
    case FL_LOCALE_VI:
        return "vi";
    case FL_LOCALE_EN:
        return "en";
    default:
        return "unknown";
    }
}

fl_status fl_locale_from_name(fl_locale *out, const char *name)
{
    if (!out || !name)
        return FL_ERR_INVALID_ARGUMENT;
    if (strcmp(name, "vi") == 0)
        *out = FL_LOCALE_VI;
    else if (strcmp(name, "en") == 0)
        *out = FL_LOCALE_EN;
    else
        return FL_ERR_SYNTAX;
    return FL_OK;
}

typedef struct scale_names {
    fl_scale scale;
    const char *name;     /* command-line name */
    const char *label_vi; /* unit label */
    const char *label_en;
    const char *word_vi; /* the word written after a figure */
    const char *word_en;
} scale_names;

static const scale_names scales[] = {
    {FL_SCALE_DONG, "dong", "đồng", "VND", "", ""},
    {FL_SCALE_NGHIN, "nghin", "nghìn đồng", "thousand VND", " nghìn", " thousand"},
    {FL_SCALE_TRIEU, "trieu", "triệu đồng", "million VND", " triệu", " million"},
    {FL_SCALE_TY, "ty", "tỷ đồng", "billion VND", " tỷ", " billion"},
    {FL_SCALE_NGHIN_TY, "nghin-ty", "nghìn tỷ đồng", "trillion VND", " nghìn tỷ", " trillion"},
};

static const scale_names *find_scale(fl_scale scale)
{
    size_t i;

    for (i = 0; i < sizeof scales / sizeof scales[0]; i++)
        if (scales[i].scale == scale)
            return &scales[i];
    return NULL;
}

const char *fl_scale_name(fl_scale scale)
{
    const scale_names *s = find_scale(scale);

    return s ? s->name : "unknown";
}

fl_status fl_scale_from_name(fl_scale *out, const char *name)
{
    size_t i;

    if (!out || !name)
        return FL_ERR_INVALID_ARGUMENT;
    for (i = 0; i < sizeof scales / sizeof scales[0]; i++) {
        if (strcmp(name, scales[i].name) == 0) {
            *out = scales[i].scale;
            return FL_OK;
        }
    }
    return FL_ERR_SYNTAX;
}

const char *fl_scale_label(fl_scale scale, fl_locale locale)
{
    const scale_names *s = find_scale(scale);

    if (!s)
        return "unknown";
    return locale == FL_LOCALE_EN ? s->label_en : s->label_vi;
}

/*
 * Writes the plain form `plain` ("-1234.5") into out with the convention's
 * separators and the scale word; out has room for the result.
 */
static void write_grouped(char *out, const char *plain, size_t plain_len,
                          const fl_format_options *opts, const char *word)
{
    char group = opts->locale == FL_LOCALE_EN ? ',' : '.';
    char mark = opts->locale == FL_LOCALE_EN ? '.' : ',';
    const char *digits = plain, *point;
    size_t integer_digits, i, word_len = strlen(word);

    if (*digits == '-')
        *out++ = *digits++;
    point = memchr(digits, '.', plain_len - (size_t)(digits - plain));
    integer_digits = point ? (size_t)(point - digits) : plain_len - (size_t)(digits - plain);
    for (i = 0; i < integer_digits; i++) {
        if (opts->grouping && i > 0 && (integer_digits - i) % 3 == 0)
            *out++ = group;
        *out++ = digits[i];
    }
    if (point) {
        size_t fraction = plain_len - (size_t)(point + 1 - plain);

        *out++ = mark;
        memcpy(out, point + 1, fraction);
        out += fraction;
    }
    memcpy(out, word, word_len);
    out[word_len] = '\0';
}

fl_status fl_amount_format(char **out, const fl_dec v, const fl_format_options *opts, bool *inexact)
{
    static const fl_format_options defaults = FL_FORMAT_OPTIONS_INIT;
    const scale_names *scale;
    char small[SMALL_PLAIN], *plain = small, *text = NULL;
    const char *word = "";
    size_t plain_len, size;
    bool was_inexact = false;
    fl_status status;
    fl_dec shown;

    if (!out || !v)
        return FL_ERR_INVALID_ARGUMENT;
    if (!opts)
        opts = &defaults;
    scale = find_scale(opts->scale);
    if (!scale || (opts->locale != FL_LOCALE_VI && opts->locale != FL_LOCALE_EN) ||
        opts->places < -1 || (int)opts->rounding < 0 || opts->rounding >= FL_ROUNDING_COUNT_)
        return FL_ERR_INVALID_ARGUMENT;

    fl_dec_init(shown);
    /* Scaling only moves the exponent: exact. */
    status = fl_dec_mul_pow10(shown, v, -(long)opts->scale);
    if (status != FL_OK)
        goto done;
    if (opts->places < 0)
        fl_dec_reduce(shown, shown);
    else if ((status = fl_dec_round(shown, shown, opts->places, opts->rounding, &was_inexact)) !=
             FL_OK)
        goto done;

    plain_len = fl_dec_to_buffer(NULL, 0, shown);
    if (plain_len >= sizeof small) {
        plain = malloc(plain_len + 1);
        if (!plain) {
            status = FL_ERR_NOMEM;
            goto done;
        }
    }
    fl_dec_to_buffer(plain, plain_len + 1, shown);
    if (!opts->plain && opts->scale_word)
        word = opts->locale == FL_LOCALE_EN ? scale->word_en : scale->word_vi;
    /* Room for a separator every three digits, the word and the NUL. */
    size = plain_len + plain_len / 3 + strlen(word) + 1;
    text = malloc(size);
    if (!text) {
        status = FL_ERR_NOMEM;
        goto done;
    }
    if (opts->plain)
        memcpy(text, plain, plain_len + 1);
    else
        write_grouped(text, plain, plain_len, opts, word);
    *out = text;
    text = NULL;
    if (inexact)
        *inexact = was_inexact;
    status = FL_OK;
done:
    if (plain != small)
        free(plain);
    free(text);
    fl_dec_clear(shown);
    return status;
}
