/*
 * test_report.c - the report module: shares that add up to 100, percentages
 * against the estimate, totals by source / unit / month, and the text, CSV
 * and JSON renderings of a small ledger.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fundledger/report.h"

#include <cjson/cJSON.h>
#include <unistd.h>

/* --- helpers --------------------------------------------------------------------------- */

static void set_dec(fl_dec d, const char *text)
{
    assert_int_equal(fl_dec_set_str(d, text, strlen(text), NULL), FL_OK);
}

static void assert_dec_text(const fl_dec d, const char *expected)
{
    char buf[128];

    fl_dec_to_buffer(buf, sizeof buf, d);
    assert_string_equal(buf, expected);
}

/* Shares of the parts given as text, compared with the expected texts. */
static void check_shares(const char *const *parts, const char *const *expected, size_t n,
                         long places)
{
    fl_dec *in = calloc(n, sizeof *in);
    fl_dec *out = calloc(n, sizeof *out);
    size_t i;

    assert_non_null(in);
    assert_non_null(out);
    for (i = 0; i < n; i++) {
        fl_dec_init(in[i]);
        fl_dec_init(out[i]);
        set_dec(in[i], parts[i]);
    }
    assert_int_equal(fl_shares_largest_remainder(out, (const fl_dec *)in, n, places), FL_OK);
    for (i = 0; i < n; i++) {
        assert_dec_text(out[i], expected[i]);
        fl_dec_clear(in[i]);
        fl_dec_clear(out[i]);
    }
    free(in);
    free(out);
}

/* --- shares ---------------------------------------------------------------------------- */

static void test_shares__thirds_where_naive_rounding_gives_99_99(void **state)
{
    /* 33.33 x 3 = 99.99 when each is rounded alone; the tie goes to the first in tree order. */
    const char *parts[] = {"1", "1", "1"};
    const char *expected[] = {"33.34", "33.33", "33.33"};

    (void)state;
    check_shares(parts, expected, 3, 2);
}

static void test_shares__halves_where_naive_rounding_gives_100_01(void **state)
{
    /* 50.005 and 49.995 round half up alone to 50.01 + 50.00 = 100.01. */
    const char *parts[] = {"50005", "49995"};
    const char *expected[] = {"50.01", "49.99"};

    (void)state;
    check_shares(parts, expected, 2, 2);
}

static void test_shares__largest_remainder_wins_over_tree_order(void **state)
{
    /* 200/7 = 28.5714.., 100/7 = 14.2857.., 400/7 = 57.1428..: the floors add up to 99.99
     * and the missing unit goes to the largest remainder (0.57.. of 14.28), not the first. */
    const char *parts[] = {"2", "1", "4"};
    const char *expected[] = {"28.57", "14.29", "57.14"};

    (void)state;
    check_shares(parts, expected, 3, 2);
}

static void test_shares__exact_shares_are_kept_and_zero_gets_zero(void **state)
{
    const char *parts[] = {"151463000000", "0", "278537000000"};
    const char *expected[] = {"35.22", "0.00", "64.78"};
    const char *parts_exact[] = {"1", "3"};
    const char *expected_exact[] = {"25.00", "75.00"};

    (void)state;
    /* 151463 / 430000 = 35.2239..% and 64.7760..%: floors 35.22 + 64.77, the unit goes to 64.77. */
    check_shares(parts, expected, 3, 2);
    check_shares(parts_exact, expected_exact, 2, 2);
}

static void test_shares__places_zero_and_mixed_exponents(void **state)
{
    /* 1.5 + 150 + 0.25 = 151.75: 0.988..%, 98.846..%, 0.164..% -> 0, 98, 0 plus two units. */
    const char *parts[] = {"1.5", "150", "0.25"};
    const char *expected[] = {"1", "99", "0"};
    const char *one[] = {"7"};
    const char *hundred[] = {"100.000"};

    (void)state;
    check_shares(parts, expected, 3, 0);
    check_shares(one, hundred, 1, 3);
}

static void test_shares__refuses_negative_parts_zero_total_and_bad_places(void **state)
{
    fl_dec in[2], out[2];

    (void)state;
    fl_dec_init(in[0]);
    fl_dec_init(in[1]);
    fl_dec_init(out[0]);
    fl_dec_init(out[1]);
    set_dec(in[0], "5");
    set_dec(in[1], "-1");
    assert_int_equal(fl_shares_largest_remainder(out, (const fl_dec *)in, 2, 2),
                     FL_ERR_INVALID_ARGUMENT);
    set_dec(in[1], "0");
    assert_int_equal(fl_shares_largest_remainder(out, (const fl_dec *)in, 2, -1),
                     FL_ERR_INVALID_ARGUMENT);
    set_dec(in[0], "0");
    assert_int_equal(fl_shares_largest_remainder(out, (const fl_dec *)in, 2, 2),
                     FL_ERR_DIVISION_BY_ZERO);
    assert_int_equal(fl_shares_largest_remainder(out, (const fl_dec *)in, 0, 2), FL_OK);
    assert_true(fl_dec_is_zero(out[0]));
    fl_dec_clear(in[0]);
    fl_dec_clear(in[1]);
    fl_dec_clear(out[0]);
    fl_dec_clear(out[1]);
}

/* A small deterministic generator, so a failure can be replayed. */
static uint64_t next_random(uint64_t *seed)
{
    *seed = *seed * 6364136223846793005u + 1442695040888963407u;
    return *seed >> 33;
}

