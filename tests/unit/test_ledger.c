/*
 * test_ledger.c - the ledger loader: CSV dialects and headers, the journal
 * format (docs/journal.md), includes, folders, reversals, duplicate
 * references, in-kind valuation, units, fiscal year, and the exact text,
 * line and column of every load error.
 *
 * Each test works in a fresh temporary folder (the current directory while
 * it runs), so error reports read "a.csv:3:14: ..." with short names.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmocka.h>

#include <sys/stat.h>
#include <unistd.h>

#include "ledger_internal.h"
#include "fundledger/reconcile.h"
#include "fundledger/report.h"

/* --- helpers --------------------------------------------------------------------------- */

typedef struct fixture {
    char dir[64];
    char previous[4096];
    fl_ledger *ledger;
    char *errors; /* every diagnostic, "file:line:column: message\n" each */
    fl_status status;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);

    assert_non_null(f);
    strcpy(f->dir, "/tmp/fl_test_ledger_XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    assert_non_null(getcwd(f->previous, sizeof f->previous));
    assert_int_equal(chdir(f->dir), 0);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    char command[128];

    fl_ledger_free(f->ledger);
    free(f->errors);
    assert_int_equal(chdir(f->previous), 0);
    snprintf(command, sizeof command, "rm -rf '%s'", f->dir);
    assert_int_equal(system(command), 0);
    free(f);
    return 0;
}

static void write_bytes(const char *name, const char *data, size_t len)
{
    FILE *file = fopen(name, "wb");

    assert_non_null(file);
    assert_int_equal(fwrite(data, 1, len, file), len);
    assert_int_equal(fclose(file), 0);
}

static void write_text(const char *name, const char *text)
{
    write_bytes(name, text, strlen(text));
}

/* Loads the inputs (NULL-terminated) into a new ledger, then finishes it when loading went
 * well; keeps the status and the diagnostics as one text. */
static fl_status load_with(fixture *f, const fl_load_options *opts, const char *first, ...)
{
    fl_diagnostics *diags = NULL;
    const char *path;
    va_list ap;
    size_t i, used = 0, size = 1;

    fl_ledger_free(f->ledger);
    free(f->errors);
    assert_int_equal(fl_ledger_new(&f->ledger), FL_OK);
    assert_int_equal(fl_diagnostics_new(&diags, 0), FL_OK);
    f->status = FL_OK;
    va_start(ap, first);
    for (path = first; path; path = va_arg(ap, const char *)) {
        fl_status st = fl_ledger_load(f->ledger, path, opts, diags);
        if (f->status == FL_OK)
            f->status = st;
    }
    va_end(ap);
    if (f->status == FL_OK)
        f->status = fl_ledger_finish(f->ledger, opts, diags);
    for (i = 0; i < fl_diagnostics_count(diags); i++)
        size += fl_error_format(NULL, 0, fl_diagnostics_get(diags, i)) + 1;
    f->errors = malloc(size);
    assert_non_null(f->errors);
    f->errors[0] = '\0';
    for (i = 0; i < fl_diagnostics_count(diags); i++) {
        used += fl_error_format(f->errors + used, size - used, fl_diagnostics_get(diags, i));
        f->errors[used++] = '\n';
        f->errors[used] = '\0';
    }
    fl_diagnostics_free(diags);
    return f->status;
}

#define LOAD(f, ...) load_with((f), NULL, __VA_ARGS__, (const char *)NULL)

/* Loads and expects success; prints the diagnostics otherwise. */
static void load_ok(fixture *f, const fl_load_options *opts, const char *path)
{
    if (load_with(f, opts, path, (const char *)NULL) != FL_OK)
        fail_msg("%s did not load:\n%s", path, f->errors);
    assert_string_equal(f->errors, "");
}

static void assert_dec(const fl_dec d, const char *expected)
{
    char buf[128];

    fl_dec_to_buffer(buf, sizeof buf, d);
    assert_string_equal(buf, expected);
}

static const char *code_of(const fixture *f, const fl_entry *e)
{
    return fl_source_tree_code(fl_ledger_sources(f->ledger), e->source);
}

/* Checks entry i: date, unit, source, amount (canonical), kind, ref and memo (NULL: none). */
static void assert_entry(const fixture *f, size_t i, fl_date date, const char *unit,
                         const char *source, const char *amount, fl_entry_kind kind,
                         const char *ref, const char *memo)
{
    const fl_entry *e = fl_ledger_entry(f->ledger, i);

    assert_non_null(e);
    assert_int_equal(e->date, date);
    assert_string_equal(fl_ledger_unit_name(f->ledger, e->unit), unit);
    assert_string_equal(code_of(f, e), source);
    assert_dec(e->amount, amount);
    assert_int_equal(e->kind, kind);
    if (ref)
        assert_string_equal(e->ref, ref);
    else
        assert_null(e->ref);
    if (memo)
        assert_string_equal(e->memo, memo);
    else
        assert_null(e->memo);
}

/* Loads one file that must fail, and compares every diagnostic. */
static void assert_load_errors(fixture *f, const char *path, fl_status status, const char *errors)
{
    assert_int_equal(LOAD(f, path), status);
    assert_string_equal(f->errors, errors);
}

/* --- dates ----------------------------------------------------------------------------- */

static void test_date__iso_and_vietnamese_orders(void **state)
{
    fl_date d = 0;
    fl_error e;

    (void)state;
    assert_int_equal(fl_date_parse(&d, "2018-03-15", 10, &e), FL_OK);
    assert_int_equal(d, 20180315);
    assert_int_equal(fl_date_parse(&d, "15/03/2018", 10, &e), FL_OK);
    assert_int_equal(d, 20180315);
    assert_int_equal(fl_date_parse(&d, "5/3/2018", 8, &e), FL_OK);
    assert_int_equal(d, 20180305);
    assert_int_equal(fl_date_parse(&d, "29/02/2016", 10, &e), FL_OK);
    assert_int_equal(d, 20160229);
    assert_int_equal(fl_date_year(d), 2016);
    assert_int_equal(fl_date_month(d), 201602);
    {
        char buf[11];
        fl_date_format(buf, 20180305);
        assert_string_equal(buf, "2018-03-05");
    }
}

static void test_date__refuses_days_that_do_not_exist_and_other_forms(void **state)
{
    fl_date d = 0;
    fl_error e;

    (void)state;
    fl_error_clear(&e);
    assert_int_equal(fl_date_parse(&d, "2018-02-30", 10, &e), FL_ERR_SYNTAX);
    assert_string_equal(e.message, "date \"2018-02-30\" does not exist: February 2018 has 28 days");
    assert_int_equal(fl_date_parse(&d, "29/02/2018", 10, &e), FL_ERR_SYNTAX);
    assert_string_equal(e.message, "date \"29/02/2018\" does not exist: February 2018 has 28 days");
    assert_int_equal(fl_date_parse(&d, "2018-13-01", 10, &e), FL_ERR_SYNTAX);
    assert_string_equal(e.message, "date \"2018-13-01\" has no month 13 (months are 1 to 12)");
    assert_int_equal(fl_date_parse(&d, "2018-3-15", 9, &e), FL_ERR_SYNTAX);
    assert_string_equal(e.message, "date \"2018-3-15\" is not written as YYYY-MM-DD or DD/MM/YYYY");
    assert_int_equal(fl_date_parse(&d, "03/15/18", 8, &e), FL_ERR_SYNTAX);
    assert_int_equal(fl_date_parse(&d, "2018-03-15x", 11, &e), FL_ERR_SYNTAX);
    assert_int_equal(fl_date_parse(&d, "", 0, &e), FL_ERR_SYNTAX);
    assert_string_equal(e.message, "the date is empty");
    assert_int_equal(d, 0);
}

/* --- CSV headers ------------------------------------------------------------------------- */

static void test_csv__english_headers_in_any_order(void **state)
{
    fixture *f = *state;

    write_text("a.csv", "memo,amount,ref,source,unit,kind,date\n"
                        "Làm đường,1.250.000.000,PT-01,CD.TM,Kim Chính,actual,2018-03-15\n"
                        "Dự toán,\"2.000.000\",DT-01,ns.tw.dtpt,Kim Chính,estimate,05/01/2018\n");
    load_ok(f, NULL, "a.csv");
    assert_int_equal(fl_ledger_entry_count(f->ledger), 2);
    assert_entry(f, 0, 20180315, "Kim Chính", "CD.TM", "1250000000", FL_KIND_ACTUAL, "PT-01",
                 "Làm đường");
    assert_entry(f, 1, 20180105, "Kim Chính", "NS.TW.DTPT", "2000000", FL_KIND_ESTIMATE, "DT-01",
                 "Dự toán");
    assert_int_equal(fl_ledger_entry(f->ledger, 1)->line, 3);
    assert_int_equal(fl_ledger_input_entries(f->ledger, 0), 2);
}

