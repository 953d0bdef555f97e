/*
 * report.c - a ledger's exact totals (fundledger/report.h): one pass over
 * the entries, then the roll-up of the source tree, the group totals and
 * the shares.  Rendering is in report_text.c, report_csv.c, report_json.c.
 *
 * Amounts are fl_dec and kept in flat arrays indexed [row * 2 + kind]
 * (actual = 0, estimate = 1).  The pass adds each entry three times: to its
 * code's own postings, to its unit x top-level cell and to its month x
 * group; everything else is derived from those afterwards, so the work is
 * O(entries + codes + units x top-level codes + months).
 */
#include "report_internal.h"

#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "fact.h"

#define KINDS 2

struct fl_report {
    const fl_ledger *ledger;
    const fl_source_tree *tree;
    fl_report_options options;

    /* the tree, as the report shows it */
    size_t source_count;
    int *order;         /* [k]: source shown k-th (fl_source_tree_preorder) */
    size_t *depth;      /* [source] */
    int *parent;        /* [source]: -1 for a top-level code */
    bool *has_children; /* [source] */
    size_t *top_of;     /* [source]: index in tops of its top-level ancestor */
    size_t top_count;
    size_t *tops; /* [t]: source index of the t-th top-level code */

    /* by source */
    fl_dec *own;         /* [source * KINDS + kind] */
    fl_dec *total;       /* [source * KINDS + kind] */
    size_t *own_entries; /* [source] */
    size_t *entries;     /* [source]: including descendants */
    size_t *estimates;   /* [source]: estimate entries including descendants */
    fl_dec *shares;      /* [t] */
    bool *has_share;     /* [t] */

    /* by group */
    size_t group_count;
    fl_dec *group_total;            /* [g * KINDS + kind] */
    size_t *group_entries;          /* [g] */
    size_t *group_estimates;        /* [g] */
    fl_report_shares *group_shares; /* [g] */

    /* by unit */
    size_t unit_count;
    fl_dec *cells;        /* [(unit * top_count + t) * KINDS + kind] */
    fl_dec *unit_totals;  /* [(unit * r->group_count + g) * KINDS + kind] */
    size_t *unit_entries; /* [unit * r->group_count + g] */

    /* by month, in order of first appearance; month_order sorts them */
    size_t month_count;
    size_t month_capacity;
    int32_t *months;       /* [m]: yyyymm */
    fl_dec *month_totals;  /* [(m * r->group_count + g) * KINDS + kind] */
    size_t *month_entries; /* [m * r->group_count + g] */
    size_t *month_order;   /* [i]: m of the i-th month, ascending */
};

/* --- the source tree (the one place that knows fundledger/source.h) ------------------- */

const char *fl_report__group_code(const fl_report *report, int group)
{
    return fl_source_tree_group_name(report->tree, group);
}

const char *fl_report__group_label(const fl_report *report, int group, fl_locale locale)
{
    return fl_source_tree_group_label(report->tree, group, locale);
}

size_t fl_report__source_count(const fl_report *report)
{
    return report->source_count;
}

size_t fl_report__source_in_order(const fl_report *report, size_t k)
{
    return (size_t)report->order[k];
}

size_t fl_report__source_depth(const fl_report *report, size_t source)
{
    return report->depth[source];
}

int fl_report__source_parent(const fl_report *report, size_t source)
{
    return report->parent[source];
}

bool fl_report__source_has_children(const fl_report *report, size_t source)
{
    return report->has_children[source];
}

int fl_report__source_group(const fl_report *report, size_t source)
{
    return fl_source_tree_group(report->tree, (int)source);
}

const char *fl_report__source_code(const fl_report *report, size_t source)
{
    return fl_source_tree_code(report->tree, (int)source);
}

const char *fl_report__source_label(const fl_report *report, size_t source, fl_locale locale)
{
    return fl_source_tree_label(report->tree, (int)source, locale);
}

size_t fl_report__source_top(const fl_report *report, size_t source)
{
    return report->top_of[source];
}