static void test_shares__always_add_up_to_exactly_100(void **state)
{
    enum { SETS = 2000, MAX_PARTS = 14 };
    uint64_t seed = 20180315u;
    fl_dec in[MAX_PARTS], out[MAX_PARTS], sum, hundred, exact, difference, unit, total;
    size_t set, i;

    (void)state;
    for (i = 0; i < MAX_PARTS; i++) {
        fl_dec_init(in[i]);
        fl_dec_init(out[i]);
    }
    fl_dec_init(sum);
    fl_dec_init(hundred);
    fl_dec_init(exact);
    fl_dec_init(difference);
    fl_dec_init(unit);
    fl_dec_init(total);
    fl_dec_set_si(hundred, 100);
    for (set = 0; set < SETS; set++) {
        size_t n = 1 + (size_t)(next_random(&seed) % MAX_PARTS);
        long places = (long)(next_random(&seed) % 5);
        bool any = false;

        fl_dec_set_si(total, 0);
        for (i = 0; i < n; i++) {
            /* Mostly large amounts, some small, some zero, some equal (ties). */
            uint64_t kind = next_random(&seed) % 8;
            int64_t v = kind == 0   ? 0
                        : kind == 1 ? 1000
                        : kind == 2 ? (int64_t)(next_random(&seed) % 10)
                                    : (int64_t)(next_random(&seed) * 7919u % 1000000000000u);
            fl_dec_set_int64(in[i], v);
            assert_int_equal(fl_dec_mul_pow10(in[i], in[i], (long)(next_random(&seed) % 4) - 2),
                             FL_OK);
            assert_int_equal(fl_dec_add(total, total, in[i]), FL_OK);
            any = any || v != 0;
        }
        if (!any) {
            assert_int_equal(fl_shares_largest_remainder(out, (const fl_dec *)in, n, places),
                             FL_ERR_DIVISION_BY_ZERO);
            continue;
        }
        assert_int_equal(fl_shares_largest_remainder(out, (const fl_dec *)in, n, places), FL_OK);
        fl_dec_set_si(sum, 0);
        fl_dec_set_si(unit, 1);
        assert_int_equal(fl_dec_mul_pow10(unit, unit, -places), FL_OK);
        for (i = 0; i < n; i++) {
            assert_int_equal(fl_dec_places(out[i]), places);
            assert_int_equal(fl_dec_add(sum, sum, out[i]), FL_OK);
            /* Each share is its exact value floored, or one unit above that floor. */
            assert_int_equal(fl_dec_mul_pow10(exact, in[i], 2), FL_OK);
            assert_int_equal(fl_dec_div(exact, exact, total, places + 12, FL_ROUND_FLOOR, NULL),
                             FL_OK);
            assert_int_equal(fl_dec_sub(difference, out[i], exact), FL_OK);
            assert_true(fl_dec_cmp(difference, unit) <= 0);
            fl_dec_neg(difference, difference);
            assert_true(fl_dec_cmp(difference, unit) < 0);
        }
        assert_int_equal(fl_dec_cmp(sum, hundred), 0);
    }
    for (i = 0; i < MAX_PARTS; i++) {
        fl_dec_clear(in[i]);
        fl_dec_clear(out[i]);
    }
    fl_dec_clear(sum);
    fl_dec_clear(hundred);
    fl_dec_clear(exact);
    fl_dec_clear(difference);
    fl_dec_clear(unit);
    fl_dec_clear(total);
}

/* --- percentages against the estimate -------------------------------------------------- */

static void check_percent(const char *actual_text, const char *estimate_text, long places,
                          const char *achieved_text, const char *over_text)
{
    fl_dec actual, estimate, achieved, over;

    fl_dec_init(actual);
    fl_dec_init(estimate);
    fl_dec_init(achieved);
    fl_dec_init(over);
    set_dec(actual, actual_text);
    set_dec(estimate, estimate_text);
    assert_int_equal(
        fl_percent_of_estimate(achieved, over, actual, estimate, places, FL_ROUND_HALF_UP), FL_OK);
    assert_dec_text(achieved, achieved_text);
    assert_dec_text(over, over_text);
    fl_dec_clear(actual);
    fl_dec_clear(estimate);
    fl_dec_clear(achieved);
    fl_dec_clear(over);
}

static void test_percent__achieved_and_over_at_2_places_half_up(void **state)
{
    (void)state;
    /* The article: 261,8 tỷ against an estimate of 151,8 tỷ: đạt 172,46%, vượt 72,46%. */
    check_percent("261800000000", "151800000000", 2, "172.46", "72.46");
    /* 1/8 = 12.5%: the tie rounds half up (away from zero). */
    check_percent("1", "8", 0, "13", "-88");
    /* 200.005% of the estimate: each is rounded once from the rational. */
    check_percent("40001", "20000", 2, "200.01", "100.01");
    /* Below the estimate "vượt" is negative: 50.005% -> đạt 50.01, vượt -49.995 -> -50.00,
     * not 50.01 - 100 = -49.99. */
    check_percent("10001", "20000", 2, "50.01", "-50.00");
}

static void test_percent__zero_estimate_is_refused(void **state)
{
    fl_dec actual, estimate, achieved;

    (void)state;
    fl_dec_init(actual);
    fl_dec_init(estimate);
    fl_dec_init(achieved);
    fl_dec_set_si(actual, 5);
    assert_int_equal(fl_percent_of_estimate(achieved, NULL, actual, estimate, 2, FL_ROUND_HALF_UP),
                     FL_ERR_DIVISION_BY_ZERO);
    fl_dec_clear(actual);
    fl_dec_clear(estimate);
    fl_dec_clear(achieved);
}