static void test_csv__vietnamese_headers_with_and_without_diacritics(void **state)
{
    fixture *f = *state;

    write_text("vi.csv", "Số chứng từ,Nội dung,Loại,Số tiền,Nguồn,Đơn vị,Ngày\n"
                         "PT-01,Tiền mặt,thực hiện,1.000,CD.TM,Ân Hòa,15/03/2018\n"
                         "DT-01,,dự toán,2.000,CD.TM,Ân Hòa,16/03/2018\n");
    load_ok(f, NULL, "vi.csv");
    assert_entry(f, 0, 20180315, "Ân Hòa", "CD.TM", "1000", FL_KIND_ACTUAL, "PT-01", "Tiền mặt");
    assert_entry(f, 1, 20180316, "Ân Hòa", "CD.TM", "2000", FL_KIND_ESTIMATE, "DT-01", NULL);

    write_text("ascii.csv", "NGAY,DON VI,NGUON VON,SO TIEN,loai,so_chung_tu,noi-dung\n"
                            "2018-03-15,Kim Mỹ,CD.NC,3.000,thuc hien,NC-1,ngay cong\n"
                            "2018-03-16,Kim Mỹ,CD.NC,4.000,ke hoach,NC-2,\n");
    load_ok(f, NULL, "ascii.csv");
    assert_entry(f, 0, 20180315, "Kim Mỹ", "CD.NC", "3000", FL_KIND_ACTUAL, "NC-1", "ngay cong");
    assert_entry(f, 1, 20180316, "Kim Mỹ", "CD.NC", "4000", FL_KIND_ESTIMATE, "NC-2", NULL);
}

static void test_csv__amount_header_scale_applies_to_the_column(void **state)
{
    fixture *f = *state;

    write_text("m.csv", "Ngày;Đơn vị;Nguồn;Số tiền (triệu đồng)\n"
                        "15/03/2018;Kim Chính;CD.TM;1.250,5\n"
                        "16/03/2018;Kim Chính;CD.TM;0,000001\n");
    load_ok(f, NULL, "m.csv");
    assert_dec(fl_ledger_entry(f->ledger, 0)->amount, "1250500000");
    assert_dec(fl_ledger_entry(f->ledger, 1)->amount, "1");

    /* A scale word in a cell under a scaled header would count the scale twice. */
    write_text("twice.csv", "Ngày;Đơn vị;Nguồn;Số tiền (tỷ đồng)\n"
                            "15/03/2018;Kim Chính;CD.TM;1,5 tỷ\n");
    assert_load_errors(f, "twice.csv", FL_ERR_SYNTAX,
                       "twice.csv:2:28: amount \"1,5 tỷ\" names a scale, but the column header "
                       "already gives one\n");

    write_text("bad.csv", "date,unit,source,amount (hectares)\n");
    assert_load_errors(f, "bad.csv", FL_ERR_SYNTAX,
                       "bad.csv:1:18: the amount header's unit \"(hectares)\" is not a scale "
                       "(write đồng, nghìn đồng, triệu đồng or tỷ đồng)\n");
}

static void test_csv__missing_unknown_and_repeated_columns(void **state)
{
    fixture *f = *state;

    write_text("a.csv", "date,unit,amount,memo\n2018-01-01,A,1,x\n");
    assert_load_errors(f, "a.csv", FL_ERR_SYNTAX,
                       "a.csv:1:1: the header has no source (Nguồn) column\n");

    write_text("b.csv", "date,unit,source,amount,ghi chu\n");
    assert_load_errors(f, "b.csv", FL_ERR_SYNTAX,
                       "b.csv:1:25: unknown column \"ghi chu\" (known: date, unit, source, "
                       "amount, kind, ref, memo, reverses, quantity, uom, unit_price, basis, or "
                       "their Vietnamese names)\n");

    write_text("c.csv", "date,unit,source,amount,Số tiền\n");
    assert_load_errors(f, "c.csv", FL_ERR_SYNTAX,
                       "c.csv:1:25: column amount (Số tiền) appears twice (also column 4)\n");

    write_text("d.csv", "");
    assert_load_errors(f, "d.csv", FL_ERR_SYNTAX,
                       "d.csv:1:1: the file is empty; a CSV ledger needs a header row (date, "
                       "unit, source, amount, ...)\n");
}

/* --- CSV dialects -------------------------------------------------------------------------- */

static void test_csv__semicolon_with_decimal_comma_and_tab_are_detected(void **state)
{
    fixture *f = *state;

    write_text("s.csv", "date;unit;source;amount\n2018-01-01;A;CD.TM;1.234.567,5\n");
    load_ok(f, NULL, "s.csv");
    assert_dec(fl_ledger_entry(f->ledger, 0)->amount, "1234567.5");

    write_text("t.tsv", "date\tunit\tsource\tamount\n2018-01-01\tA, B\tCD.TM\t1.000\n");
    load_ok(f, NULL, "t.tsv");
    assert_string_equal(fl_ledger_unit_name(f->ledger, 0), "A, B");
    assert_dec(fl_ledger_entry(f->ledger, 0)->amount, "1000");

    write_text("en.csv", "date,unit,source,amount\n2018-01-01,A,CD.TM,\"1,234,567.5\"\n");
    {
        fl_load_options opts = FL_LOAD_OPTIONS_INIT;
        opts.locale = FL_LOCALE_EN;
        load_ok(f, &opts, "en.csv");
        assert_dec(fl_ledger_entry(f->ledger, 0)->amount, "1234567.5");
    }
}

static void test_csv__delimiter_override(void **state)
{
    fixture *f = *state;
    fl_load_options opts = FL_LOAD_OPTIONS_INIT;

    /* Two commas and two semicolons: detection refuses to guess, the option decides. */
    write_text("tie.csv", "date;unit;source;amount\n2018-01-01;A,B;CD.TM;1,5\n");
    opts.csv_delimiter = ';';
    load_ok(f, &opts, "tie.csv");
    assert_string_equal(fl_ledger_unit_name(f->ledger, 0), "A,B");
    assert_dec(fl_ledger_entry(f->ledger, 0)->amount, "1.5");

    write_text("h.csv", "date,unit;source;amount,memo\n");
    assert_load_errors(f, "h.csv", FL_ERR_SYNTAX,
                       "h.csv:1:1: cannot detect the delimiter: the header has 2 commas and 2 "
                       "semicolons; use --delimiter\n");

    /* The option is used even when the file says otherwise. */
    opts.csv_delimiter = ',';
    assert_int_equal(load_with(f, &opts, "tie.csv", (const char *)NULL), FL_ERR_SYNTAX);
    assert_string_equal(f->errors,
                        "tie.csv:1:1: unknown column \"date;unit;source;amount\" (known: date, "
                        "unit, source, amount, kind, ref, memo, reverses, quantity, uom, "
                        "unit_price, basis, or their Vietnamese names)\n");
}

static void test_csv__bom_and_crlf(void **state)
{
    fixture *f = *state;

    write_text("b.csv", "\xEF\xBB\xBFNgày;Đơn vị;Nguồn;Số tiền\r\n"
                        "15/03/2018;Kim Chính;CD.TM;1.000\r\n"
                        "16/03/2018;Kim Chính;CD.XX;2.000\r\n");
    assert_int_equal(LOAD(f, "b.csv"), FL_ERR_NOT_FOUND);
    assert_string_equal(f->errors, "b.csv:3:22: unknown funding source \"CD.XX\"; did you mean "
                                   "\"CD.TM\"?\n");

    write_text("ok.csv", "\xEF\xBB\xBF"
                         "date,unit,source,amount\r\n2018-01-01,A,CD.TM,5\r\n");
    load_ok(f, NULL, "ok.csv");
    assert_entry(f, 0, 20180101, "A", "CD.TM", "5", FL_KIND_ACTUAL, NULL, NULL);
}

static void test_csv__quoted_fields_with_delimiters_newlines_and_quotes(void **state)
{
    fixture *f = *state;

    write_text("q.csv", "date,unit,source,amount,memo,ref\n"
                        "2018-01-01,\"Kim Chính\",CD.TM,\"1.000\",\"Làm \"\"đường\"\", cống\n"
                        "thôn 2\",R1\n"
                        "2018-01-02,A,CD.TM,2.000,\"a\nb\",R2\n");
    load_ok(f, NULL, "q.csv");
    assert_int_equal(fl_ledger_entry_count(f->ledger), 2);
    assert_entry(f, 0, 20180101, "Kim Chính", "CD.TM", "1000", FL_KIND_ACTUAL, "R1",
                 "Làm \"đường\", cống\nthôn 2");
    assert_entry(f, 1, 20180102, "A", "CD.TM", "2000", FL_KIND_ACTUAL, "R2", "a\nb");
    assert_int_equal(fl_ledger_entry(f->ledger, 1)->line, 4);
}