/*
 * Reads the tree's shape: parents, depths, the top-level codes and the
 * order a report shows the codes in (a parent first, then its children's
 * subtrees, siblings in tree order).
 */
static fl_status read_tree(fl_report *r)
{
    size_t i, k;

    fl_source_tree_preorder(r->order, r->tree);
    for (i = 0; i < r->source_count; i++) {
        r->parent[i] = fl_source_tree_parent(r->tree, (int)i);
        if (r->parent[i] >= (int)r->source_count ||
            (size_t)fl_source_tree_group(r->tree, (int)i) >= r->group_count)
            return FL_ERR_INVALID_ARGUMENT;
    }
    for (k = 0; k < r->source_count; k++) {
        size_t s = (size_t)r->order[k];
        int p = r->parent[s];

        if (p < 0) {
            r->depth[s] = 0;
            r->top_of[s] = r->top_count;
            r->tops[r->top_count++] = s;
        } else {
            /* In tree order a parent comes before its children, so its depth is known. */
            r->depth[s] = r->depth[p] + 1;
            r->top_of[s] = r->top_of[p];
            r->has_children[p] = true;
        }
    }
    return FL_OK;
}

/* --- building ------------------------------------------------------------------------ */

static fl_dec *new_decs(size_t count)
{
    fl_dec *decs = calloc(count ? count : 1, sizeof *decs);
    size_t i;

    if (!decs)
        return NULL;
    for (i = 0; i < count; i++)
        fl_dec_init(decs[i]);
    return decs;
}

static void free_decs(fl_dec *decs, size_t count)
{
    size_t i;

    if (!decs)
        return;
    for (i = 0; i < count; i++)
        fl_dec_clear(decs[i]);
    free(decs);
}

/* The slot of a month, added on first sight.  Ledgers hold a few months, so a scan from the last
 * hit is enough. */
static fl_status month_slot(fl_report *r, int32_t month, size_t *slot, size_t *last)
{
    size_t m, g;

    if (*last < r->month_count && r->months[*last] == month) {
        *slot = *last;
        return FL_OK;
    }
    for (m = 0; m < r->month_count; m++)
        if (r->months[m] == month) {
            *slot = *last = m;
            return FL_OK;
        }
    if (r->month_count == r->month_capacity) {
        size_t capacity = r->month_capacity ? r->month_capacity * 2 : 16;
        int32_t *months = realloc(r->months, capacity * sizeof *months);
        size_t *counts;
        fl_dec *totals;

        if (!months)
            return FL_ERR_NOMEM;
        r->months = months;
        counts = realloc(r->month_entries, capacity * r->group_count * sizeof *counts);
        if (!counts)
            return FL_ERR_NOMEM;
        r->month_entries = counts;
        /* fl_dec holds GMP's limb pointer: a new array, with the old values moved by fl_dec_set. */
        totals = new_decs(capacity * r->group_count * KINDS);
        if (!totals)
            return FL_ERR_NOMEM;
        for (m = 0; m < r->month_count * r->group_count * KINDS; m++)
            fl_dec_set(totals[m], r->month_totals[m]);
        free_decs(r->month_totals, r->month_capacity * r->group_count * KINDS);
        r->month_totals = totals;
        r->month_capacity = capacity;
    }
    m = r->month_count++;
    r->months[m] = month;
    for (g = 0; g < r->group_count; g++)
        r->month_entries[m * r->group_count + g] = 0;
    *slot = *last = m;
    return FL_OK;
}

static void clear_accs(fl_acc *accs, size_t count)
{
    size_t i;

    for (i = 0; accs && i < count; i++)
        fl_acc_clear(&accs[i]);
    free(accs);
}

/* Moves accumulated sums into the report's decimals. */
static fl_status settle(fl_dec *out, const fl_acc *accs, size_t count)
{
    size_t i;
    fl_status status;

    for (i = 0; i < count; i++)
        if ((status = fl_acc_value(out[i], &accs[i])) != FL_OK)
            return status;
    return FL_OK;
}

