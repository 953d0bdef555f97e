/*
 * rollup_read.c - reading one "fundledger.summary/1" strictly, for the
 * roll-up (rollup_internal.h): shape, exact amounts, and that its figures
 * add up.  Problems point at the value in the file (file:line:column): the
 * reader walks the text again along the path of the faulty value, since
 * cJSON keeps no positions.
 */
#include "rollup_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "error.h"
#include "fundledger/source.h"
#include "export_internal.h"

#define MAX_DEPTH 6

typedef struct step {
    const char *key; /* NULL: an array index */
    size_t index;
} step;

typedef struct reader {
    const char *path, *text, *end;
    step steps[MAX_DEPTH];
    size_t depth;
    fl_error *err;
} reader;

/* --- finding a value in the text -------------------------------------------------------- */

static const char *skip_ws(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
        p++;
    return p;
}

static const char *skip_string(const char *p, const char *end)
{
    for (p++; p < end && *p != '"'; p++)
        if (*p == '\\')
            p++;
    return p < end ? p + 1 : end;
}

static const char *skip_value(const char *p, const char *end)
{
    int depth = 0;

    p = skip_ws(p, end);
    do {
        if (p >= end)
            return end;
        if (*p == '"') {
            p = skip_string(p, end);
            continue;
        }
        if (*p == '{' || *p == '[')
            depth++;
        else if (*p == '}' || *p == ']')
            depth--;
        else if (depth == 0) {
            while (p < end && *p != ',' && *p != '}' && *p != ']' && *p != ' ' && *p != '\n' &&
                   *p != '\t' && *p != '\r')
                p++;
            return p;
        }
        p++;
    } while (depth > 0);
    return p;
}

/* Where the value at steps[0..n) starts, or the closest enclosing value found. */
static const char *find(const char *p, const char *end, const step *steps, size_t n)
{
    p = skip_ws(p, end);
    if (n == 0 || p >= end)
        return p;
    if (steps->key && *p == '{') {
        const char *start = p;
        size_t keylen = strlen(steps->key);
        p++;
        while (p < end) {
            const char *k;
            p = skip_ws(p, end);
            if (p >= end || *p != '"')
                return start;
            k = p + 1;
            p = skip_string(p, end);
            {
                bool match = (size_t)(p - 1 - k) == keylen && memcmp(k, steps->key, keylen) == 0;
                p = skip_ws(p, end);
                if (p < end && *p == ':')
                    p++;
                if (match)
                    return find(p, end, steps + 1, n - 1);
            }
            p = skip_ws(skip_value(p, end), end);
            if (p >= end || *p != ',')
                return start;
            p++;
        }
        return start;
    }
    if (!steps->key && *p == '[') {
        const char *start = p;
        size_t i;
        p++;
        for (i = 0;; i++) {
            p = skip_ws(p, end);
            if (i == steps->index)
                return find(p, end, steps + 1, n - 1);
            p = skip_ws(skip_value(p, end), end);
            if (p >= end || *p != ',')
                return start;
            p++;
        }
    }
    return p;
}

/*
 * The error at `at`, with its line for the caret.  cut_line: the line is shown only up to `at`
 * (a bad byte there must not reach the terminal).
 */
static fl_status fail_at(reader *rd, const char *at, bool cut_line, fl_status st,
                         const char *message)
{
    const char *line_start = rd->text, *q, *line_end;
    unsigned long line = 1;

    if (!rd->err)
        return st;
    if (at < rd->text)
        at = rd->text;
    if (at > rd->end)
        at = rd->end;
    for (q = rd->text; q < at; q++)
        if (*q == '\n') {
            line++;
            line_start = q + 1;
        }
    for (line_end = line_start; line_end < rd->end && *line_end != '\n'; line_end++)
        ;
    if (cut_line)
        line_end = at;
    fl_error_clear(rd->err);
    fl_error_set_at(rd->err, st, line, fl_utf8_column(line_start, (size_t)(at - line_start)), "%s",
                    message);
    fl_error_set_file(rd->err, rd->path);
    fl_error_set_source(rd->err, line_start, (size_t)(line_end - line_start));
    return st;
}

static fl_status fail_at_pointer(reader *rd, const char *at, fl_status st, const char *message)
{
    return fail_at(rd, at, false, st, message);
}

