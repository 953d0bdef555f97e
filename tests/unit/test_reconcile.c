/*
 * test_reconcile.c - reconciliation as properties of generated ledgers:
 * a ledger against itself or a shuffled copy has nothing to report; one
 * entry changed, removed, added or split in two is reported as exactly that;
 * the bridge closes in every case.  Ledgers are generated from a seed,
 * written as CSV and loaded like any input.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <cjson/cJSON.h>
#include <unistd.h>

#include "fundledger/reconcile.h"

#define ENTRIES 120
#define SEEDS 12

/* --- generated ledgers ----------------------------------------------------------------- */

typedef struct gen_entry {
    char unit[32];
    const char *source;
    long long amount; /* đồng */
    int month, day;
    char ref[32]; /* "" for none */
} gen_entry;

static const char *const units[] = {"Kim Chính", "Ân Hòa", "Yên Mật", "Như Hòa", "Cồn Thoi"};
static const char *const sources[] = {"CD.TM", "NS.DP.XA", "NS.DP.HUYEN", "LG", "DN", "TD.CS"};

static uint64_t rng_state;

static uint64_t rng(void)
{
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static void generate(gen_entry *e, size_t n, unsigned seed, bool with_refs)
{
    size_t i;

    rng_state = seed;
    for (i = 0; i < n; i++) {
        snprintf(e[i].unit, sizeof e[i].unit, "%s", units[rng() % 5]);
        e[i].source = sources[rng() % 6];
        /* Distinct amounts: a random number of thousands plus the index. */
        e[i].amount = (long long)(rng() % 5000000) * 1000 + (long long)i + 1;
        e[i].month = (int)(rng() % 12) + 1;
        e[i].day = (int)(rng() % 28) + 1;
        if (with_refs)
            snprintf(e[i].ref, sizeof e[i].ref, "CT-%u-%zu", seed, i);
        else
            e[i].ref[0] = '\0';
    }
}

static void shuffle(gen_entry *e, size_t n)
{
    size_t i;
    for (i = n; i > 1; i--) {
        size_t j = (size_t)(rng() % i);
        gen_entry t = e[i - 1];
        e[i - 1] = e[j];
        e[j] = t;
    }
}

static fl_ledger *load(const gen_entry *e, size_t n)
{
    char folder[] = "/tmp/test_reconcile_XXXXXX", path[64];
    FILE *f;
    fl_ledger *l = NULL;
    fl_diagnostics *d = NULL;
    fl_load_options opts = FL_LOAD_OPTIONS_INIT;
    size_t i;

    assert_non_null(mkdtemp(folder));
    snprintf(path, sizeof path, "%s/ledger.csv", folder);
    f = fopen(path, "w");
    assert_non_null(f);
    fputs("Ngày;Đơn vị;Nguồn;Số tiền;Loại;Số chứng từ;Nội dung\n", f);
    for (i = 0; i < n; i++)
        fprintf(f, "2018-%02d-%02d;%s;%s;%lld;thực hiện;%s;generated\n", e[i].month, e[i].day,
                e[i].unit, e[i].source, e[i].amount, e[i].ref);
    assert_int_equal(fclose(f), 0);
    assert_int_equal(fl_ledger_new(&l), FL_OK);
    assert_int_equal(fl_diagnostics_new(&d, 10), FL_OK);
    fl_ledger_load(l, path, &opts, d);
    if (fl_diagnostics_total(d) == 0)
        fl_ledger_finish(l, &opts, d);
    if (fl_diagnostics_count(d) > 0)
        fprintf(stderr, "%s\n", fl_diagnostics_get(d, 0)->message);
    assert_int_equal(fl_diagnostics_total(d), 0);
    fl_diagnostics_free(d);
    unlink(path);
    rmdir(folder);
    return l;
}

/* Reconciles, checks the bridge closes and that its parts are what the lists say. */
static fl_reconcile *reconcile(const fl_ledger *a, const fl_ledger *b, fl_reconcile_match match,
                               long window, const char *tolerance)
{
    fl_reconcile_options opts = FL_RECONCILE_OPTIONS_INIT;
    fl_reconcile *rec = NULL;
    fl_error err;
    fl_dec tol, sum;
    const fl_reconcile_bridge *br;
    size_t i;
    int side;

    fl_dec_init(tol);
    fl_dec_init(sum);
    if (tolerance) {
        assert_int_equal(fl_dec_set_str(tol, tolerance, strlen(tolerance), NULL), FL_OK);
        opts.tolerance = tol;
    }
    opts.match = match;
    opts.date_window = window;
    assert_int_equal(fl_reconcile_new(&rec, a, b, &opts, &err), FL_OK);
    br = fl_reconcile_get_bridge(rec);
    assert_true(br->closes);
    assert_int_equal(fl_dec_cmp(br->left, br->right), 0);
    /* Every entry is in exactly one place: a pair or a one-side list. */
    for (side = 0; side < 2; side++) {
        size_t placed = fl_reconcile_only_count(rec, side);
        for (i = 0; i < fl_reconcile_pair_count(rec); i++) {
            const fl_reconcile_pair *p = fl_reconcile_pair_get(rec, i);
            placed += side ? p->b_count : p->a_count;
        }
        assert_int_equal(placed, fl_ledger_entry_count(side ? b : a));
    }
    for (i = 0; i < fl_reconcile_pair_count(rec); i++)
        assert_int_equal(fl_dec_add(sum, sum, fl_reconcile_pair_get(rec, i)->difference), FL_OK);
    assert_int_equal(fl_dec_cmp(sum, br->pair_differences), 0);
    fl_dec_clear(tol);
    fl_dec_clear(sum);
    return rec;
}

static void assert_nothing_to_report(const fl_reconcile *rec, size_t n)
{
    assert_int_equal(fl_reconcile_difference_count(rec), 0);
    assert_int_equal(fl_reconcile_only_count(rec, 0), 0);
    assert_int_equal(fl_reconcile_only_count(rec, 1), 0);
    assert_int_equal(fl_reconcile_pair_count(rec), n);
    assert_true(fl_reconcile_all_matched(rec));
    assert_true(fl_dec_is_zero(fl_reconcile_get_bridge(rec)->left));
}

/* --- properties -------------------------------------------------------------------------- */

static void test_reconcile__ledger_against_itself_is_empty(void **state)
{
    gen_entry e[ENTRIES];
    unsigned seed;
    (void)state;

    for (seed = 1; seed <= SEEDS; seed++) {
        fl_ledger *l;
        fl_reconcile *rec;
        generate(e, ENTRIES, seed, seed % 2 == 0);
        l = load(e, ENTRIES);
        rec = reconcile(l, l, FL_RECONCILE_MATCH_AUTO, 0, NULL);
        assert_nothing_to_report(rec, ENTRIES);
        fl_reconcile_free(rec);
        fl_ledger_free(l);
    }
}

static void test_reconcile__shuffled_copy_is_empty(void **state)
{
    gen_entry e[ENTRIES], s[ENTRIES];
    unsigned seed;
    (void)state;

    for (seed = 1; seed <= SEEDS; seed++) {
        fl_ledger *a, *b;
        fl_reconcile *rec;
        bool refs = seed % 2 == 1;
        generate(e, ENTRIES, seed, refs);
        memcpy(s, e, sizeof e);
        shuffle(s, ENTRIES);
        a = load(e, ENTRIES);
        b = load(s, ENTRIES);
        rec = reconcile(a, b, refs ? FL_RECONCILE_MATCH_REF : FL_RECONCILE_MATCH_AUTO, 0, NULL);
        assert_nothing_to_report(rec, ENTRIES);
        fl_reconcile_free(rec);
        fl_ledger_free(a);
        fl_ledger_free(b);
    }
}

static void test_reconcile__one_amount_changed_is_one_difference(void **state)
{
    gen_entry e[ENTRIES], c[ENTRIES];
    unsigned seed;
    (void)state;

    for (seed = 1; seed <= SEEDS; seed++) {
        fl_ledger *a, *b;
        fl_reconcile *rec;
        const fl_reconcile_pair *p = NULL;
        size_t k = (size_t)(seed * 7) % ENTRIES, i;
        long long delta = (long long)(seed * 1000 + 1);
        char expected[32];
        generate(e, ENTRIES, seed, true);
        memcpy(c, e, sizeof e);
        c[k].amount += delta; /* B has the larger figure: A - B = -delta */
        shuffle(c, ENTRIES);
        a = load(e, ENTRIES);
        b = load(c, ENTRIES);
        rec = reconcile(a, b, seed % 2 ? FL_RECONCILE_MATCH_REF : FL_RECONCILE_MATCH_AUTO, 0, NULL);
        assert_int_equal(fl_reconcile_difference_count(rec), 1);
        assert_int_equal(fl_reconcile_untolerated_count(rec), 1);
        assert_int_equal(fl_reconcile_only_count(rec, 0), 0);
        assert_int_equal(fl_reconcile_only_count(rec, 1), 0);
        for (i = 0; i < fl_reconcile_pair_count(rec); i++)
            if (fl_reconcile_pair_get(rec, i)->differs)
                p = fl_reconcile_pair_get(rec, i);
        assert_non_null(p);
        assert_int_equal(p->differs, FL_RECONCILE_DIFF_AMOUNT);
        assert_int_equal(p->rule, FL_RECONCILE_RULE_REF);
        assert_string_equal(p->a[0]->ref, e[k].ref);
        snprintf(expected, sizeof expected, "%lld", -delta);
        {
            char *text = fl_dec_to_string(p->difference);
            assert_string_equal(text, expected);
            free(text);
            text = fl_dec_to_string(fl_reconcile_get_bridge(rec)->left);
            assert_string_equal(text, expected);
            free(text);
        }
        assert_false(fl_reconcile_all_matched(rec));
        fl_reconcile_free(rec);
        fl_ledger_free(a);
        fl_ledger_free(b);
    }
}

static void test_reconcile__one_entry_removed_is_only_in_a(void **state)
{
    gen_entry e[ENTRIES], c[ENTRIES];
    unsigned seed;
    (void)state;

    for (seed = 1; seed <= SEEDS; seed++) {
        fl_ledger *a, *b;
        fl_reconcile *rec;
        size_t k = (size_t)(seed * 11) % ENTRIES;
        bool refs = seed % 2 == 1;
        generate(e, ENTRIES, seed, refs);
        memcpy(c, e, sizeof e);
        c[k] = c[ENTRIES - 1];
        shuffle(c, ENTRIES - 1);
        a = load(e, ENTRIES);
        b = load(c, ENTRIES - 1);
        rec = reconcile(a, b, refs ? FL_RECONCILE_MATCH_REF : FL_RECONCILE_MATCH_AUTO, 0, NULL);
        assert_int_equal(fl_reconcile_difference_count(rec), 0);
        assert_int_equal(fl_reconcile_only_count(rec, 0), 1);
        assert_int_equal(fl_reconcile_only_count(rec, 1), 0);
        assert_int_equal(fl_reconcile_only_get(rec, 0, 0)->line, k + 2); /* header is line 1 */
        assert_int_equal(fl_dec_cmp(fl_reconcile_get_bridge(rec)->only_a,
                                    fl_reconcile_only_get(rec, 0, 0)->amount),
                         0);
        fl_reconcile_free(rec);
        fl_ledger_free(a);
        fl_ledger_free(b);
    }
}

static void test_reconcile__one_entry_added_is_only_in_b(void **state)
{
    gen_entry e[ENTRIES + 1], c[ENTRIES + 1];
    unsigned seed;
    (void)state;

    for (seed = 1; seed <= SEEDS; seed++) {
        fl_ledger *a, *b;
        fl_reconcile *rec;
        const fl_entry *only;
        bool refs = seed % 2 == 0;
        generate(e, ENTRIES + 1, seed, refs);
        memcpy(c, e, sizeof e);
        shuffle(c, ENTRIES + 1);
        a = load(e, ENTRIES); /* A lacks the last generated entry */
        b = load(c, ENTRIES + 1);
        rec = reconcile(a, b, refs ? FL_RECONCILE_MATCH_REF : FL_RECONCILE_MATCH_AUTO, 0, NULL);
        assert_int_equal(fl_reconcile_difference_count(rec), 0);
        assert_int_equal(fl_reconcile_only_count(rec, 0), 0);
        assert_int_equal(fl_reconcile_only_count(rec, 1), 1);
        only = fl_reconcile_only_get(rec, 1, 0);
        {
            char *text = fl_dec_to_string(only->amount);
            char expected[32];
            snprintf(expected, sizeof expected, "%lld", e[ENTRIES].amount);
            assert_string_equal(text, expected);
            free(text);
        }
        fl_reconcile_free(rec);
        fl_ledger_free(a);
        fl_ledger_free(b);
    }
}

static void test_reconcile__one_entry_split_in_two_is_one_split_pair(void **state)
{
    gen_entry e[ENTRIES], c[ENTRIES + 1];
    unsigned seed;
    (void)state;

    for (seed = 1; seed <= SEEDS; seed++) {
        fl_ledger *a, *b;
        fl_reconcile *rec;
        const fl_reconcile_pair *split = NULL;
        size_t k = (size_t)(seed * 13) % ENTRIES, i, splits = 0;
        long long part;
        bool refs = seed % 2 == 1;
        bool split_in_a = seed % 3 == 0;
        generate(e, ENTRIES, seed, refs);
        memcpy(c, e, sizeof e);
        part = e[k].amount / 3;
        c[ENTRIES] = e[k];
        c[k].amount = part;
        c[ENTRIES].amount = e[k].amount - part;
        if (refs) { /* the parts carry their own documents */
            snprintf(c[k].ref, sizeof c[k].ref, "PT-%zu-1", k);
            snprintf(c[ENTRIES].ref, sizeof c[ENTRIES].ref, "PT-%zu-2", k);
        }
        shuffle(c, ENTRIES + 1);
        a = split_in_a ? load(c, ENTRIES + 1) : load(e, ENTRIES);
        b = split_in_a ? load(e, ENTRIES) : load(c, ENTRIES + 1);
        rec = reconcile(a, b, FL_RECONCILE_MATCH_AUTO, 0, NULL);
        assert_nothing_to_report(rec, ENTRIES);
        for (i = 0; i < fl_reconcile_pair_count(rec); i++)
            if (fl_reconcile_pair_get(rec, i)->rule == FL_RECONCILE_RULE_SPLIT) {
                split = fl_reconcile_pair_get(rec, i);
                splits++;
            }
        assert_int_equal(splits, 1);
        assert_int_equal(split->a_count, split_in_a ? 2 : 1);
        assert_int_equal(split->b_count, split_in_a ? 1 : 2);
        assert_true(fl_dec_is_zero(split->difference));
        fl_reconcile_free(rec);

        /* By reference alone a split is not found: one entry only in the whole side, two in
         * the split side. */
        if (refs) {
            rec = reconcile(a, b, FL_RECONCILE_MATCH_REF, 0, NULL);
            assert_int_equal(fl_reconcile_only_count(rec, 0), split_in_a ? 2 : 1);
            assert_int_equal(fl_reconcile_only_count(rec, 1), split_in_a ? 1 : 2);
            assert_int_equal(fl_reconcile_difference_count(rec), 0);
            assert_false(fl_reconcile_all_matched(rec));
            fl_reconcile_free(rec);
        }
        fl_ledger_free(a);
        fl_ledger_free(b);
    }
}

/* --- options and edges ------------------------------------------------------------------- */

static void test_reconcile__tolerance_keeps_small_differences_listed_but_passing(void **state)
{
    gen_entry e[ENTRIES], c[ENTRIES];
    fl_ledger *a, *b;
    fl_reconcile *rec;
    (void)state;

    generate(e, ENTRIES, 42, true);
    memcpy(c, e, sizeof e);
    c[5].amount += 900;
    a = load(e, ENTRIES);
    b = load(c, ENTRIES);
    rec = reconcile(a, b, FL_RECONCILE_MATCH_REF, 0, "1000");
    assert_int_equal(fl_reconcile_difference_count(rec), 1);
    assert_int_equal(fl_reconcile_untolerated_count(rec), 0);
    assert_true(fl_reconcile_all_matched(rec));
    fl_reconcile_free(rec);
    rec = reconcile(a, b, FL_RECONCILE_MATCH_REF, 0, "899");
    assert_int_equal(fl_reconcile_untolerated_count(rec), 1);
    assert_false(fl_reconcile_all_matched(rec));
    fl_reconcile_free(rec);
    fl_ledger_free(a);
    fl_ledger_free(b);
}

static void test_reconcile__date_window_bounds_auto_pairs(void **state)
{
    gen_entry e[ENTRIES], c[ENTRIES];
    fl_ledger *a, *b;
    fl_reconcile *rec;
    (void)state;

    generate(e, ENTRIES, 7, false);
    memcpy(c, e, sizeof e);
    c[3].day = e[3].day <= 25 ? e[3].day + 3 : e[3].day - 3;
    a = load(e, ENTRIES);
    b = load(c, ENTRIES);
    rec = reconcile(a, b, FL_RECONCILE_MATCH_AUTO, 2, NULL);
    assert_int_equal(fl_reconcile_only_count(rec, 0), 1);
    assert_int_equal(fl_reconcile_only_count(rec, 1), 1);
    fl_reconcile_free(rec);
    rec = reconcile(a, b, FL_RECONCILE_MATCH_AUTO, 3, NULL);
    assert_int_equal(fl_reconcile_only_count(rec, 0), 0);
    assert_int_equal(fl_reconcile_difference_count(rec), 1); /* the date, within the window */
    assert_int_equal(fl_reconcile_pair_get(rec, 3)->differs, FL_RECONCILE_DIFF_DATE);
    assert_int_equal(fl_reconcile_pair_get(rec, 3)->days, 3);
    assert_true(fl_reconcile_all_matched(rec));
    fl_reconcile_free(rec);
    fl_ledger_free(a);
    fl_ledger_free(b);
}

static void test_reconcile__source_changed_under_the_same_ref_is_a_difference(void **state)
{
    gen_entry e[ENTRIES], c[ENTRIES];
    fl_ledger *a, *b;
    fl_reconcile *rec;
    const fl_reconcile_pair *p;
    (void)state;

    generate(e, ENTRIES, 9, true);
    memcpy(c, e, sizeof e);
    c[10].source = strcmp(e[10].source, "LG") == 0 ? "DN" : "LG";
    a = load(e, ENTRIES);
    b = load(c, ENTRIES);
    rec = reconcile(a, b, FL_RECONCILE_MATCH_REF, 0, NULL);
    assert_int_equal(fl_reconcile_difference_count(rec), 1);
    p = fl_reconcile_pair_get(rec, 10);
    assert_int_equal(p->differs, FL_RECONCILE_DIFF_SOURCE);
    assert_false(p->tolerated);
    assert_true(fl_dec_is_zero(fl_reconcile_get_bridge(rec)->left));
    fl_reconcile_free(rec);
    fl_ledger_free(a);
    fl_ledger_free(b);
}

static void test_reconcile__json_has_the_sections_and_exact_strings(void **state)
{
    gen_entry e[ENTRIES], c[ENTRIES];
    fl_ledger *a, *b;
    fl_reconcile *rec;
    char *json = NULL;
    cJSON *root;
    (void)state;

    generate(e, ENTRIES, 3, true);
    memcpy(c, e, sizeof e);
    c[0].amount += 1;
    a = load(e, ENTRIES);
    b = load(c, ENTRIES - 1);
    rec = reconcile(a, b, FL_RECONCILE_MATCH_REF, 0, NULL);
    assert_int_equal(fl_reconcile_to_json(&json, rec), FL_OK);
    root = cJSON_Parse(json);
    assert_non_null(root);
    assert_string_equal(cJSON_GetObjectItem(root, "format")->valuestring, "fundledger.reconcile/1");
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(root, "matched")), ENTRIES - 2);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(root, "differences")), 1);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(root, "only_in_a")), 1);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(root, "only_in_b")), 0);
    assert_string_equal(
        cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(root, "differences"), 0),
                            "difference")
            ->valuestring,
        "-1");
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(cJSON_GetObjectItem(root, "bridge"), "closes")));
    assert_non_null(cJSON_GetObjectItem(cJSON_GetObjectItem(root, "totals"), "by_source"));
    assert_non_null(cJSON_GetObjectItem(cJSON_GetObjectItem(root, "totals"), "by_unit"));
    cJSON_Delete(root);
    free(json);
    fl_reconcile_free(rec);
    fl_ledger_free(a);
    fl_ledger_free(b);
}

