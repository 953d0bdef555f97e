/*
 * rollup.c - adding district summaries up exactly (fundledger/rollup.h):
 * the roll-up's lists, merging one checked summary into them, and the
 * result as a "fundledger.summary/1" document.
 */
#include "rollup_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "error.h"
#include "export_internal.h"
#include "fundledger/report.h"

char *fl_rollup__strdup(const char *s, bool *ok)
{
    char *d;
    size_t n;

    if (!s)
        return NULL;
    n = strlen(s) + 1;
    d = malloc(n);
    if (d)
        memcpy(d, s, n);
    else
        *ok = false;
    return d;
}

/* Makes room for one more element of size `size` in *list. */
static bool grow(void **list, size_t count, size_t *cap, size_t size)
{
    void *grown;
    size_t n;

    if (count < *cap)
        return true;
    n = *cap ? *cap * 2 : 16;
    grown = realloc(*list, n * size);
    if (!grown)
        return false;
    *list = grown;
    *cap = n;
    return true;
}

ru_group *fl_rollup__find_group(const fl_rollup *r, const char *name)
{
    size_t i;

    for (i = 0; i < r->group_count; i++)
        if (strcmp(r->groups[i].name, name) == 0)
            return &r->groups[i];
    return NULL;
}

ru_source *fl_rollup__find_source(const fl_rollup *r, const char *code)
{
    size_t i;

    for (i = 0; i < r->source_count; i++)
        if (strcmp(r->sources[i].code, code) == 0)
            return &r->sources[i];
    return NULL;
}

fl_status fl_rollup__add_group(fl_rollup *r, const char *name, const fl_dec actual,
                               const fl_dec estimate)
{
    ru_group *g = fl_rollup__find_group(r, name);
    bool ok = true;

    if (!g) {
        if (!grow((void **)&r->groups, r->group_count, &r->group_cap, sizeof *r->groups))
            return FL_ERR_NOMEM;
        g = &r->groups[r->group_count];
        g->name = fl_rollup__strdup(name, &ok);
        if (!ok)
            return FL_ERR_NOMEM;
        fl_dec_init(g->actual);
        fl_dec_init(g->estimate);
        r->group_count++;
    }
    if (fl_dec_add(g->actual, g->actual, actual) != FL_OK ||
        fl_dec_add(g->estimate, g->estimate, estimate) != FL_OK)
        return FL_ERR_RANGE;
    return FL_OK;
}

/* Where a new code goes so the list stays in tree order: after its parent's subtree, else
 * after the last code of its group, else at the end. */
static size_t insertion_point(const fl_rollup *r, const char *code, const char *group)
{
    const char *dot = strrchr(code, '.');
    size_t i, at = r->source_count, plen = dot ? (size_t)(dot - code) : 0;
    bool seen = false;

    for (i = 0; i < r->source_count; i++) {
        const ru_source *s = &r->sources[i];
        bool inside = dot ? strncmp(s->code, code, plen) == 0 &&
                                (s->code[plen] == '\0' || s->code[plen] == '.')
                          : strcmp(s->group, group) == 0;
        if (inside) {
            seen = true;
            at = i + 1;
        }
    }
    return seen ? at : r->source_count;
}

fl_status fl_rollup__add_source(fl_rollup *r, const char *code, const char *label,
                                const char *group, const ru_source *s)
{
    ru_source *d = fl_rollup__find_source(r, code);
    bool ok = true;

    if (!d) {
        size_t at;
        if (!grow((void **)&r->sources, r->source_count, &r->source_cap, sizeof *r->sources))
            return FL_ERR_NOMEM;
        at = insertion_point(r, code, group);
        memmove(&r->sources[at + 1], &r->sources[at], (r->source_count - at) * sizeof *r->sources);
        d = &r->sources[at];
        memset(d, 0, sizeof *d);
        d->code = fl_rollup__strdup(code, &ok);
        d->label = fl_rollup__strdup(label, &ok);
        d->group = fl_rollup__strdup(group, &ok);
        fl_dec_init(d->actual);
        fl_dec_init(d->estimate);
        fl_dec_init(d->unallocated_actual);
        fl_dec_init(d->unallocated_estimate);
        d->item = s->item;
        r->source_count++;
        if (!ok)
            return FL_ERR_NOMEM;
    }
    d->unallocated = d->unallocated || s->unallocated;
    if (fl_dec_add(d->actual, d->actual, s->actual) != FL_OK ||
        fl_dec_add(d->estimate, d->estimate, s->estimate) != FL_OK ||
        fl_dec_add(d->unallocated_actual, d->unallocated_actual, s->unallocated_actual) != FL_OK ||
        fl_dec_add(d->unallocated_estimate, d->unallocated_estimate, s->unallocated_estimate) !=
            FL_OK)
        return FL_ERR_RANGE;
    return FL_OK;
}