/* --- a small ledger ---------------------------------------------------------------------- */

/*
 * Kim Chính and Phát Diệm in 2018, with the article's revenue figures:
 * NS.TW.DTPT 2 tỷ against an estimate of 1,8 tỷ; CD.TM and CD.NC under CD,
 * and 100 triệu posted directly to the parent CD; DN 333.333.333 đồng; THU
 * 261,8 tỷ against 151,8 tỷ.
 */
static const char small_journal[] =
    "locale vi\n"
    "fiscal-year 2018\n"
    "unit \"Kim Chính\" kind=xa\n"
    "unit \"Phát Diệm\" kind=thi-tran\n"
    "unit \"Huyện Kim Sơn\" code=376 kind=huyen\n"
    "2018-03-15 \"Kim Chính\" CD.TM 1.250.000.000 ref=PT-01 memo=\"Dân góp tiền mặt\"\n"
    "2018-04-02 \"Kim Chính\" CD.NC 150.000.000 ref=NC-01\n"
    "2018-05-10 \"Phát Diệm\" CD 100.000.000 ref=CD-01\n"
    "2018-05-10 \"Phát Diệm\" NS.TW.DTPT 2 tỷ ref=QĐ-01\n"
    "2018-01-05 \"Phát Diệm\" NS.TW.DTPT 1,8 tỷ kind=estimate ref=DT-01\n"
    "2018-06-01 \"Kim Chính\" DN 333.333.333 ref=DN-01\n"
    "2018-01-05 \"Huyện Kim Sơn\" THU.ND.SDD 151,8 tỷ kind=estimate ref=NQ-01\n"
    "2018-12-20 \"Huyện Kim Sơn\" THU.ND.SDD 261,8 tỷ ref=UTH-01\n";

typedef struct fixture {
    char dir[64];
    char path[128];
    fl_ledger *ledger;
    fl_report *report;
} fixture;

/* Loads journal text from a file in a new temporary folder and reports on it. */
static void load(fixture *f, const char *journal)
{
    fl_load_options opts = FL_LOAD_OPTIONS_INIT;
    fl_diagnostics *diags = NULL;
    fl_error err;
    FILE *file;
    size_t i;

    memset(f, 0, sizeof *f);
    strcpy(f->dir, "/tmp/fl_test_report_XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    snprintf(f->path, sizeof f->path, "%s/small.journal", f->dir);
    file = fopen(f->path, "w");
    assert_non_null(file);
    fputs(journal, file);
    assert_int_equal(fclose(file), 0);

    /* Posting to a parent code is what this test is about: the audit rule is the checker's job. */
    opts.rules_disabled = 1u << FL_RULE_PARENT_SUM;
    assert_int_equal(fl_ledger_new(&f->ledger), FL_OK);
    assert_int_equal(fl_diagnostics_new(&diags, 0), FL_OK);
    if (fl_ledger_load(f->ledger, f->path, &opts, diags) != FL_OK ||
        fl_ledger_finish(f->ledger, &opts, diags) != FL_OK) {
        for (i = 0; i < fl_diagnostics_count(diags); i++) {
            char line[1024];

            fl_error_format(line, sizeof line, fl_diagnostics_get(diags, i));
            print_error("%s\n", line);
        }
        fail_msg("the test journal did not load");
    }
    fl_diagnostics_free(diags);
    fl_error_clear(&err);
    assert_int_equal(fl_report_new(&f->report, f->ledger, NULL, &err), FL_OK);
}

static void unload(fixture *f)
{
    fl_report_free(f->report);
    fl_ledger_free(f->ledger);
    remove(f->path);
    rmdir(f->dir);
}

static int code(const fixture *f, const char *text)
{
    int i = fl_source_tree_find(fl_ledger_sources(f->ledger), text, strlen(text));

    assert_true(i >= 0);
    return i;
}

static void assert_total(const fixture *f, const char *source, fl_entry_kind kind,
                         const char *expected)
{
    fl_dec reduced;

    fl_dec_init(reduced);
    fl_dec_reduce(reduced, fl_report_source_total(f->report, (size_t)code(f, source), kind));
    assert_dec_text(reduced, expected);
    fl_dec_clear(reduced);
}

/* Renders into a string with open_memstream; the caller frees it. */
static char *render(const fixture *f, fl_report_by by, fl_scale scale, long places,
                    fl_locale locale, bool csv)
{
    fl_report_render_options o = FL_REPORT_RENDER_OPTIONS_INIT;
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&text, &size);

    assert_non_null(out);
    o.by = by;
    o.scale = scale;
    o.places = places;
    o.locale = locale;
    if (csv)
        assert_int_equal(fl_report_write_csv(f->report, out, &o), FL_OK);
    else
        assert_int_equal(fl_report_write_text(f->report, out, &o), FL_OK);
    assert_int_equal(fclose(out), 0);
    return text;
}

