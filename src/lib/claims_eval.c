/*
 * claims_eval.c - evaluating claims and filters against a ledger
 * (fundledger/claims.h).
 *
 * A filter is resolved once (codes to a mask over the source tree, names to
 * a mask over the units) and then applied in a single pass over the
 * entries, so each claim costs O(entries).  Sums are exact decimals;
 * percentages are exact rationals (GMP mpq), rounded only where the "="
 * operator says so, half up to the figure's written precision.
 */
#include "claims_internal.h"

#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "fact.h"
#include "text.h"

/* --- resolving a filter -------------------------------------------------------------- */

typedef struct resolved_filter {
    bool *sources; /* by source index; NULL: every source */
    bool *units;   /* by unit index; NULL: every unit */
    fl_date from, to;
    bool has_kind;
    fl_entry_kind kind;
    int group; /* the one group of the named sources; -1 when none named */
} resolved_filter;

static void resolved_release(resolved_filter *r)
{
    free(r->sources);
    free(r->units);
    r->sources = NULL;
    r->units = NULL;
}

/*
 * The name folded for suggestions (fl_text_strip_diacritics_lower): accents
 * stripped, case folded, "đ" as "d", so "Kim Chinh" meets "Kim Chính".  NULL
 * when out of memory or the name is not UTF-8.
 */
static char *fold_name(const char *name, size_t len)
{
    char *folded = NULL;

    if (fl_text_strip_diacritics_lower(&folded, NULL, name, len) != FL_OK)
        return NULL;
    return folded;
}

/* Levenshtein distance of two byte strings, with one row of memory. */
static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b), i, j, result;
    size_t *row = malloc((lb + 1) * sizeof *row);

    if (!row)
        return (size_t)-1;
    for (j = 0; j <= lb; j++)
        row[j] = j;
    for (i = 1; i <= la; i++) {
        size_t diagonal = row[0];
        row[0] = i;
        for (j = 1; j <= lb; j++) {
            size_t above = row[j];
            size_t best = diagonal + (a[i - 1] != b[j - 1]);
            if (above + 1 < best)
                best = above + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diagonal = above;
        }
    }
    result = row[lb];
    free(row);
    return result;
}

/*
 * The unit nearest to an unknown name: equal once accents and case are
 * folded, else within a small edit distance.  -1 when none is near.
 */
static long nearest_unit(const fl_ledger *l, const char *name, size_t len)
{
    char *wanted = fold_name(name, len);
    size_t best_distance, limit, i, count = fl_ledger_unit_count(l);
    long best = -1;

    if (!wanted)
        return -1;
    limit = strlen(wanted) / 4;
    if (limit < 2)
        limit = 2;
    best_distance = limit + 1;
    for (i = 0; i < count && best_distance > 0; i++) {
        const char *unit = fl_ledger_unit_name(l, i);
        char *folded = fold_name(unit, strlen(unit));
        size_t d;
        if (!folded)
            continue;
        d = edit_distance(wanted, folded);
        if (d < best_distance) {
            best_distance = d;
            best = (long)i;
        }
        free(folded);
    }
    free(wanted);
    return best;
}

static fl_status resolve_units(resolved_filter *r, const fl_filter_list *units, const fl_ledger *l,
                               fl_error *err)
{
    size_t i, count = fl_ledger_unit_count(l);

    if (units->count == 0)
        return FL_OK;
    r->units = calloc(count + 1, sizeof *r->units);
    if (!r->units)
        return fl_error_set(err, FL_ERR_NOMEM, "%s", fl_strerror(FL_ERR_NOMEM));
    for (i = 0; i < units->count; i++) {
        const fl_filter_item *item = &units->items[i];
        long unit = fl_ledger_find_unit(l, item->text, item->len);
        if (unit < 0) {
            long near = nearest_unit(l, item->text, item->len);
            if (near >= 0)
                return fl_error_set_at(err, FL_ERR_NOT_FOUND, 0, item->column,
                                       "unknown unit \"%s\"; did you mean \"%s\"?", item->text,
                                       fl_ledger_unit_name(l, (size_t)near));
            return fl_error_set_at(err, FL_ERR_NOT_FOUND, 0, item->column, "unknown unit \"%s\"",
                                   item->text);
        }
        r->units[unit] = true;
    }
    return FL_OK;
}