fl_status fl_rollup__add_keyed(ru_keyed **list, size_t *count, size_t *cap, fl_strmap *index,
                               const char *key, const char *group, const fl_dec actual,
                               const fl_dec estimate, size_t item)
{
    ru_keyed *k;
    size_t key_len = key ? strlen(key) : 0, group_len = strlen(group), at = 0, n;
    char small[256], *name = small;
    bool ok = true;
    int put;

    /* "k" key "\x1f" group, or "n" "\x1f" group for a line without a key (no month) */
    n = 1 + key_len + 1 + group_len;
    if (n > sizeof small && !(name = malloc(n)))
        return FL_ERR_NOMEM;
    name[0] = key ? 'k' : 'n';
    if (key_len)
        memcpy(name + 1, key, key_len);
    name[1 + key_len] = '\x1f';
    memcpy(name + 2 + key_len, group, group_len);
    put = fl_strmap_put(index, name, n, *count, &at);
    if (name != small)
        free(name);
    if (put < 0)
        return FL_ERR_NOMEM;
    if (put == 1) {
        if (!grow((void **)list, *count, cap, sizeof **list))
            return FL_ERR_NOMEM; /* the index names a line that is not there: the roll-up is
                                    abandoned on this error */
        k = &(*list)[*count];
        k->key = fl_rollup__strdup(key, &ok);
        k->group = fl_rollup__strdup(group, &ok);
        k->item = item;
        fl_dec_init(k->actual);
        fl_dec_init(k->estimate);
        (*count)++;
        if (!ok)
            return FL_ERR_NOMEM;
    } else {
        k = &(*list)[at];
    }
    if (fl_dec_add(k->actual, k->actual, actual) != FL_OK ||
        fl_dec_add(k->estimate, k->estimate, estimate) != FL_OK)
        return FL_ERR_RANGE;
    return FL_OK;
}

void fl_rollup__clear(fl_rollup *r)
{
    size_t i;

    for (i = 0; i < r->source_count; i++) {
        free(r->sources[i].code);
        free(r->sources[i].label);
        free(r->sources[i].group);
        fl_dec_clear(r->sources[i].actual);
        fl_dec_clear(r->sources[i].estimate);
        fl_dec_clear(r->sources[i].unallocated_actual);
        fl_dec_clear(r->sources[i].unallocated_estimate);
    }
    for (i = 0; i < r->group_count; i++) {
        free(r->groups[i].name);
        fl_dec_clear(r->groups[i].actual);
        fl_dec_clear(r->groups[i].estimate);
    }
    for (i = 0; i < r->unit_count; i++) {
        free(r->units[i].name);
        free(r->units[i].code);
        free(r->units[i].kind);
    }
    for (i = 0; i < r->by_unit_count + r->by_month_count + r->district_top_count; i++) {
        size_t m = i - r->by_unit_count;
        ru_keyed *k = i < r->by_unit_count    ? &r->by_unit[i]
                      : m < r->by_month_count ? &r->by_month[m]
                                              : &r->district_tops[m - r->by_month_count];
        free(k->key);
        free(k->group);
        fl_dec_clear(k->actual);
        fl_dec_clear(k->estimate);
    }
    for (i = 0; i < r->input_count; i++)
        free(r->inputs[i].path);
    for (i = 0; i < r->inner_count; i++) {
        free(r->inner_shas[i]);
        free(r->inner_paths[i]);
    }
    free(r->sources);
    free(r->groups);
    free(r->units);
    free(r->by_unit);
    free(r->by_month);
    free(r->district_tops);
    free(r->inputs);
    free(r->inner_shas);
    free(r->inner_paths);
    free(r->from);
    free(r->to);
    fl_strmap_clear(&r->by_unit_index);
    fl_strmap_clear(&r->by_month_index);
    fl_strmap_clear(&r->district_top_index);
    fl_strmap_clear(&r->inner_index);
    memset(r, 0, sizeof *r); /* a zeroed fl_strmap is an empty one */
}