static void test_csv__error_after_a_line_break_in_quotes_is_on_its_own_line(void **state)
{
    fixture *f = *state;

    /* The amount sits on the second physical line of its row. */
    write_text("q.csv", "date,unit,source,amount,ref\n"
                        "2018-01-01,\"Kim\nChính\",CD.TM,abc,R1\n"
                        "2018-01-01,A,CD.TM,1,\"R\n2\"\n"
                        "2018-01-01,A,CD.TM,2,\"R\n2\"\n");
    assert_int_equal(LOAD(f, "q.csv"), FL_ERR_SYNTAX);
    assert_string_equal(f->errors, "q.csv:3:14: amount \"abc\" does not start with a digit\n");

    /* Duplicate references point at the ref field's own line and column. */
    write_text("r.csv", "date,unit,source,amount,ref\n"
                        "2018-01-01,A,CD.TM,1,\"R\n2\"\n"
                        "2018-01-01,A,CD.TM,2,\"R\n2\"\n");
    assert_int_equal(LOAD(f, "r.csv"), FL_ERR_VALIDATION);
    assert_string_equal(f->errors,
                        "r.csv:4:23: duplicate document reference \"R\n2\" for unit \"A\": "
                        "already used at r.csv:2:23 (possible double counting; if this corrects "
                        "it, reverse the first entry with reverses=R\n2) (rule duplicate-refs)\n");
}

static void test_csv__wrong_field_counts(void **state)
{
    fixture *f = *state;

    write_text("n.csv", "date,unit,source,amount,ref\n"
                        "2018-01-01,A,CD.TM,5,R5,extra\n"
                        "2018-01-01,A,CD.TM\n"
                        "2018-01-01,A,CD.TM,6,R6,\n");
    assert_load_errors(f, "n.csv", FL_ERR_SYNTAX,
                       "n.csv:2:25: this row has 6 fields but the header has 5 (is a value "
                       "holding \",\" without quotes?)\n"
                       "n.csv:3:19: this row has 3 fields but the header has 5 (is a value "
                       "missing at the end of the row?)\n");
    write_text("t.tsv", "date\tunit\tsource\tamount\n2018-01-01\tA\tCD.TM\t1\t2\n");
    assert_load_errors(f, "t.tsv", FL_ERR_SYNTAX,
                       "t.tsv:2:22: this row has 5 fields but the header has 4 (is a value "
                       "holding a tab without quotes?)\n");
}

static void test_csv__blank_rows_are_skipped(void **state)
{
    fixture *f = *state;

    write_text("b.csv", "date;unit;source;amount\n2018-01-01;A;CD.TM;1\n;;;\n\n ; ;;\n");
    load_ok(f, NULL, "b.csv");
    assert_int_equal(fl_ledger_entry_count(f->ledger), 1);
}

static void test_csv__every_error_of_a_file_is_collected(void **state)
{
    fixture *f = *state;

    write_text("e.csv", "date,unit,source,amount,kind,ref\n"
                        "2018-02-30,A,CD.TM,1,,R1\n"
                        "2018-01-01,A,CD.TMX,1,,R2\n"
                        "2018-01-01,A,CD.TM,-5,,R3\n"
                        "2018-01-01,,CD.TM,1,,R4\n"
                        "2018-01-01,A,CD.TM,1,maybe,R5\n"
                        "2018-01-01,A,,1,,R6\n"
                        "2018-01-01,A,CD.TM,,,R7\n"
                        ",A,CD.TM,1,,R8\n");
    assert_load_errors(
        f, "e.csv", FL_ERR_SYNTAX,
        "e.csv:2:1: date \"2018-02-30\" does not exist: February 2018 has 28 days\n"
        "e.csv:3:14: unknown funding source \"CD.TMX\"; did you mean \"CD.TM\"?\n"
        "e.csv:4:20: negative amount \"-5\": only a reversal may be negative (give "
        "reverses=REF, the reference of the entry it cancels)\n"
        "e.csv:5:12: the entry has no unit (đơn vị)\n"
        "e.csv:6:22: unknown kind \"maybe\"; write actual (thực hiện) or estimate (dự toán)\n"
        "e.csv:7:14: the entry has no funding source (nguồn)\n"
        "e.csv:8:20: the entry has no amount (số tiền)\n"
        "e.csv:9:1: the entry has no date\n");
    /* Nothing that failed is kept. */
    assert_int_equal(fl_ledger_entry_count(f->ledger), 0);
}

static void test_csv__encoding_errors(void **state)
{
    fixture *f = *state;

    write_bytes("z.csv", "date,unit,source,amount\n2018-01-01,A\0B,CD.TM,1\n", 46);
    assert_int_equal(LOAD(f, "z.csv"), FL_ERR_SYNTAX);
    assert_non_null(strstr(f->errors, "z.csv:2:13: "));

    write_text("u.csv", "date,unit,source,amount\n2018-01-01,Kim Ch\xEDnh,CD.TM,1\n");
    assert_int_equal(LOAD(f, "u.csv"), FL_ERR_SYNTAX);
    assert_non_null(strstr(f->errors, "u.csv:2:18: "));
}

/* --- amounts, reversals, duplicates -------------------------------------------------------- */

static void test_reversal__cancels_the_entry_and_frees_its_reference(void **state)
{
    fixture *f = *state;

    write_text("r.journal",
               "2018-05-10 \"Phát Diệm\" NS.DP.HUYEN 2,5 tỷ ref=QĐ-112\n"
               "2018-06-01 \"Phát Diệm\" NS.DP.HUYEN -2,5 tỷ ref=QĐ-112-H reverses=QĐ-112\n"
               "2018-06-02 \"Phát Diệm\" NS.DP.HUYEN 2,4 tỷ ref=QĐ-112\n");
    load_ok(f, NULL, "r.journal");
    assert_int_equal(fl_ledger_entry_count(f->ledger), 3);
    assert_dec(fl_ledger_entry(f->ledger, 1)->amount, "-2500000000");
    assert_string_equal(fl_ledger_entry(f->ledger, 1)->reverses, "QĐ-112");
}

static void test_reversal__must_match_amount_unit_source_and_kind(void **state)
{
    fixture *f = *state;

    write_text("r.journal", "2018-05-10 A CD.TM 100 ref=X\n"
                            "2018-05-11 A CD.TM -99 reverses=X\n"
                            "2018-05-12 B CD.TM -100 reverses=X\n"
                            "2018-05-13 A CD.NC -100 reverses=X\n"
                            "2018-05-14 A CD.TM -100 reverses=X kind=estimate\n"
                            "2018-05-15 A CD.TM -100 reverses=NOPE\n");
    assert_load_errors(
        f, "r.journal", FL_ERR_VALIDATION,
        "r.journal:2:33: reversal of \"X\" matches no entry of unit \"A\" with that reference "
        "and the opposite amount, same source and kind\n"
        "r.journal:3:34: reversal of \"X\" matches no entry of unit \"B\" with that reference "
        "and the opposite amount, same source and kind\n"
        "r.journal:4:34: reversal of \"X\" matches no entry of unit \"A\" with that reference "
        "and the opposite amount, same source and kind\n"
        "r.journal:5:34: reversal of \"X\" matches no entry of unit \"A\" with that reference "
        "and the opposite amount, same source and kind\n"
        "r.journal:6:34: reversal of \"NOPE\" matches no entry of unit \"A\" with that "
        "reference and the opposite amount, same source and kind\n");

    /* One reversal cancels one entry: a second one has nothing left to cancel. */
    write_text("two.journal", "2018-05-10 A CD.TM 100 ref=X\n"
                              "2018-05-11 A CD.TM -100 reverses=X\n"
                              "2018-05-12 A CD.TM -100 reverses=X\n");
    assert_load_errors(f, "two.journal", FL_ERR_VALIDATION,
                       "two.journal:3:34: reversal of \"X\" matches no entry of unit \"A\" with "
                       "that reference and the opposite amount, same source and kind\n");

    write_text("pos.journal", "2018-05-10 A CD.TM 100 ref=X\n"
                              "2018-05-11 A CD.TM 100 reverses=X\n");
    assert_load_errors(f, "pos.journal", FL_ERR_VALIDATION,
                       "pos.journal:2:20: a reversal (reverses=X) must have the negative amount "
                       "of the entry it cancels\n");
}

