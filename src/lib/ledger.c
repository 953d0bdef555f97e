/* ledger.c - the ledger's storage and accessors, dates, rules, diagnostics. */
#include "ledger_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

/* --- dates ---------------------------------------------------------------------- */

static int days_in_month(int year, int month)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

    return month == 2 && leap ? 29 : days[month - 1];
}

static const char *const month_names[12] = {"January",   "February", "March",    "April",
                                            "May",       "June",     "July",     "August",
                                            "September", "October",  "November", "December"};

/* Reads 1..max digits at *i; returns -1 if there are none. */
static int read_digits(const char *s, size_t len, size_t *i, size_t min, size_t max)
{
    int v = 0;
    size_t n = 0;

    while (*i < len && n < max && s[*i] >= '0' && s[*i] <= '9') {
        v = v * 10 + (s[*i] - '0');
        (*i)++;
        n++;
    }
    return n < min ? -1 : v;
}

fl_status fl_date_parse(fl_date *out, const char *text, size_t len, fl_error *err)
{
    size_t i = 0;
    int year, month, day;

    if (len == 0)
        return fl_error_set_at(err, FL_ERR_SYNTAX, 1, 1, "the date is empty");
    if (len >= 5 && text[4] == '-') {
        year = read_digits(text, len, &i, 4, 4);
        if (year < 0 || i >= len || text[i++] != '-')
            goto malformed;
        month = read_digits(text, len, &i, 2, 2);
        if (month < 0 || i >= len || text[i++] != '-')
            goto malformed;
        day = read_digits(text, len, &i, 2, 2);
    } else {
        day = read_digits(text, len, &i, 1, 2);
        if (day < 0 || i >= len || text[i++] != '/')
            goto malformed;
        month = read_digits(text, len, &i, 1, 2);
        if (month < 0 || i >= len || text[i++] != '/')
            goto malformed;
        year = read_digits(text, len, &i, 4, 4);
    }
    if (day < 0 || year < 0 || i != len)
        goto malformed;
    if (year < 1900 || year > 2199)
        return fl_error_set_at(err, FL_ERR_SYNTAX, 1, 1,
                               "date \"%.*s\": the year %d is outside 1900-2199", (int)len, text,
                               year);
    if (month < 1 || month > 12)
        return fl_error_set_at(err, FL_ERR_SYNTAX, 1, 1,
                               "date \"%.*s\" has no month %d (months are 1 to 12)", (int)len, text,
                               month);
    if (day < 1 || day > days_in_month(year, month))
        return fl_error_set_at(err, FL_ERR_SYNTAX, 1, 1,
                               "date \"%.*s\" does not exist: %s %d has %d days", (int)len, text,
                               month_names[month - 1], year, days_in_month(year, month));
    *out = year * 10000 + month * 100 + day;
    return FL_OK;
malformed:
    return fl_error_set_at(err, FL_ERR_SYNTAX, 1, 1,
                           "date \"%.*s\" is not written as YYYY-MM-DD or DD/MM/YYYY",
                           (int)(len > 40 ? 40 : len), text);
}

void fl_date_format(char buf[11], fl_date date)
{
    unsigned y = (unsigned)(date / 10000) % 10000u, m = (unsigned)(date / 100) % 100u,
             d = (unsigned)date % 100u;

    buf[0] = (char)('0' + y / 1000);
    buf[1] = (char)('0' + y / 100 % 10);
    buf[2] = (char)('0' + y / 10 % 10);
    buf[3] = (char)('0' + y % 10);
    buf[4] = '-';
    buf[5] = (char)('0' + m / 10 % 10);
    buf[6] = (char)('0' + m % 10);
    buf[7] = '-';
    buf[8] = (char)('0' + d / 10 % 10);
    buf[9] = (char)('0' + d % 10);
    buf[10] = '\0';
}

int fl_date_year(fl_date date)
{
    return date / 10000;
}

int32_t fl_date_month(fl_date date)
{
    return date / 100;
}

/* --- rules ---------------------------------------------------------------------- */

