/* cli_load.c - loading the ledger for report, check and export, with diagnostics. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

int cli_parse_rules(unsigned *disabled, const char *command, const cli_list *names)
{
    size_t i;

    for (i = 0; i < names->count; i++) {
        fl_rule rule;
        if (fl_rule_from_name(&rule, names->items[i]) != FL_OK) {
            int r;
            cli_fail(command, "unknown rule \"%s\"; the rules are:", names->items[i]);
            for (r = 0; r < FL_RULE_COUNT_; r++)
                fprintf(stderr, "  %s\n", fl_rule_name((fl_rule)r));
            return CLI_EXIT_BAD_INPUT;
        }
        *disabled |= 1u << rule;
    }
    return 0;
}

static int print_diagnostics(const char *command, const fl_diagnostics *diags)
{
    size_t i, count = fl_diagnostics_count(diags), total = fl_diagnostics_total(diags);
    int code = CLI_EXIT_BAD_INPUT;

    for (i = 0; i < count; i++) {
        const fl_error *e = fl_diagnostics_get(diags, i);
        cli_print_error(stderr, e);
        if (e->status == FL_ERR_IO || e->status == FL_ERR_NOMEM)
            code = CLI_EXIT_IO;
    }
    if (total > count)
        fprintf(stderr, "... and %zu more problems not shown\n", total - count);
    fprintf(stderr, "fundledger %s: %zu problem%s in the input; nothing was %s\n", command, total,
            total == 1 ? "" : "s",
            strcmp(command, "check") == 0     ? "checked"
            : strcmp(command, "report") == 0  ? "reported"
            : strcmp(command, "sources") == 0 ? "listed"
                                              : "written");
    return code;
}

int cli_load_ledger(fl_ledger **out, const char *command, const cli_list *inputs,
                    const cli_list *claims, const fl_load_options *opts)
{
    fl_ledger *ledger = NULL;
    fl_diagnostics *diags = NULL;
    size_t i;
    int code = 0;

    if (inputs->count == 0) {
        cli_fail(command, "give at least one ledger file or folder (see 'fundledger %s --help')",
                 command);
        return CLI_EXIT_BAD_INPUT;
    }
    if (fl_ledger_new(&ledger) != FL_OK || fl_diagnostics_new(&diags, 100) != FL_OK) {
        cli_fail(command, "out of memory");
        fl_ledger_free(ledger);
        return CLI_EXIT_IO;
    }
    for (i = 0; i < inputs->count; i++)
        fl_ledger_load(ledger, inputs->items[i], opts, diags);
    for (i = 0; claims && i < claims->count; i++)
        fl_ledger_load_claims(ledger, claims->items[i], opts, diags);
    if (fl_diagnostics_total(diags) == 0)
        fl_ledger_finish(ledger, opts, diags);
    if (fl_diagnostics_total(diags) > 0) {
        code = print_diagnostics(command, diags);
        fl_ledger_free(ledger);
        ledger = NULL;
    }
    fl_diagnostics_free(diags);
    *out = ledger;
    return code;
}
