/* test_journal.c - recording entries (fundledger/journal.h): format, append, reverse, locking. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "fundledger.h"

static char dir[256];

static int make_dir(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/fl-test-journal-XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int remove_dir(void **state)
{
    char cmd[300];
    (void)state;
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static const char *path_of(const char *name)
{
    static char buf[512];
    snprintf(buf, sizeof buf, "%s/%s", dir, name);
    return buf;
}

static void write_text(const char *name, const char *text)
{
    FILE *f = fopen(path_of(name), "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* The whole file (malloc'd), or NULL when it does not exist. */
static char *read_text(const char *name)
{
    FILE *f = fopen(path_of(name), "rb");
    char *buf;
    long n;
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = calloc(1, (size_t)n + 1);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    return buf;
}

static fl_journal_entry sample_entry(void)
{
    fl_journal_entry e = FL_JOURNAL_ENTRY_INIT;
    e.date = "2018-03-15";
    e.unit = "Kim Chính";
    e.source = "CD.TM";
    e.amount = "1.250.000.000";
    e.ref = "PT-01";
    return e;
}

/* Appends e to NAME; returns the status and the first diagnostic's message in *first. */
static fl_status append(const char *name, const fl_journal_entry *e, char *first, size_t size)
{
    fl_diagnostics *diags = NULL;
    fl_error err;
    fl_status st;

    assert_int_equal(fl_diagnostics_new(&diags, 10), FL_OK);
    fl_error_clear(&err);
    st = fl_journal_append_entry(NULL, NULL, path_of(name), e, NULL, diags, &err);
    if (first) {
        if (fl_diagnostics_count(diags))
            fl_error_format(first, size, fl_diagnostics_get(diags, 0));
        else
            snprintf(first, size, "%s", err.message);
    }
    fl_diagnostics_free(diags);
    return st;
}

static void test_journal__format_quotes_texts_that_need_it(void **state)
{
    fl_journal_entry e = sample_entry();
    fl_error err;
    char *line = NULL;
    (void)state;

    e.memo = "Dân góp \"tiền\" \\ mặt";
    e.kind = "estimate";
    assert_int_equal(fl_journal_format_entry(&line, &e, &err), FL_OK);
    assert_string_equal(line, "2018-03-15 \"Kim Chính\" CD.TM 1.250.000.000 kind=estimate "
                              "ref=PT-01 memo=\"Dân góp \\\"tiền\\\" \\\\ mặt\"\n");
    free(line);
}

static void test_journal__format_refuses_line_breaks_and_separators(void **state)
{
    fl_journal_entry e = sample_entry();
    fl_error err;
    char *line = NULL;
    (void)state;

    e.memo = "a\nb";
    assert_int_equal(fl_journal_format_entry(&line, &e, &err), FL_ERR_SYNTAX);
    assert_string_equal(err.message, "the memo holds a line break; a journal entry is one line");
    e = sample_entry();
    e.amount = "5 ref=X";
    assert_int_equal(fl_journal_format_entry(&line, &e, &err), FL_ERR_SYNTAX);
    e = sample_entry();
    e.date = "2018-03-15 x";
    assert_int_equal(fl_journal_format_entry(&line, &e, &err), FL_ERR_SYNTAX);
    e = sample_entry();
    e.source = NULL;
    assert_int_equal(fl_journal_format_entry(&line, &e, &err), FL_ERR_INVALID_ARGUMENT);
    assert_null(line);
}

static void test_journal__append_creates_the_journal(void **state)
{
    fl_journal_entry e = sample_entry();
    fl_journal_append_result r;
    fl_error err;
    char *text, *written = NULL;
    (void)state;

    fl_error_clear(&err);
    assert_int_equal(
        fl_journal_append_entry(&r, &written, path_of("new.journal"), &e, NULL, NULL, &err), FL_OK);
    assert_int_equal(r.line, 1);
    assert_true(r.created);
    assert_string_equal(written, "2018-03-15 \"Kim Chính\" CD.TM 1.250.000.000 ref=PT-01");
    text = read_text("new.journal");
    assert_string_equal(text, "2018-03-15 \"Kim Chính\" CD.TM 1.250.000.000 ref=PT-01\n");
    assert_null(read_text(".new.journal.adding"));
    free(text);
    free(written);
}