fl_status fl_rollup_new(fl_rollup **out)
{
    *out = calloc(1, sizeof **out);
    return *out ? FL_OK : FL_ERR_NOMEM;
}

void fl_rollup_free(fl_rollup *r)
{
    if (!r)
        return;
    fl_rollup__clear(r);
    free(r);
}

size_t fl_rollup_count(const fl_rollup *r)
{
    return r->summaries;
}

/* Case-insensitive (ASCII) equality, for district names and codes. */
static bool same_name(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char x = *a >= 'A' && *a <= 'Z' ? (char)(*a + 32) : *a,
             y = *b >= 'A' && *b <= 'Z' ? (char)(*b + 32) : *b;
        if (x != y)
            return false;
    }
    return *a == *b;
}

/* Refuses a district already added, or a ledger file already inside another summary. */
static fl_status check_twice(const fl_rollup *r, const fl_rollup *one, const ru_unit *district,
                             const char *path, fl_error *err)
{
    size_t i, j;

    for (i = 0; i < r->unit_count; i++) {
        const ru_unit *u = &r->units[i];
        bool same = (u->code && district->code) ? same_name(u->code, district->code)
                                                : same_name(u->name, district->name);
        if (same) {
            fl_error_set(err, FL_ERR_VALIDATION,
                         "the district \"%s\" is already in the roll-up (from %s); each "
                         "district is added once",
                         district->name, r->inputs[i].path);
            fl_error_set_file(err, path);
            return FL_ERR_VALIDATION;
        }
    }
    for (i = 0; i < one->inner_count; i++)
        if (fl_strmap_get(&r->inner_index, one->inner_shas[i], strlen(one->inner_shas[i]), &j)) {
            fl_error_set(err, FL_ERR_VALIDATION,
                         "its input %s has the same SHA-256 as %s in an earlier summary: "
                         "the same file would be counted twice",
                         one->inner_paths[i], r->inner_paths[j]);
            fl_error_set_file(err, path);
            return FL_ERR_VALIDATION;
        }
    return FL_OK;
}

