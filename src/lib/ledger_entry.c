/*
 * ledger_entry.c - checks the fields of one entry, as read by the CSV and
 * journal readers, and stores it.  Every problem is reported with the
 * column of the field it is in.
 */
#include "ledger_internal.h"

#include <stdlib.h>
#include <string.h>

#include "text.h"

typedef struct entry_site {
    fl_load_context *ctx;
    const char *path;
    unsigned long line;
    const char *source_line;
    size_t source_line_len;
} entry_site;

unsigned long fl_field_column(const fl_field *f)
{
    if (f->column || !f->column_from)
        return f->column;
    return fl_utf8_column(f->column_from, f->column_bytes);
}

static fl_spelling *spelling_slot(fl_spelling *cache, const char *s, size_t len)
{
    size_t h = len * 31u + (unsigned char)s[0] * 7u + (unsigned char)s[len - 1] * 13u +
               (unsigned char)s[len / 2] * 3u;

    return &cache[h & (FL_SPELLING_SLOTS - 1)];
}

/* Whether s[0..len) was seen before as written; *value gets what it resolved to. */
static bool spelling_get(fl_spelling *cache, const char *s, size_t len, uint32_t *value)
{
    const fl_spelling *e;

    if (len == 0 || len > FL_SPELLING_MAX)
        return false;
    e = spelling_slot(cache, s, len);
    if (e->len != len || memcmp(e->text, s, len) != 0)
        return false;
    *value = e->value;
    return true;
}

static void spelling_put(fl_spelling *cache, const char *s, size_t len, uint32_t value)
{
    fl_spelling *e;

    if (len == 0 || len > FL_SPELLING_MAX)
        return;
    e = spelling_slot(cache, s, len);
    e->len = (uint8_t)len;
    memcpy(e->text, s, len);
    e->value = value;
}

/* Reports a problem in field `at` (NULL: the whole entry), keeping the message already in *e. */
static fl_status report_at(const entry_site *site, fl_error *e, const fl_field *at)
{
    fl_error_set_file(e, site->path);
    e->line = at && at->line ? at->line : site->line;
    e->column = at ? fl_field_column(at) : 0;
    if (at && at->line_text)
        fl_error_set_source(e, at->line_text, at->line_len);
    else
        fl_error_set_source(e, site->source_line, site->source_line_len);
    fl_load_report(site->ctx, e);
    return e->status;
}

/* Reports an error from a sub-parser whose column is relative to a field. */
static fl_status report_in_field(const entry_site *site, fl_error *e, const fl_field *at)
{
    fl_field inner = *at;
    inner.column = fl_field_column(at) + (e->column ? e->column : 1) - 1;
    return report_at(site, e, &inner);
}

/* fl_error_clear() zeroes 1.3 KB; a report is only read up to its NULs, so
 * resetting the fields is the same "no error" for the price of a few stores,
 * which matters on a path taken for every entry. */
static void error_reset(fl_error *e)
{
    e->status = FL_OK;
    e->file[0] = '\0';
    e->line = 0;
    e->column = 0;
    e->message[0] = '\0';
    e->source_line[0] = '\0';
}

/* 1: s folds to one of names; 0: it does not; -1: out of memory. */
static int fold_equals(const char *s, size_t len, const char *const *names)
{
    char *folded = NULL;
    size_t folded_len, i;
    int match = 0;
    fl_status st = fl_text_strip_diacritics_lower(&folded, &folded_len, s, len);

    if (st == FL_ERR_NOMEM)
        return -1;
    if (st != FL_OK)
        return 0;
    for (i = 0; names[i]; i++)
        if (strlen(names[i]) == folded_len && memcmp(names[i], folded, folded_len) == 0) {
            match = 1;
            break;
        }
    free(folded);
    return match;
}

/* FL_OK, FL_ERR_SYNTAX (not a kind) or FL_ERR_NOMEM. */
static fl_status parse_kind(fl_entry_kind *out, const char *s, size_t len)
{
    static const char *const actual[] = {"actual", "thuc hien", "thuc-hien", "th", NULL};
    static const char *const estimate[] = {"estimate", "du toan", "du-toan", "ke hoach", "ke-hoach",
                                           "plan",     "dt",      "kh",      NULL};
    /* The spellings the CSV and journal writers use, before the folding compare. */
    static const char thuc_hien[] = "thực hiện"; /* NFC */
    int found;

    if (len == 0 || (len == sizeof thuc_hien - 1 && memcmp(s, thuc_hien, len) == 0) ||
        (len == 6 && memcmp(s, "actual", 6) == 0)) {
        *out = FL_KIND_ACTUAL;
        return FL_OK;
    }
    if ((found = fold_equals(s, len, actual)) != 0) {
        *out = FL_KIND_ACTUAL;
        return found > 0 ? FL_OK : FL_ERR_NOMEM;
    }
    if ((found = fold_equals(s, len, estimate)) != 0) {
        *out = FL_KIND_ESTIMATE;
        return found > 0 ? FL_OK : FL_ERR_NOMEM;
    }
    return FL_ERR_SYNTAX;
}

