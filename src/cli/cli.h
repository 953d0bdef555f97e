/*
 * cli.h - shared pieces of the fundledger command-line tool.
 *
 * The CLI uses only the public headers (fundledger.h); it owns argument
 * parsing, exit codes and how diagnostics are shown.
 */
#ifndef FL_CLI_H
#define FL_CLI_H

#include <stdio.h>

#include "fundledger.h"

/** Exit codes, the same for every command. */
enum {
    CLI_EXIT_OK = 0,          /* success */
    CLI_EXIT_DIFFERENCES = 1, /* a check or reconciliation found differences */
    CLI_EXIT_BAD_INPUT = 2,   /* bad input or usage; message on stderr */
    CLI_EXIT_IO = 3           /* an I/O failure */
};

typedef enum cli_option_kind {
    CLI_FLAG,  /* --name: sets *(bool *)target */
    CLI_VALUE, /* --name VALUE or --name=VALUE: sets *(const char **)target */
    CLI_LIST   /* repeatable --name VALUE: appends to a cli_list */
} cli_option_kind;

typedef struct cli_list {
    const char **items;
    size_t count;
    size_t capacity;
} cli_list;

typedef struct cli_option {
    const char *name; /* without the leading "--" */
    cli_option_kind kind;
    void *target;
} cli_option;

/** The state of one command's run: its name and argument vector. */
typedef struct cli_command {
    const char *name;
    const char *usage; /* full --help text */
    int (*run)(int argc, char **argv);
    const char *summary;
} cli_command;

/**
 * Parses argv[1..argc) against `options`.  Options come before the
 * positional arguments; "--" ends the options.  Positional arguments are
 * collected in *positional (pointers into argv).  --help prints `usage`
 * and sets *help_shown.  Returns 0, or CLI_EXIT_BAD_INPUT after printing a
 * message naming the command.
 */
int cli_parse(int argc, char **argv, const char *command, const char *usage,
              const cli_option *options, size_t option_count, cli_list *positional,
              bool *help_shown);

/** Appends to a list (aborts the program on out of memory: nothing to save yet). */
void cli_list_push(cli_list *list, const char *item);
void cli_list_free(cli_list *list);

/** Prints "fundledger COMMAND: message" to stderr. */
void cli_fail(const char *command, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/**
 * Prints an error report jq-style: "file:line:column: message", then the
 * offending line and a caret under the column when the line is known.
 */
void cli_print_error(FILE *out, const fl_error *err);

/** The exit code for a library status: I/O -> 3, anything else -> 2. */
int cli_exit_for_status(fl_status status);

/** Common option values parsed with a clear message; return 0 or CLI_EXIT_BAD_INPUT. */
int cli_parse_locale(fl_locale *out, const char *command, const char *text);
int cli_parse_rounding(fl_rounding *out, const char *command, const char *text);
int cli_parse_scale(fl_scale *out, const char *command, const char *text);
int cli_parse_places(long *out, const char *command, const char *text);

/** Turns --no-rule names into a bit set of disabled fl_rule values. */
int cli_parse_rules(unsigned *disabled, const char *command, const cli_list *names);

/**
 * Loads every input (files or folders) and claims file into a new ledger and
 * runs the cross-file checks.  On any problem prints every diagnostic
 * (file:line:column, the line, a caret), frees the ledger and returns 2 (or 3
 * for I/O failures); *out is then NULL.
 */
int cli_load_ledger(fl_ledger **out, const char *command, const cli_list *inputs,
                    const cli_list *claims, const fl_load_options *opts);
/**
 * Loads two ledgers (reconcile's A and B) at the same time, B on a second
 * thread.  What is printed, and the result, are those of two cli_load_ledger
 * calls one after the other: when A has problems only A's are shown.
 */
int cli_load_two(fl_ledger **a, fl_ledger **b, const char *command, const cli_list *a_inputs,
                 const cli_list *b_inputs, const fl_load_options *opts);

/** Parses --delimiter (comma, semicolon, tab); NULL gives 0 (detect). */
int cli_parse_delimiter(char *out, const char *command, const char *text);
/** The options shared by every command that loads a ledger. */
int cli_parse_load_options(fl_load_options *opts, const char *command, const char *locale_text,
                           const char *delimiter_text, const char *fiscal_year_text,
                           const cli_list *no_rules);

/**
 * cli_load_ledger, then the report and the audit, as check and export need
 * them.  Claims that cannot be read are printed (file:line:column) and make
 * it return 2.  On any failure everything is freed and *ledger, *report are
 * NULL; on success the caller frees all three.
 */
int cli_load_and_audit(fl_ledger **ledger, fl_report **report, fl_audit *audit, const char *command,
                       const cli_list *inputs, const cli_list *claims, const fl_load_options *opts,
                       fl_locale lang);

/* Commands. */
int cli_cmd_calc(int argc, char **argv);
extern const char cli_calc_usage[];
int cli_cmd_report(int argc, char **argv);
extern const char cli_report_usage[];
int cli_cmd_check(int argc, char **argv);
extern const char cli_check_usage[];
int cli_cmd_export(int argc, char **argv);
extern const char cli_export_usage[];
int cli_cmd_rollup(int argc, char **argv);
extern const char cli_rollup_usage[];
int cli_cmd_reconcile(int argc, char **argv);
extern const char cli_reconcile_usage[];
int cli_cmd_add(int argc, char **argv);
extern const char cli_add_usage[];
int cli_cmd_reverse(int argc, char **argv);
extern const char cli_reverse_usage[];
int cli_cmd_seal(int argc, char **argv);
extern const char cli_seal_usage[];
int cli_cmd_sources(int argc, char **argv);
extern const char cli_sources_usage[];
/** check's seal section: verifies the seals of every journal loaded; the number broken. */
size_t cli_check_seals(const fl_ledger *ledger, bool vi, bool quiet);
/** Moves a leading JOURNAL argument after the options ("add JOURNAL --date ..."). */
void cli_journal_first(int argc, char **argv);
/** Prints the outcome of add / reverse (the line written, or every problem); the exit code. */
int cli_journal_result(const char *command, const char *path, fl_status status,
                       const fl_journal_append_result *result, const char *written,
                       const fl_diagnostics *diags, const fl_error *err);

#endif
