/*
 * test_prefault.c - the helper that makes an array's pages ahead of its
 * writer (src/lib/prefault.h): pages beyond what is written become resident,
 * what is written is never changed, and a moved array or a stop in the
 * middle of the work is safe.
 */
#define _GNU_SOURCE /* mincore */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "prefault.h"

#define MIB ((size_t)1 << 20)

/* How many of the pages of [p, p + len) are resident (p page-aligned). */
static size_t resident_pages(void *p, size_t len)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE), n = (len + page - 1) / page, i, count = 0;
    unsigned char *vec = malloc(n);

    assert_non_null(vec);
    assert_int_equal(mincore(p, len, vec), 0);
    for (i = 0; i < n; i++)
        count += vec[i] & 1;
    free(vec);
    return count;
}

/* Whether this kernel knows MADV_POPULATE_WRITE (Linux 5.14). */
static bool kernel_populates(void)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    void *m = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    bool known;

    assert_true(m != MAP_FAILED);
    known = madvise(m, page, 23 /* MADV_POPULATE_WRITE */) == 0;
    munmap(m, page);
    return known;
}

static void sleep_ms(long ms)
{
    struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&t, NULL);
}

static void test_prefault__pages_ahead_of_the_writer_and_nothing_else_changes(void **state)
{
    size_t size = 64 * MIB, i, before, after = 0;
    /* an array as the ledger makes them: its own mapping from 4 MiB on */
    unsigned char *a = fl_array_resize(NULL, size);
    unsigned char *page_start;
    fl_prefault *p;
    int waited;

    (void)state;
    assert_non_null(a);
    if (!kernel_populates())
        skip(); /* Linux before 5.14: the helper stops at once, and loads are as before */
    for (i = 0; i < MIB; i++)
        a[i] = (unsigned char)(i * 7 + 1);
    page_start = (unsigned char *)((uintptr_t)(a + 2 * MIB) & ~(uintptr_t)4095);
    before = resident_pages(page_start, 4 * MIB);
    p = fl_prefault_start();
    if (!p)
        skip(); /* no threads here: nothing to test */
    fl_prefault_ahead(p, FL_PREFAULT_FACTS, a, size, MIB);
    for (waited = 0; waited < 200; waited++) {
        after = resident_pages(page_start, 4 * MIB);
        if (after > before)
            break;
        sleep_ms(10);
    }
    /* the pages after the written megabyte were made */
    assert_true(after > before);
    /* what was written is as written, the rest reads zero */
    for (i = 0; i < MIB; i++)
        assert_int_equal(a[i], (unsigned char)(i * 7 + 1));
    for (i = MIB; i < 4 * MIB; i++)
        if (a[i] != 0)
            fail_msg("byte %zu is %d after prefaulting", i, a[i]);
    /* the array moves (as mremap may move it) while the helper works: still safe */
    a = fl_array_resize(a, 2 * size);
    assert_non_null(a);
    fl_prefault_ahead(p, FL_PREFAULT_FACTS, a, 2 * size, 32 * MIB);
    for (i = 0; i < MIB; i++)
        assert_int_equal(a[i], (unsigned char)(i * 7 + 1));
    fl_prefault_stop(p); /* in the middle of the work */
    fl_array_free(a);
}

static void test_prefault__stop_without_work_and_null(void **state)
{
    fl_prefault *p = fl_prefault_start();

    (void)state;
    fl_prefault_stop(p);
    fl_prefault_stop(NULL);
    fl_prefault_ahead(NULL, FL_PREFAULT_FACTS, NULL, 0, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_prefault__pages_ahead_of_the_writer_and_nothing_else_changes),
        cmocka_unit_test(test_prefault__stop_without_work_and_null),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
