/*
 * ledger_load.c - reading inputs into a ledger: files by kind, folders,
 * includes with a cycle check, claims files, and the checks that need every
 * input (duplicate references, reversals).
 */
#define _POSIX_C_SOURCE 200809L
#define _XOPEN_SOURCE 700
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS, madvise */
#include "ledger_internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "text.h"

void fl_load_report(fl_load_context *ctx, const fl_error *err)
{
    ctx->reports++;
    if (ctx->first_status == FL_OK)
        ctx->first_status = err->status;
    if (ctx->diags)
        fl_diagnostics_add(ctx->diags, err);
}

/* The buffer is sized from fstat once: one byte more than the file, so the read that
 * finds the end needs no growth and the data is never copied.  A file that grows while it
 * is read, or one whose size fstat does not know (a pipe), grows the buffer by doubling. */
fl_status fl_read_file(char **data, size_t *len, const char *path, fl_error *err)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t size = 0, capacity = 65536 * 2;
    struct stat st;

    if (!f)
        return fl_error_set(err, errno == ENOENT ? FL_ERR_NOT_FOUND : FL_ERR_IO, "cannot open: %s",
                            strerror(errno));
    if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
        (uintmax_t)st.st_size < (uintmax_t)SIZE_MAX / 2)
        capacity = (size_t)st.st_size + 1;
    buf = malloc(capacity + 1);
    if (!buf) {
        fclose(f);
        return fl_error_set(err, FL_ERR_NOMEM, "out of memory reading the file");
    }
    for (;;) {
        size_t n;
        if (size == capacity) {
            size_t grown = capacity * 2;
            char *bigger = grown > capacity ? realloc(buf, grown + 1) : NULL;
            if (!bigger) {
                free(buf);
                fclose(f);
                return fl_error_set(err, FL_ERR_NOMEM, "out of memory reading the file");
            }
            buf = bigger;
            capacity = grown;
        }
        n = fread(buf + size, 1, capacity - size, f);
        size += n;
        if (n == 0) {
            if (ferror(f)) {
                int saved = errno;
                free(buf);
                fclose(f);
                return fl_error_set(err, FL_ERR_IO, "cannot read: %s", strerror(saved));
            }
            break;
        }
    }
    fclose(f);
    buf[size] = '\0';
    *data = buf;
    *len = size;
    return FL_OK;
}

static size_t page_size(void)
{
    long n = sysconf(_SC_PAGESIZE); /* no cache: loads may run on several threads */
    return n > 0 ? (size_t)n : 4096;
}

fl_status fl_input_read(fl_input_bytes *in, const char *path, fl_error *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;

    memset(in, 0, sizeof *in);
    if (fd < 0)
        return fl_error_set(err, errno == ENOENT ? FL_ERR_NOT_FOUND : FL_ERR_IO, "cannot open: %s",
                            strerror(errno));
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
        (uintmax_t)st.st_size < (uintmax_t)SIZE_MAX / 2) {
        size_t len = (size_t)st.st_size, page = page_size();
        /* One byte more than the file, rounded up to whole pages: the bytes after the end of
         * the file in its last page are zero, and when the file ends on a page boundary the
         * extra anonymous page is the NUL. */
        size_t total = (len + 1 + page - 1) / page * page;
        char *base = mmap(NULL, total, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (base != MAP_FAILED) {
            if (mmap(base, len, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd, 0) != MAP_FAILED) {
                close(fd);
                in->data = base;
                in->len = len;
                in->map_len = total;
                return FL_OK;
            }
            munmap(base, total);
        }
    }
    close(fd);
    return fl_read_file(&in->data, &in->len, path, err);
}

void fl_input_release(fl_input_bytes *in)
{
    if (in->map_len)
        munmap(in->data, in->map_len);
    else
        free(in->data);
    memset(in, 0, sizeof *in);
}

/* Pages are given back in steps of this many bytes, keeping one step behind the reader. */
#define RELEASE_STEP ((size_t)2 << 20)