static const struct {
    const char *name;
    const char *description;
} rules[FL_RULE_COUNT_] = {
    [FL_RULE_PARENT_SUM] = {"parent-sum",
                            "a parent source equals the sum of its children: money posted to a "
                            "parent code is unallocated"},
    [FL_RULE_DUPLICATE_REFS] = {"duplicate-refs",
                                "a document reference is used once per unit (else it may be "
                                "counted twice)"},
    [FL_RULE_IN_KIND_VALUE] = {"in-kind-value",
                               "an in-kind amount equals quantity x unit price exactly"},
    [FL_RULE_FISCAL_YEAR] = {"fiscal-year", "every date lies inside its file's fiscal year"},
    [FL_RULE_ESTIMATE_PRESENT] = {"estimate-present",
                                  "every over-estimate or of-estimate claim has an estimate to "
                                  "compare with"},
};

const char *fl_rule_name(fl_rule rule)
{
    return (unsigned)rule < FL_RULE_COUNT_ ? rules[rule].name : "unknown";
}

const char *fl_rule_description(fl_rule rule)
{
    return (unsigned)rule < FL_RULE_COUNT_ ? rules[rule].description : "unknown rule";
}

fl_status fl_rule_from_name(fl_rule *out, const char *name)
{
    int i;

    for (i = 0; i < FL_RULE_COUNT_; i++)
        if (strcmp(rules[i].name, name) == 0) {
            *out = (fl_rule)i;
            return FL_OK;
        }
    return FL_ERR_NOT_FOUND;
}

const char *fl_entry_kind_name(fl_entry_kind kind)
{
    return kind == FL_KIND_ESTIMATE ? "estimate" : "actual";
}

/* --- diagnostics ---------------------------------------------------------------- */

fl_status fl_diagnostics_new(fl_diagnostics **out, size_t limit)
{
    fl_diagnostics *d = calloc(1, sizeof *d);

    if (!d)
        return FL_ERR_NOMEM;
    d->limit = limit ? limit : 100;
    *out = d;
    return FL_OK;
}

void fl_diagnostics_free(fl_diagnostics *d)
{
    if (!d)
        return;
    free(d->items);
    free(d);
}

size_t fl_diagnostics_count(const fl_diagnostics *d)
{
    return d->count;
}

size_t fl_diagnostics_total(const fl_diagnostics *d)
{
    return d->total;
}

const fl_error *fl_diagnostics_get(const fl_diagnostics *d, size_t i)
{
    return i < d->count ? &d->items[i] : NULL;
}

fl_status fl_diagnostics_add(fl_diagnostics *d, const fl_error *err)
{
    d->total++;
    if (d->count >= d->limit)
        return err->status;
    if (d->count == d->capacity) {
        size_t capacity = d->capacity ? d->capacity * 2 : 8;
        fl_error *items = realloc(d->items, capacity * sizeof *items);
        if (!items)
            return err->status;
        d->items = items;
        d->capacity = capacity;
    }
    d->items[d->count++] = *err;
    return err->status;
}

/* --- the ledger ----------------------------------------------------------------- */

/* An entry's amount is stored in the arena as a read-only GMP integer that owns
 * no memory (_mp_alloc 0, see ledger_entry.c); one still being built owns its
 * limbs. */
static void clear_amount(fl_dec amount)
{
    if (amount->coefficient->_mp_alloc)
        fl_dec_clear(amount);
}

fl_status fl_ledger_new(fl_ledger **out)
{
    fl_ledger *l = calloc(1, sizeof *l);
    fl_status status;

    if (!l)
        return FL_ERR_NOMEM;
    fl_arena_init(&l->strings);
    fl_strmap_init(&l->unit_by_key);
    fl_strmap_init(&l->unit_by_spelling);
    status = fl_source_tree_new(&l->sources);
    if (status != FL_OK) {
        fl_ledger_free(l);
        return status;
    }
    *out = l;
    return FL_OK;
}

static void clear_in_kind(fl_entry *e)
{
    if (e->in_kind) {
        fl_in_kind *k = (fl_in_kind *)(uintptr_t)e->in_kind;
        fl_dec_clear(k->quantity);
        fl_dec_clear(k->unit_price);
        e->in_kind = NULL;
    }
}

