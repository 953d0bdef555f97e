/*
 * journal_append.c - appending validated entries to a journal under an
 * exclusive lock (fundledger/journal.h describes the protocol).
 *
 * Validation loads the journal's bytes, read once under the lock, plus the
 * new line from memory through the loader's own journal reader
 * (fl_load_journal, then fl_ledger_finish), as the journal at its path:
 * includes resolve beside it and diagnostics name it.  That way "valid"
 * means exactly what it means to every other command, with no second reader
 * to keep in step with the first, and no file is written but the journal.
 */
#define _DEFAULT_SOURCE /* flock() */
#include "fundledger/journal.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "journal_internal.h"
#include "ledger_internal.h"

/* --- writing one line ------------------------------------------------------------- */

typedef struct line_buffer {
    char *data;
    size_t len, capacity;
    bool failed;
} line_buffer;

static void put(line_buffer *b, const char *s, size_t n)
{
    if (b->failed)
        return;
    if (b->len + n + 1 > b->capacity) {
        size_t capacity = (b->len + n + 1) * 2;
        char *bigger = realloc(b->data, capacity);
        if (!bigger) {
            b->failed = true;
            return;
        }
        b->data = bigger;
        b->capacity = capacity;
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

static void puts_(line_buffer *b, const char *s)
{
    put(b, s, strlen(s));
}

static bool is_empty(const char *s)
{
    return !s || !*s;
}

/* A value the journal reader reads back unchanged without quotes. */
static bool bare_ok(const char *s)
{
    const unsigned char *p;

    if (is_empty(s))
        return false;
    for (p = (const unsigned char *)s; *p; p++)
        if (!(*p >= 0x80 || (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
              (*p >= '0' && *p <= '9') || strchr("._/,+-", *p)))
            return false;
    return true;
}

static void put_quoted(line_buffer *b, const char *s)
{
    puts_(b, "\"");
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            put(b, "\\", 1);
        put(b, s, 1);
    }
    puts_(b, "\"");
}

static void put_option(line_buffer *b, const char *key, const char *value, bool always_quote)
{
    if (is_empty(value))
        return;
    puts_(b, " ");
    puts_(b, key);
    puts_(b, "=");
    if (!always_quote && bare_ok(value))
        puts_(b, value);
    else
        put_quoted(b, value);
}

/* Refuses characters that cannot stand on one journal line; `bare` also refuses separators. */
static fl_status check_text(const char *name, const char *s, const char *also_refused,
                            fl_error *err)
{
    const char *p;

    if (!s)
        return FL_OK;
    for (p = s; *p; p++) {
        if (*p == '\n' || *p == '\r')
            return fl_error_set(err, FL_ERR_SYNTAX,
                                "the %s holds a line break; a journal entry is one line", name);
        if (also_refused && strchr(also_refused, *p))
            return fl_error_set(err, FL_ERR_SYNTAX, "the %s \"%s\" may not contain '%c'", name, s,
                                *p == '\t' ? ' ' : *p);
    }
    return FL_OK;
}

fl_status fl_journal_format_entry(char **out, const fl_journal_entry *e, fl_error *err)
{
    line_buffer b = {NULL, 0, 0, false};
    const char *amount;
    size_t amount_len;
    fl_status status;
    struct {
        const char *name, *value, *refused;
    } fields[] = {
        {"date", e->date, " \t\"="},
        {"unit", e->unit, NULL},
        {"source", e->source, " \t\"="},
        {"amount", e->amount, "\"="},
        {"kind", e->kind, NULL},
        {"ref", e->ref, NULL},
        {"memo", e->memo, NULL},
        {"reverses", e->reverses, NULL},
        {"quantity", e->quantity, NULL},
        {"uom", e->uom, NULL},
        {"unit price", e->unit_price, NULL},
        {"basis", e->basis, NULL},
    };
    size_t i;

    *out = NULL;
    for (i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        if (i < 4 && is_empty(fields[i].value))
            return fl_error_set(err, FL_ERR_INVALID_ARGUMENT, "the entry needs a %s",
                                fields[i].name);
        status = check_text(fields[i].name, fields[i].value, fields[i].refused, err);
        if (status != FL_OK)
            return status;
    }
    /* The amount runs from the source to the first option: trim, keep inner spaces. */
    amount = e->amount;
    while (*amount == ' ' || *amount == '\t')
        amount++;
    amount_len = strlen(amount);
    while (amount_len && (amount[amount_len - 1] == ' ' || amount[amount_len - 1] == '\t'))
        amount_len--;
    if (amount_len == 0)
        return fl_error_set(err, FL_ERR_INVALID_ARGUMENT, "the entry needs an amount");

    puts_(&b, e->date);
    puts_(&b, " ");
    put_quoted(&b, e->unit);
    puts_(&b, " ");
    puts_(&b, e->source);
    puts_(&b, " ");
    put(&b, amount, amount_len);
    put_option(&b, "kind", e->kind, false);
    put_option(&b, "ref", e->ref, false);
    put_option(&b, "memo", e->memo, true);
    put_option(&b, "reverses", e->reverses, false);
    put_option(&b, "quantity", e->quantity, false);
    put_option(&b, "uom", e->uom, true);
    put_option(&b, "unit-price", e->unit_price, false);
    put_option(&b, "basis", e->basis, true);
    puts_(&b, "\n");
    if (b.failed) {
        free(b.data);
        return fl_error_set(err, FL_ERR_NOMEM, "out of memory");
    }
    *out = b.data;
    return FL_OK;
}

/* --- the locked journal ----------------------------------------------------------- */

static fl_status io_error(fl_error *err, const char *path, const char *what, int saved)
{
    fl_error_set_file(err, path);
    return fl_error_set(err, FL_ERR_IO, "%s: %s", what, strerror(saved));
}

/*
 * The journal's bytes live in one buffer with room for a new line after
 * them.  A large buffer is its own mapping, aligned to and advised for huge
 * pages: each 4 KiB page costs a page fault when it is first written and
 * again when it is first read, and in a VM (this project's test machine)
 * that was about 12 ms of an add on a 2.5 MB, 40,000-line journal; with
 * 2 MiB pages it is about 1 ms.  Without huge pages the mapping works as
 * well, only slower.
 */
#define MAPPED_BUFFER ((size_t)256 * 1024)
#define HUGE_PAGE ((size_t)2 * 1024 * 1024)

/* size rounded up to whole huge pages, at a huge page boundary; NULL when it fails. */
static char *map_buffer(size_t *size)
{
    size_t total = (*size + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE;
    char *raw, *aligned;
    void *m;

    if (total < *size || total + HUGE_PAGE < total)
        return NULL;
    m = mmap(NULL, total + HUGE_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED)
        return NULL;
    raw = m;
    aligned = (char *)(((uintptr_t)raw + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1));
    /* give back the parts before and after the aligned range (aligned < raw + HUGE_PAGE) */
    if (aligned > raw)
        munmap(raw, (size_t)(aligned - raw));
    munmap(aligned + total, (size_t)(raw + HUGE_PAGE - aligned));
#ifdef MADV_HUGEPAGE
    (void)madvise(aligned, total, MADV_HUGEPAGE);
#endif
    *size = total;
    return aligned;
}

static fl_status buffer_resize(fl_locked_journal *j, size_t size)
{
    char *p;

    if (size < MAPPED_BUFFER) {
        p = j->mapped ? malloc(size) : realloc(j->data, size);
        if (!p)
            return FL_ERR_NOMEM;
    } else {
        p = map_buffer(&size);
        if (!p)
            return FL_ERR_NOMEM;
    }
    if (p != j->data && j->data) {
        memcpy(p, j->data, j->len < size ? j->len : size);
        if (j->mapped)
            munmap(j->data, j->capacity);
        else
            free(j->data);
    }
    j->data = p;
    j->capacity = size;
    j->mapped = size >= MAPPED_BUFFER;
    return FL_OK;
}

void fl_journal_unlock(fl_locked_journal *j)
{
    if (j->fd >= 0) {
        flock(j->fd, LOCK_UN);
        close(j->fd);
    }
    j->fd = -1;
    if (j->mapped)
        munmap(j->data, j->capacity);
    else
        free(j->data);
    j->data = NULL;
    j->capacity = 0;
    j->mapped = false;
}

static fl_status read_all(fl_locked_journal *j, const char *path, fl_error *err)
{
    struct stat st;

    if (fstat(j->fd, &st) != 0)
        return io_error(err, path, "cannot read the journal", errno);
    j->len = 0;
    if (buffer_resize(j, (size_t)st.st_size + 65536) != FL_OK)
        return fl_error_set(err, FL_ERR_NOMEM, "out of memory reading the journal");
    for (;;) {
        ssize_t n;
        if (j->len + 1 >= j->capacity && buffer_resize(j, j->capacity * 2) != FL_OK)
            return fl_error_set(err, FL_ERR_NOMEM, "out of memory reading the journal");
        n = pread(j->fd, j->data + j->len, j->capacity - 1 - j->len, (off_t)j->len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return io_error(err, path, "cannot read the journal", errno);
        if (n == 0)
            break;
        j->len += (size_t)n;
    }
    j->data[j->len] = '\0';
    j->lines = (unsigned long)fl_journal_count_lines(j->data, j->len);
    return FL_OK;
}

/*
 * Opens (or creates) the journal, locks it and reads it.  Retries when the
 * path was replaced between open and lock (a failed add removing the file
 * it had just created, or a user moving files about).
 */
fl_status fl_journal_lock(fl_locked_journal *j, const char *path, fl_error *err)
{
    int attempt;

    memset(j, 0, sizeof *j);
    j->fd = -1;
    for (attempt = 0; attempt < 100; attempt++) {
        struct stat by_fd, by_path;
        j->created = false;
        j->fd = open(path, O_RDWR | O_APPEND | O_CLOEXEC);
        if (j->fd < 0 && errno == ENOENT) {
            j->fd = open(path, O_RDWR | O_APPEND | O_CLOEXEC | O_CREAT | O_EXCL, 0644);
            if (j->fd < 0 && errno == EEXIST)
                continue;
            j->created = j->fd >= 0;
        }
        if (j->fd < 0)
            return io_error(err, path, "cannot open the journal", errno);
        while (flock(j->fd, LOCK_EX) != 0) {
            if (errno != EINTR) {
                int saved = errno;
                close(j->fd);
                j->fd = -1;
                return io_error(err, path, "cannot lock the journal", saved);
            }
        }
        if (fstat(j->fd, &by_fd) == 0 && stat(path, &by_path) == 0 &&
            by_fd.st_dev == by_path.st_dev && by_fd.st_ino == by_path.st_ino) {
            if (!S_ISREG(by_fd.st_mode)) {
                fl_journal_unlock(j);
                fl_error_set_file(err, path);
                return fl_error_set(err, FL_ERR_IO, "the journal is not a regular file");
            }
            return read_all(j, path, err);
        }
        flock(j->fd, LOCK_UN);
        close(j->fd);
        j->fd = -1;
    }
    fl_error_set_file(err, path);
    return fl_error_set(err, FL_ERR_IO, "the journal keeps being replaced while it is locked");
}

/* Makes a new directory entry durable: fsync the folder that holds it. */
static int sync_folder(const char *path)
{
    const char *slash = strrchr(path, '/');
    char *dir;
    int fd, rc;

    if (!slash)
        dir = strdup(".");
    else if (slash == path)
        dir = strdup("/");
    else
        dir = strndup(path, (size_t)(slash - path));
    if (!dir)
        return -1;
    fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    free(dir);
    if (fd < 0)
        return -1;
    rc = fsync(fd);
    close(fd);
    return rc;
}

/* --- validation ------------------------------------------------------------------- */

static bool has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix), i;

    if (n < m)
        return false;
    for (i = 0; i < m; i++) {
        char c = s[n - m + i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != suffix[i])
            return false;
    }
    return true;
}

size_t fl_journal_count_lines(const char *data, size_t len)
{
    const uint64_t low7 = 0x7f7f7f7f7f7f7f7fULL, newlines = 0x0a0a0a0a0a0a0a0aULL;
    size_t n = 0, i = 0;

    /* Eight bytes at a time: a byte of x is zero where the data has '\n'; the high bit of
     * each byte of t is set exactly for those bytes (no carry crosses a byte), and a
     * multiply sums them (no popcount instruction in the baseline x86-64 target). */
    for (; i + 8 <= len; i += 8) {
        uint64_t x, t;
        memcpy(&x, data + i, 8);
        x ^= newlines;
        t = ~(((x & low7) + low7) | x | low7);
        n += (size_t)(((t >> 7) * UINT64_C(0x0101010101010101)) >> 56);
    }
    for (; i < len; i++)
        n += data[i] == '\n';
    return n;
}

/*
 * Loads data[0..len) as fl_ledger_load loads the journal file at `path`,
 * with these bytes in place of the file's: the same journal reader, its
 * includes read from beside `path`, the same cycle and "loaded twice"
 * checks, and every diagnostic naming `path`.  The input's SHA-256 is not
 * computed (only reports and exports show it, and seals are verified from
 * the file by fl_journal_verify_seals).  Returns the first problem's status.
 */
static fl_status load_journal_bytes(fl_ledger *l, const char *path, const char *data, size_t len,
                                    const fl_load_options *opts, fl_diagnostics *diags,
                                    size_t *input)
{
    fl_load_context ctx;
    char real[PATH_MAX];
    fl_error e;
    fl_status status;

    memset(&ctx, 0, sizeof ctx);
    ctx.ledger = l;
    ctx.opts = opts;
    ctx.diags = diags;
    fl_error_clear(&e);
    fl_error_set_file(&e, path);
    if (!realpath(path, real)) {
        fl_error_set(&e, FL_ERR_IO, "cannot open: %s", strerror(errno));
        fl_load_report(&ctx, &e);
        return ctx.first_status;
    }
    status = fl_ledger_add_input(l, path, input);
    if (status == FL_OK) {
        l->inputs[*input].real_path = fl_ledger_strdup(l, real, strlen(real));
        if (!l->inputs[*input].real_path)
            status = FL_ERR_NOMEM;
    }
    if (status != FL_OK) {
        fl_error_set(&e, status, "out of memory");
        fl_load_report(&ctx, &e);
        return ctx.first_status;
    }
    if (opts->fiscal_year)
        l->inputs[*input].fiscal_year = opts->fiscal_year;
    ctx.stack[ctx.depth++] = real;
    status = fl_load_journal(&ctx, path, data, len, (uint32_t)*input, opts->locale);
    ctx.depth--;
    /* A reader that stops without saying why (memory ran out) must not let a journal read
     * only in part pass for valid. */
    if (status != FL_OK && ctx.first_status == FL_OK) {
        fl_error_set(&e, status, "%s",
                     status == FL_ERR_NOMEM ? "out of memory reading the journal"
                                            : "the journal could not be read to the end");
        fl_load_report(&ctx, &e);
    }
    return ctx.first_status;
}

/*
 * Loads the journal's bytes followed by `line` (when not NULL) from memory,
 * as fl_ledger_load and fl_ledger_finish would load the journal with that
 * line appended.  Problems go to diags; returns the first problem's status.
 * On success, *kept (when not NULL) receives the ledger: free it with
 * fl_ledger_free.
 */
static fl_status validate(fl_locked_journal *j, const char *path, const char *line,
                          const fl_load_options *opts, verify_fn verify, const void *arg,
                          fl_diagnostics *diags, fl_ledger **kept, fl_error *err)
{
    static const fl_load_options defaults = FL_LOAD_OPTIONS_INIT;
    fl_load_options keeping;
    fl_ledger *ledger = NULL;
    fl_diagnostics *found = NULL;
    fl_status status;
    size_t i, line_len = line ? strlen(line) : 0, input = 0;
    unsigned long new_line = j->lines + 1;

    if (kept)
        *kept = NULL;
    if (!opts)
        opts = &defaults;
    /* reversals look the entries up: they are kept whatever the caller asked */
    keeping = *opts;
    keeping.skip_entries = false;
    opts = &keeping;
    if (fl_ledger_new(&ledger) != FL_OK || fl_diagnostics_new(&found, 100) != FL_OK) {
        status = fl_error_set(err, FL_ERR_NOMEM, "out of memory");
        goto done;
    }
    /* The new line goes after the journal's bytes in the same buffer (they stay as read). */
    if (j->len + line_len + 1 > j->capacity && buffer_resize(j, j->len + line_len + 1) != FL_OK) {
        status = fl_error_set(err, FL_ERR_NOMEM, "out of memory");
        goto done;
    }
    if (line_len)
        memcpy(j->data + j->len, line, line_len);
    j->data[j->len + line_len] = '\0';

    /* one array each instead of growth by doubling and copying */
    fl_ledger_reserve(ledger, j->lines + 1, true);
    status = load_journal_bytes(ledger, path, j->data, j->len + line_len, opts, found, &input);
    j->data[j->len] = '\0';
    if (status == FL_OK && fl_diagnostics_total(found) == 0) {
        status = fl_ledger_finish(ledger, opts, found);
        /* the checks across entries did not run (memory ran out): nothing is valid yet */
        if (status != FL_OK && fl_diagnostics_total(found) == 0) {
            status = fl_error_set(err, status, "cannot check the journal: %s", fl_strerror(status));
            goto done;
        }
    }
    if (fl_diagnostics_total(found) > 0) {
        for (i = 0; diags && i < fl_diagnostics_count(found); i++)
            fl_diagnostics_add(diags, fl_diagnostics_get(found, i));
        status = fl_diagnostics_get(found, 0)->status;
        if (status == FL_OK)
            status = FL_ERR_VALIDATION;
        goto done;
    }
    status = FL_OK;
    if (!line || !verify)
        goto keep; /* nothing to read back (a seal is a comment) */
    for (i = fl_ledger_entry_count(ledger); i-- > 0;) {
        const fl_entry *e = fl_ledger_entry(ledger, i);
        if (e->input == input && e->line == new_line) {
            status = verify(ledger, e, arg, err);
            if (status != FL_OK) {
                fl_error_set_file(err, path);
                err->line = new_line;
            }
            goto keep;
        }
    }
    fl_error_set_file(err, path);
    err->line = new_line;
    status = fl_error_set(err, FL_ERR_VALIDATION, "the new line was not read back as an entry");
keep:
    if (status == FL_OK && kept) {
        *kept = ledger;
        ledger = NULL;
    }
done:
    fl_diagnostics_free(found);
    fl_ledger_free(ledger);
    return status;
}

/*
 * The protocol's steps 3 and 4 for a locked journal: validate, write the
 * line with one write(), fsync, and cut the file back if either fails.
 */
fl_status fl_journal_validate_and_append(fl_journal_append_result *result, fl_locked_journal *j,
                                         const char *path, const char *line,
                                         const fl_load_options *opts, verify_fn verify,
                                         const void *arg, fl_diagnostics *diags, fl_error *err)
{
    size_t len = strlen(line);
    ssize_t n;
    fl_status status;

    if (j->len > 0 && j->data[j->len - 1] != '\n') {
        /* A torn last line: let the loader report it, never write after it. */
        status = validate(j, path, NULL, opts, NULL, NULL, diags, NULL, err);
        if (status == FL_OK) {
            fl_error_set_file(err, path);
            err->line = j->lines + 1;
            status = fl_error_set(err, FL_ERR_VALIDATION,
                                  "the last line does not end with a line break (a torn line); "
                                  "nothing was added");
        }
        return status;
    }
    status = validate(j, path, line, opts, verify, arg, diags, NULL, err);
    if (status != FL_OK)
        return status;
    do
        n = write(j->fd, line, len);
    while (n < 0 && errno == EINTR);
    if (n != (ssize_t)len) {
        int saved = n < 0 ? errno : ENOSPC;
        if (n > 0 && ftruncate(j->fd, (off_t)j->len) != 0)
            return io_error(err, path,
                            "the entry was written only in part and could not be cut back "
                            "(run fundledger check)",
                            errno);
        return io_error(err, path, "cannot append to the journal; nothing was added", saved);
    }
    if (fsync(j->fd) != 0) {
        int saved = errno;
        if (ftruncate(j->fd, (off_t)j->len) == 0)
            fsync(j->fd);
        return io_error(err, path, "cannot save the journal to disk (fsync); nothing was added",
                        saved);
    }
    if (j->created && sync_folder(path) != 0)
        return io_error(err, path,
                        "the entry is written, but the new journal's folder could not be saved "
                        "to disk",
                        errno);
    if (result) {
        result->line = j->lines + 1;
        result->offset = j->len;
        result->created = j->created;
    }
    return FL_OK;
}

/* Undoes the creation of a journal that stayed empty (the add failed). */
void fl_journal_forget_created(fl_locked_journal *j, const char *path)
{
    struct stat st;

    if (j->created && j->fd >= 0 && fstat(j->fd, &st) == 0 && st.st_size == 0)
        unlink(path);
}

fl_status fl_journal_check_path(const char *path, fl_error *err)
{
    if (!path || !*path)
        return fl_error_set(err, FL_ERR_INVALID_ARGUMENT, "no journal named");
    if (has_suffix(path, ".csv") || has_suffix(path, ".tsv") || has_suffix(path, ".claims")) {
        fl_error_set_file(err, path);
        return fl_error_set(err, FL_ERR_INVALID_ARGUMENT,
                            "entries are added to a journal; this name is read as a %s file",
                            has_suffix(path, ".claims") ? "claims" : "CSV");
    }
    return FL_OK;
}

/* --- add -------------------------------------------------------------------------- */

static bool same_text(const char *a, const char *b)
{
    if (is_empty(a) || is_empty(b))
        return is_empty(a) && is_empty(b);
    return strcmp(a, b) == 0;
}

static fl_status verify_added(const fl_ledger *ledger, const fl_entry *e, const void *arg,
                              fl_error *err)
{
    const fl_journal_entry *want = arg;
    const fl_source_tree *tree = fl_ledger_sources(ledger);
    const char *what = NULL;

    if (fl_ledger_find_unit(ledger, want->unit, strlen(want->unit)) != (long)e->unit)
        what = "unit";
    else if (strcmp(fl_source_tree_code(tree, e->source), want->source) != 0 &&
             fl_source_tree_find(tree, want->source, strlen(want->source)) != e->source)
        what = "source";
    else if (!same_text(e->ref, want->ref))
        what = "ref";
    else if (!same_text(e->memo, want->memo))
        what = "memo";
    else if (!same_text(e->reverses, want->reverses))
        what = "reverses";
    else if (!same_text(e->in_kind ? e->in_kind->uom : NULL, want->uom))
        what = "uom";
    else if (!same_text(e->in_kind ? e->in_kind->basis : NULL, want->basis))
        what = "basis";
    if (what)
        return fl_error_set(err, FL_ERR_VALIDATION,
                            "the %s would not read back as given; nothing was added", what);
    return FL_OK;
}

fl_status fl_journal_append_entry(fl_journal_append_result *result, char **written,
                                  const char *path, const fl_journal_entry *entry,
                                  const fl_load_options *opts, fl_diagnostics *diags, fl_error *err)
{
    fl_locked_journal j = FL_LOCKED_JOURNAL_INIT;
    char *line = NULL;
    fl_status status;

    if (written)
        *written = NULL;
    status = fl_journal_check_path(path, err);
    if (status != FL_OK)
        return status;
    status = fl_journal_format_entry(&line, entry, err);
    if (status != FL_OK)
        return status;
    status = fl_journal_lock(&j, path, err);
    if (status != FL_OK)
        goto done;
    status = fl_journal_validate_and_append(result, &j, path, line, opts, verify_added, entry,
                                            diags, err);
done:
    if (status != FL_OK)
        fl_journal_forget_created(&j, path);
    fl_journal_unlock(&j);
    if (status == FL_OK && written) {
        line[strlen(line) - 1] = '\0';
        *written = line;
        line = NULL;
    }
    free(line);
    return status;
}

/* --- reverse ---------------------------------------------------------------------- */

/* The number convention in force at the end of a journal's own lines. */
static fl_locale locale_at_end(const char *data, size_t len, fl_locale locale)
{
    size_t pos = 0;

    while (pos < len) {
        const char *start = data + pos, *nl = memchr(start, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - start) : len - pos, a = 0;
        pos += n + 1;
        while (a < n && (start[a] == ' ' || start[a] == '\t'))
            a++;
        if (n - a > 7 && memcmp(start + a, "locale", 6) == 0 &&
            (start[a + 6] == ' ' || start[a + 6] == '\t')) {
            const char *v = start + a + 7;
            size_t m = n - a - 7;
            while (m && (*v == ' ' || *v == '\t' || *v == '"'))
                v++, m--;
            if (m >= 2 && memcmp(v, "en", 2) == 0)
                locale = FL_LOCALE_EN;
            else if (m >= 2 && memcmp(v, "vi", 2) == 0)
                locale = FL_LOCALE_VI;
        }
    }
    return locale;
}

typedef struct reversal_target {
    const fl_ledger *ledger;
    const fl_entry *entry;
    char *source_code;
    char *unit_name;
} reversal_target;

/* The entry with `ref` in `unit` that still counts, replaying the reversals before it. */
static const fl_entry *live_entry(const fl_ledger *l, uint32_t unit, const char *ref)
{
    size_t count = fl_ledger_entry_count(l), i, k;
    char *cancelled = calloc(count ? count : 1, 1);
    const fl_entry *found = NULL;

    if (!cancelled)
        return NULL;
    for (i = 0; i < count; i++) {
        const fl_entry *r = fl_ledger_entry(l, i);
        if (!r->reverses || r->unit != unit || strcmp(r->reverses, ref) != 0)
            continue;
        for (k = 0; k < count; k++) {
            const fl_entry *o = fl_ledger_entry(l, k);
            fl_dec negated;
            bool opposite;
            if (cancelled[k] || o->reverses || o->unit != unit || !o->ref ||
                strcmp(o->ref, ref) != 0)
                continue;
            fl_dec_init(negated);
            fl_dec_neg(negated, o->amount);
            opposite =
                fl_dec_cmp(negated, r->amount) == 0 && o->source == r->source && o->kind == r->kind;
            fl_dec_clear(negated);
            if (opposite) {
                cancelled[k] = 1;
                break;
            }
        }
    }
    for (i = count; i-- > 0;) {
        const fl_entry *o = fl_ledger_entry(l, i);
        if (!cancelled[i] && !o->reverses && o->unit == unit && o->ref &&
            strcmp(o->ref, ref) == 0) {
            found = o;
            break;
        }
    }
    free(cancelled);
    return found;
}

static fl_status verify_reversal(const fl_ledger *ledger, const fl_entry *e, const void *arg,
                                 fl_error *err)
{
    const reversal_target *t = arg;
    fl_dec negated;
    bool same;

    fl_dec_init(negated);
    fl_dec_neg(negated, t->entry->amount);
    same = fl_dec_cmp(negated, e->amount) == 0 && e->kind == t->entry->kind &&
           strcmp(fl_source_tree_code(fl_ledger_sources(ledger), e->source), t->source_code) == 0 &&
           strcmp(fl_ledger_unit_name(ledger, e->unit), t->unit_name) == 0;
    fl_dec_clear(negated);
    if (!same)
        return fl_error_set(err, FL_ERR_VALIDATION,
                            "the reversal would not read back as the exact opposite of the entry; "
                            "nothing was added");
    return FL_OK;
}

/* Finds the entry to reverse in the loaded journal; err explains when there is none. */
static fl_status find_target(reversal_target *t, const fl_ledger *l, const fl_journal_reversal *rev,
                             const char *path, fl_error *err)
{
    size_t i, count = fl_ledger_entry_count(l);
    long unit = -1;
    const fl_entry *first = NULL;
    char units[256] = "";
    bool several = false;

    if (!is_empty(rev->unit)) {
        unit = fl_ledger_find_unit(l, rev->unit, strlen(rev->unit));
        if (unit < 0) {
            fl_error_set_file(err, path);
            return fl_error_set(err, FL_ERR_NOT_FOUND, "the journal has no unit \"%s\"", rev->unit);
        }
    } else {
        for (i = 0; i < count; i++) {
            const fl_entry *e = fl_ledger_entry(l, i);
            if (e->reverses || !e->ref || strcmp(e->ref, rev->ref) != 0)
                continue;
            if (!first) {
                first = e;
                snprintf(units, sizeof units, "\"%s\"", fl_ledger_unit_name(l, e->unit));
            } else if (e->unit != first->unit && !several) {
                several = true;
                snprintf(units + strlen(units), sizeof units - strlen(units), ", \"%s\"",
                         fl_ledger_unit_name(l, e->unit));
            }
        }
        if (several) {
            fl_error_set_file(err, path);
            return fl_error_set(err, FL_ERR_INVALID_ARGUMENT,
                                "reference \"%s\" is used by several units (%s, ...); say which "
                                "with --unit",
                                rev->ref, units);
        }
        if (first)
            unit = (long)first->unit;
    }
    t->entry = unit >= 0 ? live_entry(l, (uint32_t)unit, rev->ref) : NULL;
    if (!t->entry) {
        fl_error_set_file(err, path);
        return fl_error_set(err, FL_ERR_NOT_FOUND,
                            "no entry with reference \"%s\"%s%s%s counts now (never recorded, or "
                            "already reversed)",
                            rev->ref, unit >= 0 ? " in unit \"" : "",
                            unit >= 0 ? fl_ledger_unit_name(l, (size_t)unit) : "",
                            unit >= 0 ? "\"" : "");
    }
    t->ledger = l;
    t->source_code = strdup(fl_source_tree_code(fl_ledger_sources(l), t->entry->source));
    t->unit_name = strdup(fl_ledger_unit_name(l, t->entry->unit));
    if (!t->source_code || !t->unit_name)
        return fl_error_set(err, FL_ERR_NOMEM, "out of memory");
    return FL_OK;
}

fl_status fl_journal_reverse_entry(fl_journal_append_result *result, char **written,
                                   const char *path, const fl_journal_reversal *rev,
                                   const fl_load_options *opts, fl_diagnostics *diags,
                                   fl_error *err)
{
    static const fl_load_options defaults = FL_LOAD_OPTIONS_INIT;
    fl_locked_journal j = FL_LOCKED_JOURNAL_INIT;
    reversal_target target = {NULL, NULL, NULL, NULL};
    fl_journal_entry entry = FL_JOURNAL_ENTRY_INIT;
    fl_format_options format = FL_FORMAT_OPTIONS_INIT;
    fl_ledger *ledger = NULL;
    fl_dec negated;
    char date[11], *amount = NULL, *line = NULL;
    fl_status status;

    fl_dec_init(negated);
    if (written)
        *written = NULL;
    if (!opts)
        opts = &defaults;
    if (!rev || is_empty(rev->ref))
        return fl_error_set(err, FL_ERR_INVALID_ARGUMENT, "give the reference to reverse");
    status = fl_journal_check_path(path, err);
    if (status != FL_OK)
        return status;
    status = fl_journal_lock(&j, path, err);
    if (status != FL_OK)
        goto done;
    if (j.created || j.len == 0) {
        fl_error_set_file(err, path);
        status = fl_error_set(err, FL_ERR_NOT_FOUND, "the journal is empty or does not exist");
        goto done;
    }
    /* The journal must load cleanly before anything is reversed in it; the entry to reverse
     * is looked up in that same load of the bytes read under the lock. */
    status = validate(&j, path, NULL, opts, NULL, NULL, diags, &ledger, err);
    if (status != FL_OK)
        goto done;
    status = find_target(&target, ledger, rev, path, err);
    if (status != FL_OK)
        goto done;

    fl_dec_neg(negated, target.entry->amount);
    format.locale = locale_at_end(j.data, j.len, opts->locale);
    status = fl_amount_format(&amount, negated, &format, NULL);
    if (status != FL_OK) {
        fl_error_set(err, status, "cannot write the amount");
        goto done;
    }
    fl_date_format(date, target.entry->date);
    entry.date = is_empty(rev->date) ? date : rev->date;
    entry.unit = is_empty(rev->unit) ? target.unit_name : rev->unit;
    entry.source = target.source_code;
    entry.amount = amount;
    entry.kind = target.entry->kind == FL_KIND_ESTIMATE ? "estimate" : NULL;
    entry.ref = rev->new_ref;
    entry.memo = rev->memo;
    entry.reverses = rev->ref;
    status = fl_journal_format_entry(&line, &entry, err);
    if (status != FL_OK)
        goto done;
    status = fl_journal_validate_and_append(result, &j, path, line, opts, verify_reversal, &target,
                                            diags, err);
done:
    if (status != FL_OK)
        fl_journal_forget_created(&j, path);
    fl_journal_unlock(&j);
    if (status == FL_OK && written) {
        line[strlen(line) - 1] = '\0';
        *written = line;
        line = NULL;
    }
    free(line);
    free(amount);
    free(target.source_code);
    free(target.unit_name);
    fl_ledger_free(ledger);
    fl_dec_clear(negated);
    return status;
}
