/* export_xlsx.c - the workbook (in progress). */
#include "fundledger/export.h"

#include "error.h"

fl_status fl_export_write_xlsx(const char *path, const fl_report *report, const fl_audit *audit,
                               const fl_export_options *opts, fl_error *err)
{
    (void)path;
    (void)report;
    (void)audit;
    (void)opts;
    return fl_error_set(err, FL_ERR_UNSUPPORTED, "the workbook is not written yet");
}