static fl_status parse_money(fl_dec out, const entry_site *site, const char *what,
                             const fl_field *field, fl_locale locale, bool allow_scale,
                             fl_scale column_scale, bool column_scale_given)
{
    const char *s = field->text;
    size_t len = field->len;
    fl_amount_options opts = FL_AMOUNT_OPTIONS_INIT;
    fl_amount amount;
    fl_error e;
    fl_status status;

    error_reset(&e);
    opts.locale = locale;
    opts.allow_percent = false;
    opts.allow_scale = allow_scale;
    fl_amount_init(&amount);
    status = fl_amount_parse(&amount, s, len, &opts, &e);
    if (status != FL_OK) {
        fl_amount_clear(&amount);
        return report_in_field(site, &e, field);
    }
    if (column_scale_given && amount.scale != FL_SCALE_DONG) {
        fl_amount_clear(&amount);
        fl_error_set(&e, FL_ERR_SYNTAX,
                     "%s \"%.*s\" names a scale, but the column header already gives one", what,
                     (int)len, s);
        return report_at(site, &e, field);
    }
    if (column_scale_given) {
        status = fl_dec_mul_pow10(out, amount.value, (long)column_scale);
    } else {
        /* take the parsed coefficient rather than copy it: one allocation less */
        mpz_swap(out->coefficient, amount.value->coefficient);
        out->exponent = amount.value->exponent;
    }
    fl_amount_clear(&amount);
    if (status != FL_OK) {
        fl_error_set(&e, status, "%s \"%.*s\" is too large", what, (int)len, s);
        return report_at(site, &e, field);
    }
    return FL_OK;
}

/*
 * Moves an entry's amount into the ledger's arena: the limbs are copied there
 * and the amount becomes a read-only GMP integer over them (mpz_roinit_n), so a
 * million entries cost a million small blocks less, none to free one by one.
 * Such an integer owns no memory (_mp_alloc is 0): ledger.c never clears it,
 * and GMP (6.2 and later) gives it fresh memory should anything write to it.
 */
static fl_status store_amount(fl_ledger *l, fl_dec amount)
{
    size_t n = mpz_size(amount->coefficient);
    int sign = mpz_sgn(amount->coefficient);
    /* GMP may read the first limb of a zero, so there is always one */
    mp_limb_t *limbs = fl_arena_alloc(&l->strings, (n ? n : 1) * sizeof *limbs);

    if (!limbs)
        return FL_ERR_NOMEM;
    limbs[0] = 0;
    if (n)
        memcpy(limbs, mpz_limbs_read(amount->coefficient), n * sizeof *limbs);
    mpz_clear(amount->coefficient);
    mpz_roinit_n(amount->coefficient, limbs, sign < 0 ? -(mp_size_t)n : (mp_size_t)n);
    return FL_OK;
}

