/*
 * report_csv.c - a report as CSV for spreadsheets and scripts
 * (fl_report_write_csv, fundledger/report.h).
 *
 * RFC 4180: "," between fields, "\n" after each row, a field quoted when it
 * holds a comma, a quote or a line break.  Amounts are canonical plain
 * decimals so any spreadsheet or script reads them the same way.
 */
#include "report_internal.h"

#include <stdlib.h>
#include <string.h>

typedef struct csv_context {
    const fl_report *report;
    const fl_report_render_options *options;
    FILE *out;
    fl_status status;
} csv_context;

static void write_field(csv_context *ctx, const char *text, bool last)
{
    const char *p;

    if (ctx->status != FL_OK)
        return;
    if (text && strpbrk(text, ",\"\r\n")) {
        fputc('"', ctx->out);
        for (p = text; *p; p++) {
            if (*p == '"')
                fputc('"', ctx->out);
            fputc(*p, ctx->out);
        }
        fputc('"', ctx->out);
    } else if (text) {
        fputs(text, ctx->out);
    }
    fputc(last ? '\n' : ',', ctx->out);
}

/* An amount in the canonical plain form, at the chosen scale and places. */
static void write_amount(csv_context *ctx, fl_dec_srcptr v, bool last)
{
    char *text = NULL;

    if (ctx->status != FL_OK)
        return;
    ctx->status = fl_report__format_amount(&text, v, ctx->options->scale, ctx->options->places,
                                           FL_LOCALE_EN, true);
    write_field(ctx, text, last);
    free(text);
}

/* A percentage as rounded ("35.29"), or an empty field. */
static void write_percent(csv_context *ctx, fl_dec_srcptr v, bool last)
{
    char *text = NULL;

    if (ctx->status != FL_OK)
        return;
    if (v) {
        text = fl_dec_to_string(v);
        if (!text)
            ctx->status = FL_ERR_NOMEM;
    }
    write_field(ctx, text, last);
    free(text);
}

static void write_header(csv_context *ctx, const char *const *names, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        write_field(ctx, names[i], i + 1 == n);
}

static void write_by_source(csv_context *ctx, int group)
{
    const fl_report *r = ctx->report;
    fl_locale locale = ctx->options->locale;
    const char *code = fl_report__group_code(r, group);
    size_t k, n = fl_report__source_count(r);
    char depth[32];
    fl_dec hundred;

    for (k = 0; k < n && ctx->status == FL_OK; k++) {
        size_t s = fl_report__source_in_order(r, k);
        int parent = fl_report__source_parent(r, s);

        if (fl_report__source_group(r, s) != group || !fl_report_source_has_entries(r, s))
            continue;
        snprintf(depth, sizeof depth, "%zu", fl_report__source_depth(r, s));
        write_field(ctx, code, false);
        write_field(ctx, fl_report__source_code(r, s), false);
        write_field(ctx, parent < 0 ? "" : fl_report__source_code(r, (size_t)parent), false);
        write_field(ctx, depth, false);
        write_field(ctx, fl_report__source_label(r, s, locale), false);
        write_amount(ctx, fl_report_source_total(r, s, FL_KIND_ACTUAL), false);
        write_amount(ctx, fl_report_source_total(r, s, FL_KIND_ESTIMATE), false);
        write_percent(ctx, fl_report_source_share(r, s), false);
        if (fl_report__source_has_children(r, s)) {
            write_amount(ctx, fl_report_source_own(r, s, FL_KIND_ACTUAL), false);
            write_amount(ctx, fl_report_source_own(r, s, FL_KIND_ESTIMATE), true);
        } else {
            write_field(ctx, "", false);
            write_field(ctx, "", true);
        }
    }
    fl_dec_init(hundred);
    fl_dec_set_si(hundred, 100);
    write_field(ctx, code, false);
    write_field(ctx, "", false);
    write_field(ctx, "", false);
    write_field(ctx, "", false);
    write_field(ctx, fl_report__group_label(r, group, locale), false);
    write_amount(ctx, fl_report_group_total(r, group, FL_KIND_ACTUAL), false);
    write_amount(ctx, fl_report_group_total(r, group, FL_KIND_ESTIMATE), false);
    if (fl_report_group_shares(r, group) == FL_SHARES_COMPUTED) {
        fl_dec_round(hundred, hundred, fl_report_get_options(r)->percent_places, FL_ROUND_HALF_UP,
                     NULL);
        write_percent(ctx, hundred, false);
    } else {
        write_field(ctx, "", false);
    }
    write_field(ctx, "", false);
    write_field(ctx, "", true);
    fl_dec_clear(hundred);
}