static void test_reconcile__rejects_bad_arguments(void **state)
{
    fl_reconcile_options opts = FL_RECONCILE_OPTIONS_INIT;
    fl_reconcile *rec = (fl_reconcile *)1;
    fl_ledger *l = NULL;
    fl_error err;
    fl_reconcile_match m;
    (void)state;

    assert_int_equal(fl_ledger_new(&l), FL_OK);
    assert_int_equal(fl_reconcile_new(&rec, l, NULL, &opts, &err), FL_ERR_INVALID_ARGUMENT);
    assert_null(rec);
    opts.date_window = -1;
    assert_int_equal(fl_reconcile_new(&rec, l, l, &opts, &err), FL_ERR_INVALID_ARGUMENT);
    assert_int_equal(fl_reconcile_match_from_name(&m, "fuzzy"), FL_ERR_SYNTAX);
    assert_int_equal(fl_reconcile_match_from_name(&m, "auto"), FL_OK);
    assert_int_equal(m, FL_RECONCILE_MATCH_AUTO);
    fl_reconcile_free(NULL);
    opts.date_window = 0;
    assert_int_equal(fl_reconcile_new(&rec, l, l, &opts, &err), FL_OK); /* two empty ledgers */
    assert_int_equal(fl_reconcile_pair_count(rec), 0);
    assert_true(fl_reconcile_all_matched(rec));
    assert_true(fl_reconcile_get_bridge(rec)->closes);
    fl_reconcile_free(rec);
    fl_ledger_free(l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reconcile__ledger_against_itself_is_empty),
        cmocka_unit_test(test_reconcile__shuffled_copy_is_empty),
        cmocka_unit_test(test_reconcile__one_amount_changed_is_one_difference),
        cmocka_unit_test(test_reconcile__one_entry_removed_is_only_in_a),
        cmocka_unit_test(test_reconcile__one_entry_added_is_only_in_b),
        cmocka_unit_test(test_reconcile__one_entry_split_in_two_is_one_split_pair),
        cmocka_unit_test(test_reconcile__tolerance_keeps_small_differences_listed_but_passing),
        cmocka_unit_test(test_reconcile__date_window_bounds_auto_pairs),
        cmocka_unit_test(test_reconcile__source_changed_under_the_same_ref_is_a_difference),
        cmocka_unit_test(test_reconcile__json_has_the_sections_and_exact_strings),
        cmocka_unit_test(test_reconcile__rejects_bad_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
