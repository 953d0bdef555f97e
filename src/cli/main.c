/* main.c - the fundledger command: dispatches to one function per command. */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>

static const cli_command commands[] = {
    {"check", cli_check_usage, cli_cmd_check,
     "check a ledger: load every input, evaluate its claims and audit rules"},
    {"report", cli_report_usage, cli_cmd_report,
     "exact totals by source, unit, month or estimate against actual"},
    {"export", cli_export_usage, cli_cmd_export,
     "write the workbook (.xlsx) and JSON summary for the province"},
    {"rollup", cli_rollup_usage, cli_cmd_rollup,
     "add district summaries up into one summary, exactly"},
    {"add", cli_add_usage, cli_cmd_add, "validate one entry and append it to a journal, locked"},
    {"reverse", cli_reverse_usage, cli_cmd_reverse,
     "append the exact opposite of an entry (a correction, never an edit)"},
    {"seal", cli_seal_usage, cli_cmd_seal,
     "append a SHA-256 seal of the journal (tamper evidence; check verifies it)"},
    {"sources", cli_sources_usage, cli_cmd_sources,
     "list the funding-source codes (NTM and THU trees) and their labels"},
    {"calc", cli_calc_usage, cli_cmd_calc, "exact calculator for checking published figures"},
    {"reconcile", cli_reconcile_usage, cli_cmd_reconcile,
     "reconcile two ledgers: matched, differences, only in one side, bridge"},
};

static void print_usage(FILE *out)
{
    size_t i;

    fputs("usage: fundledger COMMAND [OPTIONS] [--] ARGUMENTS...\n"
          "       fundledger --version | --help\n\n"
          "Exact ledgers of New Rural Development funding.\n\ncommands:\n",
          out);
    for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fputs("\n'fundledger COMMAND --help' describes a command.\n"
          "Exit codes: 0 success, 1 differences found, 2 bad input or usage, 3 I/O failure.\n",
          out);
}

/* Inputs are mapped into memory while they are read (src/lib/ledger_load.c).  If another
 * program truncates a file during that time, the kernel sends SIGBUS on the next access to
 * the missing part: say so and stop, instead of dying with "Bus error".  Nothing is written
 * before the inputs are read, and outputs are replaced atomically, so nothing is lost. */
static void on_sigbus(int sig)
{
    static const char message[] =
        "fundledger: an input file became shorter while it was being read (was it being "
        "edited or truncated?); nothing was written: run the command again\n";
    ssize_t ignored = write(2, message, sizeof message - 1);
    (void)ignored;
    (void)sig;
    _exit(CLI_EXIT_IO);
}

int main(int argc, char **argv)
{
    size_t i;
    struct sigaction sa;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigbus;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGBUS, &sa, NULL);

    if (argc < 2) {
        print_usage(stderr);
        return CLI_EXIT_BAD_INPUT;
    }
    if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
        printf("fundledger %s\n", fl_version());
        return CLI_EXIT_OK;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0) {
        print_usage(stdout);
        return CLI_EXIT_OK;
    }
    for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "fundledger: unknown command \"%s\" (see 'fundledger --help')\n", argv[1]);
    return CLI_EXIT_BAD_INPUT;
}
