/* cmd_check.c - "fundledger check": load a ledger, evaluate its claims and the audit rules. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

const char cli_check_usage[] =
    "usage: fundledger check [OPTIONS] [--] FILE|FOLDER...\n"
    "\n"
    "Loads every input (CSV ledgers, journals, claims files, folders of them),\n"
    "validates every line, then evaluates every claim (\"claim ...\" lines in\n"
    "journals, and .claims files) against the exact totals and applies the\n"
    "audit rules. Each claim is printed with its exact value and, when it\n"
    "fails, the difference. See docs/claims.md for the claim language.\n"
    "\n"
    "audit rules (turn one off with --no-rule NAME):\n"
    "  parent-sum        a parent code equals the sum of its children (no money\n"
    "                    posted to a parent code that has children)\n"
    "  duplicate-refs    a document reference is used once per unit\n"
    "  in-kind-value     an in-kind entry's amount is quantity x unit price\n"
    "  fiscal-year       every date lies in its file's fiscal year\n"
    "  estimate-present  every claim against the estimate has an estimate\n"
    "\n"
    "options:\n"
    "  --claims FILE      read claims from FILE too (repeatable)\n"
    "  --locale vi|en     number convention of the input files, and of the output\n"
    "                     unless --lang is given (default vi)\n"
    "  --lang vi|en       language and number format of the output\n"
    "  --delimiter D      CSV delimiter: comma, semicolon or tab (default: detect)\n"
    "  --fiscal-year YYYY the fiscal year every date must lie in\n"
    "  --no-rule NAME     turn an audit rule off (repeatable)\n"
    "  --quiet            print only failures and the summary line\n"
    "  --help             show this help\n"
    "\n"
    "example:\n"
    "  $ fundledger check samples/kimson-2018\n"
    "\n"
    "Exit codes: 0 every claim holds and every rule is kept, 1 a claim fails or\n"
    "a rule is broken, 2 bad input or usage (every problem is printed as\n"
    "file:line:column: message; nothing is checked), 3 an input could not be read.\n";

#define COMMAND "check"

/* Prints s left-aligned in `width` characters (UTF-8 code points, not bytes). */
static void print_padded(const char *s, int width)
{
    int chars = 0;
    const unsigned char *p;
    for (p = (const unsigned char *)s; *p; p++)
        if ((*p & 0xC0) != 0x80)
            chars++;
    fputs(s, stdout);
    for (; chars < width; chars++)
        putchar(' ');
}

/* Prints one evaluated claim; false (nothing printed) when memory ran out. */
static bool print_claim(const fl_audit_claim *c, fl_locale lang)
{
    const bool percent = fl_claim_metric_is_percent(c->result.metric);
    const bool count = c->result.metric == FL_METRIC_COUNT;
    const fl_claim_result *r = &c->result;
    char *value = fl_audit_human_number(r->value, lang),
         *figure = fl_audit_human_number(r->figure, lang),
         *diff = fl_audit_human_number(r->difference, lang),
         *rounded = fl_audit_human_number(r->rounded, lang);
    char *num = fl_audit_human_number(r->numerator, lang),
         *den = fl_audit_human_number(r->denominator, lang);
    const char *unit = percent ? " %" : count ? "" : (lang == FL_LOCALE_VI ? " đồng" : " VND");
    const bool vi = lang == FL_LOCALE_VI;
    const bool complete = (!r->value || value) && (!r->figure || figure) &&
                          (!r->difference || diff) && (!r->rounded || rounded) &&
                          (!r->numerator || num) && (!r->denominator || den);

    if (!complete)
        goto done;

    fputs("  ", stdout);
    print_padded(r->holds ? (vi ? "đúng" : "holds") : (vi ? "SAI" : "FAILS"), 7);
    printf("%s:%u: %.*s\n", c->file, c->line->line, (int)c->line->len, c->line->text);
    printf("         %s %s%s%s", vi ? "giá trị" : "value", r->value_exact ? "" : "≈", value, unit);
    if (rounded && r->rounded && strcmp(r->rounded, r->value) != 0)
        printf(" (%s %s%s)", vi ? "làm tròn" : "rounded", rounded, unit);
    if (num && den)
        printf(" = %s / %s", num, den);
    printf("; %s %zu\n", vi ? "số bút toán" : "entries", r->entries);
    if (!r->holds)
        printf("         %s %s%s, %s %s%s%s\n", vi ? "con số công bố" : "published figure", figure,
               unit, vi ? "chênh lệch" : "difference",
               (r->difference && r->difference[0] != '-' && strcmp(r->difference, "0") != 0) ? "+"
                                                                                             : "",
               diff ? diff : "", unit);
done:
    free(value);
    free(figure);
    free(diff);
    free(rounded);
    free(num);
    free(den);
    return complete;
}

