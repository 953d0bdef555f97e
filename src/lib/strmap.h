/*
 * strmap.h - a hash map from byte strings to size_t values.  Keys are copied
 * into the map.
 *
 * Layout (the compact-dict scheme): the entries sit in insertion order in a
 * dense array, and an open-addressed index of 8-byte slots (linear probing,
 * at most half full) points into it, each slot holding the entry's number
 * and its 32-bit hash.  A probe touches one small slot and compares keys
 * only when the hashes agree; growing rehashes the index from the stored
 * hashes without reading a key.  A million keys take about 24 bytes each
 * in entries, 16 in the index, and their own length in the key store.
 */
#ifndef FL_LIB_STRMAP_H
#define FL_LIB_STRMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"

typedef struct fl_strmap_entry {
    const char *key; /* NUL-terminated copy in the map's key store */
    uint32_t len;
    uint32_t hash;
    size_t value;
} fl_strmap_entry;

typedef struct fl_strmap {
    uint64_t *index; /* 0: empty; else (hash << 32) | (entry number + 1) */
    size_t capacity; /* slots in index: a power of two, or 0 */
    fl_strmap_entry *entries;
    size_t count;     /* entries in use */
    size_t allocated; /* entries allocated */
    fl_arena keys;
} fl_strmap;

void fl_strmap_init(fl_strmap *m);
void fl_strmap_clear(fl_strmap *m);
/** 32-bit hash of a byte string (word at a time, then a 64-bit finaliser). */
uint32_t fl_strmap_hash(const char *key, size_t len);
/** Finds key; returns true and sets *value if present. */
bool fl_strmap_get(const fl_strmap *m, const char *key, size_t len, size_t *value);
/**
 * Inserts key -> value unless key is present.  Returns 1 if inserted, 0 if
 * the key was already there (then *existing, if not NULL, gets its value),
 * -1 when out of memory (or past 2^31 keys, or a key of 4 GiB).
 */
int fl_strmap_put(fl_strmap *m, const char *key, size_t len, size_t value, size_t *existing);

#endif
