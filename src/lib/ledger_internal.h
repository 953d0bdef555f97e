/*
 * ledger_internal.h - the ledger's private state, shared by the loaders
 * (ledger_csv.c, ledger_journal.c, ledger_load.c) and ledger.c.
 */
#ifndef FL_LIB_LEDGER_INTERNAL_H
#define FL_LIB_LEDGER_INTERNAL_H

#include "arena.h"
#include "error.h"
#include "fact.h"
#include "prefault.h"
#include "strmap.h"
#include "fundledger/ledger.h"

typedef struct fl_unit_record {
    const char *name; /* display name (NFC) */
    const char *code; /* declared code or NULL */
    const char *kind; /* declared kind or NULL */
    bool declared;
} fl_unit_record;

/**
 * An entry with a document reference, or a reversal, as the checks across
 * inputs need it (fl_ledger_finish): the reference (for a reversal, the one
 * it reverses), the entry's number and where the reference was written.
 * Kept in entry order, whether or not the entries themselves are kept.
 */
typedef struct fl_ref_record {
    const char *key; /* ref=, or reverses= of a reversal; in the ledger's strings */
    uint32_t entry;  /* index of the entry (and of its fact) */
    uint32_t hash;   /* of (unit, key): fl_ledger_ref_hash */
    uint32_t line;   /* where the key was written */
    uint32_t column : 31;
    uint32_t reversal : 1;
} fl_ref_record;

/** The hash of a (unit, reference) pair that fl_ref_record.hash holds. */
uint32_t fl_ledger_ref_hash(uint32_t unit, const char *ref, size_t len);

typedef struct fl_input_record {
    const char *path;
    size_t entries;
    const char *real_path; /* realpath(): the same file is never loaded twice */
    char sha256[65];
    int fiscal_year;
    bool fiscal_year_declared;  /* by its own fiscal-year line */
    bool fiscal_year_inherited; /* from the journal that included it */
} fl_input_record;

/**
 * A spelling (a unit's name or a source code, byte for byte as written) and what it
 * resolved to: 64 of them per kind, so the few dozen spellings of a ledger are found with
 * one compare instead of a hash lookup per entry.
 */
#define FL_SPELLING_MAX 46
typedef struct fl_spelling {
    uint8_t len; /* 0: empty slot */
    char text[FL_SPELLING_MAX];
    uint32_t value;
} fl_spelling;
#define FL_SPELLING_SLOTS 64

struct fl_ledger {
    fl_source_tree *sources;
    fl_arena strings;

    /* every entry loaded, as a fact (fact.h); entry_count of them */
    fl_fact *facts;
    size_t entry_count, fact_capacity;
    fl_dec_struct *bigs; /* amounts of the facts that do not fit an int64 (FL_FACT_BIG) */
    size_t big_count, big_capacity;
    fl_ref_record *refs; /* entries with a reference, or reversals, in entry order */
    size_t ref_count, ref_capacity;
    fl_date first_date, last_date; /* 0 when there are no entries */
    fl_source_sum *source_sums;    /* [source * 2 + kind], for source_sum_count sources */
    size_t source_sum_count;
    struct fl_input_run {
        uint32_t first; /* the first fact read from ... */
        uint32_t input; /* ... this input, up to the next run */
    } * input_runs;
    size_t input_run_count, input_run_capacity;

    /* the entries themselves, unless a load had skip_entries (then entries_dropped) */
    fl_entry *entries;
    size_t entries_kept, entry_capacity;
    bool entries_dropped;
    fl_entry scratch; /* the entry being read when they are not kept */

    fl_unit_record *units;
    size_t unit_count, unit_capacity;
    fl_strmap unit_by_key;      /* name key (fl_text_name_key) -> unit index */
    fl_strmap unit_by_spelling; /* exact bytes as written -> unit index (fast path) */

    fl_input_record *inputs;
    size_t input_count, input_capacity;

    fl_claim_line *claims;
    size_t claim_count, claim_capacity;

    bool finished;

    fl_spelling unit_spellings[FL_SPELLING_SLOTS];   /* -> unit index */
    fl_spelling source_spellings[FL_SPELLING_SLOTS]; /* -> source index */

