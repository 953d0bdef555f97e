/*
 * journal_internal.h - the locked-append protocol of journal_append.c,
 * shared with journal_seal.c (fundledger/journal.h describes it).
 */
#ifndef FL_LIB_JOURNAL_INTERNAL_H
#define FL_LIB_JOURNAL_INTERNAL_H

#include "fundledger/journal.h"

/** A journal opened with O_APPEND, locked with flock(LOCK_EX) and read under the lock. */
typedef struct fl_locked_journal {
    int fd;
    bool created; /* this call created the file */
    char *data;   /* the journal's bytes, read under the lock, then a NUL */
    size_t len;
    size_t capacity;     /* bytes allocated at data: room for a new line after the journal's */
    unsigned long lines; /* line breaks in data[0..len) */
    bool mapped;         /* data is its own mapping (munmap), else malloc'd */
} fl_locked_journal;

#define FL_LOCKED_JOURNAL_INIT                                                                     \
    {                                                                                              \
        -1, false, NULL, 0, 0, 0, false                                                            \
    }

/** Checks that new entry reads back as intended; err says what differs. */
typedef fl_status (*verify_fn)(const fl_ledger *ledger, const fl_entry *entry, const void *arg,
                               fl_error *err);

/** Refuses names read as CSV or claims files (add writes journals only). */
fl_status fl_journal_check_path(const char *path, fl_error *err);
/** Opens or creates, locks and reads the journal (protocol steps 1 and 2). */
fl_status fl_journal_lock(fl_locked_journal *j, const char *path, fl_error *err);
/** Releases the lock, closes the file and frees the bytes read. */
void fl_journal_unlock(fl_locked_journal *j);
/** Removes a journal this call created that is still empty (a refused first entry). */
void fl_journal_forget_created(fl_locked_journal *j, const char *path);
/** The number of line breaks in data[0..len). */
size_t fl_journal_count_lines(const char *data, size_t len);
/**
 * Protocol steps 3 and 4: validates the journal plus `line` as the loader
 * would (verify, when not NULL, checks the entry read back from the new
 * line), then writes it with one write() and fsyncs; undoes a failed write.
 */
fl_status fl_journal_validate_and_append(fl_journal_append_result *result, fl_locked_journal *j,
                                         const char *path, const char *line,
                                         const fl_load_options *opts, verify_fn verify,
                                         const void *arg, fl_diagnostics *diags, fl_error *err);

#endif
