/*
 * export_json.c - the export's JSON summary: the report's
 * "fundledger.summary/1" document (report_json.c) with the generator, the
 * inputs and their SHA-256, the period, the units, the claims evaluated
 * and the audit rules (fundledger/export.h).
 */
#include "export_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atomic_file.h"
#include "error.h"
#include "report_json.h"

/* A count as a JSON number written from its digits (no binary floating point involved). */
static cJSON *count_item(size_t n)
{
    char digits[32];

    snprintf(digits, sizeof digits, "%zu", n);
    return cJSON_CreateRaw(digits);
}

static bool add_string_or_null(cJSON *object, const char *key, const char *value)
{
    return value ? cJSON_AddStringToObject(object, key, value) != NULL
                 : cJSON_AddNullToObject(object, key) != NULL;
}

static bool add_generator(cJSON *root)
{
    cJSON *g = cJSON_AddObjectToObject(root, "generator");

    return g && cJSON_AddStringToObject(g, "name", "fundledger") &&
           cJSON_AddStringToObject(g, "version", fl_version());
}

static bool add_inputs(cJSON *root, const fl_ledger *ledger)
{
    cJSON *list = cJSON_AddArrayToObject(root, "inputs");
    size_t i, n = fl_ledger_input_count(ledger);

    if (!list)
        return false;
    for (i = 0; i < n; i++) {
        cJSON *item = cJSON_CreateObject(), *count;

        if (!item || !cJSON_AddItemToArray(list, item)) {
            cJSON_Delete(item);
            return false;
        }
        const char *sha = fl_ledger_input_sha256(ledger, i);
        count = count_item(fl_ledger_input_entries(ledger, i));
        /* null: the ledger was loaded without hashing its inputs (skip_input_hash) */
        if (!cJSON_AddStringToObject(item, "path", fl_ledger_input_path(ledger, i)) || !count ||
            !cJSON_AddItemToObject(item, "entries", count) ||
            !(sha ? cJSON_AddStringToObject(item, "sha256", sha)
                  : cJSON_AddNullToObject(item, "sha256")))
            return false;
    }
    return true;
}

static bool add_period(cJSON *root, const fl_ledger *ledger)
{
    cJSON *p = cJSON_AddObjectToObject(root, "period");
    fl_date first, last;
    char a[11], b[11];

    fl_ledger_period(ledger, &first, &last);
    fl_date_format(a, first);
    fl_date_format(b, last);
    return p && add_string_or_null(p, "from", first ? a : NULL) &&
           add_string_or_null(p, "to", last ? b : NULL);
}

static bool add_units(cJSON *root, const fl_ledger *ledger)
{
    cJSON *list = cJSON_AddArrayToObject(root, "units");
    size_t u, n = fl_ledger_unit_count(ledger);

    if (!list)
        return false;
    for (u = 0; u < n; u++) {
        cJSON *item = cJSON_CreateObject();

        if (!item || !cJSON_AddItemToArray(list, item)) {
            cJSON_Delete(item);
            return false;
        }
        if (!cJSON_AddStringToObject(item, "name", fl_ledger_unit_name(ledger, u)) ||
            !add_string_or_null(item, "code", fl_ledger_unit_code(ledger, u)) ||
            !add_string_or_null(item, "kind", fl_ledger_unit_kind(ledger, u)))
            return false;
    }
    return true;
}

static bool add_rules(cJSON *root, const fl_audit *audit)
{
    cJSON *list = cJSON_AddArrayToObject(root, "rules");
    int r;

    if (!list)
        return false;
    for (r = 0; r < FL_RULE_COUNT_; r++) {
        const fl_audit_rule *rs = &audit->rules[r];
        cJSON *item = cJSON_CreateObject(), *findings;
        size_t i;

        if (!item || !cJSON_AddItemToArray(list, item)) {
            cJSON_Delete(item);
            return false;
        }
        if (!cJSON_AddStringToObject(item, "name", fl_rule_name((fl_rule)r)) ||
            !cJSON_AddStringToObject(item, "state", fl_audit_rule_state_name(rs->state)) ||
            !(findings = cJSON_AddArrayToObject(item, "findings")))
            return false;
        for (i = 0; i < rs->finding_count; i++) {
            cJSON *s = cJSON_CreateString(rs->findings[i]);
            if (!s || !cJSON_AddItemToArray(findings, s)) {
                cJSON_Delete(s);
                return false;
            }
        }
    }
    return true;
}

/* The audit's claims as the report's JSON takes them; texts are copied to be NUL-terminated. */
static fl_status claims_of_audit(fl_report_claim **out, char ***texts, const fl_audit *audit)
{
    size_t i, n = audit->claim_count;
    fl_report_claim *claims = calloc(n ? n : 1, sizeof *claims);
    char **copies = calloc(n ? n : 1, sizeof *copies);

    *out = claims;
    *texts = copies;
    if (!claims || !copies)
        return FL_ERR_NOMEM;
    for (i = 0; i < n; i++) {
        const fl_audit_claim *c = &audit->claims[i];

        copies[i] = malloc(c->line->len + 1);
        if (!copies[i])
            return FL_ERR_NOMEM;
        memcpy(copies[i], c->line->text, c->line->len);
        copies[i][c->line->len] = '\0';
        claims[i].file = c->file;
        claims[i].line = c->line->line;
        claims[i].text = copies[i];
        claims[i].holds = c->result.holds;
        claims[i].value = c->result.value;
    }
    return FL_OK;
}

