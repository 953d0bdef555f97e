/* arena.h - an append-only string store: many small strings, one free. */
#ifndef FL_LIB_ARENA_H
#define FL_LIB_ARENA_H

#include <stddef.h>

typedef struct fl_arena_block fl_arena_block;

typedef struct fl_arena {
    fl_arena_block *head;
    size_t used; /* bytes used in head */
    size_t size; /* capacity of head */
} fl_arena;

void fl_arena_init(fl_arena *a);
/** Frees every string ever stored. */
void fl_arena_clear(fl_arena *a);
/** A NUL-terminated copy of s[0..len) that lives until fl_arena_clear; NULL if out of memory. */
char *fl_arena_strndup(fl_arena *a, const char *s, size_t len);
/** len bytes of aligned storage; NULL if out of memory. */
void *fl_arena_alloc(fl_arena *a, size_t len);
/** The block being filled: its first byte (NULL when there is none), *capacity and *used bytes. */
char *fl_arena_head(const fl_arena *a, size_t *capacity, size_t *used);

/**
 * Asks the operating system to back the whole 2 MiB pages inside [p, p + len)
 * with huge pages (Linux transparent huge pages, "madvise" mode), for large,
 * long-lived blocks such as the entry array.  A hint: no effect elsewhere.
 */
void fl_memory_advise_huge(void *p, size_t len);

/**
 * Resizes an array (p NULL for a new one) to new_size bytes, keeping its
 * contents, like realloc: NULL when out of memory, and p is then untouched.
 * Large arrays (4 MiB and more) get their own mapping on Linux, which grows
 * without copying (mremap) and is backed by huge pages; smaller ones, and all
 * of them elsewhere, use malloc.  Free only with fl_array_free.
 */
void *fl_array_resize(void *p, size_t new_size);
/** Frees an array of fl_array_resize; NULL is allowed. */
void fl_array_free(void *p);

#endif