void fl_input_consumed(const fl_input_bytes *in, size_t *released, size_t upto, fl_prefault *helper)
{
    size_t to;

    if (!in->map_len || upto < *released + 2 * RELEASE_STEP)
        return;
    to = (upto - RELEASE_STEP) / page_size() * page_size();
    /* A private, never written file mapping: the pages come back from the file if read
     * again.  The helper thread, if there is one, gives them back off this thread. */
    if (!fl_prefault_release(helper, FL_PREFAULT_INPUT, in->data, *released, to))
        madvise(in->data + *released, to - *released, MADV_DONTNEED);
    *released = to;
}

void fl_load_consumed(fl_load_context *ctx, const char *upto)
{
    size_t released, at;

    if (!ctx->map || upto < ctx->map->data)
        return;
    released = ctx->map_released;
    at = (size_t)(upto - ctx->map->data);
    fl_input_consumed(ctx->map, &ctx->map_released, at, ctx->ledger->prefault);
    /* every few MiB: the helper, if any, maps the file ahead of the reader */
    if (ctx->map_released != released)
        fl_prefault_ahead(ctx->ledger->prefault, FL_PREFAULT_INPUT, ctx->map->data, ctx->map->len,
                          at);
}

static void sha256_hex(char out[65], const char *data, size_t len)
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int digest_len = 0, i;
    static const char hex[] = "0123456789abcdef";

    EVP_Digest(data, len, digest, &digest_len, EVP_sha256(), NULL);
    for (i = 0; i < digest_len && i < 32; i++) {
        out[2 * i] = hex[digest[i] >> 4];
        out[2 * i + 1] = hex[digest[i] & 15];
    }
    out[64] = '\0';
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    size_t i;

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

static void report_simple(fl_load_context *ctx, fl_status status, const char *file,
                          unsigned long line, const char *what, const char *detail)
{
    fl_error e;

    fl_error_clear(&e);
    fl_error_set_file(&e, file);
    e.line = line;
    if (detail)
        fl_error_set(&e, status, "%s: %s", what, detail);
    else
        fl_error_set(&e, status, "%s", what);
    fl_load_report(ctx, &e);
}

typedef enum input_kind { INPUT_CSV, INPUT_JOURNAL, INPUT_CLAIMS } input_kind;

static input_kind kind_of(const char *path)
{
    if (ends_with(path, ".csv") || ends_with(path, ".tsv"))
        return INPUT_CSV;
    if (ends_with(path, ".claims"))
        return INPUT_CLAIMS;
    return INPUT_JOURNAL;
}

/* Reports a problem with an input as a whole: at the include line that named it (with its
 * column and caret), else at the file itself. */
static fl_status report_input(fl_load_context *ctx, const char *path, const fl_error *from,
                              fl_status status, const char *message)
{
    fl_error e;

    if (from) {
        e = *from;
    } else {
        fl_error_clear(&e);
        fl_error_set_file(&e, path);
    }
    fl_error_set(&e, status, "%s", message);
    fl_load_report(ctx, &e);
    return status;
}