static fl_status fail(reader *rd, fl_status st, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static fl_status fail(reader *rd, fl_status st, const char *fmt, ...)
{
    char message[FL_ERROR_MESSAGE_MAX];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    return fail_at_pointer(rd, find(rd->text, rd->end, rd->steps, rd->depth), st, message);
}

static void push_key(reader *rd, const char *key)
{
    if (rd->depth < MAX_DEPTH)
        rd->steps[rd->depth] = (step){key, 0};
    rd->depth++;
}

static void push_index(reader *rd, size_t index)
{
    if (rd->depth < MAX_DEPTH)
        rd->steps[rd->depth] = (step){NULL, index};
    rd->depth++;
}

static void pop(reader *rd)
{
    rd->depth--;
}

/* --- reading fields ----------------------------------------------------------------------- */

/* The member `key` of obj, which must have the type `want` (cJSON_String, ...). */
static fl_status member(const cJSON **out, reader *rd, const cJSON *obj, const char *key, int want,
                        bool nullable)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
    *out = item;
    if (!item) {
        return fail(rd, FL_ERR_VALIDATION, "\"%s\" is missing", key);
    }
    push_key(rd, key);
    if (nullable && cJSON_IsNull(item)) {
        *out = NULL;
        pop(rd);
        return FL_OK;
    }
    if ((item->type & 0xFF) != want && !(want == cJSON_True && cJSON_IsBool(item))) {
        fl_status st = fail(rd, FL_ERR_VALIDATION, "\"%s\" must be %s", key,
                            want == cJSON_String   ? "a string"
                            : want == cJSON_Object ? "an object"
                            : want == cJSON_Array  ? "an array"
                            : want == cJSON_Number ? "a number"
                                                   : "true or false");
        pop(rd);
        return st;
    }
    pop(rd);
    return FL_OK;
}

/*
 * Whether text is exactly how fundledger writes v: reduced, no leading zeros, no "-0", no
 * trailing fraction zeros ("0.000", "-0" and "0150" would be read back as other text).
 */
static bool canonical(const fl_dec v, const char *text)
{
    fl_dec reduced;
    char *written;
    bool same;

    fl_dec_init(reduced);
    fl_dec_reduce(reduced, v);
    written = fl_dec_to_string(reduced);
    fl_dec_clear(reduced);
    same = !written || strcmp(written, text) == 0; /* out of memory: not the text's fault */
    free(written);
    return same;
}

static fl_status amount(fl_dec out, reader *rd, const cJSON *obj, const char *key)
{
    const cJSON *item;
    fl_status st = member(&item, rd, obj, key, cJSON_String, false);
    fl_error e;

    if (st != FL_OK)
        return st;
    push_key(rd, key);
    if (fl_dec_set_str(out, item->valuestring, strlen(item->valuestring), &e) != FL_OK ||
        !canonical(out, item->valuestring))
        st = fail(rd, FL_ERR_SYNTAX,
                  "\"%s\" must be an exact amount in canonical form (\"151463000000\", "
                  "\"-5.5\"), not \"%.60s\"",
                  key, item->valuestring);
    pop(rd);
    return st;
}

static fl_status string(const char **out, reader *rd, const cJSON *obj, const char *key,
                        bool nullable)
{
    const cJSON *item;
    fl_status st = member(&item, rd, obj, key, cJSON_String, nullable);

    *out = item ? item->valuestring : NULL;
    return st;
}

/* --- the summary ---------------------------------------------------------------------------- */

static fl_status read_pair(reader *rd, const cJSON *obj, fl_dec actual, fl_dec estimate)
{
    fl_status st = amount(actual, rd, obj, "actual");

    return st != FL_OK ? st : amount(estimate, rd, obj, "estimate");
}

static fl_status read_totals(fl_rollup *one, reader *rd, const cJSON *root)
{
    const cJSON *totals, *g;
    fl_dec a, e;
    fl_status st = member(&totals, rd, root, "totals", cJSON_Object, false);

    fl_dec_init(a);
    fl_dec_init(e);
    push_key(rd, "totals");
    cJSON_ArrayForEach(g, totals)
    {
        if (st != FL_OK)
            break;
        push_key(rd, g->string);
        if (!cJSON_IsObject(g))
            st = fail(rd, FL_ERR_VALIDATION, "the totals of %s must be an object", g->string);
        else if ((st = read_pair(rd, g, a, e)) == FL_OK)
            st = fl_rollup__add_group(one, g->string, a, e);
        pop(rd);
    }
    pop(rd);
    fl_dec_clear(a);
    fl_dec_clear(e);
    return st;
}

