/*
 * prefault.h - a helper thread that makes the pages of large arrays ahead of
 * the code writing them (Linux: madvise MADV_POPULATE_WRITE).
 *
 * A fresh page costs a fault and its zeroing by the kernel; for a million
 * entries that is most of the system time of a load, and in a virtual
 * machine zeroing is slow (the host backs the memory on first touch).
 * Loading is one thread, so another core can take that work: the loader
 * says how far it has written each array, and the helper populates a few
 * MiB beyond.  Populating never changes what memory holds (a page already
 * there is left alone, a missing one comes zeroed, as the write would have
 * made it), so a stale range (an array moved by mremap) is harmless.
 *
 * The mapped input is read ahead the same way (MADV_POPULATE_READ), so the
 * reader does not stop at each page of the file for the kernel to map it.
 *
 * Without threads or without MADV_POPULATE_WRITE (Linux before 5.14) the
 * helper does nothing and the loader is as before.
 */
#ifndef FL_LIB_PREFAULT_H
#define FL_LIB_PREFAULT_H

#include <stdbool.h>
#include <stddef.h>

typedef struct fl_prefault fl_prefault;

/** The arrays a load writes, and the mapped input it reads (made readable, not writable). */
enum {
    FL_PREFAULT_FACTS,
    FL_PREFAULT_REFS,
    FL_PREFAULT_ENTRIES,
    FL_PREFAULT_STRINGS, /* the block of the ledger's string arena being filled */
    FL_PREFAULT_INPUT,
    FL_PREFAULT_ARRAYS_
};

/** Starts a helper; NULL when there is none to start (that is fine: nothing is prefaulted). */
fl_prefault *fl_prefault_start(void);
/** Stops and joins the helper; NULL is fine. */
void fl_prefault_stop(fl_prefault *p);
/**
 * Tells the helper where array `which` is (base, capacity in bytes) and how many of its
 * bytes are written; it then populates up to a few MiB beyond.  Cheap; call it every
 * few thousand entries and after an array moves.  base NULL: the array or mapped input
 * is about to be freed or unmapped; returns once the helper no longer reads it (the
 * helper reads a byte of each page of the input, which must still be mapped then).
 */
void fl_prefault_ahead(fl_prefault *p, int which, void *base, size_t capacity, size_t written);

/**
 * Asks the helper to give back the pages of the mapped input `base` in [from, to) (byte
 * offsets on page boundaries, behind the reader): MADV_DONTNEED, off the loader's thread.
 * false when there is no helper to do it (or it stopped, or `base` is not the input it
 * knows): the caller then does it itself.
 */
bool fl_prefault_release(fl_prefault *p, int which, void *base, size_t from, size_t to);

#endif
