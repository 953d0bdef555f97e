#define _GNU_SOURCE /* memmem */
/*
 * fuzz_journal.c - the journal loader (fl_ledger_load on a file holding the
 * input, then fl_ledger_finish).  Beside it lie a small valid journal and CSV
 * file that fuzzed include lines can name.  Inputs that include a path with
 * a "/" are skipped, so the fuzzer cannot reach /dev/zero or a FIFO.
 * Oracles: a clean load has consistent entries (valid unit and source
 * indexes, lines inside the file, only reversals negative, per-input counts
 * adding up), and a failed load has at least one diagnostic with a message.
 */
#include "fuzz_dir.h"

#include "fundledger.h"

static const char side_journal[] = "locale vi\n2018-01-02 \"Kim Hải\" CD.TM 1.000 ref=S1\n";
static const char side_csv[] = "Ngày,Đơn vị,Nguồn,Số tiền\n02/01/2018,Kim Mỹ,NS.DP.XA,2.500\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int ready;
    char path[1024], side[1024];
    fl_load_options opts = FL_LOAD_OPTIONS_INIT;
    fl_ledger *ledger = NULL;
    fl_diagnostics *diags = NULL;
    size_t i, counted = 0;

    if (size > 1 << 20)
        return 0;
    if (memmem(data, size, "include", 7) && memchr(data, '/', size))
        return 0;
    if (!ready) {
        fuzz_write(side, sizeof side, "side.journal", side_journal, sizeof side_journal - 1);
        fuzz_write(side, sizeof side, "side.csv", side_csv, sizeof side_csv - 1);
        ready = 1;
    }
    fuzz_write(path, sizeof path, "input.journal", data, size);
    if (fl_ledger_new(&ledger) != FL_OK || fl_diagnostics_new(&diags, 100) != FL_OK)
        fuzz_fail("out of memory");
    fl_ledger_load(ledger, path, &opts, diags);
    if (fl_diagnostics_total(diags) == 0)
        fl_ledger_finish(ledger, &opts, diags);
    if (fl_diagnostics_total(diags) > 0) {
        const fl_error *e = fl_diagnostics_get(diags, 0);
        if (!e || e->message[0] == '\0' || e->status == FL_OK)
            fuzz_fail("a problem without a status or message");
    } else {
        for (i = 0; i < fl_ledger_entry_count(ledger); i++) {
            const fl_entry *e = fl_ledger_entry(ledger, i);
            if (e->unit >= fl_ledger_unit_count(ledger) || e->source < 0 ||
                (size_t)e->source >= fl_source_tree_count(fl_ledger_sources(ledger)) ||
                e->input >= fl_ledger_input_count(ledger) || e->line == 0)
                fuzz_fail("an entry with an index out of range");
            if (fl_dec_sign(e->amount) < 0 && !e->reverses)
                fuzz_fail("a negative amount that is not a reversal");
        }
        for (i = 0; i < fl_ledger_input_count(ledger); i++)
            counted += fl_ledger_input_entries(ledger, i);
        if (counted != fl_ledger_entry_count(ledger))
            fuzz_fail("entries per input do not add up");
    }
    fl_diagnostics_free(diags);
    fl_ledger_free(ledger);
    return 0;
}
