/* cmd_reconcile.c - "fundledger reconcile": two ledgers side by side, to the last đồng. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#include "fundledger/reconcile.h"

const char cli_reconcile_usage[] =
    "usage: fundledger reconcile [OPTIONS] A B\n"
    "       fundledger reconcile [OPTIONS] A... --against B...\n"
    "       fundledger reconcile [OPTIONS] --a A [--a A]... --b B [--b B]...\n"
    "\n"
    "Reconciles ledger A (e.g. a commune's report) against ledger B (e.g. the\n"
    "district ledger or a Treasury statement). A and B are each one or more CSV\n"
    "files, journals or folders. Entries pair up by document reference and unit;\n"
    "with --match auto also by unit + source + exact amount within the date\n"
    "window, then as splits (one entry equal to the exact sum of 2 to 4 entries\n"
    "on the other side). Every pair states its rule. The output lists the pairs\n"
    "that differ (with the exact difference), what only A or only B has, totals\n"
    "side by side, and the bridge\n"
    "  total(A) - total(B) = Σ differences + Σ only in A - Σ only in B,\n"
    "checked exactly.\n"
    "\n"
    "options:\n"
    "  --against           ends A's inputs; B's follow\n"
    "  --a FILE|FOLDER     an input of A (repeatable)\n"
    "  --b FILE|FOLDER     an input of B (repeatable)\n"
    "  --match ref|auto    ref (default): by reference only; auto: also by\n"
    "                      amount within the date window, and splits\n"
    "  --date-window DAYS  how far apart the dates of an auto or split pair may\n"
    "                      be, and a tolerated date difference (default 0)\n"
    "  --tolerance AMOUNT  amount differences up to this are tolerated: listed,\n"
    "                      in the bridge, but not failing (default 0; \"5.000\",\n"
    "                      \"1 triệu\")\n"
    "  --by source|unit    the totals the text shows (default source)\n"
    "  --json OUT          also write a fundledger.reconcile/1 document (\"-\":\n"
    "                      to standard output instead of the text)\n"
    "  --xlsx OUT          also write a workbook with the same sections\n"
    "  --lang vi|en        labels and number format of the text (default vi)\n"
    "  --locale vi|en      number convention of the inputs and --tolerance\n"
    "  --delimiter D       CSV delimiter: comma, semicolon or tab (default: detect)\n"
    "  --fiscal-year YYYY  the fiscal year every date must lie in\n"
    "  --no-rule NAME      turn an audit rule off while loading (repeatable)\n"
    "  --help              show this help\n"
    "\n"
    "example:\n"
    "  $ fundledger reconcile --match auto --date-window 10 \\\n"
    "      samples/reconcile/kim-chinh-commune.csv \\\n"
    "      samples/reconcile/kim-chinh-district.csv\n"
    "\n"
    "Output files are written whole or not at all (a temporary file, renamed).\n"
    "Exit codes: 0 everything matched (within --tolerance), 1 differences or\n"
    "entries on one side only, 2 bad input or usage, 3 an input could not be\n"
    "read, an output could not be written, or the bridge did not close (a bug).\n";

#define COMMAND "reconcile"

/* Splits argv at "--against": A's part is parsed as usual, B's part is only inputs. */
static int split_against(int argc, char **argv, int *head_argc, cli_list *b_inputs)
{
    int i, k = -1;

    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0)
            break;
        if (strcmp(argv[i], "--against") == 0) {
            k = i;
            break;
        }
    }
    *head_argc = argc;
    if (k < 0)
        return 0;
    *head_argc = k;
    for (i = k + 1; i < argc; i++) {
        if (strcmp(argv[i], "--against") == 0) {
            cli_fail(COMMAND, "--against given twice");
            return CLI_EXIT_BAD_INPUT;
        }
        if (argv[i][0] == '-' && argv[i][1] == '-' && argv[i][2] != '\0') {
            cli_fail(COMMAND,
                     "option %s must come before A's inputs; only B's inputs follow "
                     "--against",
                     argv[i]);
            return CLI_EXIT_BAD_INPUT;
        }
        cli_list_push(b_inputs, argv[i]);
    }
    if (b_inputs->count == 0) {
        cli_fail(COMMAND, "--against needs at least one input of B after it");
        return CLI_EXIT_BAD_INPUT;
    }
    return 0;
}

