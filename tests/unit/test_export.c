/*
 * test_export.c - the export module's pieces that need no spreadsheet
 * engine: which decimals may become a spreadsheet number, safe file
 * replacement, the JSON summary of a small ledger, the workbook's
 * reproducibility and overflow of the Entries sheet, and the roll-up's
 * refusals with file:line:column.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <sys/stat.h>
#include <unistd.h>

#include "atomic_file.h"
#include "fundledger.h"

static bool exact(const char *text, double *out)
{
    fl_dec d;
    bool ok;

    fl_dec_init(d);
    assert_int_equal(fl_dec_set_str(d, text, strlen(text), NULL), FL_OK);
    ok = fl_export_exact_double(out, d);
    fl_dec_clear(d);
    return ok;
}

static void test_export__exact_double_takes_exact_values(void **state)
{
    double d = -1;

    (void)state;
    assert_true(exact("0", &d) && d == 0.0);
    assert_true(exact("151463210000", &d) && d == 151463210000.0);
    assert_true(exact("-1.5", &d) && d == -1.5);
    assert_true(exact("0.25", &d) && d == 0.25);
    assert_true(exact("999999999999999", &d) && d == 999999999999999.0);
    assert_true(exact("1000000000000000000", &d) && d == 1e18); /* one significant digit */
    assert_true(exact("1.50", &d) && d == 1.5);                 /* trailing zeros are no digits */
}

/* Against an oracle with rationals: a value is taken exactly when a double holds it
 * (mpq_set_d of the double gives the same rational) and it has at most 15 significant
 * digits.  Random coefficients up to 17 digits and exponents -30..30, so both the
 * fixed-width path and the GMP path are crossed. */
static void test_export__exact_double_agrees_with_rationals(void **state)
{
    unsigned long seed = 20261128;
    int i;

    (void)state;
    for (i = 0; i < 200000; i++) {
        char text[64];
        long long c;
        int e, digits;
        fl_dec v;
        mpq_t q, back;
        mpz_t t;
        double d = -7, oracle;
        bool got, want;

        seed = seed * 6364136223846793005UL + 1442695040888963407UL;
        digits = 1 + (int)((seed >> 33) % 17);
        c = (long long)((seed >> 7) % 100000000000000000ULL);
        while (digits < 17 && c >= 10 && (seed >> 40) % 2)
            c /= 10, digits++;
        if ((seed >> 50) % 3 == 0)
            c = (c / 1000) * 1000; /* whole thousands, like most amounts */
        if ((seed >> 52) % 2)
            c = -c;
        e = (int)((seed >> 20) % 61) - 30;
        snprintf(text, sizeof text, "%lldE%d", c, e);
        fl_dec_init(v);
        mpz_init_set_si(t, (long)c);
        mpz_set_si(v->coefficient, (long)c);
        v->exponent = e;
        mpq_init(q);
        mpq_init(back);
        mpq_set_z(q, t);
        if (e != 0) {
            mpz_t p;
            mpz_init(p);
            mpz_ui_pow_ui(p, 10, (unsigned long)(e > 0 ? e : -e));
            if (e > 0)
                mpz_mul(mpq_numref(q), mpq_numref(q), p);
            else
                mpz_mul(mpq_denref(q), mpq_denref(q), p);
            mpq_canonicalize(q);
            mpz_clear(p);
        }
        oracle = mpq_get_d(q);
        mpq_set_d(back, oracle);
        {
            /* significant digits of the reduced coefficient */
            long long r = c < 0 ? -c : c;
            while (r != 0 && r % 10 == 0)
                r /= 10;
            want = mpq_equal(q, back) && r < 1000000000000000LL;
        }
        got = fl_export_exact_double(&d, v);
        if (got != want || (got && d != oracle))
            fail_msg("%s: got %d (%.17g), want %d (%.17g)", text, got, d, want, oracle);
        mpq_clear(q);
        mpq_clear(back);
        mpz_clear(t);
        fl_dec_clear(v);
    }
}

static void test_export__exact_double_refuses_what_a_cell_would_round(void **state)
{
    double d = 7;

    (void)state;
    assert_false(exact("0.1", &d));              /* not a binary fraction */
    assert_false(exact("1234567890123456", &d)); /* 16 significant digits */
    assert_false(exact("9007199254740993", &d)); /* 2^53 + 1 */
    assert_false(exact("151463210000.3", &d));
    assert_true(d == 7); /* untouched */
}

