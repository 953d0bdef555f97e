/* cmd_reverse.c - "fundledger reverse": append the exact opposite of an entry. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

const char cli_reverse_usage[] =
    "usage: fundledger reverse JOURNAL --ref REF [OPTIONS]\n"
    "       fundledger reverse [OPTIONS] [--] JOURNAL\n"
    "\n"
    "Corrections are entries, never edits: appends to JOURNAL the exact opposite\n"
    "of the entry with reference REF that still counts (same unit, source and\n"
    "kind, the negated amount, reverses=REF), with the same locking and checks\n"
    "as 'fundledger add'. The entry may be in the journal or in a file it\n"
    "includes. Afterwards a corrected entry may use REF again.\n"
    "\n"
    "options:\n"
    "  --ref REF          the reference of the entry to cancel (required)\n"
    "  --unit NAME        its unit, when several units use REF\n"
    "  --date DATE        the reversal's date (default: the entry's date)\n"
    "  --memo TEXT        why it is reversed\n"
    "  --new-ref REF      a reference for the reversal itself\n"
    "  --locale vi|en     number convention of journals that do not say (default vi)\n"
    "  --fiscal-year YYYY the fiscal year every date must lie in\n"
    "  --no-rule NAME     turn an audit rule off (repeatable)\n"
    "  --help             show this help\n"
    "\n"
    "example:\n"
    "  $ fundledger reverse kimson.journal --ref QĐ-112 --memo \"Nhập nhầm đơn vị\"\n"
    "\n"
    "Exit codes: 0 the reversal is recorded, 2 bad input or usage (no such\n"
    "entry, or the journal has problems; nothing was written), 3 an I/O failure.\n";

#define COMMAND "reverse"

int cli_cmd_reverse(int argc, char **argv)
{
    const char *locale_text = NULL, *fiscal_year_text = NULL;
    fl_journal_reversal rev = FL_JOURNAL_REVERSAL_INIT;
    bool help_shown = false;
    cli_list positional = {0}, no_rules = {0};
    const cli_option options[] = {
        {"ref", CLI_VALUE, &rev.ref},
        {"unit", CLI_VALUE, &rev.unit},
        {"date", CLI_VALUE, &rev.date},
        {"memo", CLI_VALUE, &rev.memo},
        {"new-ref", CLI_VALUE, &rev.new_ref},
        {"locale", CLI_VALUE, &locale_text},
        {"fiscal-year", CLI_VALUE, &fiscal_year_text},
        {"no-rule", CLI_LIST, &no_rules},
    };
    fl_load_options lopts = FL_LOAD_OPTIONS_INIT;
    fl_journal_append_result result = {0, 0, false};
    fl_diagnostics *diags = NULL;
    char *written = NULL;
    fl_error err;
    fl_status status;
    int code;

    cli_journal_first(argc, argv);
    code = cli_parse(argc, argv, COMMAND, cli_reverse_usage, options,
                     sizeof options / sizeof options[0], &positional, &help_shown);
    if (code != 0 || help_shown)
        goto done;
    code = CLI_EXIT_BAD_INPUT;
    if (positional.count != 1) {
        cli_fail(COMMAND, "give exactly one journal (see 'fundledger reverse --help')");
        goto done;
    }
    if (!rev.ref || !*rev.ref) {
        cli_fail(COMMAND, "--ref is required: the reference of the entry to reverse");
        goto done;
    }
    if (cli_parse_load_options(&lopts, COMMAND, locale_text, NULL, fiscal_year_text, &no_rules) !=
        0)
        goto done;
    if (fl_diagnostics_new(&diags, 100) != FL_OK) {
        cli_fail(COMMAND, "out of memory");
        code = CLI_EXIT_IO;
        goto done;
    }
    fl_error_clear(&err);
    status =
        fl_journal_reverse_entry(&result, &written, positional.items[0], &rev, &lopts, diags, &err);
    code = cli_journal_result(COMMAND, positional.items[0], status, &result, written, diags, &err);
done:
    free(written);
    fl_diagnostics_free(diags);
    cli_list_free(&positional);
    cli_list_free(&no_rules);
    return code;
}
