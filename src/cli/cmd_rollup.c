/* cmd_rollup.c - "fundledger rollup": district summaries added up into one, exactly. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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
    "  --json OUT.json  write the roll-up there ('-' or no --json and no --xlsx:\n"
    "                   standard output)\n"
    "  --xlsx OUT.xlsx  write the province workbook: district x top-level source\n"
    "                   per group, with SUM formulas and exact values\n"
    "  --lang vi|en     the workbook's labels and sheet names (default vi)\n"
    "  --scale SCALE    unit the workbook shows: dong (default), nghin, trieu, ty\n"
    "  --help           show this help\n"
    "\n"
    "With both --xlsx and --json, both files are replaced or neither is. The\n"
    "workbook's creation time is fixed (2000-01-01), or SOURCE_DATE_EPOCH.\n"
    "\n"
    "example:\n"
    "  $ fundledger rollup --json ninh-binh.json kim-son.json yen-khanh.json\n"
    "\n"
    "Exit codes: 0 written, 2 bad input or usage (file:line:column: what is\n"
    "wrong; nothing written), 3 a file could not be read or written.\n";

#define COMMAND "rollup"

/*
 * A folder is bad input, not a read error (the journal reader's include of a folder is too):
 * fopen() opens it and only reading fails, with no word of why.
 */
static bool is_folder(fl_error *err, const char *path)
{
    struct stat st;

    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
        return false;
    fl_error_clear(err);
    err->status = FL_ERR_VALIDATION;
    snprintf(err->file, sizeof err->file, "%s", path);
    snprintf(err->message, sizeof err->message,
             "it is a folder; give the summaries in it one by one (for example %s/*.json)",
             strlen(path) < 200 ? path : "FOLDER");
    return true;
}

/* SOURCE_DATE_EPOCH (reproducible-builds.org): decimal seconds since 1970. */
static int created_from_environment(int64_t *created)
{
    const char *text = getenv("SOURCE_DATE_EPOCH");
    char *end;
    long long v;

    if (!text || !*text)
        return 0;
    v = strtoll(text, &end, 10);
    if (*end || v < 0 || v > 253402300799LL) {
        cli_fail(COMMAND, "SOURCE_DATE_EPOCH must be seconds since 1970, not \"%s\"", text);
        return CLI_EXIT_BAD_INPUT;
    }
    *created = (int64_t)v;
    return 0;
}

int cli_cmd_rollup(int argc, char **argv)
{
    const char *json_path = NULL, *xlsx_path = NULL, *lang_text = NULL, *scale_text = NULL;
    fl_export_options xopts = FL_EXPORT_OPTIONS_INIT;
    bool to_stdout;
    bool help_shown = false;
    cli_list inputs = {0};
    const cli_option options[] = {
        {"json", CLI_VALUE, &json_path},
        {"xlsx", CLI_VALUE, &xlsx_path},
        {"lang", CLI_VALUE, &lang_text},
        {"scale", CLI_VALUE, &scale_text},
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
    if ((json_path && !*json_path) || (xlsx_path && !*xlsx_path)) {
        cli_fail(COMMAND, "--xlsx and --json need a file name");
        goto done;
    }
    if (xlsx_path && strcmp(xlsx_path, "-") == 0) {
        cli_fail(COMMAND, "the workbook cannot go to standard output: give --xlsx a file name");
        goto done;
    }
    if (xlsx_path && json_path && strcmp(xlsx_path, json_path) == 0) {
        cli_fail(COMMAND, "--xlsx and --json name the same file \"%s\"", xlsx_path);
        goto done;
    }
    if (lang_text && cli_parse_locale(&xopts.lang, COMMAND, lang_text) != 0)
        goto done;
    if (scale_text && cli_parse_scale(&xopts.scale, COMMAND, scale_text) != 0)
        goto done;
    if (xopts.scale == FL_SCALE_NGHIN_TY) {
        cli_fail(COMMAND, "--scale must be dong, nghin, trieu or ty");
        goto done;
    }
    if (created_from_environment(&xopts.created) != 0)
        goto done;
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
        st = is_folder(&err, inputs.items[i]) ? err.status
                                              : fl_rollup_add_file(rollup, inputs.items[i], &err);
        if (st != FL_OK) {
            cli_print_error(stderr, &err);
            fprintf(stderr, "fundledger %s: nothing was written\n", COMMAND);
            code = cli_exit_for_status(st);
            goto done;
        }
    }
    fl_error_clear(&err);
    to_stdout = (!json_path && !xlsx_path) || (json_path && strcmp(json_path, "-") == 0);
    if (!to_stdout) {
        st = fl_rollup_write(xlsx_path, json_path, rollup, &xopts, &err);
    } else {
        char *text = NULL;
        st = xlsx_path ? fl_rollup_write(xlsx_path, NULL, rollup, &xopts, &err) : FL_OK;
        if (st == FL_OK)
            st = fl_rollup_to_json(&text, rollup, &err);
        if (st == FL_OK && (fputs(text, stdout) == EOF || fflush(stdout) != 0)) {
            st = FL_ERR_IO;
            fl_error_clear(&err);
            err.status = st;
            snprintf(err.message, sizeof err.message, "cannot write to standard output");
        }
        free(text);
    }
    if (st != FL_OK) {
        fputs("fundledger " COMMAND ": ", stderr);
        cli_print_error(stderr, &err);
        code = st == FL_ERR_IO || st == FL_ERR_NOMEM ? CLI_EXIT_IO : cli_exit_for_status(st);
        goto done;
    }
    code = CLI_EXIT_OK;
done:
    fl_rollup_free(rollup);
    cli_list_free(&inputs);
    return code;
}
