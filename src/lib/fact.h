/*
 * fact.h - an entry reduced to what totals and claims need (its "fact"),
 * and exact accumulators of facts.
 *
 * Every entry loaded becomes a fact, whether or not the entry itself is
 * kept (fl_load_options.skip_entries): reports, claims and the checks
 * across inputs read facts only, so `check` and `report` never hold a
 * million full entries.  A fact's amount is held in thousandths of a đồng
 * in an int64 when it fits exactly; otherwise (more than about 9.2 million
 * tỷ, finer than a thousandth, or any other exponent that does not fit) it
 * is a "big" fact whose exact fl_dec is kept aside by the ledger.
 *
 * An accumulator adds facts in an int64 with an overflow check; on
 * overflow the partial sum moves into a GMP decimal, so totals are exact at
 * any size.  The result is the very fl_dec that adding the amounts one by
 * one with fl_dec_add onto a zero would give, exponent included (sums keep
 * the smallest exponent of their terms, so "1,5" + "2" is 3,5 and
 * "1.000" + "2.000" stays a whole number).
 */
#ifndef FL_LIB_FACT_H
#define FL_LIB_FACT_H

#include <stdint.h>

#include "fundledger/ledger.h"
#include "fundledger/source.h"

/** fl_fact.exponent of a big fact: fl_fact.milli is then an index in the ledger's big amounts. */
#define FL_FACT_BIG INT8_MIN

/* 24 bytes: a million facts are 24 MB, written once while loading and read by each report. */
typedef struct fl_fact {
    int64_t milli; /* the amount in thousandths of a đồng, exact; or see FL_FACT_BIG */
    fl_date date;
    uint32_t unit;
    uint32_t line;   /* the entry's line in its input (fl_ledger_fact_input) */
    int16_t source;  /* a tree holds at most FL_SOURCE_COUNT_MAX codes */
    uint8_t kind;    /* fl_entry_kind */
    int8_t exponent; /* the amount's exponent, at most 0 (-3..0), or FL_FACT_BIG */
} fl_fact;

_Static_assert(FL_SOURCE_COUNT_MAX <= INT16_MAX, "a fact holds its source code's index in 16 bits");

/** The input a fact was read from (the inputs of successive facts change rarely). */
uint32_t fl_ledger_fact_input(const fl_ledger *ledger, size_t fact);

/**
 * The ledger's facts, one per entry loaded (fl_ledger_entry_count of them),
 * in load order; *bigs gets the big amounts they refer to.
 */
const fl_fact *fl_ledger_facts(const fl_ledger *ledger, const fl_dec_struct **bigs);

/**
 * Makes the fact's amount from an exact decimal: *big_out is set to true
 * when it must be kept as a big amount (f->milli is then left for the
 * caller to set to its index).
 */
void fl_fact_set_amount(fl_fact *f, const fl_dec amount, bool *big_out);

/** The fact's amount as an exact decimal (big: a copy of the kept one). */
fl_status fl_fact_amount(fl_dec out, const fl_fact *f, const fl_dec_struct *bigs);

/** Whether a's amount is exactly minus b's. */
bool fl_fact_opposite(const fl_fact *a, const fl_fact *b, const fl_dec_struct *bigs);

/** An exact running sum of facts; zero-initialise (FL_ACC_INIT), release with fl_acc_clear. */
typedef struct fl_acc {
    int64_t milli;   /* the part still in an int64, thousandths of a đồng */
    int8_t exponent; /* smallest exponent added so far (0 at first) */
    fl_dec_struct
        *big; /* the rest, exact; NULL until the int64 would overflow or a big fact comes */
} fl_acc;

#define FL_ACC_INIT                                                                                \
    {                                                                                              \
        0, 0, NULL                                                                                 \
    }

/** Adds a fact's amount; fails only when memory runs out or a sum outgrows fl_dec. */
fl_status fl_acc_add_slow(fl_acc *a, const fl_fact *f, const fl_dec_struct *bigs);

static inline fl_status fl_acc_add(fl_acc *a, const fl_fact *f, const fl_dec_struct *bigs)
{
    int64_t sum;

    if (f->exponent != FL_FACT_BIG && !__builtin_add_overflow(a->milli, f->milli, &sum)) {
        a->milli = sum;
        if (f->exponent < a->exponent)
            a->exponent = f->exponent;
        return FL_OK;
    }
    return fl_acc_add_slow(a, f, bigs);
}

/** The exact sum, as fl_dec_add would have made it. */
fl_status fl_acc_value(fl_dec out, const fl_acc *a);

/** Frees what the accumulator holds and makes it zero again. */
void fl_acc_clear(fl_acc *a);

/**
 * The sum and count of a source's entries of one kind, kept by the ledger as it loads
 * (fl_ledger_source_sums), so a claim over sources only needs no pass over the facts.
 */
typedef struct fl_source_sum {
    fl_acc sum;
    size_t count;
} fl_source_sum;

/**
 * The per-source sums: [source * 2 + kind] for sources below *count (later ones have no
 * entries).  NULL when there are none.
 */
const fl_source_sum *fl_ledger_source_sums(const fl_ledger *ledger, size_t *count);

#endif