static char *temp_folder(void)
{
    char tmpl[] = "/tmp/fl-test-export-XXXXXX";
    char *dir = mkdtemp(tmpl);

    assert_non_null(dir);
    return strdup(dir);
}

static char *path_in(const char *dir, const char *name)
{
    char *p = malloc(strlen(dir) + strlen(name) + 2);

    sprintf(p, "%s/%s", dir, name);
    return p;
}

static void test_export__atomic_commit_replaces_and_abort_keeps_the_old_file(void **state)
{
    char *dir = temp_folder(), *dest = path_in(dir, "out.json"), buf[32] = {0};
    fl_atomic_file f;
    fl_error err;
    FILE *in;

    (void)state;
    in = fopen(dest, "w");
    fputs("old", in);
    fclose(in);
    assert_int_equal(fl_atomic_begin(&f, dest, &err), FL_OK);
    fputs("new", f.fp);
    fl_atomic_abort(&f);
    in = fopen(dest, "r");
    assert_non_null(fgets(buf, sizeof buf, in));
    fclose(in);
    assert_string_equal(buf, "old");

    assert_int_equal(fl_atomic_begin(&f, dest, &err), FL_OK);
    fputs("new", f.fp);
    assert_int_equal(fl_atomic_commit(&f, &err), FL_OK);
    in = fopen(dest, "r");
    assert_non_null(fgets(buf, sizeof buf, in));
    fclose(in);
    assert_string_equal(buf, "new");
    unlink(dest);
    rmdir(dir);
    free(dest);
    free(dir);
}

static void test_export__atomic_names_what_failed(void **state)
{
    fl_atomic_file f;
    fl_error err;
    char msg[1200];

    (void)state;
    assert_int_equal(fl_atomic_begin(&f, "/nonexistent-folder/out.json", &err), FL_ERR_IO);
    fl_error_format(msg, sizeof msg, &err);
    assert_string_equal(msg, "/nonexistent-folder/out.json: cannot create a temporary file in its "
                             "folder: No such file or directory");
}

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");

    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void assert_file_is(const char *path, const char *text)
{
    char buf[64] = {0};
    FILE *f = fopen(path, "r");

    assert_non_null(f);
    assert_non_null(fgets(buf, sizeof buf, f));
    fclose(f);
    assert_string_equal(buf, text);
}

/* Files in dir other than the named ones (temporary files or backups left behind). */
static int others_in(const char *dir, const char *a, const char *b)
{
    char cmd[512];

    snprintf(cmd, sizeof cmd, "test -z \"$(ls -A '%s' | grep -v -x -e '%s' -e '%s')\"", dir, a, b);
    return system(cmd);
}

static void test_export__pair_is_replaced_together_or_not_at_all(void **state)
{
    char *dir = temp_folder(), *first = path_in(dir, "a.xlsx"), *second = path_in(dir, "b.json");
    fl_atomic_file f1, f2;
    fl_error err;
    char msg[1200];

    (void)state;
    /* Both replaced. */
    write_text(first, "old a");
    write_text(second, "old b");
    assert_int_equal(fl_atomic_begin(&f1, first, &err), FL_OK);
    assert_int_equal(fl_atomic_begin(&f2, second, &err), FL_OK);
    fputs("new a", f1.fp);
    fputs("new b", f2.fp);
    assert_int_equal(fl_atomic_commit_pair(&f1, &f2, &err), FL_OK);
    assert_file_is(first, "new a");
    assert_file_is(second, "new b");
    assert_int_equal(others_in(dir, "a.xlsx", "b.json"), 0);

    /* The second cannot be replaced (it is a folder): the first is put back. */
    unlink(second);
    assert_int_equal(mkdir(second, 0755), 0);
    assert_int_equal(fl_atomic_begin(&f1, first, &err), FL_OK);
    assert_int_equal(fl_atomic_begin(&f2, second, &err), FL_OK);
    fputs("newer a", f1.fp);
    fputs("newer b", f2.fp);
    assert_int_equal(fl_atomic_commit_pair(&f1, &f2, &err), FL_ERR_IO);
    fl_error_format(msg, sizeof msg, &err);
    assert_non_null(strstr(msg, "b.json: cannot replace the file (neither file was changed): Is a "
                                "directory"));
    assert_file_is(first, "new a");
    assert_int_equal(others_in(dir, "a.xlsx", "b.json"), 0);

    /* No old first file: the new one is removed again. */
    unlink(first);
    assert_int_equal(fl_atomic_begin(&f1, first, &err), FL_OK);
    assert_int_equal(fl_atomic_begin(&f2, second, &err), FL_OK);
    assert_int_equal(fl_atomic_commit_pair(&f1, &f2, &err), FL_ERR_IO);
    assert_int_equal(access(first, F_OK), -1);
    assert_int_equal(others_in(dir, "b.json", "b.json"), 0);

    rmdir(second);
    rmdir(dir);
    free(first);
    free(second);
    free(dir);
}