static void write_by_unit(csv_context *ctx, int group)
{
    const fl_report *r = ctx->report;
    const fl_ledger *ledger = fl_report_get_ledger(r);
    const char *code = fl_report__group_code(r, group);
    size_t u, t, units = fl_ledger_unit_count(ledger), tops = fl_report_top_count(r);

    /* u == units: the column totals over all units. */
    for (u = 0; u <= units && ctx->status == FL_OK; u++) {
        const char *unit = u < units ? fl_ledger_unit_name(ledger, u) : "";

        if (u < units && !fl_report_unit_has_entries(r, u, group))
            continue;
        for (t = 0; t < tops; t++) {
            size_t s = fl_report_top_source(r, t);

            if (fl_report__source_group(r, s) != group || !fl_report_source_has_entries(r, s))
                continue;
            write_field(ctx, code, false);
            write_field(ctx, unit, false);
            write_field(ctx, fl_report__source_code(r, s), false);
            if (u < units) {
                write_amount(ctx, fl_report_unit_cell(r, u, t, FL_KIND_ACTUAL), false);
                write_amount(ctx, fl_report_unit_cell(r, u, t, FL_KIND_ESTIMATE), true);
            } else {
                write_amount(ctx, fl_report_source_total(r, s, FL_KIND_ACTUAL), false);
                write_amount(ctx, fl_report_source_total(r, s, FL_KIND_ESTIMATE), true);
            }
        }
        write_field(ctx, code, false);
        write_field(ctx, unit, false);
        write_field(ctx, "", false);
        if (u < units) {
            write_amount(ctx, fl_report_unit_total(r, u, group, FL_KIND_ACTUAL), false);
            write_amount(ctx, fl_report_unit_total(r, u, group, FL_KIND_ESTIMATE), true);
        } else {
            write_amount(ctx, fl_report_group_total(r, group, FL_KIND_ACTUAL), false);
            write_amount(ctx, fl_report_group_total(r, group, FL_KIND_ESTIMATE), true);
        }
    }
}

static void write_by_month(csv_context *ctx, int group)
{
    const fl_report *r = ctx->report;
    const char *code = fl_report__group_code(r, group);
    size_t i, months = fl_report_month_count(r);
    char text[16];

    for (i = 0; i < months && ctx->status == FL_OK; i++) {
        int32_t month = fl_report_month(r, i);

        if (!fl_report_month_has_entries(r, i, group))
            continue;
        if (month)
            snprintf(text, sizeof text, "%04d-%02d", (int)(month / 100 % 10000),
                     (int)(month % 100));
        else
            text[0] = '\0';
        write_field(ctx, code, false);
        write_field(ctx, text, false);
        write_amount(ctx, fl_report_month_total(r, i, group, FL_KIND_ACTUAL), false);
        write_amount(ctx, fl_report_month_total(r, i, group, FL_KIND_ESTIMATE), true);
    }
    write_field(ctx, code, false);
    write_field(ctx, "", false);
    write_amount(ctx, fl_report_group_total(r, group, FL_KIND_ACTUAL), false);
    write_amount(ctx, fl_report_group_total(r, group, FL_KIND_ESTIMATE), true);
}