static void test_duplicate_refs__per_unit_across_files(void **state)
{
    fixture *f = *state;

    write_text("a.csv", "date,unit,source,amount,ref\n2018-01-01,Ân Hoà,CD.TM,1,PT-01\n"
                        "2018-01-01,Kim Mỹ,CD.TM,1,PT-01\n");
    write_text("b.journal", "\n2018-02-01 \"ÂN HÒA\" CD.NC 2 ref=PT-01\n");
    assert_int_equal(LOAD(f, "a.csv", "b.journal"), FL_ERR_VALIDATION);
    assert_string_equal(f->errors, "b.journal:2:33: duplicate document reference \"PT-01\" for "
                                   "unit \"Ân Hoà\": already used at a.csv:2:27 (possible double "
                                   "counting; if this corrects it, reverse the first entry with "
                                   "reverses=PT-01) (rule duplicate-refs)\n");
    /* The rule can be turned off. */
    {
        fl_load_options opts = FL_LOAD_OPTIONS_INIT;
        opts.rules_disabled = 1u << FL_RULE_DUPLICATE_REFS;
        assert_int_equal(load_with(f, &opts, "a.csv", "b.journal", (const char *)NULL), FL_OK);
        assert_int_equal(fl_ledger_entry_count(f->ledger), 3);
    }
}

/* Units and sources are remembered by spelling in a small cache (64 slots each): with more
 * spellings than slots, alternating, every entry must still get its own unit and source. */
static void test_units__many_spellings_through_the_cache(void **state)
{
    fixture *f = *state;
    static const char *const codes[] = {"CD.TM", "CD.NC", "NS.TW", "NS.DP.XA", "cd.tm", "ns.tw"};
    FILE *csv = fopen("many.csv", "wb");
    size_t i, n = 3000, units = 150;
    char name[64];

    assert_non_null(csv);
    fputs("date,unit,source,amount,ref\n", csv);
    for (i = 0; i < n; i++)
        fprintf(csv, "2018-03-01,Thôn %zu,%s,%zu,R%zu\n", (i * 7) % units, codes[i % 6], i + 1, i);
    assert_int_equal(fclose(csv), 0);
    load_ok(f, NULL, "many.csv");
    assert_int_equal(fl_ledger_unit_count(f->ledger), units);
    for (i = 0; i < n; i++) {
        const fl_entry *e = fl_ledger_entry(f->ledger, i);
        snprintf(name, sizeof name, "Thôn %zu", (i * 7) % units);
        assert_string_equal(fl_ledger_unit_name(f->ledger, e->unit), name);
        assert_true(strcasecmp(code_of(f, e), codes[i % 6]) == 0);
    }
}

/* --- loading without keeping the entries (skip_entries) ----------------------------------------
 */

/* Every total of a report, one per line, for comparing two loads. */
static char *report_totals(const fl_ledger *l)
{
    fl_report *r = NULL;
    fl_error err;
    size_t s, u, m, size = 1 << 16, used = 0;
    char *out = malloc(size);
    int g, k;

    assert_non_null(out);
    out[0] = '\0';
    assert_int_equal(fl_report_new(&r, l, NULL, &err), FL_OK);
    for (k = 0; k < 2; k++) {
        for (s = 0; s < fl_source_tree_count(fl_ledger_sources(l)); s++) {
            char *t = fl_dec_to_string(fl_report_source_total(r, s, (fl_entry_kind)k));
            used += (size_t)snprintf(out + used, size - used, "source %zu %d %s\n", s, k, t);
            free(t);
        }
        for (g = 0; g < (int)fl_source_tree_group_count(fl_ledger_sources(l)); g++) {
            char *t = fl_dec_to_string(fl_report_group_total(r, g, (fl_entry_kind)k));
            used += (size_t)snprintf(out + used, size - used, "group %d %d %s\n", g, k, t);
            free(t);
            for (u = 0; u < fl_ledger_unit_count(l); u++) {
                t = fl_dec_to_string(fl_report_unit_total(r, u, g, (fl_entry_kind)k));
                used +=
                    (size_t)snprintf(out + used, size - used, "unit %zu %d %d %s\n", u, g, k, t);
                free(t);
            }
            for (m = 0; m < fl_report_month_count(r); m++) {
                t = fl_dec_to_string(fl_report_month_total(r, m, g, (fl_entry_kind)k));
                used +=
                    (size_t)snprintf(out + used, size - used, "month %zu %d %d %s\n", m, g, k, t);
                free(t);
            }
        }
    }
    assert_true(used < size);
    fl_report_free(r);
    return out;
}

static void test_skip_entries__same_problems_and_totals_without_the_entries(void **state)
{
    fixture *f = *state;
    fl_load_options skip = FL_LOAD_OPTIONS_INIT;
    char *kept_errors, *kept_totals, *skipped_totals;
    fl_date first, last;

    skip.skip_entries = true;
    /* duplicates (one freed by a reversal), unmatched reversals, in-kind entries, a
     * decimal, an amount past int64 in thousandths, and estimates */
    write_text("a.journal", "2018-05-10 A CD.TM 100 ref=X\n"
                            "2018-05-11 A CD.TM -100 reverses=X\n"
                            "2018-05-12 A CD.TM 100 ref=X\n"
                            "2018-05-13 A CD.TM 7 ref=X\n"
                            "2018-05-14 B CD.TM -100 reverses=X\n"
                            "2018-07-01 B NS.TW 9.300.000.000.000.000 ref=Y\n"
                            "2018-07-02 B NS.TW 9.300.000.000.000.000,5 ref=Z\n"
                            "2018-07-03 B CD.NC 1.800.000 quantity=12 "
                            "unit-price=150.000 uom=\"ngày công\"\n"
                            "2018-07-04 A CD.TM 1,25 kind=estimate\n");
    write_text("b.csv", "date,unit,source,amount,ref\n2018-08-01,A,CD.TM,5,X\n"
                        "2018-08-02,B,NS.TW,1,Y\n");
    assert_int_equal(load_with(f, NULL, "a.journal", "b.csv", (const char *)NULL),
                     FL_ERR_VALIDATION);
    kept_errors = f->errors;
    f->errors = NULL;
    assert_non_null(strstr(kept_errors, "a.journal:4:"));
    assert_non_null(strstr(kept_errors, "reversal of \"X\" matches no entry of unit \"B\""));
    assert_int_equal(load_with(f, &skip, "a.journal", "b.csv", (const char *)NULL),
                     FL_ERR_VALIDATION);
    assert_string_equal(f->errors, kept_errors);
    free(kept_errors);

    /* A clean ledger: the same totals, exact past int64, and no entries to look at. */
    write_text("a.journal", "2018-05-10 A CD.TM 100 ref=X\n"
                            "2018-05-11 A CD.TM -100 reverses=X\n"
                            "2018-05-12 A CD.TM 100 ref=X\n"
                            "2018-07-01 B NS.TW 9.300.000.000.000.000 ref=Y\n"
                            "2018-07-02 B NS.TW 9.300.000.000.000.000,5 ref=Z\n"
                            "2018-07-03 B CD.NC 1.800.000 quantity=12 unit-price=150.000\n"
                            "2018-07-04 A CD.TM 1,25 kind=estimate\n");
    write_text("b.csv", "date,unit,source,amount,ref\n2018-08-01,A,CD.TM,5,W\n");
    load_ok(f, NULL, "a.journal");
    assert_int_equal(fl_ledger_load(f->ledger, "b.csv", NULL, NULL), FL_OK);
    kept_totals = report_totals(f->ledger);
    assert_non_null(strstr(kept_totals, " 18600000001800105.5\n")); /* the whole NTM total */
    assert_true(fl_ledger_entries_kept(f->ledger));
    assert_non_null(fl_ledger_entry(f->ledger, 0));

    load_ok(f, &skip, "a.journal");
    assert_int_equal(fl_ledger_load(f->ledger, "b.csv", &skip, NULL), FL_OK);
    skipped_totals = report_totals(f->ledger);
    assert_string_equal(skipped_totals, kept_totals);
    assert_int_equal(fl_ledger_entry_count(f->ledger), 8);
    assert_false(fl_ledger_entries_kept(f->ledger));
    assert_null(fl_ledger_entry(f->ledger, 0));
    fl_ledger_period(f->ledger, &first, &last);
    assert_int_equal(first, 20180510);
    assert_int_equal(last, 20180801);
    /* what needs the entries says so instead of reading what is not there */
    {
        fl_reconcile *rec = NULL;
        fl_reconcile_options ropts = FL_RECONCILE_OPTIONS_INIT;
        fl_error err;
        assert_int_equal(fl_reconcile_new(&rec, f->ledger, f->ledger, &ropts, &err),
                         FL_ERR_INVALID_ARGUMENT);
        assert_null(rec);
    }
    free(kept_totals);
    free(skipped_totals);
}

/* --- in-kind contributions ------------------------------------------------------------------- */