static fl_status read_sources(fl_rollup *one, reader *rd, const cJSON *root)
{
    const cJSON *list, *item;
    fl_status st = member(&list, rd, root, "by_source", cJSON_Array, false);
    size_t i = 0;
    ru_source s;

    memset(&s, 0, sizeof s);
    fl_dec_init(s.actual);
    fl_dec_init(s.estimate);
    fl_dec_init(s.unallocated_actual);
    fl_dec_init(s.unallocated_estimate);
    push_key(rd, "by_source");
    cJSON_ArrayForEach(item, list)
    {
        const cJSON *un;
        const char *code = NULL, *label = NULL, *group = NULL;
        if (st != FL_OK)
            break;
        push_index(rd, i);
        if (!cJSON_IsObject(item))
            st = fail(rd, FL_ERR_VALIDATION, "each line of by_source must be an object");
        if (st == FL_OK)
            st = string(&code, rd, item, "code", false);
        if (st == FL_OK)
            st = string(&label, rd, item, "label", false);
        if (st == FL_OK)
            st = string(&group, rd, item, "group", false);
        if (st == FL_OK)
            st = read_pair(rd, item, s.actual, s.estimate);
        s.unallocated = false;
        fl_dec_set_si(s.unallocated_actual, 0);
        fl_dec_set_si(s.unallocated_estimate, 0);
        un = cJSON_GetObjectItemCaseSensitive(item, "unallocated");
        if (st == FL_OK && un) {
            push_key(rd, "unallocated");
            st = cJSON_IsObject(un)
                     ? read_pair(rd, un, s.unallocated_actual, s.unallocated_estimate)
                     : fail(rd, FL_ERR_VALIDATION, "\"unallocated\" must be an object");
            s.unallocated = true;
            pop(rd);
        }
        if (st == FL_OK && fl_rollup__find_source(one, code)) {
            push_key(rd, "code");
            st = fail(rd, FL_ERR_VALIDATION, "the code %s is listed twice", code);
            pop(rd);
        }
        if (st == FL_OK && !fl_rollup__find_group(one, group)) {
            push_key(rd, "group");
            st = fail(rd, FL_ERR_VALIDATION, "the group %s of %s has no totals", group, code);
            pop(rd);
        }
        s.item = i;
        if (st == FL_OK)
            st = fl_rollup__add_source(one, code, label, group, &s);
        pop(rd);
        i++;
    }
    pop(rd);
    fl_dec_clear(s.actual);
    fl_dec_clear(s.estimate);
    fl_dec_clear(s.unallocated_actual);
    fl_dec_clear(s.unallocated_estimate);
    return st;
}

static fl_status read_keyed(fl_rollup *one, reader *rd, const cJSON *root, const char *list_name,
                            const char *key_name, bool month)
{
    const cJSON *list, *item;
    fl_status st = member(&list, rd, root, list_name, cJSON_Array, false);
    size_t i = 0;
    fl_dec a, e;

    fl_dec_init(a);
    fl_dec_init(e);
    push_key(rd, list_name);
    cJSON_ArrayForEach(item, list)
    {
        const char *key = NULL, *group = NULL;
        if (st != FL_OK)
            break;
        push_index(rd, i);
        if (!cJSON_IsObject(item))
            st = fail(rd, FL_ERR_VALIDATION, "each line of %s must be an object", list_name);
        if (st == FL_OK)
            st = string(&key, rd, item, key_name, month);
        if (st == FL_OK)
            st = string(&group, rd, item, "group", false);
        if (st == FL_OK)
            st = read_pair(rd, item, a, e);
        if (st == FL_OK && !fl_rollup__find_group(one, group)) {
            push_key(rd, "group");
            st = fail(rd, FL_ERR_VALIDATION, "the group %s has no totals", group);
            pop(rd);
        }
        if (st == FL_OK)
            st = month ? fl_rollup__add_keyed(&one->by_month, &one->by_month_count,
                                              &one->by_month_cap, &one->by_month_index, key, group,
                                              a, e, i)
                       : fl_rollup__add_keyed(&one->by_unit, &one->by_unit_count, &one->by_unit_cap,
                                              &one->by_unit_index, key, group, a, e, i);
        pop(rd);
        i++;
    }
    pop(rd);
    fl_dec_clear(a);
    fl_dec_clear(e);
    return st;
}