static void write_by_kind(csv_context *ctx, int group)
{
    const fl_report *r = ctx->report;
    fl_locale locale = ctx->options->locale;
    const char *code = fl_report__group_code(r, group);
    size_t k, n = fl_report__source_count(r);
    fl_dec achieved, over;
    bool ok;

    if (!fl_report_group_has_estimate(r, group))
        return;
    fl_dec_init(achieved);
    fl_dec_init(over);
    /* k == n: the group's own row. */
    for (k = 0; k <= n && ctx->status == FL_OK; k++) {
        size_t s = k < n ? fl_report__source_in_order(r, k) : 0;

        if (k < n) {
            if (fl_report__source_group(r, s) != group || !fl_report_source_has_estimate(r, s))
                continue;
            ok = fl_report_source_percent(achieved, over, r, s) == FL_OK;
            write_field(ctx, code, false);
            write_field(ctx, fl_report__source_code(r, s), false);
            write_field(ctx, fl_report__source_label(r, s, locale), false);
            write_amount(ctx, fl_report_source_total(r, s, FL_KIND_ACTUAL), false);
            write_amount(ctx, fl_report_source_total(r, s, FL_KIND_ESTIMATE), false);
        } else {
            ok = fl_report_group_percent(achieved, over, r, group) == FL_OK;
            write_field(ctx, code, false);
            write_field(ctx, "", false);
            write_field(ctx, fl_report__group_label(r, group, locale), false);
            write_amount(ctx, fl_report_group_total(r, group, FL_KIND_ACTUAL), false);
            write_amount(ctx, fl_report_group_total(r, group, FL_KIND_ESTIMATE), false);
        }
        write_percent(ctx, ok ? achieved : NULL, false);
        write_percent(ctx, ok ? over : NULL, true);
    }
    fl_dec_clear(achieved);
    fl_dec_clear(over);
}

fl_status fl_report_write_csv(const fl_report *report, FILE *out, const fl_report_render_options *o)
{
    static const fl_report_render_options defaults = FL_REPORT_RENDER_OPTIONS_INIT;
    static const char *const source_header[] = {"group",
                                                "code",
                                                "parent",
                                                "depth",
                                                "label",
                                                "actual",
                                                "estimate",
                                                "share",
                                                "unallocated_actual",
                                                "unallocated_estimate"};
    static const char *const unit_header[] = {"group", "unit", "code", "actual", "estimate"};
    static const char *const month_header[] = {"group", "month", "actual", "estimate"};
    static const char *const kind_header[] = {"group",
                                              "code",
                                              "label",
                                              "actual",
                                              "estimate",
                                              "percent_of_estimate",
                                              "percent_over_estimate"};
    csv_context ctx;
    size_t g;

    if (!report || !out)
        return FL_ERR_INVALID_ARGUMENT;
    if (!o)
        o = &defaults;
    ctx.report = report;
    ctx.options = o;
    ctx.out = out;
    ctx.status = FL_OK;
    switch (o->by) {
    case FL_REPORT_BY_SOURCE:
        write_header(&ctx, source_header, sizeof source_header / sizeof source_header[0]);
        break;
    case FL_REPORT_BY_UNIT:
        write_header(&ctx, unit_header, sizeof unit_header / sizeof unit_header[0]);
        break;
    case FL_REPORT_BY_MONTH:
        write_header(&ctx, month_header, sizeof month_header / sizeof month_header[0]);
        break;
    case FL_REPORT_BY_KIND:
        write_header(&ctx, kind_header, sizeof kind_header / sizeof kind_header[0]);
        break;
    default:
        return FL_ERR_INVALID_ARGUMENT;
    }
    for (g = 0; g < fl_report_group_count(report) && ctx.status == FL_OK; g++) {
        int group = (int)g;

        if (!fl_report_group_has_entries(report, group))
            continue;
        switch (o->by) {
        case FL_REPORT_BY_SOURCE:
            write_by_source(&ctx, group);
            break;
        case FL_REPORT_BY_UNIT:
            write_by_unit(&ctx, group);
            break;
        case FL_REPORT_BY_MONTH:
            write_by_month(&ctx, group);
            break;
        case FL_REPORT_BY_KIND:
            write_by_kind(&ctx, group);
            break;
        }
    }
    if (ctx.status == FL_OK && (ferror(out) || fflush(out) != 0))
        ctx.status = FL_ERR_IO;
    return ctx.status;
}
