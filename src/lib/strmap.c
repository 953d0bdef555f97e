/* strmap.c - string hash map (see strmap.h). */
#include "strmap.h"

#include <stdlib.h>
#include <string.h>

#define MAX_ENTRIES ((size_t)1 << 31)

void fl_strmap_init(fl_strmap *m)
{
    m->index = NULL;
    m->capacity = 0;
    m->entries = NULL;
    m->count = m->allocated = 0;
    fl_arena_init(&m->keys);
}

void fl_strmap_clear(fl_strmap *m)
{
    free(m->index);
    fl_array_free(m->entries);
    fl_arena_clear(&m->keys);
    fl_strmap_init(m);
}

static uint64_t mix(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xFF51AFD7ED558CCDULL;
    h ^= h >> 33;
    h *= 0xC4CEB9FE1A85EC53ULL;
    h ^= h >> 33;
    return h;
}

uint32_t fl_strmap_hash(const char *key, size_t len)
{
    const unsigned char *p = (const unsigned char *)key;
    uint64_t h = 0x9E3779B97F4A7C15ULL ^ ((uint64_t)len * 0xC2B2AE3D27D4EB4FULL);
    uint64_t word;

    for (; len >= 8; p += 8, len -= 8) {
        memcpy(&word, p, 8);
        h = (h ^ word) * 0x9E3779B97F4A7C15ULL;
        h ^= h >> 29;
    }
    word = 0;
    memcpy(&word, p, len);
    h = mix(h ^ word);
    return (uint32_t)(h ^ (h >> 32));
}

/* The slot for key: the one that holds it, or the empty one where it goes. */
static uint64_t *find_slot(const fl_strmap *m, const char *key, size_t len, uint32_t hash)
{
    size_t mask = m->capacity - 1, i = hash & mask;

    for (;;) {
        uint64_t *slot = &m->index[i];
        if (!*slot)
            return slot;
        if ((uint32_t)(*slot >> 32) == hash) {
            const fl_strmap_entry *e = &m->entries[(uint32_t)*slot - 1];
            if (e->len == len && memcmp(e->key, key, len) == 0)
                return slot;
        }
        i = (i + 1) & mask;
    }
}

bool fl_strmap_get(const fl_strmap *m, const char *key, size_t len, size_t *value)
{
    uint64_t *slot;

    if (!m->capacity || len > UINT32_MAX)
        return false;
    slot = find_slot(m, key, len, fl_strmap_hash(key, len));
    if (!*slot)
        return false;
    if (value)
        *value = m->entries[(uint32_t)*slot - 1].value;
    return true;
}

/* Doubles the index and puts every entry back from the hash in its slot.  The
 * old slots are read in order, and an entry at old slot i lands near slot i or
 * i + old capacity: two nearly sequential write streams instead of a random
 * write per entry, which matters once the index outgrows the caches. */
static int grow_index(fl_strmap *m)
{
    size_t capacity = m->capacity ? m->capacity * 2 : 64, mask = capacity - 1, i;
    uint64_t *index = calloc(capacity, sizeof *index);

    if (!index)
        return -1;
    fl_memory_advise_huge(index, capacity * sizeof *index);
    for (i = 0; i < m->capacity; i++) {
        uint64_t slot = m->index[i];
        size_t at;
        if (!slot)
            continue;
        at = (size_t)(slot >> 32) & mask;
        while (index[at])
            at = (at + 1) & mask;
        index[at] = slot;
    }
    free(m->index);
    m->index = index;
    m->capacity = capacity;
    return 0;
}

int fl_strmap_put(fl_strmap *m, const char *key, size_t len, size_t value, size_t *existing)
{
    uint32_t hash = fl_strmap_hash(key, len);
    uint64_t *slot;
    fl_strmap_entry *e;

    if (len > UINT32_MAX)
        return -1;
    if ((m->count + 1) * 2 > m->capacity && grow_index(m) != 0)
        return -1;
    slot = find_slot(m, key, len, hash);
    if (*slot) {
        if (existing)
            *existing = m->entries[(uint32_t)*slot - 1].value;
        return 0;
    }
    if (m->count == m->allocated) {
        size_t allocated = m->allocated ? m->allocated * 2 : 32;
        fl_strmap_entry *entries;
        if (m->count >= MAX_ENTRIES)
            return -1;
        entries = fl_array_resize(m->entries, allocated * sizeof *entries);
        if (!entries)
            return -1;
        m->entries = entries;
        m->allocated = allocated;
    }
    e = &m->entries[m->count];
    e->key = fl_arena_strndup(&m->keys, key, len);
    if (!e->key)
        return -1;
    e->len = (uint32_t)len;
    e->hash = hash;
    e->value = value;
    m->count++;
    *slot = ((uint64_t)hash << 32) | (uint64_t)m->count;
    return 1;
}