static fl_status merge(fl_rollup *r, fl_rollup *one, ru_unit *district, const char *path,
                       const char *text, size_t len)
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int digest_len = 0, b;
    size_t i;
    fl_status st = FL_OK;
    bool ok = true;

    for (i = 0; i < one->group_count && st == FL_OK; i++)
        st = fl_rollup__add_group(r, one->groups[i].name, one->groups[i].actual,
                                  one->groups[i].estimate);
    for (i = 0; i < one->source_count && st == FL_OK; i++)
        st = fl_rollup__add_source(r, one->sources[i].code, one->sources[i].label,
                                   one->sources[i].group, &one->sources[i]);
    for (i = 0; i < one->by_month_count && st == FL_OK; i++)
        st = fl_rollup__add_keyed(&r->by_month, &r->by_month_count, &r->by_month_cap,
                                  &r->by_month_index, one->by_month[i].key, one->by_month[i].group,
                                  one->by_month[i].actual, one->by_month[i].estimate, 0);
    /* The district is one unit of the result, with its totals per group. */
    for (i = 0; i < one->group_count && st == FL_OK; i++)
        st = fl_rollup__add_keyed(&r->by_unit, &r->by_unit_count, &r->by_unit_cap,
                                  &r->by_unit_index, district->name, one->groups[i].name,
                                  one->groups[i].actual, one->groups[i].estimate, 0);
    /* And its figure for each top-level code, for the workbook's district x source table. */
    for (i = 0; i < one->source_count && st == FL_OK; i++)
        if (!strchr(one->sources[i].code, '.'))
            st = fl_rollup__add_keyed(&r->district_tops, &r->district_top_count,
                                      &r->district_top_cap, &r->district_top_index, district->name,
                                      one->sources[i].code, one->sources[i].actual,
                                      one->sources[i].estimate, 0);
    if (st != FL_OK)
        return st;
    if (!grow((void **)&r->units, r->unit_count, &r->unit_cap, sizeof *r->units) ||
        !grow((void **)&r->inputs, r->input_count, &r->input_cap, sizeof *r->inputs))
        return FL_ERR_NOMEM;
    r->units[r->unit_count++] = *district;
    memset(district, 0, sizeof *district);
    EVP_Digest(text, len, digest, &digest_len, EVP_sha256(), NULL);
    r->inputs[r->input_count].path = fl_rollup__strdup(path, &ok);
    r->inputs[r->input_count].entries = one->entries;
    for (b = 0; b < digest_len && b < 32; b++)
        snprintf(r->inputs[r->input_count].sha256 + 2 * b, 3, "%02x", digest[b]);
    r->input_count++;
    r->entries += one->entries;
    for (i = 0; i < one->inner_count; i++) {
        if (r->inner_count == r->inner_cap) {
            size_t cap = r->inner_cap ? r->inner_cap * 2 : 16;
            char **a = realloc(r->inner_shas, cap * sizeof *a), **p;
            if (!a)
                return FL_ERR_NOMEM;
            r->inner_shas = a;
            p = realloc(r->inner_paths, cap * sizeof *p);
            if (!p)
                return FL_ERR_NOMEM;
            r->inner_paths = p;
            r->inner_cap = cap;
        }
        if (fl_strmap_put(&r->inner_index, one->inner_shas[i], strlen(one->inner_shas[i]),
                          r->inner_count, NULL) < 0)
            return FL_ERR_NOMEM;
        r->inner_shas[r->inner_count] = one->inner_shas[i];
        r->inner_paths[r->inner_count++] = one->inner_paths[i];
        one->inner_shas[i] = one->inner_paths[i] = NULL;
    }
    if (one->from && (!r->from || strcmp(one->from, r->from) < 0)) {
        free(r->from);
        r->from = fl_rollup__strdup(one->from, &ok);
    }
    if (one->to && (!r->to || strcmp(one->to, r->to) > 0)) {
        free(r->to);
        r->to = fl_rollup__strdup(one->to, &ok);
    }
    r->summaries++;
    return ok ? FL_OK : FL_ERR_NOMEM;
}

fl_status fl_rollup_add(fl_rollup *r, const char *path, const char *text, size_t len, fl_error *err)
{
    fl_rollup one;
    ru_unit district;
    fl_status st;

    memset(&one, 0, sizeof one);
    st = fl_rollup__read(&one, &district, path, text, len, err);
    if (st == FL_OK)
        st = check_twice(r, &one, &district, path, err);
    /* A failed merge would leave a half-added summary: merge into a copy would be dearer than
     * the rule that a roll-up whose add failed with NOMEM or RANGE is not used again. */
    if (st == FL_OK) {
        st = merge(r, &one, &district, path, text, len);
        if (st != FL_OK)
            fl_error_set(err, st, "%s", st == FL_ERR_NOMEM ? "out of memory" : fl_strerror(st));
    }
    free(district.name);
    free(district.code);
    free(district.kind);
    fl_rollup__clear(&one);
    return st;
}