void fl_ledger_free(fl_ledger *l)
{
    size_t i;

    if (!l)
        return;
    for (i = 0; i < l->entries_kept; i++) {
        fl_entry *e = &l->entries[i];
        clear_amount(e->amount);
        clear_in_kind(e);
    }
    for (i = 0; i < l->big_count; i++)
        fl_dec_clear(&l->bigs[i]);
    if (l->scratch.amount->coefficient->_mp_d)
        clear_amount(l->scratch.amount);
    clear_in_kind(&l->scratch);
    fl_prefault_stop(l->prefault);
    fl_array_free(l->entries);
    fl_array_free(l->facts);
    fl_array_free(l->refs);
    for (i = 0; i < l->source_sum_count * 2; i++)
        fl_acc_clear(&l->source_sums[i].sum);
    free(l->source_sums);
    free(l->input_runs);
    free(l->bigs);
    free(l->units);
    free(l->inputs);
    free(l->claims);
    fl_strmap_clear(&l->unit_by_key);
    fl_strmap_clear(&l->unit_by_spelling);
    fl_source_tree_free(l->sources);
    fl_arena_clear(&l->strings);
    free(l);
}

const fl_source_tree *fl_ledger_sources(const fl_ledger *l)
{
    return l->sources;
}

size_t fl_ledger_entry_count(const fl_ledger *l)
{
    return l->entry_count;
}

const fl_entry *fl_ledger_entry(const fl_ledger *l, size_t i)
{
    return i < l->entries_kept && !l->entries_dropped ? &l->entries[i] : NULL;
}

bool fl_ledger_entries_kept(const fl_ledger *l)
{
    return !l->entries_dropped;
}

const fl_source_sum *fl_ledger_source_sums(const fl_ledger *l, size_t *count)
{
    *count = l->source_sum_count;
    return l->source_sums;
}

uint32_t fl_ledger_fact_input(const fl_ledger *l, size_t fact)
{
    size_t lo = 0, hi = l->input_run_count;

    /* the last run that starts at or before the fact */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (l->input_runs[mid].first <= fact)
            lo = mid;
        else
            hi = mid;
    }
    return l->input_run_count ? l->input_runs[lo].input : 0;
}

const fl_fact *fl_ledger_facts(const fl_ledger *l, const fl_dec_struct **bigs)
{
    *bigs = l->bigs;
    return l->facts;
}

size_t fl_ledger_unit_count(const fl_ledger *l)
{
    return l->unit_count;
}

const char *fl_ledger_unit_name(const fl_ledger *l, size_t unit)
{
    return unit < l->unit_count ? l->units[unit].name : NULL;
}

const char *fl_ledger_unit_code(const fl_ledger *l, size_t unit)
{
    return unit < l->unit_count ? l->units[unit].code : NULL;
}

const char *fl_ledger_unit_kind(const fl_ledger *l, size_t unit)
{
    return unit < l->unit_count ? l->units[unit].kind : NULL;
}

long fl_ledger_find_unit(const fl_ledger *l, const char *name, size_t len)
{
    size_t index;
    char *key = NULL;
    size_t key_len;
    long found = -1;

    if (fl_strmap_get(&l->unit_by_spelling, name, len, &index))
        return (long)index;
    if (fl_text_name_key(&key, &key_len, name, len) != FL_OK)
        return -1;
    if (fl_strmap_get(&l->unit_by_key, key, key_len, &index))
        found = (long)index;
    free(key);
    return found;
}

size_t fl_ledger_input_count(const fl_ledger *l)
{
    return l->input_count;
}

const char *fl_ledger_input_path(const fl_ledger *l, size_t input)
{
    return input < l->input_count ? l->inputs[input].path : NULL;
}

size_t fl_ledger_input_entries(const fl_ledger *l, size_t input)
{
    return input < l->input_count ? l->inputs[input].entries : 0;
}

const char *fl_ledger_input_sha256(const fl_ledger *l, size_t input)
{
    return input < l->input_count && l->inputs[input].sha256[0] ? l->inputs[input].sha256 : NULL;
}

int fl_ledger_input_fiscal_year(const fl_ledger *l, size_t input)
{
    return input < l->input_count ? l->inputs[input].fiscal_year : 0;
}

size_t fl_ledger_claim_count(const fl_ledger *l)
{
    return l->claim_count;
}

const fl_claim_line *fl_ledger_claim_line(const fl_ledger *l, size_t i)
{
    return i < l->claim_count ? &l->claims[i] : NULL;
}

void fl_ledger_period(const fl_ledger *l, fl_date *first, fl_date *last)
{
    *first = l->first_date;
    *last = l->last_date;
}