/* Moves the item under key from `from` to the end of `to`. */
/* Moves body's item `key` to the end of `to`; false when memory ran out (the item is lost). */
static bool move_item(cJSON *to, cJSON *from, const char *key)
{
    cJSON *item = cJSON_DetachItemFromObjectCaseSensitive(from, key);

    if (!item)
        return true; /* the report has no such part */
    if (cJSON_AddItemToObject(to, key, item))
        return true;
    cJSON_Delete(item);
    return false;
}

fl_status fl_export__summary_cjson(cJSON **out, const fl_report *report, const fl_audit *audit,
                                   fl_error *err)
{
    const fl_ledger *ledger;
    fl_report_claim *claims = NULL;
    char **texts = NULL;
    cJSON *body = NULL, *root = NULL;
    fl_status st;
    size_t i;

    *out = NULL;
    if (!report || !audit)
        return fl_error_set(err, FL_ERR_INVALID_ARGUMENT, "no report or audit to export");
    if (audit->claims_bad)
        return fl_error_set(err, FL_ERR_INVALID_ARGUMENT,
                            "%zu claim(s) could not be read; nothing is exported",
                            audit->claims_bad);
    ledger = fl_report_get_ledger(report);
    st = claims_of_audit(&claims, &texts, audit);
    if (st == FL_OK)
        st = fl_report_to_cjson(&body, report, claims, audit->claim_count);
    if (st != FL_OK)
        goto done;
    st = FL_ERR_NOMEM;
    root = cJSON_CreateObject();
    if (!root)
        goto done;
    if (!move_item(root, body, "schema") || !move_item(root, body, "currency") ||
        !add_generator(root) || !add_inputs(root, ledger) || !add_period(root, ledger) ||
        !add_units(root, ledger) || !move_item(root, body, "totals") ||
        !move_item(root, body, "by_source") || !move_item(root, body, "by_unit") ||
        !move_item(root, body, "by_month") || !move_item(root, body, "claims") ||
        !add_rules(root, audit))
        goto done;
    *out = root;
    root = NULL;
    st = FL_OK;
done:
    if (st == FL_ERR_NOMEM)
        fl_error_set(err, st, "out of memory");
    cJSON_Delete(root);
    cJSON_Delete(body);
    for (i = 0; texts && i < audit->claim_count; i++)
        free(texts[i]);
    free(texts);
    free(claims);
    return st;
}

fl_status fl_export__print_json(char **out, const cJSON *root)
{
    char *text = cJSON_Print(root), *copy;
    size_t n;

    *out = NULL;
    if (!text)
        return FL_ERR_NOMEM;
    /* cJSON allocates with its own hooks: hand the caller memory that free() owns. */
    n = strlen(text);
    copy = malloc(n + 2);
    if (copy) {
        memcpy(copy, text, n);
        copy[n] = '\n';
        copy[n + 1] = '\0';
    }
    cJSON_free(text);
    *out = copy;
    return copy ? FL_OK : FL_ERR_NOMEM;
}

fl_status fl_export_json(char **out, const fl_report *report, const fl_audit *audit, fl_error *err)
{
    cJSON *root = NULL;
    fl_status st;

    if (!out)
        return fl_error_set(err, FL_ERR_INVALID_ARGUMENT, "no output");
    *out = NULL;
    st = fl_export__summary_cjson(&root, report, audit, err);
    if (st != FL_OK)
        return st;
    st = fl_export__print_json(out, root);
    cJSON_Delete(root);
    if (st != FL_OK)
        fl_error_set(err, st, "out of memory");
    return st;
}

fl_status fl_export__text_to_temp(fl_atomic_file *f, const char *path, const char *text,
                                  fl_error *err)
{
    fl_status st = fl_atomic_begin(f, path, err);

    if (st != FL_OK)
        return st;
    if (fputs(text, f->fp) == EOF) {
        int e = errno;
        fl_atomic_abort(f);
        return fl_atomic__io_error(err, path, "writing failed", e);
    }
    return FL_OK;
}

fl_status fl_export__write_text_file(const char *path, const char *text, fl_error *err)
{
    fl_atomic_file f;
    fl_status st = fl_export__text_to_temp(&f, path, text, err);

    return st == FL_OK ? fl_atomic_commit(&f, err) : st;
}

fl_status fl_export_write_json(const char *path, const fl_report *report, const fl_audit *audit,
                               fl_error *err)
{
    char *text = NULL;
    fl_status st = fl_export_json(&text, report, audit, err);

    if (st == FL_OK)
        st = fl_export__write_text_file(path, text, err);
    free(text);
    return st;
}
