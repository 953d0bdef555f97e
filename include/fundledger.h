/*
 * fundledger.h - the public face of libfundledger.
 *
 * Exact ledgers of New Rural Development funding for Vietnamese districts.
 * Include this umbrella header, or the module headers in fundledger/.
 */
#ifndef FUNDLEDGER_H
#define FUNDLEDGER_H

#include "fundledger/common.h"
#include "fundledger/decimal.h"
#include "fundledger/amount.h"
#include "fundledger/calc.h"
#include "fundledger/source.h"
#include "fundledger/ledger.h"
#include "fundledger/claims.h"
#include "fundledger/report.h"
#include "fundledger/audit.h"
#include "fundledger/export.h"
#include "fundledger/rollup.h"
#include "fundledger/journal.h"
#include "fundledger/reconcile.h"

#endif
