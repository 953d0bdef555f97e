/*
 * report_json.c - the "fundledger.summary/1" JSON summary of a report
 * (fl_report_to_json, fundledger/report.h; fl_report_to_cjson, report_json.h).
 *
 * Every amount and percentage is a JSON string in canonical plain form, so
 * no reader ever sees a binary floating-point number; cJSON keeps keys in
 * the order they are added, which is the documented order.
 */
#include "report_json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_internal.h"

#define SCHEMA "fundledger.summary/1"

/* Adds key: "canonical text of v" (trailing fraction zeros dropped: "1.5", "151463000000"). */
static bool add_amount(cJSON *object, const char *key, const fl_dec v)
{
    fl_dec reduced;
    char *text;
    bool ok;

    fl_dec_init(reduced);
    fl_dec_reduce(reduced, v);
    text = fl_dec_to_string(reduced);
    fl_dec_clear(reduced);
    ok = text && cJSON_AddStringToObject(object, key, text);
    free(text);
    return ok;
}

/* Adds key: "percentage as rounded" ("35.29", "100.00"), or null. */
static bool add_percent(cJSON *object, const char *key, fl_dec_srcptr v)
{
    char *text;
    bool ok;

    if (!v)
        return cJSON_AddNullToObject(object, key) != NULL;
    text = fl_dec_to_string(v);
    ok = text && cJSON_AddStringToObject(object, key, text);
    free(text);
    return ok;
}

/* {"actual": "...", "estimate": "..."} of two figures, under key. */
static bool add_pair(cJSON *object, const char *key, fl_dec_srcptr actual, fl_dec_srcptr estimate)
{
    cJSON *pair = cJSON_AddObjectToObject(object, key);

    return pair && add_amount(pair, "actual", actual) && add_amount(pair, "estimate", estimate);
}

static bool add_totals(cJSON *root, const fl_report *r)
{
    cJSON *totals = cJSON_AddObjectToObject(root, "totals");
    size_t g;

    if (!totals)
        return false;
    for (g = 0; g < fl_report_group_count(r); g++) {
        int group = (int)g;

        if (fl_report_group_has_entries(r, group) &&
            !add_pair(totals, fl_report__group_code(r, group),
                      fl_report_group_total(r, group, FL_KIND_ACTUAL),
                      fl_report_group_total(r, group, FL_KIND_ESTIMATE)))
            return false;
    }
    return true;
}

static bool add_by_source(cJSON *root, const fl_report *r)
{
    cJSON *list = cJSON_AddArrayToObject(root, "by_source");
    size_t k, n = fl_report__source_count(r);
    fl_dec achieved, over;
    bool ok = list != NULL;

    fl_dec_init(achieved);
    fl_dec_init(over);
    for (k = 0; k < n && ok; k++) {
        size_t s = fl_report__source_in_order(r, k);
        cJSON *item;
        bool percent;

        if (!fl_report_source_has_entries(r, s))
            continue;
        item = cJSON_CreateObject();
        ok = item && cJSON_AddItemToArray(list, item);
        if (!ok) {
            cJSON_Delete(item);
            break;
        }
        percent = fl_report_source_percent(achieved, over, r, s) == FL_OK;
        ok = cJSON_AddStringToObject(item, "code", fl_report__source_code(r, s)) &&
             cJSON_AddStringToObject(item, "label", fl_report__source_label(r, s, FL_LOCALE_VI)) &&
             add_amount(item, "actual", fl_report_source_total(r, s, FL_KIND_ACTUAL)) &&
             add_amount(item, "estimate", fl_report_source_total(r, s, FL_KIND_ESTIMATE)) &&
             add_percent(item, "share", fl_report_source_share(r, s)) &&
             cJSON_AddStringToObject(item, "group",
                                     fl_report__group_code(r, fl_report__source_group(r, s))) &&
             add_percent(item, "percent_of_estimate", percent ? achieved : NULL) &&
             add_percent(item, "percent_over_estimate", percent ? over : NULL);
        if (ok && fl_report_source_unallocated(r, s))
            ok = add_pair(item, "unallocated", fl_report_source_own(r, s, FL_KIND_ACTUAL),
                          fl_report_source_own(r, s, FL_KIND_ESTIMATE));
    }
    fl_dec_clear(achieved);
    fl_dec_clear(over);
    return ok;
}

/* One object per (unit or month, group) with entries: {key_name: key, "group", "actual",
 * "estimate"}. */
static bool add_keyed(cJSON *list, const char *key_name, const char *key, const char *group,
                      fl_dec_srcptr actual, fl_dec_srcptr estimate)
{
    cJSON *item = cJSON_CreateObject();

    if (!item || !cJSON_AddItemToArray(list, item)) {
        cJSON_Delete(item);
        return false;
    }
    return (key ? cJSON_AddStringToObject(item, key_name, key)
                : cJSON_AddNullToObject(item, key_name)) &&
           cJSON_AddStringToObject(item, "group", group) && add_amount(item, "actual", actual) &&
           add_amount(item, "estimate", estimate);
}