fl_status fl_rollup_add_file(fl_rollup *r, const char *path, fl_error *err)
{
    FILE *f = fopen(path, "rb");
    char *text = NULL;
    size_t len = 0, cap = 0, got;
    fl_status st;

    if (!f) {
        int e = errno;
        fl_error_clear(err);
        fl_error_set(err, FL_ERR_IO, "cannot read it: %s", strerror(e));
        fl_error_set_file(err, path);
        return FL_ERR_IO;
    }
    do {
        if (len + 65536 > cap) {
            char *grown = realloc(text, cap = cap ? cap * 2 : 65536 * 2);
            if (!grown) {
                free(text);
                fclose(f);
                return fl_error_set(err, FL_ERR_NOMEM, "out of memory");
            }
            text = grown;
        }
        got = fread(text + len, 1, cap - len, f);
        len += got;
    } while (got > 0);
    if (ferror(f)) {
        int e = errno;
        fclose(f);
        free(text);
        fl_error_clear(err);
        /* a folder is the caller's mistake, not a failing disk */
        st = e == EISDIR ? fl_error_set(err, FL_ERR_VALIDATION,
                                        "it is a folder; give the summaries in it one by one")
                         : fl_error_set(err, FL_ERR_IO, "reading failed: %s", strerror(e));
        fl_error_set_file(err, path);
        return st;
    }
    fclose(f);
    st = fl_rollup_add(r, path, text ? text : "", len, err);
    free(text);
    return st;
}

/* --- the result ------------------------------------------------------------------------------ */

static bool add_amount(cJSON *o, const char *key, const fl_dec v)
{
    fl_dec reduced;
    char *text;
    bool ok;

    fl_dec_init(reduced);
    fl_dec_reduce(reduced, v);
    text = fl_dec_to_string(reduced);
    fl_dec_clear(reduced);
    ok = text && cJSON_AddStringToObject(o, key, text);
    free(text);
    return ok;
}

static bool add_text(cJSON *o, const char *key, const char *v)
{
    return v ? cJSON_AddStringToObject(o, key, v) != NULL : cJSON_AddNullToObject(o, key) != NULL;
}

static bool add_percent(cJSON *o, const char *key, const fl_dec v, bool present)
{
    char *text;
    bool ok;

    if (!present)
        return cJSON_AddNullToObject(o, key) != NULL;
    text = fl_dec_to_string(v);
    ok = text && cJSON_AddStringToObject(o, key, text);
    free(text);
    return ok;
}

static cJSON *new_item(cJSON *list)
{
    cJSON *item = cJSON_CreateObject();

    if (item && !cJSON_AddItemToArray(list, item)) {
        cJSON_Delete(item);
        return NULL;
    }
    return item;
}

/* Shares of each group's top-level codes, largest remainder, as the report computes them. */
static fl_status compute_shares(const fl_rollup *r, fl_dec *shares, bool *has_share)
{
    size_t g, i, n;
    fl_dec *parts = calloc(r->source_count + 1, sizeof *parts), *out = NULL;
    size_t *index = calloc(r->source_count + 1, sizeof *index);
    fl_status st = FL_OK;

    out = calloc(r->source_count + 1, sizeof *out);
    if (!parts || !index || !out) {
        st = FL_ERR_NOMEM;
        goto done;
    }
    for (i = 0; i < r->source_count; i++) {
        fl_dec_init(parts[i]);
        fl_dec_init(out[i]);
    }
    for (g = 0; g < r->group_count; g++) {
        bool negative = false;
        n = 0;
        for (i = 0; i < r->source_count; i++)
            if (strcmp(r->sources[i].group, r->groups[g].name) == 0 &&
                !strchr(r->sources[i].code, '.')) {
                fl_dec_set(parts[n], r->sources[i].actual);
                negative = negative || fl_dec_sign(r->sources[i].actual) < 0;
                index[n++] = i;
            }
        if (!n || negative || fl_dec_is_zero(r->groups[g].actual))
            continue;
        if (fl_shares_largest_remainder(out, (const fl_dec *)parts, n, 2) != FL_OK)
            continue;
        for (i = 0; i < n; i++) {
            fl_dec_set(shares[index[i]], out[i]);
            has_share[index[i]] = true;
        }
    }
done:
    for (i = 0; parts && out && i < r->source_count; i++) {
        fl_dec_clear(parts[i]);
        fl_dec_clear(out[i]);
    }
    free(parts);
    free(out);
    free(index);
    return st;
}

