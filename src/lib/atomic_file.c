/*
 * atomic_file.c - write a temporary file beside the destination, then
 * rename it over the destination (see atomic_file.h).
 */
#define _DEFAULT_SOURCE /* flock() */
#include "atomic_file.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"

fl_status fl_atomic__io_error(fl_error *err, const char *path, const char *what, int errnum)
{
    if (!err)
        return FL_ERR_IO;
    fl_error_clear(err);
    fl_error_set(err, FL_ERR_IO, "%s: %s", what, strerror(errnum));
    fl_error_set_file(err, path);
    return FL_ERR_IO;
}

static char *dup_range(const char *s, size_t n)
{
    char *d = malloc(n + 1);

    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

/* The folder part of path ("." when there is none), a new string. */
static char *folder_of(const char *path)
{
    const char *slash = strrchr(path, '/');

    if (!slash)
        return dup_range(".", 1);
    if (slash == path)
        return dup_range("/", 1);
    return dup_range(path, (size_t)(slash - path));
}

/* Whether fd is the file that path names now. */
static bool names_file(int fd, int folder_fd, const char *path)
{
    struct stat a, b;

    return fstat(fd, &a) == 0 && fstatat(folder_fd, path, &b, AT_SYMLINK_NOFOLLOW) == 0 &&
           a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

/* The six characters mkstemp puts in place of XXXXXX. */
static bool is_mkstemp_suffix(const char *s)
{
    size_t i;

    for (i = 0; i < 6; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
              (s[i] >= '0' && s[i] <= '9')))
            return false;
    return s[6] == '\0';
}

/* ".BASE.XXXXXX" (a temporary file) or ".BASE.old.XXXXXX" (a pair's backup). */
static bool is_temp_name_of(const char *name, const char *base)
{
    size_t n = strlen(base);

    if (name[0] != '.' || strncmp(name + 1, base, n) != 0 || name[n + 1] != '.')
        return false;
    name += n + 2;
    if (strncmp(name, "old.", 4) == 0 && is_mkstemp_suffix(name + 4))
        return true;
    return is_mkstemp_suffix(name);
}

/*
 * Removes the temporary files of dest that nobody holds a lock on: their
 * writer was killed.  Best effort: any failure leaves the file where it is.
 * Only the holder of a file's lock removes it, after checking that the
 * name still leads to the file it locked.
 */
static void remove_stale_temp_files(const char *dest)
{
    const char *slash = strrchr(dest, '/'), *base = slash ? slash + 1 : dest;
    char *folder = folder_of(dest);
    DIR *dir = folder ? opendir(folder) : NULL;
    struct dirent *entry;

    free(folder);
    if (!dir)
        return;
    while ((entry = readdir(dir)) != NULL) {
        struct stat st;
        int fd;

        if (!is_temp_name_of(entry->d_name, base))
            continue;
        fd = openat(dirfd(dir), entry->d_name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
        if (fd < 0)
            continue;
        if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && flock(fd, LOCK_EX | LOCK_NB) == 0 &&
            names_file(fd, dirfd(dir), entry->d_name))
            (void)unlinkat(dirfd(dir), entry->d_name, 0);
        close(fd); /* releases the lock */
    }
    closedir(dir);
}

/*
 * Locks the file fd, just created as path.  1: locked, and path is still
 * that file; 0: a cleaner got to it first (it holds the lock or has removed
 * the name), so the name is not ours to use; 2: the file system cannot lock
 * (the file is used unlocked and never cleaned).
 */
static int lock_new_file(int fd, const char *path, bool wait)
{
    int r;

    while ((r = flock(fd, wait ? LOCK_EX : LOCK_EX | LOCK_NB)) != 0 && errno == EINTR)
        ;
    if (r != 0)
        return errno == EWOULDBLOCK ? 0 : 2;
    return names_file(fd, AT_FDCWD, path) ? 1 : 0;
}

fl_status fl_atomic_begin(fl_atomic_file *f, const char *dest, fl_error *err)
{
    const char *slash = strrchr(dest, '/'), *base = slash ? slash + 1 : dest;
    size_t folder_len = slash ? (size_t)(slash - dest) + 1 : 0, n;
    int fd = -1, attempt, locked = 0, create_errno = EAGAIN;

    memset(f, 0, sizeof *f);
    if (*base == '\0') {
        fl_error_set(err, FL_ERR_INVALID_ARGUMENT, "\"%s\" names a folder, not a file", dest);
        return FL_ERR_INVALID_ARGUMENT;
    }
    n = strlen(dest) + sizeof ".XXXXXX" + 1;
    f->dest_path = dup_range(dest, strlen(dest));
    f->temp_path = malloc(n);
    if (!f->dest_path || !f->temp_path) {
        /* temp_path holds no name yet: abort must not unlink it. */
        free(f->temp_path);
        f->temp_path = NULL;
        fl_atomic_abort(f);
        fl_error_set(err, FL_ERR_NOMEM, "out of memory");
        return FL_ERR_NOMEM;
    }
    remove_stale_temp_files(dest);
    /* A cleaner may take a new name between mkstemp and flock: then try another. */
    for (attempt = 0; attempt < 16 && !locked; attempt++) {
        /* ".NAME.XXXXXX": hidden, and never matched by a reader's "*.xlsx". */
        snprintf(f->temp_path, n, "%.*s.%s.XXXXXX", (int)folder_len, dest, base);
        fd = mkstemp(f->temp_path);
        if (fd < 0) {
            create_errno = errno;
            break;
        }
        locked = lock_new_file(fd, f->temp_path, false);
        if (!locked) {
            close(fd);
            fd = -1;
        }
    }
    if (fd < 0) {
        free(f->temp_path);
        f->temp_path = NULL;
        fl_atomic_abort(f);
        return fl_atomic__io_error(err, dest, "cannot create a temporary file in its folder",
                                   create_errno);
    }
    /* The lock lives as long as one descriptor of it is open: keep one after fp is closed. */
    f->lock_fd = fcntl(fd, F_DUPFD_CLOEXEC, 0);
    if (f->lock_fd < 0) {
        int e = errno;
        close(fd);
        fl_atomic_abort(f);
        return fl_atomic__io_error(err, dest, "cannot open the temporary file", e);
    }
    f->has_lock_fd = true;
    /* mkstemp makes the file 0600; give it the usual permissions (umask applies). */
    {
        mode_t mask = umask(0);
        umask(mask);
        (void)fchmod(fd, (mode_t)(0666 & ~mask));
    }
    f->fp = fdopen(fd, "wb");
    if (!f->fp) {
        int e = errno;
        close(fd);
        fl_atomic_abort(f);
        return fl_atomic__io_error(err, dest, "cannot open the temporary file", e);
    }
    return FL_OK;
}

void fl_atomic_abort(fl_atomic_file *f)
{
    if (f->fp)
        fclose(f->fp);
    /* Removed while still locked, so no cleaner can mistake it for a stale one first. */
    if (f->temp_path)
        unlink(f->temp_path);
    if (f->has_lock_fd)
        close(f->lock_fd);
    free(f->temp_path);
    free(f->dest_path);
    memset(f, 0, sizeof *f);
}

/* fsync of a file or folder by name. */
static int sync_path(const char *path, int flags)
{
    int fd = open(path, flags), r, e;

    if (fd < 0)
        return -1;
    r = fsync(fd);
    e = errno;
    close(fd);
    errno = e;
    /* Some file systems cannot fsync a folder (EINVAL): the rename is done all the same. */
    return (r < 0 && (flags & O_DIRECTORY) && (errno == EINVAL || errno == EBADF)) ? 0 : r;
}

fl_status fl_atomic_prepare(fl_atomic_file *f, fl_error *err)
{
    fl_status st = FL_OK;

    if (f->fp) {
        FILE *fp = f->fp;
        f->fp = NULL;
        if (fflush(fp) != 0 || ferror(fp)) {
            int e = errno;
            fclose(fp);
            st = fl_atomic__io_error(err, f->dest_path, "writing failed", e);
        } else if (fsync(fileno(fp)) != 0) {
            int e = errno;
            fclose(fp);
            st = fl_atomic__io_error(err, f->dest_path, "writing to the disk failed", e);
        } else if (fclose(fp) != 0) {
            st = fl_atomic__io_error(err, f->dest_path, "writing failed", errno);
        }
    } else if (f->has_lock_fd ? fsync(f->lock_fd) != 0 : sync_path(f->temp_path, O_RDONLY) != 0) {
        st = fl_atomic__io_error(err, f->dest_path, "writing to the disk failed", errno);
    }
    if (st != FL_OK)
        fl_atomic_abort(f);
    return st;
}

/* fsync of the destination's folder, once the rename is done.  No allocation: after the
 * rename, running out of memory must not turn a replaced file into a reported failure. */
static fl_status sync_folder_of(const char *dest, fl_error *err)
{
    char folder[PATH_MAX];
    const char *slash = strrchr(dest, '/');
    size_t n = !slash ? 1 : slash == dest ? 1 : (size_t)(slash - dest);

    if (n >= sizeof folder)
        return fl_atomic__io_error(err, dest,
                                   "the file was replaced, but its folder's name is too long to "
                                   "sync it (the new file may not survive a power cut)",
                                   ENAMETOOLONG);
    memcpy(folder, !slash ? "." : slash == dest ? "/" : dest, n);
    folder[n] = '\0';
    if (sync_path(folder, O_RDONLY | O_DIRECTORY) != 0)
        return fl_atomic__io_error(err, dest,
                                   "the file was replaced, but syncing its folder failed "
                                   "(the new file may not survive a power cut)",
                                   errno);
    return FL_OK;
}

fl_status fl_atomic_commit(fl_atomic_file *f, fl_error *err)
{
    fl_status st = fl_atomic_prepare(f, err);

    if (st != FL_OK)
        return st;
    if (rename(f->temp_path, f->dest_path) != 0) {
        st = fl_atomic__io_error(err, f->dest_path, "cannot replace the file", errno);
        fl_atomic_abort(f);
        return st;
    }
    free(f->temp_path);
    f->temp_path = NULL;
    st = sync_folder_of(f->dest_path, err);
    fl_atomic_abort(f);
    return st;
}

/*
 * A second name for dest's old contents (a hard link beside it), so it can be
 * put back.  Returns 1 with *backup set and *backup_fd holding a lock on it
 * (like a temporary file's, so that no cleaner takes it meanwhile), 0 when
 * there is no old file, -1 when the link cannot be made (errno).
 */
static int keep_old(char **backup, int *backup_fd, const char *dest)
{
    const char *slash = strrchr(dest, '/'), *base = slash ? slash + 1 : dest;
    size_t folder_len = slash ? (size_t)(slash - dest) + 1 : 0,
           n = strlen(dest) + sizeof ".old.XXXXXX" + 1;
    struct stat st;
    int fd, e = EAGAIN, attempt;

    *backup = NULL;
    *backup_fd = -1;
    if (lstat(dest, &st) != 0)
        return errno == ENOENT ? 0 : -1;
    *backup = malloc(n);
    if (!*backup) {
        errno = ENOMEM;
        return -1;
    }
    for (attempt = 0; attempt < 16; attempt++) {
        int locked;

        /* A fresh unique name, then the old file linked under it. */
        snprintf(*backup, n, "%.*s.%s.old.XXXXXX", (int)folder_len, dest, base);
        fd = mkstemp(*backup);
        if (fd < 0) {
            e = errno;
            break;
        }
        close(fd);
        unlink(*backup);
        if (link(dest, *backup) != 0) {
            e = errno;
            if (e == EEXIST)
                continue;
            break;
        }
        fd = open(*backup, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0) {
            e = errno;
            continue; /* a cleaner took it */
        }
        /* Waits while another writer of dest holds the same (old) file as its backup. */
        locked = lock_new_file(fd, *backup, true);
        if (locked && names_file(fd, AT_FDCWD, dest)) {
            *backup_fd = fd;
            return 1;
        }
        /* dest was replaced while we waited: this backup is of the wrong file. */
        if (locked)
            unlink(*backup);
        close(fd);
    }
    free(*backup);
    *backup = NULL;
    errno = e;
    return -1;
}

fl_status fl_atomic_commit_pair(fl_atomic_file *first, fl_atomic_file *second, fl_error *err)
{
    fl_status st;
    char *backup = NULL;
    int kept, backup_fd = -1;

    st = fl_atomic_prepare(first, err);
    if (st == FL_OK)
        st = fl_atomic_prepare(second, err);
    if (st != FL_OK)
        goto fail;
    kept = keep_old(&backup, &backup_fd, first->dest_path);
    if (kept < 0) {
        st = fl_atomic__io_error(err, first->dest_path,
                                 "cannot keep its old contents while both files are replaced",
                                 errno);
        goto fail;
    }
    if (rename(first->temp_path, first->dest_path) != 0) {
        st = fl_atomic__io_error(err, first->dest_path, "cannot replace the file", errno);
        if (backup)
            unlink(backup);
        goto fail;
    }
    free(first->temp_path);
    first->temp_path = NULL;
    if (rename(second->temp_path, second->dest_path) != 0) {
        int e = errno;
        /* Put the first file back as it was: the pair is replaced together or not at all. */
        if (kept ? rename(backup, first->dest_path) == 0 : unlink(first->dest_path) == 0) {
            free(backup);
            backup = NULL;
            st = fl_atomic__io_error(err, second->dest_path,
                                     "cannot replace the file (neither file was changed)", e);
        } else {
            /* The backup stays: the old contents of the first file are only there now. */
            st = fl_atomic__io_error(err, second->dest_path,
                                     "cannot replace the file, and the other file could not be "
                                     "put back as it was",
                                     e);
        }
        goto fail;
    }
    free(second->temp_path);
    second->temp_path = NULL;
    if (backup)
        unlink(backup);
    st = sync_folder_of(first->dest_path, err);
    if (st == FL_OK)
        st = sync_folder_of(second->dest_path, err);
fail:
    if (backup_fd >= 0)
        close(backup_fd);
    free(backup);
    fl_atomic_abort(first);
    fl_atomic_abort(second);
    return st;
}