/* Grows the month accumulators with the report's month slots. */
static bool months_fit(fl_acc **accs, size_t *capacity, size_t want)
{
    fl_acc *grown;

    if (want <= *capacity)
        return true;
    grown = realloc(*accs, want * sizeof *grown);
    if (!grown)
        return false;
    memset(grown + *capacity, 0, (want - *capacity) * sizeof *grown);
    *accs = grown;
    *capacity = want;
    return true;
}

/* Each code's own totals and counts: the ledger keeps them per source as it loads. */
static fl_status own_totals(fl_report *r)
{
    size_t n, s, k;
    const fl_source_sum *sums = fl_ledger_source_sums(r->ledger, &n);
    fl_status status;

    for (s = 0; s < n && s < r->source_count; s++) {
        for (k = 0; k < KINDS; k++)
            if ((status = fl_acc_value(r->own[s * KINDS + k], &sums[s * KINDS + k].sum)) != FL_OK)
                return status;
        r->own_entries[s] = sums[s * KINDS].count + sums[s * KINDS + 1].count;
        r->estimates[s] = sums[s * KINDS + 1].count;
    }
    return FL_OK;
}

/*
 * One pass over the ledger's facts: each amount goes to its unit x top-level cell and
 * its month, in exact accumulators (an int64 with overflow checks, GMP past that),
 * which become the report's decimals at the end.  Each code's own totals come from
 * the ledger (own_totals).
 */
static fl_status add_entries(fl_report *r, fl_error *err)
{
    size_t n = fl_ledger_entry_count(r->ledger);
    size_t i, last_month = 0, month_accs = 0;
    size_t cell_count = r->unit_count * r->top_count * KINDS;
    const fl_dec_struct *bigs;
    const fl_fact *facts = fl_ledger_facts(r->ledger, &bigs);
    fl_acc *cells = calloc(cell_count ? cell_count : 1, sizeof *cells);
    fl_acc *months = NULL;
    fl_status status = cells ? FL_OK : FL_ERR_NOMEM;

    for (i = 0; i < n && status == FL_OK; i++) {
        const fl_fact *e = &facts[i];
        size_t s, k, g, t, u, m = 0;

        if (e->source < 0 || (size_t)e->source >= r->source_count || e->unit >= r->unit_count) {
            clear_accs(cells, cell_count);
            clear_accs(months, month_accs);
            return fl_error_set(err, FL_ERR_INVALID_ARGUMENT,
                                "entry %zu has a source or unit the ledger does not know", i + 1);
        }
        s = (size_t)e->source;
        u = e->unit;
        k = e->kind == FL_KIND_ESTIMATE ? 1 : 0;
        g = (size_t)fl_report__source_group(r, s);
        t = r->top_of[s];

        status = month_slot(r, fl_date_month(e->date), &m, &last_month);
        if (status == FL_OK &&
            !months_fit(&months, &month_accs, r->month_capacity * r->group_count * KINDS))
            status = FL_ERR_NOMEM;
        if (status == FL_OK)
            status = fl_acc_add(&cells[(u * r->top_count + t) * KINDS + k], e, bigs);
        if (status == FL_OK)
            status = fl_acc_add(&months[(m * r->group_count + g) * KINDS + k], e, bigs);
        r->unit_entries[u * r->group_count + g]++;
        r->month_entries[m * r->group_count + g]++;
    }
    if (status == FL_OK)
        status = own_totals(r);
    if (status == FL_OK)
        status = settle(r->cells, cells, cell_count);
    if (status == FL_OK)
        status = settle(r->month_totals, months, r->month_count * r->group_count * KINDS);
    clear_accs(cells, cell_count);
    clear_accs(months, month_accs);
    if (status != FL_OK)
        return fl_error_set(err, status, "cannot add the amounts: %s", fl_strerror(status));
    return FL_OK;
}

/* Totals of every code (own + children), bottom up: children come after their parent in tree order.
 */