static void test_in_kind__amount_is_quantity_times_unit_price_exactly(void **state)
{
    fixture *f = *state;
    const fl_entry *e;

    write_text("k.csv",
               "Ngày;Đơn vị;Nguồn;Số tiền;Số lượng;Đơn vị tính;Đơn giá;Căn cứ\n"
               "27/06/2018;Kim Chính;CD.NC;292.050.000;1.947;ngày công;150.000;Đơn giá 2018\n"
               "28/06/2018;Kim Chính;CD.HD;;2,5;m2;60.000,4;Bảng giá đất\n");
    load_ok(f, NULL, "k.csv");
    e = fl_ledger_entry(f->ledger, 0);
    assert_dec(e->amount, "292050000");
    assert_non_null(e->in_kind);
    assert_dec(e->in_kind->quantity, "1947");
    assert_dec(e->in_kind->unit_price, "150000");
    assert_string_equal(e->in_kind->uom, "ngày công");
    assert_string_equal(e->in_kind->basis, "Đơn giá 2018");
    /* Left out, the amount is the exact product. */
    assert_dec(fl_ledger_entry(f->ledger, 1)->amount, "150001.00");

    write_text("j.journal", "2018-04-02 \"Kim Chính\" CD.NC quantity=1.500 uom=\"ngày công\" "
                            "unit-price=100.000 ref=NC-01\n");
    load_ok(f, NULL, "j.journal");
    assert_dec(fl_ledger_entry(f->ledger, 0)->amount, "150000000");
}

static void test_in_kind__mismatch_and_half_valuations_are_errors(void **state)
{
    fixture *f = *state;

    write_text("k.journal", "2018-04-02 A CD.NC 150.000.001 quantity=1.500 unit-price=100.000\n"
                            "2018-04-03 A CD.NC 1 quantity=1\n"
                            "2018-04-04 A CD.NC 1 unit-price=1\n"
                            "2018-04-05 A CD.NC quantity=1.500\n");
    assert_load_errors(f, "k.journal", FL_ERR_VALIDATION,
                       "k.journal:1:20: amount 150000001 differs from quantity x unit price = "
                       "1.500 x 100.000 = 150000000 (rule in-kind-value)\n"
                       "k.journal:2:31: an in-kind entry needs a unit price with its quantity\n"
                       "k.journal:3:33: an in-kind entry needs a quantity with its unit price\n"
                       "k.journal:4:29: an in-kind entry needs a unit price with its quantity\n");
    {
        fl_load_options opts = FL_LOAD_OPTIONS_INIT;
        write_text("m.journal", "2018-04-02 A CD.NC 150.000.001 quantity=1.500 "
                                "unit-price=100.000\n");
        opts.rules_disabled = 1u << FL_RULE_IN_KIND_VALUE;
        load_ok(f, &opts, "m.journal");
        assert_dec(fl_ledger_entry(f->ledger, 0)->amount, "150000001");
    }
}

/* --- units ------------------------------------------------------------------------------------ */

static void test_units__tone_placement_and_case_are_one_unit(void **state)
{
    fixture *f = *state;

    /* "Hoà" (old placement), "Hòa" (new), upper case, decomposed, extra spaces. */
    write_text("u.journal", "unit \"Như Hòa\" code=N1 kind=xa display=\"Như Hòa\"\n"
                            "2018-01-01 \"Như Hoà\" CD.TM 1 ref=A\n"
                            "2018-01-02 \"NHƯ HÒA\" CD.TM 2 ref=B\n"
                            "2018-01-03 \"Như  Ho\xcc\x80"
                            "a\" CD.TM 3 ref=C\n"
                            "2018-01-04 \"Kim Chính\" CD.TM 4 ref=D\n");
    load_ok(f, NULL, "u.journal");
    assert_int_equal(fl_ledger_unit_count(f->ledger), 2);
    assert_string_equal(fl_ledger_unit_name(f->ledger, 0), "Như Hòa");
    assert_string_equal(fl_ledger_unit_code(f->ledger, 0), "N1");
    assert_string_equal(fl_ledger_unit_kind(f->ledger, 0), "xa");
    assert_int_equal(fl_ledger_entry(f->ledger, 1)->unit, 0);
    assert_int_equal(fl_ledger_entry(f->ledger, 2)->unit, 0);
    assert_int_equal(fl_ledger_entry(f->ledger, 3)->unit, 1);
    assert_int_equal(fl_ledger_find_unit(f->ledger, "như hoà", strlen("như hoà")), 0);
    assert_int_equal(fl_ledger_find_unit(f->ledger, "KIM CHÍNH", strlen("KIM CHÍNH")), 1);
    assert_int_equal(fl_ledger_find_unit(f->ledger, "Kim Chinh", 9), -1);

    write_text("c.journal", "unit A code=1\nunit a code=2\n");
    assert_load_errors(f, "c.journal", FL_ERR_VALIDATION,
                       "c.journal:2:6: unit \"A\" is already declared with code \"1\", not "
                       "\"2\"\n");
}

/* --- the journal -------------------------------------------------------------------------------
 */

static void test_journal__every_directive(void **state)
{
    fixture *f = *state;
    const fl_claim_line *claim;

    write_text("communes.csv",
               "date;unit;source;amount\n2018-07-01;Kim Chính;CD.TM.THON;1,000.5\n");
    write_text("main.journal",
               "# Huyện Kim Sơn\n"
               "; another comment\n"
               "   \n"
               "locale vi\n"
               "fiscal-year 2018\n"
               "unit \"Huyện Kim Sơn\" code=376 kind=huyen\n"
               "unit \"Kim Chính\" kind=xa display=\"Kim Chính\"\n"
               "source CD.TM.THON \"Tiền mặt do thôn vận động\" \"Cash raised by hamlets\"\n"
               "include \"communes.csv\" locale=en delimiter=;\n"
               "2018-03-15 \"Kim Chính\" CD.TM 1.250.000.000 ref=PT-01 memo=\"Dân góp \\\"tiền\\\" "
               "\\\\ mặt\"\n"
               "15/03/2018\t\"Huyện Kim Sơn\"\tTHU\t151,8 tỷ kind=estimate ref=NQ\n"
               "locale en\n"
               "2018-03-16 \"Kim Chính\" CD.TM 1,250.5 ref=PT-02\n"
               "claim total source=CD.TM unit=\"Kim Chính\" == 1,250,001,250.5\n");
    load_ok(f, NULL, "main.journal");
    assert_int_equal(fl_ledger_input_count(f->ledger), 2);
    assert_string_equal(fl_ledger_input_path(f->ledger, 0), "main.journal");
    assert_string_equal(fl_ledger_input_path(f->ledger, 1), "communes.csv");
    assert_int_equal(fl_ledger_input_entries(f->ledger, 0), 3);
    assert_int_equal(fl_ledger_input_entries(f->ledger, 1), 1);
    assert_int_equal(fl_ledger_input_fiscal_year(f->ledger, 0), 2018);
    assert_int_equal(strlen(fl_ledger_input_sha256(f->ledger, 0)), 64);
    assert_int_equal(fl_ledger_entry_count(f->ledger), 4);
    assert_entry(f, 0, 20180701, "Kim Chính", "CD.TM.THON", "1000.5", FL_KIND_ACTUAL, NULL, NULL);
    assert_entry(f, 1, 20180315, "Kim Chính", "CD.TM", "1250000000", FL_KIND_ACTUAL, "PT-01",
                 "Dân góp \"tiền\" \\ mặt");
    assert_entry(f, 2, 20180315, "Huyện Kim Sơn", "THU", "151800000000", FL_KIND_ESTIMATE, "NQ",
                 NULL);
    assert_entry(f, 3, 20180316, "Kim Chính", "CD.TM", "1250.5", FL_KIND_ACTUAL, "PT-02", NULL);
    assert_string_equal(fl_ledger_unit_code(f->ledger, 0), "376");
    assert_string_equal(fl_ledger_unit_kind(f->ledger, 1), "xa");
    assert_int_equal(fl_ledger_claim_count(f->ledger), 1);
    claim = fl_ledger_claim_line(f->ledger, 0);
    assert_int_equal(claim->line, 14);
    assert_int_equal(claim->column, 7);
    assert_int_equal(claim->locale, FL_LOCALE_EN);
    assert_memory_equal(claim->text, "total source=CD.TM unit=\"Kim Chính\" == 1,250,001,250.5",
                        claim->len);
    {
        fl_date first, last;
        fl_ledger_period(f->ledger, &first, &last);
        assert_int_equal(first, 20180315);
        assert_int_equal(last, 20180701);
    }
}

