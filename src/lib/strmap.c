/* strmap.c - string hash map (see strmap.h). */
#include "strmap.h"

#include <stdlib.h>
#include <string.h>

void fl_strmap_init(fl_strmap *m)
{
    m->slots = NULL;
    m->capacity = m->count = 0;
    fl_arena_init(&m->keys);
}

void fl_strmap_clear(fl_strmap *m)
{
    free(m->slots);
    fl_arena_clear(&m->keys);
    fl_strmap_init(m);
}

uint64_t fl_strmap_hash(const char *key, size_t len)
{
    uint64_t h = 1469598103934665603ULL;
    size_t i;

    for (i = 0; i < len; i++) {
        h ^= (unsigned char)key[i];
        h *= 1099511628211ULL;
    }
    return h ^ (h >> 29);
}

static fl_strmap_slot *find_slot(fl_strmap_slot *slots, size_t capacity, const char *key,
                                 size_t len, uint64_t hash)
{
    size_t i = (size_t)hash & (capacity - 1);

    for (;;) {
        fl_strmap_slot *s = &slots[i];
        if (!s->key || (s->hash == hash && s->len == len && memcmp(s->key, key, len) == 0))
            return s;
        i = (i + 1) & (capacity - 1);
    }
}

bool fl_strmap_get(const fl_strmap *m, const char *key, size_t len, size_t *value)
{
    fl_strmap_slot *s;

    if (!m->capacity)
        return false;
    s = find_slot(m->slots, m->capacity, key, len, fl_strmap_hash(key, len));
    if (!s->key)
        return false;
    if (value)
        *value = s->value;
    return true;
}

static int grow(fl_strmap *m)
{
    size_t capacity = m->capacity ? m->capacity * 2 : 64;
    fl_strmap_slot *slots = calloc(capacity, sizeof *slots);
    size_t i;

    if (!slots)
        return -1;
    for (i = 0; i < m->capacity; i++) {
        fl_strmap_slot *old = &m->slots[i];
        if (old->key)
            *find_slot(slots, capacity, old->key, old->len, old->hash) = *old;
    }
    free(m->slots);
    m->slots = slots;
    m->capacity = capacity;
    return 0;
}

int fl_strmap_put(fl_strmap *m, const char *key, size_t len, size_t value, size_t *existing)
{
    uint64_t hash = fl_strmap_hash(key, len);
    fl_strmap_slot *s;

    if ((m->count + 1) * 4 > m->capacity * 3 && grow(m) != 0)
        return -1;
    s = find_slot(m->slots, m->capacity, key, len, hash);
    if (s->key) {
        if (existing)
            *existing = s->value;
        return 0;
    }
    s->key = fl_arena_strndup(&m->keys, key, len);
    if (!s->key)
        return -1;
    s->len = len;
    s->hash = hash;
    s->value = value;
    m->count++;
    return 1;
}