static fl_status roll_up(fl_report *r)
{
    size_t k, kind;
    fl_status status;

    for (k = 0; k < r->source_count; k++) {
        size_t s = (size_t)r->order[k];

        for (kind = 0; kind < KINDS; kind++)
            fl_dec_set(r->total[s * KINDS + kind], r->own[s * KINDS + kind]);
        r->entries[s] = r->own_entries[s];
    }
    for (k = r->source_count; k-- > 0;) {
        size_t s = (size_t)r->order[k];
        int p = r->parent[s];

        if (p < 0)
            continue;
        for (kind = 0; kind < KINDS; kind++) {
            status = fl_dec_add(r->total[(size_t)p * KINDS + kind],
                                r->total[(size_t)p * KINDS + kind], r->total[s * KINDS + kind]);
            if (status != FL_OK)
                return status;
        }
        r->entries[p] += r->entries[s];
        r->estimates[p] += r->estimates[s];
    }
    return FL_OK;
}

/* Group totals and unit row totals, from the top-level codes. */
static fl_status sum_groups(fl_report *r)
{
    size_t t, u, kind;
    fl_status status;

    for (t = 0; t < r->top_count; t++) {
        size_t s = r->tops[t];
        size_t g = (size_t)fl_report__source_group(r, s);

        for (kind = 0; kind < KINDS; kind++) {
            status = fl_dec_add(r->group_total[g * KINDS + kind], r->group_total[g * KINDS + kind],
                                r->total[s * KINDS + kind]);
            if (status != FL_OK)
                return status;
            for (u = 0; u < r->unit_count; u++) {
                fl_dec_ptr row = r->unit_totals[(u * r->group_count + g) * KINDS + kind];

                status = fl_dec_add(row, row, r->cells[(u * r->top_count + t) * KINDS + kind]);
                if (status != FL_OK)
                    return status;
            }
        }
        r->group_entries[g] += r->entries[s];
        r->group_estimates[g] += r->estimates[s];
    }
    return FL_OK;
}

/* Shares of each group's top-level codes with entries, in tree order (ties go to the earlier). */
static fl_status compute_shares(fl_report *r)
{
    fl_dec *parts = NULL;
    fl_dec *shares = NULL;
    size_t *which = NULL;
    size_t gi, t;
    fl_status status = FL_OK;

    parts = new_decs(r->top_count);
    shares = new_decs(r->top_count);
    which = malloc((r->top_count ? r->top_count : 1) * sizeof *which);
    if (!parts || !shares || !which) {
        status = FL_ERR_NOMEM;
        goto done;
    }
    for (gi = 0; gi < r->group_count; gi++) {
        int group = (int)gi;
        size_t n = 0;
        bool negative = false;

        for (t = 0; t < r->top_count; t++) {
            size_t s = r->tops[t];

            if (fl_report__source_group(r, s) != group || r->entries[s] == 0)
                continue;
            fl_dec_set(parts[n], r->total[s * KINDS]);
            negative = negative || fl_dec_sign(parts[n]) < 0;
            which[n++] = t;
        }
        if (r->group_entries[gi] == 0) {
            r->group_shares[gi] = FL_SHARES_NO_ENTRIES;
            continue;
        }
        if (negative) {
            r->group_shares[gi] = FL_SHARES_NEGATIVE_PART;
            continue;
        }
        status = fl_shares_largest_remainder(shares, (const fl_dec *)parts, n,
                                             r->options.percent_places);
        if (status == FL_ERR_DIVISION_BY_ZERO) {
            r->group_shares[gi] = FL_SHARES_ZERO_TOTAL;
            status = FL_OK;
            continue;
        }
        if (status != FL_OK)
            goto done;
        r->group_shares[gi] = FL_SHARES_COMPUTED;
        for (t = 0; t < n; t++) {
            fl_dec_set(r->shares[which[t]], shares[t]);
            r->has_share[which[t]] = true;
        }
    }
done:
    free_decs(parts, parts ? r->top_count : 0);
    free_decs(shares, shares ? r->top_count : 0);
    free(which);
    return status;
}

/* Sorts month slots by month, for the accessors (insertion sort: there are few). */
static void sort_months(fl_report *r)
{
    size_t i, j;

    for (i = 0; i < r->month_count; i++) {
        size_t m = i;

        for (j = i; j > 0 && r->months[r->month_order[j - 1]] > r->months[m]; j--)
            r->month_order[j] = r->month_order[j - 1];
        r->month_order[j] = m;
    }
}