static void test_journal__syntax_errors_point_at_the_word(void **state)
{
    fixture *f = *state;

    write_text("s.journal", "budget 2018\n"
                            "locale fr\n"
                            "fiscal-year 18\n"
                            "2018-01-01 A CD.TM 1 colour=red\n"
                            "2018-01-01 A CD.TM 1 ref=\"X\n"
                            "2018-01-01 A CD.TM\n"
                            "2018-01-01 \"A\"CD.TM 1\n"
                            "2018-01-01 A CD.TM 1 ref=X ref=Y\n"
                            "2018-01-01 A CD.TM 1 memo=\"a\\tb\"\n"
                            "2018-01-01 A CD.TM \"1\"\n"
                            "claim\n"
                            "source CD.TM.X \"a\" \"b\" \"c\"\n"
                            "source ZZ.Y \"a\"\n"
                            "2018-01-01 A CD.TM 1 ref=X junk\n"
                            "unit \"A\" colour=red\n");
    assert_load_errors(
        f, "s.journal", FL_ERR_SYNTAX,
        "s.journal:1:1: unknown directive \"budget\"; a line is an entry (starting with its "
        "date), locale, fiscal-year, source, unit, include or claim\n"
        "s.journal:2:8: unknown locale \"fr\" (vi or en)\n"
        "s.journal:3:1: write the fiscal year as \"fiscal-year 2018\"\n"
        "s.journal:4:22: unknown option \"colour\"; an entry takes kind, ref, memo, reverses, "
        "quantity, uom, unit-price and basis\n"
        "s.journal:5:26: the quoted string is never closed\n"
        "s.journal:6:19: an entry needs a date, a unit, a source and an amount\n"
        "s.journal:7:15: expected a space after the quoted value\n"
        "s.journal:8:28: option \"ref\" is given twice\n"
        "s.journal:9:29: unknown escape \"\\t\" in a quoted string; only \\\" and \\\\ are "
        "escapes\n"
        "s.journal:10:20: an amount is not quoted\n"
        "s.journal:11:6: claim needs a text\n"
        "s.journal:12:24: source takes a code and at most two labels (Vietnamese, English)\n"
        "s.journal:13:8: parent code \"ZZ\" of \"ZZ.Y\" is not declared\n"
        "s.journal:14:28: expected an option key=value after the amount, found \"junk\"\n"
        "s.journal:15:10: unknown unit option \"colour\"; use code=, kind= and display=\n");
}

static void test_journal__torn_last_line_nul_and_invalid_utf8(void **state)
{
    fixture *f = *state;

    write_text("t.journal", "2018-01-01 A CD.TM 1.250 ref=A\n2018-01-02 A CD.TM 1.25");
    assert_load_errors(f, "t.journal", FL_ERR_SYNTAX,
                       "t.journal:2:24: the last line does not end with a line break: the file "
                       "may have been cut off while it was written (a torn line); check this "
                       "line and end it with a newline\n");
    /* Nothing of the torn line is read. */
    assert_int_equal(fl_ledger_entry_count(f->ledger), 1);

    write_bytes("n.journal", "# ok\n2018-01-01 A CD.TM 1\0 ref=A\n", 32);
    assert_load_errors(f, "n.journal", FL_ERR_SYNTAX,
                       "n.journal:2:21: a NUL byte (0x00) in the journal: is this a binary or "
                       "UTF-16 file?\n");

    write_text("u.journal", "2018-01-01 \"Kim Ch\xEDnh\" CD.TM 1\n");
    assert_load_errors(f, "u.journal", FL_ERR_SYNTAX,
                       "u.journal:1:19: invalid UTF-8 byte 0xED; save the file as UTF-8\n");

    write_text("b.journal", "# a\n2018-01-01 A \xEF\xBB\xBF CD.TM 1\n");
    assert_load_errors(f, "b.journal", FL_ERR_SYNTAX,
                       "b.journal:2:14: a byte order mark (U+FEFF) in the middle of the file\n");

    write_text("r.journal", "2018-01-01 A CD.TM 1\r ref=A\r\n");
    assert_load_errors(f, "r.journal", FL_ERR_SYNTAX,
                       "r.journal:1:21: a carriage return (CR) inside a line; save the file with "
                       "LF or CRLF line ends\n");

    /* CRLF line ends and a BOM at the very start are fine. */
    write_text("ok.journal", "\xEF\xBB\xBF# a\r\n2018-01-01 A CD.TM 1 ref=A\r\n");
    load_ok(f, NULL, "ok.journal");
    assert_string_equal(fl_ledger_entry(f->ledger, 0)->ref, "A");
}

static void test_journal__claims_files_are_checked_like_journals(void **state)
{
    fixture *f = *state;

    write_text("a.claims", "# c\n  total source=CD > 1  \n");
    write_text("a.journal", "2018-01-01 A CD.TM 2\n");
    load_ok(f, NULL, "a.claims");
    assert_int_equal(fl_ledger_claim_count(f->ledger), 1);
    assert_int_equal(fl_ledger_claim_line(f->ledger, 0)->line, 2);
    assert_int_equal(fl_ledger_claim_line(f->ledger, 0)->column, 3);
    assert_int_equal(fl_ledger_claim_line(f->ledger, 0)->len, strlen("total source=CD > 1"));

    write_text("t.claims", "total source=CD == 151.463.21");
    assert_load_errors(f, "t.claims", FL_ERR_SYNTAX,
                       "t.claims:1:30: the last line does not end with a line break: the file "
                       "may have been cut off while it was written (a torn line); check this "
                       "line and end it with a newline\n");
    write_text("u.claims", "total unit=\"Kim Ch\xEDnh\" > 1\n");
    assert_load_errors(f, "u.claims", FL_ERR_SYNTAX,
                       "u.claims:1:19: invalid UTF-8 byte 0xED; save the file as UTF-8\n");
    write_bytes("n.claims", "total\0 > 1\n", 11);
    assert_load_errors(f, "n.claims", FL_ERR_SYNTAX,
                       "n.claims:1:6: a NUL byte (0x00) in a claims file: is this a binary or "
                       "UTF-16 file?\n");
}

/* --- includes ----------------------------------------------------------------------------------
 */

static void test_include__cycles_are_refused_where_the_include_is(void **state)
{
    fixture *f = *state;

    write_text("a.journal", "2018-01-01 A CD.TM 1\ninclude \"b.journal\"\n");
    write_text("b.journal", "# b\n\ninclude   \"a.journal\"\n");
    assert_load_errors(f, "a.journal", FL_ERR_VALIDATION,
                       "b.journal:3:12: include cycle: \"a.journal\" is already being read\n");

    write_text("self.journal", "include \"self.journal\"\n");
    assert_load_errors(f, "self.journal", FL_ERR_VALIDATION,
                       "self.journal:1:10: include cycle: \"self.journal\" is already being "
                       "read\n");

    write_text("m.journal", "include \"missing.csv\"\n");
    assert_load_errors(f, "m.journal", FL_ERR_IO,
                       "m.journal:1:10: cannot include missing.csv: no such file\n");
}

static void test_include__depth_is_limited_to_32(void **state)
{
    fixture *f = *state;
    char name[32], text[64];
    int i;

    /* d0 includes d1 ... includes d32: 32 levels below the named file. */
    for (i = 0; i <= 32; i++) {
        snprintf(name, sizeof name, "d%d.journal", i);
        if (i < 32)
            snprintf(text, sizeof text, "include \"d%d.journal\"\n", i + 1);
        else
            snprintf(text, sizeof text, "2018-01-01 A CD.TM 1\n");
        write_text(name, text);
    }
    load_ok(f, NULL, "d0.journal");
    assert_int_equal(fl_ledger_entry_count(f->ledger), 1);
    assert_int_equal(fl_ledger_input_count(f->ledger), 33);

    write_text("d32.journal", "include \"d33.journal\"\n");
    write_text("d33.journal", "2018-01-01 A CD.TM 1\n");
    assert_load_errors(f, "d0.journal", FL_ERR_LIMIT,
                       "d32.journal:1:10: includes are nested more than 32 deep (at "
                       "\"d33.journal\")\n");
}

static void test_include__the_same_file_twice_is_refused(void **state)
{
    fixture *f = *state;

    write_text("c.csv", "date,unit,source,amount\n2018-01-01,A,CD.TM,1\n");
    write_text("j.journal", "include \"c.csv\"\n");
    assert_int_equal(LOAD(f, "j.journal", "c.csv"), FL_ERR_VALIDATION);
    assert_string_equal(f->errors, "c.csv: \"c.csv\" is already loaded (as \"c.csv\"); its "
                                   "entries would be counted twice\n");
    assert_int_equal(fl_ledger_entry_count(f->ledger), 1);
}

/* --- folders ------------------------------------------------------------------------------------
 */