/* The ledger files inside the summary (optional "inputs"), the period and the district. */
static fl_status read_context(fl_rollup *one, ru_unit *district, reader *rd, const cJSON *root,
                              const char *path)
{
    const cJSON *inputs = cJSON_GetObjectItemCaseSensitive(root, "inputs"), *item;
    const cJSON *units = cJSON_GetObjectItemCaseSensitive(root, "units");
    const cJSON *period = cJSON_GetObjectItemCaseSensitive(root, "period");
    size_t i = 0, found = 0;
    bool ok = true;

    push_key(rd, "inputs");
    cJSON_ArrayForEach(item, inputs)
    {
        const cJSON *sha = cJSON_GetObjectItemCaseSensitive(item, "sha256"),
                    *file = cJSON_GetObjectItemCaseSensitive(item, "path"),
                    *entries = cJSON_GetObjectItemCaseSensitive(item, "entries");
        char **grown;
        push_index(rd, i++);
        if (!cJSON_IsString(sha) || strlen(sha->valuestring) != 64 || !cJSON_IsString(file) ||
            !cJSON_IsNumber(entries) || !(entries->valuedouble >= 0) ||
            entries->valuedouble > 9007199254740992.0 ||
            entries->valuedouble != (double)(uint64_t)entries->valuedouble) {
            /* A count, not money: a whole number a double holds exactly (up to 2^53), so the
             * conversion below is defined and exact. */
            fl_status st = fail(rd, FL_ERR_VALIDATION,
                                "an input needs \"path\", \"entries\" (a whole number of "
                                "entries) and \"sha256\"");
            pop(rd);
            pop(rd);
            return st;
        }
        pop(rd);
        if (one->inner_count == one->inner_cap) {
            size_t cap = one->inner_cap ? one->inner_cap * 2 : 16;
            grown = realloc(one->inner_shas, cap * sizeof *grown);
            if (!grown)
                return FL_ERR_NOMEM;
            one->inner_shas = grown;
            grown = realloc(one->inner_paths, cap * sizeof *grown);
            if (!grown)
                return FL_ERR_NOMEM;
            one->inner_paths = grown;
            one->inner_cap = cap;
        }
        one->inner_shas[one->inner_count] = fl_rollup__strdup(sha->valuestring, &ok);
        one->inner_paths[one->inner_count++] = fl_rollup__strdup(file->valuestring, &ok);
        one->entries += (size_t)entries->valuedouble;
    }
    pop(rd);
    if (cJSON_IsObject(period)) {
        const cJSON *from = cJSON_GetObjectItemCaseSensitive(period, "from"),
                    *to = cJSON_GetObjectItemCaseSensitive(period, "to");
        if (cJSON_IsString(from))
            one->from = fl_rollup__strdup(from->valuestring, &ok);
        if (cJSON_IsString(to))
            one->to = fl_rollup__strdup(to->valuestring, &ok);
    }
    memset(district, 0, sizeof *district);
    cJSON_ArrayForEach(item, units)
    {
        const cJSON *name = cJSON_GetObjectItemCaseSensitive(item, "name"),
                    *code = cJSON_GetObjectItemCaseSensitive(item, "code"),
                    *kind = cJSON_GetObjectItemCaseSensitive(item, "kind");
        if (!cJSON_IsString(name) || !cJSON_IsString(kind) ||
            strcmp(kind->valuestring, "xa") == 0 || strcmp(kind->valuestring, "phuong") == 0 ||
            strcmp(kind->valuestring, "thi-tran") == 0)
            continue;
        if (found++ == 0) {
            district->name = fl_rollup__strdup(name->valuestring, &ok);
            district->code =
                cJSON_IsString(code) ? fl_rollup__strdup(code->valuestring, &ok) : NULL;
            district->kind = fl_rollup__strdup(kind->valuestring, &ok);
        }
    }
    if (found != 1) {
        /* No single district declared: the file's name, without folders and ".json". */
        const char *base = strrchr(path, '/');
        size_t n;
        free(district->name);
        free(district->code);
        free(district->kind);
        memset(district, 0, sizeof *district);
        base = base ? base + 1 : path;
        n = strlen(base);
        if (n > 5 && strcmp(base + n - 5, ".json") == 0)
            n -= 5;
        district->name = malloc(n + 1);
        if (district->name) {
            memcpy(district->name, base, n);
            district->name[n] = '\0';
        } else {
            ok = false;
        }
    }
    return ok ? FL_OK : FL_ERR_NOMEM;
}

