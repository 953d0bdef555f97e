/* cmd_add.c - "fundledger add": validate one entry and append it to a journal. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

const char cli_add_usage[] =
    "usage: fundledger add JOURNAL OPTIONS...\n"
    "       fundledger add [OPTIONS] [--] JOURNAL\n"
    "\n"
    "Validates one entry against the journal exactly as 'fundledger check'\n"
    "would read it (known source, no duplicate reference for the unit, in-kind\n"
    "value, fiscal year), then appends it as one complete line: under an\n"
    "exclusive lock, with a single write, saved to disk (fsync) before the\n"
    "command reports success. The journal is created when it does not exist and\n"
    "is never rewritten. A journal whose last line is torn (no line break) or\n"
    "that has other problems is not added to: fix it first ('fundledger check').\n"
    "\n"
    "entry (date, unit, source and amount are required):\n"
    "  --date DATE        YYYY-MM-DD or DD/MM/YYYY\n"
    "  --unit NAME        the commune, town or district (\"Kim Chính\")\n"
    "  --source CODE      funding source code (CD.TM, NS.DP.HUYEN, ...)\n"
    "  --amount AMOUNT    in the journal's number convention: 1.250.000.000, 2,5 tỷ\n"
    "  --kind KIND        actual (default) or estimate\n"
    "  --ref REF          document reference (số chứng từ)\n"
    "  --memo TEXT        what the money is for (nội dung)\n"
    "  --quantity Q --uom UOM --unit-price P --basis TEXT\n"
    "                     valuation of an in-kind contribution (amount = Q x P)\n"
    "\n"
    "options:\n"
    "  --locale vi|en     number convention of journals that do not say (default vi)\n"
    "  --fiscal-year YYYY the fiscal year every date must lie in\n"
    "  --no-rule NAME     turn an audit rule off (repeatable)\n"
    "  --help             show this help\n"
    "\n"
    "example:\n"
    "  $ fundledger add kimson.journal --date 2018-03-15 --unit \"Kim Chính\" \\\n"
    "        --source CD.TM --amount 1.250.000.000 --ref PT-01 --memo \"Làm đường\"\n"
    "\n"
    "On success the line written is printed as JOURNAL:LINE: TEXT.\n"
    "Exit codes: 0 the entry is recorded, 2 bad input or usage (every problem is\n"
    "printed as file:line:column: message; nothing was written), 3 an I/O failure\n"
    "(nothing was written).\n";

#define COMMAND "add"

int cli_journal_result(const char *command, const char *path, fl_status status,
                       const fl_journal_append_result *result, const char *written,
                       const fl_diagnostics *diags, const fl_error *err)
{
    size_t i, count = fl_diagnostics_count(diags), total = fl_diagnostics_total(diags);

    if (status == FL_OK) {
        printf("%s:%lu: %s\n", path, result->line, written);
        if (fflush(stdout) != 0) {
            cli_fail(command, "the entry is recorded, but writing this message failed");
            return CLI_EXIT_IO;
        }
        return CLI_EXIT_OK;
    }
    for (i = 0; i < count; i++)
        cli_print_error(stderr, fl_diagnostics_get(diags, i));
    if (total > count)
        fprintf(stderr, "... and %zu more problems not shown\n", total - count);
    if (err->status != FL_OK && err->file[0])
        cli_print_error(stderr, err);
    else if (err->status != FL_OK)
        cli_fail(command, "%s", err->message);
    fprintf(stderr, "fundledger %s: nothing was written to %s\n", command, path);
    return cli_exit_for_status(status);
}

void cli_journal_first(int argc, char **argv)
{
    /* "add JOURNAL --date ..." reads best; cli_parse wants options first. */
    if (argc > 2 && argv[1][0] != '-') {
        char *journal = argv[1];
        memmove(argv + 1, argv + 2, (size_t)(argc - 2) * sizeof *argv);
        argv[argc - 1] = journal;
    }
}

int cli_cmd_add(int argc, char **argv)
{
    const char *locale_text = NULL, *fiscal_year_text = NULL;
    fl_journal_entry entry = FL_JOURNAL_ENTRY_INIT;
    bool help_shown = false;
    cli_list positional = {0}, no_rules = {0};
    const cli_option options[] = {
        {"date", CLI_VALUE, &entry.date},
        {"unit", CLI_VALUE, &entry.unit},
        {"source", CLI_VALUE, &entry.source},
        {"amount", CLI_VALUE, &entry.amount},
        {"kind", CLI_VALUE, &entry.kind},
        {"ref", CLI_VALUE, &entry.ref},
        {"memo", CLI_VALUE, &entry.memo},
        {"quantity", CLI_VALUE, &entry.quantity},
        {"uom", CLI_VALUE, &entry.uom},
        {"unit-price", CLI_VALUE, &entry.unit_price},
        {"basis", CLI_VALUE, &entry.basis},
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
    code = cli_parse(argc, argv, COMMAND, cli_add_usage, options,
                     sizeof options / sizeof options[0], &positional, &help_shown);
    if (code != 0 || help_shown)
        goto done;
    code = CLI_EXIT_BAD_INPUT;
    if (positional.count != 1) {
        cli_fail(COMMAND, "give exactly one journal (see 'fundledger add --help')");
        goto done;
    }
    if (!entry.date || !entry.unit || !entry.source || !entry.amount) {
        cli_fail(COMMAND, "--date, --unit, --source and --amount are required");
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
    status = fl_journal_append_entry(&result, &written, positional.items[0], &entry, &lopts, diags,
                                     &err);
    code = cli_journal_result(COMMAND, positional.items[0], status, &result, written, diags, &err);
done:
    free(written);
    fl_diagnostics_free(diags);
    cli_list_free(&positional);
    cli_list_free(&no_rules);
    return code;
}