/* --- building (private) ----------------------------------------------------------- */

const char *fl_ledger_strdup(fl_ledger *l, const char *s, size_t len)
{
    return fl_arena_strndup(&l->strings, s, len);
}

/* A malloc'd array of `count` items with room for one more (doubling, from `first`): the
 * array (perhaps moved), or NULL when memory runs out (the array is then unchanged). */
static void *room_for_one(void *items, size_t *capacity, size_t count, size_t size, size_t first)
{
    size_t n = *capacity ? *capacity * 2 : first;
    void *p;

    if (count < *capacity)
        return items;
    p = realloc(items, n * size);
    if (p)
        *capacity = n;
    return p;
}

fl_status fl_ledger_add_input(fl_ledger *l, const char *path, size_t *index_out)
{
    fl_input_record *r;

    {
        void *p = room_for_one(l->inputs, &l->input_capacity, l->input_count, sizeof *l->inputs, 8);
        if (!p)
            return FL_ERR_NOMEM;
        l->inputs = p;
    }
    r = &l->inputs[l->input_count];
    memset(r, 0, sizeof *r);
    r->path = fl_ledger_strdup(l, path, strlen(path));
    if (!r->path)
        return FL_ERR_NOMEM;
    *index_out = l->input_count++;
    return FL_OK;
}

static fl_status push_unit(fl_ledger *l, const char *name, size_t len, uint32_t *out)
{
    fl_unit_record *u;
    char *nfc = NULL;
    size_t nfc_len;
    fl_status status;

    {
        void *p = room_for_one(l->units, &l->unit_capacity, l->unit_count, sizeof *l->units, 32);
        if (!p)
            return FL_ERR_NOMEM;
        l->units = p;
    }
    status = fl_text_nfc(&nfc, &nfc_len, name, len);
    if (status != FL_OK)
        return status;
    u = &l->units[l->unit_count];
    memset(u, 0, sizeof *u);
    u->name = fl_ledger_strdup(l, nfc, nfc_len);
    free(nfc);
    if (!u->name)
        return FL_ERR_NOMEM;
    *out = (uint32_t)l->unit_count++;
    return FL_OK;
}

fl_status fl_ledger_intern_unit(fl_ledger *l, const char *name, size_t len, uint32_t *out)
{
    size_t index;
    char *key = NULL;
    size_t key_len;
    fl_status status;
    int put;

    if (fl_strmap_get(&l->unit_by_spelling, name, len, &index)) {
        *out = (uint32_t)index;
        return FL_OK;
    }
    status = fl_text_name_key(&key, &key_len, name, len);
    if (status != FL_OK)
        return status;
    if (fl_strmap_get(&l->unit_by_key, key, key_len, &index)) {
        *out = (uint32_t)index;
    } else {
        uint32_t created = 0;
        status = push_unit(l, name, len, &created);
        if (status == FL_OK && fl_strmap_put(&l->unit_by_key, key, key_len, created, NULL) < 0)
            status = FL_ERR_NOMEM;
        *out = created;
    }
    free(key);
    if (status != FL_OK)
        return status;
    put = fl_strmap_put(&l->unit_by_spelling, name, len, *out, NULL);
    return put < 0 ? FL_ERR_NOMEM : FL_OK;
}

fl_status fl_ledger_declare_unit(fl_ledger *l, const char *name, size_t len, const char *code,
                                 const char *kind, const char *display, fl_error *err)
{
    uint32_t index;
    fl_unit_record *u;
    fl_status status = fl_ledger_intern_unit(l, name, len, &index);

    if (status != FL_OK)
        return fl_error_set(err, status, "%s", fl_strerror(status));
    u = &l->units[index];
    if (code) {
        if (u->code && strcmp(u->code, code) != 0)
            return fl_error_set(err, FL_ERR_VALIDATION,
                                "unit \"%s\" is already declared with code \"%s\", not \"%s\"",
                                u->name, u->code, code);
        u->code = fl_ledger_strdup(l, code, strlen(code));
    }
    if (kind)
        u->kind = fl_ledger_strdup(l, kind, strlen(kind));
    if (display) {
        char *nfc = NULL;
        size_t nfc_len;
        if (fl_text_nfc(&nfc, &nfc_len, display, strlen(display)) == FL_OK) {
            u->name = fl_ledger_strdup(l, nfc, nfc_len);
            free(nfc);
        }
    }
    u->declared = true;
    return FL_OK;
}