static void test_folder__loads_ledger_files_in_name_order(void **state)
{
    fixture *f = *state;
    size_t i;
    const char *expected[] = {"d/01-b.csv", "d/02-a.journal", "d/10-z.tsv", "d/a.claims",
                              "d/b.CSV"};

    assert_int_equal(mkdir("d", 0700), 0);
    assert_int_equal(mkdir("d/sub.csv", 0700), 0);
    write_text("d/10-z.tsv", "date\tunit\tsource\tamount\n2018-01-03\tZ\tCD.TM\t3\n");
    write_text("d/02-a.journal", "2018-01-02 A CD.TM 2\n");
    write_text("d/01-b.csv", "date,unit,source,amount\n2018-01-01,B,CD.TM,1\n");
    write_text("d/b.CSV", "date,unit,source,amount\n2018-01-04,B,CD.TM,4\n");
    write_text("d/a.claims", "total source=CD == 10\n");
    write_text("d/notes.txt", "not a ledger\n");
    write_text("d/.hidden.csv", "broken\n");
    load_ok(f, NULL, "d");
    assert_int_equal(fl_ledger_input_count(f->ledger), 5);
    for (i = 0; i < 5; i++)
        assert_string_equal(fl_ledger_input_path(f->ledger, i), expected[i]);
    assert_int_equal(fl_ledger_entry_count(f->ledger), 4);
    assert_string_equal(fl_ledger_unit_name(f->ledger, 0), "B");
    assert_int_equal(fl_ledger_entry(f->ledger, 2)->date, 20180103);
    assert_int_equal(fl_ledger_claim_count(f->ledger), 1);

    assert_int_equal(mkdir("empty", 0700), 0);
    write_text("empty/readme.txt", "x\n");
    assert_load_errors(f, "empty", FL_ERR_NOT_FOUND,
                       "empty: the folder holds no .csv, .tsv, .journal or .claims file\n");
}

static void test_load__missing_file_is_an_io_error(void **state)
{
    fixture *f = *state;

    assert_load_errors(f, "nope.csv", FL_ERR_IO, "nope.csv: cannot open: no such file\n");
}

/* --- fiscal year
 * ---------------------------------------------------------------------------------- */

static void test_fiscal_year__first_entry_declared_option_and_no_rule(void **state)
{
    fixture *f = *state;
    fl_load_options opts = FL_LOAD_OPTIONS_INIT;

    write_text("a.csv", "date,unit,source,amount\n2018-01-01,A,CD.TM,1\n31/12/2017,A,CD.TM,2\n");
    assert_load_errors(f, "a.csv", FL_ERR_VALIDATION,
                       "a.csv:3:1: date 31/12/2017 is outside the fiscal year 2018 of this file "
                       "(rule fiscal-year; declare \"fiscal-year\" in a journal, or pass "
                       "--no-rule fiscal-year)\n");

    opts.rules_disabled = 1u << FL_RULE_FISCAL_YEAR;
    load_ok(f, &opts, "a.csv");
    assert_int_equal(fl_ledger_entry_count(f->ledger), 2);

    /* --fiscal-year is every file's year, whatever the file says. */
    write_text("j.journal", "fiscal-year 2018\n2018-05-01 A CD.TM 1\n");
    opts.rules_disabled = 0;
    opts.fiscal_year = 2019;
    assert_int_equal(load_with(f, &opts, "j.journal", (const char *)NULL), FL_ERR_VALIDATION);
    assert_string_equal(f->errors, "j.journal:2:1: date 2018-05-01 is outside the fiscal year "
                                   "2019 of this file (rule fiscal-year; declare "
                                   "\"fiscal-year\" in a journal, or pass --no-rule "
                                   "fiscal-year)\n");

    /* A declared year holds from the first entry on. */
    write_text("d.journal", "fiscal-year 2019\n2018-05-01 A CD.TM 1\n");
    assert_load_errors(f, "d.journal", FL_ERR_VALIDATION,
                       "d.journal:2:1: date 2018-05-01 is outside the fiscal year 2019 of this "
                       "file (rule fiscal-year; declare \"fiscal-year\" in a journal, or pass "
                       "--no-rule fiscal-year)\n");
    write_text("late.journal", "2018-05-01 A CD.TM 1\nfiscal-year 2019\n");
    assert_load_errors(f, "late.journal", FL_ERR_SYNTAX,
                       "late.journal:2:1: fiscal-year must come once, before the file's first "
                       "entry\n");
}

static void test_fiscal_year__included_files_inherit_the_declared_year(void **state)
{
    fixture *f = *state;

    write_text("c.csv", "date,unit,source,amount\n2017-06-01,A,CD.TM,1\n");
    write_text("j.journal", "fiscal-year 2018\ninclude \"c.csv\"\n");
    assert_load_errors(f, "j.journal", FL_ERR_VALIDATION,
                       "c.csv:2:1: date 2017-06-01 is outside the fiscal year 2018 of this file "
                       "(rule fiscal-year; declare \"fiscal-year\" in a journal, or pass "
                       "--no-rule fiscal-year)\n");
    /* Without a declaration the included file keeps its own year. */
    write_text("k.journal", "include \"c.csv\"\n2018-01-01 A CD.TM 1\n");
    assert_int_equal(LOAD(f, "k.journal"), FL_OK);
    assert_int_equal(fl_ledger_input_fiscal_year(f->ledger, 1), 2017);
}

/* --- diagnostics
 * ----------------------------------------------------------------------------------- */

static void test_diagnostics__limit_keeps_the_first_and_counts_all(void **state)
{
    fl_diagnostics *d = NULL;
    fl_error e;
    int i;

    (void)state;
    assert_int_equal(fl_diagnostics_new(&d, 3), FL_OK);
    fl_error_clear(&e);
    for (i = 0; i < 5; i++) {
        e.status = FL_ERR_SYNTAX;
        e.line = (unsigned long)i + 1;
        assert_int_equal(fl_diagnostics_add(d, &e), FL_ERR_SYNTAX);
    }
    assert_int_equal(fl_diagnostics_count(d), 3);
    assert_int_equal(fl_diagnostics_total(d), 5);
    assert_int_equal(fl_diagnostics_get(d, 2)->line, 3);
    assert_null(fl_diagnostics_get(d, 3));
    fl_diagnostics_free(d);
}

static void test_rules__names_round_trip(void **state)
{
    fl_rule r;
    int i;

    (void)state;
    for (i = 0; i < FL_RULE_COUNT_; i++) {
        assert_int_equal(fl_rule_from_name(&r, fl_rule_name((fl_rule)i)), FL_OK);
        assert_int_equal(r, i);
    }
    assert_string_equal(fl_rule_name(FL_RULE_FISCAL_YEAR), "fiscal-year");
    assert_int_equal(fl_rule_from_name(&r, "no-such-rule"), FL_ERR_NOT_FOUND);
}

/* --- the sample
 * --------------------------------------------------------------------------------------- */

static void test_sample__kimson_2018_loads_clean(void **state)
{
    fixture *f = *state;
    char path[4096];
    const char *root = getenv("FL_SOURCE_DIR");

    snprintf(path, sizeof path, "%s/samples/kimson-2018", root ? root : FL_SOURCE_DIR);
    load_ok(f, NULL, path);
    assert_int_equal(fl_ledger_input_count(f->ledger), 30);
    assert_int_equal(fl_ledger_entry_count(f->ledger), 281);
    assert_int_equal(fl_ledger_unit_count(f->ledger), 28);
    assert_int_equal(fl_ledger_claim_count(f->ledger), 10);
}

/* A journal of exactly `size` bytes: a header, entries, and a comment line that pads it. */
static void write_journal_of_size(const char *name, size_t size)
{
    static const char head[] = "locale vi\n";
    static const char entry[] = "2018-05-24 \"Kim Chính\" CD.TM 1.000 ref=A1\n";
    char *data = malloc(size + 1);
    size_t used;

    assert_non_null(data);
    assert_true(size > sizeof head + sizeof entry + 4);
    memcpy(data, head, sizeof head - 1);
    used = sizeof head - 1;
    memcpy(data + used, entry, sizeof entry - 1);
    used += sizeof entry - 1;
    data[used++] = '#';
    memset(data + used, 'x', size - used - 1);
    data[size - 1] = '\n';
    write_bytes(name, data, size);
    free(data);
}

/* Inputs are mapped: a file that ends exactly on a page boundary still reads its last line,
 * and one byte more or less makes no difference. */
