/*
 * fundledger/journal.h - recording entries in a journal safely: append one
 * validated line under an exclusive lock, never rewrite the file.
 *
 * A journal is a legal record.  Appending follows one protocol, whoever
 * calls it:
 *
 *   1. open the journal with O_APPEND (creating it when it does not exist),
 *   2. take an exclusive flock() on it and check that the path still names
 *      the file that was opened and locked,
 *   3. read the journal under the lock and validate it together with the new
 *      line exactly as fl_ledger_load and fl_ledger_finish would (known
 *      source, no duplicate reference for the unit, in-kind value, fiscal
 *      year, reversals that match), then check the line reads back as the
 *      fields that were given,
 *   4. write the whole line with a single write(), fsync() the file (and its
 *      folder when the file was created), release the lock.
 *
 * Nothing is written when anything fails; a write or fsync that fails is
 * undone by cutting the file back to its length before the append.  A
 * journal whose last line has no line break (a torn line, left by a power
 * cut) is never appended to: its problem is reported instead.
 *
 * Validation reads the journal once under the lock and loads those bytes
 * plus the new line from memory, as the journal at its path: includes
 * resolve beside it and diagnostics name it.  No other file is written.
 *
 * Ownership: every string in the structures below is the caller's.
 */
#ifndef FUNDLEDGER_JOURNAL_H
#define FUNDLEDGER_JOURNAL_H

#include "common.h"
#include "ledger.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * An entry to record, as text in the journal's own syntax (docs/journal.md).
 * date, unit, source and amount are required; the others may be NULL (or "").
 * The amount is read in the number convention in force at the end of the
 * journal ("locale" lines), like every amount written there.
 */
typedef struct fl_journal_entry {
    const char *date;   /**< YYYY-MM-DD or DD/MM/YYYY */
    const char *unit;   /**< the unit as a user writes it ("Kim Chính") */
    const char *source; /**< a source code (CD.TM) */
    const char *amount; /**< "1.250.000.000", "2,5 tỷ" */
    const char *kind;   /**< "actual" (default) or "estimate" */
    const char *ref;
    const char *memo;
    const char *reverses;
    const char *quantity, *uom, *unit_price, *basis; /**< in-kind valuation */
} fl_journal_entry;

#define FL_JOURNAL_ENTRY_INIT                                                                      \
    {                                                                                              \
        NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL                     \
    }

/**
 * Writes the journal line for an entry into *out (a new string ending in
 * "\n", freed by the caller with free()).  Texts that may hold spaces are
 * quoted with \" and \\ escapes so that the journal reader reads them back
 * unchanged.  Fails with FL_ERR_SYNTAX (and a message in err) when a field
 * cannot be written on one line: a line break, carriage return or NUL in
 * any value, a space, quote or "=" in the date or source, or a quote or "="
 * in the amount.
 */
fl_status fl_journal_format_entry(char **out, const fl_journal_entry *entry, fl_error *err);

/** What an append did. */
typedef struct fl_journal_append_result {
    unsigned long line; /**< the line number of the new entry in the journal */
    size_t offset;      /**< the byte offset where the line starts */
    bool created;       /**< the journal did not exist and was created */
} fl_journal_append_result;

/**
 * Validates `entry` against the journal at `path` and appends it (see the
 * protocol at the top).  `opts` are the load options (NULL: defaults).
 * Problems with the journal or the entry are added to `diags` with their
 * file:line:column (the new entry is on the line after the journal's last);
 * the return value is then the first problem's status and the journal is
 * unchanged.  System failures (open, lock, write, fsync) are described in
 * err with FL_ERR_IO.  *result (may be NULL) says where the entry went;
 * *written (may be NULL) gets the line written, without its line break
 * (free() it).
 */
fl_status fl_journal_append_entry(fl_journal_append_result *result, char **written,
                                  const char *path, const fl_journal_entry *entry,
                                  const fl_load_options *opts, fl_diagnostics *diags,
                                  fl_error *err);

/** What to reverse, and how to write the reversal. */
typedef struct fl_journal_reversal {
    const char *ref;     /**< the reference of the entry to cancel (required) */
    const char *unit;    /**< its unit, needed when several units use the reference */
    const char *date;    /**< the reversal's date; NULL: the date of the entry cancelled */
    const char *memo;    /**< why (may be NULL) */
    const char *new_ref; /**< a reference for the reversal itself (may be NULL) */
} fl_journal_reversal;

#define FL_JOURNAL_REVERSAL_INIT                                                                   \
    {                                                                                              \
        NULL, NULL, NULL, NULL, NULL                                                               \
    }

/**
 * Appends the exact opposite of the entry with reference rev->ref that still
 * counts (not yet cancelled): same unit, source and kind, the negated amount,
 * reverses=REF.  The entry may come from the journal or a file it includes.
 * Fails with FL_ERR_NOT_FOUND when no such entry counts any more,
 * FL_ERR_INVALID_ARGUMENT when the reference is used by several units and
 * rev->unit does not choose one (err names them).  Otherwise as
 * fl_journal_append_entry.
 */
fl_status fl_journal_reverse_entry(fl_journal_append_result *result, char **written,
                                   const char *path, const fl_journal_reversal *rev,
                                   const fl_load_options *opts, fl_diagnostics *diags,
                                   fl_error *err);

/* --- seals: tamper evidence -------------------------------------------------------- */

/**
 * A seal is a comment line that every reader skips,
 *
 *     # fundledger-seal sha256=<64 hex digits> lines=<N>
 *
 * carrying the SHA-256 of every byte above it (N lines).  Entries added later
 * go below it; a later seal covers everything above it again, seals included.
 */
#define FL_JOURNAL_SEAL_PREFIX "# fundledger-seal "

/**
 * Appends a seal to the journal at `path` with the same protocol as
 * fl_journal_append_entry (lock, single write, fsync).  The journal must
 * exist and load cleanly (problems go to diags).  *written (may be NULL)
 * gets the seal line without its line break (free() it).
 */
fl_status fl_journal_seal(fl_journal_append_result *result, char **written, const char *path,
                          const fl_load_options *opts, fl_diagnostics *diags, fl_error *err);

/** What fl_journal_verify_seals found. */
typedef struct fl_journal_seal_check {
    size_t seals;               /**< seal lines found */
    size_t broken;              /**< seals whose hash or line count no longer matches */
    unsigned long first_broken; /**< line of the first broken seal (0: none) */
    /**
     * The first line that may have changed: the line after the last seal
     * that still holds before the first broken one (1 when there is none).
     */
    unsigned long changed_from;
    unsigned long last_seal; /**< line of the last seal (0: none) */
    unsigned long lines;     /**< lines in the file */
} fl_journal_seal_check;

/**
 * Reads the file at `path` and checks every seal in it.  Returns FL_OK
 * (whatever the seals say: see *out), FL_ERR_IO/FL_ERR_NOT_FOUND when the
 * file cannot be read, FL_ERR_SYNTAX (err has the line) for a malformed seal.
 */
fl_status fl_journal_verify_seals(fl_journal_seal_check *out, const char *path, fl_error *err);

#ifdef __cplusplus
}
#endif

#endif