int cli_cmd_check(int argc, char **argv)
{
    const char *lang_text = NULL, *locale_text = NULL, *delimiter_text = NULL,
               *fiscal_year_text = NULL;
    bool help_shown = false, quiet = false;
    cli_list inputs = {0}, no_rules = {0}, claims = {0};
    const cli_option options[] = {
        {"claims", CLI_LIST, &claims},
        {"lang", CLI_VALUE, &lang_text},
        {"locale", CLI_VALUE, &locale_text},
        {"delimiter", CLI_VALUE, &delimiter_text},
        {"fiscal-year", CLI_VALUE, &fiscal_year_text},
        {"no-rule", CLI_LIST, &no_rules},
        {"quiet", CLI_FLAG, &quiet},
    };
    fl_load_options lopts = FL_LOAD_OPTIONS_INIT;
    fl_locale lang = FL_LOCALE_VI;
    fl_ledger *ledger = NULL;
    fl_report *report = NULL;
    fl_audit audit;
    bool audited = false, vi;
    fl_date first, last;
    char d1[11], d2[11];
    size_t i, seals_broken;
    int code, r;

    code = cli_parse(argc, argv, COMMAND, cli_check_usage, options,
                     sizeof options / sizeof options[0], &inputs, &help_shown);
    if (code != 0 || help_shown)
        goto done;
    code = CLI_EXIT_BAD_INPUT;
    if (cli_parse_load_options(&lopts, COMMAND, locale_text, delimiter_text, fiscal_year_text,
                               &no_rules) != 0)
        goto done;
    /* Output follows the inputs' convention unless --lang says otherwise. */
    lang = lopts.locale;
    /* nothing shown here names an input by its hash or shows a memo */
    lopts.skip_input_hash = true;
    lopts.skip_memos = true;
    lopts.skip_entries = true; /* totals only: the entries are never listed */
    if (lang_text && cli_parse_locale(&lang, COMMAND, lang_text) != 0)
        goto done;
    vi = lang == FL_LOCALE_VI;

    code = cli_load_and_audit(&ledger, &report, &audit, COMMAND, &inputs, &claims, &lopts, lang);
    audited = code == 0;
    if (code != 0)
        goto done;

    fl_ledger_period(ledger, &first, &last);
    fl_date_format(d1, first);
    fl_date_format(d2, last);
    if (!quiet) {
        printf(vi ? "%zu tệp, %zu bút toán, %zu đơn vị, từ %s đến %s\n"
                  : "%zu files, %zu entries, %zu units, from %s to %s\n",
               fl_ledger_input_count(ledger), fl_ledger_entry_count(ledger),
               fl_ledger_unit_count(ledger), first ? d1 : "-", last ? d2 : "-");
        printf("\n%s\n", vi ? "Quy tắc kiểm tra" : "Audit rules");
    }
    for (r = 0; r < FL_RULE_COUNT_; r++) {
        const fl_audit_rule *rs = &audit.rules[r];
        if (quiet && rs->state != FL_AUDIT_RULE_BROKEN)
            continue;
        fputs("  ", stdout);
        print_padded(rs->state == FL_AUDIT_RULE_OK    ? (vi ? "đạt" : "ok")
                     : rs->state == FL_AUDIT_RULE_OFF ? (vi ? "tắt" : "off")
                                                      : (vi ? "VI PHẠM" : "BROKEN"),
                     8);
        printf("%-17s %s\n", fl_rule_name((fl_rule)r), fl_audit_rule_description((fl_rule)r, lang));
        for (i = 0; i < rs->finding_count; i++)
            printf("          %s\n", rs->findings[i]);
    }
    if (!quiet && audit.claim_count)
        printf("\n%s\n", vi ? "Số liệu công bố" : "Claims");
    for (i = 0; i < audit.claim_count; i++) {
        const fl_audit_claim *c = &audit.claims[i];
        if (c->result.reason) {
            if (!quiet || c->result.metric == FL_METRIC_SHARE ||
                audit.rules[FL_RULE_ESTIMATE_PRESENT].state == FL_AUDIT_RULE_BROKEN) {
                fputs("  ", stdout);
                const bool against_estimate = c->result.metric == FL_METRIC_OVER_ESTIMATE ||
                                              c->result.metric == FL_METRIC_OF_ESTIMATE;
                const bool skipped =
                    against_estimate &&
                    audit.rules[FL_RULE_ESTIMATE_PRESENT].state == FL_AUDIT_RULE_OFF;
                const char *reason = fl_audit_reason_text(c->result.reason, lang);
                print_padded(skipped ? (vi ? "BỎ QUA" : "SKIP") : (vi ? "SAI" : "FAILS"), 7);
                printf("%s:%u: %.*s\n         %s\n", c->file, c->line->line, (int)c->line->len,
                       c->line->text, reason);
            }
            continue;
        }
        if (quiet && c->result.holds)
            continue;
        if (!print_claim(c, lang)) {
            fflush(stdout);
            cli_fail(COMMAND, "out of memory writing the claims");
            code = CLI_EXIT_IO;
            goto done;
        }
    }
    seals_broken = cli_check_seals(ledger, vi, quiet);
    printf(vi ? "\n%zu số liệu: %zu đúng, %zu sai%s; %d quy tắc: %zu vi phạm\n"
              : "\n%zu claims: %zu hold, %zu fail%s; %d rules: %zu broken\n",
           audit.claim_count, audit.claims_held, audit.claims_failed,
           audit.claims_skipped ? (vi ? ", có số liệu bỏ qua" : ", some skipped") : "",
           (int)FL_RULE_COUNT_, audit.rules_broken);
    if (fflush(stdout) != 0) {
        cli_fail(COMMAND, "writing the output failed");
        code = CLI_EXIT_IO;
        goto done;
    }
    code = (audit.claims_failed || audit.rules_broken || seals_broken) ? CLI_EXIT_DIFFERENCES
                                                                       : CLI_EXIT_OK;
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