static int month_order(const void *a, const void *b)
{
    const ru_keyed *x = *(const ru_keyed *const *)a, *y = *(const ru_keyed *const *)b;

    if (!x->key || !y->key)
        return (x->key != NULL) - (y->key != NULL);
    return strcmp(x->key, y->key);
}

static size_t group_index(const fl_rollup *r, const char *name)
{
    const ru_group *g = fl_rollup__find_group(r, name);

    return g ? (size_t)(g - r->groups) : r->group_count;
}

static int month_group_order(const void *a, const void *b, const fl_rollup *r)
{
    int c = month_order(a, b);
    const ru_keyed *x = *(const ru_keyed *const *)a, *y = *(const ru_keyed *const *)b;
    size_t gx = group_index(r, x->group), gy = group_index(r, y->group);

    return c ? c : (gx > gy) - (gx < gy);
}

static fl_status build(cJSON *root, const fl_rollup *r)
{
    cJSON *o, *list, *item;
    size_t i, j;
    fl_dec *shares = calloc(r->source_count + 1, sizeof *shares), achieved, over;
    bool *has_share = calloc(r->source_count + 1, sizeof *has_share), ok = true;
    const ru_keyed **months = calloc(r->by_month_count + 1, sizeof *months);
    char digits[32];

    fl_dec_init(achieved);
    fl_dec_init(over);
    if (!shares || !has_share || !months) {
        ok = false;
        goto done;
    }
    for (i = 0; i < r->source_count; i++)
        fl_dec_init(shares[i]);
    if (compute_shares(r, shares, has_share) != FL_OK) {
        ok = false;
        goto done;
    }
    ok = cJSON_AddStringToObject(root, "schema", FL_SUMMARY_SCHEMA) &&
         cJSON_AddStringToObject(root, "currency", "VND") &&
         (o = cJSON_AddObjectToObject(root, "generator")) &&
         cJSON_AddStringToObject(o, "name", "fundledger") &&
         cJSON_AddStringToObject(o, "version", fl_version()) &&
         (list = cJSON_AddArrayToObject(root, "inputs"));
    for (i = 0; ok && i < r->input_count; i++) {
        snprintf(digits, sizeof digits, "%zu", r->inputs[i].entries);
        ok = (item = new_item(list)) && cJSON_AddStringToObject(item, "path", r->inputs[i].path) &&
             cJSON_AddRawToObject(item, "entries", digits) &&
             cJSON_AddStringToObject(item, "sha256", r->inputs[i].sha256);
    }
    ok = ok && (o = cJSON_AddObjectToObject(root, "period")) && add_text(o, "from", r->from) &&
         add_text(o, "to", r->to) && (list = cJSON_AddArrayToObject(root, "units"));
    for (i = 0; ok && i < r->unit_count; i++)
        ok = (item = new_item(list)) && add_text(item, "name", r->units[i].name) &&
             add_text(item, "code", r->units[i].code) && add_text(item, "kind", r->units[i].kind);
    ok = ok && (o = cJSON_AddObjectToObject(root, "totals"));
    for (i = 0; ok && i < r->group_count; i++) {
        cJSON *pair = cJSON_AddObjectToObject(o, r->groups[i].name);
        ok = pair && add_amount(pair, "actual", r->groups[i].actual) &&
             add_amount(pair, "estimate", r->groups[i].estimate);
    }
    ok = ok && (list = cJSON_AddArrayToObject(root, "by_source"));
    for (i = 0; ok && i < r->source_count; i++) {
        const ru_source *s = &r->sources[i];
        bool percent = !fl_dec_is_zero(s->estimate) &&
                       fl_percent_of_estimate(achieved, over, s->actual, s->estimate, 2,
                                              FL_ROUND_HALF_UP) == FL_OK;
        ok = (item = new_item(list)) && add_text(item, "code", s->code) &&
             add_text(item, "label", s->label) && add_amount(item, "actual", s->actual) &&
             add_amount(item, "estimate", s->estimate) &&
             add_percent(item, "share", shares[i], has_share[i]) &&
             add_text(item, "group", s->group) &&
             add_percent(item, "percent_of_estimate", achieved, percent) &&
             add_percent(item, "percent_over_estimate", over, percent);
        if (ok && s->unallocated) {
            cJSON *pair = cJSON_AddObjectToObject(item, "unallocated");
            ok = pair && add_amount(pair, "actual", s->unallocated_actual) &&
                 add_amount(pair, "estimate", s->unallocated_estimate);
        }
    }
    /* Units in the order added, each unit's groups in group order. */
    ok = ok && (list = cJSON_AddArrayToObject(root, "by_unit"));
    for (i = 0; ok && i < r->unit_count; i++)
        for (j = 0; ok && j < r->by_unit_count; j++) {
            const ru_keyed *k = &r->by_unit[j];
            if (strcmp(k->key, r->units[i].name) == 0)
                ok = (item = new_item(list)) && add_text(item, "unit", k->key) &&
                     add_text(item, "group", k->group) && add_amount(item, "actual", k->actual) &&
                     add_amount(item, "estimate", k->estimate);
        }
    ok = ok && (list = cJSON_AddArrayToObject(root, "by_month"));
    for (i = 0; i < r->by_month_count; i++)
        months[i] = &r->by_month[i];
    /* Insertion sort: months are few, and qsort has no context argument in C11. */
    for (i = 1; i < r->by_month_count; i++)
        for (j = i; j > 0 && month_group_order(&months[j - 1], &months[j], r) > 0; j--) {
            const ru_keyed *t = months[j];
            months[j] = months[j - 1];
            months[j - 1] = t;
        }
    for (i = 0; ok && i < r->by_month_count; i++)
        ok = (item = new_item(list)) && add_text(item, "month", months[i]->key) &&
             add_text(item, "group", months[i]->group) &&
             add_amount(item, "actual", months[i]->actual) &&
             add_amount(item, "estimate", months[i]->estimate);
    /* Claims belong to the districts' ledgers; a roll-up states none of its own. */
    ok = ok && cJSON_AddArrayToObject(root, "claims");
done:
    for (i = 0; shares && i < r->source_count; i++)
        fl_dec_clear(shares[i]);
    free(shares);
    free(has_share);
    free(months);
    fl_dec_clear(achieved);
    fl_dec_clear(over);
    return ok ? FL_OK : FL_ERR_NOMEM;
}