/* An ASCII upper-case copy (codes and group names are matched ignoring ASCII case). */
static char *upper_copy(const char *text)
{
    size_t i, n = strlen(text);
    char *copy = malloc(n + 1);

    if (!copy)
        return NULL;
    for (i = 0; i <= n; i++)
        copy[i] = (text[i] >= 'a' && text[i] <= 'z') ? (char)(text[i] - 'a' + 'A') : text[i];
    return copy;
}

/* The edit distance of two texts with ASCII case ignored; (size_t)-1 when out of memory. */
static size_t edit_distance_ignoring_case(const char *a, const char *b)
{
    char *ua = upper_copy(a), *ub = upper_copy(b);
    size_t d = (ua && ub) ? edit_distance(ua, ub) : (size_t)-1;

    free(ua);
    free(ub);
    return d;
}

/*
 * The error for a source= item that is neither a code nor a group name.  The
 * source tree explains unknown codes and suggests the nearest code; a group
 * name is also a valid item, so when one is nearer than every code ("NTN"
 * for NTM, where the tree alone would offer "NS") it is suggested instead.
 */
static fl_status unknown_source(const fl_source_tree *tree, const fl_filter_item *item,
                                fl_error *err)
{
    size_t len = strlen(item->text), limit = len / 2 > 2 ? len / 2 : 2;
    size_t best_code = (size_t)-1, best_group = (size_t)-1, i;
    int group = -1, code;
    fl_status status = fl_source_tree_resolve(&code, tree, item->text, item->len, err);

    if (status == FL_OK) /* fl_source_tree_find refused what resolve accepts: never expected */
        status = fl_error_set(err, FL_ERR_NOT_FOUND, "unknown funding source \"%s\"", item->text);
    for (i = 0; i < fl_source_tree_count(tree); i++) {
        size_t d = edit_distance_ignoring_case(item->text, fl_source_tree_code(tree, (int)i));
        if (d < best_code)
            best_code = d;
    }
    for (i = 0; i < fl_source_tree_group_count(tree); i++) {
        size_t d = edit_distance_ignoring_case(item->text, fl_source_tree_group_name(tree, (int)i));
        if (d < best_group) {
            best_group = d;
            group = (int)i;
        }
    }
    if (group >= 0 && best_group < best_code && best_group <= limit && best_group < len)
        status = fl_error_set(err, FL_ERR_NOT_FOUND,
                              "unknown funding source \"%s\"; did you mean "
                              "\"%s\"?",
                              item->text, fl_source_tree_group_name(tree, group));
    if (err)
        err->column = item->column;
    return status;
}

/*
 * Marks the named codes (a group name marks its top-level codes) and checks
 * they lie in one group; then widens the marks to every descendant.
 */
static fl_status resolve_sources(resolved_filter *r, const fl_filter_list *sources,
                                 const fl_ledger *l, bool one_group, fl_error *err)
{
    const fl_source_tree *tree = fl_ledger_sources(l);
    size_t count = fl_source_tree_count(tree), i;
    bool *named;
    int first_group = -1;

    r->group = -1;
    if (sources->count == 0)
        return FL_OK;
    named = calloc(count + 1, sizeof *named);
    r->sources = calloc(count + 1, sizeof *r->sources);
    if (!named || !r->sources) {
        free(named);
        return fl_error_set(err, FL_ERR_NOMEM, "%s", fl_strerror(FL_ERR_NOMEM));
    }
    for (i = 0; i < sources->count; i++) {
        const fl_filter_item *item = &sources->items[i];
        int code = fl_source_tree_find(tree, item->text, item->len);
        int group;

        if (code >= 0) {
            named[code] = true;
            group = fl_source_tree_group(tree, code);
        } else {
            group = fl_source_tree_find_group(tree, item->text, item->len);
            if (group < 0) {
                free(named);
                return unknown_source(tree, item, err);
            }
            for (code = fl_source_tree_group_first(tree, group); code >= 0;
                 code = fl_source_tree_next_sibling(tree, code))
                named[code] = true;
        }
        if (first_group < 0) {
            first_group = group;
        } else if (group != first_group && one_group) {
            free(named);
            return fl_error_set_at(err, FL_ERR_VALIDATION, 0, sources->column,
                                   "%s adds groups %s and %s together; totals are per group",
                                   sources->written, fl_source_tree_group_name(tree, first_group),
                                   fl_source_tree_group_name(tree, group));
        }
    }
    /* A code counts when it or one of its ancestors is named. */
    for (i = 0; i < count; i++) {
        int code = (int)i;
        while (code >= 0 && !named[code])
            code = fl_source_tree_parent(tree, code);
        r->sources[i] = code >= 0;
    }
    free(named);
    r->group = first_group;
    return FL_OK;
}

