/* cmd_report.c - "fundledger report": exact totals of a ledger by source, unit, month or kind. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

const char cli_report_usage[] =
    "usage: fundledger report [OPTIONS] [--] FILE|FOLDER...\n"
    "\n"
    "Loads every input (CSV ledgers, journals, folders of them) and prints exact\n"
    "totals. Nothing is rounded unless --places asks for it; shares add up to\n"
    "exactly 100 (largest remainder). The NTM money and the budget revenue (THU)\n"
    "are separate groups and are never added together.\n"
    "\n"
    "options:\n"
    "  --by WHAT           source (default: the source tree with subtotals and\n"
    "                      shares), unit (unit x top-level source), month, or\n"
    "                      kind (estimate against actual, đạt % and vượt %)\n"
    "  --format FORMAT     text (default), csv, or json (fundledger.summary/1)\n"
    "  --scale SCALE       show amounts in dong (default), nghin, trieu, ty\n"
    "  --places N          round amounts to N places (half up); default exact\n"
    "  --percent-places N  places of shares and percentages (default 2)\n"
    "  --locale vi|en      number convention of the input files, and of the output\n"
    "                      unless --lang is given (default vi)\n"
    "  --lang vi|en        labels and number format of text output\n"
    "  --delimiter D       CSV delimiter: comma, semicolon or tab (default: detect)\n"
    "  --fiscal-year YYYY  the fiscal year every date must lie in\n"
    "  --no-rule NAME      turn an audit rule off (repeatable; see 'fundledger check')\n"
    "  --help              show this help\n"
    "\n"
    "example:\n"
    "  $ fundledger report --scale ty samples/kimson-2018\n"
    "\n"
    "Exit codes: 0 success, 2 bad input or usage (every problem is printed as\n"
    "file:line:column: message), 3 an input could not be read.\n";

#define COMMAND "report"

int cli_parse_delimiter(char *out, const char *command, const char *text)
{
    if (!text) {
        *out = 0;
        return 0;
    }
    if (strcmp(text, ",") == 0 || strcmp(text, "comma") == 0)
        *out = ',';
    else if (strcmp(text, ";") == 0 || strcmp(text, "semicolon") == 0)
        *out = ';';
    else if (strcmp(text, "\t") == 0 || strcmp(text, "tab") == 0 || strcmp(text, "\\t") == 0)
        *out = '\t';
    else {
        cli_fail(command, "--delimiter must be comma, semicolon or tab, not \"%s\"", text);
        return CLI_EXIT_BAD_INPUT;
    }
    return 0;
}

int cli_parse_load_options(fl_load_options *opts, const char *command, const char *locale_text,
                           const char *delimiter_text, const char *fiscal_year_text,
                           const cli_list *no_rules)
{
    int code;

    if (locale_text && (code = cli_parse_locale(&opts->locale, command, locale_text)) != 0)
        return code;
    if ((code = cli_parse_delimiter(&opts->csv_delimiter, command, delimiter_text)) != 0)
        return code;
    if (fiscal_year_text) {
        char *end;
        long y = strtol(fiscal_year_text, &end, 10);
        if (*end || end == fiscal_year_text || y < 1900 || y > 2999) {
            cli_fail(command, "--fiscal-year must be a year such as 2018, not \"%s\"",
                     fiscal_year_text);
            return CLI_EXIT_BAD_INPUT;
        }
        opts->fiscal_year = (int)y;
    }
    return cli_parse_rules(&opts->rules_disabled, command, no_rules);
}

int cli_cmd_report(int argc, char **argv)
{
    const char *by_text = NULL, *format_text = NULL, *scale_text = NULL, *places_text = NULL,
               *percent_places_text = NULL, *lang_text = NULL, *locale_text = NULL,
               *delimiter_text = NULL, *fiscal_year_text = NULL;
    bool help_shown = false;
    cli_list inputs = {0}, no_rules = {0};
    const cli_option options[] = {
        {"by", CLI_VALUE, &by_text},
        {"format", CLI_VALUE, &format_text},
        {"scale", CLI_VALUE, &scale_text},
        {"places", CLI_VALUE, &places_text},
        {"percent-places", CLI_VALUE, &percent_places_text},
        {"lang", CLI_VALUE, &lang_text},
        {"locale", CLI_VALUE, &locale_text},
        {"delimiter", CLI_VALUE, &delimiter_text},
        {"fiscal-year", CLI_VALUE, &fiscal_year_text},
        {"no-rule", CLI_LIST, &no_rules},
    };
    fl_load_options lopts = FL_LOAD_OPTIONS_INIT;
    fl_report_options ropts = FL_REPORT_OPTIONS_INIT;
    fl_report_render_options render = FL_REPORT_RENDER_OPTIONS_INIT;
    fl_ledger *ledger = NULL;
    fl_report *report = NULL;
    fl_error err;
    fl_status st;
    int code;
    enum { FORMAT_TEXT, FORMAT_CSV, FORMAT_JSON } format = FORMAT_TEXT;

    code = cli_parse(argc, argv, COMMAND, cli_report_usage, options,
                     sizeof options / sizeof options[0], &inputs, &help_shown);
    if (code != 0 || help_shown)
        goto done;
    code = CLI_EXIT_BAD_INPUT;
    if (by_text && fl_report_by_from_name(&render.by, by_text) != FL_OK) {
        cli_fail(COMMAND, "--by must be source, unit, month or kind, not \"%s\"", by_text);
        goto done;
    }
    if (format_text) {
        if (strcmp(format_text, "text") == 0)
            format = FORMAT_TEXT;
        else if (strcmp(format_text, "csv") == 0)
            format = FORMAT_CSV;
        else if (strcmp(format_text, "json") == 0)
            format = FORMAT_JSON;
        else {
            cli_fail(COMMAND, "--format must be text, csv or json, not \"%s\"", format_text);
            goto done;
        }
    }
    if (scale_text && cli_parse_scale(&render.scale, COMMAND, scale_text) != 0)
        goto done;
    if (places_text && cli_parse_places(&render.places, COMMAND, places_text) != 0)
        goto done;
    if (percent_places_text &&
        cli_parse_places(&ropts.percent_places, COMMAND, percent_places_text) != 0)
        goto done;
    if (cli_parse_load_options(&lopts, COMMAND, locale_text, delimiter_text, fiscal_year_text,
                               &no_rules) != 0)
        goto done;
    /* Output follows the inputs' convention unless --lang says otherwise. */
    render.locale = lopts.locale;
    /* nothing shown here names an input by its hash or shows a memo */
    lopts.skip_input_hash = true;
    lopts.skip_memos = true;
    lopts.skip_entries = true; /* totals only: the entries are never listed */
    if (lang_text && cli_parse_locale(&render.locale, COMMAND, lang_text) != 0)
        goto done;
    if (format == FORMAT_JSON && (scale_text || places_text || by_text)) {
        cli_fail(COMMAND, "--format json always gives every table in exact đồng; drop --by, "
                          "--scale and --places");
        goto done;
    }

    code = cli_load_ledger(&ledger, COMMAND, &inputs, NULL, &lopts);
    if (code != 0)
        goto done;
    fl_error_clear(&err);
    st = fl_report_new(&report, ledger, &ropts, &err);
    if (st != FL_OK) {
        cli_print_error(stderr, &err);
        code = cli_exit_for_status(st);
        goto done;
    }
    if (format == FORMAT_TEXT)
        st = fl_report_write_text(report, stdout, &render);
    else if (format == FORMAT_CSV)
        st = fl_report_write_csv(report, stdout, &render);
    else {
        char *json = NULL;
        st = fl_report_to_json(&json, report, NULL, 0);
        if (st == FL_OK && (fputs(json, stdout) == EOF || fputc('\n', stdout) == EOF))
            st = FL_ERR_IO;
        free(json);
    }
    if (st == FL_OK && fflush(stdout) != 0)
        st = FL_ERR_IO;
    if (st != FL_OK) {
        cli_fail(COMMAND, "writing the report failed: %s", fl_strerror(st));
        code = cli_exit_for_status(st);
        goto done;
    }
    code = CLI_EXIT_OK;
done:
    fl_report_free(report);
    fl_ledger_free(ledger);
    cli_list_free(&inputs);
    cli_list_free(&no_rules);
    return code;
}
