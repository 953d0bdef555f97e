/*
 * strmap.h - a hash map from byte strings to size_t values (open
 * addressing, linear probing).  Keys are copied into the map.
 */
#ifndef FL_LIB_STRMAP_H
#define FL_LIB_STRMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"

typedef struct fl_strmap_slot {
    const char *key; /* NULL: empty */
    size_t len;
    uint64_t hash;
    size_t value;
} fl_strmap_slot;

typedef struct fl_strmap {
    fl_strmap_slot *slots;
    size_t capacity; /* power of two */
    size_t count;
    fl_arena keys;
} fl_strmap;

void fl_strmap_init(fl_strmap *m);
void fl_strmap_clear(fl_strmap *m);
/** 64-bit FNV-1a-style hash of a byte string. */
uint64_t fl_strmap_hash(const char *key, size_t len);
/** Finds key; returns true and sets *value if present. */
bool fl_strmap_get(const fl_strmap *m, const char *key, size_t len, size_t *value);
/**
 * Inserts key -> value unless key is present.  Returns 1 if inserted, 0 if
 * the key was already there (then *existing, if not NULL, gets its value),
 * -1 when out of memory.
 */
int fl_strmap_put(fl_strmap *m, const char *key, size_t len, size_t value, size_t *existing);

#endif