static void test_report__parent_equals_own_plus_children_at_every_level(void **state)
{
    const fl_source_tree *tree;
    fixture f;
    fl_dec sum;
    size_t s, kind;

    (void)state;
    load(&f, small_journal);
    tree = fl_ledger_sources(f.ledger);
    fl_dec_init(sum);
    for (s = 0; s < fl_source_tree_count(tree); s++)
        for (kind = 0; kind < 2; kind++) {
            int child;

            fl_dec_set(sum, fl_report_source_own(f.report, s, (fl_entry_kind)kind));
            for (child = fl_source_tree_first_child(tree, (int)s); child >= 0;
                 child = fl_source_tree_next_sibling(tree, child))
                assert_int_equal(fl_dec_add(sum, sum,
                                            fl_report_source_total(f.report, (size_t)child,
                                                                   (fl_entry_kind)kind)),
                                 FL_OK);
            assert_int_equal(
                fl_dec_cmp(sum, fl_report_source_total(f.report, s, (fl_entry_kind)kind)), 0);
        }
    fl_dec_clear(sum);
    assert_total(&f, "NS.TW.DTPT", FL_KIND_ACTUAL, "2000000000");
    assert_total(&f, "NS.TW", FL_KIND_ACTUAL, "2000000000");
    assert_total(&f, "NS", FL_KIND_ESTIMATE, "1800000000");
    assert_total(&f, "CD", FL_KIND_ACTUAL, "1500000000");
    assert_total(&f, "THU", FL_KIND_ACTUAL, "261800000000");
    assert_total(&f, "THU.ND", FL_KIND_ESTIMATE, "151800000000");
    assert_total(&f, "LG", FL_KIND_ACTUAL, "0");
    assert_true(fl_report_source_has_entries(f.report, (size_t)code(&f, "NS.TW")));
    assert_false(fl_report_source_has_entries(f.report, (size_t)code(&f, "NS.DP")));
    assert_true(fl_report_source_has_estimate(f.report, (size_t)code(&f, "NS")));
    assert_false(fl_report_source_has_estimate(f.report, (size_t)code(&f, "CD")));
    assert_int_equal(fl_report_source_entries(f.report, (size_t)code(&f, "CD")), 3);
    unload(&f);
}

static void test_report__direct_posting_to_a_parent_is_unallocated(void **state)
{
    fixture f;

    (void)state;
    load(&f, small_journal);
    assert_true(fl_report_source_unallocated(f.report, (size_t)code(&f, "CD")));
    assert_dec_text(fl_report_source_own(f.report, (size_t)code(&f, "CD"), FL_KIND_ACTUAL),
                    "100000000");
    /* A leaf's own postings are allocated; a parent reached only through children is clean. */
    assert_false(fl_report_source_unallocated(f.report, (size_t)code(&f, "CD.TM")));
    assert_false(fl_report_source_unallocated(f.report, (size_t)code(&f, "NS")));
    assert_false(fl_report_source_unallocated(f.report, (size_t)code(&f, "DN")));
    unload(&f);
}

static void test_report__groups_are_never_added_together(void **state)
{
    fixture f;
    fl_dec reduced;

    (void)state;
    load(&f, small_journal);
    fl_dec_init(reduced);
    fl_dec_reduce(reduced, fl_report_group_total(f.report, FL_SOURCE_GROUP_NTM, FL_KIND_ACTUAL));
    assert_dec_text(reduced, "3833333333");
    fl_dec_reduce(reduced, fl_report_group_total(f.report, FL_SOURCE_GROUP_NTM, FL_KIND_ESTIMATE));
    assert_dec_text(reduced, "1800000000");
    fl_dec_reduce(reduced, fl_report_group_total(f.report, FL_SOURCE_GROUP_THU, FL_KIND_ACTUAL));
    assert_dec_text(reduced, "261800000000");
    fl_dec_clear(reduced);
    assert_true(fl_report_group_has_entries(f.report, FL_SOURCE_GROUP_THU));
    assert_null(fl_report_group_total(f.report, 99, FL_KIND_ACTUAL));
    unload(&f);
}

static void test_report__shares_of_top_level_codes_add_up_to_100(void **state)
{
    fixture f;

    (void)state;
    load(&f, small_journal);
    /* 52.1739.., 8.6956.., 39.1304..: the floors add up to 99.99 and DN's remainder is largest. */
    assert_int_equal(fl_report_group_shares(f.report, FL_SOURCE_GROUP_NTM), FL_SHARES_COMPUTED);
    assert_dec_text(fl_report_source_share(f.report, (size_t)code(&f, "NS")), "52.17");
    assert_dec_text(fl_report_source_share(f.report, (size_t)code(&f, "DN")), "8.70");
    assert_dec_text(fl_report_source_share(f.report, (size_t)code(&f, "CD")), "39.13");
    assert_dec_text(fl_report_source_share(f.report, (size_t)code(&f, "THU")), "100.00");
    /* Only top-level codes with entries have a share. */
    assert_null(fl_report_source_share(f.report, (size_t)code(&f, "CD.TM")));
    assert_null(fl_report_source_share(f.report, (size_t)code(&f, "LG")));
    unload(&f);
}

static void test_report__group_whose_total_is_zero_has_no_shares(void **state)
{
    fixture f;
    char *text;

    (void)state;
    load(&f, "2018-03-15 \"Kim Chính\" CD.TM 100.000 ref=PT-01\n"
             "2018-03-16 \"Kim Chính\" CD.TM -100.000 ref=PT-01-H reverses=PT-01\n");
    assert_int_equal(fl_report_group_shares(f.report, FL_SOURCE_GROUP_NTM), FL_SHARES_ZERO_TOTAL);
    assert_int_equal(fl_report_group_shares(f.report, FL_SOURCE_GROUP_THU), FL_SHARES_NO_ENTRIES);
    assert_null(fl_report_source_share(f.report, (size_t)code(&f, "CD")));
    text = render(&f, FL_REPORT_BY_SOURCE, FL_SCALE_DONG, -1, FL_LOCALE_EN, false);
    assert_non_null(strstr(text, "No shares: the group's actual total is 0.\n"));
    free(text);
    unload(&f);
}