/* --- do the figures add up? ----------------------------------------------------------------- */

static fl_status mismatch(reader *rd, const char *what, const fl_dec stated, const fl_dec sum,
                          const char *parts)
{
    char *a = fl_dec_to_string(stated), *b = fl_dec_to_string(sum);
    fl_status st = fail(rd, FL_ERR_VALIDATION,
                        "%s is %s but %s add up to %s: the summary does not add up (was it "
                        "edited after it was written?)",
                        what, a ? a : "?", parts, b ? b : "?");
    free(a);
    free(b);
    return st;
}

static fl_status check_sums(fl_rollup *one, reader *rd)
{
    fl_dec sum[2];
    fl_status st = FL_OK;
    size_t g, i, j;
    int k;

    fl_dec_init(sum[0]);
    fl_dec_init(sum[1]);
    /* Each parent: its children plus what is posted to it directly. */
    for (i = 0; i < one->source_count && st == FL_OK; i++) {
        ru_source *p = &one->sources[i];
        size_t n = strlen(p->code), children = 0;
        const char *dot = strrchr(p->code, '.');
        if (dot) {
            char parent[FL_SOURCE_CODE_MAX + 1];
            snprintf(parent, sizeof parent, "%.*s", (int)(dot - p->code), p->code);
            if (!fl_rollup__find_source(one, parent)) {
                push_key(rd, "by_source");
                push_index(rd, p->item);
                push_key(rd, "code");
                st = fail(rd, FL_ERR_VALIDATION, "%s is listed but its parent %s is not", p->code,
                          parent);
                rd->depth -= 3;
                break;
            }
        }
        fl_dec_set(sum[0], p->unallocated_actual);
        fl_dec_set(sum[1], p->unallocated_estimate);
        for (j = 0; j < one->source_count; j++) {
            const ru_source *c = &one->sources[j];
            if (strncmp(c->code, p->code, n) == 0 && c->code[n] == '.' &&
                !strchr(c->code + n + 1, '.')) {
                fl_dec_add(sum[0], sum[0], c->actual);
                fl_dec_add(sum[1], sum[1], c->estimate);
                children++;
            }
        }
        if (!children && !p->unallocated)
            continue;
        for (k = 0; k < 2 && st == FL_OK; k++)
            if (fl_dec_cmp(sum[k], k ? p->estimate : p->actual) != 0) {
                push_key(rd, "by_source");
                push_index(rd, p->item);
                push_key(rd, k ? "estimate" : "actual");
                st = mismatch(rd, p->code, k ? p->estimate : p->actual, sum[k],
                              "its children and its unallocated amount");
                rd->depth -= 3;
            }
    }
    /* Each group: its top-level codes, its units, its months. */
    for (g = 0; g < one->group_count && st == FL_OK; g++) {
        ru_group *gr = &one->groups[g];
        int list;
        for (list = 0; list < 3 && st == FL_OK; list++) {
            size_t count = list == 0   ? one->source_count
                           : list == 1 ? one->by_unit_count
                                       : one->by_month_count;
            fl_dec_set_si(sum[0], 0);
            fl_dec_set_si(sum[1], 0);
            for (i = 0; i < count; i++) {
                if (list == 0) {
                    const ru_source *s = &one->sources[i];
                    if (strcmp(s->group, gr->name) == 0 && !strchr(s->code, '.')) {
                        fl_dec_add(sum[0], sum[0], s->actual);
                        fl_dec_add(sum[1], sum[1], s->estimate);
                    }
                } else {
                    const ru_keyed *kd = list == 1 ? &one->by_unit[i] : &one->by_month[i];
                    if (strcmp(kd->group, gr->name) == 0) {
                        fl_dec_add(sum[0], sum[0], kd->actual);
                        fl_dec_add(sum[1], sum[1], kd->estimate);
                    }
                }
            }
            for (k = 0; k < 2 && st == FL_OK; k++)
                if (fl_dec_cmp(sum[k], k ? gr->estimate : gr->actual) != 0) {
                    char what[160];
                    push_key(rd, "totals");
                    push_key(rd, gr->name);
                    push_key(rd, k ? "estimate" : "actual");
                    snprintf(what, sizeof what, "the %s of %s", k ? "estimate" : "actual",
                             gr->name);
                    st = mismatch(rd, what, k ? gr->estimate : gr->actual, sum[k],
                                  list == 0   ? "its top-level codes"
                                  : list == 1 ? "its units"
                                              : "its months");
                    rd->depth -= 3;
                }
        }
    }
    fl_dec_clear(sum[0]);
    fl_dec_clear(sum[1]);
    return st;
}

