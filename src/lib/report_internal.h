/*
 * report_internal.h - what the report's renderers (report_text.c,
 * report_csv.c, report_json.c) share beyond the public accessors: the
 * source tree in the order a report shows it, the groups' names, and
 * the formatting of amounts.
 */
#ifndef FL_LIB_REPORT_INTERNAL_H
#define FL_LIB_REPORT_INTERNAL_H

#include "fundledger/report.h"

/** A group's name as reports and JSON write it ("NTM", "THU"); owned by the tree. */
const char *fl_report__group_code(const fl_report *report, int group);
/** A group's headline label in a locale; owned by the tree. */
const char *fl_report__group_label(const fl_report *report, int group, fl_locale locale);

/** Number of codes in the report's source tree. */
size_t fl_report__source_count(const fl_report *report);
/** The source shown k-th (tree order: a parent before its children, siblings in order). */
size_t fl_report__source_in_order(const fl_report *report, size_t k);
/** Depth of a code: 0 for a top-level code. */
size_t fl_report__source_depth(const fl_report *report, size_t source);
/** The parent of a code, or -1 for a top-level code. */
int fl_report__source_parent(const fl_report *report, size_t source);
/** Whether a code has children in the tree. */
bool fl_report__source_has_children(const fl_report *report, size_t source);
/** The group of a code. */
int fl_report__source_group(const fl_report *report, size_t source);
/** The code ("CD.TM"); owned by the ledger. */
const char *fl_report__source_code(const fl_report *report, size_t source);
/** The label in a locale; owned by the ledger. */
const char *fl_report__source_label(const fl_report *report, size_t source, fl_locale locale);
/** The index (for fl_report_top_source, fl_report_unit_cell) of a code's top-level ancestor. */
size_t fl_report__source_top(const fl_report *report, size_t source);

/**
 * Formats an amount for a renderer: fl_amount_format at `scale` with
 * `places`, or, when places is -1, with just the places the scaled value
 * needs (so 0 shows as "0" and 1.250.000.000 at triệu as "1.250", never
 * "1.250,000000").  plain: canonical machine form.  *out is freed by the caller.
 */
fl_status fl_report__format_amount(char **out, const fl_dec v, fl_scale scale, long places,
                                   fl_locale locale, bool plain);

#endif