fl_status fl_rollup_to_json(char **out, const fl_rollup *r, fl_error *err)
{
    cJSON *root = cJSON_CreateObject();
    fl_status st = root ? build(root, r) : FL_ERR_NOMEM;

    *out = NULL;
    if (st == FL_OK)
        st = fl_export__print_json(out, root);
    cJSON_Delete(root);
    if (st != FL_OK)
        fl_error_set(err, st, "out of memory");
    return st;
}

fl_status fl_rollup_write_json(const char *path, const fl_rollup *r, fl_error *err)
{
    return fl_rollup_write(NULL, path, r, NULL, err);
}

fl_status fl_rollup_write(const char *xlsx_path, const char *json_path, const fl_rollup *r,
                          const fl_export_options *opts, fl_error *err)
{
    fl_atomic_file xlsx, json;
    char *text = NULL;
    fl_status st;

    memset(&xlsx, 0, sizeof xlsx);
    memset(&json, 0, sizeof json);
    if (!xlsx_path && !json_path)
        return fl_error_set(err, FL_ERR_INVALID_ARGUMENT, "no file to write");
    /* Both temporary files complete before either destination is touched. */
    st = json_path ? fl_rollup_to_json(&text, r, err) : FL_OK;
    if (st == FL_OK && json_path)
        st = fl_export__text_to_temp(&json, json_path, text, err);
    free(text);
    if (st == FL_OK && xlsx_path)
        st = fl_rollup__xlsx_to_temp(&xlsx, xlsx_path, r, opts, err);
    if (st != FL_OK) {
        fl_atomic_abort(&json);
        fl_atomic_abort(&xlsx);
        return st;
    }
    if (!xlsx_path)
        return fl_atomic_commit(&json, err);
    if (!json_path)
        return fl_atomic_commit(&xlsx, err);
    return fl_atomic_commit_pair(&xlsx, &json, err);
}