/* A large array (arena.h) grown to hold `count` items of `size` bytes, doubling from 1024:
 * the array (perhaps moved), or NULL when memory runs out (the array is then unchanged). */
static void *grow(void *array, size_t *capacity, size_t count, size_t size)
{
    size_t n = *capacity ? *capacity : 1024;
    void *p;

    if (count <= *capacity)
        return array;
    while (n < count)
        n *= 2;
    p = fl_array_resize(array, n * size);
    if (p)
        *capacity = n;
    return p;
}

fl_entry *fl_ledger_begin_entry(fl_ledger *l, bool keep)
{
    fl_entry *e;
    void *p;

    if (!keep) {
        e = &l->scratch;
        if (!e->amount->coefficient->_mp_d)
            fl_dec_init(e->amount);
        else
            fl_dec_set_si(e->amount, 0);
        {
            fl_dec_struct amount = e->amount[0];
            memset(e, 0, sizeof *e);
            e->amount[0] = amount;
        }
        return e;
    }
    if (!(p = grow(l->entries, &l->entry_capacity, l->entries_kept + 1, sizeof *l->entries)))
        return NULL;
    l->entries = p;
    e = &l->entries[l->entries_kept++];
    memset(e, 0, sizeof *e);
    fl_dec_init(e->amount);
    return e;
}

void fl_ledger_abandon_entry(fl_ledger *l, fl_entry *e)
{
    clear_in_kind(e);
    if (e == &l->scratch)
        return;
    clear_amount(e->amount);
    l->entries_kept--;
}

uint32_t fl_ledger_ref_hash(uint32_t unit, const char *ref, size_t len)
{
    uint64_t h = fl_strmap_hash(ref, len);

    h = (h ^ ((uint64_t)unit << 32)) * 0x9E3779B97F4A7C15ULL;
    return (uint32_t)(h >> 32);
}

/* Room in every array a committed entry may write to, so that committing it cannot fail
 * half-way (the facts, a reference record, an input run, a big amount, the source sums). */
static fl_status make_room(fl_ledger *l, const fl_entry *e, bool keyed)
{
    void *p;
    size_t sources = (size_t)e->source + 1;

    if (!(p = grow(l->facts, &l->fact_capacity, l->entry_count + 1, sizeof *l->facts)))
        return FL_ERR_NOMEM;
    l->facts = p;
    if (keyed) {
        if (!(p = grow(l->refs, &l->ref_capacity, l->ref_count + 1, sizeof *l->refs)))
            return FL_ERR_NOMEM;
        l->refs = p;
    }
    if (!(p = room_for_one(l->input_runs, &l->input_run_capacity, l->input_run_count,
                           sizeof *l->input_runs, 16)))
        return FL_ERR_NOMEM;
    l->input_runs = p;
    if (!(p = room_for_one(l->bigs, &l->big_capacity, l->big_count, sizeof *l->bigs, 16)))
        return FL_ERR_NOMEM;
    l->bigs = p;
    if (sources > l->source_sum_count) {
        /* every code the tree has now, so that this grows rarely */
        if (fl_source_tree_count(l->sources) > sources)
            sources = fl_source_tree_count(l->sources);
        if (!(p = realloc(l->source_sums, sources * 2 * sizeof *l->source_sums)))
            return FL_ERR_NOMEM;
        l->source_sums = p;
        memset(l->source_sums + l->source_sum_count * 2, 0,
               (sources - l->source_sum_count) * 2 * sizeof *l->source_sums);
        l->source_sum_count = sources;
    }
    return FL_OK;
}