static int parse_window(long *out, const char *text)
{
    char *end;
    long v;

    v = strtol(text, &end, 10);
    if (!*text || *end || v < 0 || v > 3660 || text[0] == '+' || text[0] == ' ') {
        cli_fail(COMMAND, "--date-window must be a number of days from 0 to 3660, not \"%s\"",
                 text);
        return CLI_EXIT_BAD_INPUT;
    }
    *out = v;
    return 0;
}

static int parse_tolerance(fl_amount *out, const char *text, fl_locale locale)
{
    fl_amount_options ao = FL_AMOUNT_OPTIONS_INIT;
    fl_error err;

    ao.locale = locale;
    ao.allow_percent = false;
    ao.allow_negative = false;
    fl_error_clear(&err);
    if (fl_amount_parse(out, text, strlen(text), &ao, &err) != FL_OK) {
        cli_fail(COMMAND, "--tolerance \"%s\" is not an amount: %s", text,
                 err.message[0] ? err.message : fl_strerror(err.status));
        return CLI_EXIT_BAD_INPUT;
    }
    return 0;
}

static int save_outputs(const fl_reconcile *rec, const char *json_path, const char *xlsx_path)
{
    fl_error err;

    fl_error_clear(&err);
    if (json_path && strcmp(json_path, "-") != 0 &&
        fl_reconcile_save_json(rec, json_path, &err) != FL_OK) {
        cli_print_error(stderr, &err);
        cli_fail(COMMAND, "%s was not written", json_path);
        return CLI_EXIT_IO;
    }
    fl_error_clear(&err);
    if (xlsx_path && fl_reconcile_save_xlsx(rec, xlsx_path, &err) != FL_OK) {
        cli_print_error(stderr, &err);
        cli_fail(COMMAND, "%s was not written", xlsx_path);
        return CLI_EXIT_IO;
    }
    return 0;
}