static fl_status resolve_filter(resolved_filter *r, const fl_filter *f, const fl_ledger *l,
                                bool one_group, fl_error *err)
{
    fl_status status;

    memset(r, 0, sizeof *r);
    r->group = -1;
    r->from = f->from;
    r->to = f->to;
    r->has_kind = f->has_kind;
    r->kind = f->kind;
    status = resolve_sources(r, &f->sources, l, one_group, err);
    if (status == FL_OK)
        status = resolve_units(r, &f->units, l, err);
    if (status != FL_OK)
        resolved_release(r);
    return status;
}

static bool filter_matches(const resolved_filter *r, const fl_fact *e)
{
    if (r->sources && (e->source < 0 || !r->sources[e->source]))
        return false;
    if (r->units && !r->units[e->unit])
        return false;
    if (r->from && e->date < r->from)
        return false;
    if (r->to && e->date > r->to)
        return false;
    if (r->has_kind && e->kind != (uint8_t)r->kind)
        return false;
    return true;
}

/* --- the pass over the entries ------------------------------------------------------- */

/* Running sums of the entries a filter picks: actual [0] and estimate [1]. */
typedef struct running_sums {
    fl_acc sum[2];
    size_t count[2];
} running_sums;

static fl_status running_add(running_sums *r, const fl_fact *e, const fl_dec_struct *bigs)
{
    int k = e->kind == FL_KIND_ESTIMATE;

    r->count[k]++;
    return fl_acc_add(&r->sum[k], e, bigs);
}

static void running_release(running_sums *r)
{
    fl_acc_clear(&r->sum[0]);
    fl_acc_clear(&r->sum[1]);
}

/* Moves running sums into *sums, and releases them. */
static fl_status running_settle(fl_filter_sums *sums, running_sums *r, fl_status status)
{
    if (status == FL_OK)
        status = fl_acc_value(sums->actual, &r->sum[0]);
    if (status == FL_OK)
        status = fl_acc_value(sums->estimate, &r->sum[1]);
    sums->actual_count = r->count[0];
    sums->estimate_count = r->count[1];
    running_release(r);
    return status;
}

static void sums_zero(fl_filter_sums *sums)
{
    fl_dec_set_si(sums->actual, 0);
    fl_dec_set_si(sums->estimate, 0);
    sums->actual_count = sums->estimate_count = 0;
}

/* Whether a filter picks by source alone (or picks everything). */
static bool by_sources_only(const resolved_filter *r)
{
    return !r->units && !r->from && !r->to && !r->has_kind;
}

/* Adds the ledger's running sums of the sources a filter picks into *sums. */
static fl_status add_source_sums(fl_filter_sums *sums, const resolved_filter *r,
                                 const fl_source_sum *ss, size_t n)
{
    size_t s;
    fl_dec part;
    fl_status status = FL_OK;

    fl_dec_init(part);
    for (s = 0; s < n && status == FL_OK; s++) {
        if (r->sources && !r->sources[s])
            continue;
        status = fl_acc_value(part, &ss[s * 2].sum);
        if (status == FL_OK)
            status = fl_dec_add(sums->actual, sums->actual, part);
        if (status == FL_OK)
            status = fl_acc_value(part, &ss[s * 2 + 1].sum);
        if (status == FL_OK)
            status = fl_dec_add(sums->estimate, sums->estimate, part);
        sums->actual_count += ss[s * 2].count;
        sums->estimate_count += ss[s * 2 + 1].count;
    }
    fl_dec_clear(part);
    return status;
}

/*
 * The sums of filters that pick by source alone, from the ledger's running sums per
 * source (no pass over the entries).  *done is false when they cannot answer: a filter
 * picks by more than sources, or an actual entry of the part lies outside the whole (the
 * pass over the entries then finds the first one to show).
 */
