/* arena.c - an append-only store for the ledger's strings (see arena.h). */
#include "arena.h"

#include <stdlib.h>
#include <string.h>

struct fl_arena_block {
    fl_arena_block *next;
    /* data follows, suitably aligned */
};

#define ARENA_BLOCK_SIZE (256u * 1024u)
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

void *fl_arena_alloc(fl_arena *a, size_t len)
{
    size_t header = (sizeof(fl_arena_block) + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    size_t start = (a->used + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);

    if (!a->head || start + len > a->size) {
        size_t size = len > ARENA_BLOCK_SIZE ? len : ARENA_BLOCK_SIZE;
        fl_arena_block *b = malloc(header + size);
        if (!b)
            return NULL;
        b->next = a->head;
        a->head = b;
        a->size = size;
        start = 0;
    }
    a->used = start + len;
    return (char *)a->head + header + start;
}

char *fl_arena_strndup(fl_arena *a, const char *s, size_t len)
{
    char *copy = fl_arena_alloc(a, len + 1);

    if (!copy)
        return NULL;
    memcpy(copy, s, len);
    copy[len] = '\0';
    return copy;
}