fl_status fl_ledger_add_entry_fields(fl_load_context *ctx, const fl_entry_fields *fields,
                                     uint32_t input, unsigned long line, const char *source_line,
                                     size_t source_line_len, fl_locale locale)
{
    fl_ledger *l = ctx->ledger;
    entry_site site = {ctx, l->inputs[input].path, line, source_line, source_line_len};
    const fl_field *f = fields->field;
    const fl_field *date = &f[FL_FIELD_DATE], *unit = &f[FL_FIELD_UNIT],
                   *source = &f[FL_FIELD_SOURCE], *amount = &f[FL_FIELD_AMOUNT],
                   *kind = &f[FL_FIELD_KIND], *ref = &f[FL_FIELD_REF],
                   *reverses = &f[FL_FIELD_REVERSES], *quantity = &f[FL_FIELD_QUANTITY],
                   *unit_price = &f[FL_FIELD_UNIT_PRICE];
    fl_input_record *in = &l->inputs[input];
    fl_error e;
    fl_entry *entry;
    fl_status status;
    bool keep = !ctx->opts->skip_entries;
    size_t known_unit = SIZE_MAX;
    uint32_t known_source;
    bool unit_cached = false;
    uint32_t key_line, key_column;
    fl_in_kind *in_kind = NULL, scratch_in_kind;
    int source_index;
    bool has_amount = amount->len > 0;

    error_reset(&e);
    entry = fl_ledger_begin_entry(l, keep);
    if (!entry) {
        fl_error_set(&e, FL_ERR_NOMEM, "out of memory");
        return report_at(&site, &e, NULL);
    }
    entry->input = input;
    entry->line = (uint32_t)line;

    /* date */
    if (date->len == 0) {
        fl_error_set(&e, FL_ERR_SYNTAX, "the entry has no date");
        status = report_at(&site, &e, date);
        goto fail;
    }
    status = fl_date_parse(&entry->date, date->text, date->len, &e);
    if (status != FL_OK) {
        report_in_field(&site, &e, date);
        goto fail;
    }

    /* unit: a name that folds to nothing (only spaces) is no name; a spelling
     * already seen is a known unit, whose name was checked the first time */
    status = FL_OK;
    if (spelling_get(l->unit_spellings, unit->text, unit->len, &entry->unit)) {
        known_unit = entry->unit; /* the common case: a spelling of the last few dozen */
        unit_cached = true;
    } else if (unit->len > 0 &&
               fl_strmap_get(&l->unit_by_spelling, unit->text, unit->len, &known_unit)) {
        status = FL_OK;
        entry->unit = (uint32_t)known_unit; /* one lookup for the common case */
    } else if (unit->len > 0) {
        char *key = NULL;
        size_t key_len = 0;
        status = fl_text_name_key(&key, &key_len, unit->text, unit->len);
        free(key);
        if (status == FL_OK && key_len == 0)
            status = FL_ERR_SYNTAX;
    }
    if (unit->len == 0 || status == FL_ERR_SYNTAX) {
        fl_error_set(&e, FL_ERR_SYNTAX, "the entry has no unit (đơn vị)");
        status = report_at(&site, &e, unit);
        goto fail;
    }
    if (status == FL_OK && known_unit == SIZE_MAX)
        status = fl_ledger_intern_unit(l, unit->text, unit->len, &entry->unit);
    if (status == FL_OK && !unit_cached)
        spelling_put(l->unit_spellings, unit->text, unit->len, entry->unit);
    if (status != FL_OK) {
        fl_error_set(&e, status, "unit \"%.*s\": %s", (int)unit->len, unit->text,
                     fl_strerror(status));
        report_at(&site, &e, unit);
        goto fail;
    }

    /* source */
    if (source->len == 0) {
        fl_error_set(&e, FL_ERR_SYNTAX, "the entry has no funding source (nguồn)");
        status = report_at(&site, &e, source);
        goto fail;
    }
    if (spelling_get(l->source_spellings, source->text, source->len, &known_source)) {
        entry->source = (int32_t)known_source;
    } else {
        status = fl_source_tree_resolve(&source_index, l->sources, source->text, source->len, &e);
        if (status != FL_OK) {
            report_at(&site, &e, source);
            goto fail;
        }
        entry->source = source_index;
        spelling_put(l->source_spellings, source->text, source->len, (uint32_t)source_index);
    }

    /* kind */
    if ((status = parse_kind(&entry->kind, kind->text, kind->len)) != FL_OK) {
        if (status == FL_ERR_NOMEM)
            fl_error_set(&e, FL_ERR_NOMEM, "out of memory reading the kind");
        else
            fl_error_set(&e, FL_ERR_SYNTAX,
                         "unknown kind \"%.*s\"; write actual (thực hiện) or estimate (dự toán)",
                         (int)kind->len, kind->text);
        status = report_at(&site, &e, kind);
        goto fail;
    }

    /* amount, and the valuation of in-kind contributions */
    if (has_amount) {
        status = parse_money(entry->amount, &site, "amount", amount, locale, true,
                             fields->amount_scale, fields->amount_scale_given);
        if (status != FL_OK)
            goto fail;
    }
    if (quantity->len || unit_price->len) {
        fl_dec product;
        if (!quantity->len || !unit_price->len) {
            fl_error_set(&e, FL_ERR_SYNTAX,
                         quantity->len ? "an in-kind entry needs a unit price with its quantity"
                                       : "an in-kind entry needs a quantity with its unit price");
            status = report_at(&site, &e, quantity->len ? quantity : unit_price);
            goto fail;
        }
        in_kind = keep ? fl_arena_alloc(&l->strings, sizeof *in_kind) : &scratch_in_kind;
        if (!in_kind) {
            fl_error_set(&e, FL_ERR_NOMEM, "out of memory");
            status = report_at(&site, &e, NULL);
            goto fail;
        }
        fl_dec_init(in_kind->quantity);
        fl_dec_init(in_kind->unit_price);
        in_kind->uom = f[FL_FIELD_UOM].len
                           ? fl_ledger_strdup(l, f[FL_FIELD_UOM].text, f[FL_FIELD_UOM].len)
                           : NULL;
        in_kind->basis = f[FL_FIELD_BASIS].len
                             ? fl_ledger_strdup(l, f[FL_FIELD_BASIS].text, f[FL_FIELD_BASIS].len)
                             : NULL;
        entry->in_kind = in_kind;
        status = parse_money(in_kind->quantity, &site, "quantity", quantity, locale, false,
                             FL_SCALE_DONG, false);
        if (status != FL_OK)
            goto fail;
        status = parse_money(in_kind->unit_price, &site, "unit price", unit_price, locale, true,
                             FL_SCALE_DONG, false);
        if (status != FL_OK)
            goto fail;
        fl_dec_init(product);
        status = fl_dec_mul(product, in_kind->quantity, in_kind->unit_price);
        if (status == FL_OK && !has_amount) {
            fl_dec_set(entry->amount, product);
        } else if (status == FL_OK && fl_dec_cmp(product, entry->amount) != 0 &&
                   !(ctx->opts->rules_disabled & (1u << FL_RULE_IN_KIND_VALUE))) {
            char *p = fl_dec_to_string(product), *a = fl_dec_to_string(entry->amount);
            fl_error_set(&e, FL_ERR_VALIDATION,
                         "amount %s differs from quantity x unit price = %.*s x %.*s = %s "
                         "(rule in-kind-value)",
                         a ? a : "?", (int)quantity->len, quantity->text, (int)unit_price->len,
                         unit_price->text, p ? p : "?");
            free(p);
            free(a);
            status = FL_ERR_VALIDATION;
        }
        fl_dec_clear(product);
        if (status != FL_OK) {
            if (e.status == FL_OK)
                fl_error_set(&e, status, "quantity x unit price is too large");
            report_at(&site, &e, has_amount ? amount : quantity);
            goto fail;
        }
        has_amount = true;
    }
    if (!has_amount) {
        fl_error_set(&e, FL_ERR_SYNTAX, "the entry has no amount (số tiền)");
        status = report_at(&site, &e, amount);
        goto fail;
    }

    /* references and text */
    entry->ref = ref->len ? fl_ledger_strdup(l, ref->text, ref->len) : NULL;
    entry->memo = f[FL_FIELD_MEMO].len && !ctx->opts->skip_memos && keep
                      ? fl_ledger_strdup(l, f[FL_FIELD_MEMO].text, f[FL_FIELD_MEMO].len)
                      : NULL;
    entry->reverses = reverses->len ? fl_ledger_strdup(l, reverses->text, reverses->len) : NULL;
    if (entry->reverses) {
        key_line = (uint32_t)(reverses->line ? reverses->line : line);
        key_column = (uint32_t)fl_field_column(reverses);
    } else {
        key_line = (uint32_t)(ref->line ? ref->line : line);
        key_column = (uint32_t)fl_field_column(ref);
    }
    if (fl_dec_sign(entry->amount) < 0 && !entry->reverses) {
        char *a = fl_dec_to_string(entry->amount);
        fl_error_set(&e, FL_ERR_VALIDATION,
                     "negative amount \"%.*s\": only a reversal may be negative (give "
                     "reverses=REF, the reference of the entry it cancels)",
                     (int)(amount->len ? amount->len : strlen(a ? a : "?")),
                     amount->len ? amount->text
                     : a         ? a
                                 : "?");
        free(a);
        status = report_at(&site, &e, has_amount && amount->len ? amount : quantity);
        goto fail;
    }
    if (entry->reverses && fl_dec_sign(entry->amount) >= 0) {
        fl_error_set(&e, FL_ERR_VALIDATION,
                     "a reversal (reverses=%s) must have the negative amount of the entry it "
                     "cancels",
                     entry->reverses);
        status = report_at(&site, &e, amount->len ? amount : reverses);
        goto fail;
    }

    /* fiscal year: the option, else the file's declared one, else its first entry's year */
    if (!in->fiscal_year)
        in->fiscal_year = fl_date_year(entry->date);
    if (fl_date_year(entry->date) != in->fiscal_year &&
        !(ctx->opts->rules_disabled & (1u << FL_RULE_FISCAL_YEAR))) {
        fl_error_set(&e, FL_ERR_VALIDATION,
                     "date %.*s is outside the fiscal year %d of this file (rule fiscal-year; "
                     "declare \"fiscal-year\" in a journal, or pass --no-rule fiscal-year)",
                     (int)date->len, date->text, in->fiscal_year);
        status = report_at(&site, &e, date);
        goto fail;
    }
    status = keep ? store_amount(l, entry->amount) : FL_OK;
    if (status == FL_OK)
        status = fl_ledger_commit_entry(l, entry, key_line, key_column);
    if (status != FL_OK) {
        fl_error_set(&e, status, "%s",
                     status == FL_ERR_LIMIT ? "more than 4,294,967,293 entries: too many"
                                            : "out of memory");
        report_at(&site, &e, NULL);
        goto fail;
    }
    in->entries++;
    return FL_OK;

fail:
    fl_ledger_abandon_entry(l, entry);
    return status;
}
