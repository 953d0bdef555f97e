/*
 * fundledger/ledger.h - the funding ledger: entries loaded from CSV and
 * journal files, the units they belong to, and the claims stated with them.
 *
 * A ledger is built by loading one or more inputs (files or folders) into
 * it; their entries are merged.  Loading validates every line and collects
 * the problems in an fl_diagnostics list (file:line:column: message), up to a
 * limit, so an officer sees all the mistakes of a file at once.  A ledger
 * that failed to load must not be reported on: the caller frees it.
 *
 * Ownership: fl_ledger_new gives a ledger the caller frees with
 * fl_ledger_free.  Every pointer returned by an accessor (entries, strings,
 * the source tree, claims) belongs to the ledger and lives until it is freed.
 */
#ifndef FUNDLEDGER_LEDGER_H
#define FUNDLEDGER_LEDGER_H

#include "amount.h"
#include "common.h"
#include "decimal.h"
#include "source.h"

#ifdef __cplusplus
extern "C" {
#endif

/* --- dates ------------------------------------------------------------------------ */

/** A calendar date as yyyymmdd (20180315); 0 means "no date". */
typedef int32_t fl_date;

/**
 * Parses YYYY-MM-DD or DD/MM/YYYY (the Vietnamese order; D and M may have one
 * digit) into *out, checking the day exists (2018-02-30 is refused).  On
 * failure err->column is relative to text.
 */
fl_status fl_date_parse(fl_date *out, const char *text, size_t len, fl_error *err);
/** Writes YYYY-MM-DD into buf (at least 11 bytes). */
void fl_date_format(char buf[11], fl_date date);
/** The year of a date. */
int fl_date_year(fl_date date);
/** The month as yyyymm. */
int32_t fl_date_month(fl_date date);

/* --- diagnostics ------------------------------------------------------------------ */

/** A list of error reports collected while loading; opaque. */
typedef struct fl_diagnostics fl_diagnostics;

/** A new empty list keeping at most `limit` reports (0: 100); free with fl_diagnostics_free. */
fl_status fl_diagnostics_new(fl_diagnostics **out, size_t limit);
void fl_diagnostics_free(fl_diagnostics *d);
/** Number of reports kept. */
size_t fl_diagnostics_count(const fl_diagnostics *d);
/** Number of problems seen, including those past the limit. */
size_t fl_diagnostics_total(const fl_diagnostics *d);
/** The i-th report (owned by the list). */
const fl_error *fl_diagnostics_get(const fl_diagnostics *d, size_t i);
/** Appends a copy of err.  Returns err->status (so callers can `return fl_diagnostics_add(...)`).
 */
fl_status fl_diagnostics_add(fl_diagnostics *d, const fl_error *err);

/* --- entries ---------------------------------------------------------------------- */

typedef enum fl_entry_kind {
    FL_KIND_ACTUAL = 0, /**< thực hiện: money actually mobilized or collected */
    FL_KIND_ESTIMATE    /**< dự toán / kế hoạch: the estimate or plan */
} fl_entry_kind;

/** "actual" / "estimate"; static storage. */
const char *fl_entry_kind_name(fl_entry_kind kind);

/** The valuation of an in-kind contribution: amount = quantity x unit_price, exactly. */
typedef struct fl_in_kind {
    fl_dec quantity;
    fl_dec unit_price;
    const char *uom;   /**< unit of measure ("ngày công", "m2"), may be NULL */
    const char *basis; /**< price basis ("Bảng giá đất tỉnh 2018"), may be NULL */
} fl_in_kind;

/** One funding entry.  Read-only for callers. */
typedef struct fl_entry {
    fl_dec amount; /**< in đồng, exact; negative only for reversals */
    fl_date date;
    uint32_t unit;  /**< index: fl_ledger_unit_name() */
    int32_t source; /**< index in fl_ledger_sources() */
    fl_entry_kind kind;
    const char *ref;           /**< document reference (số chứng từ), or NULL */
    const char *memo;          /**< description (nội dung), or NULL */
    const char *reverses;      /**< ref of the entry this one reverses, or NULL */
    const fl_in_kind *in_kind; /**< valuation of an in-kind contribution, or NULL */
    uint32_t input;            /**< index: fl_ledger_input_path() */
    uint32_t line;             /**< line in that input where the entry starts */
} fl_entry;

/* --- the ledger ------------------------------------------------------------------- */

typedef struct fl_ledger fl_ledger;

/** Audit rules that loading and checking apply; each can be turned off by name. */
typedef enum fl_rule {
    FL_RULE_PARENT_SUM = 0,   /**< "parent-sum": a parent code equals the sum of its children */
    FL_RULE_DUPLICATE_REFS,   /**< "duplicate-refs": a reference once per unit (double counting) */
    FL_RULE_IN_KIND_VALUE,    /**< "in-kind-value": amount = quantity x unit price */
    FL_RULE_FISCAL_YEAR,      /**< "fiscal-year": dates inside the file's fiscal year */
    FL_RULE_ESTIMATE_PRESENT, /**< "estimate-present": every over/of-estimate claim has an estimate
                               */
    FL_RULE_COUNT_
} fl_rule;

/** The rule's name ("parent-sum", ...); static storage. */
const char *fl_rule_name(fl_rule rule);
/** One sentence describing the rule (English); static storage. */
const char *fl_rule_description(fl_rule rule);
/** Looks a rule up by name; FL_ERR_NOT_FOUND otherwise. */
fl_status fl_rule_from_name(fl_rule *out, const char *name);

typedef struct fl_load_options {
    fl_locale locale;   /**< number convention of CSV files and journals that do not say (vi) */
    char csv_delimiter; /**< 0: detect from the header; else ',', ';' or '\t' */
    unsigned rules_disabled; /**< bit (1u << fl_rule) set: that rule is off */
    int fiscal_year;         /**< 0: each file's own (declared, else its first entry's year) */
    /**
     * Progress while loading, or NULL for none: called every few thousand
     * entries (and not otherwise) with the path given to fl_ledger_load and the
     * entries loaded from it so far.  It must not touch the ledger.
     */
    void (*progress)(const char *path, size_t entries);
    /**
     * true: do not compute the SHA-256 of each input (fl_ledger_input_sha256
     * then returns NULL).  Reports and checks do not need it; exports, which
     * name their inputs by hash, do.  Seals are verified either way.
     */
    bool skip_input_hash;
    /**
     * true: memos (nội dung) are checked as always but not kept (fl_entry.memo
     * is NULL).  Reports and checks never show them; at a million entries
     * they are a fifth of the ledger's memory.
     */
    bool skip_memos;
    /**
     * true: entries are checked and counted, their totals and references
     * kept for reports, claims and the checks across inputs, but the entries
     * themselves are not (fl_ledger_entry then returns NULL).  Reports and
     * checks need only the totals; exports (which list every entry),
     * reconciliation and appending need the entries.  A million entries then
     * take about 60 bytes each instead of 150.
     */
    bool skip_entries;
} fl_load_options;

#define FL_LOAD_OPTIONS_INIT                                                                       \
    {                                                                                              \
        FL_LOCALE_VI, 0, 0u, 0, NULL, false, false, false                                          \
    }

/** A new, empty ledger with the built-in source tree.  Free with fl_ledger_free. */
fl_status fl_ledger_new(fl_ledger **out);
/** Frees a ledger and everything it owns; NULL is fine. */
void fl_ledger_free(fl_ledger *ledger);

/**
 * Loads one input into the ledger: a CSV file (".csv", ".tsv"), a journal
 * (any other name, usually ".journal"), a claims file (".claims"), or a
 * folder (every .csv, .tsv, .journal and .claims file in it, in name order,
 * not recursing).  Journals may include further files.  Every problem found
 * is added to `diags`; the return value is FL_OK or the status of the first
 * problem (FL_ERR_IO for files that cannot be read).  After a failure the
 * ledger holds whatever loaded cleanly and must not be reported on.
 */
fl_status fl_ledger_load(fl_ledger *ledger, const char *path, const fl_load_options *opts,
                         fl_diagnostics *diags);

/**
 * Loads claims (one per line, "#" comments) from a file into the ledger,
 * whatever its name.
 */
fl_status fl_ledger_load_claims(fl_ledger *ledger, const char *path, const fl_load_options *opts,
                                fl_diagnostics *diags);

/**
 * Runs the checks that need every input: duplicate references across files
 * and reversals that must match an entry.  Call once after the last load.
 */
fl_status fl_ledger_finish(fl_ledger *ledger, const fl_load_options *opts, fl_diagnostics *diags);

/** The ledger's source tree (built-in codes plus declared ones). */
const fl_source_tree *fl_ledger_sources(const fl_ledger *ledger);

/** Entries loaded (kept or not). */
size_t fl_ledger_entry_count(const fl_ledger *ledger);
/** The i-th entry, in load order; NULL when a load had fl_load_options.skip_entries. */
const fl_entry *fl_ledger_entry(const fl_ledger *ledger, size_t i);

/** Whether the entries are kept: false when a load had fl_load_options.skip_entries. */
bool fl_ledger_entries_kept(const fl_ledger *ledger);

/** Units: the distinct administrative units, in order of first appearance or declaration. */
size_t fl_ledger_unit_count(const fl_ledger *ledger);
/** The unit's display name (declared display name, else the name as first written, NFC). */
const char *fl_ledger_unit_name(const fl_ledger *ledger, size_t unit);
/** The unit's declared code, or NULL. */
const char *fl_ledger_unit_code(const fl_ledger *ledger, size_t unit);
/** The unit's declared kind ("xa", "thi-tran", "huyen", ...), or NULL. */
const char *fl_ledger_unit_kind(const fl_ledger *ledger, size_t unit);
/**
 * Finds a unit by name as a user writes it: NFC, case-insensitive, old and
 * new tone placement equal ("Hoà" = "Hòa").  Returns the index or -1.
 */
long fl_ledger_find_unit(const fl_ledger *ledger, const char *name, size_t len);

/** Inputs: every file read, in order (folders expanded, includes listed). */
size_t fl_ledger_input_count(const fl_ledger *ledger);
const char *fl_ledger_input_path(const fl_ledger *ledger, size_t input);
/** Entries read from that input (not counting included files). */
size_t fl_ledger_input_entries(const fl_ledger *ledger, size_t input);
/** The SHA-256 of the input's bytes as 64 lowercase hex digits; NULL when the load had
 *  fl_load_options.skip_input_hash set. */
const char *fl_ledger_input_sha256(const fl_ledger *ledger, size_t input);
/** The fiscal year of an input (declared, or its first entry's year; 0 if none). */
int fl_ledger_input_fiscal_year(const fl_ledger *ledger, size_t input);

/** A claim line as stated in a journal ("claim ...") or a claims file, not yet parsed. */
typedef struct fl_claim_line {
    const char *text; /**< the claim, without the "claim" keyword; owned by the ledger */
    size_t len;
    uint32_t input;   /**< index: fl_ledger_input_path() */
    uint32_t line;    /**< line of the claim in that input */
    uint32_t column;  /**< character column where `text` starts on that line */
    fl_locale locale; /**< the number convention in force where it was written */
} fl_claim_line;

/** Claims, in the order they were read. */
size_t fl_ledger_claim_count(const fl_ledger *ledger);
const fl_claim_line *fl_ledger_claim_line(const fl_ledger *ledger, size_t i);

/** The earliest and latest entry dates (0 when there are no entries). */
void fl_ledger_period(const fl_ledger *ledger, fl_date *first, fl_date *last);

#ifdef __cplusplus
}
#endif

#endif
