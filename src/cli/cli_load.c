/* cli_load.c - loading the ledger for report, check and export, with diagnostics. */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

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

/* What a command that stops on bad input did not do: "nothing was checked". */
static const char *nothing_done(const char *command)
{
    if (strcmp(command, "check") == 0)
        return "checked";
    if (strcmp(command, "report") == 0)
        return "reported";
    if (strcmp(command, "sources") == 0)
        return "listed";
    return "written";
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
            total == 1 ? "" : "s", nothing_done(command));
    return code;
}

/* --- progress on a terminal -------------------------------------------------------- */

/* A load that takes more than a second shows "fundledger: reading FILE: 412.000 entries
 * (310.000/s)" on stderr, refreshed at most four times a second with \r and cleared when
 * the load ends; only when stderr is a terminal. */
static struct {
    double start, last;
    size_t shown; /* characters of the line on the terminal, 0: none */
    char separator;
} progress;

static double now_seconds(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* n with a separator every three digits: 412.000 (vi), 412,000 (en). */
static void group_digits(char *out, size_t size, size_t n, char separator)
{
    char digits[32];
    int len = snprintf(digits, sizeof digits, "%zu", n), i;
    size_t o = 0;

    for (i = 0; i < len && o + 2 < size; i++) {
        if (i > 0 && (len - i) % 3 == 0)
            out[o++] = separator;
        out[o++] = digits[i];
    }
    out[o] = '\0';
}

static void show_progress(const char *path, size_t entries)
{
    double t = now_seconds(), elapsed = t - progress.start;
    char count[40], rate[40];
    int n;

    if (elapsed < 1.0 || t - progress.last < 0.25)
        return;
    progress.last = t;
    group_digits(count, sizeof count, entries, progress.separator);
    group_digits(rate, sizeof rate, (size_t)((double)entries / elapsed), progress.separator);
    n = fprintf(stderr, "\rfundledger: reading %s: %s entries (%s/s)", path, count, rate);
    if (n > 0 && (size_t)n - 1 < progress.shown)
        fprintf(stderr, "%*s", (int)(progress.shown - ((size_t)n - 1)), "");
    if (n > 0 && (size_t)n - 1 > progress.shown)
        progress.shown = (size_t)n - 1;
    fflush(stderr);
}

static void clear_progress(void)
{
    if (!progress.shown)
        return;
    fprintf(stderr, "\r%*s\r", (int)progress.shown, "");
    fflush(stderr);
    progress.shown = 0;
}

/* Loads the inputs and claims into a new ledger, collecting every problem in *diags; prints
 * nothing.  Returns 0, or CLI_EXIT_IO when memory ran out before anything was read. */
static int load_quietly(fl_ledger **ledger, fl_diagnostics **diags, const cli_list *inputs,
                        const cli_list *claims, const fl_load_options *opts)
{
    size_t i;

    *ledger = NULL;
    *diags = NULL;
    if (fl_ledger_new(ledger) != FL_OK || fl_diagnostics_new(diags, 100) != FL_OK) {
        fl_ledger_free(*ledger);
        *ledger = NULL;
        return CLI_EXIT_IO;
    }
    for (i = 0; i < inputs->count; i++)
        fl_ledger_load(*ledger, inputs->items[i], opts, *diags);
    for (i = 0; claims && i < claims->count; i++)
        fl_ledger_load_claims(*ledger, claims->items[i], opts, *diags);
    if (fl_diagnostics_total(*diags) == 0)
        fl_ledger_finish(*ledger, opts, *diags);
    return 0;
}

/* Prints the problems of a load; a ledger with problems is freed (*ledger = NULL). */
static int report_load(fl_ledger **ledger, fl_diagnostics *diags, const char *command)
{
    int code = 0;

    if (fl_diagnostics_total(diags) > 0) {
        code = print_diagnostics(command, diags);
        fl_ledger_free(*ledger);
        *ledger = NULL;
    }
    fl_diagnostics_free(diags);
    return code;
}

/* The options with the progress line when stderr is a terminal (see show_progress). */
static const fl_load_options *with_progress(fl_load_options *shown, const fl_load_options *opts)
{
    if (!opts || !isatty(STDERR_FILENO))
        return opts;
    progress.start = progress.last = now_seconds();
    progress.shown = 0;
    progress.separator = opts->locale == FL_LOCALE_VI ? '.' : ',';
    *shown = *opts;
    shown->progress = show_progress;
    return shown;
}

int cli_load_ledger(fl_ledger **out, const char *command, const cli_list *inputs,
                    const cli_list *claims, const fl_load_options *opts)
{
    fl_diagnostics *diags = NULL;
    fl_load_options shown;
    int code;

    *out = NULL;
    if (inputs->count == 0) {
        cli_fail(command, "give at least one ledger file or folder (see 'fundledger %s --help')",
                 command);
        return CLI_EXIT_BAD_INPUT;
    }
    code = load_quietly(out, &diags, inputs, claims, with_progress(&shown, opts));
    clear_progress();
    if (code != 0) {
        cli_fail(command, "out of memory");
        return code;
    }
    return report_load(out, diags, command);
}

typedef struct side_load {
    fl_ledger *ledger;
    fl_diagnostics *diags;
    const cli_list *inputs;
    const fl_load_options *opts;
    int code;
} side_load;

static void *load_side(void *arg)
{
    side_load *s = arg;

    s->code = load_quietly(&s->ledger, &s->diags, s->inputs, NULL, s->opts);
    return NULL;
}

int cli_load_two(fl_ledger **a, fl_ledger **b, const char *command, const cli_list *a_inputs,
                 const cli_list *b_inputs, const fl_load_options *opts)
{
    side_load second = {NULL, NULL, b_inputs, opts, 0};
    fl_diagnostics *diags = NULL;
    fl_load_options shown;
    pthread_t thread;
    bool threaded;
    int code;

    *a = *b = NULL;
    if (a_inputs->count == 0 || b_inputs->count == 0)
        return cli_load_ledger(a_inputs->count ? b : a, command,
                               a_inputs->count ? b_inputs : a_inputs, NULL, opts);
    /* The two ledgers share nothing: B is read on a second thread while A is read here (with
     * the progress line, which only A's reading updates). */
    threaded = pthread_create(&thread, NULL, load_side, &second) == 0;
    code = load_quietly(a, &diags, a_inputs, NULL, with_progress(&shown, opts));
    clear_progress();
    if (threaded)
        pthread_join(thread, NULL);
    if (code != 0) {
        cli_fail(command, "out of memory");
    } else {
        code = report_load(a, diags, command);
        diags = NULL;
    }
    if (code == 0 && !threaded)
        load_side(&second);
    if (code == 0 && second.code != 0) {
        cli_fail(command, "out of memory");
        code = second.code;
    }
    if (code == 0) {
        code = report_load(&second.ledger, second.diags, command);
        second.diags = NULL;
    }
    *b = second.ledger;
    if (code != 0) {
        /* as when A and B are read one after the other: A's problems alone are shown */
        fl_ledger_free(*a);
        fl_ledger_free(second.ledger);
        *a = *b = NULL;
    }
    fl_diagnostics_free(diags);
    fl_diagnostics_free(second.diags);
    return code;
}

int cli_load_and_audit(fl_ledger **ledger, fl_report **report, fl_audit *audit, const char *command,
                       const cli_list *inputs, const cli_list *claims, const fl_load_options *opts,
                       fl_locale lang)
{
    fl_error err;
    fl_status st;
    size_t i;
    int code;

    *report = NULL;
    memset(audit, 0, sizeof *audit);
    code = cli_load_ledger(ledger, command, inputs, claims, opts);
    if (code != 0)
        return code;
    fl_error_clear(&err);
    st = fl_report_new(report, *ledger, NULL, &err);
    if (st == FL_OK) {
        st = fl_audit_run(audit, *ledger, *report, opts, lang);
        if (st != FL_OK)
            cli_fail(command, "%s", fl_strerror(st));
    } else {
        cli_print_error(stderr, &err);
    }
    if (st != FL_OK) {
        code = cli_exit_for_status(st);
    } else if (audit->claims_bad) {
        /* A claim that cannot be read is bad input, like a bad entry: report every one. */
        for (i = 0; i < audit->claim_count; i++)
            if (audit->claims[i].status != FL_OK)
                cli_print_error(stderr, &audit->claims[i].error);
        fprintf(stderr, "fundledger %s: %zu claim%s could not be read; nothing was %s\n", command,
                audit->claims_bad, audit->claims_bad == 1 ? "" : "s", nothing_done(command));
        code = CLI_EXIT_BAD_INPUT;
    }
    if (code != 0) {
        fl_audit_free(audit);
        fl_report_free(*report);
        fl_ledger_free(*ledger);
        *report = NULL;
        *ledger = NULL;
    }
    return code;
}