fl_status fl_report_new(fl_report **out, const fl_ledger *ledger, const fl_report_options *opts,
                        fl_error *err)
{
    static const fl_report_options defaults = FL_REPORT_OPTIONS_INIT;
    fl_report *r = NULL;
    fl_status status = FL_OK;
    size_t n;

    if (!out || !ledger)
        return fl_error_set(err, FL_ERR_INVALID_ARGUMENT, "no report or ledger given");
    *out = NULL;
    if (!opts)
        opts = &defaults;
    if (opts->percent_places < 0 || opts->percent_places > FL_DEC_MAX_PARSE_DIGITS ||
        (int)opts->percent_rounding < 0 || opts->percent_rounding >= FL_ROUND_EXACT)
        return fl_error_set(err, FL_ERR_INVALID_ARGUMENT,
                            "percentages need 0 to %d places and a rounding mode",
                            FL_DEC_MAX_PARSE_DIGITS);

    r = calloc(1, sizeof *r);
    if (!r)
        return fl_error_set(err, FL_ERR_NOMEM, "out of memory");
    r->ledger = ledger;
    r->tree = fl_ledger_sources(ledger);
    r->options = *opts;
    r->source_count = fl_source_tree_count(r->tree);
    r->unit_count = fl_ledger_unit_count(ledger);
    r->group_count = fl_source_tree_group_count(r->tree);

    n = r->source_count ? r->source_count : 1;
    r->order = calloc(n, sizeof *r->order);
    r->depth = calloc(n, sizeof *r->depth);
    r->parent = calloc(n, sizeof *r->parent);
    r->has_children = calloc(n, sizeof *r->has_children);
    r->top_of = calloc(n, sizeof *r->top_of);
    r->tops = calloc(n, sizeof *r->tops);
    r->own_entries = calloc(n, sizeof *r->own_entries);
    r->entries = calloc(n, sizeof *r->entries);
    r->estimates = calloc(n, sizeof *r->estimates);
    if (!r->order || !r->depth || !r->parent || !r->has_children || !r->top_of || !r->tops ||
        !r->own_entries || !r->entries || !r->estimates) {
        status = fl_error_set(err, FL_ERR_NOMEM, "out of memory");
        goto done;
    }
    status = read_tree(r);
    if (status != FL_OK) {
        fl_error_set(err, status, "the ledger's source tree is inconsistent");
        goto done;
    }

    r->group_total = new_decs(r->group_count * KINDS);
    r->group_entries = calloc(r->group_count + 1, sizeof *r->group_entries);
    r->group_estimates = calloc(r->group_count + 1, sizeof *r->group_estimates);
    r->group_shares = calloc(r->group_count + 1, sizeof *r->group_shares);
    r->own = new_decs(r->source_count * KINDS);
    r->total = new_decs(r->source_count * KINDS);
    r->shares = new_decs(r->top_count);
    r->has_share = calloc(r->top_count ? r->top_count : 1, sizeof *r->has_share);
    r->cells = new_decs(r->unit_count * r->top_count * KINDS);
    r->unit_totals = new_decs(r->unit_count * r->group_count * KINDS);
    r->unit_entries = calloc(r->unit_count * r->group_count + 1, sizeof *r->unit_entries);
    if (!r->group_total || !r->group_entries || !r->group_estimates || !r->group_shares ||
        !r->own || !r->total || !r->shares || !r->has_share || !r->cells || !r->unit_totals ||
        !r->unit_entries) {
        status = fl_error_set(err, FL_ERR_NOMEM, "out of memory");
        goto done;
    }

    status = add_entries(r, err);
    if (status != FL_OK)
        goto done;
    status = roll_up(r);
    if (status == FL_OK)
        status = sum_groups(r);
    if (status == FL_OK)
        status = compute_shares(r);
    if (status != FL_OK) {
        fl_error_set(err, status, "cannot compute the report's totals: %s", fl_strerror(status));
        goto done;
    }
    r->month_order = calloc(r->month_count ? r->month_count : 1, sizeof *r->month_order);
    if (!r->month_order) {
        status = fl_error_set(err, FL_ERR_NOMEM, "out of memory");
        goto done;
    }
    sort_months(r);
    *out = r;
    r = NULL;
done:
    fl_report_free(r);
    return status;
}

