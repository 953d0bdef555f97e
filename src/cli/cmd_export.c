/* cmd_export.c - "fundledger export": the workbook and the JSON summary for the province. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

const char cli_export_usage[] =
    "usage: fundledger export [OPTIONS] [--] FILE|FOLDER...\n"
    "\n"
    "Loads and validates every input exactly as 'fundledger check' does, then\n"
    "writes the Excel workbook (--xlsx) and/or the JSON summary\n"
    "fundledger.summary/1 (--json) that a district hands to the province.\n"
    "On bad input nothing is written. Each file is written to a temporary file\n"
    "beside it and renamed into place, so an old file is never half replaced;\n"
    "with both --xlsx and --json, both are replaced or neither is.\n"
    "See docs/export.md.\n"
    "\n"
    "options:\n"
    "  --xlsx OUT.xlsx    write the workbook (sheets: Tổng hợp, Theo đơn vị, Theo\n"
    "                     tháng, Dự toán – thực hiện, Chi tiết, Kiểm tra)\n"
    "  --json OUT.json    write the JSON summary (docs/summary.schema.json);\n"
    "                     '-' prints it to standard output\n"
    "  --claims FILE      read claims from FILE too (repeatable)\n"
    "  --lang vi|en       labels and sheet names (default vi)\n"
    "  --scale SCALE      unit the workbook shows: dong (default), nghin, trieu,\n"
    "                     ty; only the number format changes, cells hold đồng\n"
    "  --locale vi|en     number convention of the input files (default vi)\n"
    "  --delimiter D      CSV delimiter: comma, semicolon or tab (default: detect)\n"
    "  --fiscal-year YYYY the fiscal year every date must lie in\n"
    "  --no-rule NAME     turn an audit rule off (repeatable; see 'fundledger check')\n"
    "  --help             show this help\n"
    "\n"
    "The workbook's creation time is fixed (2000-01-01), or SOURCE_DATE_EPOCH\n"
    "when set, so the same inputs give the same bytes.\n"
    "\n"
    "example:\n"
    "  $ fundledger export --xlsx kimson-2018.xlsx --json kimson-2018.json \\\n"
    "        --scale trieu samples/kimson-2018\n"
    "\n"
    "Exit codes: 0 written (even when a claim fails: the Checks sheet says so),\n"
    "2 bad input or usage (nothing written), 3 a file could not be read or written.\n";

#define COMMAND "export"

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

int cli_cmd_export(int argc, char **argv)
{
    const char *xlsx_path = NULL, *json_path = NULL, *lang_text = NULL, *scale_text = NULL,
               *locale_text = NULL, *delimiter_text = NULL, *fiscal_year_text = NULL;
    bool help_shown = false;
    cli_list inputs = {0}, no_rules = {0}, claims = {0};
    const cli_option options[] = {
        {"xlsx", CLI_VALUE, &xlsx_path},
        {"json", CLI_VALUE, &json_path},
        {"claims", CLI_LIST, &claims},
        {"lang", CLI_VALUE, &lang_text},
        {"scale", CLI_VALUE, &scale_text},
        {"locale", CLI_VALUE, &locale_text},
        {"delimiter", CLI_VALUE, &delimiter_text},
        {"fiscal-year", CLI_VALUE, &fiscal_year_text},
        {"no-rule", CLI_LIST, &no_rules},
    };
    fl_load_options lopts = FL_LOAD_OPTIONS_INIT;
    fl_export_options xopts = FL_EXPORT_OPTIONS_INIT;
    fl_ledger *ledger = NULL;
    fl_report *report = NULL;
    fl_audit audit;
    bool audited = false;
    fl_error err;
    fl_status st;
    int code;

    code = cli_parse(argc, argv, COMMAND, cli_export_usage, options,
                     sizeof options / sizeof options[0], &inputs, &help_shown);
    if (code != 0 || help_shown)
        goto done;
    code = CLI_EXIT_BAD_INPUT;
    if (!xlsx_path && !json_path) {
        cli_fail(COMMAND, "say what to write: --xlsx OUT.xlsx, --json OUT.json, or both");
        goto done;
    }
    if ((xlsx_path && !*xlsx_path) || (json_path && !*json_path)) {
        cli_fail(COMMAND, "--xlsx and --json need a file name");
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
    if (cli_parse_load_options(&lopts, COMMAND, locale_text, delimiter_text, fiscal_year_text,
                               &no_rules) != 0)
        goto done;
    if (created_from_environment(&xopts.created) != 0)
        goto done;

    code =
        cli_load_and_audit(&ledger, &report, &audit, COMMAND, &inputs, &claims, &lopts, xopts.lang);
    audited = code == 0;
    if (code != 0)
        goto done;
    fl_error_clear(&err);
    if (json_path && strcmp(json_path, "-") == 0) {
        char *text = NULL;
        st = xlsx_path ? fl_export_write_xlsx(xlsx_path, report, &audit, &xopts, &err) : FL_OK;
        if (st == FL_OK)
            st = fl_export_json(&text, report, &audit, &err);
        if (st == FL_OK && (fputs(text, stdout) == EOF || fflush(stdout) != 0)) {
            st = FL_ERR_IO;
            fl_error_clear(&err);
            err.status = st;
            snprintf(err.message, sizeof err.message, "cannot write to standard output");
        }
        free(text);
    } else {
        st = fl_export_write(xlsx_path, json_path, report, &audit, &xopts, &err);
    }
    if (st != FL_OK) {
        fputs("fundledger " COMMAND ": ", stderr);
        cli_print_error(stderr, &err);
        code = st == FL_ERR_IO || st == FL_ERR_NOMEM ? CLI_EXIT_IO : cli_exit_for_status(st);
        goto done;
    }
    code = CLI_EXIT_OK;
done:
    if (audited)
        fl_audit_free(&audit);
    fl_report_free(report);
    fl_ledger_free(ledger);
    cli_list_free(&inputs);
    cli_list_free(&no_rules);
    cli_list_free(&claims);
    return code;
}
