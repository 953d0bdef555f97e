/*
 * reconcile.c - the reconciliation engine: shared keys for both ledgers,
 * the ref and auto passes as hash joins, totals side by side and the bridge.
 *
 * Every pass is linear in the number of entries: each side's entries are
 * hashed once into a chained table and the other side probes it.  Chains
 * hold entries with equal hash keys only, so a probe touches the entries
 * that really share the key; the auto pass still caps how many it looks at
 * (AUTO_PROBE_MAX) so that thousands of identical amounts cannot make it
 * quadratic.  Splits are in reconcile_split.c.
 */
#include "reconcile_internal.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* Most unused candidates the auto pass compares for one entry. */
#define AUTO_PROBE_MAX 256
#define NO_ENTRY UINT32_MAX

const char *fl_reconcile_match_name(fl_reconcile_match match)
{
    return match == FL_RECONCILE_MATCH_AUTO ? "auto" : "ref";
}

fl_status fl_reconcile_match_from_name(fl_reconcile_match *out, const char *name)
{
    if (!out || !name)
        return FL_ERR_INVALID_ARGUMENT;
    if (strcmp(name, "ref") == 0)
        *out = FL_RECONCILE_MATCH_REF;
    else if (strcmp(name, "auto") == 0)
        *out = FL_RECONCILE_MATCH_AUTO;
    else
        return FL_ERR_SYNTAX;
    return FL_OK;
}

const char *fl_reconcile_rule_name(fl_reconcile_rule rule)
{
    switch (rule) {
    case FL_RECONCILE_RULE_REF:
        return "ref";
    case FL_RECONCILE_RULE_AUTO:
        return "auto";
    case FL_RECONCILE_RULE_SPLIT:
        return "split";
    }
    return "?";
}

const char *fl_reconcile_by_name(fl_reconcile_by by)
{
    return by == FL_RECONCILE_BY_UNIT ? "unit" : "source";
}

fl_status fl_reconcile_by_from_name(fl_reconcile_by *out, const char *name)
{
    if (!out || !name)
        return FL_ERR_INVALID_ARGUMENT;
    if (strcmp(name, "source") == 0)
        *out = FL_RECONCILE_BY_SOURCE;
    else if (strcmp(name, "unit") == 0)
        *out = FL_RECONCILE_BY_UNIT;
    else
        return FL_ERR_SYNTAX;
    return FL_OK;
}

