/*
 * ledger_internal.h - the ledger's private state, shared by the loaders
 * (ledger_csv.c, ledger_journal.c, ledger_load.c) and ledger.c.
 */
#ifndef FL_LIB_LEDGER_INTERNAL_H
#define FL_LIB_LEDGER_INTERNAL_H

#include "arena.h"
#include "error.h"
#include "strmap.h"
#include "fundledger/ledger.h"

typedef struct fl_unit_record {
    const char *name; /* display name (NFC) */
    const char *code; /* declared code or NULL */
    const char *kind; /* declared kind or NULL */
    bool declared;
} fl_unit_record;

typedef struct fl_input_record {
    const char *path;
    size_t entries;
    char sha256[65];
    int fiscal_year;
} fl_input_record;

struct fl_ledger {
    fl_source_tree *sources;
    fl_arena strings;

    fl_entry *entries;
    size_t entry_count, entry_capacity;

    fl_unit_record *units;
    size_t unit_count, unit_capacity;
    fl_strmap unit_by_key;      /* name key (fl_text_name_key) -> unit index */
    fl_strmap unit_by_spelling; /* exact bytes as written -> unit index (fast path) */

    fl_input_record *inputs;
    size_t input_count, input_capacity;

    fl_claim_line *claims;
    size_t claim_count, claim_capacity;

    bool finished;
};

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
/** Appends a zeroed entry (amount initialised) and returns it. */
fl_entry *fl_ledger_push_entry(fl_ledger *l);
/** Drops the last pushed entry (after a validation error). */
void fl_ledger_pop_entry(fl_ledger *l);
/** Appends a claim line (text copied). */
fl_status fl_ledger_push_claim(fl_ledger *l, const char *text, size_t len, uint32_t input,
                               uint32_t line, uint32_t column, fl_locale locale);
/** Copies a string into the ledger's store (NULL when len == 0 and allow_empty is false). */
const char *fl_ledger_strdup(fl_ledger *l, const char *s, size_t len);

/** Reads a whole file; *data is malloc'd with a NUL after it. */
fl_status fl_read_file(char **data, size_t *len, const char *path, fl_error *err);

/** Context of one load: options, diagnostics, include stack. */
typedef struct fl_load_context {
    fl_ledger *ledger;
    const fl_load_options *opts;
    fl_diagnostics *diags;
    const char *stack[32]; /* real paths of the files being read, for cycle checks */
    size_t depth;
    fl_status first_status;
} fl_load_context;

#define FL_MAX_INCLUDE_DEPTH 32

/** Records a problem: adds it to the diagnostics and remembers the first status. */
void fl_load_report(fl_load_context *ctx, const fl_error *err);

/** Loads one file by its kind (csv, journal, claims), with the locale given. */
fl_status fl_load_file(fl_load_context *ctx, const char *path, fl_locale locale, char delimiter,
                       const char *from_file, unsigned long from_line);

fl_status fl_load_csv(fl_load_context *ctx, const char *path, const char *data, size_t len,
                      uint32_t input, fl_locale locale, char delimiter);
fl_status fl_load_journal(fl_load_context *ctx, const char *path, const char *data, size_t len,
                          uint32_t input, fl_locale locale);
fl_status fl_load_claims_text(fl_load_context *ctx, const char *path, const char *data, size_t len,
                              uint32_t input, fl_locale locale);

/**
 * Shared by the CSV and journal readers: checks and stores the fields of one
 * entry.  Texts are slices of the input line; *_column are the character
 * columns where each slice starts (for error reports).  Returns FL_OK or
 * the status of the (already reported) problem.
 */
typedef struct fl_entry_fields {
    const char *date, *unit, *source, *amount, *kind, *ref, *memo, *reverses;
    const char *quantity, *uom, *unit_price, *basis;
    size_t date_len, unit_len, source_len, amount_len, kind_len, ref_len, memo_len, reverses_len;
    size_t quantity_len, uom_len, unit_price_len, basis_len;
    unsigned long date_col, unit_col, source_col, amount_col, kind_col, ref_col, memo_col,
        reverses_col, quantity_col, unit_price_col;
    fl_scale amount_scale; /* scale stated in a CSV column header */
    bool amount_scale_given;
} fl_entry_fields;

fl_status fl_ledger_add_entry_fields(fl_load_context *ctx, const fl_entry_fields *f, uint32_t input,
                                     unsigned long line, const char *source_line,
                                     size_t source_line_len, fl_locale locale);

#endif
