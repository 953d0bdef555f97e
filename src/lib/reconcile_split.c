/*
 * reconcile_split.c - the split pass: one payment recorded on one side as
 * several entries (2 to FL_RECONCILE_SPLIT_MAX) on the other.
 *
 * Only entries left over by the ref and auto passes take part.  They are
 * sorted into cells of equal unit, source and kind; within a cell each
 * entry of one side is a target, and the entries of the other side whose
 * dates lie within the window, closest first, are its candidate parts.
 * The search is bounded three ways so it stays fast whatever the input:
 * at most CANDIDATES_MAX candidates per target, subsets of at most
 * FL_RECONCILE_SPLIT_MAX parts (smaller subsets are tried first), and a
 * budget of SUM_BUDGET subset sums for the whole run; past the budget the
 * remaining entries are left unmatched (and reported as only in A or B,
 * which keeps the bridge exact).  Amounts are compared as 64-bit integers
 * of đồng; entries with fractions of a đồng or beyond 2^60 đồng are not
 * split-matched.
 */
#include "reconcile_internal.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#define CANDIDATES_MAX 20
#define STEPS_MAX 256
#define SUM_BUDGET 20000000L
#define VALUE_LIMIT ((int64_t)1 << 60)

typedef struct split_item {
    uint64_t cell;
    uint32_t unit;
    int32_t source;
    int32_t kind;
    int32_t side;
    int32_t day;
    uint32_t index;
    int64_t value;
    bool usable;
} split_item;

static int compare_items(const void *x, const void *y)
{
    const split_item *p = x, *q = y;
    if (p->cell != q->cell)
        return p->cell < q->cell ? -1 : 1;
    if (p->unit != q->unit)
        return p->unit < q->unit ? -1 : 1;
    if (p->source != q->source)
        return p->source < q->source ? -1 : 1;
    if (p->kind != q->kind)
        return p->kind < q->kind ? -1 : 1;
    if (p->side != q->side)
        return p->side < q->side ? -1 : 1;
    if (p->day != q->day)
        return p->day < q->day ? -1 : 1;
    return p->index < q->index ? -1 : p->index > q->index;
}

static bool same_cell(const split_item *p, const split_item *q)
{
    return p->cell == q->cell && p->unit == q->unit && p->source == q->source && p->kind == q->kind;
}

static long distance(int32_t x, int32_t y)
{
    if (x == INT32_MIN || y == INT32_MIN)
        return 0;
    return x > y ? (long)x - y : (long)y - x;
}

typedef struct split_search {
    const fl_reconcile *rec;
    long budget;
} split_search;

static bool item_free(const fl_reconcile *rec, const split_item *it)
{
    return it->usable && !rec->side[it->side].used[it->index];
}

/*
 * Gathers up to CANDIDATES_MAX free items of parts[0..n) (sorted by day)
 * within the window of `target`, walking outward from its date so the
 * closest come first.  Undated items are always within the window.
 */
static size_t gather(const fl_reconcile *rec, const split_item *target, const split_item *parts,
                     size_t n, const split_item **out)
{
    size_t lo = 0, hi = n, count = 0, undated = 0, left, right;
    long window = rec->opts.date_window;
    int steps = 0;

    while (undated < n && parts[undated].day == INT32_MIN && count < CANDIDATES_MAX &&
           steps++ < STEPS_MAX) {
        if (item_free(rec, &parts[undated]))
            out[count++] = &parts[undated];
        undated++;
    }
    while (undated < n && parts[undated].day == INT32_MIN)
        undated++;
    if (target->day == INT32_MIN) {
        for (left = undated; left < n && count < CANDIDATES_MAX && steps++ < STEPS_MAX; left++)
            if (item_free(rec, &parts[left]))
                out[count++] = &parts[left];
        return count;
    }
    lo = undated;
    while (lo < hi) { /* first dated item on or after the target's day */
        size_t mid = lo + (hi - lo) / 2;
        if (parts[mid].day < target->day)
            lo = mid + 1;
        else
            hi = mid;
    }
    right = lo;
    left = lo;
    while (count < CANDIDATES_MAX && steps++ < STEPS_MAX) {
        bool can_left = left > undated && distance(parts[left - 1].day, target->day) <= window;
        bool can_right = right < n && distance(parts[right].day, target->day) <= window;
        const split_item *pick;
        if (!can_left && !can_right)
            break;
        if (can_right && (!can_left || distance(parts[right].day, target->day) <=
                                           distance(parts[left - 1].day, target->day)))
            pick = &parts[right++];
        else
            pick = &parts[--left];
        if (item_free(rec, pick))
            out[count++] = pick;
    }
    return count;
}