uint64_t rec_mix(uint64_t h, uint64_t v)
{
    uint64_t z = h ^ (v + 0x9E3779B97F4A7C15ull + (h << 6) + (h >> 2));
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static uint64_t hash_bytes(uint64_t h, const char *s)
{
    uint64_t f = 1469598103934665603ull;
    for (; *s; s++)
        f = (f ^ (unsigned char)*s) * 1099511628211ull;
    return rec_mix(h, f);
}

/* Days since 1970-01-01 of a yyyymmdd date (Howard Hinnant's days_from_civil). */
static int32_t day_number(fl_date date)
{
    int32_t y = date / 10000, m = date / 100 % 100, d = date % 100;
    int32_t era, yoe, doy, doe;

    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* Equal values give equal keys: small integers by value, the rest by their reduced form. */
static uint64_t amount_key(const fl_dec v, fl_dec scratch)
{
    int64_t small;
    uint64_t h = 0x5EED;
    size_t i, n;

    /* The common case first: fl_dec_get_int64 is general and costs a digit count. */
    if (v->exponent == 0 && mpz_fits_slong_p(v->coefficient))
        return rec_mix(h, (uint64_t)(int64_t)mpz_get_si(v->coefficient));
    if (fl_dec_get_int64(&small, v) == FL_OK)
        return rec_mix(h, (uint64_t)small);
    fl_dec_reduce(scratch, v);
    h = rec_mix(h ^ 1u, (uint64_t)scratch->exponent);
    h = rec_mix(h, (uint64_t)(int64_t)mpz_sgn(scratch->coefficient));
    n = mpz_size(scratch->coefficient);
    for (i = 0; i < n; i++)
        h = rec_mix(h, (uint64_t)mpz_getlimbn(scratch->coefficient, (mp_size_t)i));
    return h;
}

/* --- the shared keys ----------------------------------------------------------------- */

static fl_status prepare_side(fl_reconcile *rec, int s)
{
    rec_side *side = &rec->side[s];
    size_t i, n = fl_ledger_entry_count(side->ledger);
    fl_dec scratch;

    side->n = n;
    side->unit = malloc((n ? n : 1) * sizeof *side->unit);
    side->source = malloc((n ? n : 1) * sizeof *side->source);
    side->day = malloc((n ? n : 1) * sizeof *side->day);
    side->amount_key = malloc((n ? n : 1) * sizeof *side->amount_key);
    side->used = calloc(n ? n : 1, 1);
    if (!side->unit || !side->source || !side->day || !side->amount_key || !side->used)
        return FL_ERR_NOMEM;
    fl_dec_init(scratch);
    for (i = 0; i < n; i++) {
        const fl_entry *e = fl_ledger_entry(side->ledger, i);
        side->unit[i] = s == 0 ? e->unit : rec->b_unit_of[e->unit];
        side->source[i] = s == 0 ? e->source : rec->b_source_of[e->source];
        side->day[i] = e->date ? day_number(e->date) : INT32_MIN;
        side->amount_key[i] = amount_key(e->amount, scratch);
    }
    fl_dec_clear(scratch);
    return FL_OK;
}

/* Maps B's units and sources onto A's by name and code; the rest get ids after A's. */
static fl_status map_b_onto_a(fl_reconcile *rec)
{
    const fl_ledger *a = rec->side[0].ledger, *b = rec->side[1].ledger;
    const fl_source_tree *ta = fl_ledger_sources(a), *tb = fl_ledger_sources(b);
    size_t i, bu = fl_ledger_unit_count(b), bs = fl_source_tree_count(tb);

    rec->unit_count = fl_ledger_unit_count(a);
    rec->source_count = fl_source_tree_count(ta);
    rec->b_unit_of = malloc((bu ? bu : 1) * sizeof *rec->b_unit_of);
    rec->b_source_of = malloc((bs ? bs : 1) * sizeof *rec->b_source_of);
    if (!rec->b_unit_of || !rec->b_source_of)
        return FL_ERR_NOMEM;
    for (i = 0; i < bu; i++) {
        const char *name = fl_ledger_unit_name(b, i);
        long found = fl_ledger_find_unit(a, name, strlen(name));
        rec->b_unit_of[i] = found >= 0 ? (uint32_t)found : (uint32_t)rec->unit_count++;
    }
    for (i = 0; i < bs; i++) {
        const char *code = fl_source_tree_code(tb, (int)i);
        int found = fl_source_tree_find(ta, code, strlen(code));
        rec->b_source_of[i] = found >= 0 ? found : (int32_t)rec->source_count++;
    }
    return FL_OK;
}

const char *rec_unit_name(const fl_reconcile *rec, uint32_t common_unit)
{
    const fl_ledger *a = rec->side[0].ledger, *b = rec->side[1].ledger;
    size_t i, na = fl_ledger_unit_count(a), nb = fl_ledger_unit_count(b);

    if (common_unit < na)
        return fl_ledger_unit_name(a, common_unit);
    for (i = 0; i < nb; i++)
        if (rec->b_unit_of[i] == common_unit)
            return fl_ledger_unit_name(b, i);
    return "?";
}

const char *rec_source_code(const fl_reconcile *rec, int32_t common_source)
{
    const fl_source_tree *ta = fl_ledger_sources(rec->side[0].ledger);
    const fl_source_tree *tb = fl_ledger_sources(rec->side[1].ledger);
    size_t i, nb = fl_source_tree_count(tb);

    if (common_source >= 0 && (size_t)common_source < fl_source_tree_count(ta))
        return fl_source_tree_code(ta, common_source);
    for (i = 0; i < nb; i++)
        if (rec->b_source_of[i] == common_source)
            return fl_source_tree_code(tb, (int)i);
    return "?";
}

const char *fl_reconcile_entry_unit(const fl_reconcile *rec, int side, const fl_entry *e)
{
    return fl_ledger_unit_name(rec->side[side ? 1 : 0].ledger, e->unit);
}

const char *fl_reconcile_entry_source(const fl_reconcile *rec, int side, const fl_entry *e)
{
    return fl_source_tree_code(fl_ledger_sources(rec->side[side ? 1 : 0].ledger), e->source);
}

/* --- pairs --------------------------------------------------------------------------- */

static fl_status push_members(fl_reconcile *rec, const uint32_t *idx, size_t count)
{
    if (rec->member_count + count > rec->member_capacity) {
        size_t capacity = rec->member_capacity ? rec->member_capacity * 2 : 1024;
        uint32_t *members;
        while (capacity < rec->member_count + count)
            capacity *= 2;
        members = realloc(rec->members, capacity * sizeof *members);
        if (!members)
            return FL_ERR_NOMEM;
        rec->members = members;
        rec->member_capacity = capacity;
    }
    memcpy(rec->members + rec->member_count, idx, count * sizeof *idx);
    rec->member_count += count;
    return FL_OK;
}

fl_status rec_add_pair(fl_reconcile *rec, fl_reconcile_rule rule, const uint32_t *a, size_t a_count,
                       const uint32_t *b, size_t b_count)
{
    rec_work_pair *p;
    size_t i;

    if (rec->work_count == rec->work_capacity) {
        size_t capacity = rec->work_capacity ? rec->work_capacity * 2 : 1024;
        rec_work_pair *work = realloc(rec->work, capacity * sizeof *work);
        if (!work)
            return FL_ERR_NOMEM;
        rec->work = work;
        rec->work_capacity = capacity;
    }
    p = &rec->work[rec->work_count];
    p->rule = rule;
    p->a_first = a[0];
    p->b_first = b[0];
    p->a_off = rec->member_count;
    p->a_count = a_count;
    if (push_members(rec, a, a_count) != FL_OK)
        return FL_ERR_NOMEM;
    p->b_off = rec->member_count;
    p->b_count = b_count;
    if (push_members(rec, b, b_count) != FL_OK)
        return FL_ERR_NOMEM;
    rec->work_count++;
    for (i = 0; i < a_count; i++)
        rec->side[0].used[a[i]] = 1;
    for (i = 0; i < b_count; i++)
        rec->side[1].used[b[i]] = 1;
    return FL_OK;
}

/* A chained hash table over some entries of one side: heads by key, next by entry. */
typedef struct rec_table {
    uint32_t *head;
    uint32_t *next;
    uint64_t *key;
    size_t mask;
} rec_table;

static void table_free(rec_table *t)
{
    free(t->head);
    free(t->next);
    free(t->key);
    memset(t, 0, sizeof *t);
}

static fl_status table_init(rec_table *t, size_t n, size_t members)
{
    size_t size = 16;

    while (size < members * 2)
        size *= 2;
    t->mask = size - 1;
    t->head = malloc(size * sizeof *t->head);
    t->next = malloc((n ? n : 1) * sizeof *t->next);
    t->key = malloc((n ? n : 1) * sizeof *t->key);
    if (!t->head || !t->next || !t->key)
        return FL_ERR_NOMEM;
    memset(t->head, 0xFF, size * sizeof *t->head);
    return FL_OK;
}

/* Inserts entries in reverse so that every chain lists them in load order. */
static void table_insert(rec_table *t, uint32_t i, uint64_t key)
{
    size_t slot = (size_t)key & t->mask;
    t->key[i] = key;
    t->next[i] = t->head[slot];
    t->head[slot] = i;
}

static uint64_t ref_key(const rec_side *side, size_t i, const fl_entry *e)
{
    return hash_bytes(rec_mix(0x4EF, side->unit[i]), e->ref);
}

static fl_status match_by_ref(fl_reconcile *rec)
{
    rec_side *sa = &rec->side[0], *sb = &rec->side[1];
    rec_table t = {0};
    size_t i, with_ref = 0;
    fl_status st;

    for (i = 0; i < sb->n; i++)
        if (fl_ledger_entry(sb->ledger, i)->ref)
            with_ref++;
    if ((st = table_init(&t, sb->n, with_ref)) != FL_OK)
        goto done;
    for (i = sb->n; i-- > 0;) {
        const fl_entry *e = fl_ledger_entry(sb->ledger, i);
        if (e->ref)
            table_insert(&t, (uint32_t)i, ref_key(sb, i, e));
    }
    for (i = 0; i < sa->n; i++) {
        const fl_entry *e = fl_ledger_entry(sa->ledger, i);
        uint64_t key;
        uint32_t j;
        if (!e->ref)
            continue;
        key = ref_key(sa, i, e);
        for (j = t.head[key & t.mask]; j != NO_ENTRY; j = t.next[j]) {
            if (t.key[j] != key || sb->used[j] || sb->unit[j] != sa->unit[i] ||
                strcmp(fl_ledger_entry(sb->ledger, j)->ref, e->ref) != 0)
                continue;
            {
                uint32_t ai = (uint32_t)i;
                if ((st = rec_add_pair(rec, FL_RECONCILE_RULE_REF, &ai, 1, &j, 1)) != FL_OK)
                    goto done;
            }
            break;
        }
    }
    st = FL_OK;
done:
    table_free(&t);
    return st;
}

static uint64_t auto_key(const rec_side *side, size_t i, const fl_entry *e)
{
    uint64_t h = rec_mix(0xA070, side->unit[i]);
    h = rec_mix(h, (uint64_t)(uint32_t)side->source[i]);
    h = rec_mix(h, (uint64_t)e->kind);
    return rec_mix(h, side->amount_key[i]);
}

static long day_distance(int32_t x, int32_t y)
{
    if (x == INT32_MIN || y == INT32_MIN)
        return 0;
    return x > y ? (long)x - y : (long)y - x;
}

static fl_status match_by_amount(fl_reconcile *rec)
{
    rec_side *sa = &rec->side[0], *sb = &rec->side[1];
    rec_table t = {0};
    size_t i, left = 0;
    fl_status st;

    for (i = 0; i < sb->n; i++)
        left += !sb->used[i];
    if ((st = table_init(&t, sb->n, left)) != FL_OK)
        goto done;
    for (i = sb->n; i-- > 0;)
        if (!sb->used[i])
            table_insert(&t, (uint32_t)i, auto_key(sb, i, fl_ledger_entry(sb->ledger, i)));
    for (i = 0; i < sa->n; i++) {
        const fl_entry *e = fl_ledger_entry(sa->ledger, i);
        uint32_t j, best = NO_ENTRY, *link;
        long best_days = LONG_MAX;
        uint64_t key;
        int probes = 0;
        if (sa->used[i])
            continue;
        key = auto_key(sa, i, e);
        link = &t.head[key & t.mask];
        for (j = *link; j != NO_ENTRY && probes < AUTO_PROBE_MAX; j = *link) {
            const fl_entry *f = fl_ledger_entry(sb->ledger, j);
            long days;
            if (sb->used[j]) {
                *link = t.next[j]; /* unlink spent entries so chains stay short */
                continue;
            }
            link = &t.next[j];
            if (t.key[j] != key || sb->unit[j] != sa->unit[i] || sb->source[j] != sa->source[i] ||
                f->kind != e->kind || fl_dec_cmp(f->amount, e->amount) != 0)
                continue;
            probes++;
            days = day_distance(sa->day[i], sb->day[j]);
            if (days <= rec->opts.date_window && days < best_days) {
                best = j;
                best_days = days;
                if (days == 0)
                    break;
            }
        }
        if (best != NO_ENTRY) {
            uint32_t ai = (uint32_t)i;
            if ((st = rec_add_pair(rec, FL_RECONCILE_RULE_AUTO, &ai, 1, &best, 1)) != FL_OK)
                goto done;
        }
    }
    st = FL_OK;
done:
    table_free(&t);
    return st;
}

/* --- the result ---------------------------------------------------------------------- */

static int compare_work(const void *x, const void *y)
{
    const rec_work_pair *p = x, *q = y;
    if (p->a_first != q->a_first)
        return p->a_first < q->a_first ? -1 : 1;
    return p->b_first < q->b_first ? -1 : p->b_first > q->b_first;
}

static fl_status sum_entries(fl_dec r, const rec_side *side, const uint32_t *idx, size_t n)
{
    size_t i;
    fl_status st;

    fl_dec_set_si(r, 0);
    for (i = 0; i < n; i++)
        if ((st = fl_dec_add(r, r, fl_ledger_entry(side->ledger, idx[i])->amount)) != FL_OK)
            return st;
    return FL_OK;
}

static fl_status build_pairs(fl_reconcile *rec)
{
    size_t i, k;
    fl_dec abs_diff;
    fl_status st = FL_OK;

    /* Pairs in A's order (each entry is in one pair at most, so the order is total). */
    if (rec->work_count > 1)
        qsort(rec->work, rec->work_count, sizeof *rec->work, compare_work);
    rec->pairs = calloc(rec->work_count ? rec->work_count : 1, sizeof *rec->pairs);
    rec->pair_entries =
        malloc((rec->member_count ? rec->member_count : 1) * sizeof *rec->pair_entries);
    if (!rec->pairs || !rec->pair_entries)
        return FL_ERR_NOMEM;
    fl_dec_init(abs_diff);
    for (i = 0; i < rec->work_count; i++) {
        const rec_work_pair *w = &rec->work[i];
        fl_reconcile_pair *p = &rec->pairs[i];
        const uint32_t *ai = rec->members + w->a_off, *bi = rec->members + w->b_off;
        fl_dec sum_b;
        fl_dec_init(p->difference);
        rec->pair_count = i + 1;
        p->rule = w->rule;
        for (k = 0; k < w->a_count; k++)
            rec->pair_entries[w->a_off + k] = fl_ledger_entry(rec->side[0].ledger, ai[k]);
        for (k = 0; k < w->b_count; k++)
            rec->pair_entries[w->b_off + k] = fl_ledger_entry(rec->side[1].ledger, bi[k]);
        p->a = rec->pair_entries + w->a_off;
        p->a_count = w->a_count;
        p->b = rec->pair_entries + w->b_off;
        p->b_count = w->b_count;
        fl_dec_init(sum_b);
        st = sum_entries(p->difference, &rec->side[0], ai, w->a_count);
        if (st == FL_OK)
            st = sum_entries(sum_b, &rec->side[1], bi, w->b_count);
        if (st == FL_OK)
            st = fl_dec_sub(p->difference, p->difference, sum_b);
        fl_dec_clear(sum_b);
        if (st != FL_OK)
            break;
        p->differs = 0;
        p->days = 0;
        if (!fl_dec_is_zero(p->difference))
            p->differs |= FL_RECONCILE_DIFF_AMOUNT;
        {
            size_t x, y;
            for (x = 0; x < w->a_count; x++)
                for (y = 0; y < w->b_count; y++) {
                    const fl_entry *ea = p->a[x], *eb = p->b[y];
                    long days = day_distance(rec->side[0].day[ai[x]], rec->side[1].day[bi[y]]);
                    if (ea->date != eb->date)
                        p->differs |= FL_RECONCILE_DIFF_DATE;
                    if (days > p->days)
                        p->days = days;
                    if (rec->side[0].source[ai[x]] != rec->side[1].source[bi[y]])
                        p->differs |= FL_RECONCILE_DIFF_SOURCE;
                    if (ea->kind != eb->kind)
                        p->differs |= FL_RECONCILE_DIFF_KIND;
                }
        }
        fl_dec_abs(abs_diff, p->difference);
        p->tolerated =
            p->differs != 0 &&
            (p->differs & ~(unsigned)(FL_RECONCILE_DIFF_AMOUNT | FL_RECONCILE_DIFF_DATE)) == 0 &&
            fl_dec_cmp(abs_diff, rec->tolerance) <= 0 && p->days <= rec->opts.date_window;
        if (p->differs) {
            rec->difference_count++;
            if (!p->tolerated)
                rec->untolerated_count++;
        }
    }
    fl_dec_clear(abs_diff);
    return st;
}

static fl_status collect_only(fl_reconcile *rec)
{
    int s;
    size_t i;

    for (s = 0; s < 2; s++) {
        rec_side *side = &rec->side[s];
        rec->only[s] = malloc((side->n ? side->n : 1) * sizeof *rec->only[s]);
        if (!rec->only[s])
            return FL_ERR_NOMEM;
        for (i = 0; i < side->n; i++)
            if (!side->used[i])
                rec->only[s][rec->only_count[s]++] = fl_ledger_entry(side->ledger, i);
    }
    return FL_OK;
}

/* Totals kept in a dense table: row = common id x kind, two sides. */
static fl_status build_totals(fl_reconcile *rec, fl_reconcile_by by)
{
    size_t ids = by == FL_RECONCILE_BY_UNIT ? rec->unit_count : rec->source_count;
    size_t rows = ids * 2, i, count = 0;
    fl_reconcile_total *dense = calloc(rows ? rows : 1, sizeof *dense);
    size_t *order = NULL;
    fl_status st = FL_OK;
    int s;

    if (!dense)
        return FL_ERR_NOMEM;
    for (i = 0; i < rows; i++) {
        fl_dec_init(dense[i].a);
        fl_dec_init(dense[i].b);
        fl_dec_init(dense[i].difference);
    }
    for (s = 0; s < 2 && st == FL_OK; s++) {
        const rec_side *side = &rec->side[s];
        for (i = 0; i < side->n && st == FL_OK; i++) {
            const fl_entry *e = fl_ledger_entry(side->ledger, i);
            size_t id = by == FL_RECONCILE_BY_UNIT ? side->unit[i] : (size_t)side->source[i];
            fl_reconcile_total *row = &dense[id * 2 + (e->kind == FL_KIND_ESTIMATE)];
            st = fl_dec_add(s ? row->b : row->a, s ? row->b : row->a, e->amount);
            if (s)
                row->b_count++;
            else
                row->a_count++;
        }
    }
    order = malloc((rows ? rows : 1) * sizeof *order);
    if (st == FL_OK && !order)
        st = FL_ERR_NOMEM;
    for (i = 0; st == FL_OK && i < rows; i++) {
        if (dense[i].a_count + dense[i].b_count == 0)
            continue;
        dense[i].key = by == FL_RECONCILE_BY_UNIT ? rec_unit_name(rec, (uint32_t)(i / 2))
                                                  : rec_source_code(rec, (int32_t)(i / 2));
        dense[i].kind = i % 2 ? FL_KIND_ESTIMATE : FL_KIND_ACTUAL;
        st = fl_dec_sub(dense[i].difference, dense[i].a, dense[i].b);
        order[count++] = i;
    }
    if (st == FL_OK && by == FL_RECONCILE_BY_SOURCE) {
        /* Codes in code order (a parent before its children); insertion sort: few rows. */
        size_t x, y;
        for (x = 1; x < count; x++) {
            size_t v = order[x];
            for (y = x; y > 0; y--) {
                const fl_reconcile_total *p = &dense[order[y - 1]], *q = &dense[v];
                int c = strcmp(p->key, q->key);
                if (c < 0 || (c == 0 && p->kind <= q->kind))
                    break;
                order[y] = order[y - 1];
            }
            order[y] = v;
        }
    }
    if (st == FL_OK) {
        rec->totals[by] = calloc(count ? count : 1, sizeof *rec->totals[by]);
        if (!rec->totals[by])
            st = FL_ERR_NOMEM;
    }
    if (st == FL_OK) {
        /* Move the rows: the numbers change owner and the dense rows start afresh. */
        for (i = 0; i < count; i++) {
            fl_reconcile_total *row = &dense[order[i]];
            rec->totals[by][i] = *row;
            fl_dec_init(row->a);
            fl_dec_init(row->b);
            fl_dec_init(row->difference);
        }
        rec->total_count[by] = count;
    }
    for (i = 0; i < rows; i++) {
        fl_dec_clear(dense[i].a);
        fl_dec_clear(dense[i].b);
        fl_dec_clear(dense[i].difference);
    }
    free(order);
    free(dense);
    return st;
}

static fl_status build_bridge(fl_reconcile *rec, fl_error *err)
{
    fl_reconcile_bridge *b = &rec->bridge;
    fl_status st = FL_OK;
    size_t i;
    int s;

    fl_dec_init(b->total_a);
    fl_dec_init(b->total_b);
    fl_dec_init(b->left);
    fl_dec_init(b->pair_differences);
    fl_dec_init(b->only_a);
    fl_dec_init(b->only_b);
    fl_dec_init(b->right);
    rec->bridge_ready = true;
    /* Each side's total straight from its ledger, independently of the pairing. */
    for (s = 0; s < 2; s++)
        for (i = 0; st == FL_OK && i < rec->side[s].n; i++)
            st = fl_dec_add(s ? b->total_b : b->total_a, s ? b->total_b : b->total_a,
                            fl_ledger_entry(rec->side[s].ledger, i)->amount);
    for (i = 0; st == FL_OK && i < rec->pair_count; i++)
        st = fl_dec_add(b->pair_differences, b->pair_differences, rec->pairs[i].difference);
    for (s = 0; s < 2; s++)
        for (i = 0; st == FL_OK && i < rec->only_count[s]; i++)
            st = fl_dec_add(s ? b->only_b : b->only_a, s ? b->only_b : b->only_a,
                            rec->only[s][i]->amount);
    if (st == FL_OK)
        st = fl_dec_sub(b->left, b->total_a, b->total_b);
    if (st == FL_OK)
        st = fl_dec_add(b->right, b->pair_differences, b->only_a);
    if (st == FL_OK)
        st = fl_dec_sub(b->right, b->right, b->only_b);
    if (st != FL_OK) {
        if (err) {
            err->status = st;
            snprintf(err->message, sizeof err->message, "reconcile: summing the bridge failed: %s",
                     fl_strerror(st));
        }
        return st;
    }
    b->closes = fl_dec_cmp(b->left, b->right) == 0;
    if (!b->closes) {
        if (err) {
            char *l = fl_dec_to_string(b->left), *r = fl_dec_to_string(b->right);
            err->status = FL_ERR_VALIDATION;
            snprintf(err->message, sizeof err->message,
                     "reconcile: the bridge does not close: total(A) - total(B) = %s but the "
                     "differences, only-in-A and only-in-B give %s; this is a bug in fundledger, "
                     "please report it",
                     l ? l : "?", r ? r : "?");
            free(l);
            free(r);
        }
        return FL_ERR_VALIDATION;
    }
    return FL_OK;
}

fl_status fl_reconcile_new(fl_reconcile **out, const fl_ledger *a, const fl_ledger *b,
                           const fl_reconcile_options *opts, fl_error *err)
{
    fl_reconcile_options defaults = FL_RECONCILE_OPTIONS_INIT;
    fl_reconcile *rec = NULL;
    fl_status st;

    if (out)
        *out = NULL;
    if (err)
        fl_error_clear(err);
    if (!opts)
        opts = &defaults;
    if (!out || !a || !b || opts->date_window < 0 ||
        (opts->tolerance && fl_dec_sign(opts->tolerance) < 0)) {
        if (err) {
            err->status = FL_ERR_INVALID_ARGUMENT;
            snprintf(err->message, sizeof err->message,
                     "reconcile: needs two ledgers, a window of 0 days or more and a tolerance "
                     "of 0 or more");
        }
        return FL_ERR_INVALID_ARGUMENT;
    }
    if (!fl_ledger_entries_kept(a) || !fl_ledger_entries_kept(b)) {
        if (err) {
            err->status = FL_ERR_INVALID_ARGUMENT;
            snprintf(err->message, sizeof err->message,
                     "reconcile: a ledger was loaded without its entries (skip_entries)");
        }
        return FL_ERR_INVALID_ARGUMENT;
    }
    if (fl_ledger_entry_count(a) >= NO_ENTRY || fl_ledger_entry_count(b) >= NO_ENTRY) {
        st = FL_ERR_LIMIT;
        goto fail;
    }
    rec = calloc(1, sizeof *rec);
    if (!rec) {
        st = FL_ERR_NOMEM;
        goto fail;
    }
    fl_dec_init(rec->tolerance);
    rec->opts = *opts;
    rec->opts.tolerance = NULL;
    if (opts->tolerance)
        fl_dec_set(rec->tolerance, opts->tolerance);
    rec->side[0].ledger = a;
    rec->side[1].ledger = b;
    if ((st = map_b_onto_a(rec)) != FL_OK || (st = prepare_side(rec, 0)) != FL_OK ||
        (st = prepare_side(rec, 1)) != FL_OK)
        goto fail;
    if ((st = match_by_ref(rec)) != FL_OK)
        goto fail;
    if (opts->match == FL_RECONCILE_MATCH_AUTO) {
        if ((st = match_by_amount(rec)) != FL_OK || (st = rec_match_splits(rec)) != FL_OK)
            goto fail;
    }
    if ((st = build_pairs(rec)) != FL_OK || (st = collect_only(rec)) != FL_OK ||
        (st = build_totals(rec, FL_RECONCILE_BY_SOURCE)) != FL_OK ||
        (st = build_totals(rec, FL_RECONCILE_BY_UNIT)) != FL_OK)
        goto fail;
    if ((st = build_bridge(rec, err)) != FL_OK) {
        fl_reconcile_free(rec);
        return st;
    }
    *out = rec;
    return FL_OK;
fail:
    if (err && err->status == FL_OK) {
        err->status = st;
        snprintf(err->message, sizeof err->message, "reconcile: %s", fl_strerror(st));
    }
    fl_reconcile_free(rec);
    return st;
}

void fl_reconcile_free(fl_reconcile *rec)
{
    size_t i;
    int s;

    if (!rec)
        return;
    for (s = 0; s < 2; s++) {
        free(rec->side[s].unit);
        free(rec->side[s].source);
        free(rec->side[s].day);
        free(rec->side[s].amount_key);
        free(rec->side[s].used);
        free(rec->only[s]);
        for (i = 0; i < rec->total_count[s]; i++) {
            fl_dec_clear(rec->totals[s][i].a);
            fl_dec_clear(rec->totals[s][i].b);
            fl_dec_clear(rec->totals[s][i].difference);
        }
        free(rec->totals[s]);
    }
    for (i = 0; i < rec->pair_count; i++)
        fl_dec_clear(rec->pairs[i].difference);
    if (rec->bridge_ready) {
        fl_dec_clear(rec->bridge.total_a);
        fl_dec_clear(rec->bridge.total_b);
        fl_dec_clear(rec->bridge.left);
        fl_dec_clear(rec->bridge.pair_differences);
        fl_dec_clear(rec->bridge.only_a);
        fl_dec_clear(rec->bridge.only_b);
        fl_dec_clear(rec->bridge.right);
    }
    fl_dec_clear(rec->tolerance);
    free(rec->pairs);
    free(rec->pair_entries);
    free(rec->work);
    free(rec->members);
    free(rec->b_unit_of);
    free(rec->b_source_of);
    free(rec);
}

/* --- accessors ----------------------------------------------------------------------- */

const fl_ledger *fl_reconcile_ledger(const fl_reconcile *rec, int side)
{
    return rec->side[side ? 1 : 0].ledger;
}

const fl_reconcile_options *fl_reconcile_get_options(const fl_reconcile *rec)
{
    return &rec->opts;
}

size_t fl_reconcile_pair_count(const fl_reconcile *rec)
{
    return rec->pair_count;
}

const fl_reconcile_pair *fl_reconcile_pair_get(const fl_reconcile *rec, size_t i)
{
    return i < rec->pair_count ? &rec->pairs[i] : NULL;
}

size_t fl_reconcile_difference_count(const fl_reconcile *rec)
{
    return rec->difference_count;
}

size_t fl_reconcile_untolerated_count(const fl_reconcile *rec)
{
    return rec->untolerated_count;
}

size_t fl_reconcile_only_count(const fl_reconcile *rec, int side)
{
    return rec->only_count[side ? 1 : 0];
}

const fl_entry *fl_reconcile_only_get(const fl_reconcile *rec, int side, size_t i)
{
    side = side ? 1 : 0;
    return i < rec->only_count[side] ? rec->only[side][i] : NULL;
}

size_t fl_reconcile_total_count(const fl_reconcile *rec, fl_reconcile_by by)
{
    return rec->total_count[by == FL_RECONCILE_BY_UNIT];
}

const fl_reconcile_total *fl_reconcile_total_get(const fl_reconcile *rec, fl_reconcile_by by,
                                                 size_t i)
{
    size_t k = by == FL_RECONCILE_BY_UNIT;
    return i < rec->total_count[k] ? &rec->totals[k][i] : NULL;
}

const fl_reconcile_bridge *fl_reconcile_get_bridge(const fl_reconcile *rec)
{
    return &rec->bridge;
}

bool fl_reconcile_all_matched(const fl_reconcile *rec)
{
    return rec->only_count[0] == 0 && rec->only_count[1] == 0 && rec->untolerated_count == 0;
}
