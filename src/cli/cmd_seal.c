/* cmd_seal.c - "fundledger seal": append a SHA-256 seal; and the seal check of "check". */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

const char cli_seal_usage[] =
    "usage: fundledger seal JOURNAL [OPTIONS]\n"
    "       fundledger seal [OPTIONS] [--] JOURNAL\n"
    "\n"
    "Appends a seal to a journal that loads cleanly: a comment line every reader\n"
    "skips, carrying the SHA-256 of every byte above it,\n"
    "\n"
    "  # fundledger-seal sha256=<64 hex digits> lines=<N>\n"
    "\n"
    "with the same locking as 'fundledger add'. 'fundledger check' verifies\n"
    "every seal and names the first line that may have changed after the last\n"
    "seal that still holds. Entries added later go below the seal. Write the\n"
    "printed hash down (or send it with the report): a seal shows tampering\n"
    "only to someone who knows the hash it should have.\n"
    "\n"
    "options:\n"
    "  --locale vi|en     number convention of journals that do not say (default vi)\n"
    "  --fiscal-year YYYY the fiscal year every date must lie in\n"
    "  --no-rule NAME     turn an audit rule off (repeatable)\n"
    "  --help             show this help\n"
    "\n"
    "Exit codes: 0 sealed, 2 the journal has problems (nothing written),\n"
    "3 an I/O failure.\n";

#define COMMAND "seal"

int cli_cmd_seal(int argc, char **argv)
{
    const char *locale_text = NULL, *fiscal_year_text = NULL;
    bool help_shown = false;
    cli_list positional = {0}, no_rules = {0};
    const cli_option options[] = {
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
    code = cli_parse(argc, argv, COMMAND, cli_seal_usage, options,
                     sizeof options / sizeof options[0], &positional, &help_shown);
    if (code != 0 || help_shown)
        goto done;
    code = CLI_EXIT_BAD_INPUT;
    if (positional.count != 1) {
        cli_fail(COMMAND, "give exactly one journal (see 'fundledger seal --help')");
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
    status = fl_journal_seal(&result, &written, positional.items[0], &lopts, diags, &err);
    code = cli_journal_result(COMMAND, positional.items[0], status, &result, written, diags, &err);
done:
    free(written);
    fl_diagnostics_free(diags);
    cli_list_free(&positional);
    cli_list_free(&no_rules);
    return code;
}

static bool is_journal(const char *path)
{
    size_t n = strlen(path);
    const char *const others[] = {".csv", ".tsv", ".claims", ".CSV", ".TSV"};
    size_t i;

    for (i = 0; i < sizeof others / sizeof others[0]; i++)
        if (n >= strlen(others[i]) && strcmp(path + n - strlen(others[i]), others[i]) == 0)
            return false;
    return true;
}

size_t cli_check_seals(const fl_ledger *ledger, bool vi, bool quiet)
{
    size_t i, broken = 0;
    bool heading = false;

    for (i = 0; i < fl_ledger_input_count(ledger); i++) {
        const char *path = fl_ledger_input_path(ledger, i);
        fl_journal_seal_check c;
        fl_error err;
        if (!is_journal(path))
            continue;
        fl_error_clear(&err);
        if (fl_journal_verify_seals(&c, path, &err) != FL_OK) {
            cli_print_error(stdout, &err);
            broken++;
            continue;
        }
        if (c.seals == 0 || (quiet && c.broken == 0))
            continue;
        if (!heading)
            printf("\n%s\n", vi ? "Niêm phong" : "Seals");
        heading = true;
        if (c.broken) {
            broken++;
            printf(vi ? "  HỎNG   %s:%lu: niêm phong không khớp: tệp đã bị sửa từ dòng %lu trở "
                        "đi\n"
                      : "  BROKEN %s:%lu: the seal does not match: the file was changed at or "
                        "after line %lu\n",
                   path, c.first_broken, c.changed_from);
        } else {
            printf(vi ? "  đúng   %s: %zu niêm phong%s, niêm phong đến dòng %lu trên %lu\n"
                      : "  holds  %s: %zu seal%s, sealed up to line %lu of %lu\n",
                   path, c.seals, vi ? "" : (c.seals == 1 ? "" : "s"), c.last_seal, c.lines);
        }
    }
    return broken;
}