static fl_status sum_by_sources(bool *done, fl_filter_sums *part_sums, const resolved_filter *part,
                                fl_filter_sums *whole_sums, const resolved_filter *whole,
                                const fl_ledger *l)
{
    size_t n, s;
    const fl_source_sum *ss = fl_ledger_source_sums(l, &n);
    fl_status status;

    *done = false;
    if (!by_sources_only(part) || (whole && !by_sources_only(whole)))
        return FL_OK;
    for (s = 0; whole && s < n; s++)
        if ((!part->sources || part->sources[s]) && whole->sources && !whole->sources[s] &&
            ss[s * 2].count > 0)
            return FL_OK;
    status = add_source_sums(part_sums, part, ss, n);
    if (status == FL_OK && whole)
        status = add_source_sums(whole_sums, whole, ss, n);
    *done = status == FL_OK;
    return status;
}

/*
 * Sums the entries `part` picks into *part_sums and, when `whole` is given,
 * those `whole` picks into *whole_sums, in one pass.  An actual entry of the
 * part that the whole does not pick is an error (a share larger than its
 * whole); estimate entries are not in a share, so they may lie outside.
 */
static fl_status sum_entries(fl_filter_sums *part_sums, const resolved_filter *part,
                             fl_filter_sums *whole_sums, const resolved_filter *whole,
                             unsigned long whole_column, const fl_ledger *l, fl_error *err)
{
    size_t i, count = fl_ledger_entry_count(l);
    const fl_dec_struct *bigs;
    const fl_fact *facts = fl_ledger_facts(l, &bigs);
    running_sums p = {{FL_ACC_INIT, FL_ACC_INIT}, {0, 0}}, w = p;
    fl_status status = FL_OK;
    bool done;

    sums_zero(part_sums);
    if (whole)
        sums_zero(whole_sums);
    status = sum_by_sources(&done, part_sums, part, whole_sums, whole, l);
    if (status != FL_OK)
        return fl_error_set(err, status, "a sum is too large: %s", fl_strerror(status));
    if (done)
        return FL_OK;
    /* from zero again: the pass below sets the sums itself */

    for (i = 0; i < count && status == FL_OK; i++) {
        const fl_fact *e = &facts[i];
        bool in_part = filter_matches(part, e);
        bool in_whole = whole && filter_matches(whole, e);

        if (in_part && whole && !in_whole && e->kind == FL_KIND_ACTUAL) {
            running_release(&p);
            running_release(&w);
            return fl_error_set_at(err, FL_ERR_VALIDATION, 0, whole_column,
                                   "the entry at %s:%lu is picked by the share's filter but not by "
                                   "\"within\": a share's entries must lie within its whole",
                                   fl_ledger_input_path(l, fl_ledger_fact_input(l, i)),
                                   (unsigned long)e->line);
        }
        if (in_part)
            status = running_add(&p, e, bigs);
        if (status == FL_OK && in_whole)
            status = running_add(&w, e, bigs);
    }
    status = running_settle(part_sums, &p, status);
    if (whole)
        status = running_settle(whole_sums, &w, status);
    running_release(&w);
    if (status != FL_OK)
        return fl_error_set(err, status, "a sum is too large: %s", fl_strerror(status));
    return FL_OK;
}

void fl_filter_sums_init(fl_filter_sums *sums)
{
    fl_dec_init(sums->actual);
    fl_dec_init(sums->estimate);
    sums->actual_count = sums->estimate_count = 0;
}

void fl_filter_sums_clear(fl_filter_sums *sums)
{
    fl_dec_clear(sums->actual);
    fl_dec_clear(sums->estimate);
}

fl_status fl_filter_sum(fl_filter_sums *out, const fl_filter *filter, const fl_ledger *ledger,
                        fl_error *err)
{
    resolved_filter r;
    fl_status status;

    if (filter->sources.count == 0)
        return fl_error_set_at(err, FL_ERR_VALIDATION, 0, 1,
                               "a sum needs \"source=\": money is totalled per group of sources "
                               "(NTM or THU)");
    status = resolve_filter(&r, filter, ledger, true, err);
    if (status != FL_OK)
        return status;
    status = sum_entries(out, &r, NULL, NULL, 0, ledger, err);
    resolved_release(&r);
    return status;
}

