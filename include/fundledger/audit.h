/*
 * fundledger/audit.h - the audit of a loaded ledger: every claim evaluated
 * against it and the state of every audit rule, as "fundledger check"
 * prints it and the export's Checks sheet and JSON summary record it.
 *
 * The rules checked while loading (duplicate-refs, in-kind-value,
 * fiscal-year) stop the load when broken, so in an audit they are "ok" or
 * "off"; parent-sum and estimate-present need the whole ledger and are
 * decided here.  A claim that cannot be read (syntax, unknown code or unit)
 * is counted in claims_bad with its error; one whose denominator is zero
 * breaks estimate-present (or is skipped when that rule is off).
 *
 * Ownership: fl_audit_run fills a caller-owned fl_audit that
 * fl_audit_free releases; it points into the ledger, which must outlive it.
 */
#ifndef FUNDLEDGER_AUDIT_H
#define FUNDLEDGER_AUDIT_H

#include "claims.h"
#include "ledger.h"
#include "report.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The audit: claims evaluated and whole-ledger rules (fl_audit.c). */
typedef enum fl_audit_rule_state {
    FL_AUDIT_RULE_OK = 0,
    FL_AUDIT_RULE_BROKEN,
    FL_AUDIT_RULE_OFF
} fl_audit_rule_state;

typedef struct fl_audit_rule {
    fl_audit_rule_state state;
    char **findings; /* one line per problem found */
    size_t finding_count, finding_capacity;
} fl_audit_rule;

typedef struct fl_audit_claim {
    const fl_claim_line *line;
    const char *file;
    fl_status status; /* FL_OK: evaluated (see result); else `error` says why not */
    fl_error error;
    fl_claim_result result;
} fl_audit_claim;

typedef struct fl_audit {
    fl_audit_claim *claims;
    size_t claim_count;
    size_t claims_held, claims_failed, claims_skipped, claims_bad;
    fl_audit_rule rules[FL_RULE_COUNT_];
    size_t rules_broken;
} fl_audit;

/**
 * Evaluates every claim of the ledger and the whole-ledger rules.  `lang`
 * is the language of the findings' text.  FL_ERR_NOMEM on failure (the
 * audit is then freed and zeroed).
 */
fl_status fl_audit_run(fl_audit *a, const fl_ledger *ledger, const fl_report *report,
                       const fl_load_options *opts, fl_locale lang);
void fl_audit_free(fl_audit *a);
/** The rule's description in a language (fl_rule_description is the English one); static. */
const char *fl_audit_rule_description(fl_rule rule, fl_locale lang);

/** Why a claim could not be evaluated (fl_claim_result.reason) in a language; static. */
const char *fl_audit_reason_text(const char *reason, fl_locale lang);

/** "ok", "broken", "off"; static storage. */
const char *fl_audit_rule_state_name(fl_audit_rule_state s);
/** A canonical decimal ("151463210000") for people ("151.463.210.000"); free() it.  NULL
 *  when canonical is NULL or memory ran out. */
char *fl_audit_human_number(const char *canonical, fl_locale lang);

#ifdef __cplusplus
}
#endif

#endif
