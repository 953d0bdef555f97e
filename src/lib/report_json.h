/*
 * report_json.h - the JSON summary as a cJSON tree, for modules that extend
 * it (the export module adds "generator", "inputs", "period", "units",
 * "rules").  Private: the public API (fl_report_to_json) exposes no cJSON
 * type.
 */
#ifndef FL_LIB_REPORT_JSON_H
#define FL_LIB_REPORT_JSON_H

#include <cjson/cJSON.h>

#include "fundledger/report.h"

/**
 * Builds the "fundledger.summary/1" object that fl_report_to_json prints
 * (fields and order as documented there).  *out is a new tree the caller
 * frees with cJSON_Delete.  FL_ERR_NOMEM when an allocation fails.
 */
fl_status fl_report_to_cjson(cJSON **out, const fl_report *report, const fl_report_claim *claims,
                             size_t claim_count);

#endif