static bool add_by_unit(cJSON *root, const fl_report *r)
{
    const fl_ledger *ledger = fl_report_get_ledger(r);
    cJSON *list = cJSON_AddArrayToObject(root, "by_unit");
    size_t u, g, units = fl_ledger_unit_count(ledger);

    if (!list)
        return false;
    for (u = 0; u < units; u++)
        for (g = 0; g < fl_report_group_count(r); g++) {
            int group = (int)g;

            if (fl_report_unit_has_entries(r, u, group) &&
                !add_keyed(list, "unit", fl_ledger_unit_name(ledger, u),
                           fl_report__group_code(r, group),
                           fl_report_unit_total(r, u, group, FL_KIND_ACTUAL),
                           fl_report_unit_total(r, u, group, FL_KIND_ESTIMATE)))
                return false;
        }
    return true;
}

static bool add_by_month(cJSON *root, const fl_report *r)
{
    cJSON *list = cJSON_AddArrayToObject(root, "by_month");
    size_t i, g, months = fl_report_month_count(r);
    char text[16];

    if (!list)
        return false;
    for (i = 0; i < months; i++) {
        int32_t month = fl_report_month(r, i);

        snprintf(text, sizeof text, "%04d-%02d", (int)(month / 100 % 10000), (int)(month % 100));
        for (g = 0; g < fl_report_group_count(r); g++) {
            int group = (int)g;

            if (fl_report_month_has_entries(r, i, group) &&
                !add_keyed(list, "month", month ? text : NULL, fl_report__group_code(r, group),
                           fl_report_month_total(r, i, group, FL_KIND_ACTUAL),
                           fl_report_month_total(r, i, group, FL_KIND_ESTIMATE)))
                return false;
        }
    }
    return true;
}

static bool add_claims(cJSON *root, const fl_report_claim *claims, size_t count)
{
    cJSON *list = cJSON_AddArrayToObject(root, "claims");
    size_t i;
    char line[32];

    if (!list)
        return false;
    for (i = 0; i < count; i++) {
        const fl_report_claim *c = &claims[i];
        cJSON *item = cJSON_CreateObject();

        if (!item || !cJSON_AddItemToArray(list, item)) {
            cJSON_Delete(item);
            return false;
        }
        /* The line is a count, not money; written as raw digits so no binary number is involved. */
        snprintf(line, sizeof line, "%lu", c->line);
        if (!(c->file ? cJSON_AddStringToObject(item, "file", c->file)
                      : cJSON_AddNullToObject(item, "file")) ||
            !(c->line ? cJSON_AddRawToObject(item, "line", line)
                      : cJSON_AddNullToObject(item, "line")) ||
            !cJSON_AddStringToObject(item, "text", c->text ? c->text : "") ||
            !cJSON_AddBoolToObject(item, "holds", c->holds) ||
            !(c->value ? cJSON_AddStringToObject(item, "value", c->value)
                       : cJSON_AddNullToObject(item, "value")))
            return false;
    }
    return true;
}

fl_status fl_report_to_cjson(cJSON **out, const fl_report *report, const fl_report_claim *claims,
                             size_t claim_count)
{
    cJSON *root;

    if (!out || !report || (claim_count && !claims))
        return FL_ERR_INVALID_ARGUMENT;
    *out = NULL;
    root = cJSON_CreateObject();
    if (!root || !cJSON_AddStringToObject(root, "schema", SCHEMA) ||
        !cJSON_AddStringToObject(root, "currency", "VND") || !add_totals(root, report) ||
        !add_by_source(root, report) || !add_by_unit(root, report) || !add_by_month(root, report) ||
        !add_claims(root, claims, claim_count)) {
        cJSON_Delete(root);
        return FL_ERR_NOMEM;
    }
    *out = root;
    return FL_OK;
}

fl_status fl_report_to_json(char **out, const fl_report *report, const fl_report_claim *claims,
                            size_t claim_count)
{
    cJSON *root = NULL;
    char *text, *with_newline;
    size_t length;
    fl_status status;

    if (!out)
        return FL_ERR_INVALID_ARGUMENT;
    *out = NULL;
    status = fl_report_to_cjson(&root, report, claims, claim_count);
    if (status != FL_OK)
        return status;
    text = cJSON_Print(root);
    cJSON_Delete(root);
    if (!text)
        return FL_ERR_NOMEM;
    /* cJSON allocates with its own hooks: hand the caller memory that free() owns. */
    length = strlen(text);
    with_newline = malloc(length + 2);
    if (with_newline) {
        memcpy(with_newline, text, length);
        with_newline[length] = '\n';
        with_newline[length + 1] = '\0';
    }
    cJSON_free(text);
    if (!with_newline)
        return FL_ERR_NOMEM;
    *out = with_newline;
    return FL_OK;
}
