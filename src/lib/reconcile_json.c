/*
 * reconcile_json.c - a reconciliation as a fundledger.reconcile/1 document
 * (fl_reconcile_to_json, fl_reconcile_save_json).  Amounts are exact
 * decimal strings ("1739567000", "-9000000"); nothing is rounded.
 * Sections: options, a, b, summary, matched, differences, only_in_a,
 * only_in_b, totals (by_source, by_unit) and bridge; docs/reconcile.md
 * describes each field.
 */
#include "reconcile_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "atomic_file.h"

static bool add_amount(cJSON *obj, const char *name, const fl_dec v)
{
    char *text = rec_plain_amount(v);
    bool ok = text && cJSON_AddStringToObject(obj, name, text);
    free(text);
    return ok;
}

static bool add_text_or_null(cJSON *obj, const char *name, const char *text)
{
    return text ? cJSON_AddStringToObject(obj, name, text) != NULL
                : cJSON_AddNullToObject(obj, name) != NULL;
}

static cJSON *entry_json(const fl_reconcile *rec, int side, const fl_entry *e)
{
    cJSON *o = cJSON_CreateObject();
    char date[11];
    bool ok;

    if (!o)
        return NULL;
    fl_date_format(date, e->date);
    ok = add_text_or_null(o, "date", e->date ? date : NULL) &&
         cJSON_AddStringToObject(o, "unit", fl_reconcile_entry_unit(rec, side, e)) &&
         cJSON_AddStringToObject(o, "source", fl_reconcile_entry_source(rec, side, e)) &&
         cJSON_AddStringToObject(o, "kind", fl_entry_kind_name(e->kind)) &&
         add_amount(o, "amount", e->amount) && add_text_or_null(o, "ref", e->ref) &&
         add_text_or_null(o, "memo", e->memo) &&
         cJSON_AddStringToObject(o, "file",
                                 fl_ledger_input_path(rec->side[side].ledger, e->input)) &&
         cJSON_AddNumberToObject(o, "line", e->line);
    if (!ok) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

static bool add_entries(cJSON *parent, const char *name, const fl_reconcile *rec, int side,
                        const fl_entry *const *e, size_t n)
{
    cJSON *arr = cJSON_AddArrayToObject(parent, name);
    size_t i;

    if (!arr)
        return false;
    for (i = 0; i < n; i++) {
        cJSON *o = entry_json(rec, side, e[i]);
        if (!o || !cJSON_AddItemToArray(arr, o)) {
            cJSON_Delete(o);
            return false;
        }
    }
    return true;
}

static cJSON *pair_json(const fl_reconcile *rec, const fl_reconcile_pair *p)
{
    static const char *const what[4] = {"amount", "date", "source", "kind"};
    cJSON *o = cJSON_CreateObject(), *differs;
    size_t k;
    bool ok;

    if (!o)
        return NULL;
    ok = cJSON_AddStringToObject(o, "rule", fl_reconcile_rule_name(p->rule)) &&
         add_entries(o, "a", rec, 0, p->a, p->a_count) &&
         add_entries(o, "b", rec, 1, p->b, p->b_count) &&
         add_amount(o, "difference", p->difference) &&
         (differs = cJSON_AddArrayToObject(o, "differs")) != NULL;
    for (k = 0; ok && k < 4; k++)
        if (p->differs & (1u << k)) {
            cJSON *s = cJSON_CreateString(what[k]);
            ok = s && cJSON_AddItemToArray(differs, s);
        }
    ok = ok && cJSON_AddNumberToObject(o, "days", (double)p->days) &&
         cJSON_AddBoolToObject(o, "tolerated", p->tolerated);
    if (!ok) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

static bool add_side(cJSON *root, const char *name, const fl_reconcile *rec, int side)
{
    const fl_ledger *l = rec->side[side].ledger;
    cJSON *o = cJSON_AddObjectToObject(root, name), *inputs;
    size_t i;

    if (!o || !(inputs = cJSON_AddArrayToObject(o, "inputs")))
        return false;
    for (i = 0; i < fl_ledger_input_count(l); i++) {
        cJSON *in = cJSON_CreateObject();
        if (!in || !cJSON_AddItemToArray(inputs, in)) {
            cJSON_Delete(in);
            return false;
        }
        const char *sha = fl_ledger_input_sha256(l, i);
        if (!cJSON_AddStringToObject(in, "path", fl_ledger_input_path(l, i)) ||
            !(sha ? cJSON_AddStringToObject(in, "sha256", sha)
                  : cJSON_AddNullToObject(in, "sha256")))
            return false;
    }
    return cJSON_AddNumberToObject(o, "entries", (double)fl_ledger_entry_count(l)) != NULL;
}

static bool add_totals(cJSON *parent, const char *name, const fl_reconcile *rec, fl_reconcile_by by)
{
    cJSON *arr = cJSON_AddArrayToObject(parent, name);
    size_t i, n = fl_reconcile_total_count(rec, by);

    if (!arr)
        return false;
    for (i = 0; i < n; i++) {
        const fl_reconcile_total *t = fl_reconcile_total_get(rec, by, i);
        cJSON *o = cJSON_CreateObject();
        if (!o || !cJSON_AddItemToArray(arr, o)) {
            cJSON_Delete(o);
            return false;
        }
        if (!cJSON_AddStringToObject(o, by == FL_RECONCILE_BY_UNIT ? "unit" : "source", t->key) ||
            !cJSON_AddStringToObject(o, "kind", fl_entry_kind_name(t->kind)) ||
            !add_amount(o, "a", t->a) || !add_amount(o, "b", t->b) ||
            !add_amount(o, "difference", t->difference) ||
            !cJSON_AddNumberToObject(o, "a_entries", (double)t->a_count) ||
            !cJSON_AddNumberToObject(o, "b_entries", (double)t->b_count))
            return false;
    }
    return true;
}

static cJSON *build(const fl_reconcile *rec)
{
    const fl_reconcile_bridge *b = &rec->bridge;
    cJSON *root = cJSON_CreateObject(), *o, *matched, *differences, *totals;
    size_t i;
    bool ok;

    if (!root)
        return NULL;
    ok = cJSON_AddStringToObject(root, "format", "fundledger.reconcile/1") &&
         cJSON_AddStringToObject(root, "generator", "fundledger " FL_VERSION_STRING) &&
         (o = cJSON_AddObjectToObject(root, "options")) != NULL &&
         cJSON_AddStringToObject(o, "match", fl_reconcile_match_name(rec->opts.match)) &&
         cJSON_AddNumberToObject(o, "date_window", (double)rec->opts.date_window) &&
         add_amount(o, "tolerance", rec->tolerance) && add_side(root, "a", rec, 0) &&
         add_side(root, "b", rec, 1) && (o = cJSON_AddObjectToObject(root, "summary")) != NULL &&
         cJSON_AddNumberToObject(o, "matched", (double)(rec->pair_count - rec->difference_count)) &&
         cJSON_AddNumberToObject(o, "differences", (double)rec->difference_count) &&
         cJSON_AddNumberToObject(o, "tolerated",
                                 (double)(rec->difference_count - rec->untolerated_count)) &&
         cJSON_AddNumberToObject(o, "only_in_a", (double)rec->only_count[0]) &&
         cJSON_AddNumberToObject(o, "only_in_b", (double)rec->only_count[1]) &&
         cJSON_AddBoolToObject(o, "all_matched", fl_reconcile_all_matched(rec)) &&
         cJSON_AddBoolToObject(o, "split_search_complete", !rec->split_budget_spent) &&
         (matched = cJSON_AddArrayToObject(root, "matched")) != NULL &&
         (differences = cJSON_AddArrayToObject(root, "differences")) != NULL;
    for (i = 0; ok && i < rec->pair_count; i++) {
        cJSON *p = pair_json(rec, &rec->pairs[i]);
        ok = p && cJSON_AddItemToArray(rec->pairs[i].differs ? differences : matched, p);
        if (!ok)
            cJSON_Delete(p);
    }
    ok = ok && add_entries(root, "only_in_a", rec, 0, rec->only[0], rec->only_count[0]) &&
         add_entries(root, "only_in_b", rec, 1, rec->only[1], rec->only_count[1]) &&
         (totals = cJSON_AddObjectToObject(root, "totals")) != NULL &&
         add_totals(totals, "by_source", rec, FL_RECONCILE_BY_SOURCE) &&
         add_totals(totals, "by_unit", rec, FL_RECONCILE_BY_UNIT) &&
         (o = cJSON_AddObjectToObject(root, "bridge")) != NULL &&
         add_amount(o, "total_a", b->total_a) && add_amount(o, "total_b", b->total_b) &&
         add_amount(o, "left", b->left) && add_amount(o, "pair_differences", b->pair_differences) &&
         add_amount(o, "only_in_a", b->only_a) && add_amount(o, "only_in_b", b->only_b) &&
         add_amount(o, "right", b->right) && cJSON_AddBoolToObject(o, "closes", b->closes);
    if (!ok) {
        cJSON_Delete(root);
        return NULL;
    }
    return root;
}

fl_status fl_reconcile_to_json(char **out, const fl_reconcile *rec)
{
    cJSON *root;

    if (!out || !rec)
        return FL_ERR_INVALID_ARGUMENT;
    *out = NULL;
    root = build(rec);
    if (!root)
        return FL_ERR_NOMEM;
    *out = cJSON_Print(root);
    cJSON_Delete(root);
    return *out ? FL_OK : FL_ERR_NOMEM;
}

fl_status fl_reconcile_save_json(const fl_reconcile *rec, const char *path, fl_error *err)
{
    fl_atomic_file f = {0};
    char *json = NULL;
    fl_status st;

    if (err)
        fl_error_clear(err);
    if (!rec || !path)
        return FL_ERR_INVALID_ARGUMENT;
    if ((st = fl_reconcile_to_json(&json, rec)) != FL_OK)
        return st;
    if ((st = fl_atomic_begin(&f, path, err)) != FL_OK)
        goto done;
    if (fputs(json, f.fp) == EOF || fputc('\n', f.fp) == EOF) {
        st = fl_atomic__io_error(err, path, "writing failed", errno);
        fl_atomic_abort(&f);
        goto done;
    }
    st = fl_atomic_commit(&f, err);
done:
    free(json);
    return st;
}