fl_status fl_ledger_commit_entry(fl_ledger *l, fl_entry *e, uint32_t key_line, uint32_t key_column)
{
    const char *key = e->reverses ? e->reverses : e->ref;
    fl_fact *f;
    fl_source_sum *sum;
    bool big;
    fl_status status;

    if (l->entry_count >= UINT32_MAX - 1)
        return FL_ERR_LIMIT;
    if ((status = make_room(l, e, key != NULL)) != FL_OK)
        return status;

    f = &l->facts[l->entry_count];
    fl_fact_set_amount(f, e->amount, &big);
    if (big) {
        fl_dec_init(&l->bigs[l->big_count]);
        fl_dec_set(&l->bigs[l->big_count], e->amount);
        f->milli = (int64_t)l->big_count++;
    }
    f->date = e->date;
    f->unit = e->unit;
    f->source = (int16_t)e->source; /* FL_SOURCE_COUNT_MAX fits (fact.h) */
    f->line = e->line;
    f->kind = (uint8_t)e->kind;
    sum = &l->source_sums[(size_t)e->source * 2 + (e->kind == FL_KIND_ESTIMATE ? 1 : 0)];
    if ((status = fl_acc_add(&sum->sum, f, l->bigs)) != FL_OK)
        return status;
    sum->count++;

    if (!l->input_run_count || l->input_runs[l->input_run_count - 1].input != e->input) {
        l->input_runs[l->input_run_count].first = (uint32_t)l->entry_count;
        l->input_runs[l->input_run_count++].input = e->input;
    }
    if (key) {
        fl_ref_record *r = &l->refs[l->ref_count++];
        r->key = key;
        r->entry = (uint32_t)l->entry_count;
        r->hash = fl_ledger_ref_hash(e->unit, key, strlen(key));
        r->line = key_line;
        r->column = key_column & 0x7fffffffu;
        r->reversal = e->reverses != NULL;
    }
    if (!l->first_date || e->date < l->first_date)
        l->first_date = e->date;
    if (e->date > l->last_date)
        l->last_date = e->date;
    l->entry_count++;
    if (e == &l->scratch) {
        clear_in_kind(e);
        l->entries_dropped = true;
    }
    if ((l->entry_count & (FL_PROGRESS_EVERY - 1)) == 0) {
        if (l->progress)
            l->progress(l->progress_path, l->entry_count - l->progress_base);
        fl_ledger_prefault_ahead(l);
    }
    return FL_OK;
}

void fl_ledger_prefault_ahead(fl_ledger *l)
{
    if (!l->prefault)
        return;
    fl_prefault_ahead(l->prefault, FL_PREFAULT_FACTS, l->facts, l->fact_capacity * sizeof *l->facts,
                      l->entry_count * sizeof *l->facts);
    fl_prefault_ahead(l->prefault, FL_PREFAULT_REFS, l->refs, l->ref_capacity * sizeof *l->refs,
                      l->ref_count * sizeof *l->refs);
    {
        size_t capacity, used;
        char *block = fl_arena_head(&l->strings, &capacity, &used);
        if (block)
            fl_prefault_ahead(l->prefault, FL_PREFAULT_STRINGS, block, capacity, used);
    }
    if (!l->entries_dropped)
        fl_prefault_ahead(l->prefault, FL_PREFAULT_ENTRIES, l->entries,
                          l->entry_capacity * sizeof *l->entries,
                          l->entries_kept * sizeof *l->entries);
}

void fl_ledger_reserve(fl_ledger *l, size_t count, bool keep)
{
    size_t want = l->entry_count + count;
    void *p;

    if (count < 4096)
        return;
    /* failures only mean the arrays grow as usual */
    if (keep && (p = grow(l->entries, &l->entry_capacity, want, sizeof *l->entries)) != NULL)
        l->entries = p;
    if ((p = grow(l->facts, &l->fact_capacity, want, sizeof *l->facts)) != NULL)
        l->facts = p;
    if ((p = grow(l->refs, &l->ref_capacity, l->ref_count + count, sizeof *l->refs)) != NULL)
        l->refs = p;
}

fl_status fl_ledger_push_claim(fl_ledger *l, const char *text, size_t len, uint32_t input,
                               uint32_t line, uint32_t column, fl_locale locale)
{
    fl_claim_line *c;

    {
        void *p =
            room_for_one(l->claims, &l->claim_capacity, l->claim_count, sizeof *l->claims, 16);
        if (!p)
            return FL_ERR_NOMEM;
        l->claims = p;
    }
    c = &l->claims[l->claim_count];
    c->text = fl_ledger_strdup(l, text, len);
    if (!c->text)
        return FL_ERR_NOMEM;
    c->len = len;
    c->input = input;
    c->line = line;
    c->column = column;
    c->locale = locale;
    l->claim_count++;
    return FL_OK;
}
