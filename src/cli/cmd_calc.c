/* cmd_calc.c - "fundledger calc": the exact calculator (fundledger/calc.h) on the command line. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

const char cli_calc_usage[] =
    "usage: fundledger calc [OPTIONS] [--] EXPRESSION\n"
    "\n"
    "Evaluates EXPRESSION exactly, as a checker of published figures. Amounts are\n"
    "written as in reports (\"151,463 tỷ\", \"1.908\", \"72,46%\"); operators are\n"
    "+ and - (or −), * × or x (times), / ÷ or : (divide), and parentheses.\n"
    "Nothing is rounded until the end: a result that does not terminate as a\n"
    "decimal needs --places. A percentage is a number: 5% is 0,05.\n"
    "\n"
    "options:\n"
    "  --locale vi|en      number convention of EXPRESSION and of the result\n"
    "                      (default vi: 1.908 is 1908, 151,463 is 151.463)\n"
    "  --places N          round the result to N decimal places (0 to 1000) and\n"
    "                      show exactly N; with --scale, places of the scaled figure\n"
    "  --rounding MODE     how --places rounds: half-up (default, as Vietnamese\n"
    "                      reports round), half-even, half-down, up, down,\n"
    "                      ceiling, floor, or exact (refuse to round)\n"
    "  --scale SCALE       show the result in dong, nghin, trieu, ty or nghin-ty\n"
    "                      (\"2.059,463 tỷ\")\n"
    "  --plain             canonical machine form: digits, \".\" decimal point,\n"
    "                      no grouping and no scale word (\"2059463000000\")\n"
    "  --help              show this help\n"
    "\n"
    "Put \"--\" before an expression that starts with \"-\".\n"
    "\n"
    "examples (Kim Sơn district, 2018):\n"
    "  $ fundledger calc --places 2 \"(261,8 - 151,8) / 151,8 * 100\"\n"
    "  72,46\n"
    "  $ fundledger calc \"151,463 tỷ + 1.908 tỷ\"\n"
    "  2.059.463.000.000\n"
    "  $ fundledger calc --scale ty \"151,463 tỷ + 1.908 tỷ\"\n"
    "  2.059,463 tỷ\n"
    "  $ fundledger calc --places 2 \"261,8 / 1,7246\"\n"
    "  151,80\n"
    "  $ fundledger calc \"5 + 20 + 41 + 8\"\n"
    "  74\n"
    "  $ fundledger calc --plain -- \"-5 + 3\"\n"
    "  -2\n"
    "\n"
    "Exit codes: 0 success, 2 bad expression or usage (the message gives\n"
    "line:column in the expression, then the expression and a caret).\n";

#define COMMAND "calc"

int cli_cmd_calc(int argc, char **argv)
{
    const char *locale_text = NULL, *places_text = NULL, *rounding_text = NULL, *scale_text = NULL;
    bool plain = false, help_shown = false, inexact = false;
    const cli_option options[] = {
        {"locale", CLI_VALUE, &locale_text},
        {"places", CLI_VALUE, &places_text},
        {"rounding", CLI_VALUE, &rounding_text},
        {"scale", CLI_VALUE, &scale_text},
        {"plain", CLI_FLAG, &plain},
    };
    fl_calc_options calc = FL_CALC_OPTIONS_INIT;
    fl_format_options format = FL_FORMAT_OPTIONS_INIT;
    cli_list positional = {NULL, 0, 0};
    const char *expression;
    char *text = NULL;
    fl_status status;
    fl_error err;
    fl_dec result;
    int rc;

    fl_dec_init(result);
    rc = cli_parse(argc, argv, COMMAND, cli_calc_usage, options, sizeof options / sizeof options[0],
                   &positional, &help_shown);
    if (rc != 0 || help_shown)
        goto done;
    if (positional.count != 1) {
        if (positional.count == 0)
            cli_fail(COMMAND, "no expression given (see 'fundledger calc --help')");
        else
            cli_fail(COMMAND, "calc takes exactly one expression; quote it, as in "
                              "fundledger calc \"1 + 2\"");
        rc = CLI_EXIT_BAD_INPUT;
        goto done;
    }
    if ((locale_text && (rc = cli_parse_locale(&calc.locale, COMMAND, locale_text)) != 0) ||
        (places_text && (rc = cli_parse_places(&calc.places, COMMAND, places_text)) != 0) ||
        (rounding_text && (rc = cli_parse_rounding(&calc.rounding, COMMAND, rounding_text)) != 0) ||
        (scale_text && (rc = cli_parse_scale(&format.scale, COMMAND, scale_text)) != 0))
        goto done;
    if (rounding_text && !places_text) {
        /* Without --places nothing is rounded: a silently ignored mode would mislead. */
        cli_fail(COMMAND, "--rounding needs --places (without it the result is exact)");
        rc = CLI_EXIT_BAD_INPUT;
        goto done;
    }

    /* --places counts places of the figure shown: fl_calc rounds once, at that scale. */
    calc.scale = format.scale;
    expression = positional.items[0];
    fl_error_clear(&err);
    status = fl_calc_eval(result, expression, strlen(expression), &calc, &inexact, &err);
    if (status != FL_OK) {
        fprintf(stderr, "fundledger %s: ", COMMAND);
        cli_print_error(stderr, &err);
        rc = cli_exit_for_status(status);
        goto done;
    }

    format.locale = calc.locale;
    format.plain = plain;
    format.scale_word = !plain && format.scale != FL_SCALE_DONG;
    format.places = calc.places;
    format.rounding = FL_ROUND_EXACT; /* the value is already rounded: formatting must not */
    status = fl_amount_format(&text, result, &format, NULL);
    if (status != FL_OK) {
        cli_fail(COMMAND, "the result could not be formatted: %s", fl_strerror(status));
        rc = cli_exit_for_status(status);
        goto done;
    }
    printf("%s\n", text);
    rc = CLI_EXIT_OK;

done:
    free(text);
    fl_dec_clear(result);
    cli_list_free(&positional);
    return rc;
}