void fl_report_free(fl_report *report)
{
    if (!report)
        return;
    /* Arrays of fl_dec are initialised whole by new_decs, so a NULL one is simply absent. */
    free_decs(report->own, report->source_count * KINDS);
    free_decs(report->total, report->source_count * KINDS);
    free_decs(report->shares, report->top_count);
    free_decs(report->cells, report->unit_count * report->top_count * KINDS);
    free_decs(report->unit_totals, report->unit_count * report->group_count * KINDS);
    free_decs(report->month_totals, report->month_capacity * report->group_count * KINDS);
    free_decs(report->group_total, report->group_count * KINDS);
    free(report->order);
    free(report->depth);
    free(report->parent);
    free(report->has_children);
    free(report->top_of);
    free(report->tops);
    free(report->own_entries);
    free(report->entries);
    free(report->estimates);
    free(report->has_share);
    free(report->group_entries);
    free(report->group_estimates);
    free(report->group_shares);
    free(report->unit_entries);
    free(report->months);
    free(report->month_entries);
    free(report->month_order);
    free(report);
}

/* --- accessors ----------------------------------------------------------------------- */

static size_t kind_slot(fl_entry_kind kind)
{
    return kind == FL_KIND_ESTIMATE ? 1 : 0;
}

const fl_ledger *fl_report_get_ledger(const fl_report *report)
{
    return report->ledger;
}

const fl_report_options *fl_report_get_options(const fl_report *report)
{
    return &report->options;
}

fl_dec_srcptr fl_report_source_total(const fl_report *report, size_t source, fl_entry_kind kind)
{
    if (source >= report->source_count)
        return NULL;
    return report->total[source * KINDS + kind_slot(kind)];
}

fl_dec_srcptr fl_report_source_own(const fl_report *report, size_t source, fl_entry_kind kind)
{
    if (source >= report->source_count)
        return NULL;
    return report->own[source * KINDS + kind_slot(kind)];
}

size_t fl_report_source_entries(const fl_report *report, size_t source)
{
    return source < report->source_count ? report->entries[source] : 0;
}

bool fl_report_source_has_entries(const fl_report *report, size_t source)
{
    return fl_report_source_entries(report, source) > 0;
}

bool fl_report_source_has_estimate(const fl_report *report, size_t source)
{
    return source < report->source_count && report->estimates[source] > 0;
}

bool fl_report_source_unallocated(const fl_report *report, size_t source)
{
    return source < report->source_count && report->has_children[source] &&
           report->own_entries[source] > 0;
}

fl_dec_srcptr fl_report_source_share(const fl_report *report, size_t source)
{
    size_t t;

    if (source >= report->source_count || report->parent[source] >= 0)
        return NULL;
    t = report->top_of[source];
    return report->has_share[t] ? report->shares[t] : NULL;
}

fl_status fl_report_source_percent(fl_dec achieved, fl_dec over, const fl_report *report,
                                   size_t source)
{
    if (source >= report->source_count)
        return FL_ERR_INVALID_ARGUMENT;
    return fl_percent_of_estimate(achieved, over, report->total[source * KINDS],
                                  report->total[source * KINDS + 1], report->options.percent_places,
                                  report->options.percent_rounding);
}

size_t fl_report_top_count(const fl_report *report)
{
    return report->top_count;
}

size_t fl_report_top_source(const fl_report *report, size_t i)
{
    return report->tops[i];
}

static bool group_ok(const fl_report *report, int group)
{
    return group >= 0 && (size_t)group < report->group_count;
}

size_t fl_report_group_count(const fl_report *report)
{
    return report->group_count;
}

fl_dec_srcptr fl_report_group_total(const fl_report *report, int group, fl_entry_kind kind)
{
    if (!group_ok(report, group))
        return NULL;
    return report->group_total[(size_t)group * KINDS + kind_slot(kind)];
}