static fl_status load_file_as(fl_load_context *ctx, const char *path, input_kind kind,
                              fl_locale locale, char delimiter, const fl_error *from)
{
    fl_ledger *l = ctx->ledger;
    char real[PATH_MAX];
    fl_input_bytes bytes = {NULL, 0, 0};
    const char *data = NULL;
    const fl_input_bytes *saved_map;
    size_t len = 0, input, i, saved_released, reports_before;
    char message[FL_ERROR_MESSAGE_MAX];
    fl_error e;
    fl_status status;

    fl_error_clear(&e);
    if (!realpath(path, real)) {
        int saved = errno;
        const char *why = saved == ENOENT ? "no such file" : strerror(saved);
        /* A file that is not there cannot be read: an I/O problem, like a read error. */
        if (from)
            snprintf(message, sizeof message, "cannot include %s: %s", path, why);
        else
            snprintf(message, sizeof message, "cannot open: %s", why);
        return report_input(ctx, path, from, FL_ERR_IO, message);
    }
    if (from) {
        struct stat st;
        if (stat(real, &st) == 0 && S_ISDIR(st.st_mode)) {
            snprintf(message, sizeof message,
                     "cannot include \"%s\": it is a folder; include its files one by one, or "
                     "give the folder on the command line",
                     path);
            return report_input(ctx, path, from, FL_ERR_VALIDATION, message);
        }
    }
    for (i = 0; i < ctx->depth; i++)
        if (strcmp(ctx->stack[i], real) == 0) {
            snprintf(message, sizeof message, "include cycle: \"%s\" is already being read", path);
            return report_input(ctx, path, from, FL_ERR_VALIDATION, message);
        }
    if (ctx->depth > FL_MAX_INCLUDE_DEPTH) {
        snprintf(message, sizeof message, "includes are nested more than %d deep (at \"%s\")",
                 FL_MAX_INCLUDE_DEPTH, path);
        return report_input(ctx, path, from, FL_ERR_LIMIT, message);
    }
    /* The same file twice would count its entries twice. */
    for (i = 0; i < l->input_count; i++)
        if (l->inputs[i].real_path && strcmp(l->inputs[i].real_path, real) == 0) {
            snprintf(message, sizeof message,
                     "\"%s\" is already loaded (as \"%s\"); its entries would be counted twice",
                     path, l->inputs[i].path);
            return report_input(ctx, path, from, FL_ERR_VALIDATION, message);
        }
    fl_error_set_file(&e, path);
    status = fl_input_read(&bytes, path, &e);
    data = bytes.data;
    len = bytes.len;
    if (status != FL_OK) {
        if (from) {
            snprintf(message, sizeof message, "cannot include %.200s: %.280s", path, e.message);
            return report_input(ctx, path, from, status, message);
        }
        fl_load_report(ctx, &e);
        return status;
    }
    status = fl_ledger_add_input(l, path, &input);
    if (status == FL_OK) {
        l->inputs[input].real_path = fl_ledger_strdup(l, real, strlen(real));
        if (!l->inputs[input].real_path)
            status = FL_ERR_NOMEM;
    }
    if (status != FL_OK) {
        fl_input_release(&bytes);
        report_simple(ctx, status, path, 0, "out of memory", NULL);
        return status;
    }
    if (!ctx->opts->skip_input_hash)
        sha256_hex(l->inputs[input].sha256, data, len);
    if (ctx->opts->fiscal_year) {
        l->inputs[input].fiscal_year = ctx->opts->fiscal_year;
    } else if (ctx->inherited_fiscal_year) {
        l->inputs[input].fiscal_year = ctx->inherited_fiscal_year;
        l->inputs[input].fiscal_year_inherited = true;
    }
    ctx->inherited_fiscal_year = 0; /* for the includes of this file: only what it declares */

    ctx->stack[ctx->depth++] = real;
    reports_before = ctx->reports;
    saved_map = ctx->map;
    saved_released = ctx->map_released;
    ctx->map = &bytes;
    ctx->map_released = 0;
    /* Room for as many entries as the file could hold (an entry takes 24 bytes or more),
     * so the arrays are not grown by doubling and copying.  Large arrays are mappings
     * whose untouched pages cost nothing (arena.h). */
    if (kind != INPUT_CLAIMS) {
        fl_ledger_reserve(l, len / 24, !ctx->opts->skip_entries);
        fl_ledger_prefault_ahead(l);
        if (bytes.map_len)
            fl_prefault_ahead(l->prefault, FL_PREFAULT_INPUT, bytes.data, len, 0);
    }
    switch (kind) {
    case INPUT_CSV:
        status = fl_load_csv(ctx, path, data, len, (uint32_t)input, locale, delimiter);
        break;
    case INPUT_CLAIMS:
        status = fl_load_claims_text(ctx, path, data, len, (uint32_t)input, locale);
        break;
    default:
        status = fl_load_journal(ctx, path, data, len, (uint32_t)input, locale);
        break;
    }
    ctx->depth--;
    /* A reader that gives up without saying why (memory ran out) must not make the file
     * look empty: every failure of a file is a problem on record. */
    if (status != FL_OK && ctx->reports == reports_before)
        report_simple(ctx, status, path, 0,
                      status == FL_ERR_NOMEM ? "out of memory reading the file"
                                             : "the file could not be read to the end",
                      status == FL_ERR_NOMEM ? NULL : fl_strerror(status));
    /* the helper forgets this file before it is unmapped */
    fl_prefault_ahead(l->prefault, FL_PREFAULT_INPUT, NULL, 0, 0);
    ctx->map = saved_map;
    ctx->map_released = saved_released;
    fl_input_release(&bytes);
    return status;
}