static void test_report__percent_of_estimate_per_line_and_group(void **state)
{
    fixture f;
    fl_dec achieved, over;

    (void)state;
    load(&f, small_journal);
    fl_dec_init(achieved);
    fl_dec_init(over);
    assert_int_equal(fl_report_source_percent(achieved, over, f.report, (size_t)code(&f, "THU")),
                     FL_OK);
    assert_dec_text(achieved, "172.46");
    assert_dec_text(over, "72.46");
    assert_int_equal(fl_report_source_percent(achieved, over, f.report, (size_t)code(&f, "NS.TW")),
                     FL_OK);
    assert_dec_text(achieved, "111.11");
    assert_dec_text(over, "11.11");
    assert_int_equal(fl_report_source_percent(achieved, over, f.report, (size_t)code(&f, "CD")),
                     FL_ERR_DIVISION_BY_ZERO);
    assert_int_equal(fl_report_group_percent(achieved, over, f.report, FL_SOURCE_GROUP_THU), FL_OK);
    assert_dec_text(over, "72.46");
    fl_dec_clear(achieved);
    fl_dec_clear(over);
    unload(&f);
}

static void test_report__unit_matrix_rows_and_columns_add_up(void **state)
{
    fixture f;
    long kim_chinh, phat_diem;
    size_t t, tops;
    fl_dec sum, reduced;

    (void)state;
    load(&f, small_journal);
    kim_chinh = fl_ledger_find_unit(f.ledger, "Kim Chính", strlen("Kim Chính"));
    phat_diem = fl_ledger_find_unit(f.ledger, "Phát Diệm", strlen("Phát Diệm"));
    assert_true(kim_chinh >= 0 && phat_diem >= 0);
    fl_dec_init(sum);
    fl_dec_init(reduced);
    fl_dec_reduce(reduced, fl_report_unit_total(f.report, (size_t)kim_chinh, FL_SOURCE_GROUP_NTM,
                                                FL_KIND_ACTUAL));
    assert_dec_text(reduced, "1733333333");
    assert_false(fl_report_unit_has_entries(f.report, (size_t)kim_chinh, FL_SOURCE_GROUP_THU));
    /* Every column total (a top-level code's total) is the sum of its cells. */
    tops = fl_report_top_count(f.report);
    for (t = 0; t < tops; t++) {
        size_t u;

        fl_dec_set_si(sum, 0);
        for (u = 0; u < fl_ledger_unit_count(f.ledger); u++)
            assert_int_equal(
                fl_dec_add(sum, sum, fl_report_unit_cell(f.report, u, t, FL_KIND_ACTUAL)), FL_OK);
        assert_int_equal(
            fl_dec_cmp(sum, fl_report_source_total(f.report, fl_report_top_source(f.report, t),
                                                   FL_KIND_ACTUAL)),
            0);
    }
    fl_dec_clear(sum);
    fl_dec_clear(reduced);
    unload(&f);
}

static void test_report__months_ascending_per_group(void **state)
{
    fixture f;

    (void)state;
    load(&f, small_journal);
    assert_int_equal(fl_report_month_count(f.report), 6);
    assert_int_equal(fl_report_month(f.report, 0), 201801);
    assert_int_equal(fl_report_month(f.report, 5), 201812);
    assert_true(fl_report_month_has_entries(f.report, 0, FL_SOURCE_GROUP_THU));
    assert_false(fl_report_month_has_entries(f.report, 1, FL_SOURCE_GROUP_THU));
    assert_dec_text(fl_report_month_total(f.report, 3, FL_SOURCE_GROUP_NTM, FL_KIND_ACTUAL),
                    "2100000000");
    unload(&f);
}

static const char *string_at(const cJSON *object, const char *key)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(object, key);

    assert_non_null(item);
    assert_true(cJSON_IsString(item));
    return item->valuestring;
}

static void assert_keys(const cJSON *object, const char *const *keys, size_t n)
{
    const cJSON *item = object->child;
    size_t i;

    for (i = 0; i < n; i++, item = item->next) {
        assert_non_null(item);
        assert_string_equal(item->string, keys[i]);
    }
    assert_null(item);
}

static const cJSON *source_item(const cJSON *by_source, const char *code_text)
{
    const cJSON *item;

    cJSON_ArrayForEach(item, by_source)
    {
        if (strcmp(string_at(item, "code"), code_text) == 0)
            return item;
    }
    fail_msg("%s is not in by_source", code_text);
    return NULL;
}

