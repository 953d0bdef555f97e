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

/* Reports a problem at `column`, keeping the message already in *e. */
static fl_status report_at(const entry_site *site, fl_error *e, unsigned long column)
{
    fl_error_set_file(e, site->path);
    e->line = site->line;
    e->column = column;
    fl_error_set_source(e, site->source_line, site->source_line_len);
    fl_load_report(site->ctx, e);
    return e->status;
}

/* Reports an error from a sub-parser whose column is relative to a field. */
static fl_status report_in_field(const entry_site *site, fl_error *e, unsigned long field_column)
{
    unsigned long inner = e->column ? e->column : 1;
    return report_at(site, e, field_column + inner - 1);
}

static bool fold_equals(const char *s, size_t len, const char *const *names)
{
    char *folded = NULL;
    size_t folded_len, i;
    bool match = false;

    if (fl_text_strip_diacritics_lower(&folded, &folded_len, s, len) != FL_OK)
        return false;
    for (i = 0; names[i]; i++)
        if (strlen(names[i]) == folded_len && memcmp(names[i], folded, folded_len) == 0) {
            match = true;
            break;
        }
    free(folded);
    return match;
}

static fl_status parse_kind(fl_entry_kind *out, const char *s, size_t len)
{
    static const char *const actual[] = {"actual", "thuc hien", "thuc-hien", "th", NULL};
    static const char *const estimate[] = {"estimate", "du toan", "du-toan", "ke hoach", "ke-hoach",
                                           "plan",     "dt",      "kh",      NULL};

    if (len == 0 || fold_equals(s, len, actual)) {
        *out = FL_KIND_ACTUAL;
        return FL_OK;
    }
    if (fold_equals(s, len, estimate)) {
        *out = FL_KIND_ESTIMATE;
        return FL_OK;
    }
    return FL_ERR_SYNTAX;
}

static fl_status parse_money(fl_dec out, const entry_site *site, const char *what, const char *s,
                             size_t len, unsigned long column, fl_locale locale, bool allow_scale,
                             fl_scale column_scale, bool column_scale_given)
{
    fl_amount_options opts = FL_AMOUNT_OPTIONS_INIT;
    fl_amount amount;
    fl_error e;
    fl_status status;

    fl_error_clear(&e);
    opts.locale = locale;
    opts.allow_percent = false;
    opts.allow_scale = allow_scale;
    fl_amount_init(&amount);
    status = fl_amount_parse(&amount, s, len, &opts, &e);
    if (status != FL_OK) {
        fl_amount_clear(&amount);
        return report_in_field(site, &e, column);
    }
    if (column_scale_given && amount.scale != FL_SCALE_DONG) {
        fl_amount_clear(&amount);
        fl_error_set(&e, FL_ERR_SYNTAX,
                     "%s \"%.*s\" names a scale, but the column header already gives one", what,
                     (int)len, s);
        return report_at(site, &e, column);
    }
    if (column_scale_given)
        status = fl_dec_mul_pow10(out, amount.value, (long)column_scale);
    else
        fl_dec_set(out, amount.value);
    fl_amount_clear(&amount);
    if (status != FL_OK) {
        fl_error_set(&e, status, "%s \"%.*s\" is too large", what, (int)len, s);
        return report_at(site, &e, column);
    }
    return FL_OK;
}

