/*
 * fundledger/rollup.h - adding district summaries up into one: what a
 * province does with the "fundledger.summary/1" files its districts send,
 * without their entries.
 *
 * Each summary is read strictly: the schema and currency must match, every
 * amount must be canonical decimal text (read exactly, never through a
 * double), and the summary must add up: each group's total equals its
 * top-level codes, each parent its children plus what is posted to it
 * directly, and the units and months their group's total.  A summary that
 * does not (edited by hand, cut short) is refused with
 * file:line:column pointing at the figure.  The same district twice (by
 * its code, else its name) and the same input file inside two summaries are
 * refused too.
 *
 * The result is itself a "fundledger.summary/1" document: sums by source
 * code and by group, each district a unit, months summed, shares and
 * percentages against the estimate recomputed from the sums; so districts
 * roll up into a province and provinces into the nation the same way.
 *
 * A district is named by the summary's one unit whose kind is neither
 * "xa", "phuong" nor "thi-tran" (a district declares itself, e.g.
 * `unit "Huyện Kim Sơn" code=376 kind=huyen`); without one, by the file's
 * name without ".json".
 *
 * Ownership: fl_rollup_new gives an object freed with fl_rollup_free;
 * fl_rollup_to_json's string is freed with free().
 */
#ifndef FUNDLEDGER_ROLLUP_H
#define FUNDLEDGER_ROLLUP_H

#include "common.h"
#include "export.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct fl_rollup fl_rollup;

/** An empty roll-up. */
fl_status fl_rollup_new(fl_rollup **out);
/** Frees it; NULL is fine. */
void fl_rollup_free(fl_rollup *rollup);

/**
 * Reads one summary from text[0..len) (named `path` in messages) and adds
 * it.  FL_ERR_SYNTAX (not JSON, a malformed amount), FL_ERR_VALIDATION
 * (another schema or currency, figures that do not add up, the same
 * district or input twice) with err's file, line and column; the roll-up
 * is then unchanged.
 */
fl_status fl_rollup_add(fl_rollup *rollup, const char *path, const char *text, size_t len,
                        fl_error *err);

/** Reads the file and fl_rollup_add's it; FL_ERR_IO when it cannot be read. */
fl_status fl_rollup_add_file(fl_rollup *rollup, const char *path, fl_error *err);

/** The number of summaries added. */
size_t fl_rollup_count(const fl_rollup *rollup);

/** The roll-up as a "fundledger.summary/1" document; free() the string. */
fl_status fl_rollup_to_json(char **out, const fl_rollup *rollup, fl_error *err);

/** Writes fl_rollup_to_json's document to path safely (temporary file, rename). */
fl_status fl_rollup_write_json(const char *path, const fl_rollup *rollup, fl_error *err);

/**
 * Writes the province workbook to xlsx_path and the JSON document to
 * json_path (either may be NULL; not both), as a pair: both are written to
 * temporary files first and renamed into place together; if the second
 * rename fails the first file is put back, so both are new or both old.
 *
 * The workbook (docs/export.md): "Theo huyện" (By district), per group and
 * kind a table of district x top-level source with SUM formulas for each
 * district's total, each source's total and the group's total, each with
 * its exact cached value (groups are never added together); "Theo nguồn"
 * (By source), every code with its sums and each group's total; "Kiểm tra"
 * (Checks), the summaries read and the cells written as text.  opts: the
 * language, scale and creation time (NULL: defaults), as for export.
 */
fl_status fl_rollup_write(const char *xlsx_path, const char *json_path, const fl_rollup *rollup,
                          const fl_export_options *opts, fl_error *err);

#ifdef __cplusplus
}
#endif

#endif
