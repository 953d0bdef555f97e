/* prefault.c - populating large arrays ahead of their writer (prefault.h). */
#if defined(__linux__) && !defined(_GNU_SOURCE)
#define _GNU_SOURCE /* madvise, MADV_POPULATE_WRITE */
#endif

#include "prefault.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#if defined(__linux__)
#include <pthread.h>
#include <sys/mman.h>
#endif

#if defined(__linux__) && !defined(MADV_POPULATE_WRITE)
#define MADV_POPULATE_READ 22 /* Linux 5.14; older kernels answer EINVAL */
#define MADV_POPULATE_WRITE 23
#endif

#if defined(__linux__)

/* How far beyond the writer pages are made, and in what steps (huge pages are 2 MiB). */
#define AHEAD ((size_t)8 << 20)
#define STEP ((size_t)2 << 20)
#define PAGE ((size_t)4096) /* a multiple of every page size madvise needs here */

typedef struct region {
    char *base;
    size_t capacity;
    size_t want;                 /* populate [0, want) */
    size_t done;                 /* [0, done) is populated (or was written by the loader) */
    size_t released, release_to; /* the input: [released, release_to) is to be given back */
} region;

struct fl_prefault {
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    pthread_cond_t idle; /* signalled when the helper leaves a range */
    region regions[FL_PREFAULT_ARRAYS_];
    int busy; /* the region the helper is working in without the lock, or -1 */
    bool stop;
};

/* Reads a byte of each page: in a virtual machine the first access to each page of a
 * mapped file costs over a microsecond (the hypervisor's side of the mapping), which
 * populating alone does not pay; the helper pays it instead of the reader. */
static void touch_pages(const char *from, const char *to)
{
    volatile const char *p = from;
    char sum = 0;

    for (; p < (volatile const char *)to; p += PAGE)
        sum = (char)(sum ^ *p);
    (void)sum;
}

/* The next range to populate, or false when there is none. */
static bool next_range(fl_prefault *p, char **at, size_t *len, int *which)
{
    int i;

    for (i = 0; i < FL_PREFAULT_ARRAYS_; i++) {
        region *r = &p->regions[i];
        if (r->base && r->done < r->want) {
            /* whole steps from a step boundary of the array */
            size_t from = r->done - r->done % STEP;
            size_t to = from + STEP < r->want ? from + STEP : r->want;
            *at = r->base + from;
            *len = to - from;
            *which = i;
            return true;
        }
    }
    return false;
}

/* Gives back the pages of the input the reader has passed (madvise MADV_DONTNEED), if any
 * are waiting; true when it did something.  Called and returns with the lock held. */
static bool release_behind(fl_prefault *p)
{
    region *r = &p->regions[FL_PREFAULT_INPUT];
    char *base = r->base;
    size_t from = r->released, to = r->release_to;

    if (!base || to <= from)
        return false;
    p->busy = FL_PREFAULT_INPUT;
    pthread_mutex_unlock(&p->lock);
    /* a private, never written file mapping: the pages come back from the file if read again */
    madvise(base + from, to - from, MADV_DONTNEED);
    pthread_mutex_lock(&p->lock);
    p->busy = -1;
    pthread_cond_broadcast(&p->idle);
    if (r->base == base && r->released < to)
        r->released = to;
    return true;
}

