/*
 * fuzz_common.h - shared by the fuzz targets: each defines
 * LLVMFuzzerTestOneInput and is linked either with libFuzzer (clang,
 * -DFUNDLEDGER_FUZZ=ON) or with replay_main.c, which runs every file of the
 * seed corpus in the ordinary ctest build.
 *
 * An oracle that fails calls fuzz_fail(), which aborts: libFuzzer and the
 * replay driver both report the input that did it.
 */
#ifndef FL_FUZZ_COMMON_H
#define FL_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static inline void fuzz_fail(const char *what)
{
    fprintf(stderr, "fuzz oracle failed: %s\n", what);
    abort();
}

#endif