static void test_report__json_summary_has_exact_strings_in_a_stable_order(void **state)
{
    static const char *const root_keys[] = {"schema",  "currency", "totals", "by_source",
                                            "by_unit", "by_month", "claims"};
    static const char *const source_keys[] = {"code",
                                              "label",
                                              "actual",
                                              "estimate",
                                              "share",
                                              "group",
                                              "percent_of_estimate",
                                              "percent_over_estimate"};
    static const char *const unit_keys[] = {"unit", "group", "actual", "estimate"};
    static const char *const month_keys[] = {"month", "group", "actual", "estimate"};
    static const char *const claim_keys[] = {"file", "line", "text", "holds", "value"};
    const fl_report_claim claims[] = {
        {"small.claims", 3, "total source=CD = 1,5 tỷ", true, "1500000000"},
        {NULL, 0, "over-estimate source=THU = 72,5 %", false, NULL},
    };
    fixture f;
    char *text = NULL;
    cJSON *root;
    const cJSON *by_source, *item, *list;

    (void)state;
    load(&f, small_journal);
    assert_int_equal(fl_report_to_json(&text, f.report, claims, 2), FL_OK);
    assert_true(text[strlen(text) - 1] == '\n');
    root = cJSON_Parse(text);
    assert_non_null(root);
    assert_keys(root, root_keys, 7);
    assert_string_equal(string_at(root, "schema"), "fundledger.summary/1");
    assert_string_equal(string_at(root, "currency"), "VND");

    item = cJSON_GetObjectItemCaseSensitive(root, "totals");
    assert_int_equal(cJSON_GetArraySize(item), 2);
    assert_string_equal(string_at(cJSON_GetObjectItemCaseSensitive(item, "NTM"), "actual"),
                        "3833333333");
    assert_string_equal(string_at(cJSON_GetObjectItemCaseSensitive(item, "NTM"), "estimate"),
                        "1800000000");
    assert_string_equal(string_at(cJSON_GetObjectItemCaseSensitive(item, "THU"), "actual"),
                        "261800000000");

    by_source = cJSON_GetObjectItemCaseSensitive(root, "by_source");
    /* NS, NS.TW, NS.TW.DTPT, DN, CD, CD.TM, CD.NC, THU, THU.ND, THU.ND.SDD: tree order. */
    assert_int_equal(cJSON_GetArraySize(by_source), 10);
    assert_string_equal(string_at(cJSON_GetArrayItem(by_source, 3), "code"), "DN");
    item = source_item(by_source, "NS");
    assert_keys(item, source_keys, 8);
    assert_string_equal(string_at(item, "label"), "Ngân sách nhà nước");
    assert_string_equal(string_at(item, "actual"), "2000000000");
    assert_string_equal(string_at(item, "estimate"), "1800000000");
    assert_string_equal(string_at(item, "share"), "52.17");
    assert_string_equal(string_at(item, "group"), "NTM");
    assert_string_equal(string_at(item, "percent_of_estimate"), "111.11");
    assert_string_equal(string_at(item, "percent_over_estimate"), "11.11");
    item = source_item(by_source, "CD");
    assert_string_equal(string_at(item, "estimate"), "0");
    assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(item, "percent_of_estimate")));
    assert_string_equal(string_at(cJSON_GetObjectItemCaseSensitive(item, "unallocated"), "actual"),
                        "100000000");
    item = source_item(by_source, "CD.TM");
    assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(item, "share")));
    assert_null(cJSON_GetObjectItemCaseSensitive(item, "unallocated"));
    assert_string_equal(string_at(source_item(by_source, "THU"), "share"), "100.00");
    assert_string_equal(string_at(source_item(by_source, "THU"), "percent_over_estimate"), "72.46");

    list = cJSON_GetObjectItemCaseSensitive(root, "by_unit");
    assert_int_equal(cJSON_GetArraySize(list), 3);
    item = cJSON_GetArrayItem(list, 0);
    assert_keys(item, unit_keys, 4);
    assert_string_equal(string_at(item, "unit"), "Kim Chính");
    assert_string_equal(string_at(item, "actual"), "1733333333");
    assert_string_equal(string_at(item, "estimate"), "0");
    item = cJSON_GetArrayItem(list, 2);
    assert_string_equal(string_at(item, "unit"), "Huyện Kim Sơn");
    assert_string_equal(string_at(item, "group"), "THU");

    list = cJSON_GetObjectItemCaseSensitive(root, "by_month");
    /* 2018-01 NTM and THU, 03, 04, 05, 06 NTM, 12 THU. */
    assert_int_equal(cJSON_GetArraySize(list), 7);
    item = cJSON_GetArrayItem(list, 1);
    assert_keys(item, month_keys, 4);
    assert_string_equal(string_at(item, "month"), "2018-01");
    assert_string_equal(string_at(item, "group"), "THU");
    assert_string_equal(string_at(item, "actual"), "0");
    assert_string_equal(string_at(item, "estimate"), "151800000000");

    list = cJSON_GetObjectItemCaseSensitive(root, "claims");
    assert_int_equal(cJSON_GetArraySize(list), 2);
    item = cJSON_GetArrayItem(list, 0);
    assert_keys(item, claim_keys, 5);
    assert_string_equal(string_at(item, "file"), "small.claims");
    assert_true(cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(item, "line")));
    assert_int_equal(cJSON_GetObjectItemCaseSensitive(item, "line")->valueint, 3);
    assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(item, "holds")));
    assert_string_equal(string_at(item, "value"), "1500000000");
    item = cJSON_GetArrayItem(list, 1);
    assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(item, "file")));
    assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(item, "line")));
    assert_true(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(item, "holds")));
    assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(item, "value")));

    cJSON_Delete(root);
    free(text);
    unload(&f);
}