static void test_load__files_ending_on_a_page_boundary(void **state)
{
    fixture *f = *state;
    size_t page = (size_t)sysconf(_SC_PAGESIZE), sizes[6], i;

    sizes[0] = page - 1;
    sizes[1] = page;
    sizes[2] = page + 1;
    sizes[3] = 2 * page;
    sizes[4] = 3 * page - 1;
    sizes[5] = 16 * page;
    for (i = 0; i < 6; i++) {
        write_journal_of_size("p.journal", sizes[i]);
        load_ok(f, NULL, "p.journal");
        assert_int_equal(fl_ledger_entry_count(f->ledger), 1);
        assert_dec(fl_ledger_entry(f->ledger, 0)->amount, "1000");
        assert_non_null(fl_ledger_input_sha256(f->ledger, 0));
    }
}

/* A CSV file and a journal of several MiB: the pages already read are given back while the
 * rest is read (fl_load_consumed), which must not change a single value; an error near the
 * end still shows its own line; the hash is that of the whole file. */
static void test_load__large_files_read_while_pages_are_given_back(void **state)
{
    fixture *f = *state;
    const size_t rows = 120000;
    FILE *csv = fopen("big.csv", "wb"), *journal = fopen("big.journal", "wb");
    size_t i;
    fl_load_options skip = FL_LOAD_OPTIONS_INIT;

    assert_non_null(csv);
    assert_non_null(journal);
    fputs("Ngày;Đơn vị;Nguồn;Số tiền;Số chứng từ;Nội dung\n", csv);
    fputs("locale vi\n", journal);
    for (i = 0; i < rows; i++) {
        fprintf(csv, "%02zu/05/2018;Kim Chính;CD.TM;%zu.%03zu,5;R%zu;Đường làng số %zu\n",
                1 + i % 28, 1 + i % 997, i % 1000, i, i);
        fprintf(journal,
                "2018-05-%02zu \"Kim Chính\" CD.TM %zu.%03zu,5 ref=R%zu memo=\"Đường %zu\"\n",
                1 + i % 28, 1 + i % 997, i % 1000, i, i);
    }
    assert_int_equal(fclose(csv), 0);
    assert_int_equal(fclose(journal), 0);
    {
        struct stat st;
        assert_int_equal(stat("big.csv", &st), 0);
        assert_true(st.st_size > 6 * 1024 * 1024);
    }
    for (i = 0; i < 2; i++) {
        const char *path = i ? "big.journal" : "big.csv";
        const fl_entry *last;
        char memo[64];

        load_ok(f, NULL, path);
        assert_int_equal(fl_ledger_entry_count(f->ledger), rows);
        last = fl_ledger_entry(f->ledger, rows - 1);
        assert_dec(last->amount, "360999.5"); /* "360.999,5": 1 + 119999 % 997, 119999 % 1000 */
        assert_string_equal(last->ref, "R119999");
        snprintf(memo, sizeof memo, i ? "Đường %zu" : "Đường làng số %zu", rows - 1);
        assert_string_equal(last->memo, memo);
        assert_string_equal(fl_ledger_entry(f->ledger, 0)->ref, "R0");
        assert_non_null(fl_ledger_input_sha256(f->ledger, 0));

        /* check and report load without the hash and the memos: same entries */
        skip.skip_input_hash = true;
        skip.skip_memos = true;
        load_ok(f, &skip, path);
        assert_int_equal(fl_ledger_entry_count(f->ledger), rows);
        assert_null(fl_ledger_input_sha256(f->ledger, 0));
        assert_null(fl_ledger_entry(f->ledger, rows - 1)->memo);
        assert_string_equal(fl_ledger_entry(f->ledger, rows - 1)->ref, "R119999");
    }
    /* a bad amount on the last line of the CSV: reported with that line's text */
    csv = fopen("big.csv", "ab");
    assert_non_null(csv);
    fputs("28/05/2018;Kim Chính;CD.TM;1.2.3,4,5;LAST;cuối\n", csv);
    assert_int_equal(fclose(csv), 0);
    assert_int_not_equal(LOAD(f, "big.csv"), FL_OK);
    assert_non_null(strstr(f->errors, "big.csv:120002:"));
    assert_non_null(strstr(f->errors, "\"1.2.3,4,5\"")); /* read from the last page */
}

/* Encoding problems deep in large files: the journal checks lines a 1 MiB window at a time
 * and the CSV reader checks 1 MiB ahead of itself; a problem in a later window must be
 * reported exactly where it is, as in a small file, and lines around it still checked. */
static void test_load__encoding_problems_deep_in_large_files(void **state)
{
    fixture *f = *state;
    const size_t rows = 40000; /* about 3 MiB */
    FILE *journal = fopen("deep.journal", "wb"), *csv = fopen("deep.csv", "wb");
    size_t i;

    assert_non_null(journal);
    assert_non_null(csv);
    fputs("locale vi\n", journal);
    fputs("Ngày;Đơn vị;Nguồn;Số tiền;Số chứng từ;Nội dung\n", csv);
    for (i = 0; i < rows; i++) {
        const char *memo = i == 20000   ? "Đường \xC3\x28" /* cut character */
                           : i == 30000 ? "Cầu\rtreo"      /* CR inside the line */
                                        : "Đường làng";
        fprintf(journal, "2018-05-%02zu \"Kim Chính\" CD.TM %zu ref=R%zu memo=\"%s\"\n", 1 + i % 28,
                1000 + i, i, memo);
        if (i == 35000)
            fputs("2018-05-01 \"Kim Chính\" CD.TM 5 memo=\"\xEF\xBB\xBF\"\r\n", journal);
        fprintf(csv, "%02zu/05/2018;Kim Chính;CD.TM;%zu;R%zu;%s\n", 1 + i % 28, 1000 + i, i,
                i == 30000 ? "Cầu \xFF treo" : "Đường làng");
    }
    assert_int_equal(fclose(journal), 0);
    assert_int_equal(fclose(csv), 0);

    assert_int_equal(LOAD(f, "deep.journal"), FL_ERR_SYNTAX);
    assert_string_equal(
        f->errors,
        "deep.journal:20002:59: invalid UTF-8 byte 0xC3; save the file as UTF-8\n"
        "deep.journal:30002:56: a carriage return (CR) inside a line; save the file with LF "
        "or CRLF line ends\n"
        "deep.journal:35003:38: a byte order mark (U+FEFF) in the middle of the file\n");

    assert_int_equal(LOAD(f, "deep.csv"), FL_ERR_SYNTAX);
    assert_non_null(strstr(f->errors, "deep.csv:30002:"));
    assert_non_null(strstr(f->errors, "invalid UTF-8"));
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_date__iso_and_vietnamese_orders),
        cmocka_unit_test(test_date__refuses_days_that_do_not_exist_and_other_forms),
        T(test_csv__english_headers_in_any_order),
        T(test_csv__vietnamese_headers_with_and_without_diacritics),
        T(test_csv__amount_header_scale_applies_to_the_column),
        T(test_csv__missing_unknown_and_repeated_columns),
        T(test_csv__semicolon_with_decimal_comma_and_tab_are_detected),
        T(test_csv__delimiter_override),
        T(test_csv__bom_and_crlf),
        T(test_csv__quoted_fields_with_delimiters_newlines_and_quotes),
        T(test_csv__error_after_a_line_break_in_quotes_is_on_its_own_line),
        T(test_csv__wrong_field_counts),
        T(test_csv__blank_rows_are_skipped),
        T(test_csv__every_error_of_a_file_is_collected),
        T(test_csv__encoding_errors),
        T(test_reversal__cancels_the_entry_and_frees_its_reference),
        T(test_reversal__must_match_amount_unit_source_and_kind),
        T(test_skip_entries__same_problems_and_totals_without_the_entries),
        T(test_duplicate_refs__per_unit_across_files),
        T(test_in_kind__amount_is_quantity_times_unit_price_exactly),
        T(test_in_kind__mismatch_and_half_valuations_are_errors),
        T(test_units__tone_placement_and_case_are_one_unit),
        T(test_units__many_spellings_through_the_cache),
        T(test_journal__every_directive),
        T(test_journal__syntax_errors_point_at_the_word),
        T(test_journal__torn_last_line_nul_and_invalid_utf8),
        T(test_journal__claims_files_are_checked_like_journals),
        T(test_include__cycles_are_refused_where_the_include_is),
        T(test_include__depth_is_limited_to_32),
        T(test_include__the_same_file_twice_is_refused),
        T(test_folder__loads_ledger_files_in_name_order),
        T(test_load__missing_file_is_an_io_error),
        T(test_fiscal_year__first_entry_declared_option_and_no_rule),
        T(test_fiscal_year__included_files_inherit_the_declared_year),
        cmocka_unit_test(test_diagnostics__limit_keeps_the_first_and_counts_all),
        cmocka_unit_test(test_rules__names_round_trip),
        T(test_load__files_ending_on_a_page_boundary),
        T(test_load__large_files_read_while_pages_are_given_back),
        T(test_load__encoding_problems_deep_in_large_files),
        T(test_sample__kimson_2018_loads_clean),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