static void test_journal__refused_entry_leaves_the_journal_unchanged(void **state)
{
    fl_journal_entry e = sample_entry();
    char first[600], *before, *after;
    (void)state;

    write_text("dup.journal", "fiscal-year 2018\n2018-01-02 \"KIM CHÍNH\" CD.TM 5 ref=PT-01\n");
    before = read_text("dup.journal");
    assert_int_equal(append("dup.journal", &e, first, sizeof first), FL_ERR_VALIDATION);
    assert_non_null(strstr(first, "dup.journal:3:"));
    assert_non_null(strstr(first, "duplicate document reference \"PT-01\""));
    e.ref = "PT-02";
    e.source = "CD.XX";
    assert_int_equal(append("dup.journal", &e, first, sizeof first), FL_ERR_NOT_FOUND);
    e.source = "CD.TM";
    e.date = "2019-01-01";
    assert_int_equal(append("dup.journal", &e, first, sizeof first), FL_ERR_VALIDATION);
    assert_non_null(strstr(first, "fiscal year 2018"));
    after = read_text("dup.journal");
    assert_string_equal(before, after);
    free(before);
    free(after);
}

static void test_journal__refuses_to_write_after_a_torn_line(void **state)
{
    fl_journal_entry e = sample_entry();
    char first[600], *after;
    (void)state;

    write_text("torn.journal", "2018-01-02 \"Kim Chính\" CD.TM 1.2");
    assert_int_not_equal(append("torn.journal", &e, first, sizeof first), FL_OK);
    assert_non_null(strstr(first, "torn line"));
    after = read_text("torn.journal");
    assert_string_equal(after, "2018-01-02 \"Kim Chính\" CD.TM 1.2");
    free(after);
}

static void test_journal__refused_new_journal_is_not_created(void **state)
{
    fl_journal_entry e = sample_entry();
    (void)state;

    e.amount = "1.5";
    assert_int_equal(append("never.journal", &e, NULL, 0), FL_ERR_SYNTAX);
    assert_null(read_text("never.journal"));
}

static void test_journal__amount_follows_the_journal_locale(void **state)
{
    fl_journal_entry e = sample_entry();
    (void)state;

    write_text("en.journal", "locale en\n");
    e.amount = "1,250.5";
    assert_int_equal(append("en.journal", &e, NULL, 0), FL_OK);
}

static void test_journal__reverse_appends_the_exact_opposite(void **state)
{
    fl_journal_reversal rev = FL_JOURNAL_REVERSAL_INIT;
    fl_journal_entry e = sample_entry();
    fl_journal_append_result r;
    fl_error err;
    char *written = NULL;
    (void)state;

    write_text("rev.journal", "locale en\nfiscal-year 2018\n"
                              "2018-05-10 \"Phát Diệm\" NS.DP.HUYEN 2.5 billion kind=estimate "
                              "ref=QĐ-112\n");
    rev.ref = "QĐ-112";
    rev.memo = "nhập nhầm";
    fl_error_clear(&err);
    assert_int_equal(
        fl_journal_reverse_entry(&r, &written, path_of("rev.journal"), &rev, NULL, NULL, &err),
        FL_OK);
    assert_int_equal(r.line, 4);
    assert_string_equal(written, "2018-05-10 \"Phát Diệm\" NS.DP.HUYEN -2,500,000,000 "
                                 "kind=estimate memo=\"nhập nhầm\" reverses=QĐ-112");
    free(written);
    /* Reversed once: nothing counts any more ... */
    assert_int_equal(
        fl_journal_reverse_entry(NULL, NULL, path_of("rev.journal"), &rev, NULL, NULL, &err),
        FL_ERR_NOT_FOUND);
    /* ... and the reference may be used again by a corrected entry. */
    e.unit = "Phát Diệm";
    e.source = "NS.DP.HUYEN";
    e.amount = "2.4 billion";
    e.ref = "QĐ-112";
    e.date = "2018-06-01";
    assert_int_equal(append("rev.journal", &e, NULL, 0), FL_OK);
    assert_int_equal(
        fl_journal_reverse_entry(NULL, NULL, path_of("rev.journal"), &rev, NULL, NULL, &err),
        FL_OK);
}