static void *run(void *arg)
{
    fl_prefault *p = arg;

    pthread_mutex_lock(&p->lock);
    while (!p->stop) {
        char *at;
        size_t len;
        int which, failed, unknown = 0;
        char *base;
        if (release_behind(p))
            continue;
        if (!next_range(p, &at, &len, &which)) {
            pthread_cond_wait(&p->wake, &p->lock);
            continue;
        }
        base = p->regions[which].base;
        p->busy = which; /* the owner waits for this range before unmapping it */
        pthread_mutex_unlock(&p->lock);
        {
            /* whole pages: the arrays' mappings start on one, and end on one */
            uintptr_t from = (uintptr_t)at & ~(uintptr_t)(PAGE - 1);
            uintptr_t to = ((uintptr_t)at + len + PAGE - 1) & ~(uintptr_t)(PAGE - 1);
            failed =
                madvise((void *)from, (size_t)(to - from),
                        which == FL_PREFAULT_INPUT ? MADV_POPULATE_READ : MADV_POPULATE_WRITE) != 0;
            unknown = failed && errno == EINVAL;
            if (!failed && which == FL_PREFAULT_INPUT)
                touch_pages((const char *)from, at + len);
        }
        pthread_mutex_lock(&p->lock);
        p->busy = -1;
        pthread_cond_broadcast(&p->idle);
        if (failed && unknown && p->regions[which].base == base) {
            /* no such advice on this kernel: stop helping, the loader reads and writes as it
             * would anyway (any other failure skips that range) */
            p->stop = true;
            break;
        }
        if (p->regions[which].base == base) {
            size_t end = (size_t)(at - base) + len;
            if (end > p->regions[which].done)
                p->regions[which].done = end;
        }
    }
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

fl_prefault *fl_prefault_start(void)
{
    fl_prefault *p = calloc(1, sizeof *p);
    int made = 0; /* how many of lock, wake, idle exist */

    if (!p)
        return NULL;
    p->busy = -1;
    if (pthread_mutex_init(&p->lock, NULL) == 0 && ++made &&
        pthread_cond_init(&p->wake, NULL) == 0 && ++made &&
        pthread_cond_init(&p->idle, NULL) == 0 && ++made &&
        pthread_create(&p->thread, NULL, run, p) == 0)
        return p;
    /* no helper: the loader works as it would without one */
    if (made > 2)
        pthread_cond_destroy(&p->idle);
    if (made > 1)
        pthread_cond_destroy(&p->wake);
    if (made > 0)
        pthread_mutex_destroy(&p->lock);
    free(p);
    return NULL;
}

void fl_prefault_stop(fl_prefault *p)
{
    if (!p)
        return;
    pthread_mutex_lock(&p->lock);
    p->stop = true;
    pthread_cond_signal(&p->wake);
    pthread_mutex_unlock(&p->lock);
    pthread_join(p->thread, NULL);
    pthread_cond_destroy(&p->idle);
    pthread_cond_destroy(&p->wake);
    pthread_mutex_destroy(&p->lock);
    free(p);
}

void fl_prefault_ahead(fl_prefault *p, int which, void *base, size_t capacity, size_t written)
{
    region *r;
    size_t want;

    if (!p || which < 0 || which >= FL_PREFAULT_ARRAYS_)
        return;
    want = written + AHEAD < capacity ? written + AHEAD : capacity;
    pthread_mutex_lock(&p->lock);
    r = &p->regions[which];
    if (!base) {
        /* the array or file is about to go: forget it, and wait until the helper is out of
         * it (it reads the pages of a mapped input) */
        r->base = NULL;
        r->want = r->done = r->capacity = r->released = r->release_to = 0;
        while (p->busy == which)
            pthread_cond_wait(&p->idle, &p->lock);
        pthread_mutex_unlock(&p->lock);
        return;
    }
    if (r->base != (char *)base) {
        /* a new or moved array: what is written is there, the rest is not known */
        r->base = base;
        r->done = written;
        r->want = r->released = r->release_to = 0;
    }
    r->capacity = capacity;
    if (r->done < written)
        r->done = written; /* the loader got there first */
    if (want > r->want || r->want > capacity) {
        r->want = want;
        pthread_cond_signal(&p->wake);
    }
    pthread_mutex_unlock(&p->lock);
}

bool fl_prefault_release(fl_prefault *p, int which, void *base, size_t from, size_t to)
{
    region *r;
    bool taken = false;

    if (!p || which != FL_PREFAULT_INPUT)
        return false;
    pthread_mutex_lock(&p->lock);
    r = &p->regions[which];
    if (!p->stop && r->base == (char *)base) {
        if (r->release_to <= r->released)
            r->released = from; /* nothing pending: start where the loader says */
        if (to > r->release_to)
            r->release_to = to;
        pthread_cond_signal(&p->wake);
        taken = true;
    }
    pthread_mutex_unlock(&p->lock);
    return taken;
}

#else

bool fl_prefault_release(fl_prefault *p, int which, void *base, size_t from, size_t to)
{
    (void)p;
    (void)which;
    (void)base;
    (void)from;
    (void)to;
    return false;
}

fl_prefault *fl_prefault_start(void)
{
    return NULL;
}

void fl_prefault_stop(fl_prefault *p)
{
    (void)p;
}

void fl_prefault_ahead(fl_prefault *p, int which, void *base, size_t capacity, size_t written)
{
    (void)p;
    (void)which;
    (void)base;
    (void)capacity;
    (void)written;
}

#endif