fl_status fl_filter_count(size_t *out, const fl_filter *filter, const fl_ledger *ledger,
                          fl_error *err)
{
    resolved_filter r;
    size_t i, count = fl_ledger_entry_count(ledger), n = 0;
    const fl_dec_struct *bigs;
    const fl_fact *facts;
    fl_status status;

    status = resolve_filter(&r, filter, ledger, false, err);
    if (status != FL_OK)
        return status;
    facts = fl_ledger_facts(ledger, &bigs);
    for (i = 0; i < count; i++)
        if (filter_matches(&r, &facts[i]))
            n++;
    resolved_release(&r);
    *out = n;
    return FL_OK;
}

/* --- exact rationals ----------------------------------------------------------------- */

/* q = d exactly. */
static void rational_from_dec(mpq_t q, const fl_dec d)
{
    mpz_set(mpq_numref(q), d->coefficient);
    mpz_set_ui(mpq_denref(q), 1);
    if (d->exponent > 0) {
        mpz_t scale;
        mpz_init(scale);
        mpz_ui_pow_ui(scale, 10, (unsigned long)d->exponent);
        mpz_mul(mpq_numref(q), mpq_numref(q), scale);
        mpz_clear(scale);
    } else if (d->exponent < 0) {
        mpz_ui_pow_ui(mpq_denref(q), 10, (unsigned long)-d->exponent);
    }
    mpq_canonicalize(q);
}

/*
 * The canonical text of q: exact when its decimal expansion terminates (the
 * reduced denominator has no prime factors but 2 and 5), else rounded half
 * up to `places` and *exact cleared.  Returns FL_OK, FL_ERR_NOMEM or
 * FL_ERR_RANGE.
 */
static fl_status rational_text(char **out, const mpq_t q, long places, bool *exact)
{
    mpz_t rest, factor;
    unsigned long twos, fives;
    bool terminates;
    fl_dec d;
    fl_status status;

    mpz_inits(rest, factor, NULL);
    mpz_set_ui(factor, 2);
    twos = (unsigned long)mpz_remove(rest, mpq_denref(q), factor);
    mpz_set_ui(factor, 5);
    fives = (unsigned long)mpz_remove(rest, rest, factor);
    terminates = mpz_cmp_ui(rest, 1) == 0;
    mpz_clears(rest, factor, NULL);

    fl_dec_init(d);
    if (terminates)
        status = fl_dec_set_ratio(d, mpq_numref(q), mpq_denref(q),
                                  (long)(twos > fives ? twos : fives), FL_ROUND_EXACT, NULL);
    else
        status = fl_dec_set_ratio(d, mpq_numref(q), mpq_denref(q), places, FL_ROUND_HALF_UP, NULL);
    if (status == FL_OK) {
        *out = fl_dec_to_string(d);
        if (!*out)
            status = FL_ERR_NOMEM;
    }
    if (!terminates)
        *exact = false;
    fl_dec_clear(d);
    return status;
}

static fl_status dec_text(char **out, const fl_dec d)
{
    *out = fl_dec_to_string(d);
    return *out ? FL_OK : FL_ERR_NOMEM;
}

/* --- claims -------------------------------------------------------------------------- */

void fl_claim_result_init(fl_claim_result *result)
{
    memset(result, 0, sizeof *result);
    result->value_exact = true;
}

void fl_claim_result_clear(fl_claim_result *result)
{
    free(result->value);
    free(result->figure);
    free(result->difference);
    free(result->rounded);
    free(result->rounded_difference);
    free(result->numerator);
    free(result->denominator);
    fl_claim_result_init(result);
}

/* Whether the comparison `cmp` (value against figure, -1/0/1) satisfies op. */
static bool comparison_holds(fl_claim_op op, int cmp)
{
    switch (op) {
    case FL_OP_EQ:
        return cmp == 0;
    case FL_OP_NE:
        return cmp != 0;
    case FL_OP_LT:
        return cmp < 0;
    case FL_OP_LE:
        return cmp <= 0;
    case FL_OP_GT:
        return cmp > 0;
    case FL_OP_GE:
        return cmp >= 0;
    case FL_OP_ROUNDS_TO:
    case FL_OP_COUNT_:
        break;
    }
    return false;
}

/* The working state of one evaluation; freed in one place. */
typedef struct evaluation {
    resolved_filter part, whole;
    fl_filter_sums part_sums, whole_sums;
    mpq_t value, figure, difference, numerator, denominator;
    fl_dec rounded;
} evaluation;

