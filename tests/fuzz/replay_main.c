/*
 * replay_main.c - runs a fuzz target over files and folders of inputs, with
 * no libFuzzer: the seed corpus and every crash found so far are replayed in
 * the ordinary ctest run, under whatever compiler and sanitizers the build
 * uses.  Usage: replay_TARGET FILE|FOLDER...
 */
#define _DEFAULT_SOURCE
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz_common.h"

static int run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    unsigned char *buf = NULL;
    size_t len = 0, cap = 0, n;

    if (!f) {
        perror(path);
        return 1;
    }
    do {
        if (cap - len < 65536) {
            unsigned char *bigger = realloc(buf, cap * 2 + 65536);
            if (!bigger) {
                fclose(f);
                free(buf);
                return 1;
            }
            buf = bigger;
            cap = cap * 2 + 65536;
        }
        n = fread(buf + len, 1, cap - len, f);
        len += n;
    } while (n > 0);
    fclose(f);
    LLVMFuzzerTestOneInput(buf, len);
    free(buf);
    return 0;
}

static int compare(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int run_path(const char *path, size_t *count)
{
    struct stat st;
    DIR *dir;
    struct dirent *d;
    char **names = NULL;
    size_t n = 0, i;
    int failed = 0;

    if (stat(path, &st) != 0) {
        perror(path);
        return 1;
    }
    if (!S_ISDIR(st.st_mode)) {
        (*count)++;
        return run_file(path);
    }
    dir = opendir(path);
    if (!dir)
        return 1;
    while ((d = readdir(dir)) != NULL) {
        char *full;
        if (d->d_name[0] == '.')
            continue;
        full = malloc(strlen(path) + strlen(d->d_name) + 2);
        names = realloc(names, (n + 1) * sizeof *names);
        if (!full || !names)
            return 1;
        sprintf(full, "%s/%s", path, d->d_name);
        names[n++] = full;
    }
    closedir(dir);
    qsort(names, n, sizeof *names, compare);
    for (i = 0; i < n; i++) {
        failed |= run_path(names[i], count);
        free(names[i]);
    }
    free(names);
    return failed;
}

int main(int argc, char **argv)
{
    size_t count = 0;
    int i, failed = 0;

    for (i = 1; i < argc; i++)
        failed |= run_path(argv[i], &count);
    printf("%zu inputs replayed\n", count);
    return failed || count == 0;
}
