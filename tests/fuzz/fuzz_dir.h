/*
 * fuzz_dir.h - a private scratch folder for targets that must go through
 * files (the loader reads paths; includes resolve beside the journal).
 */
#ifndef FL_FUZZ_DIR_H
#define FL_FUZZ_DIR_H

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz_common.h"

/* The folder, created once per process under $TMPDIR (or /tmp). */
static const char *fuzz_dir(void)
{
    static char dir[512];
    if (!dir[0]) {
        const char *tmp = getenv("TMPDIR");
        snprintf(dir, sizeof dir, "%s/fl-fuzz-XXXXXX", tmp && *tmp ? tmp : "/tmp");
        if (!mkdtemp(dir))
            fuzz_fail("cannot make a scratch folder");
    }
    return dir;
}

/* Writes data to NAME in the scratch folder; the path goes to buf. */
static void fuzz_write(char *buf, size_t size, const char *name, const void *data, size_t len)
{
    FILE *f;
    snprintf(buf, size, "%s/%s", fuzz_dir(), name);
    f = fopen(buf, "wb");
    if (!f || (len && fwrite(data, 1, len, f) != len) || fclose(f) != 0)
        fuzz_fail("cannot write a scratch file");
}

#endif