static void evaluation_init(evaluation *ev)
{
    memset(&ev->part, 0, sizeof ev->part);
    memset(&ev->whole, 0, sizeof ev->whole);
    fl_filter_sums_init(&ev->part_sums);
    fl_filter_sums_init(&ev->whole_sums);
    mpq_inits(ev->value, ev->figure, ev->difference, ev->numerator, ev->denominator, NULL);
    fl_dec_init(ev->rounded);
}

static void evaluation_clear(evaluation *ev)
{
    resolved_release(&ev->part);
    resolved_release(&ev->whole);
    fl_filter_sums_clear(&ev->part_sums);
    fl_filter_sums_clear(&ev->whole_sums);
    mpq_clears(ev->value, ev->figure, ev->difference, ev->numerator, ev->denominator, NULL);
    fl_dec_clear(ev->rounded);
}

/*
 * Sets ev->value to the metric's value, or *reason when its denominator is
 * zero; ev->numerator/denominator to a percentage's parts.  *entries gets
 * the number of entries the metric used.
 */
static void metric_value(evaluation *ev, const fl_claim *c, size_t *entries, const char **reason)
{
    const fl_filter_sums *p = &ev->part_sums;

    switch (c->metric) {
    case FL_METRIC_TOTAL:
        rational_from_dec(ev->value, p->actual);
        *entries = p->actual_count;
        return;
    case FL_METRIC_ESTIMATE:
        rational_from_dec(ev->value, p->estimate);
        *entries = p->estimate_count;
        return;
    case FL_METRIC_COUNT:
        mpq_set_ui(ev->value, (unsigned long)(p->actual_count + p->estimate_count), 1);
        *entries = p->actual_count + p->estimate_count;
        return;
    case FL_METRIC_OVER_ESTIMATE:
    case FL_METRIC_OF_ESTIMATE:
        rational_from_dec(ev->numerator, p->actual);
        rational_from_dec(ev->denominator, p->estimate);
        *entries = p->actual_count + p->estimate_count;
        if (mpq_sgn(ev->denominator) == 0) {
            *reason = "no estimate";
            return;
        }
        break;
    case FL_METRIC_SHARE:
        rational_from_dec(ev->numerator, p->actual);
        rational_from_dec(ev->denominator, ev->whole_sums.actual);
        *entries = p->actual_count;
        if (mpq_sgn(ev->denominator) == 0) {
            *reason = "the within total is zero";
            return;
        }
        break;
    case FL_METRIC_COUNT_:
        return;
    }
    /* value = numerator / denominator x 100, less 100 for over-estimate */
    mpq_div(ev->value, ev->numerator, ev->denominator);
    mpz_mul_ui(mpq_numref(ev->value), mpq_numref(ev->value), 100);
    mpq_canonicalize(ev->value);
    if (c->metric == FL_METRIC_OVER_ESTIMATE) {
        mpq_t hundred;
        mpq_init(hundred);
        mpq_set_ui(hundred, 100, 1);
        mpq_sub(ev->value, ev->value, hundred);
        mpq_clear(hundred);
    }
}

/* Resolves the claim's filters and sums the entries (one pass, two filters for share). */
static fl_status gather(evaluation *ev, const fl_claim *c, const fl_ledger *l, fl_error *err)
{
    bool money = c->metric != FL_METRIC_COUNT;
    fl_status status;

    status = resolve_filter(&ev->part, &c->filter, l, money, err);
    if (status != FL_OK)
        return status;
    if (!c->has_within)
        return sum_entries(&ev->part_sums, &ev->part, NULL, NULL, 0, l, err);
    status = resolve_filter(&ev->whole, &c->within, l, true, err);
    if (status != FL_OK)
        return status;
    if (ev->part.group != ev->whole.group) {
        const fl_source_tree *tree = fl_ledger_sources(l);
        return fl_error_set_at(err, FL_ERR_VALIDATION, 0, c->within_column,
                               "%s and within %s are in groups %s and %s; a share is within one "
                               "group",
                               c->filter.sources.written, c->within.sources.written,
                               fl_source_tree_group_name(tree, ev->part.group),
                               fl_source_tree_group_name(tree, ev->whole.group));
    }
    return sum_entries(&ev->part_sums, &ev->part, &ev->whole_sums, &ev->whole, c->within_column, l,
                       err);
}

