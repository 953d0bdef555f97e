/*
 * export_internal.h - what export_json.c, export_xlsx*.c and rollup*.c
 * share.  Private to the library.
 */
#ifndef FL_LIB_EXPORT_INTERNAL_H
#define FL_LIB_EXPORT_INTERNAL_H

#include <cjson/cJSON.h>

#include "atomic_file.h"
#include "fundledger/export.h"

/** The schema name every summary carries. */
#define FL_SUMMARY_SCHEMA "fundledger.summary/1"

/**
 * The export's JSON summary as a cJSON tree (fields and order in
 * fundledger/export.h).  *out is freed with cJSON_Delete.
 */
fl_status fl_export__summary_cjson(cJSON **out, const fl_report *report, const fl_audit *audit,
                                   fl_error *err);

/** Prints a tree as the summaries are printed (cJSON_Print, then "\n"); free() the result. */
fl_status fl_export__print_json(char **out, const cJSON *root);

/** Begins an fl_atomic_file for path and writes text into it (not yet committed). */
fl_status fl_export__text_to_temp(fl_atomic_file *f, const char *path, const char *text,
                                  fl_error *err);

/** Writes text to path through an fl_atomic_file (see atomic_file.h). */
fl_status fl_export__write_text_file(const char *path, const char *text, fl_error *err);

#endif