    /* makes the pages of the arrays ahead of the loader (prefault.h); NULL: none */
    fl_prefault *prefault;

    /* progress of the current fl_ledger_load (see fl_load_options.progress) */
    void (*progress)(const char *path, size_t entries);
    const char *progress_path;
    size_t progress_base; /* entry_count when that load began */
};

/** Entries between two calls of the progress callback (a power of two). */
#define FL_PROGRESS_EVERY 16384u

struct fl_diagnostics {
    fl_error *items;
    size_t count, capacity, limit, total;
};

/** Adds an input record; *index_out gets its index. */
fl_status fl_ledger_add_input(fl_ledger *l, const char *path, size_t *index_out);
/** The unit index for a name as written, creating the unit on first sight. */
fl_status fl_ledger_intern_unit(fl_ledger *l, const char *name, size_t len, uint32_t *out);
/** Declares a unit (or adds code/kind/display name to a known one). */
fl_status fl_ledger_declare_unit(fl_ledger *l, const char *name, size_t len, const char *code,
                                 const char *kind, const char *display, fl_error *err);
/**
 * A zeroed entry (amount initialised) to fill in: a new one at the end of
 * the kept entries, or the scratch entry when `keep` is false.  NULL when
 * memory runs out.
 */
fl_entry *fl_ledger_begin_entry(fl_ledger *l, bool keep);
/** Drops the entry begun (after a validation error). */
void fl_ledger_abandon_entry(fl_ledger *l, fl_entry *e);
/**
 * Records the entry begun as loaded: its fact, and its reference record
 * (key written at line/column) when it has a ref or reverses one.  The
 * entry's strings must already be in the ledger's store.  A scratch entry
 * is released for the next one.
 */
fl_status fl_ledger_commit_entry(fl_ledger *l, fl_entry *e, uint32_t key_line, uint32_t key_column);
/** Tells the prefault helper, if any, how far the arrays are written. */
void fl_ledger_prefault_ahead(fl_ledger *l);
/** Makes room for `count` more entries, so that a long input does not grow its arrays by doubling.
 */
void fl_ledger_reserve(fl_ledger *l, size_t count, bool keep);
/** Appends a claim line (text copied). */
fl_status fl_ledger_push_claim(fl_ledger *l, const char *text, size_t len, uint32_t input,
                               uint32_t line, uint32_t column, fl_locale locale);
/** Copies a string into the ledger's store (NULL when len == 0 and allow_empty is false). */
const char *fl_ledger_strdup(fl_ledger *l, const char *s, size_t len);

/** Reads a whole file; *data is malloc'd with a NUL after it. */
fl_status fl_read_file(char **data, size_t *len, const char *path, fl_error *err);

/**
 * An input's bytes: mapped from the file when it is a regular file (no copy,
 * and the pages already read can be given back while the rest is read:
 * fl_load_consumed), else read into a malloc'd buffer by fl_read_file.
 * Either way data[len] is a NUL.  The mapping is read-only.
 */
typedef struct fl_input_bytes {
    char *data;
    size_t len;
    size_t map_len; /* 0: data is malloc'd */
} fl_input_bytes;

/** Maps or reads the file; errors as fl_read_file's ("cannot open: ..."). */
fl_status fl_input_read(fl_input_bytes *in, const char *path, fl_error *err);
/** Unmaps or frees; the struct is zeroed. */
void fl_input_release(fl_input_bytes *in);
/**
 * Gives back the pages of a mapped input well behind byte `upto` (read
 * sequentially), in steps of a few MiB; *released (start at 0) remembers how
 * far.  Nothing for a malloc'd input.  Reading those bytes again stays correct.
 * `helper` (may be NULL): the prefault helper that does it off this thread.
 */
void fl_input_consumed(const fl_input_bytes *in, size_t *released, size_t upto,
                       fl_prefault *helper);

/** Includes nest at most this deep below the file given on the command line. */
#define FL_MAX_INCLUDE_DEPTH 32