/* Fills the result's texts from the evaluation. */
static fl_status describe(fl_claim_result *out, evaluation *ev, const fl_claim *c)
{
    long places = c->figure.quantum < 0 ? -c->figure.quantum : 0;
    long fallback = places + 6;
    fl_status status = FL_OK;

    if (fl_claim_metric_is_percent(c->metric)) {
        status = rational_text(&out->numerator, ev->numerator, fallback, &out->value_exact);
        if (status == FL_OK)
            status = rational_text(&out->denominator, ev->denominator, fallback, &out->value_exact);
        if (status != FL_OK || out->reason)
            return status;
    }
    status = rational_text(&out->value, ev->value, fallback, &out->value_exact);
    if (status != FL_OK)
        return status;
    mpq_sub(ev->difference, ev->value, ev->figure);
    status = rational_text(&out->difference, ev->difference, fallback, &out->value_exact);
    if (status != FL_OK || c->op != FL_OP_ROUNDS_TO)
        return status;
    status = dec_text(&out->rounded, ev->rounded);
    if (status == FL_OK) {
        fl_dec rounded_difference;
        fl_dec_init(rounded_difference);
        status = fl_dec_sub(rounded_difference, ev->rounded, c->figure.value);
        /* like `difference`, without the zeros the subtraction keeps ("0", not "0.00") */
        if (status == FL_OK) {
            fl_dec_reduce(rounded_difference, rounded_difference);
            status = dec_text(&out->rounded_difference, rounded_difference);
        }
        fl_dec_clear(rounded_difference);
    }
    return status;
}

fl_status fl_claim_evaluate(fl_claim_result *out, const fl_claim *claim, const fl_ledger *ledger,
                            fl_error *err)
{
    evaluation ev;
    fl_status status;

    fl_claim_result_clear(out);
    evaluation_init(&ev);
    status = gather(&ev, claim, ledger, err);
    if (status != FL_OK)
        goto done;

    out->metric = claim->metric;
    metric_value(&ev, claim, &out->entries, &out->reason);
    rational_from_dec(ev.figure, claim->figure.value);
    if (!out->reason) {
        if (claim->op == FL_OP_ROUNDS_TO) {
            /* round half up to the figure's last written digit (TT 109/2018/TT-BTC Điều 5) */
            status = fl_dec_set_ratio(ev.rounded, mpq_numref(ev.value), mpq_denref(ev.value),
                                      -claim->figure.quantum, FL_ROUND_HALF_UP, NULL);
            if (status != FL_OK) {
                fl_error_set_at(err, status, 0, claim->figure_column,
                                "the value cannot be rounded to the figure's precision: %s",
                                fl_strerror(status));
                goto done;
            }
            out->holds = fl_dec_cmp(ev.rounded, claim->figure.value) == 0;
        } else {
            out->holds = comparison_holds(claim->op, mpq_cmp(ev.value, ev.figure));
        }
    }
    status = dec_text(&out->figure, claim->figure.value);
    if (status == FL_OK)
        status = describe(out, &ev, claim);
    if (status != FL_OK)
        fl_error_set(err, status, "%s", fl_strerror(status));

done:
    evaluation_clear(&ev);
    if (status != FL_OK)
        fl_claim_result_clear(out);
    return status;
}

fl_status fl_claim_check(fl_claim_result *out, const fl_ledger *ledger, size_t index, fl_error *err)
{
    const fl_claim_line *line = fl_ledger_claim_line(ledger, index);
    fl_claim *claim = NULL;
    fl_status status;

    fl_claim_result_clear(out);
    if (!line)
        return fl_error_set(err, FL_ERR_INVALID_ARGUMENT, "there is no claim %zu", index);
    status = fl_claim_parse(&claim, line->text, line->len, line->locale, err);
    if (status == FL_OK)
        status = fl_claim_evaluate(out, claim, ledger, err);
    if (status != FL_OK && err) {
        fl_error_set_file(err, fl_ledger_input_path(ledger, line->input));
        err->line = line->line;
        if (err->column)
            err->column += (line->column ? line->column : 1) - 1;
    }
    fl_claim_free(claim);
    return status;
}