fl_status fl_ledger_add_entry_fields(fl_load_context *ctx, const fl_entry_fields *f, uint32_t input,
                                     unsigned long line, const char *source_line,
                                     size_t source_line_len, fl_locale locale)
{
    fl_ledger *l = ctx->ledger;
    entry_site site = {ctx, l->inputs[input].path, line, source_line, source_line_len};
    fl_error e;
    fl_entry *entry;
    fl_status status;
    fl_in_kind *in_kind = NULL;
    int source_index;
    bool has_amount = f->amount_len > 0;

    fl_error_clear(&e);
    entry = fl_ledger_push_entry(l);
    if (!entry) {
        fl_error_set(&e, FL_ERR_NOMEM, "out of memory");
        return report_at(&site, &e, 0);
    }
    entry->input = input;
    entry->line = (uint32_t)line;

    /* date */
    if (f->date_len == 0) {
        fl_error_set(&e, FL_ERR_SYNTAX, "the entry has no date");
        status = report_at(&site, &e, f->date_col);
        goto fail;
    }
    status = fl_date_parse(&entry->date, f->date, f->date_len, &e);
    if (status != FL_OK) {
        report_in_field(&site, &e, f->date_col);
        goto fail;
    }

    /* unit */
    if (f->unit_len == 0) {
        fl_error_set(&e, FL_ERR_SYNTAX, "the entry has no unit (đơn vị)");
        status = report_at(&site, &e, f->unit_col);
        goto fail;
    }
    status = fl_ledger_intern_unit(l, f->unit, f->unit_len, &entry->unit);
    if (status != FL_OK) {
        fl_error_set(&e, status, "unit \"%.*s\": %s", (int)f->unit_len, f->unit,
                     fl_strerror(status));
        report_at(&site, &e, f->unit_col);
        goto fail;
    }

    /* source */
    if (f->source_len == 0) {
        fl_error_set(&e, FL_ERR_SYNTAX, "the entry has no funding source (nguồn)");
        status = report_at(&site, &e, f->source_col);
        goto fail;
    }
    status = fl_source_tree_resolve(&source_index, l->sources, f->source, f->source_len, &e);
    if (status != FL_OK) {
        e.column = 0;
        report_at(&site, &e, f->source_col);
        goto fail;
    }
    entry->source = source_index;

    /* kind */
    if (parse_kind(&entry->kind, f->kind, f->kind_len) != FL_OK) {
        fl_error_set(&e, FL_ERR_SYNTAX,
                     "unknown kind \"%.*s\"; write actual (thực hiện) or estimate (dự toán)",
                     (int)f->kind_len, f->kind);
        status = report_at(&site, &e, f->kind_col);
        goto fail;
    }

    /* amount, and the valuation of in-kind contributions */
    if (has_amount) {
        status = parse_money(entry->amount, &site, "amount", f->amount, f->amount_len,
                             f->amount_col, locale, true, f->amount_scale, f->amount_scale_given);
        if (status != FL_OK)
            goto fail;
    }
    if (f->quantity_len || f->unit_price_len) {
        fl_dec product;
        if (!f->quantity_len || !f->unit_price_len) {
            fl_error_set(&e, FL_ERR_SYNTAX,
                         "an in-kind entry needs both a quantity and a unit price");
            status = report_at(&site, &e, f->quantity_len ? f->quantity_col : f->unit_price_col);
            goto fail;
        }
        in_kind = fl_arena_alloc(&l->strings, sizeof *in_kind);
        if (!in_kind) {
            status = FL_ERR_NOMEM;
            goto fail;
        }
        fl_dec_init(in_kind->quantity);
        fl_dec_init(in_kind->unit_price);
        in_kind->uom = f->uom_len ? fl_ledger_strdup(l, f->uom, f->uom_len) : NULL;
        in_kind->basis = f->basis_len ? fl_ledger_strdup(l, f->basis, f->basis_len) : NULL;
        entry->in_kind = in_kind;
        status = parse_money(in_kind->quantity, &site, "quantity", f->quantity, f->quantity_len,
                             f->quantity_col, locale, false, FL_SCALE_DONG, false);
        if (status != FL_OK)
            goto fail;
        status =
            parse_money(in_kind->unit_price, &site, "unit price", f->unit_price, f->unit_price_len,
                        f->unit_price_col, locale, true, FL_SCALE_DONG, false);
        if (status != FL_OK)
            goto fail;
        fl_dec_init(product);
        status = fl_dec_mul(product, in_kind->quantity, in_kind->unit_price);
        if (status == FL_OK && !has_amount) {
            fl_dec_set(entry->amount, product);
            has_amount = true;
        } else if (status == FL_OK && fl_dec_cmp(product, entry->amount) != 0 &&
                   !(ctx->opts->rules_disabled & (1u << FL_RULE_IN_KIND_VALUE))) {
            char *p = fl_dec_to_string(product), *a = fl_dec_to_string(entry->amount);
            fl_error_set(&e, FL_ERR_VALIDATION,
                         "amount %s differs from quantity x unit price = %.*s x %.*s = %s "
                         "(rule in-kind-value)",
                         a ? a : "?", (int)f->quantity_len, f->quantity, (int)f->unit_price_len,
                         f->unit_price, p ? p : "?");
            free(p);
            free(a);
            status = FL_ERR_VALIDATION;
        }
        fl_dec_clear(product);
        if (status != FL_OK) {
            if (e.status == FL_OK)
                fl_error_set(&e, status, "quantity x unit price is too large");
            report_at(&site, &e, has_amount ? f->amount_col : f->quantity_col);
            goto fail;
        }
    }
    if (!has_amount) {
        fl_error_set(&e, FL_ERR_SYNTAX, "the entry has no amount (số tiền)");
        status = report_at(&site, &e, f->amount_col);
        goto fail;
    }

    /* references and text */
    entry->ref = f->ref_len ? fl_ledger_strdup(l, f->ref, f->ref_len) : NULL;
    entry->memo = f->memo_len ? fl_ledger_strdup(l, f->memo, f->memo_len) : NULL;
    entry->reverses = f->reverses_len ? fl_ledger_strdup(l, f->reverses, f->reverses_len) : NULL;
    if (fl_dec_sign(entry->amount) < 0 && !entry->reverses) {
        fl_error_set(&e, FL_ERR_VALIDATION,
                     "negative amount \"%.*s\": only a reversal may be negative (give "
                     "reverses=REF, the reference of the entry it cancels)",
                     (int)f->amount_len, f->amount);
        status = report_at(&site, &e, f->amount_col);
        goto fail;
    }
    if (entry->reverses && fl_dec_sign(entry->amount) > 0) {
        fl_error_set(&e, FL_ERR_VALIDATION,
                     "a reversal (reverses=%s) must have the negative of the entry it cancels",
                     entry->reverses);
        status = report_at(&site, &e, f->amount_col);
        goto fail;
    }

    if (!l->inputs[input].fiscal_year)
        l->inputs[input].fiscal_year =
            ctx->opts->fiscal_year ? ctx->opts->fiscal_year : fl_date_year(entry->date);
    if (fl_date_year(entry->date) != l->inputs[input].fiscal_year &&
        !(ctx->opts->rules_disabled & (1u << FL_RULE_FISCAL_YEAR))) {
        fl_error_set(&e, FL_ERR_VALIDATION,
                     "date %.*s is outside the fiscal year %d of this file (rule fiscal-year; "
                     "declare \"fiscal-year\" in a journal, or pass --no-rule fiscal-year)",
                     (int)f->date_len, f->date, l->inputs[input].fiscal_year);
        status = report_at(&site, &e, f->date_col);
        goto fail;
    }
    l->inputs[input].entries++;
    return FL_OK;

fail:
    fl_ledger_pop_entry(l);
    return status;
}