/** Context of one load: options, diagnostics, include stack. */
typedef struct fl_load_context {
    fl_ledger *ledger;
    const fl_load_options *opts;
    fl_diagnostics *diags;
    const char *stack[FL_MAX_INCLUDE_DEPTH + 1]; /* real paths being read, for cycle checks */
    size_t depth;
    int inherited_fiscal_year; /* the including journal's declared fiscal year, or 0 */
    fl_status first_status;
    size_t reports; /* problems reported so far (fl_load_report) */
    /* the input being read (see fl_load_consumed) */
    const struct fl_input_bytes *map;
    size_t map_released; /* bytes from its start whose pages were given back */
} fl_load_context;

/**
 * Tells the loader that the bytes of the current input before `upto` have
 * been read: when the input is a mapped file, the pages well behind `upto`
 * are given back to the kernel (madvise), so a large file does not stay in
 * memory next to the entries made from it.  Reading those bytes again is
 * still correct (they come back from the file); it is only slower.  Cheap
 * enough to call for every row.
 */
void fl_load_consumed(fl_load_context *ctx, const char *upto);

/** Records a problem: adds it to the diagnostics and remembers the first status. */
void fl_load_report(fl_load_context *ctx, const fl_error *err);

/**
 * Loads one file by its kind (csv, journal, claims), with the locale given.
 * `from` (NULL for a file named by the caller) is the error report of the
 * include line: file, line, column and source line, with no message yet.
 */
fl_status fl_load_file(fl_load_context *ctx, const char *path, fl_locale locale, char delimiter,
                       const fl_error *from);

fl_status fl_load_csv(fl_load_context *ctx, const char *path, const char *data, size_t len,
                      uint32_t input, fl_locale locale, char delimiter);
fl_status fl_load_journal(fl_load_context *ctx, const char *path, const char *data, size_t len,
                          uint32_t input, fl_locale locale);
fl_status fl_load_claims_text(fl_load_context *ctx, const char *path, const char *data, size_t len,
                              uint32_t input, fl_locale locale);

/** The fields of an entry, in the order of the CSV columns. */
typedef enum fl_field_id {
    FL_FIELD_DATE,
    FL_FIELD_UNIT,
    FL_FIELD_SOURCE,
    FL_FIELD_AMOUNT,
    FL_FIELD_KIND,
    FL_FIELD_REF,
    FL_FIELD_MEMO,
    FL_FIELD_REVERSES,
    FL_FIELD_QUANTITY,
    FL_FIELD_UOM,
    FL_FIELD_UNIT_PRICE,
    FL_FIELD_BASIS,
    FL_FIELD_COUNT_
} fl_field_id;

/**
 * One field as read: its text (a slice, not NUL-terminated; NULL/0 when
 * absent) and where it is, for error reports.  A CSV field may sit on a later
 * physical line than its row (a quoted field before it holds a line break),
 * so each field carries its own line and the text of that line.
 */
typedef struct fl_field {
    const char *text;
    size_t len;
    unsigned long line;   /* physical line; 0: the entry's line */
    unsigned long column; /* character column of the value's first character; 0: see below */
    /* When column is 0 and column_from is set, the column is counted only when needed
     * (fl_field_column): that of byte column_bytes of the line starting at column_from. */
    const char *column_from;
    size_t column_bytes;
    const char *line_text; /* that physical line, for the caret; NULL: the entry's line */
    size_t line_len;
} fl_field;

/** A field's character column (0: unknown), counting it if it was left for later. */
unsigned long fl_field_column(const fl_field *f);

/**
 * Shared by the CSV and journal readers: checks and stores the fields of one
 * entry.  Returns FL_OK or the status of the (already reported) problem.
 */
typedef struct fl_entry_fields {
    fl_field field[FL_FIELD_COUNT_];
    fl_scale amount_scale; /* scale stated in a CSV column header */
    bool amount_scale_given;
} fl_entry_fields;

fl_status fl_ledger_add_entry_fields(fl_load_context *ctx, const fl_entry_fields *f, uint32_t input,
                                     unsigned long line, const char *source_line,
                                     size_t source_line_len, fl_locale locale);

#endif
