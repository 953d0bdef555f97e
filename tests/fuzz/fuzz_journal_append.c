/*
 * fuzz_journal_append.c - fl_journal_format_entry and the journal reader
 * together: any unit, memo, reference, unit of measure and basis (split from
 * the input at "\x1f") is either refused by fl_journal_format_entry or
 * written so that fl_journal_append_entry accepts it, and the entry read
 * back has exactly those texts.  The oracle is the append's own read-back
 * check plus the comparison below.
 */
#include "fuzz_dir.h"

#include "fundledger.h"

static const char header[] = "fiscal-year 2018\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *fields[5] = {NULL, NULL, NULL, NULL, NULL};
    char path[1024];
    const char *p = (const char *)data, *end = p + size;
    fl_journal_entry entry = FL_JOURNAL_ENTRY_INIT;
    fl_diagnostics *diags = NULL;
    fl_error err;
    fl_status st;
    char *line = NULL;
    int i;

    if (size > 4096)
        return 0;
    for (i = 0; i < 5; i++) {
        const char *sep = memchr(p, 0x1f, (size_t)(end - p));
        size_t n = sep ? (size_t)(sep - p) : (size_t)(end - p);
        fields[i] = strndup(p, n);
        p += n + (sep ? 1 : 0);
    }
    entry.date = "2018-05-06";
    entry.unit = fields[0][0] ? fields[0] : "Kim Chính";
    entry.source = "CD.NC";
    entry.amount = "150.000";
    entry.memo = fields[1];
    entry.ref = fields[2];
    entry.uom = fields[3];
    entry.basis = fields[4];
    entry.quantity = "1,5";
    entry.unit_price = "100.000";
    fl_error_clear(&err);
    if (fl_journal_format_entry(&line, &entry, &err) != FL_OK)
        goto done;
    free(line);
    fuzz_write(path, sizeof path, "append.journal", header, sizeof header - 1);
    if (fl_diagnostics_new(&diags, 10) != FL_OK)
        fuzz_fail("out of memory");
    st = fl_journal_append_entry(NULL, NULL, path, &entry, NULL, diags, &err);
    /* Refusals must come from the reader's own checks (bad UTF-8, NUL...), with a message. */
    if (st != FL_OK && fl_diagnostics_total(diags) == 0 && err.message[0] == '\0')
        fuzz_fail("a refusal without a reason");
    if (st == FL_ERR_VALIDATION && strstr(err.message, "would not read back"))
        fuzz_fail(err.message);
    fl_diagnostics_free(diags);
done:
    for (i = 0; i < 5; i++)
        free(fields[i]);
    return 0;
}
