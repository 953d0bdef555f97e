/*
 * test_claims.c - the claim language (docs/claims.md): parsing with errors
 * that point at their column, and evaluation against small ledgers loaded
 * from journal text: every metric, every operator, rounding half up at the
 * figure's written precision, scale words and percentages in both number
 * conventions, every filter, the refusals (groups added together, unknown
 * codes and units, a share larger than its whole), zero denominators,
 * non-terminating percentages, the audit that runs them, and the figures
 * of the Kim Sơn 2018 article on the sample.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "claims_internal.h"
#include "fundledger/audit.h"
#include "fundledger/report.h"

#include <unistd.h>

/* --- ledgers from journal text ------------------------------------------------------- */

/*
 * The small ledger most tests use.  Totals (đồng):
 *   CD actual 1.500.000.000 (CD.TM 1.350.000.000 = 1.250.000.000 Kim Chính in March
 *   + 100.000.000 Phát Diệm in May; CD.NC 150.000.000 Kim Chính in April);
 *   NS actual 2 tỷ, estimate 1,8 tỷ; DN 333.333.333 in Ân Hòa;
 *   NTM actual 3.833.333.333, estimate 1.800.000.000;
 *   THU actual 261,8 tỷ, estimate 151,8 tỷ.  8 entries, 2 of them estimates.
 */
static const char small_journal[] =
    "locale vi\n"
    "fiscal-year 2018\n"
    "unit \"Kim Chính\" kind=xa\n"
    "unit \"Phát Diệm\" kind=thi-tran\n"
    "unit \"Ân Hoà\" kind=xa\n"
    "unit \"Huyện Kim Sơn\" code=376 kind=huyen\n"
    "2018-03-15 \"Kim Chính\" CD.TM 1.250.000.000 ref=PT-01\n"
    "2018-04-02 \"Kim Chính\" CD.NC 150.000.000 ref=NC-01\n"
    "2018-05-10 \"Phát Diệm\" CD.TM 100.000.000 ref=CD-01\n"
    "2018-05-10 \"Phát Diệm\" NS.TW.DTPT 2 tỷ ref=QĐ-01\n"
    "2018-01-05 \"Phát Diệm\" NS.TW.DTPT 1,8 tỷ kind=estimate ref=DT-01\n"
    "2018-06-01 \"Ân Hòa\" DN 333.333.333 ref=DN-01\n"
    "2018-01-05 \"Huyện Kim Sơn\" THU.ND.SDD 151,8 tỷ kind=estimate ref=NQ-01\n"
    "2018-12-20 \"Huyện Kim Sơn\" THU.ND.SDD 261,8 tỷ ref=UTH-01\n";

typedef struct fixture {
    char dir[64];
    char path[128];
    fl_ledger *ledger;
} fixture;

static void print_diagnostics(fl_diagnostics *diags)
{
    size_t i;

    for (i = 0; i < fl_diagnostics_count(diags); i++) {
        char line[1024];

        fl_error_format(line, sizeof line, fl_diagnostics_get(diags, i));
        print_error("%s\n", line);
    }
}

