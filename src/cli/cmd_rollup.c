/* cmd_rollup.c - "fundledger rollup": district summaries added up into one, exactly. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

const char cli_rollup_usage[] =
    "usage: fundledger rollup [OPTIONS] [--] SUMMARY.json...\n"
    "\n"
    "Adds up the fundledger.summary/1 files that districts send (written by\n"
    "'fundledger export --json'), without their entries: exact sums by source\n"
    "code and group, each district a unit of the result, months summed, shares\n"
    "and percentages against the estimate recomputed. Amounts are read as exact\n"
    "text, never as floating point. A summary of another schema or currency,\n"
    "one whose figures do not add up, the same district twice, or the same\n"
    "ledger file inside two summaries is refused. The result is itself a\n"
    "fundledger.summary/1, so provinces roll up into the nation the same way.\n"
    "\n"
    "options:\n"
    "  --json OUT.json  write the roll-up there (default: standard output)\n"
    "  --xlsx OUT.xlsx  not yet supported: the roll-up workbook is planned\n"
    "  --help           show this help\n"
    "\n"
    "example:\n"
    "  $ fundledger rollup --json ninh-binh.json kim-son.json yen-khanh.json\n"
    "\n"
    "Exit codes: 0 written, 2 bad input or usage (file:line:column: what is\n"
    "wrong; nothing written), 3 a file could not be read or written.\n";

#define COMMAND "rollup"

int cli_cmd_rollup(int argc, char **argv)
{
    const char *json_path = NULL, *xlsx_path = NULL;
    bool help_shown = false;
    cli_list inputs = {0};
    const cli_option options[] = {
        {"json", CLI_VALUE, &json_path},
        {"xlsx", CLI_VALUE, &xlsx_path},
    };
    fl_rollup *rollup = NULL;
    fl_error err;
    fl_status st;
    size_t i;
    int code;

    code = cli_parse(argc, argv, COMMAND, cli_rollup_usage, options,
                     sizeof options / sizeof options[0], &inputs, &help_shown);
    if (code != 0 || help_shown)
        goto done;
    code = CLI_EXIT_BAD_INPUT;
    if (xlsx_path) {
        cli_fail(COMMAND, "--xlsx is not supported yet; use --json");
        goto done;
    }
    if (json_path && !*json_path) {
        cli_fail(COMMAND, "--json needs a file name");
        goto done;
    }
    if (inputs.count == 0) {
        cli_fail(COMMAND, "give at least one summary (see 'fundledger rollup --help')");
        goto done;
    }
    if (fl_rollup_new(&rollup) != FL_OK) {
        cli_fail(COMMAND, "out of memory");
        code = CLI_EXIT_IO;
        goto done;
    }
    for (i = 0; i < inputs.count; i++) {
        fl_error_clear(&err);
        st = fl_rollup_add_file(rollup, inputs.items[i], &err);
        if (st != FL_OK) {
            cli_print_error(stderr, &err);
            fprintf(stderr, "fundledger %s: nothing was written\n", COMMAND);
            code = cli_exit_for_status(st);
            goto done;
        }
    }
    fl_error_clear(&err);
    if (json_path) {
        st = fl_rollup_write_json(json_path, rollup, &err);
    } else {
        char *text = NULL;
        st = fl_rollup_to_json(&text, rollup, &err);
        if (st == FL_OK && (fputs(text, stdout) == EOF || fflush(stdout) != 0))
            st = FL_ERR_IO;
        free(text);
    }
    if (st != FL_OK) {
        fputs("fundledger " COMMAND ": ", stderr);
        cli_print_error(stderr, &err);
        code = st == FL_ERR_NOMEM ? CLI_EXIT_IO : cli_exit_for_status(st);
        goto done;
    }
    code = CLI_EXIT_OK;
done:
    fl_rollup_free(rollup);
    cli_list_free(&inputs);
    return code;
}