fl_status fl_load_file(fl_load_context *ctx, const char *path, fl_locale locale, char delimiter,
                       const fl_error *from)
{
    return load_file_as(ctx, path, kind_of(path), locale, delimiter, from);
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static fl_status load_folder(fl_load_context *ctx, const char *path)
{
    DIR *dir = opendir(path);
    struct dirent *d;
    char **names = NULL;
    size_t count = 0, capacity = 0, i, loaded = 0;
    fl_status status = FL_OK;

    if (!dir) {
        report_simple(ctx, FL_ERR_IO, path, 0, "cannot read the folder", strerror(errno));
        return FL_ERR_IO;
    }
    while ((d = readdir(dir)) != NULL) {
        if (d->d_name[0] == '.')
            continue;
        if (!ends_with(d->d_name, ".csv") && !ends_with(d->d_name, ".tsv") &&
            !ends_with(d->d_name, ".journal") && !ends_with(d->d_name, ".claims"))
            continue;
        if (count == capacity) {
            size_t grown = capacity ? capacity * 2 : 16;
            char **bigger = realloc(names, grown * sizeof *bigger);
            if (!bigger) {
                status = FL_ERR_NOMEM;
                break;
            }
            names = bigger;
            capacity = grown;
        }
        names[count] = malloc(strlen(path) + strlen(d->d_name) + 2);
        if (!names[count]) {
            status = FL_ERR_NOMEM;
            break;
        }
        sprintf(names[count], "%s%s%s", path, path[strlen(path) - 1] == '/' ? "" : "/", d->d_name);
        count++;
    }
    closedir(dir);
    if (status == FL_OK) {
        if (count > 1)
            qsort(names, count, sizeof *names, compare_names);
        for (i = 0; i < count; i++) {
            struct stat st;
            if (stat(names[i], &st) == 0 && S_ISDIR(st.st_mode))
                continue;
            fl_load_file(ctx, names[i], ctx->opts->locale, ctx->opts->csv_delimiter, NULL);
            loaded++;
        }
        if (loaded == 0) {
            report_simple(ctx, FL_ERR_NOT_FOUND, path, 0,
                          "the folder holds no .csv, .tsv, .journal or .claims file", NULL);
            status = FL_ERR_NOT_FOUND;
        }
    } else {
        report_simple(ctx, status, path, 0, "out of memory listing the folder", NULL);
    }
    for (i = 0; i < count; i++)
        free(names[i]);
    free(names);
    return status;
}

static fl_status begin_load(fl_load_context *ctx, fl_ledger *l, const fl_load_options *opts,
                            fl_diagnostics *diags)
{
    memset(ctx, 0, sizeof *ctx);
    ctx->ledger = l;
    ctx->opts = opts;
    ctx->diags = diags;
    return FL_OK;
}

/* Inputs from this size on are read with the prefault helper (prefault.h). */
#define PREFAULT_FROM ((off_t)16 << 20)

fl_status fl_ledger_load(fl_ledger *l, const char *path, const fl_load_options *opts,
                         fl_diagnostics *diags)
{
    static const fl_load_options defaults = FL_LOAD_OPTIONS_INIT;
    fl_load_context ctx;
    struct stat st;

    if (!opts)
        opts = &defaults;
    begin_load(&ctx, l, opts, diags);
    l->progress = opts->progress;
    l->progress_path = path;
    l->progress_base = l->entry_count;
    /* a large load gets a helper thread that makes the arrays' pages ahead of it */
    if (stat(path, &st) == 0 && (S_ISDIR(st.st_mode) || st.st_size >= PREFAULT_FROM))
        l->prefault = fl_prefault_start();
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        load_folder(&ctx, path);
    else
        fl_load_file(&ctx, path, opts->locale, opts->csv_delimiter, NULL);
    fl_prefault_stop(l->prefault);
    l->prefault = NULL;
    l->progress = NULL;
    l->progress_path = NULL;
    return ctx.first_status;
}

fl_status fl_ledger_load_claims(fl_ledger *l, const char *path, const fl_load_options *opts,
                                fl_diagnostics *diags)
{
    static const fl_load_options defaults = FL_LOAD_OPTIONS_INIT;
    fl_load_context ctx;

    if (!opts)
        opts = &defaults;
    begin_load(&ctx, l, opts, diags);
    load_file_as(&ctx, path, INPUT_CLAIMS, opts->locale, 0, NULL);
    return ctx.first_status;
}

/* Reports a problem on one line of a claims file. */
static fl_status report_claims_line(fl_load_context *ctx, const char *path, unsigned long line,
                                    const char *text, size_t len, size_t byte_offset,
                                    const char *message)
{
    fl_error e;

    fl_error_clear(&e);
    fl_error_set_file(&e, path);
    fl_error_set_at(&e, FL_ERR_SYNTAX, line, fl_utf8_column(text, byte_offset), "%s", message);
    fl_error_set_source(&e, text, len);
    fl_load_report(ctx, &e);
    return FL_ERR_SYNTAX;
}

fl_status fl_load_claims_text(fl_load_context *ctx, const char *path, const char *data, size_t len,
                              uint32_t input, fl_locale locale)
{
    size_t pos = 0;
    unsigned long line = 0;
    fl_status result = FL_OK;

    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        pos = 3;
    while (pos < len) {
        const char *start = data + pos;
        const char *nl = memchr(start, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - start) : len - pos;
        size_t a = 0, b = n, bad;
        const char *nul, *cr;

        line++;
        pos += n + (nl ? 1 : 0);
        if (b > 0 && start[b - 1] == '\r')
            b--;
        /* The same safety as a journal: a claim is an auditor's figure, never half read. */
        nul = memchr(start, '\0', b);
        if (nul) {
            result = report_claims_line(ctx, path, line, start, (size_t)(nul - start),
                                        (size_t)(nul - start),
                                        "a NUL byte (0x00) in a claims file: is this a binary or "
                                        "UTF-16 file?");
            continue;
        }
        if (!fl_text_utf8_valid(start, b, &bad)) {
            char message[96];
            snprintf(message, sizeof message, "invalid UTF-8 byte 0x%02X; save the file as UTF-8",
                     (unsigned)(unsigned char)start[bad]);
            result = report_claims_line(ctx, path, line, start, bad, bad, message);
            continue;
        }
        cr = memchr(start, '\r', b);
        if (cr) {
            result = report_claims_line(ctx, path, line, start, b, (size_t)(cr - start),
                                        "a carriage return (CR) inside a line; save the file "
                                        "with LF or CRLF line ends");
            continue;
        }
        while (a < b && (start[a] == ' ' || start[a] == '\t'))
            a++;
        while (b > a && (start[b - 1] == ' ' || start[b - 1] == '\t'))
            b--;
        if (a == b || start[a] == '#')
            continue;
        if (!nl) {
            result = report_claims_line(ctx, path, line, start, n, n,
                                        "the last line does not end with a line break: the file "
                                        "may have been cut off while it was written (a torn "
                                        "line); check this line and end it with a newline");
            continue;
        }
        if (fl_ledger_push_claim(ctx->ledger, start + a, b - a, input, (uint32_t)line,
                                 (uint32_t)fl_utf8_column(start, a), locale) != FL_OK) {
            report_simple(ctx, FL_ERR_NOMEM, path, line, "out of memory", NULL);
            return FL_ERR_NOMEM;
        }
    }
    return result;
}

/* --- checks across inputs ---------------------------------------------------------- */

/*
 * The text of a line of an input, read again after loading (no line is kept with the
 * entries) so that a problem found across inputs still shows its line and caret.  Problems
 * come in entry order, so the file is mapped once and searched forward from the last line
 * found; only the problems that will be shown look a line up.
 */
typedef struct line_finder {
    size_t input; /* the input mapped in bytes, or SIZE_MAX */
    fl_input_bytes bytes;
    unsigned long line; /* the line that starts at offset */
    size_t offset;
} line_finder;

static void find_line(line_finder *f, const fl_ledger *l, size_t input, unsigned long line,
                      fl_error *e)
{
    const char *data, *end, *stop;
    fl_error ignored;

    if (line == 0 || input >= l->input_count)
        return;
    if (f->input != input) {
        const char *path =
            l->inputs[input].real_path ? l->inputs[input].real_path : l->inputs[input].path;
        fl_input_release(&f->bytes);
        f->input = SIZE_MAX;
        fl_error_clear(&ignored);
        if (fl_input_read(&f->bytes, path, &ignored) != FL_OK)
            return; /* gone since it was read: the problem is shown without its line */
        f->input = input;
        f->line = 1;
        f->offset = 0;
    }
    if (line < f->line) {
        f->line = 1;
        f->offset = 0;
    }
    data = f->bytes.data;
    end = data + f->bytes.len;
    while (f->line < line) {
        const char *nl = memchr(data + f->offset, '\n', (size_t)(end - (data + f->offset)));
        if (!nl)
            return;
        f->offset = (size_t)(nl + 1 - data);
        f->line++;
    }
    stop = memchr(data + f->offset, '\n', (size_t)(end - (data + f->offset)));
    if (!stop)
        stop = end;
    if (stop > data + f->offset && stop[-1] == '\r')
        stop--;
    fl_error_set_source(e, data + f->offset, (size_t)(stop - (data + f->offset)));
}

/* Reports a problem with an entry's ref= or reverses= after loading, with its line. */
static void report_entry(fl_load_context *ctx, line_finder *lines, size_t entry, uint32_t line,
                         uint32_t column, fl_status status, const char *message)
{
    fl_error e;
    const fl_diagnostics *d = ctx->diags;
    uint32_t input = fl_ledger_fact_input(ctx->ledger, entry);

    fl_error_clear(&e);
    fl_error_set_file(&e, ctx->ledger->inputs[input].path);
    e.line = line ? line : ctx->ledger->facts[entry].line;
    e.column = column;
    fl_error_set(&e, status, "%s", message);
    if (d && d->count < d->limit)
        find_line(lines, ctx->ledger, input, e.line, &e);
    fl_load_report(ctx, &e);
}

/* The (unit, ref) index of the reference records, for duplicate references and
 * reversals: an open-addressed table (linear probing, at most two thirds full) of
 * 8-byte slots, each the 32-bit hash of (unit, ref) and the record's number + 1.  The
 * hash picks a slot by multiplying (any capacity works, not only powers of two, so the
 * table is 1.5 slots a reference instead of up to 4).  Keys are not copied: a probe
 * whose hash agrees compares the record's own unit and key. */
typedef struct ref_index {
    uint64_t *slots; /* 0: empty */
    size_t capacity;
    const fl_ref_record *records;
    const fl_fact *facts;
} ref_index;

static size_t home_slot(const ref_index *x, uint32_t hash)
{
    return (size_t)(((uint64_t)hash * x->capacity) >> 32);
}

/* The slot of (unit, key): the one that holds it, or the empty one where it goes. */
static uint64_t *ref_slot(const ref_index *x, uint32_t unit, const char *key, uint32_t hash)
{
    size_t i = home_slot(x, hash);

    for (;;) {
        uint64_t *slot = &x->slots[i];
        if (!*slot)
            return slot;
        if ((uint32_t)(*slot >> 32) == hash) {
            const fl_ref_record *o = &x->records[(uint32_t)*slot - 1];
            if (x->facts[o->entry].unit == unit && strcmp(o->key, key) == 0)
                return slot;
        }
        if (++i == x->capacity)
            i = 0;
    }
}

/* Adds record i under its (unit, key); returns NO_FIRST if it is the first, else the
 * number of the record that has it. */
#define NO_FIRST UINT32_MAX
static uint32_t ref_put(ref_index *x, uint32_t i)
{
    const fl_ref_record *r = &x->records[i];
    uint64_t *slot = ref_slot(x, x->facts[r->entry].unit, r->key, r->hash);

    if (*slot)
        return (uint32_t)*slot - 1;
    *slot = ((uint64_t)r->hash << 32) | ((uint64_t)i + 1);
    return NO_FIRST;
}

/* The problems found: few, so a list (sorted into record order before reporting). */
typedef struct ref_problem {
    uint32_t record;
    uint32_t first; /* the record first using the key; `record` itself: an unmatched reversal */
} ref_problem;

typedef struct ref_problems {
    ref_problem *items;
    size_t count, capacity;
    bool failed; /* memory ran out */
} ref_problems;

static void add_problem(ref_problems *p, size_t record, uint32_t first)
{
    if (p->count == p->capacity) {
        size_t capacity = p->capacity ? p->capacity * 2 : 64;
        ref_problem *items = realloc(p->items, capacity * sizeof *items);
        if (!items) {
            p->failed = true;
            return;
        }
        p->items = items;
        p->capacity = capacity;
    }
    p->items[p->count].record = (uint32_t)record;
    p->items[p->count++].first = first;
}

static int by_record(const void *a, const void *b)
{
    uint32_t x = ((const ref_problem *)a)->record, y = ((const ref_problem *)b)->record;

    return (x > y) - (x < y);
}

fl_status fl_ledger_finish(fl_ledger *l, const fl_load_options *opts, fl_diagnostics *diags)
{
    static const fl_load_options defaults = FL_LOAD_OPTIONS_INIT;
    fl_load_context ctx;
    ref_index refs = {NULL, 0, l->refs, l->facts};
    ref_problems problems = {NULL, 0, 0, false};
    char *cancelled = NULL;
    bool check_duplicates, any_reversal = false, any_cancelled = false;
    char message[FL_ERROR_MESSAGE_MAX];
    size_t i, k, referenced = 0, n = l->ref_count;
    const fl_ref_record *rec = l->refs;
    const fl_fact *facts = l->facts;
    line_finder lines = {SIZE_MAX, {NULL, 0, 0}, 0, 0};

    if (!opts)
        opts = &defaults;
    begin_load(&ctx, l, opts, diags);
    check_duplicates = !(opts->rules_disabled & (1u << FL_RULE_DUPLICATE_REFS));
    for (i = 0; i < n; i++) {
        if (rec[i].reversal)
            any_reversal = true;
        else
            referenced++;
    }
    refs.capacity = referenced + referenced / 2 + 16;
    /* a large table in huge pages (arena.h): a page fault each 2 MiB instead of each 4 KiB */
    refs.slots = fl_array_resize(NULL, refs.capacity * sizeof *refs.slots);
    if (refs.slots)
        memset(refs.slots, 0, refs.capacity * sizeof *refs.slots);
    /* only reversals cancel entries */
    cancelled = any_reversal ? calloc(n, 1) : NULL;
    if (!refs.slots || (any_reversal && !cancelled)) {
        fl_array_free(refs.slots);
        free(cancelled);
        report_simple(&ctx, FL_ERR_NOMEM, "", 0,
                      "out of memory checking references across the inputs", NULL);
        return FL_ERR_NOMEM;
    }

    /* Index every reference that is not a reversal's.  Until a reversal cancels an
     * entry, these are also the entries that count, so the first use of a key is the
     * one a duplicate is reported against.  Once the index outgrows the caches each
     * insert waits for its slot: the slots are prefetched AHEAD records early. */
    {
        enum { AHEAD = 16 };
        for (i = 0; i < n; i++) {
            uint32_t first;
#if defined(__GNUC__)
            if (i + AHEAD < n)
                __builtin_prefetch(&refs.slots[home_slot(&refs, rec[i + AHEAD].hash)], 1);
#endif
            if (rec[i].reversal)
                continue;
            first = ref_put(&refs, (uint32_t)i);
            if (first != NO_FIRST && check_duplicates)
                add_problem(&problems, i, first);
        }
    }
    /* Each reversal cancels the earliest matching entry with the opposite amount. */
    for (i = 0; any_reversal && i < n; i++) {
        const fl_fact *entry = &facts[rec[i].entry];
        uint64_t *slot;
        bool matched = false;
        if (!rec[i].reversal)
            continue;
        slot = ref_slot(&refs, entry->unit, rec[i].key, rec[i].hash);
        if (*slot) {
            for (k = (uint32_t)*slot - 1; k < n; k++) {
                const fl_fact *o = &facts[rec[k].entry];
                if (cancelled[k] || rec[k].reversal || o->unit != entry->unit ||
                    strcmp(rec[k].key, rec[i].key) != 0)
                    continue;
                if (o->source == entry->source && o->kind == entry->kind &&
                    fl_fact_opposite(o, entry, l->bigs)) {
                    cancelled[k] = 1;
                    any_cancelled = true;
                    matched = true;
                    break;
                }
            }
        }
        if (!matched)
            add_problem(&problems, i, (uint32_t)i); /* reported below, in entry order */
    }
    /* A reference may be used once per unit among the entries that still count: when a
     * reversal cancelled an entry, the first use of a key may have changed, so the
     * duplicates are found again without the cancelled entries. */
    if (check_duplicates && any_cancelled) {
        size_t kept = 0;
        for (k = 0; k < problems.count; k++)
            if (problems.items[k].first == problems.items[k].record)
                problems.items[kept++] = problems.items[k]; /* the unmatched reversals */
        problems.count = kept;
        memset(refs.slots, 0, refs.capacity * sizeof *refs.slots);
        for (i = 0; i < n; i++) {
            uint32_t first;
            if (rec[i].reversal || cancelled[i])
                continue;
            first = ref_put(&refs, (uint32_t)i);
            if (first != NO_FIRST)
                add_problem(&problems, i, first);
        }
    }
    if (problems.failed) {
        fl_array_free(refs.slots);
        free(cancelled);
        free(problems.items);
        report_simple(&ctx, FL_ERR_NOMEM, "", 0,
                      "out of memory checking references across the inputs", NULL);
        return FL_ERR_NOMEM;
    }
    /* Problems in the order of the entries, so a file's come out line by line. */
    if (problems.count > 1)
        qsort(problems.items, problems.count, sizeof *problems.items, by_record);
    for (k = 0; k < problems.count; k++) {
        size_t first = problems.items[k].first;
        const fl_fact *entry;
        i = problems.items[k].record;
        entry = &facts[rec[i].entry];
        if (first == i) {
            snprintf(message, sizeof message,
                     "reversal of \"%s\" matches no entry of unit \"%s\" with that reference and "
                     "the opposite amount, same source and kind",
                     rec[i].key, l->units[entry->unit].name);
        } else {
            snprintf(message, sizeof message,
                     "duplicate document reference \"%s\" for unit \"%s\": already used at "
                     "%s:%u:%u (possible double counting; if this corrects it, reverse the "
                     "first entry with reverses=%s) (rule duplicate-refs)",
                     rec[i].key, l->units[entry->unit].name,
                     l->inputs[fl_ledger_fact_input(l, rec[first].entry)].path, rec[first].line,
                     (unsigned)rec[first].column, rec[i].key);
        }
        report_entry(&ctx, &lines, rec[i].entry, rec[i].line, rec[i].column, FL_ERR_VALIDATION,
                     message);
    }
    fl_input_release(&lines.bytes);
    free(problems.items);
    free(cancelled);
    fl_array_free(refs.slots);
    l->finished = true;
    return ctx.first_status;
}
