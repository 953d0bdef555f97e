/* cmd_reconcile.c - "fundledger reconcile": two ledgers side by side (being written). */
#include "cli.h"

const char cli_reconcile_usage[] = "usage: fundledger reconcile [OPTIONS] A... --against B...\n";

int cli_cmd_reconcile(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    cli_fail("reconcile", "not implemented yet");
    return CLI_EXIT_BAD_INPUT;
}
