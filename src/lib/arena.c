/* arena.c - an append-only store for the ledger's strings (see arena.h). */
#if defined(__linux__) && !defined(_DEFAULT_SOURCE)
#define _DEFAULT_SOURCE /* madvise and MADV_HUGEPAGE */
#endif
#include "arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#if defined(__linux__)
#include <sys/mman.h>
#endif

struct fl_arena_block {
    fl_arena_block *next;
    /* data follows, suitably aligned */
};

/* The first block; each new one doubles, up to the last size, so a small ledger
 * stays small and a large one takes few blocks (which huge pages can back). */
#define ARENA_BLOCK_SIZE (256u * 1024u)
#define ARENA_BLOCK_MAX (32u * 1024u * 1024u)

#define HUGE_PAGE ((size_t)2 * 1024 * 1024)

void fl_memory_advise_huge(void *p, size_t len)
{
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    /* Only whole huge pages inside [p, p + len), and only for large blocks: a
     * huge page is one page fault where 4 KiB pages take 512, and page faults
     * are much of the cost of loading a large ledger (more so in a VM). */
    uintptr_t start = ((uintptr_t)p + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1);
    uintptr_t end = ((uintptr_t)p + len) & ~(uintptr_t)(HUGE_PAGE - 1);
    if (len >= 2 * HUGE_PAGE && end > start)
        (void)madvise((void *)start, (size_t)(end - start), MADV_HUGEPAGE);
#else
    (void)p;
    (void)len;
#endif
}
#define ARENA_ALIGN 16u

void fl_arena_init(fl_arena *a)
{
    a->head = NULL;
    a->used = a->size = 0;
}

void fl_arena_clear(fl_arena *a)
{
    fl_arena_block *b = a->head;

    while (b) {
        fl_arena_block *next = b->next;
        free(b);
        b = next;
    }
    fl_arena_init(a);
}

/* len bytes at the next multiple of `align` (a power of two) in the head block. */
static void *take(fl_arena *a, size_t len, size_t align)
{
    size_t header = (sizeof(fl_arena_block) + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    size_t start = (a->used + align - 1) & ~(align - 1);

    if (!a->head || start + len > a->size) {
        size_t size = !a->head                     ? ARENA_BLOCK_SIZE
                      : a->size >= ARENA_BLOCK_MAX ? ARENA_BLOCK_MAX
                                                   : a->size * 2;
        fl_arena_block *b;
        if (len > size)
            size = len;
        b = malloc(header + size);
        if (!b)
            return NULL;
        fl_memory_advise_huge(b, header + size);
        b->next = a->head;
        a->head = b;
        a->size = size;
        start = 0;
    }
    a->used = start + len;
    return (char *)a->head + header + start;
}

void *fl_arena_alloc(fl_arena *a, size_t len)
{
    return take(a, len, ARENA_ALIGN);
}

char *fl_arena_strndup(fl_arena *a, const char *s, size_t len)
{
    /* Strings need no alignment: packed, a million short ones save megabytes. */
    char *copy = take(a, len + 1, 1);

    if (!copy)
        return NULL;
    memcpy(copy, s, len);
    copy[len] = '\0';
    return copy;
}