/* The whole text of a small report, pinned: labels, alignment by characters, scale, places. */
static const char golden_source_vi_trieu[] =
    "Báo cáo nguồn vốn theo nguồn, từ 05/01/2018 đến 20/12/2018; 1 tệp đầu vào\n"
    "Đơn vị tính: triệu đồng\n"
    "\n"
    "NTM: Tổng nguồn lực huy động xây dựng nông thôn mới\n"
    "Mã              Nguồn vốn                        Thực hiện  Dự toán  Tỷ trọng (%)\n"
    "--------------  ----------------------------  ------------  -------  ------------\n"
    "NS              Ngân sách nhà nước                   2.000    1.800         52,17\n"
    "  NS.TW         Ngân sách trung ương                 2.000    1.800\n"
    "    NS.TW.DTPT  Vốn đầu tư phát triển                2.000    1.800\n"
    "DN              Vốn doanh nghiệp, hợp tác xã    333,333333                   8,70\n"
    "CD              Huy động từ cộng đồng dân cư         1.500                  39,13\n"
    "  CD.TM         Tiền mặt                             1.250\n"
    "  CD.NC         Ngày công lao động quy đổi             150\n"
    "--------------  ----------------------------  ------------  -------  ------------\n"
    "Cộng                                          3.833,333333    1.800        100,00\n"
    "\n"
    "Tỷ trọng: phần của mỗi nguồn cấp 1 trong tổng thực hiện của nhóm, làm tròn 2 chữ số thập phân "
    "theo phương pháp phần dư lớn nhất để các tỷ trọng cộng lại đúng 100 (phần dư bằng nhau: nguồn "
    "đứng trước trong cây nguồn được ưu tiên).\n"
    "Ghi trực tiếp vào mã cha CD, chưa phân bổ cho mã con: thực hiện 100, dự toán 0.\n"
    "\n"
    "THU: Thu ngân sách nhà nước trên địa bàn\n"
    "Mã              Nguồn vốn                            Thực hiện  Dự toán  Tỷ trọng (%)\n"
    "--------------  -----------------------------------  ---------  -------  ------------\n"
    "THU             Thu ngân sách nhà nước trên địa bàn    261.800  151.800        100,00\n"
    "  THU.ND        Thu nội địa                            261.800  151.800\n"
    "    THU.ND.SDD  Thu tiền sử dụng đất                   261.800  151.800\n"
    "--------------  -----------------------------------  ---------  -------  ------------\n"
    "Cộng                                                   261.800  151.800        100,00\n"
    "\n"
    "Tỷ trọng: phần của mỗi nguồn cấp 1 trong tổng thực hiện của nhóm, làm tròn 2 chữ số thập phân "
    "theo phương pháp phần dư lớn nhất để các tỷ trọng cộng lại đúng 100 (phần dư bằng nhau: nguồn "
    "đứng trước trong cây nguồn được ưu tiên).\n";

static const char golden_source_en_ty_3[] =
    "Funding report by source, 2018-01-05 to 2018-12-20; 1 input\n"
    "Unit: billion VND\n"
    "\n"
    "NTM: Total resources mobilized for New Rural Development\n"
    "Code            Source                     Actual  Estimate  Share (%)\n"
    "--------------  -------------------------  ------  --------  ---------\n"
    "NS              State budget                2.000     1.800      52.17\n"
    "  NS.TW         Central budget              2.000     1.800\n"
    "    NS.TW.DTPT  Development investment      2.000     1.800\n"
    "DN              Enterprises, cooperatives   0.333                 8.70\n"
    "CD              Community contributions     1.500                39.13\n"
    "  CD.TM         Cash                        1.250\n"
    "  CD.NC         Labour days, valued         0.150\n"
    "--------------  -------------------------  ------  --------  ---------\n"
    "Total                                       3.833     1.800     100.00\n"
    "\n"
    "Shares: each top-level source's part of the group's actual total, rounded to 2 places by the "
    "largest remainder method so that the shares add up to exactly 100 (equal remainders: the "
    "source earlier in the tree comes first).\n"
    "Posted directly to the parent CD, not allocated to a child: actual 0.100, estimate 0.000.\n"
    "\n"
    "THU: State budget revenue in the district\n"
    "Code            Source                                 Actual  Estimate  Share (%)\n"
    "--------------  ------------------------------------  -------  --------  ---------\n"
    "THU             State budget revenue in the district  261.800   151.800     100.00\n"
    "  THU.ND        Domestic revenue                      261.800   151.800\n"
    "    THU.ND.SDD  Land use fees                         261.800   151.800\n"
    "--------------  ------------------------------------  -------  --------  ---------\n"
    "Total                                                 261.800   151.800     100.00\n"
    "\n"
    "Shares: each top-level source's part of the group's actual total, rounded to 2 places by the "
    "largest remainder method so that the shares add up to exactly 100 (equal remainders: the "
    "source earlier in the tree comes first).\n";

static const char golden_kind_vi_ty_1[] =
    "Báo cáo thực hiện so với dự toán, từ 05/01/2018 đến 20/12/2018; 1 tệp đầu vào\n"
    "Đơn vị tính: tỷ đồng\n"
    "\n"
    "NTM: Tổng nguồn lực huy động xây dựng nông thôn mới\n"
    "Mã              Nguồn vốn              Thực hiện  Dự toán  Đạt % dự toán  Vượt % dự toán\n"
    "--------------  ---------------------  ---------  -------  -------------  --------------\n"
    "NS              Ngân sách nhà nước           2,0      1,8         111,11           11,11\n"
    "  NS.TW         Ngân sách trung ương         2,0      1,8         111,11           11,11\n"
    "    NS.TW.DTPT  Vốn đầu tư phát triển        2,0      1,8         111,11           11,11\n"
    "--------------  ---------------------  ---------  -------  -------------  --------------\n"
    "Cộng                                         3,8      1,8         212,96          112,96\n"
    "\n"
    "Đạt % dự toán = thực hiện / dự toán × 100; vượt % dự toán = (thực hiện / dự toán − 1) × 100; "
    "làm tròn 2 chữ số thập phân (nửa lên).\n"
    "\n"
    "THU: Thu ngân sách nhà nước trên địa bàn\n"
    "Mã              Nguồn vốn                            Thực hiện  Dự toán  Đạt % dự toán  Vượt "
    "% dự toán\n"
    "--------------  -----------------------------------  ---------  -------  -------------  "
    "--------------\n"
    "THU             Thu ngân sách nhà nước trên địa bàn      261,8    151,8         172,46        "
    "   72,46\n"
    "  THU.ND        Thu nội địa                              261,8    151,8         172,46        "
    "   72,46\n"
    "    THU.ND.SDD  Thu tiền sử dụng đất                     261,8    151,8         172,46        "
    "   72,46\n"
    "--------------  -----------------------------------  ---------  -------  -------------  "
    "--------------\n"
    "Cộng                                                     261,8    151,8         172,46        "
    "   72,46\n"
    "\n"
    "Đạt % dự toán = thực hiện / dự toán × 100; vượt % dự toán = (thực hiện / dự toán − 1) × 100; "
    "làm tròn 2 chữ số thập phân (nửa lên).\n";