int cli_cmd_reconcile(int argc, char **argv)
{
    const char *match_text = NULL, *window_text = NULL, *tolerance_text = NULL, *by_text = NULL,
               *json_path = NULL, *xlsx_path = NULL, *lang_text = NULL, *locale_text = NULL,
               *delimiter_text = NULL, *fiscal_year_text = NULL;
    bool help_shown = false;
    cli_list positional = {0}, a_inputs = {0}, b_inputs = {0}, after = {0}, no_rules = {0};
    const cli_option options[] = {
        {"a", CLI_LIST, &a_inputs},
        {"b", CLI_LIST, &b_inputs},
        {"match", CLI_VALUE, &match_text},
        {"date-window", CLI_VALUE, &window_text},
        {"tolerance", CLI_VALUE, &tolerance_text},
        {"by", CLI_VALUE, &by_text},
        {"json", CLI_VALUE, &json_path},
        {"xlsx", CLI_VALUE, &xlsx_path},
        {"lang", CLI_VALUE, &lang_text},
        {"locale", CLI_VALUE, &locale_text},
        {"delimiter", CLI_VALUE, &delimiter_text},
        {"fiscal-year", CLI_VALUE, &fiscal_year_text},
        {"no-rule", CLI_LIST, &no_rules},
    };
    fl_load_options lopts = FL_LOAD_OPTIONS_INIT;
    fl_reconcile_options ropts = FL_RECONCILE_OPTIONS_INIT;
    fl_reconcile_render_options render = FL_RECONCILE_RENDER_OPTIONS_INIT;
    fl_ledger *a = NULL, *b = NULL;
    fl_reconcile *rec = NULL;
    fl_amount tolerance;
    fl_error err;
    fl_status st;
    int code, head_argc;
    size_t i;

    fl_amount_init(&tolerance);
    code = split_against(argc, argv, &head_argc, &after);
    if (code != 0)
        goto done;
    code = cli_parse(head_argc, argv, COMMAND, cli_reconcile_usage, options,
                     sizeof options / sizeof options[0], &positional, &help_shown);
    if (code != 0 || help_shown)
        goto done;
    code = CLI_EXIT_BAD_INPUT;
    if (after.count > 0) {
        if (b_inputs.count > 0) {
            cli_fail(COMMAND, "give B's inputs either after --against or with --b, not both");
            goto done;
        }
        for (i = 0; i < positional.count; i++)
            cli_list_push(&a_inputs, positional.items[i]);
        for (i = 0; i < after.count; i++)
            cli_list_push(&b_inputs, after.items[i]);
    } else if (a_inputs.count > 0 || b_inputs.count > 0) {
        if (positional.count > 0) {
            cli_fail(COMMAND, "with --a and --b, give every input with them (\"%s\" is neither)",
                     positional.items[0]);
            goto done;
        }
    } else if (positional.count == 2) {
        cli_list_push(&a_inputs, positional.items[0]);
        cli_list_push(&b_inputs, positional.items[1]);
    } else {
        cli_fail(COMMAND,
                 "give two inputs A B, or A... --against B..., or --a and --b (%zu input%s given; "
                 "see 'fundledger reconcile --help')",
                 positional.count, positional.count == 1 ? "" : "s");
        goto done;
    }
    if (a_inputs.count == 0 || b_inputs.count == 0) {
        cli_fail(COMMAND, "both sides need an input: A has %zu, B has %zu", a_inputs.count,
                 b_inputs.count);
        goto done;
    }
    if (match_text && fl_reconcile_match_from_name(&ropts.match, match_text) != FL_OK) {
        cli_fail(COMMAND, "--match must be ref or auto, not \"%s\"", match_text);
        goto done;
    }
    if (window_text && parse_window(&ropts.date_window, window_text) != 0)
        goto done;
    if (by_text && fl_reconcile_by_from_name(&render.by, by_text) != FL_OK) {
        cli_fail(COMMAND, "--by must be source or unit, not \"%s\"", by_text);
        goto done;
    }
    if (lang_text && cli_parse_locale(&render.locale, COMMAND, lang_text) != 0)
        goto done;
    if (cli_parse_load_options(&lopts, COMMAND, locale_text, delimiter_text, fiscal_year_text,
                               &no_rules) != 0)
        goto done;
    if (tolerance_text) {
        if (parse_tolerance(&tolerance, tolerance_text, lopts.locale) != 0)
            goto done;
        ropts.tolerance = tolerance.value;
    }
    if (json_path && xlsx_path && strcmp(json_path, xlsx_path) == 0) {
        cli_fail(COMMAND, "--json and --xlsx name the same file \"%s\"", json_path);
        goto done;
    }

    /* The text shows neither memos nor the inputs' hashes; the JSON and the workbook do. */
    lopts.skip_input_hash = lopts.skip_memos = !json_path && !xlsx_path;
    if ((code = cli_load_two(&a, &b, COMMAND, &a_inputs, &b_inputs, &lopts)) != 0)
        goto done;
    fl_error_clear(&err);
    st = fl_reconcile_new(&rec, a, b, &ropts, &err);
    if (st != FL_OK) {
        cli_fail(COMMAND, "%s", err.message[0] ? err.message : fl_strerror(st));
        code =
            st == FL_ERR_VALIDATION || st == FL_ERR_NOMEM ? CLI_EXIT_IO : cli_exit_for_status(st);
        goto done;
    }
    if ((code = save_outputs(rec, json_path, xlsx_path)) != 0)
        goto done;
    if (json_path && strcmp(json_path, "-") == 0) {
        char *json = NULL;
        st = fl_reconcile_to_json(&json, rec);
        if (st == FL_OK && (fputs(json, stdout) == EOF || fputc('\n', stdout) == EOF))
            st = FL_ERR_IO;
        free(json);
    } else {
        st = fl_reconcile_write_text(rec, stdout, &render);
    }
    if (st == FL_OK && fflush(stdout) != 0)
        st = FL_ERR_IO;
    if (st != FL_OK) {
        cli_fail(COMMAND, "writing the result failed: %s", fl_strerror(st));
        code = CLI_EXIT_IO;
        goto done;
    }
    code = fl_reconcile_all_matched(rec) ? CLI_EXIT_OK : CLI_EXIT_DIFFERENCES;
done:
    fl_reconcile_free(rec);
    fl_ledger_free(a);
    fl_ledger_free(b);
    fl_amount_clear(&tolerance);
    cli_list_free(&positional);
    cli_list_free(&a_inputs);
    cli_list_free(&b_inputs);
    cli_list_free(&after);
    cli_list_free(&no_rules);
    return code;
}