/* A small ledger written to a folder, loaded, reported and audited. */
typedef struct fixture {
    char *dir;
    fl_ledger *ledger;
    fl_report *report;
    fl_audit audit;
} fixture;

static void load_fixture(fixture *fx, const char *csv)
{
    char *path;
    FILE *f;
    fl_diagnostics *diags;
    fl_load_options opts = FL_LOAD_OPTIONS_INIT;
    fl_error err;

    fx->dir = temp_folder();
    path = path_in(fx->dir, "x.csv");
    f = fopen(path, "w");
    fputs(csv, f);
    fclose(f);
    assert_int_equal(fl_ledger_new(&fx->ledger), FL_OK);
    assert_int_equal(fl_diagnostics_new(&diags, 10), FL_OK);
    assert_int_equal(fl_ledger_load(fx->ledger, path, &opts, diags), FL_OK);
    assert_int_equal(fl_ledger_finish(fx->ledger, &opts, diags), FL_OK);
    fl_diagnostics_free(diags);
    assert_int_equal(fl_report_new(&fx->report, fx->ledger, NULL, &err), FL_OK);
    assert_int_equal(fl_audit_run(&fx->audit, fx->ledger, fx->report, &opts, FL_LOCALE_VI), FL_OK);
    unlink(path);
    free(path);
}

static void free_fixture(fixture *fx)
{
    fl_audit_free(&fx->audit);
    fl_report_free(fx->report);
    fl_ledger_free(fx->ledger);
    rmdir(fx->dir);
    free(fx->dir);
}

static const char small_csv[] =
    "Ngày;Đơn vị;Nguồn;Số tiền;Loại;Số chứng từ;Nội dung\n"
    "05/03/2018;Kim Chính;CD.TM;1.500.000;thực hiện;A1;=SUM(A1)\n"
    "06/03/2018;Kim Chính;CD.NC;2.000.000,5;thực hiện;A2;+1\n"
    "07/04/2018;Kim Mỹ;NS.DP.XA;12.345.678.901.234.567;thực hiện;A3;@x\n";

static void test_export__json_has_the_export_fields_in_order(void **state)
{
    fixture fx = {0};
    char *json = NULL;
    fl_error err;
    const char *keys[] = {"\"schema\"",  "\"currency\"", "\"generator\"", "\"inputs\"",
                          "\"period\"",  "\"units\"",    "\"totals\"",    "\"by_source\"",
                          "\"by_unit\"", "\"by_month\"", "\"claims\"",    "\"rules\""};
    const char *at;
    size_t i;

    (void)state;
    load_fixture(&fx, small_csv);
    assert_int_equal(fl_export_json(&json, fx.report, &fx.audit, &err), FL_OK);
    for (i = 0, at = json; i < sizeof keys / sizeof keys[0]; i++) {
        const char *next = strstr(at, keys[i]);
        assert_non_null(next);
        at = next;
    }
    assert_non_null(strstr(json, "\"12345678904734567.5\"")); /* the NTM total, exact */
    assert_non_null(strstr(json, "\"from\":\t\"2018-03-05\""));
    assert_non_null(strstr(json, "\"entries\":\t3"));
    free(json);
    free_fixture(&fx);
}

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf;

    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    *len = (size_t)ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc(*len + 1);
    assert_int_equal(fread(buf, 1, *len, f), *len);
    fclose(f);
    return buf;
}