static void test_journal__reverse_asks_which_unit(void **state)
{
    fl_journal_reversal rev = FL_JOURNAL_REVERSAL_INIT;
    fl_error err;
    (void)state;

    write_text("two.journal", "2018-01-02 A CD.TM 5 ref=X\n2018-01-03 B CD.TM 6 ref=X\n");
    rev.ref = "X";
    fl_error_clear(&err);
    assert_int_equal(
        fl_journal_reverse_entry(NULL, NULL, path_of("two.journal"), &rev, NULL, NULL, &err),
        FL_ERR_INVALID_ARGUMENT);
    assert_non_null(strstr(err.message, "--unit"));
    rev.unit = "b";
    assert_int_equal(
        fl_journal_reverse_entry(NULL, NULL, path_of("two.journal"), &rev, NULL, NULL, &err),
        FL_OK);
}

/* Several processes append at once: every entry is there exactly once, no line is torn. */
static void test_journal__concurrent_appends_lose_nothing(void **state)
{
    enum { WRITERS = 4, EACH = 25 };
    pid_t pids[WRITERS];
    int w, i, status;
    char *text, *p;
    size_t lines = 0;
    (void)state;

    write_text("many.journal", "fiscal-year 2018\n");
    for (w = 0; w < WRITERS; w++) {
        pids[w] = fork();
        assert_true(pids[w] >= 0);
        if (pids[w] == 0) {
            for (i = 0; i < EACH; i++) {
                char ref[32];
                fl_journal_entry e = sample_entry();
                snprintf(ref, sizeof ref, "W%d-%d", w, i);
                e.ref = ref;
                if (append("many.journal", &e, NULL, 0) != FL_OK)
                    _exit(1);
            }
            _exit(0);
        }
    }
    for (w = 0; w < WRITERS; w++) {
        assert_int_equal(waitpid(pids[w], &status, 0), pids[w]);
        assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }
    text = read_text("many.journal");
    for (p = text; *p; p++)
        lines += *p == '\n';
    assert_int_equal(lines, 1 + WRITERS * EACH);
    for (w = 0; w < WRITERS; w++)
        for (i = 0; i < EACH; i++) {
            char ref[40];
            snprintf(ref, sizeof ref, " ref=W%d-%d\n", w, i);
            p = strstr(text, ref);
            assert_non_null(p);
            assert_null(strstr(p + 1, ref));
        }
    free(text);
}

static void test_journal__seal_holds_until_a_sealed_line_changes(void **state)
{
    fl_journal_seal_check c;
    fl_journal_entry e = sample_entry();
    fl_error err;
    char *written = NULL, *text;
    FILE *f;
    (void)state;

    write_text("seal.journal", "fiscal-year 2018\n2018-01-02 A CD.TM 5 ref=X\n");
    fl_error_clear(&err);
    assert_int_equal(fl_journal_seal(NULL, &written, path_of("seal.journal"), NULL, NULL, &err),
                     FL_OK);
    assert_non_null(strstr(written, "# fundledger-seal sha256="));
    assert_non_null(strstr(written, " lines=2"));
    free(written);
    assert_int_equal(append("seal.journal", &e, NULL, 0), FL_OK); /* below the seal: fine */
    assert_int_equal(fl_journal_verify_seals(&c, path_of("seal.journal"), &err), FL_OK);
    assert_int_equal(c.seals, 1);
    assert_int_equal(c.broken, 0);
    assert_int_equal(c.last_seal, 3);
    /* Change one sealed byte: the seal breaks and names the first line that may differ. */
    text = read_text("seal.journal");
    text[strlen("fiscal-year 2018\n2018-01-02 A CD.TM ")] = '6';
    f = fopen(path_of("seal.journal"), "wb");
    fputs(text, f);
    fclose(f);
    free(text);
    assert_int_equal(fl_journal_verify_seals(&c, path_of("seal.journal"), &err), FL_OK);
    assert_int_equal(c.broken, 1);
    assert_int_equal(c.first_broken, 3);
    assert_int_equal(c.changed_from, 1);
}

static void test_journal__seal_refuses_a_missing_journal(void **state)
{
    fl_error err;
    (void)state;

    fl_error_clear(&err);
    assert_int_equal(fl_journal_seal(NULL, NULL, path_of("absent.journal"), NULL, NULL, &err),
                     FL_ERR_NOT_FOUND);
    assert_null(read_text("absent.journal"));
}

static void test_journal__reverse_leaves_no_journal_behind(void **state)
{
    fl_journal_reversal rev = FL_JOURNAL_REVERSAL_INIT;
    fl_error err;
    (void)state;

    rev.ref = "X";
    fl_error_clear(&err);
    assert_int_equal(
        fl_journal_reverse_entry(NULL, NULL, path_of("absent2.journal"), &rev, NULL, NULL, &err),
        FL_ERR_NOT_FOUND);
    assert_null(read_text("absent2.journal"));
}