static const char golden_source_csv[] =
    "group,code,parent,depth,label,actual,estimate,share,unallocated_actual,unallocated_estimate\n"
    "NTM,NS,,0,Ngân sách nhà nước,2000000000,1800000000,52.17,0,0\n"
    "NTM,NS.TW,NS,1,Ngân sách trung ương,2000000000,1800000000,,0,0\n"
    "NTM,NS.TW.DTPT,NS.TW,2,Vốn đầu tư phát triển,2000000000,1800000000,,,\n"
    "NTM,DN,,0,\"Vốn doanh nghiệp, hợp tác xã\",333333333,0,8.70,,\n"
    "NTM,CD,,0,Huy động từ cộng đồng dân cư,1500000000,0,39.13,100000000,0\n"
    "NTM,CD.TM,CD,1,Tiền mặt,1250000000,0,,,\n"
    "NTM,CD.NC,CD,1,Ngày công lao động quy đổi,150000000,0,,,\n"
    "NTM,,,,Tổng nguồn lực huy động xây dựng nông thôn mới,3833333333,1800000000,100.00,,\n"
    "THU,THU,,0,Thu ngân sách nhà nước trên địa bàn,261800000000,151800000000,100.00,0,0\n"
    "THU,THU.ND,THU,1,Thu nội địa,261800000000,151800000000,,0,0\n"
    "THU,THU.ND.SDD,THU.ND,2,Thu tiền sử dụng đất,261800000000,151800000000,,,\n"
    "THU,,,,Thu ngân sách nhà nước trên địa bàn,261800000000,151800000000,100.00,,\n";

static void check_golden(fl_report_by by, fl_scale scale, long places, fl_locale locale, bool csv,
                         const char *expected)
{
    fixture f;
    char *text;

    load(&f, small_journal);
    text = render(&f, by, scale, places, locale, csv);
    assert_string_equal(text, expected);
    free(text);
    unload(&f);
}

static void test_report__text_by_source_in_vietnamese_at_trieu(void **state)
{
    (void)state;
    check_golden(FL_REPORT_BY_SOURCE, FL_SCALE_TRIEU, -1, FL_LOCALE_VI, false,
                 golden_source_vi_trieu);
}

static void test_report__text_by_source_in_english_at_ty_3_places(void **state)
{
    (void)state;
    check_golden(FL_REPORT_BY_SOURCE, FL_SCALE_TY, 3, FL_LOCALE_EN, false, golden_source_en_ty_3);
}

static void test_report__text_estimate_against_actual_at_ty_1_place(void **state)
{
    (void)state;
    check_golden(FL_REPORT_BY_KIND, FL_SCALE_TY, 1, FL_LOCALE_VI, false, golden_kind_vi_ty_1);
}

static void test_report__csv_by_source_in_canonical_dong(void **state)
{
    (void)state;
    check_golden(FL_REPORT_BY_SOURCE, FL_SCALE_DONG, -1, FL_LOCALE_VI, true, golden_source_csv);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shares__thirds_where_naive_rounding_gives_99_99),
        cmocka_unit_test(test_shares__halves_where_naive_rounding_gives_100_01),
        cmocka_unit_test(test_shares__largest_remainder_wins_over_tree_order),
        cmocka_unit_test(test_shares__exact_shares_are_kept_and_zero_gets_zero),
        cmocka_unit_test(test_shares__places_zero_and_mixed_exponents),
        cmocka_unit_test(test_shares__refuses_negative_parts_zero_total_and_bad_places),
        cmocka_unit_test(test_shares__always_add_up_to_exactly_100),
        cmocka_unit_test(test_percent__achieved_and_over_at_2_places_half_up),
        cmocka_unit_test(test_percent__zero_estimate_is_refused),
        cmocka_unit_test(test_report__parent_equals_own_plus_children_at_every_level),
        cmocka_unit_test(test_report__direct_posting_to_a_parent_is_unallocated),
        cmocka_unit_test(test_report__groups_are_never_added_together),
        cmocka_unit_test(test_report__shares_of_top_level_codes_add_up_to_100),
        cmocka_unit_test(test_report__group_whose_total_is_zero_has_no_shares),
        cmocka_unit_test(test_report__percent_of_estimate_per_line_and_group),
        cmocka_unit_test(test_report__unit_matrix_rows_and_columns_add_up),
        cmocka_unit_test(test_report__months_ascending_per_group),
        cmocka_unit_test(test_report__json_summary_has_exact_strings_in_a_stable_order),
        cmocka_unit_test(test_report__text_by_source_in_vietnamese_at_trieu),
        cmocka_unit_test(test_report__text_by_source_in_english_at_ty_3_places),
        cmocka_unit_test(test_report__text_estimate_against_actual_at_ty_1_place),
        cmocka_unit_test(test_report__csv_by_source_in_canonical_dong),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
