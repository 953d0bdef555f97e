/*
 * rollup_internal.h - the roll-up's data (rollup.c), the strict reader
 * of one summary (rollup_read.c) and the checks of its raw bytes that cJSON
 * does not make (rollup_scan.c).  Private.
 */
#ifndef FL_LIB_ROLLUP_INTERNAL_H
#define FL_LIB_ROLLUP_INTERNAL_H

#include "atomic_file.h"
#include "fundledger/decimal.h"
#include "fundledger/rollup.h"
#include "strmap.h"

typedef struct ru_source {
    char *code, *label, *group;
    fl_dec actual, estimate, unallocated_actual, unallocated_estimate;
    bool unallocated;
    size_t item; /* index in the summary's by_source (for messages) */
} ru_source;

typedef struct ru_group {
    char *name;
    fl_dec actual, estimate;
} ru_group;

typedef struct ru_unit {
    char *name, *code, *kind;
} ru_unit;

typedef struct ru_keyed { /* a by_unit or by_month line */
    char *key;            /* unit name, or month "YYYY-MM" (NULL: no date) */
    char *group;
    fl_dec actual, estimate;
    size_t item;
} ru_keyed;

typedef struct ru_input {
    char *path;
    size_t entries;
    char sha256[65];
} ru_input;

struct fl_rollup {
    ru_source *sources;
    size_t source_count, source_cap;
    ru_group *groups;
    size_t group_count, group_cap;
    ru_unit *units;
    size_t unit_count, unit_cap;
    ru_keyed *by_unit;
    size_t by_unit_count, by_unit_cap;
    ru_keyed *by_month;
    size_t by_month_count, by_month_cap;
    ru_keyed *district_tops; /* key: district name, group: a top-level code (for the workbook) */
    size_t district_top_count, district_top_cap;
    ru_input *inputs;
    size_t input_count, input_cap;
    char **inner_shas; /* the ledger files inside the summaries, to refuse one counted twice */
    char **inner_paths;
    size_t inner_count, inner_cap;
    /* indexes, so that adding 700 districts stays linear: "k<key>\x1f<group>" (or "n\x1f<group>"
     * for a NULL key) -> position in by_unit, by_month, district_tops; a SHA-256 -> position
     * in inner_shas */
    fl_strmap by_unit_index, by_month_index, district_top_index, inner_index;
    char *from, *to;
    size_t summaries;
    size_t entries; /* entries of the ledger files inside */
};

/** Duplicates a string (NULL stays NULL); *ok becomes false when out of memory. */
char *fl_rollup__strdup(const char *s, bool *ok);

/* Adding figures (rollup.c); FL_ERR_NOMEM or FL_OK. */
fl_status fl_rollup__add_group(fl_rollup *r, const char *name, const fl_dec actual,
                               const fl_dec estimate);
/** Adds the figures of s (its strings are ignored) to the code, creating it in tree order. */
fl_status fl_rollup__add_source(fl_rollup *r, const char *code, const char *label,
                                const char *group, const ru_source *s);
/** Adds to the line of (key, group) in list, creating it at the end; index finds lines. */
fl_status fl_rollup__add_keyed(ru_keyed **list, size_t *count, size_t *cap, fl_strmap *index,
                               const char *key, const char *group, const fl_dec actual,
                               const fl_dec estimate, size_t item);
ru_source *fl_rollup__find_source(const fl_rollup *r, const char *code);
ru_group *fl_rollup__find_group(const fl_rollup *r, const char *name);
void fl_rollup__clear(fl_rollup *r);

/** The province workbook in a temporary file beside path (rollup_xlsx.c), not yet renamed. */
fl_status fl_rollup__xlsx_to_temp(fl_atomic_file *file, const char *path, const fl_rollup *r,
                                  const fl_export_options *opts, fl_error *err);

/** A problem the byte-level checks of a summary found (rollup_scan.c). */
typedef struct ru_scan_problem {
    size_t at;    /* byte offset in the text */
    size_t first; /* a duplicate key: the offset of its first occurrence (else SIZE_MAX) */
    char message[FL_ERROR_MESSAGE_MAX];
} ru_scan_problem;

/**
 * Checks the bytes of a summary for what cJSON would let through: a NUL byte, a
 * "\u0000" escape, invalid UTF-8 (also a UTF-16 byte order mark), a lone surrogate
 * escape ("\ud800"), a raw control character, a byte order mark past the start (one at
 * the start is allowed).  Returns true and fills *problem for the first one in the text;
 * false when there is none.  Malformed JSON is left to the parser.
 */
bool fl_rollup__check_bytes(ru_scan_problem *problem, const char *text, size_t len);

/**
 * Finds the first key (in text order) that an object of text, valid JSON, gives twice
 * (compared after decoding escapes).  *found tells whether there is one; *problem then
 * points at its second occurrence.  Returns FL_OK or FL_ERR_NOMEM.
 */
fl_status fl_rollup__find_duplicate_key(ru_scan_problem *problem, bool *found, const char *text,
                                        size_t len);

/**
 * Reads and checks one summary into `one` (an empty roll-up), naming its
 * district in *district_name/_code/_kind (owned by `one`'s units or NULL).
 */
fl_status fl_rollup__read(fl_rollup *one, ru_unit *district, const char *path, const char *text,
                          size_t len, fl_error *err);

#endif