/* Loads journal text from a file in a new temporary folder. */
static void load(fixture *f, const char *journal)
{
    fl_load_options opts = FL_LOAD_OPTIONS_INIT;
    fl_diagnostics *diags = NULL;
    FILE *file;

    memset(f, 0, sizeof *f);
    strcpy(f->dir, "/tmp/fl_test_claims_XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    snprintf(f->path, sizeof f->path, "%s/small.journal", f->dir);
    file = fopen(f->path, "w");
    assert_non_null(file);
    fputs(journal, file);
    assert_int_equal(fclose(file), 0);

    assert_int_equal(fl_ledger_new(&f->ledger), FL_OK);
    assert_int_equal(fl_diagnostics_new(&diags, 0), FL_OK);
    if (fl_ledger_load(f->ledger, f->path, &opts, diags) != FL_OK ||
        fl_ledger_finish(f->ledger, &opts, diags) != FL_OK) {
        print_diagnostics(diags);
        fail_msg("the test journal did not load");
    }
    fl_diagnostics_free(diags);
}

static void unload(fixture *f)
{
    fl_ledger_free(f->ledger);
    remove(f->path);
    rmdir(f->dir);
}

/* Loads samples/kimson-2018 (its journals, CSV files and claims file). */
static fl_ledger *load_kimson(void)
{
    fl_load_options opts = FL_LOAD_OPTIONS_INIT;
    fl_diagnostics *diags = NULL;
    const char *root = getenv("FL_SOURCE_DIR");
    char path[1024];
    fl_ledger *ledger = NULL;

    snprintf(path, sizeof path, "%s/samples/kimson-2018", root ? root : ".");
    assert_int_equal(fl_ledger_new(&ledger), FL_OK);
    assert_int_equal(fl_diagnostics_new(&diags, 0), FL_OK);
    if (fl_ledger_load(ledger, path, &opts, diags) != FL_OK ||
        fl_ledger_finish(ledger, &opts, diags) != FL_OK) {
        print_diagnostics(diags);
        fail_msg("the Kim Sơn sample did not load from %s", path);
    }
    fl_diagnostics_free(diags);
    return ledger;
}

/* --- claims -------------------------------------------------------------------------- */

static fl_claim *parse_in(const char *text, fl_locale locale)
{
    fl_claim *claim = NULL;
    fl_error err;

    fl_error_clear(&err);
    if (fl_claim_parse(&claim, text, strlen(text), locale, &err) != FL_OK)
        fail_msg("claim \"%s\" did not parse: %lu: %s", text, err.column, err.message);
    assert_non_null(claim);
    return claim;
}

static fl_claim *parse(const char *text)
{
    return parse_in(text, FL_LOCALE_VI);
}

/* Evaluates a claim written in `locale`; the result must be cleared by the caller. */
static void evaluate_in(fl_claim_result *r, const fixture *f, const char *text, fl_locale locale)
{
    fl_claim *claim = parse_in(text, locale);
    fl_error err;

    fl_error_clear(&err);
    fl_claim_result_init(r);
    if (fl_claim_evaluate(r, claim, f->ledger, &err) != FL_OK)
        fail_msg("claim \"%s\" was not evaluated: %lu: %s", text, err.column, err.message);
    fl_claim_free(claim);
}

static void check_in(const fixture *f, const char *text, fl_locale locale, bool holds,
                     const char *value, const char *difference)
{
    fl_claim_result r;

    evaluate_in(&r, f, text, locale);
    if (r.holds != holds)
        fail_msg("claim \"%s\": expected it to %s; value %s, figure %s", text,
                 holds ? "hold" : "fail", r.value ? r.value : "(none)", r.figure);
    assert_null(r.reason);
    assert_string_equal(r.value, value);
    assert_string_equal(r.difference, difference);
    fl_claim_result_clear(&r);
}

/* The claim (vi) holds or fails, with the exact value and value - figure. */
static void check(const fixture *f, const char *text, bool holds, const char *value,
                  const char *difference)
{
    check_in(f, text, FL_LOCALE_VI, holds, value, difference);
}

/* Like check for "=": also the value rounded to the figure's precision and its difference. */
static void check_rounded(const fixture *f, const char *text, bool holds, const char *value,
                          const char *rounded, const char *rounded_difference)
{
    fl_claim_result r;

    evaluate_in(&r, f, text, FL_LOCALE_VI);
    if (r.holds != holds)
        fail_msg("claim \"%s\": expected it to %s; value %s, rounded %s", text,
                 holds ? "hold" : "fail", r.value ? r.value : "(none)",
                 r.rounded ? r.rounded : "(none)");
    assert_string_equal(r.value, value);
    assert_string_equal(r.rounded, rounded);
    assert_string_equal(r.rounded_difference, rounded_difference);
    fl_claim_result_clear(&r);
}

/* Parsing fails with `status` at `column` with exactly `message`. */
static void parse_fails_in(const char *text, fl_locale locale, fl_status status,
                           unsigned long column, const char *message)
{
    fl_claim *claim = NULL;
    fl_error err;

    fl_error_clear(&err);
    if (fl_claim_parse(&claim, text, strlen(text), locale, &err) == FL_OK)
        fail_msg("claim \"%s\" parsed; expected: %s", text, message);
    assert_null(claim);
    assert_int_equal(err.status, status);
    assert_string_equal(err.message, message);
    if (err.column != column)
        fail_msg("claim \"%s\": error at column %lu, expected %lu (%s)", text, err.column, column,
                 err.message);
}

static void parse_fails(const char *text, unsigned long column, const char *message)
{
    parse_fails_in(text, FL_LOCALE_VI, FL_ERR_SYNTAX, column, message);
}

/* The claim parses but evaluating it fails with `status` at `column` with `message`. */
static void evaluation_fails(const fixture *f, const char *text, fl_status status,
                             unsigned long column, const char *message)
{
    fl_claim *claim = parse(text);
    fl_claim_result r;
    fl_error err;

    fl_error_clear(&err);
    fl_claim_result_init(&r);
    assert_int_equal(fl_claim_evaluate(&r, claim, f->ledger, &err), status);
    assert_string_equal(err.message, message);
    if (err.column != column)
        fail_msg("claim \"%s\": error at column %lu, expected %lu (%s)", text, err.column, column,
                 err.message);
    assert_false(r.holds);
    assert_null(r.value);
    assert_null(r.figure);
    fl_claim_free(claim);
}

/* --- parsing ------------------------------------------------------------------------- */

static void test_parse__metrics_operators_and_figure(void **state)
{
    static const struct {
        const char *text;
        fl_claim_metric metric;
        fl_claim_op op;
        const char *figure;
    } cases[] = {
        {"total source=CD = 151,463 tỷ", FL_METRIC_TOTAL, FL_OP_ROUNDS_TO, "151463000000"},
        {"estimate source=THU == 151,8 tỷ", FL_METRIC_ESTIMATE, FL_OP_EQ, "151800000000"},
        {"over-estimate source=THU != 72,46 %", FL_METRIC_OVER_ESTIMATE, FL_OP_NE, "72.46"},
        {"of-estimate source=THU ≠ 172,46%", FL_METRIC_OF_ESTIMATE, FL_OP_NE, "172.46"},
        {"share source=CD within source=NTM < 35,3 %", FL_METRIC_SHARE, FL_OP_LT, "35.3"},
        {"count <= 6", FL_METRIC_COUNT, FL_OP_LE, "6"},
        {"count ≤ 6", FL_METRIC_COUNT, FL_OP_LE, "6"},
        {"total source=CD > 429 tỷ", FL_METRIC_TOTAL, FL_OP_GT, "429000000000"},
        {"total source=CD >= 250 triệu", FL_METRIC_TOTAL, FL_OP_GE, "250000000"},
        {"total source=CD ≥ 250 triệu đồng", FL_METRIC_TOTAL, FL_OP_GE, "250000000"},
        {"total source=CD>=1.250.000.000", FL_METRIC_TOTAL, FL_OP_GE, "1250000000"},
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        fl_claim *c = parse(cases[i].text);
        char buf[64];

        assert_int_equal(fl_claim_get_metric(c), cases[i].metric);
        assert_int_equal(fl_claim_get_op(c), cases[i].op);
        fl_dec_to_buffer(buf, sizeof buf, fl_claim_figure(c)->value);
        assert_string_equal(buf, cases[i].figure);
        assert_int_equal(fl_claim_figure(c)->percent, fl_claim_metric_is_percent(cases[i].metric));
        assert_int_equal(fl_claim_within(c) != NULL, cases[i].metric == FL_METRIC_SHARE);
        fl_claim_free(c);
    }
}

static void test_parse__names_and_symbols(void **state)
{
    (void)state;
    assert_string_equal(fl_claim_metric_name(FL_METRIC_TOTAL), "total");
    assert_string_equal(fl_claim_metric_name(FL_METRIC_ESTIMATE), "estimate");
    assert_string_equal(fl_claim_metric_name(FL_METRIC_OVER_ESTIMATE), "over-estimate");
    assert_string_equal(fl_claim_metric_name(FL_METRIC_OF_ESTIMATE), "of-estimate");
    assert_string_equal(fl_claim_metric_name(FL_METRIC_SHARE), "share");
    assert_string_equal(fl_claim_metric_name(FL_METRIC_COUNT), "count");
    assert_string_equal(fl_claim_metric_name(FL_METRIC_COUNT_), "unknown");
    assert_false(fl_claim_metric_is_percent(FL_METRIC_TOTAL));
    assert_false(fl_claim_metric_is_percent(FL_METRIC_COUNT));
    assert_true(fl_claim_metric_is_percent(FL_METRIC_SHARE));
    assert_string_equal(fl_claim_op_symbol(FL_OP_ROUNDS_TO), "=");
    assert_string_equal(fl_claim_op_symbol(FL_OP_EQ), "==");
    assert_string_equal(fl_claim_op_symbol(FL_OP_NE), "!=");
    assert_string_equal(fl_claim_op_symbol(FL_OP_LT), "<");
    assert_string_equal(fl_claim_op_symbol(FL_OP_LE), "<=");
    assert_string_equal(fl_claim_op_symbol(FL_OP_GT), ">");
    assert_string_equal(fl_claim_op_symbol(FL_OP_GE), ">=");
    assert_string_equal(fl_claim_op_symbol(FL_OP_COUNT_), "?");
}

static void test_parse__comment_and_spaces_are_not_part_of_the_text(void **state)
{
    fl_claim *c;

    (void)state;
    c = parse("  total source=CD = 151,463 tỷ   # cộng đồng dân cư  ");
    assert_string_equal(fl_claim_text(c), "total source=CD = 151,463 tỷ");
    fl_claim_free(c);
    /* a "#" inside quotes or inside a word is text */
    c = parse("\ttotal\tsource=CD unit=\"Thôn #3\",Xóm#4 == 5");
    assert_string_equal(fl_claim_text(c), "total\tsource=CD unit=\"Thôn #3\",Xóm#4 == 5");
    assert_int_equal(fl_claim_filter(c)->units.count, 2);
    assert_string_equal(fl_claim_filter(c)->units.items[0].text, "Thôn #3");
    assert_string_equal(fl_claim_filter(c)->units.items[1].text, "Xóm#4");
    fl_claim_free(c);
    /* a comment that swallows the operator leaves a claim without one */
    parse_fails("total source=CD #= 5", 16,
                "expected an operator (=, ==, !=, <, <=, >, >=) after the filters");
}

static void test_parse__quoted_values_and_lists(void **state)
{
    fl_claim *c;
    const fl_filter *f;

    (void)state;
    c = parse("total source=CD.TM,\"CD.NC\",KH unit=\"Kim Chính\",\"Xóm \\\"Mới\\\" \\\\ 2\" == 1");
    f = fl_claim_filter(c);
    assert_int_equal(f->sources.count, 3);
    assert_string_equal(f->sources.items[0].text, "CD.TM");
    assert_string_equal(f->sources.items[1].text, "CD.NC");
    assert_string_equal(f->sources.items[2].text, "KH");
    assert_int_equal(f->sources.items[2].column, 28);
    assert_string_equal(f->sources.written, "source=CD.TM,\"CD.NC\",KH");
    assert_int_equal(f->units.count, 2);
    assert_string_equal(f->units.items[0].text, "Kim Chính");
    assert_string_equal(f->units.items[1].text, "Xóm \"Mới\" \\ 2");
    assert_int_equal(f->units.items[1].column, 48);
    assert_true(fl_filter_has_sources(f));
    fl_claim_free(c);
}

static void test_parse__syntax_errors_point_at_their_column(void **state)
{
    (void)state;
    parse_fails("", 1,
                "empty claim; expected a metric: total, estimate, over-estimate, of-estimate, "
                "share or count");
    parse_fails("   # only a comment", 1,
                "empty claim; expected a metric: total, estimate, over-estimate, of-estimate, "
                "share or count");
    parse_fails("totl source=CD = 5", 1,
                "unknown metric \"totl\"; expected total, estimate, over-estimate, of-estimate, "
                "share or count");
    parse_fails("  Total source=CD = 5", 3,
                "unknown metric \"Total\"; expected total, estimate, over-estimate, of-estimate, "
                "share or count");
    parse_fails("total sorce=CD = 5", 7,
                "unknown filter \"sorce\"; expected source, unit, month, from, to or kind");
    parse_fails("total source=CD", 16,
                "expected an operator (=, ==, !=, <, <=, >, >=) after the filters");
    parse_fails("total source=CD =", 18, "expected a figure after \"=\"");
    parse_fails("total source=CD ≥  ", 18, "expected a figure after \">=\"");
    parse_fails("total source=CD <> 5", 17,
                "unknown operator \"<>\"; expected =, ==, !=, <, <=, >, >=");
    parse_fails("total source=CD =! 5", 17,
                "unknown operator \"=!\"; expected =, ==, !=, <, <=, >, >=");
    parse_fails("total source=CD foo = 5", 17,
                "expected a filter (source=, unit=, month=, from=, to=, kind=) or an operator "
                "(=, ==, !=, <, <=, >, >=), found \"foo\"");
    parse_fails("total source = CD = 5", 7,
                "write \"source=\" and its value with no spaces, e.g. source=CD");
    parse_fails("total source= = 5", 14, "\"source=\" needs a value");
    parse_fails("total source=CD, = 5", 17, "\"source=\" has an empty item");
    parse_fails("total source=CD,,KH = 5", 17, "\"source=\" has an empty item");
    parse_fails("total source=\"\" = 5", 14, "\"source=\" has an empty item");
    parse_fails("total source=CD source=NS = 5", 17, "\"source=\" is given twice");
    parse_fails("total source=CD unit=\"Kim Chính = 5", 22,
                "the quote in the value of \"unit=\" is not closed");
    parse_fails("total source=CD\"x\" = 5", 16,
                "a quote inside the value of \"source=\"; quote the whole value");
    parse_fails("total month=2018-03,2018-04 source=CD = 5", 20, "\"month=\" takes one value");
    parse_fails("total source=CD month=2018-13 = 5", 23,
                "month \"2018-13\" is not a month; write YYYY-MM (2018-03) or MM/YYYY (03/2018)");
    parse_fails("total source=CD month=2018-3 = 5", 23,
                "month \"2018-3\" is not a month; write YYYY-MM (2018-03) or MM/YYYY (03/2018)");
    parse_fails("total source=CD month=2018-03 month=2018-04 = 5", 31, "\"month=\" is given twice");
    parse_fails("total source=CD from=2018-05-01 to=2018-04-30 = 5", 17,
                "from=2018-05-01 is after to=2018-04-30");
    parse_fails("count unit=\"Kim Chính\" kind=plan == 1", 29,
                "unknown kind \"plan\"; write actual (thực-hiện) or estimate (dự-toán)");
    parse_fails("count kind=actual kind=estimate == 1", 19, "\"kind=\" is given twice");
    parse_fails("total source=CD within source=NTM = 5", 17, "\"within\" is only for share");
    parse_fails("share source=CD = 35 %", 17,
                "share needs \"within\" and the filter of the whole, e.g. share source=CD within "
                "source=NTM = 35,3 %");
    parse_fails("share source=CD within = 35 %", 17,
                "\"within\" needs filters, e.g. within source=NTM");
    parse_fails(
        "share source=CD within unit=\"Kim Chính\" = 35 %", 17,
        "\"within\" needs \"source=\": money is totalled per group of sources (NTM or THU)");
    parse_fails("share source=CD within source=NTM within source=NS = 35 %", 35,
                "\"within\" is given twice");
    parse_fails("total unit=\"Kim Chính\" = 5", 1,
                "total needs \"source=\": money is totalled per group of sources (NTM or THU)");
    parse_fails("share within source=NTM = 5 %", 1,
                "share needs \"source=\": money is totalled per group of sources (NTM or THU)");
    parse_fails("over-estimate source=THU = 72,46", 28,
                "over-estimate is a percentage: write the figure with \"%\"");
    parse_fails("share source=CD within source=NTM = 35 tỷ", 37,
                "share is a percentage: write the figure with \"%\"");
    parse_fails("total source=CD = 5 %", 19,
                "total is an amount of money: write the figure without \"%\"");
    parse_fails("estimate source=CD = 5%", 22,
                "estimate is an amount of money: write the figure without \"%\"");
    parse_fails("count source=CD = 5 tỷ", 19,
                "count is a number of entries: write a whole number, without \"%\", sign or units");
    parse_fails("count == 5 %", 10,
                "count is a number of entries: write a whole number, without \"%\", sign or units");
    parse_fails("count == 5 đồng", 10,
                "count is a number of entries: write a whole number, without \"%\", sign or units");
    parse_fails("count >= -1", 10,
                "count is a number of entries: write a whole number, without \"%\", sign or units");
    parse_fails("count == 2,5", 10,
                "count is a number of entries: write a whole number, without \"%\", sign or units");
    parse_fails("total source=CD kind=actual = 5", 17,
                "\"kind=\" is only for count: total sums the actual entries, estimate the estimate "
                "ones");
    parse_fails("share source=CD within source=NTM kind=actual = 5 %", 35,
                "\"kind=\" is only for count: total sums the actual entries, estimate the estimate "
                "ones");
}

static void test_parse__columns_count_characters_not_bytes(void **state)
{
    (void)state;
    /* "í" and "ữ" are two and three bytes: columns are characters */
    parse_fails("count unit=\"Kim Chính\" kind=x == 1", 29,
                "unknown kind \"x\"; write actual (thực-hiện) or estimate (dự-toán)");
    parse_fails("count unit=\"Thữ\",\"Kim Chính\" sorce=CD == 1", 30,
                "unknown filter \"sorce\"; expected source, unit, month, from, to or kind");
}

/* --- metrics ------------------------------------------------------------------------- */

static void test_metric__total_and_estimate_sum_their_kind(void **state)
{
    fixture f;
    fl_claim_result r;

    (void)state;
    load(&f, small_journal);
    evaluate_in(&r, &f, "total source=CD == 1.500.000.000", FL_LOCALE_VI);
    assert_true(r.holds);
    assert_true(r.value_exact);
    assert_string_equal(r.value, "1500000000");
    assert_string_equal(r.figure, "1500000000");
    assert_string_equal(r.difference, "0");
    assert_null(r.rounded);
    assert_null(r.rounded_difference);
    assert_null(r.numerator);
    assert_null(r.denominator);
    assert_int_equal(r.entries, 3);
    fl_claim_result_clear(&r);

    /* the estimate entry of NS is not in its total, the actual one not in its estimate */
    check(&f, "total source=NS == 2 tỷ", true, "2000000000", "0");
    check(&f, "estimate source=NS == 1,8 tỷ", true, "1800000000", "0");
    check(&f, "estimate source=CD == 0", true, "0", "0");
    check(&f, "estimate source=THU = 151,8 tỷ", true, "151800000000", "0");
    check(&f, "total source=THU = 261,8 tỷ", true, "261800000000", "0");
    evaluate_in(&r, &f, "estimate source=NTM == 1,8 tỷ", FL_LOCALE_VI);
    assert_true(r.holds);
    assert_int_equal(r.entries, 1);
    fl_claim_result_clear(&r);
    unload(&f);
}

static void test_metric__over_and_of_estimate_are_exact_rationals(void **state)
{
    fixture f;
    fl_claim_result r;

    (void)state;
    load(&f, small_journal);
    /* 2 / 1,8 = 1,111...: does not terminate, shown to the figure's 2 places + 6 */
    evaluate_in(&r, &f, "over-estimate source=NS = 11,11 %", FL_LOCALE_VI);
    assert_true(r.holds);
    assert_false(r.value_exact);
    assert_string_equal(r.value, "11.11111111");
    assert_string_equal(r.figure, "11.11");
    assert_string_equal(r.difference, "0.00111111");
    assert_string_equal(r.rounded, "11.11");
    assert_string_equal(r.rounded_difference, "0");
    assert_string_equal(r.numerator, "2000000000");
    assert_string_equal(r.denominator, "1800000000");
    assert_int_equal(r.entries, 2);
    fl_claim_result_clear(&r);

    evaluate_in(&r, &f, "of-estimate source=NS.TW = 111,1 %", FL_LOCALE_VI);
    assert_true(r.holds);
    assert_false(r.value_exact);
    assert_string_equal(r.value, "111.1111111");
    assert_string_equal(r.difference, "0.0111111");
    assert_string_equal(r.rounded, "111.1");
    fl_claim_result_clear(&r);

    /* the revenue of the article: 261,8 / 151,8 */
    check(&f, "over-estimate source=THU = 72,46 %", true, "72.46376812", "0.00376812");
    check(&f, "over-estimate source=THU == 72,46 %", false, "72.46376812", "0.00376812");
    check(&f, "over-estimate source=THU > 72,46 %", true, "72.46376812", "0.00376812");
    check(&f, "over-estimate source=THU < 72,47 %", true, "72.46376812", "-0.00623188");
    check(&f, "over-estimate source=THU = 72,5 %", true, "72.4637681", "-0.0362319");
    check(&f, "over-estimate source=THU = 72 %", true, "72.463768", "0.463768");
    check(&f, "of-estimate source=THU = 172,46 %", true, "172.46376812", "0.00376812");
    check(&f, "of-estimate source=THU = 172,47 %", false, "172.46376812", "-0.00623188");
    unload(&f);
}

static void test_metric__terminating_percentages_are_exact(void **state)
{
    fixture f;
    fl_claim_result r;

    (void)state;
    load(&f, "2018-01-05 \"Kim Chính\" CD.TM 800.000.000 kind=estimate ref=DT-01\n"
             "2018-06-05 \"Kim Chính\" CD.TM 1.000.000.000 ref=PT-01\n"
             "2018-06-05 \"Kim Chính\" CD.NC 600.000.000 ref=NC-01\n");
    /* 1.000.000.000 / 800.000.000 = 1,25 */
    evaluate_in(&r, &f, "over-estimate source=CD.TM == 25 %", FL_LOCALE_VI);
    assert_true(r.holds);
    assert_true(r.value_exact);
    assert_string_equal(r.value, "25");
    assert_string_equal(r.difference, "0");
    fl_claim_result_clear(&r);
    check(&f, "of-estimate source=CD.TM == 125 %", true, "125", "0");
    /* 1.000 / 1.600 = 62,5 % */
    evaluate_in(&r, &f, "share source=CD.TM within source=CD = 62 %", FL_LOCALE_VI);
    assert_false(r.holds);
    assert_true(r.value_exact);
    assert_string_equal(r.value, "62.5");
    assert_string_equal(r.difference, "0.5");
    assert_string_equal(r.rounded, "63");
    assert_string_equal(r.rounded_difference, "1");
    assert_string_equal(r.numerator, "1000000000");
    assert_string_equal(r.denominator, "1600000000");
    assert_int_equal(r.entries, 1);
    fl_claim_result_clear(&r);
    check(&f, "share source=CD.NC within source=CD == 37,5 %", true, "37.5", "0");
    /* the figure keeps its written places, the value and difference have none to spare */
    evaluate_in(&r, &f, "share source=CD.NC within source=CD = 37,50 %", FL_LOCALE_VI);
    assert_true(r.holds);
    assert_string_equal(r.figure, "37.50");
    assert_string_equal(r.value, "37.5");
    assert_string_equal(r.difference, "0");
    assert_string_equal(r.rounded, "37.50");
    assert_string_equal(r.rounded_difference, "0");
    assert_int_equal(r.metric, FL_METRIC_SHARE);
    fl_claim_result_clear(&r);
    check(&f, "share source=CD within source=CD == 100 %", true, "100", "0");
    unload(&f);
}

static void test_metric__share_of_the_group(void **state)
{
    fixture f;
    fl_claim_result r;

    (void)state;
    load(&f, small_journal);
    /* 1.500.000.000 / 3.833.333.333 */
    evaluate_in(&r, &f, "share source=CD within source=NTM = 39,1 %", FL_LOCALE_VI);
    assert_true(r.holds);
    assert_false(r.value_exact);
    assert_string_equal(r.value, "39.1304348");
    assert_string_equal(r.difference, "0.0304348");
    assert_string_equal(r.numerator, "1500000000");
    assert_string_equal(r.denominator, "3833333333");
    assert_int_equal(r.entries, 3);
    fl_claim_result_clear(&r);
    check(&f, "share source=DN within source=NS,LG,TD,DN,CD,KH = 8,70 %", true, "8.69565217",
          "-0.00434783");
    /* the within filter may narrow by unit and date as well, as long as it holds the part */
    check(&f, "share source=CD.TM unit=\"Kim Chính\" within source=CD unit=\"Kim Chính\" = 89,29 %",
          true, "89.28571429", "-0.00428571");
    unload(&f);
}

static void test_metric__count_counts_entries_of_any_kind_and_group(void **state)
{
    fixture f;
    fl_claim_result r;

    (void)state;
    load(&f, small_journal);
    evaluate_in(&r, &f, "count == 8", FL_LOCALE_VI);
    assert_true(r.holds);
    assert_string_equal(r.value, "8");
    assert_string_equal(r.figure, "8");
    assert_int_equal(r.entries, 8);
    fl_claim_result_clear(&r);
    check(&f, "count = 8", true, "8", "0");
    check(&f, "count == 9", false, "8", "-1");
    check(&f, "count source=CD,THU == 5", true, "5", "0");
    check(&f, "count source=NTM,THU == 8", true, "8", "0");
    check(&f, "count kind=estimate == 2", true, "2", "0");
    check(&f, "count kind=dự-toán == 2", true, "2", "0");
    check(&f, "count kind=du-toan == 2", true, "2", "0");
    check(&f, "count kind=actual == 6", true, "6", "0");
    check(&f, "count kind=thực-hiện == 6", true, "6", "0");
    check(&f, "count kind=thuc-hien == 6", true, "6", "0");
    check(&f, "count source=NS kind=estimate == 1", true, "1", "0");
    check(&f, "count unit=\"Kim Chính\" == 2", true, "2", "0");
    check(&f, "count month=2018-05 == 2", true, "2", "0");
    check(&f, "count source=CD unit=\"Kim Chính\" kind=actual == 2", true, "2", "0");
    check(&f, "count source=KH == 0", true, "0", "0");
    unload(&f);
}

/* --- operators ----------------------------------------------------------------------- */

static void test_operator__each_compares_the_exact_value(void **state)
{
    static const struct {
        const char *text;
        bool holds;
        const char *difference;
    } cases[] = {
        /* total source=CD is 1.500.000.000 */
        {"total source=CD == 1.500.000.000", true, "0"},
        {"total source=CD == 1.500.000.001", false, "-1"},
        {"total source=CD == 1.499.999.999", false, "1"},
        {"total source=CD != 1.500.000.001", true, "-1"},
        {"total source=CD != 1.500.000.000", false, "0"},
        {"total source=CD ≠ 1.499.999.999", true, "1"},
        {"total source=CD ≠ 1.500.000.000", false, "0"},
        {"total source=CD < 1.500.000.001", true, "-1"},
        {"total source=CD < 1.500.000.000", false, "0"},
        {"total source=CD <= 1.500.000.000", true, "0"},
        {"total source=CD <= 1.499.999.999", false, "1"},
        {"total source=CD ≤ 1.500.000.000", true, "0"},
        {"total source=CD ≤ 1.499.999.999", false, "1"},
        {"total source=CD > 1.499.999.999", true, "1"},
        {"total source=CD > 1.500.000.000", false, "0"},
        {"total source=CD >= 1.500.000.000", true, "0"},
        {"total source=CD >= 1.500.000.001", false, "-1"},
        {"total source=CD ≥ 1.500.000.000", true, "0"},
        {"total source=CD ≥ 1.500.000.001", false, "-1"},
        /* "=" rounds half up to the figure's precision: 1,5 tỷ to the tỷ is 2 tỷ */
        {"total source=CD = 1,5 tỷ", true, "0"},
        {"total source=CD = 2 tỷ", true, "-500000000"},
        {"total source=CD = 1 tỷ", false, "500000000"},
        {"total source=CD == 2 tỷ", false, "-500000000"},
        {"total source=CD = 1.500.000.001", false, "-1"},
    };
    fixture f;
    size_t i;

    (void)state;
    load(&f, small_journal);
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
        check(&f, cases[i].text, cases[i].holds, "1500000000", cases[i].difference);
    unload(&f);
}

static void test_operator__rounds_half_up_at_the_written_precision(void **state)
{
    fixture f;

    (void)state;
    /* The table of docs/claims.md: "151,463 tỷ" is written to 10^6 đồng. */
    load(&f, "2018-06-01 \"Kim Chính\" CD.TM 151.462.499.999 ref=A\n"
             "2018-06-01 \"Kim Đông\" CD.TM 151.462.500.000 ref=B\n"
             "2018-06-01 \"Kim Định\" CD.TM 151.463.210.000 ref=C\n"
             "2018-06-01 \"Kim Hải\" CD.TM 151.463.499.999 ref=D\n"
             "2018-06-01 \"Kim Mỹ\" CD.TM 151.463.500.000 ref=E\n"
             "2018-06-01 \"Kim Tân\" DN 333.333.333 ref=F\n");
    check_rounded(&f, "total source=CD unit=\"Kim Chính\" = 151,463 tỷ", false, "151462499999",
                  "151462000000", "-1000000");
    check_rounded(&f, "total source=CD unit=\"Kim Đông\" = 151,463 tỷ", true, "151462500000",
                  "151463000000", "0");
    check_rounded(&f, "total source=CD unit=\"Kim Định\" = 151,463 tỷ", true, "151463210000",
                  "151463000000", "0");
    check_rounded(&f, "total source=CD unit=\"Kim Hải\" = 151,463 tỷ", true, "151463499999",
                  "151463000000", "0");
    check_rounded(&f, "total source=CD unit=\"Kim Mỹ\" = 151,463 tỷ", false, "151463500000",
                  "151464000000", "1000000");
    /* trailing zeros count: "0,330 tỷ" is to 10^6, "0,33 tỷ" to 10^7 */
    check_rounded(&f, "total source=DN = 0,33 tỷ", true, "333333333", "330000000", "0");
    check_rounded(&f, "total source=DN = 0,330 tỷ", false, "333333333", "333000000", "3000000");
    check_rounded(&f, "total source=DN = 0,3 tỷ", true, "333333333", "300000000", "0");
    check_rounded(&f, "total source=DN = 333,3 triệu", true, "333333333", "333300000", "0");
    check_rounded(&f, "total source=DN = 333.333 nghìn", true, "333333333", "333333000", "0");
    check_rounded(&f, "total source=DN = 333.333.333", true, "333333333", "333333333", "0");
    check_rounded(&f, "total source=DN = 333.333.334", false, "333333333", "333333333", "-1");
    check_rounded(&f, "total source=DN = 0 tỷ", true, "333333333", "0", "0");
    unload(&f);
}

static void test_operator__half_up_is_away_from_zero_for_negative_values(void **state)
{
    fixture f;

    (void)state;
    /* 199.990 / 200.000 - 1 = -0,005 %: a tie, rounded away from zero */
    load(&f, "2018-01-05 \"Kim Chính\" CD.TM 200.000 kind=estimate ref=DT-01\n"
             "2018-06-05 \"Kim Chính\" CD.TM 199.990 ref=PT-01\n");
    check_rounded(&f, "over-estimate source=CD = -0,01 %", true, "-0.005", "-0.01", "0");
    check_rounded(&f, "over-estimate source=CD = 0,00 %", false, "-0.005", "-0.01", "-0.01");
    check(&f, "over-estimate source=CD < 0 %", true, "-0.005", "-0.005");
    unload(&f);
}

/* --- figures in both number conventions ---------------------------------------------- */

static void test_figure__scale_words_and_percent_in_vi(void **state)
{
    fixture f;

    (void)state;
    load(&f, small_journal);
    check(&f, "total source=CD == 1,5 tỷ", true, "1500000000", "0");
    check(&f, "total source=CD == 1,5 tỉ", true, "1500000000", "0");
    check(&f, "total source=CD == 1.500 triệu", true, "1500000000", "0");
    check(&f, "total source=CD == 1.500.000 nghìn", true, "1500000000", "0");
    check(&f, "total source=CD == 1.500.000 ngàn đồng", true, "1500000000", "0");
    check(&f, "total source=CD == 1.500.000.000 đồng", true, "1500000000", "0");
    check(&f, "total source=CD == 1.500.000.000 VND", true, "1500000000", "0");
    check(&f, "total source=CD == 1.500.000.000đ", true, "1500000000", "0");
    check(&f, "total source=THU == 0,2618 nghìn tỷ", true, "261800000000", "0");
    /* in vi "1.908" is one thousand nine hundred and eight */
    check(&f, "count == 1.908", false, "8", "-1900");
    check(&f, "over-estimate source=THU = 72,46%", true, "72.46376812", "0.00376812");
    check(&f, "over-estimate source=THU > 72,4 %", true, "72.4637681", "0.0637681");
    unload(&f);
}

static void test_figure__scale_words_and_percent_in_en(void **state)
{
    fixture f;

    (void)state;
    load(&f, small_journal);
    check_in(&f, "total source=CD == 1.5 billion", FL_LOCALE_EN, true, "1500000000", "0");
    check_in(&f, "total source=CD == 1,500 million VND", FL_LOCALE_EN, true, "1500000000", "0");
    check_in(&f, "total source=CD == 1,500,000,000", FL_LOCALE_EN, true, "1500000000", "0");
    check_in(&f, "total source=CD == 1.5 tỷ", FL_LOCALE_EN, true, "1500000000", "0");
    check_in(&f, "total source=CD = 1.50 billion", FL_LOCALE_EN, true, "1500000000", "0");
    check_in(&f, "over-estimate source=THU = 72.46 %", FL_LOCALE_EN, true, "72.46376812",
             "0.00376812");
    check_in(&f, "of-estimate source=THU = 172.46%", FL_LOCALE_EN, true, "172.46376812",
             "0.00376812");
    check_in(&f, "share source=CD within source=NTM = 39.13 %", FL_LOCALE_EN, true, "39.13043479",
             "0.00043479");
    unload(&f);
}

static void test_figure__the_convention_decides_and_ambiguity_is_refused(void **state)
{
    fl_claim *c;
    char buf[64];

    (void)state;
    /* the same text, two conventions */
    c = parse_in("total source=CD == 1.908", FL_LOCALE_VI);
    fl_dec_to_buffer(buf, sizeof buf, fl_claim_figure(c)->value);
    assert_string_equal(buf, "1908");
    fl_claim_free(c);
    c = parse_in("total source=CD == 1.908", FL_LOCALE_EN);
    fl_dec_to_buffer(buf, sizeof buf, fl_claim_figure(c)->value);
    assert_string_equal(buf, "1.908");
    fl_claim_free(c);
    /* 1.908 in en is not a whole number of entries */
    parse_fails_in(
        "count == 1.908", FL_LOCALE_EN, FL_ERR_SYNTAX, 10,
        "count is a number of entries: write a whole number, without \"%\", sign or units");
    /* the amount reader's own messages, at their column in the claim */
    parse_fails_in("total source=CD == 1.500.000.000", FL_LOCALE_EN, FL_ERR_SYNTAX, 25,
                   "amount \"1.500.000.000\" has two decimal marks (\".\" is the decimal mark in "
                   "the en convention)");
    parse_fails_in("total source=CD == 1,500,000,000", FL_LOCALE_VI, FL_ERR_SYNTAX, 25,
                   "amount \"1,500,000,000\" has two decimal marks (\",\" is the decimal mark in "
                   "the vi convention)");
    parse_fails_in("total unit=\"Kim Chính\" source=CD == 12 tỷ rưỡi", FL_LOCALE_VI, FL_ERR_SYNTAX,
                   43, "amount \"12 tỷ rưỡi\": \"rưỡi\" is not a scale or currency word");
    parse_fails_in("over-estimate source=THU = 72,46 % tỷ", FL_LOCALE_VI, FL_ERR_SYNTAX, 36,
                   "amount \"72,46 % tỷ\": a percentage cannot have a scale or currency word");
}

/* --- filters ------------------------------------------------------------------------- */

static void test_filter__source_lists_descendants_and_groups(void **state)
{
    fixture f;

    (void)state;
    load(&f, small_journal);
    check(&f, "total source=CD.TM == 1.350.000.000", true, "1350000000", "0");
    check(&f, "total source=CD.TM,CD.NC == 1.500.000.000", true, "1500000000", "0");
    /* a code named with its parent is counted once */
    check(&f, "total source=CD,CD.TM == 1.500.000.000", true, "1500000000", "0");
    check(&f, "total source=cd.tm == 1.350.000.000", true, "1350000000", "0");
    check(&f, "total source=NS,LG,TD,DN,CD,KH == 3.833.333.333", true, "3833333333", "0");
    check(&f, "total source=NTM == 3.833.333.333", true, "3833333333", "0");
    check(&f, "total source=ntm == 3.833.333.333", true, "3833333333", "0");
    check(&f, "total source=NTM,CD == 3.833.333.333", true, "3833333333", "0");
    check(&f, "estimate source=NTM == 1.800.000.000", true, "1800000000", "0");
    check(&f, "total source=THU == 261.800.000.000", true, "261800000000", "0");
    check(&f, "total source=THU.ND == 261.800.000.000", true, "261800000000", "0");
    check(&f, "total source=THU.XNK == 0", true, "0", "0");
    check(&f, "total source=\"KH\",LG == 0", true, "0", "0");
    unload(&f);
}

static void test_filter__units_quoted_listed_and_folded(void **state)
{
    fixture f;

    (void)state;
    load(&f, small_journal);
    check(&f, "total source=CD unit=\"Kim Chính\" == 1.400.000.000", true, "1400000000", "0");
    check(&f, "total source=CD unit=\"Kim Chính\",\"Phát Diệm\" == 1.500.000.000", true,
          "1500000000", "0");
    /* declared "Ân Hoà", written "Ân Hòa" in the entry: one unit however it is spelt */
    check(&f, "total source=DN unit=\"Ân Hoà\" == 333.333.333", true, "333333333", "0");
    check(&f, "total source=DN unit=\"Ân Hòa\" == 333.333.333", true, "333333333", "0");
    check(&f, "total source=DN unit=\"ÂN HÒA\" == 333.333.333", true, "333333333", "0");
    check(&f, "total source=NTM unit=\"ân hoà\" == 333.333.333", true, "333333333", "0");
    check(&f, "total source=CD unit=\"KIM CHÍNH\" == 1.400.000.000", true, "1400000000", "0");
    check(&f, "total source=THU unit=\"Huyện Kim Sơn\" == 261,8 tỷ", true, "261800000000", "0");
    check(&f, "total source=THU unit=\"Kim Chính\" == 0", true, "0", "0");
    unload(&f);
}

static void test_filter__bare_unit_names(void **state)
{
    fixture f;

    (void)state;
    load(&f, "2018-06-01 Xuân_Thiện CD.TM 5.000 ref=A\n"
             "2018-06-01 \"Kim Chính\" CD.TM 7.000 ref=B\n");
    check(&f, "total source=CD unit=Xuân_Thiện == 5.000", true, "5000", "0");
    check(&f, "total source=CD unit=XUÂN_THIỆN,\"Kim Chính\" == 12.000", true, "12000", "0");
    unload(&f);
}

static void test_filter__months_and_dates_inclusive(void **state)
{
    fixture f;

    (void)state;
    load(&f, small_journal);
    check(&f, "total source=CD month=2018-03 == 1.250.000.000", true, "1250000000", "0");
    check(&f, "total source=CD month=03/2018 == 1.250.000.000", true, "1250000000", "0");
    check(&f, "total source=CD month=3/2018 == 1.250.000.000", true, "1250000000", "0");
    check(&f, "total source=CD month=2018-02 == 0", true, "0", "0");
    check(&f, "total source=CD month=2017-03 == 0", true, "0", "0");
    /* from= and to= are inclusive, in either date form */
    check(&f, "total source=CD from=2018-04-02 == 250.000.000", true, "250000000", "0");
    check(&f, "total source=CD from=2018-04-03 == 100.000.000", true, "100000000", "0");
    check(&f, "total source=CD to=2018-04-02 == 1.400.000.000", true, "1400000000", "0");
    check(&f, "total source=CD to=01/04/2018 == 1.250.000.000", true, "1250000000", "0");
    check(&f, "total source=CD from=2/4/2018 to=10/05/2018 == 250.000.000", true, "250000000", "0");
    check(&f, "total source=CD from=2018-03-15 to=2018-03-15 == 1.250.000.000", true, "1250000000",
          "0");
    /* given together they narrow each other */
    check(&f, "total source=CD month=2018-04 from=2018-04-02 == 150.000.000", true, "150000000",
          "0");
    check(&f, "total source=CD month=2018-05 to=2018-05-09 == 0", true, "0", "0");
    check(&f, "total source=CD from=2018-01-01 month=2018-03 == 1.250.000.000", true, "1250000000",
          "0");
    unload(&f);
}

static void test_filter__date_filters_that_pick_no_day_are_refused(void **state)
{
    (void)state;
    parse_fails("total source=CD month=2018-03 from=2018-04-01 = 5", 31,
                "from=2018-04-01 is after the end of month=2018-03");
    parse_fails("total source=CD to=2018-02-28 month=2018-03 = 5", 17,
                "to=2018-02-28 is before the start of month=2018-03");
    parse_fails("total source=CD to=2018-02-28 from=2018-03-01 = 5", 31,
                "from=2018-03-01 is after to=2018-02-28");
    parse_fails("share source=CD within source=NTM from=2018-05-01 to=2018-04-30 = 5 %", 35,
                "from=2018-05-01 is after to=2018-04-30");
    parse_fails("total source=CD from=2018-02-30 = 5", 22,
                "date \"2018-02-30\" does not exist: February 2018 has 28 days");
}

/* --- refusals ------------------------------------------------------------------------ */

static void test_refusal__money_of_two_groups_is_never_added(void **state)
{
    fixture f;

    (void)state;
    load(&f, small_journal);
    evaluation_fails(&f, "total source=CD,THU = 5 tỷ", FL_ERR_VALIDATION, 7,
                     "source=CD,THU adds groups NTM and THU together; totals are per group");
    evaluation_fails(&f, "estimate source=THU.ND,NTM = 5 tỷ", FL_ERR_VALIDATION, 10,
                     "source=THU.ND,NTM adds groups THU and NTM together; totals are per group");
    evaluation_fails(&f, "over-estimate source=NS,THU = 5 %", FL_ERR_VALIDATION, 15,
                     "source=NS,THU adds groups NTM and THU together; totals are per group");
    evaluation_fails(&f, "share source=CD within source=NTM,THU = 5 %", FL_ERR_VALIDATION, 24,
                     "source=NTM,THU adds groups NTM and THU together; totals are per group");
    evaluation_fails(&f, "share source=CD within source=THU = 5 %", FL_ERR_VALIDATION, 17,
                     "source=CD and within source=THU are in groups NTM and THU; a share is "
                     "within one group");
    unload(&f);
}

static void test_refusal__unknown_codes_and_units_with_suggestions(void **state)
{
    fixture f;

    (void)state;
    load(&f, small_journal);
    evaluation_fails(&f, "total source=CD,CD.TN = 5", FL_ERR_NOT_FOUND, 17,
                     "unknown funding source \"CD.TN\"; did you mean \"CD.TM\"?");
    evaluation_fails(&f, "total source=ZZZ = 5", FL_ERR_NOT_FOUND, 14,
                     "unknown funding source \"ZZZ\" (see 'fundledger sources' for the list)");
    evaluation_fails(&f, "share source=CD within source=NTN = 5 %", FL_ERR_NOT_FOUND, 31,
                     "unknown funding source \"NTN\"; did you mean \"NTM\"?");
    evaluation_fails(&f, "count source=THU.XKN == 0", FL_ERR_NOT_FOUND, 14,
                     "unknown funding source \"THU.XKN\"; did you mean \"THU.XNK\"?");
    evaluation_fails(&f, "total source=CD unit=\"Kim Chinh\" = 5", FL_ERR_NOT_FOUND, 22,
                     "unknown unit \"Kim Chinh\"; did you mean \"Kim Chính\"?");
    evaluation_fails(&f, "count unit=\"Phát Diệm\",\"PHAT DIEM\" == 0", FL_ERR_NOT_FOUND, 24,
                     "unknown unit \"PHAT DIEM\"; did you mean \"Phát Diệm\"?");
    evaluation_fails(&f, "count unit=\"Kim Chnh\" == 0", FL_ERR_NOT_FOUND, 12,
                     "unknown unit \"Kim Chnh\"; did you mean \"Kim Chính\"?");
    evaluation_fails(&f, "total source=CD unit=\"Yên Mật\" = 5", FL_ERR_NOT_FOUND, 22,
                     "unknown unit \"Yên Mật\"");
    evaluation_fails(&f, "total source=CD unit=\"Kim \\\"Chính\\\"\" = 5", FL_ERR_NOT_FOUND, 22,
                     "unknown unit \"Kim \"Chính\"\"; did you mean \"Kim Chính\"?");
    unload(&f);
}

static void test_refusal__a_share_larger_than_its_whole(void **state)
{
    fixture f;
    char message[512];

    (void)state;
    load(&f, small_journal);
    /* the CD.NC entry of Kim Chính (line 8) is in CD but not in CD.TM */
    snprintf(message, sizeof message,
             "the entry at %s:8 is picked by the share's filter but not by \"within\": a share's "
             "entries must lie within its whole",
             f.path);
    evaluation_fails(&f, "share source=CD within source=CD.TM = 5 %", FL_ERR_VALIDATION, 17,
                     message);
    snprintf(message, sizeof message,
             "the entry at %s:9 is picked by the share's filter but not by \"within\": a share's "
             "entries must lie within its whole",
             f.path);
    evaluation_fails(&f, "share source=CD within source=CD unit=\"Kim Chính\" = 5 %",
                     FL_ERR_VALIDATION, 17, message);
    /* the estimate of NS (January) is outside the whole, but a share adds only actual entries */
    check(&f, "share source=NS within source=NS from=2018-02-01 == 100 %", true, "100", "0");
    check(&f, "share source=NS.TW.DTPT month=2018-05 within source=NTM month=2018-05 = 95 %", true,
          "95.238095", "0.238095");
    unload(&f);
}

/* --- a denominator of zero ----------------------------------------------------------- */

static void test_zero__no_estimate_and_zero_whole_give_a_reason(void **state)
{
    fixture f;
    fl_claim_result r;

    (void)state;
    load(&f, small_journal);
    evaluate_in(&r, &f, "over-estimate source=CD = 10 %", FL_LOCALE_VI);
    assert_false(r.holds);
    assert_string_equal(r.reason, "no estimate");
    assert_null(r.value);
    assert_null(r.difference);
    assert_null(r.rounded);
    assert_null(r.rounded_difference);
    assert_string_equal(r.figure, "10");
    assert_string_equal(r.numerator, "1500000000");
    assert_string_equal(r.denominator, "0");
    assert_int_equal(r.entries, 3);
    fl_claim_result_clear(&r);

    /* "!=" cannot hold either: there is no value to differ */
    evaluate_in(&r, &f, "of-estimate source=CD != 10 %", FL_LOCALE_VI);
    assert_false(r.holds);
    assert_string_equal(r.reason, "no estimate");
    fl_claim_result_clear(&r);

    /* a date filter that leaves the estimate out */
    evaluate_in(&r, &f, "over-estimate source=NS month=2018-05 >= 0 %", FL_LOCALE_VI);
    assert_false(r.holds);
    assert_string_equal(r.reason, "no estimate");
    assert_string_equal(r.numerator, "2000000000");
    assert_int_equal(r.entries, 1);
    fl_claim_result_clear(&r);

    evaluate_in(&r, &f, "share source=KH within source=KH,LG = 0 %", FL_LOCALE_VI);
    assert_false(r.holds);
    assert_string_equal(r.reason, "the within total is zero");
    assert_null(r.value);
    assert_null(r.difference);
    assert_string_equal(r.figure, "0");
    assert_string_equal(r.numerator, "0");
    assert_string_equal(r.denominator, "0");
    assert_int_equal(r.entries, 0);
    fl_claim_result_clear(&r);
    unload(&f);
}

/* --- filters alone ------------------------------------------------------------------- */

/* A sum by source alone comes from the ledger's running sums per source; with a date filter
 * that picks every day it is a pass over the entries.  The two must agree on every code of the
 * Kim Sơn sample: value, exponent and counts. */
static void test_filter_api__sums_by_source_equal_the_pass_over_entries(void **state)
{
    fl_ledger *ledger = load_kimson();
    const fl_source_tree *tree = fl_ledger_sources(ledger);
    size_t i, compared = 0;

    (void)state;
    for (i = 0; i < fl_source_tree_count(tree); i++) {
        char text[160], a[128], b[128];
        fl_filter *fast = NULL, *slow = NULL;
        fl_filter_sums x, y;
        fl_error err;
        int k;

        fl_error_clear(&err);
        for (k = 0; k < 2; k++) {
            snprintf(text, sizeof text, "source=%s%s", fl_source_tree_code(tree, (int)i),
                     k ? " from=1900-01-01" : "");
            assert_int_equal(fl_filter_parse(k ? &slow : &fast, text, strlen(text), &err), FL_OK);
        }
        fl_filter_sums_init(&x);
        fl_filter_sums_init(&y);
        assert_int_equal(fl_filter_sum(&x, fast, ledger, &err), FL_OK);
        assert_int_equal(fl_filter_sum(&y, slow, ledger, &err), FL_OK);
        fl_dec_to_buffer(a, sizeof a, x.actual);
        fl_dec_to_buffer(b, sizeof b, y.actual);
        assert_string_equal(a, b);
        assert_int_equal(x.actual->exponent, y.actual->exponent);
        fl_dec_to_buffer(a, sizeof a, x.estimate);
        fl_dec_to_buffer(b, sizeof b, y.estimate);
        assert_string_equal(a, b);
        assert_int_equal(x.actual_count, y.actual_count);
        assert_int_equal(x.estimate_count, y.estimate_count);
        compared += x.actual_count + x.estimate_count > 0;
        fl_filter_sums_clear(&x);
        fl_filter_sums_clear(&y);
        fl_filter_free(fast);
        fl_filter_free(slow);
    }
    assert_true(compared >= 10); /* codes with entries, not only empty ones */
    fl_ledger_free(ledger);
}

static void test_filter_api__parse_sum_and_count(void **state)
{
    fixture f;
    fl_filter *filter = NULL;
    fl_filter_sums sums;
    fl_error err;
    size_t n = 0;
    char buf[64];
    const char *text = "source=NS unit=\"Phát Diệm\" from=2018-01-01 # the NS line";

    (void)state;
    load(&f, small_journal);
    fl_error_clear(&err);
    assert_int_equal(fl_filter_parse(&filter, text, strlen(text), &err), FL_OK);
    assert_true(fl_filter_has_sources(filter));
    fl_filter_sums_init(&sums);
    assert_int_equal(fl_filter_sum(&sums, filter, f.ledger, &err), FL_OK);
    fl_dec_to_buffer(buf, sizeof buf, sums.actual);
    assert_string_equal(buf, "2000000000");
    fl_dec_to_buffer(buf, sizeof buf, sums.estimate);
    assert_string_equal(buf, "1800000000");
    assert_int_equal(sums.actual_count, 1);
    assert_int_equal(sums.estimate_count, 1);
    assert_int_equal(fl_filter_count(&n, filter, f.ledger, &err), FL_OK);
    assert_int_equal(n, 2);
    fl_filter_free(filter);

    /* without sources: a count, but no sum */
    text = "unit=\"Kim Chính\"";
    assert_int_equal(fl_filter_parse(&filter, text, strlen(text), &err), FL_OK);
    assert_false(fl_filter_has_sources(filter));
    assert_int_equal(fl_filter_count(&n, filter, f.ledger, &err), FL_OK);
    assert_int_equal(n, 2);
    assert_int_equal(fl_filter_sum(&sums, filter, f.ledger, &err), FL_ERR_VALIDATION);
    assert_string_equal(err.message, "a sum needs \"source=\": money is totalled per group of "
                                     "sources (NTM or THU)");
    fl_filter_free(filter);

    /* two groups: counted, never summed */
    text = "source=CD,THU";
    assert_int_equal(fl_filter_parse(&filter, text, strlen(text), &err), FL_OK);
    assert_int_equal(fl_filter_count(&n, filter, f.ledger, &err), FL_OK);
    assert_int_equal(n, 5);
    fl_error_clear(&err);
    assert_int_equal(fl_filter_sum(&sums, filter, f.ledger, &err), FL_ERR_VALIDATION);
    assert_int_equal(err.column, 1);
    assert_string_equal(err.message,
                        "source=CD,THU adds groups NTM and THU together; totals are per group");
    fl_filter_free(filter);
    fl_filter_sums_clear(&sums);

    /* the empty filter picks everything */
    assert_int_equal(fl_filter_parse(&filter, "", 0, &err), FL_OK);
    assert_int_equal(fl_filter_count(&n, filter, f.ledger, &err), FL_OK);
    assert_int_equal(n, 8);
    fl_filter_free(filter);

    text = "source=CD = 5";
    assert_int_equal(fl_filter_parse(&filter, text, strlen(text), &err), FL_ERR_SYNTAX);
    assert_null(filter);
    assert_int_equal(err.column, 11);
    assert_string_equal(
        err.message, "expected a filter (source=, unit=, month=, from=, to=, kind=), found \"=\"");
    text = "source=CD unit=\"Kim Chnh\"";
    assert_int_equal(fl_filter_parse(&filter, text, strlen(text), &err), FL_OK);
    fl_error_clear(&err);
    assert_int_equal(fl_filter_count(&n, filter, f.ledger, &err), FL_ERR_NOT_FOUND);
    assert_int_equal(err.column, 16);
    assert_string_equal(err.message, "unknown unit \"Kim Chnh\"; did you mean \"Kim Chính\"?");
    fl_filter_free(filter);
    unload(&f);
}

/* --- claims stated in a journal, and the audit ----------------------------------------- */

static void test_check__errors_carry_file_line_and_column(void **state)
{
    fixture f;
    fl_claim_result r;
    fl_error err;

    (void)state;
    load(&f, "locale en\n"
             "2018-06-01 \"Kim Chính\" CD.TM 1,250,000,000 ref=A\n"
             "claim total source=CD == 1.25 billion\n"
             "  claim   total sorce=CD = 5\n"
             "claim total source=CD.TN = 5\n"
             "locale vi\n"
             "claim total source=CD = 1,25 tỷ\n");
    assert_int_equal(fl_ledger_claim_count(f.ledger), 4);
    fl_claim_result_init(&r);
    fl_error_clear(&err);
    assert_int_equal(fl_claim_check(&r, f.ledger, 0, &err), FL_OK);
    assert_true(r.holds);
    assert_string_equal(r.value, "1250000000");

    assert_int_equal(fl_claim_check(&r, f.ledger, 1, &err), FL_ERR_SYNTAX);
    assert_null(r.value);
    assert_string_equal(err.file, f.path);
    assert_int_equal(err.line, 4);
    assert_int_equal(err.column, 17);
    assert_string_equal(err.message,
                        "unknown filter \"sorce\"; expected source, unit, month, from, to or kind");

    fl_error_clear(&err);
    assert_int_equal(fl_claim_check(&r, f.ledger, 2, &err), FL_ERR_NOT_FOUND);
    assert_string_equal(err.file, f.path);
    assert_int_equal(err.line, 5);
    assert_int_equal(err.column, 20);
    assert_string_equal(err.message, "unknown funding source \"CD.TN\"; did you mean \"CD.TM\"?");

    /* each claim is read in the convention in force where it is written */
    fl_error_clear(&err);
    assert_int_equal(fl_claim_check(&r, f.ledger, 3, &err), FL_OK);
    assert_true(r.holds);
    assert_string_equal(r.figure, "1250000000");

    assert_int_equal(fl_claim_check(&r, f.ledger, 4, &err), FL_ERR_INVALID_ARGUMENT);
    fl_claim_result_clear(&r);
    unload(&f);
}

static void test_audit__claims_and_estimate_present(void **state)
{
    fixture f;
    fl_report *report = NULL;
    fl_load_options opts = FL_LOAD_OPTIONS_INIT;
    fl_audit audit;
    fl_error err;
    char expected[512];
    char *journal = malloc(sizeof small_journal + 512);

    (void)state;
    assert_non_null(journal);
    strcpy(journal, small_journal);
    strcat(journal, "claim total source=CD = 1,5 tỷ\n"               /* line 15: holds */
                    "claim total source=CD == 1,5 tỷ # exact\n"      /* 16: holds */
                    "claim total source=CD == 1.500.000.001\n"       /* 17: fails */
                    "claim over-estimate source=CD = 10 %\n"         /* 18: no estimate */
                    "claim share source=KH within source=KH = 0 %\n" /* 19: zero whole */
                    "claim total source=CD.TN = 5\n"                 /* 20: unknown code */
                    "claim count == 8\n");                           /* 21: holds */
    load(&f, journal);
    free(journal);
    fl_error_clear(&err);
    assert_int_equal(fl_report_new(&report, f.ledger, NULL, &err), FL_OK);

    assert_int_equal(fl_audit_run(&audit, f.ledger, report, &opts, FL_LOCALE_EN), FL_OK);
    assert_int_equal(audit.claim_count, 7);
    assert_int_equal(audit.claims_held, 3);
    assert_int_equal(audit.claims_failed, 3);
    assert_int_equal(audit.claims_skipped, 0);
    assert_int_equal(audit.claims_bad, 1);
    assert_int_equal(audit.claims[5].status, FL_ERR_NOT_FOUND);
    assert_int_equal(audit.claims[5].error.line, 20);
    assert_int_equal(audit.claims[5].error.column, 20);
    assert_string_equal(audit.claims[2].result.difference, "-1");
    /* only the over-estimate without an estimate breaks estimate-present */
    assert_int_equal(audit.rules[FL_RULE_ESTIMATE_PRESENT].state, FL_AUDIT_RULE_BROKEN);
    assert_int_equal(audit.rules[FL_RULE_ESTIMATE_PRESENT].finding_count, 1);
    snprintf(expected, sizeof expected, "%s:18: over-estimate source=CD = 10 %%: no estimate",
             f.path);
    assert_string_equal(audit.rules[FL_RULE_ESTIMATE_PRESENT].findings[0], expected);
    assert_string_equal(audit.claims[4].result.reason, "the within total is zero");
    assert_int_equal(audit.rules[FL_RULE_PARENT_SUM].state, FL_AUDIT_RULE_OK);
    assert_int_equal(audit.rules_broken, 1);
    fl_audit_free(&audit);

    /* with estimate-present off, the claim without an estimate is skipped */
    opts.rules_disabled = 1u << FL_RULE_ESTIMATE_PRESENT;
    assert_int_equal(fl_audit_run(&audit, f.ledger, report, &opts, FL_LOCALE_EN), FL_OK);
    assert_int_equal(audit.claims_held, 3);
    assert_int_equal(audit.claims_failed, 2);
    assert_int_equal(audit.claims_skipped, 1);
    assert_int_equal(audit.rules[FL_RULE_ESTIMATE_PRESENT].state, FL_AUDIT_RULE_OFF);
    assert_int_equal(audit.rules_broken, 0);
    fl_audit_free(&audit);
    fl_report_free(report);
    unload(&f);
}

static void test_audit__human_numbers(void **state)
{
    char *text;

    (void)state;
    text = fl_audit_human_number("151463210000", FL_LOCALE_VI);
    assert_string_equal(text, "151.463.210.000");
    free(text);
    text = fl_audit_human_number("72.46376812", FL_LOCALE_EN);
    assert_string_equal(text, "72.46376812");
    free(text);
    text = fl_audit_human_number("-0.005", FL_LOCALE_VI);
    assert_string_equal(text, "-0,005");
    free(text);
    assert_null(fl_audit_human_number(NULL, FL_LOCALE_VI));
    assert_string_equal(fl_audit_rule_state_name(FL_AUDIT_RULE_OK), "ok");
    assert_string_equal(fl_audit_rule_state_name(FL_AUDIT_RULE_BROKEN), "broken");
    assert_string_equal(fl_audit_rule_state_name(FL_AUDIT_RULE_OFF), "off");
}

/* --- the Kim Sơn 2018 article ---------------------------------------------------------- */

static void test_kimson__the_article_claims_hold_on_the_sample(void **state)
{
    static const struct {
        const char *value, *difference;
    } expected[] = {
        {"429318540000", "318540000"},  /* > 429 tỷ */
        {"429318540000", "0"},          /* == 429.318.540.000 */
        {"151463210000", "210000"},     /* = 151,463 tỷ */
        {"151463210000", "0"},          /* == 151.463.210.000 */
        {"35.2799136", "-0.0200864"},   /* share = 35,3 % */
        {"261800000000", "0"},          /* = 261,8 tỷ */
        {"151800000000", "0"},          /* estimate = 151,8 tỷ */
        {"72.46376812", "0.00376812"},  /* over-estimate = 72,46 % */
        {"172.46376812", "0.00376812"}, /* of-estimate = 172,46 % */
        {"292050000", "0"},             /* CD.NC Kim Chính == 292.050.000 */
    };
    fl_ledger *ledger = load_kimson();
    fl_claim_result r;
    fl_error err;
    size_t i;

    (void)state;
    assert_int_equal(fl_ledger_claim_count(ledger), sizeof expected / sizeof expected[0]);
    fl_claim_result_init(&r);
    for (i = 0; i < sizeof expected / sizeof expected[0]; i++) {
        const fl_claim_line *line = fl_ledger_claim_line(ledger, i);

        fl_error_clear(&err);
        assert_int_equal(fl_claim_check(&r, ledger, i, &err), FL_OK);
        if (!r.holds)
            fail_msg("%.*s does not hold: value %s", (int)line->len, line->text, r.value);
        assert_string_equal(r.value, expected[i].value);
        assert_string_equal(r.difference, expected[i].difference);
    }
    fl_claim_result_clear(&r);
    fl_ledger_free(ledger);
}

static void test_kimson__off_by_one_unit_of_the_last_digit_fails(void **state)
{
    static const struct {
        const char *text, *value, *difference;
    } cases[] = {
        {"total source=NS,LG,TD,DN,CD,KH > 430 tỷ", "429318540000", "-681460000"},
        {"total source=NTM == 429.318.540.001", "429318540000", "-1"},
        {"total source=NTM == 429.318.539.999", "429318540000", "1"},
        {"total source=CD = 151,464 tỷ", "151463210000", "-790000"},
        {"total source=CD = 151,462 tỷ", "151463210000", "1210000"},
        {"total source=CD == 151.463.210.001", "151463210000", "-1"},
        {"total source=CD == 151.463.209.999", "151463210000", "1"},
        {"share source=CD within source=NTM = 35,4 %", "35.2799136", "-0.1200864"},
        {"share source=CD within source=NTM = 35,2 %", "35.2799136", "0.0799136"},
        {"total source=THU = 261,9 tỷ", "261800000000", "-100000000"},
        {"total source=THU = 261,7 tỷ", "261800000000", "100000000"},
        {"estimate source=THU = 151,9 tỷ", "151800000000", "-100000000"},
        {"estimate source=THU = 151,7 tỷ", "151800000000", "100000000"},
        {"over-estimate source=THU = 72,47 %", "72.46376812", "-0.00623188"},
        {"over-estimate source=THU = 72,45 %", "72.46376812", "0.01376812"},
        {"of-estimate source=THU = 172,47 %", "172.46376812", "-0.00623188"},
        {"of-estimate source=THU = 172,45 %", "172.46376812", "0.01376812"},
        {"total source=CD.NC unit=\"Kim Chính\" == 292.050.001", "292050000", "-1"},
        {"total source=CD.NC unit=\"Kim Chính\" == 292.049.999", "292050000", "1"},
    };
    fixture f;
    size_t i;

    (void)state;
    f.ledger = load_kimson();
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
        check(&f, cases[i].text, false, cases[i].value, cases[i].difference);
    /* off by one unit of the last written digit, exactly */
    check_rounded(&f, "total source=CD = 151,464 tỷ", false, "151463210000", "151463000000",
                  "-1000000");
    check_rounded(&f, "total source=CD = 151,463 tỷ", true, "151463210000", "151463000000", "0");
    check_rounded(&f, "over-estimate source=THU = 72,45 %", false, "72.46376812", "72.46", "0.01");
    fl_ledger_free(f.ledger);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse__metrics_operators_and_figure),
        cmocka_unit_test(test_parse__names_and_symbols),
        cmocka_unit_test(test_parse__comment_and_spaces_are_not_part_of_the_text),
        cmocka_unit_test(test_parse__quoted_values_and_lists),
        cmocka_unit_test(test_parse__syntax_errors_point_at_their_column),
        cmocka_unit_test(test_parse__columns_count_characters_not_bytes),
        cmocka_unit_test(test_metric__total_and_estimate_sum_their_kind),
        cmocka_unit_test(test_metric__over_and_of_estimate_are_exact_rationals),
        cmocka_unit_test(test_metric__terminating_percentages_are_exact),
        cmocka_unit_test(test_metric__share_of_the_group),
        cmocka_unit_test(test_metric__count_counts_entries_of_any_kind_and_group),
        cmocka_unit_test(test_operator__each_compares_the_exact_value),
        cmocka_unit_test(test_operator__rounds_half_up_at_the_written_precision),
        cmocka_unit_test(test_operator__half_up_is_away_from_zero_for_negative_values),
        cmocka_unit_test(test_figure__scale_words_and_percent_in_vi),
        cmocka_unit_test(test_figure__scale_words_and_percent_in_en),
        cmocka_unit_test(test_figure__the_convention_decides_and_ambiguity_is_refused),
        cmocka_unit_test(test_filter__source_lists_descendants_and_groups),
        cmocka_unit_test(test_filter__units_quoted_listed_and_folded),
        cmocka_unit_test(test_filter__bare_unit_names),
        cmocka_unit_test(test_filter__months_and_dates_inclusive),
        cmocka_unit_test(test_filter__date_filters_that_pick_no_day_are_refused),
        cmocka_unit_test(test_refusal__money_of_two_groups_is_never_added),
        cmocka_unit_test(test_refusal__unknown_codes_and_units_with_suggestions),
        cmocka_unit_test(test_refusal__a_share_larger_than_its_whole),
        cmocka_unit_test(test_zero__no_estimate_and_zero_whole_give_a_reason),
        cmocka_unit_test(test_filter_api__parse_sum_and_count),
        cmocka_unit_test(test_filter_api__sums_by_source_equal_the_pass_over_entries),
        cmocka_unit_test(test_check__errors_carry_file_line_and_column),
        cmocka_unit_test(test_audit__claims_and_estimate_present),
        cmocka_unit_test(test_audit__human_numbers),
        cmocka_unit_test(test_kimson__the_article_claims_hold_on_the_sample),
        cmocka_unit_test(test_kimson__off_by_one_unit_of_the_last_digit_fails),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
