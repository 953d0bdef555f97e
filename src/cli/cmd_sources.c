/* cmd_sources.c - "fundledger sources": the funding-source tree, built in and declared. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

const char cli_sources_usage[] =
    "usage: fundledger sources [OPTIONS] [--] [FILE|FOLDER...]\n"
    "\n"
    "Lists the funding-source codes an entry may use: the built-in NTM tree of\n"
    "money mobilized for New Rural Development (NS, LG, TD, DN, CD, KH) and the\n"
    "budget-revenue tree THU, each code indented under its parent with its\n"
    "label. With inputs, the codes their journals declare are listed too (the\n"
    "inputs are loaded and checked as by 'fundledger check').\n"
    "\n"
    "options:\n"
    "  --lang vi|en       labels in Vietnamese (default) or English\n"
    "  --locale vi|en     number convention of the input files (default vi)\n"
    "  --help             show this help\n"
    "\n"
    "Exit codes: 0 success, 2 bad input or usage, 3 an input could not be read.\n";

#define COMMAND "sources"

int cli_cmd_sources(int argc, char **argv)
{
    const char *lang_text = NULL, *locale_text = NULL;
    bool help_shown = false;
    cli_list inputs = {0}, no_rules = {0};
    const cli_option options[] = {
        {"lang", CLI_VALUE, &lang_text},
        {"locale", CLI_VALUE, &locale_text},
    };
    fl_load_options lopts = FL_LOAD_OPTIONS_INIT;
    fl_locale lang = FL_LOCALE_VI;
    fl_ledger *ledger = NULL;
    const fl_source_tree *tree;
    int code, *order = NULL, last_group = -1;
    size_t i, n;

    code = cli_parse(argc, argv, COMMAND, cli_sources_usage, options,
                     sizeof options / sizeof options[0], &inputs, &help_shown);
    if (code != 0 || help_shown)
        goto done;
    code = CLI_EXIT_BAD_INPUT;
    if (cli_parse_load_options(&lopts, COMMAND, locale_text, NULL, NULL, &no_rules) != 0)
        goto done;
    lang = lopts.locale;
    if (lang_text && cli_parse_locale(&lang, COMMAND, lang_text) != 0)
        goto done;
    if (inputs.count) {
        code = cli_load_ledger(&ledger, COMMAND, &inputs, NULL, &lopts);
        if (code != 0)
            goto done;
    } else if (fl_ledger_new(&ledger) != FL_OK) {
        cli_fail(COMMAND, "out of memory");
        code = CLI_EXIT_IO;
        goto done;
    }
    tree = fl_ledger_sources(ledger);
    n = fl_source_tree_count(tree);
    order = malloc((n ? n : 1) * sizeof *order);
    if (!order) {
        cli_fail(COMMAND, "out of memory");
        code = CLI_EXIT_IO;
        goto done;
    }
    fl_source_tree_preorder(order, tree);
    for (i = 0; i < n; i++) {
        int s = order[i], depth = fl_source_tree_depth(tree, s), g = fl_source_tree_group(tree, s);
        if (i == 0 || g != last_group)
            printf("%s%s: %s\n", i ? "\n" : "", fl_source_tree_group_name(tree, g),
                   fl_source_tree_group_label(tree, g, lang));
        last_group = g;
        printf("%*s%-*s  %s\n", 2 * depth + 2, "", 16 - 2 * depth, fl_source_tree_code(tree, s),
               fl_source_tree_label(tree, s, lang));
    }
    if (fflush(stdout) != 0) {
        cli_fail(COMMAND, "writing the list failed");
        code = CLI_EXIT_IO;
        goto done;
    }
    code = CLI_EXIT_OK;
done:
    free(order);
    fl_ledger_free(ledger);
    cli_list_free(&inputs);
    cli_list_free(&no_rules);
    return code;
}