/* Finds k of c[0..n) summing to `want`, smallest k first; fills chosen[]; returns k or 0. */
static size_t find_subset(split_search *s, const split_item *const *c, size_t n, int64_t want,
                          size_t *chosen)
{
    size_t i, j, k, l;

    for (i = 0; i < n; i++)
        for (j = i + 1; j < n; j++) {
            if (--s->budget < 0)
                return 0;
            if (c[i]->value + c[j]->value == want) {
                chosen[0] = i, chosen[1] = j;
                return 2;
            }
        }
    for (i = 0; i < n && FL_RECONCILE_SPLIT_MAX >= 3; i++)
        for (j = i + 1; j < n; j++)
            for (k = j + 1; k < n; k++) {
                if (--s->budget < 0)
                    return 0;
                if (c[i]->value + c[j]->value + c[k]->value == want) {
                    chosen[0] = i, chosen[1] = j, chosen[2] = k;
                    return 3;
                }
            }
    for (i = 0; i < n && FL_RECONCILE_SPLIT_MAX >= 4; i++)
        for (j = i + 1; j < n; j++)
            for (k = j + 1; k < n; k++) {
                int64_t three = c[i]->value + c[j]->value + c[k]->value;
                for (l = k + 1; l < n; l++) {
                    if (--s->budget < 0)
                        return 0;
                    if (three + c[l]->value == want) {
                        chosen[0] = i, chosen[1] = j, chosen[2] = k, chosen[3] = l;
                        return 4;
                    }
                }
            }
    return 0;
}

static int compare_u32(const void *x, const void *y)
{
    uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
    return a < b ? -1 : a > b;
}

/* Targets from `targets`, parts from `parts` (the other side of the same cell). */
static fl_status split_cell(fl_reconcile *rec, split_search *s, const split_item *targets,
                            size_t nt, const split_item *parts, size_t np)
{
    const split_item *candidates[CANDIDATES_MAX];
    size_t chosen[FL_RECONCILE_SPLIT_MAX], t, i;

    if (np < 2)
        return FL_OK;
    for (t = 0; t < nt && s->budget > 0; t++) {
        const split_item *target = &targets[t];
        uint32_t part_index[FL_RECONCILE_SPLIT_MAX];
        size_t n, k;
        fl_status st;
        if (!item_free(rec, target))
            continue;
        n = gather(rec, target, parts, np, candidates);
        if (n < 2)
            continue;
        k = find_subset(s, candidates, n, target->value, chosen);
        if (k == 0)
            continue;
        for (i = 0; i < k; i++)
            part_index[i] = candidates[chosen[i]]->index;
        qsort(part_index, k, sizeof *part_index, compare_u32);
        if (target->side == 0)
            st = rec_add_pair(rec, FL_RECONCILE_RULE_SPLIT, &target->index, 1, part_index, k);
        else
            st = rec_add_pair(rec, FL_RECONCILE_RULE_SPLIT, part_index, k, &target->index, 1);
        if (st != FL_OK)
            return st;
    }
    return FL_OK;
}

fl_status rec_match_splits(fl_reconcile *rec)
{
    split_search search = {rec, SUM_BUDGET};
    split_item *items;
    size_t count = 0, i, start;
    fl_status st = FL_OK;
    int sd;

    for (sd = 0; sd < 2; sd++)
        for (i = 0; i < rec->side[sd].n; i++)
            count += !rec->side[sd].used[i];
    if (count < 3)
        return FL_OK;
    items = malloc(count * sizeof *items);
    if (!items)
        return FL_ERR_NOMEM;
    count = 0;
    for (sd = 0; sd < 2; sd++) {
        const rec_side *side = &rec->side[sd];
        for (i = 0; i < side->n; i++) {
            const fl_entry *e;
            split_item *it;
            int64_t v;
            if (side->used[i])
                continue;
            e = fl_ledger_entry(side->ledger, i);
            it = &items[count++];
            it->unit = side->unit[i];
            it->source = side->source[i];
            it->kind = (int32_t)e->kind;
            it->side = sd;
            it->day = side->day[i];
            it->index = (uint32_t)i;
            it->usable =
                fl_dec_get_int64(&v, e->amount) == FL_OK && v < VALUE_LIMIT && v > -VALUE_LIMIT;
            it->value = it->usable ? v : 0;
            it->cell = rec_mix(rec_mix(rec_mix(0x5B17, it->unit), (uint64_t)(uint32_t)it->source),
                               (uint64_t)(uint32_t)it->kind);
        }
    }
    qsort(items, count, sizeof *items, compare_items);
    for (start = 0; start < count && st == FL_OK;) {
        size_t end = start, mid;
        while (end < count && same_cell(&items[start], &items[end]))
            end++;
        mid = start;
        while (mid < end && items[mid].side == 0)
            mid++;
        if (mid > start && end > mid) {
            st = split_cell(rec, &search, items + start, mid - start, items + mid, end - mid);
            if (st == FL_OK)
                st = split_cell(rec, &search, items + mid, end - mid, items + start, mid - start);
        }
        start = end;
    }
    if (search.budget <= 0)
        rec->split_budget_spent = true;
    free(items);
    return st;
}
