/* arena.c - an append-only store for the ledger's strings (see arena.h). */
#if defined(__linux__) && !defined(_GNU_SOURCE)
#define _GNU_SOURCE /* madvise, MADV_HUGEPAGE, mremap */
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

/*
 * Arrays of fl_array_resize carry a 16-byte header with their size and where
 * they live, so that they resize and free like realloc and free.  From
 * BIG_ARRAY bytes on (Linux) they live in their own mapping.
 */
#define BIG_ARRAY ((size_t)4 * 1024 * 1024)
#define ARRAY_HEADER ((size_t)16)

typedef struct array_header {
    size_t size;   /* bytes after the header */
    size_t mapped; /* 1: its own mapping of ARRAY_HEADER + size bytes; 0: malloc */
} array_header;

static array_header *header_of(void *p)
{
    return (array_header *)(void *)((char *)p - ARRAY_HEADER);
}

#if defined(__linux__) && defined(MREMAP_MAYMOVE) && defined(MADV_HUGEPAGE)
#define CAN_MAP 1
#else
#define CAN_MAP 0
#endif

void *fl_array_resize(void *p, size_t new_size)
{
    array_header *h = p ? header_of(p) : NULL, *q;
    size_t total;

    if (new_size > SIZE_MAX - ARRAY_HEADER)
        return NULL;
    total = ARRAY_HEADER + new_size;
    if (!CAN_MAP || new_size < BIG_ARRAY) {
        if (h && h->mapped) {
            /* from a mapping back to malloc: copy what fits */
            q = malloc(total);
            if (!q)
                return NULL;
            memcpy((char *)q + ARRAY_HEADER, p, new_size < h->size ? new_size : h->size);
#if CAN_MAP
            munmap(h, ARRAY_HEADER + h->size);
#endif
        } else {
            /* small arrays stay with malloc (and with the sanitizers) */
            q = realloc(h, total);
            if (!q)
                return NULL;
        }
        q->mapped = 0;
    } else {
#if CAN_MAP
        if (h && h->mapped) {
            void *m = mremap(h, ARRAY_HEADER + h->size, total, MREMAP_MAYMOVE);
            if (m == MAP_FAILED)
                return NULL;
            q = m;
        } else {
            void *m = mmap(NULL, total, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
            if (m == MAP_FAILED)
                return NULL;
            q = m;
            if (h) {
                memcpy((char *)q + ARRAY_HEADER, p, h->size < new_size ? h->size : new_size);
                free(h);
            }
        }
        /* the whole mapping: advising a part would split it in two, and mremap
         * moves only ranges within one mapping */
        (void)madvise(q, total, MADV_HUGEPAGE);
        q->mapped = 1;
#else
        return NULL; /* not reached: CAN_MAP is 0 */
#endif
    }
    q->size = new_size;
    return (char *)q + ARRAY_HEADER;
}

void fl_array_free(void *p)
{
    array_header *h;

    if (!p)
        return;
    h = header_of(p);
#if CAN_MAP
    if (h->mapped) {
        munmap(h, ARRAY_HEADER + h->size);
        return;
    }
#endif
    free(h);
}

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

char *fl_arena_head(const fl_arena *a, size_t *capacity, size_t *used)
{
    size_t header = (sizeof(fl_arena_block) + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);

    *capacity = a->head ? a->size : 0;
    *used = a->head ? a->used : 0;
    return a->head ? (char *)a->head + header : NULL;
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
