/*
 * atomic_file.h - replacing a file so that readers see the old contents or
 * the new, never half of either.
 *
 * fl_atomic_begin creates a temporary file in the destination's folder (a
 * rename is atomic only within one file system); the caller writes it,
 * through `fp` or, for writers that want a file name (libxlsxwriter), by
 * closing `fp` and writing to `temp_path`.  fl_atomic_commit flushes and
 * fsyncs the temporary file, renames it over the destination and fsyncs
 * the folder, so the new file survives a power cut.  On any failure, and in
 * fl_atomic_abort, the temporary file is removed and the destination is
 * left as it was.  Private to the library.
 *
 * Stale temporary files.  A writer killed with SIGKILL (or by a power cut)
 * cannot remove its temporary file.  So the writer holds flock(LOCK_EX) on
 * its temporary file from the moment the file has its name until it is
 * renamed or removed, and fl_atomic_begin first removes, in the
 * destination's folder, the files named exactly ".NAME.XXXXXX" (NAME the
 * destination's name, XXXXXX six letters or digits, as mkstemp makes them)
 * or ".NAME.old.XXXXXX" (a pair's backup) that it can lock at once: their
 * writer is gone, since a lock dies with its process.  A file is removed only
 * by the process holding its lock, and a writer uses a name only once it
 * holds the lock and has checked that the name is still its file, so a
 * concurrent export of the same file never loses its temporary file to
 * another's cleaning.  Where flock is not supported, nothing is cleaned.
 */
#ifndef FL_LIB_ATOMIC_FILE_H
#define FL_LIB_ATOMIC_FILE_H

#include <stdbool.h>
#include <stdio.h>

#include "fundledger/common.h"

typedef struct fl_atomic_file {
    char *dest_path; /* the file to replace */
    char *temp_path; /* ".NAME.XXXXXX" beside it; NULL once renamed or removed */
    FILE *fp;        /* open for writing; the caller may fclose it and set it to NULL */
    int lock_fd;     /* holds the flock on the temporary file, when has_lock_fd */
    bool has_lock_fd;
} fl_atomic_file;

/**
 * Removes stale temporary files of `dest` (see above), then creates its
 * temporary file, locked.  FL_ERR_IO with err saying what
 * failed ("cannot create a file in FOLDER: Permission denied") when the
 * folder cannot take it; FL_ERR_NOMEM.  On failure nothing is left behind.
 */
fl_status fl_atomic_begin(fl_atomic_file *f, const char *dest, fl_error *err);

/**
 * Finishes: flush, fsync, close, rename over the destination, fsync the
 * folder.  On failure the temporary file is removed, the destination is
 * untouched and err says which step failed and why (strerror).  Always
 * releases f.
 */
fl_status fl_atomic_commit(fl_atomic_file *f, fl_error *err);

/**
 * The first half of a commit: flush, fsync and close the temporary file,
 * without renaming it.  On failure it is removed and f released.
 */
fl_status fl_atomic_prepare(fl_atomic_file *f, fl_error *err);

/**
 * Replaces two files together: both temporary files are completed first,
 * then `first` is renamed into place, then `second`.  If the second rename
 * fails, the first destination is put back as it was (its old contents are
 * kept under a hard link beside it meanwhile, or it is removed when it did
 * not exist), so either both files are new or neither is.  A power cut
 * between the two renames can still leave the first new and the second old.
 * Always releases both.
 */
fl_status fl_atomic_commit_pair(fl_atomic_file *first, fl_atomic_file *second, fl_error *err);

/** Gives up: closes and removes the temporary file, releases f.  Safe on a zeroed f. */
void fl_atomic_abort(fl_atomic_file *f);

/** Sets err to FL_ERR_IO with the file name and "what: strerror(errnum)". */
fl_status fl_atomic__io_error(fl_error *err, const char *path, const char *what, int errnum);

#endif