static void test_export__workbook_is_reproducible_and_overflows_entries(void **state)
{
    fixture fx = {0};
    fl_export_options opts = FL_EXPORT_OPTIONS_INIT;
    char *a, *b, *ba, *bb, cmd[512];
    size_t la, lb;
    fl_error err;

    (void)state;
    load_fixture(&fx, small_csv);
    a = path_in(fx.dir, "a.xlsx");
    b = path_in(fx.dir, "b.xlsx");
    opts.max_rows = 7;             /* header rows + 2 entries: the third goes to a second sheet */
    opts.constant_memory_from = 1; /* and in constant-memory mode */
    assert_int_equal(fl_export_write_xlsx(a, fx.report, &fx.audit, &opts, &err), FL_OK);
    assert_int_equal(fl_export_write_xlsx(b, fx.report, &fx.audit, &opts, &err), FL_OK);
    ba = read_all(a, &la);
    bb = read_all(b, &lb);
    assert_int_equal(la, lb);
    assert_memory_equal(ba, bb, la);
    /* Sheets: 4 tables, Chi tiết, Chi tiết (2), Kiểm tra. */
    snprintf(cmd, sizeof cmd,
             "unzip -p '%s' xl/workbook.xml | grep -c 'Chi tiết (2)' >/dev/null && "
             "unzip -p '%s' xl/worksheets/sheet7.xml | grep -q 'ghi dạng chữ' && "
             "unzip -p '%s' xl/worksheets/sheet5.xml | grep -q '=SUM(A1)' && "
             "! unzip -p '%s' xl/worksheets/sheet5.xml | grep -q '<f>SUM(A1)'",
             a, a, a, a);
    assert_int_equal(system(cmd), 0);
    free(ba);
    free(bb);
    unlink(a);
    unlink(b);
    free(a);
    free(b);
    free_fixture(&fx);
}

static const char summary_text[] =
    "{\n"
    "  \"schema\": \"fundledger.summary/1\",\n"
    "  \"currency\": \"VND\",\n"
    "  \"totals\": {\"NTM\": {\"actual\": \"10\", \"estimate\": "
    "\"0\"}},\n"
    "  \"by_source\": [\n"
    "    {\"code\": \"CD\", \"label\": \"x\", \"group\": \"NTM\",\n"
    "     \"actual\": \"10\", \"estimate\": \"0\"}\n"
    "  ],\n"
    "  \"by_unit\": [{\"unit\": \"A\", \"group\": \"NTM\", \"actual\": \"10\", "
    "\"estimate\": \"0\"}],\n"
    "  \"by_month\": [{\"month\": null, \"group\": \"NTM\", "
    "\"actual\": \"10\", \"estimate\": \"0\"}],\n"
    "  \"claims\": []\n"
    "}\n";

static void test_rollup__reads_a_summary_and_refuses_changes(void **state)
{
    fl_rollup *r;
    fl_error err;
    char msg[1200], *text = strdup(summary_text), *json = NULL;

    (void)state;
    assert_int_equal(fl_rollup_new(&r), FL_OK);
    assert_int_equal(fl_rollup_add(r, "a.json", text, strlen(text), &err), FL_OK);
    /* the same district (named after the file) twice */
    assert_int_equal(fl_rollup_add(r, "x/a.json", text, strlen(text), &err), FL_ERR_VALIDATION);
    /* an amount through a double */
    strstr(text, "\"actual\": \"10\", \"estimate\": \"0\"}\n  ],")[12] = '1';
    assert_int_equal(fl_rollup_add(r, "b.json", text, strlen(text), &err), FL_ERR_VALIDATION);
    fl_error_format(msg, sizeof msg, &err);
    assert_string_equal(msg, "b.json:4:32: the actual of NTM is 10 but its top-level codes add "
                             "up to 11: the summary does not add up (was it edited after it was "
                             "written?)");
    free(text);
    text = strdup(summary_text);
    memcpy(strstr(text, "\"10\", \"estimate\": \"0\"}},"), " 10 ", 4);
    assert_int_equal(fl_rollup_add(r, "c.json", text, strlen(text), &err), FL_ERR_VALIDATION);
    fl_error_format(msg, sizeof msg, &err);
    assert_string_equal(msg, "c.json:4:33: \"actual\" must be a string");
    assert_int_equal(fl_rollup_count(r), 1);
    assert_int_equal(fl_rollup_to_json(&json, r, &err), FL_OK);
    assert_non_null(strstr(json, "\"share\":\t\"100.00\""));
    free(json);
    free(text);
    fl_rollup_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_export__exact_double_takes_exact_values),
        cmocka_unit_test(test_export__exact_double_refuses_what_a_cell_would_round),
        cmocka_unit_test(test_export__exact_double_agrees_with_rationals),
        cmocka_unit_test(test_export__atomic_commit_replaces_and_abort_keeps_the_old_file),
        cmocka_unit_test(test_export__atomic_names_what_failed),
        cmocka_unit_test(test_export__pair_is_replaced_together_or_not_at_all),
        cmocka_unit_test(test_export__json_has_the_export_fields_in_order),
        cmocka_unit_test(test_export__workbook_is_reproducible_and_overflows_entries),
        cmocka_unit_test(test_rollup__reads_a_summary_and_refuses_changes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
