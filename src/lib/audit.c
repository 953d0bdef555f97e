/*
 * audit.c - the audit that "check" prints and "export" writes into its
 * Checks sheet: every claim evaluated against the ledger, and the audit
 * rules that need the whole ledger (parent-sum, estimate-present).  The
 * rules checked while loading (duplicate-refs, in-kind-value, fiscal-year)
 * stop the load when broken, so here they are "ok" or "off".
 */
#include "fundledger/audit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void fl_audit_free(fl_audit *a);

static char *dup_text(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

static fl_status add_finding(fl_audit_rule *rs, const char *text)
{
    char **grown;
    if (rs->finding_count == rs->finding_capacity) {
        size_t cap = rs->finding_capacity ? rs->finding_capacity * 2 : 4;
        grown = realloc(rs->findings, cap * sizeof *grown);
        if (!grown)
            return FL_ERR_NOMEM;
        rs->findings = grown;
        rs->finding_capacity = cap;
    }
    rs->findings[rs->finding_count] = dup_text(text);
    if (!rs->findings[rs->finding_count])
        return FL_ERR_NOMEM;
    rs->finding_count++;
    return FL_OK;
}

/*
 * "file:line: claim: reason", allocated to fit: a fixed buffer could cut a
 * long claim inside a UTF-8 character.  NULL when out of memory.
 */
const char *fl_audit_reason_text(const char *reason, fl_locale lang)
{
    if (!reason || lang != FL_LOCALE_VI)
        return reason;
    if (strcmp(reason, "no estimate") == 0)
        return "không có dự toán để so sánh";
    if (strcmp(reason, "the within total is zero") == 0)
        return "tổng của phạm vi so sánh (within) bằng 0";
    return reason;
}

static char *estimate_finding(const char *file, const fl_claim_line *cl, const char *reason)
{
    int size = snprintf(NULL, 0, "%s:%lu: %.*s: %s", file, (unsigned long)cl->line, (int)cl->len,
                        cl->text, reason);
    char *text = size < 0 ? NULL : malloc((size_t)size + 1);

    if (text)
        snprintf(text, (size_t)size + 1, "%s:%lu: %.*s: %s", file, (unsigned long)cl->line,
                 (int)cl->len, cl->text, reason);
    return text;
}

static fl_status check_parent_sum(fl_audit *a, const fl_report *report, fl_locale lang)
{
    const fl_ledger *ledger = fl_report_get_ledger(report);
    const fl_source_tree *tree = fl_ledger_sources(ledger);
    fl_audit_rule *rs = &a->rules[FL_RULE_PARENT_SUM];
    size_t i, n = fl_source_tree_count(tree);
    fl_format_options fo = FL_FORMAT_OPTIONS_INIT;

    fo.locale = lang;
    for (i = 0; i < n; i++) {
        int k;
        if (!fl_report_source_unallocated(report, i))
            continue;
        for (k = 0; k < 2; k++) {
            fl_dec_srcptr own = fl_report_source_own(report, i, (fl_entry_kind)k);
            char *amount = NULL, line[512];
            if (fl_dec_sign(own) == 0)
                continue;
            if (fl_amount_format(&amount, own, &fo, NULL) != FL_OK)
                return FL_ERR_NOMEM;
            snprintf(line, sizeof line,
                     lang == FL_LOCALE_VI
                         ? "%s: %s đồng (%s) ghi thẳng vào mã cha, không vào mã con nào"
                         : "%s: %s VND (%s) posted to the parent code itself, not to any child",
                     fl_source_tree_code(tree, (int)i), amount,
                     fl_entry_kind_name((fl_entry_kind)k));
            free(amount);
            if (add_finding(rs, line) != FL_OK)
                return FL_ERR_NOMEM;
        }
    }
    rs->state = rs->finding_count ? FL_AUDIT_RULE_BROKEN : FL_AUDIT_RULE_OK;
    return FL_OK;
}

static fl_status audit_run(fl_audit *a, const fl_ledger *ledger, const fl_report *report,
                           const fl_load_options *opts, fl_locale lang)
{
    size_t i, n = fl_ledger_claim_count(ledger);
    int r;
    fl_status st;

    memset(a, 0, sizeof *a);
    for (r = 0; r < FL_RULE_COUNT_; r++)
        a->rules[r].state =
            (opts->rules_disabled & (1u << r)) ? FL_AUDIT_RULE_OFF : FL_AUDIT_RULE_OK;
    a->claims = calloc(n ? n : 1, sizeof *a->claims);
    if (!a->claims)
        return FL_ERR_NOMEM;
    a->claim_count = n;
    for (i = 0; i < n; i++) {
        fl_audit_claim *c = &a->claims[i];
        const fl_claim_line *cl = fl_ledger_claim_line(ledger, i);
        c->line = cl;
        c->file = fl_ledger_input_path(ledger, cl->input);
        fl_claim_result_init(&c->result);
        fl_error_clear(&c->error);
        c->status = fl_claim_check(&c->result, ledger, i, &c->error);
        if (c->status != FL_OK) {
            a->claims_bad++;
            continue;
        }
        if (c->result.reason && (c->result.metric == FL_METRIC_OVER_ESTIMATE ||
                                 c->result.metric == FL_METRIC_OF_ESTIMATE)) {
            /* An over-estimate or of-estimate without an estimate: rule estimate-present. */
            if (a->rules[FL_RULE_ESTIMATE_PRESENT].state != FL_AUDIT_RULE_OFF) {
                char *line =
                    estimate_finding(c->file, cl, fl_audit_reason_text(c->result.reason, lang));

                if (!line)
                    return FL_ERR_NOMEM;
                a->rules[FL_RULE_ESTIMATE_PRESENT].state = FL_AUDIT_RULE_BROKEN;
                st = add_finding(&a->rules[FL_RULE_ESTIMATE_PRESENT], line);
                free(line);
                if (st != FL_OK)
                    return FL_ERR_NOMEM;
                a->claims_failed++;
            } else {
                a->claims_skipped++;
            }
            continue;
        }
        if (c->result.holds)
            a->claims_held++;
        else
            a->claims_failed++;
    }
    if (a->rules[FL_RULE_PARENT_SUM].state != FL_AUDIT_RULE_OFF) {
        st = check_parent_sum(a, report, lang);
        if (st != FL_OK)
            return st;
    }
    for (r = 0; r < FL_RULE_COUNT_; r++)
        if (a->rules[r].state == FL_AUDIT_RULE_BROKEN)
            a->rules_broken++;
    return FL_OK;
}

fl_status fl_audit_run(fl_audit *a, const fl_ledger *ledger, const fl_report *report,
                       const fl_load_options *opts, fl_locale lang)
{
    fl_status st = audit_run(a, ledger, report, opts, lang);
    if (st != FL_OK)
        fl_audit_free(a);
    return st;
}

void fl_audit_free(fl_audit *a)
{
    size_t i;
    int r;

    for (i = 0; i < a->claim_count; i++)
        fl_claim_result_clear(&a->claims[i].result);
    free(a->claims);
    for (r = 0; r < FL_RULE_COUNT_; r++) {
        for (i = 0; i < a->rules[r].finding_count; i++)
            free(a->rules[r].findings[i]);
        free(a->rules[r].findings);
    }
    memset(a, 0, sizeof *a);
}

const char *fl_audit_rule_description(fl_rule rule, fl_locale lang)
{
    static const char *const vi[FL_RULE_COUNT_] = {
        [FL_RULE_PARENT_SUM] = "mã cha bằng tổng các mã con; phần ghi thẳng vào mã cha là "
                               "phần chưa phân bổ",
        [FL_RULE_DUPLICATE_REFS] = "mỗi số chứng từ chỉ dùng một lần trong một đơn vị (nếu "
                                   "không, khoản tiền có thể bị tính hai lần)",
        [FL_RULE_IN_KIND_VALUE] = "giá trị hiện vật bằng đúng số lượng nhân đơn giá",
        [FL_RULE_FISCAL_YEAR] = "mọi ngày ghi sổ nằm trong năm ngân sách của tệp",
        [FL_RULE_ESTIMATE_PRESENT] = "mọi số liệu công bố so với dự toán đều có dự toán để "
                                     "so sánh",
    };

    if (lang == FL_LOCALE_VI && (unsigned)rule < FL_RULE_COUNT_ && vi[rule])
        return vi[rule];
    return fl_rule_description(rule);
}

const char *fl_audit_rule_state_name(fl_audit_rule_state s)
{
    switch (s) {
    case FL_AUDIT_RULE_OK:
        return "ok";
    case FL_AUDIT_RULE_BROKEN:
        return "broken";
    default:
        return "off";
    }
}

/* Writes a canonical decimal for people: grouped, in the language's convention. */
char *fl_audit_human_number(const char *canonical, fl_locale lang)
{
    fl_dec v;
    fl_format_options fo = FL_FORMAT_OPTIONS_INIT;
    char *out = NULL;

    if (!canonical)
        return NULL;
    fl_dec_init(v);
    fo.locale = lang;
    /* No fallback to the canonical text: "172.46" in a Vietnamese line would read as 17.246. */
    if (fl_dec_set_str(v, canonical, strlen(canonical), NULL) != FL_OK ||
        fl_amount_format(&out, v, &fo, NULL) != FL_OK)
        out = NULL;
    fl_dec_clear(v);
    return out;
}