fl_status fl_rollup__read(fl_rollup *one, ru_unit *district, const char *path, const char *text,
                          size_t len, fl_error *err)
{
    reader rd = {path, text, text + len, {{NULL, 0}}, 0, err};
    const char *parse_end = NULL;
    const char *schema, *currency;
    cJSON *root = NULL;
    ru_scan_problem problem;
    bool duplicate;
    fl_status st;

    memset(district, 0, sizeof *district);
    /* What cJSON would let through, before it reads the text. */
    if (fl_rollup__check_bytes(&problem, text, len)) /* a bad byte: the line is cut before it */
        return fail_at(&rd, text + problem.at, text[problem.at] != '\\', FL_ERR_SYNTAX,
                       problem.message);
    root = cJSON_ParseWithLengthOpts(text, len, &parse_end, 0);
    if (!root) {
        const char *at = cJSON_GetErrorPtr();
        if (!at || at < text || at > text + len)
            at = parse_end ? parse_end : text;
        return fail_at_pointer(&rd, at, FL_ERR_SYNTAX, "not valid JSON here");
    }
    if (parse_end && skip_ws(parse_end, rd.end) < rd.end) {
        st = fail_at_pointer(&rd, skip_ws(parse_end, rd.end), FL_ERR_SYNTAX,
                             "text after the end of the summary (one JSON document per file)");
        goto done;
    }
    if ((st = fl_rollup__find_duplicate_key(&problem, &duplicate, text, len)) != FL_OK) {
        fl_error_set(err, st, "out of memory");
        goto done;
    }
    if (duplicate) {
        st = fail_at_pointer(&rd, text + problem.at, FL_ERR_SYNTAX, problem.message);
        goto done;
    }
    if (!cJSON_IsObject(root)) {
        st = fail(&rd, FL_ERR_VALIDATION, "a summary is a JSON object");
        goto done;
    }
    if ((st = string(&schema, &rd, root, "schema", false)) != FL_OK)
        goto done;
    if (strcmp(schema, FL_SUMMARY_SCHEMA) != 0) {
        push_key(&rd, "schema");
        st = fail(&rd, FL_ERR_VALIDATION, "schema \"%.60s\" is not %s, which this version reads",
                  schema, FL_SUMMARY_SCHEMA);
        goto done;
    }
    if ((st = string(&currency, &rd, root, "currency", false)) != FL_OK)
        goto done;
    if (strcmp(currency, "VND") != 0) {
        push_key(&rd, "currency");
        st = fail(&rd, FL_ERR_VALIDATION,
                  "currency \"%.20s\": only VND summaries are added up (no conversion)", currency);
        goto done;
    }
    if ((st = read_totals(one, &rd, root)) != FL_OK ||
        (st = read_sources(one, &rd, root)) != FL_OK ||
        (st = read_keyed(one, &rd, root, "by_unit", "unit", false)) != FL_OK ||
        (st = read_keyed(one, &rd, root, "by_month", "month", true)) != FL_OK ||
        (st = check_sums(one, &rd)) != FL_OK)
        goto done;
    st = read_context(one, district, &rd, root, path);
    if (st == FL_ERR_NOMEM)
        fl_error_set(err, st, "out of memory");
done:
    cJSON_Delete(root);
    return st;
}