/* Long enough for the buffer and the entry arrays of large journals (journal_append.c). */
static void test_journal__long_journal_is_validated_whole(void **state)
{
    fl_journal_entry e = sample_entry();
    fl_journal_append_result r;
    fl_error err;
    char first[600], *before, *after, line[120];
    FILE *f = fopen(path_of("long.journal"), "wb");
    int i;
    (void)state;

    assert_non_null(f);
    fputs("fiscal-year 2018\n", f);
    for (i = 0; i < 6000; i++) {
        snprintf(line, sizeof line, "2018-01-02 \"Xã %d\" CD.TM %d000 ref=L-%d memo=\"dòng %d\"\n",
                 i % 7, i + 1, i, i);
        fputs(line, f);
    }
    fclose(f);
    before = read_text("long.journal");
    /* The first entry's reference, for the same unit, 6,000 lines further down. */
    e.unit = "Xã 0";
    e.ref = "L-0";
    assert_int_equal(append("long.journal", &e, first, sizeof first), FL_ERR_VALIDATION);
    assert_non_null(strstr(first, "long.journal:6002:"));
    assert_non_null(strstr(first, "already used at"));
    assert_non_null(strstr(first, "long.journal:2:"));
    after = read_text("long.journal");
    assert_string_equal(before, after);
    free(after);
    e.ref = "L-new";
    fl_error_clear(&err);
    assert_int_equal(
        fl_journal_append_entry(&r, NULL, path_of("long.journal"), &e, NULL, NULL, &err), FL_OK);
    assert_int_equal(r.line, 6002);
    assert_int_equal(r.offset, strlen(before));
    after = read_text("long.journal");
    assert_int_equal(strncmp(before, after, strlen(before)), 0);
    assert_string_equal(after + strlen(before),
                        "2018-03-15 \"Xã 0\" CD.TM 1.250.000.000 ref=L-new\n");
    free(before);
    free(after);
}

/* Validation reads the journal's includes from beside it, as check does. */
static void test_journal__includes_are_read_beside_the_journal(void **state)
{
    fl_journal_entry e = sample_entry();
    char first[600], folder[300];
    (void)state;

    snprintf(folder, sizeof folder, "%s/sub", dir);
    assert_int_equal(mkdir(folder, 0755), 0);
    write_text("sub/part.journal", "2018-01-02 \"Kim Chính\" CD.TM 5 ref=PT-01\n");
    write_text("sub/main.journal", "fiscal-year 2018\ninclude \"part.journal\"\n");
    assert_int_equal(append("sub/main.journal", &e, first, sizeof first), FL_ERR_VALIDATION);
    assert_non_null(strstr(first, "sub/main.journal:3:"));
    assert_non_null(strstr(first, "part.journal:1:"));
    /* A journal that its include includes back is a cycle, not read twice. */
    write_text("sub/part.journal", "include \"main.journal\"\n");
    e.ref = "PT-02";
    assert_int_not_equal(append("sub/main.journal", &e, first, sizeof first), FL_OK);
    assert_non_null(strstr(first, "include cycle"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_journal__format_quotes_texts_that_need_it),
        cmocka_unit_test(test_journal__format_refuses_line_breaks_and_separators),
        cmocka_unit_test(test_journal__append_creates_the_journal),
        cmocka_unit_test(test_journal__refused_entry_leaves_the_journal_unchanged),
        cmocka_unit_test(test_journal__refuses_to_write_after_a_torn_line),
        cmocka_unit_test(test_journal__refused_new_journal_is_not_created),
        cmocka_unit_test(test_journal__amount_follows_the_journal_locale),
        cmocka_unit_test(test_journal__reverse_appends_the_exact_opposite),
        cmocka_unit_test(test_journal__reverse_asks_which_unit),
        cmocka_unit_test(test_journal__concurrent_appends_lose_nothing),
        cmocka_unit_test(test_journal__seal_holds_until_a_sealed_line_changes),
        cmocka_unit_test(test_journal__seal_refuses_a_missing_journal),
        cmocka_unit_test(test_journal__reverse_leaves_no_journal_behind),
        cmocka_unit_test(test_journal__long_journal_is_validated_whole),
        cmocka_unit_test(test_journal__includes_are_read_beside_the_journal),
    };
    return cmocka_run_group_tests(tests, make_dir, remove_dir);
}