bool fl_report_group_has_entries(const fl_report *report, int group)
{
    return group_ok(report, group) && report->group_entries[group] > 0;
}

bool fl_report_group_has_estimate(const fl_report *report, int group)
{
    return group_ok(report, group) && report->group_estimates[group] > 0;
}

fl_report_shares fl_report_group_shares(const fl_report *report, int group)
{
    return group_ok(report, group) ? report->group_shares[group] : FL_SHARES_NO_ENTRIES;
}

fl_status fl_report_group_percent(fl_dec achieved, fl_dec over, const fl_report *report, int group)
{
    if (!group_ok(report, group))
        return FL_ERR_INVALID_ARGUMENT;
    return fl_percent_of_estimate(achieved, over, report->group_total[(size_t)group * KINDS],
                                  report->group_total[(size_t)group * KINDS + 1],
                                  report->options.percent_places, report->options.percent_rounding);
}

fl_dec_srcptr fl_report_unit_cell(const fl_report *report, size_t unit, size_t top,
                                  fl_entry_kind kind)
{
    if (unit >= report->unit_count || top >= report->top_count)
        return NULL;
    return report->cells[(unit * report->top_count + top) * KINDS + kind_slot(kind)];
}

fl_dec_srcptr fl_report_unit_total(const fl_report *report, size_t unit, int group,
                                   fl_entry_kind kind)
{
    if (unit >= report->unit_count || !group_ok(report, group))
        return NULL;
    return report
        ->unit_totals[(unit * report->group_count + (size_t)group) * KINDS + kind_slot(kind)];
}

bool fl_report_unit_has_entries(const fl_report *report, size_t unit, int group)
{
    return unit < report->unit_count && group_ok(report, group) &&
           report->unit_entries[unit * report->group_count + (size_t)group] > 0;
}

size_t fl_report_month_count(const fl_report *report)
{
    return report->month_count;
}

int32_t fl_report_month(const fl_report *report, size_t i)
{
    return i < report->month_count ? report->months[report->month_order[i]] : 0;
}

fl_dec_srcptr fl_report_month_total(const fl_report *report, size_t i, int group,
                                    fl_entry_kind kind)
{
    if (i >= report->month_count || !group_ok(report, group))
        return NULL;
    return report
        ->month_totals[(report->month_order[i] * report->group_count + (size_t)group) * KINDS +
                       kind_slot(kind)];
}

bool fl_report_month_has_entries(const fl_report *report, size_t i, int group)
{
    return i < report->month_count && group_ok(report, group) &&
           report->month_entries[report->month_order[i] * report->group_count + (size_t)group] > 0;
}

fl_status fl_report__format_amount(char **out, const fl_dec v, fl_scale scale, long places,
                                   fl_locale locale, bool plain)
{
    fl_format_options fo = FL_FORMAT_OPTIONS_INIT;
    fl_status status = FL_OK;

    if (places < 0) {
        fl_dec scaled;

        fl_dec_init(scaled);
        status = fl_dec_mul_pow10(scaled, v, -(long)scale);
        places = status == FL_OK ? fl_dec_min_places(scaled) : 0;
        fl_dec_clear(scaled);
        if (status != FL_OK)
            return status;
    }
    fo.locale = locale;
    fo.scale = scale;
    fo.places = places;
    fo.plain = plain;
    return fl_amount_format(out, v, &fo, NULL);
}

/* --- names --------------------------------------------------------------------------- */

static const char *const by_names[] = {"source", "unit", "month", "kind"};

const char *fl_report_by_name(fl_report_by by)
{
    if ((int)by < 0 || (size_t)by >= sizeof by_names / sizeof by_names[0])
        return "?";
    return by_names[by];
}

fl_status fl_report_by_from_name(fl_report_by *out, const char *name)
{
    size_t i;

    for (i = 0; i < sizeof by_names / sizeof by_names[0]; i++)
        if (strcmp(name, by_names[i]) == 0) {
            *out = (fl_report_by)i;
            return FL_OK;
        }
    return FL_ERR_SYNTAX;
}
