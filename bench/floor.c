/* floor.c - the parse floor of the benchmark: the least work that reads a
 * generated CSV ledger (bench/gen.py) and totals it.
 *
 *   floor FILE.csv vi|en
 *
 * Streams the file through a 1 MiB buffer with read(), walks it once, takes the source (field 3)
 * and the amount (field 4) of each row, turns the amount into an int64 count
 * of thousandths of a đồng and adds it to its top-level source.  No
 * validation beyond what the walk needs, no dates, no units, no Unicode, no
 * error positions: a lower bound for any real reader, not a competitor.
 * The sums are __int128 because at 10M generated entries the grand total in
 * thousandths exceeds INT64_MAX.  Prints "CODE TOTAL" lines and "entries N".
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef __int128 i128;

static const char *const top_level[] = {"NS", "LG", "TD", "DN", "CD", "KH"};
#define TOP_COUNT 6

static void print_thousandths(const char *label, i128 v)
{
    char digits[64];
    int n = 0;
    int frac;
    i128 whole;
    if (v < 0) {
        fputs("floor: negative total\n", stderr);
        exit(1);
    }
    whole = v / 1000;
    frac = (int)(v % 1000);
    do {
        digits[n++] = (char)('0' + (int)(whole % 10));
        whole /= 10;
    } while (whole > 0);
    printf("%s ", label);
    while (n > 0)
        putchar(digits[--n]);
    if (frac) {
        char f[4];
        snprintf(f, sizeof f, "%03d", frac);
        for (n = 2; n > 0 && f[n] == '0'; n--)
            f[n] = 0;
        printf(".%s", f);
    }
    putchar('\n');
}

/* Adds the complete lines in [p, end) (each ends with '\n'); returns where the
 * first incomplete line starts. */
static char *sum_lines(char *p, char *end, char delim, char group, char mark, i128 *totals,
                       int64_t *entries)
{
    for (;;) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *src;
        int64_t whole = 0, frac = 0;
        int frac_digits = 0, in_frac = 0, field, i;
        if (!nl)
            return p;
        /* fields 1 and 2 (date, unit) never hold the delimiter in generated data */
        for (field = 0; field < 2; field++)
            p = (char *)memchr(p, delim, (size_t)(nl - p)) + 1;
        src = p;
        p = (char *)memchr(p, delim, (size_t)(nl - p)) + 1;
        if (*p == '"')
            p++;
        for (;; p++) {
            char c = *p;
            if (c >= '0' && c <= '9') {
                if (in_frac) {
                    frac = frac * 10 + (c - '0');
                    frac_digits++;
                } else
                    whole = whole * 10 + (c - '0');
            } else if (c == mark)
                in_frac = 1;
            else if (c != group)
                break;
        }
        while (frac_digits < 3) {
            frac *= 10;
            frac_digits++;
        }
        for (i = 0; i < TOP_COUNT; i++)
            if (src[0] == top_level[i][0] && src[1] == top_level[i][1])
                break;
        if (i == TOP_COUNT) {
            fprintf(stderr, "floor: unknown source at entry %lld\n", (long long)*entries + 1);
            exit(1);
        }
        totals[i] += (i128)whole * 1000 + frac;
        ++*entries;
        p = nl + 1;
    }
}

int main(int argc, char **argv)
{
    enum { CHUNK = 1 << 20 };
    static char buf[2 * CHUNK];
    i128 totals[TOP_COUNT] = {0};
    int64_t entries = 0;
    char delim, group, mark;
    size_t have = 0;
    int fd, i, header = 1;

    if (argc != 3 || (strcmp(argv[2], "vi") != 0 && strcmp(argv[2], "en") != 0)) {
        fputs("usage: floor FILE.csv vi|en\n", stderr);
        return 2;
    }
    if (strcmp(argv[2], "vi") == 0) {
        delim = ';';
        group = '.';
        mark = ',';
    } else {
        delim = ',';
        group = ',';
        mark = '.';
    }
    fd = open(argv[1], O_RDONLY);
    if (fd < 0) {
        perror(argv[1]);
        return 3;
    }
    /* Streams the file through a fixed buffer: a partial last line moves to
     * the front and the next read completes it (lines are far below CHUNK). */
    for (;;) {
        ssize_t r = read(fd, buf + have, CHUNK);
        char *p = buf, *rest;
        if (r < 0) {
            perror(argv[1]);
            return 3;
        }
        if (r == 0)
            break;
        have += (size_t)r;
        if (header) {
            char *nl = memchr(buf, '\n', have);
            if (!nl)
                continue;
            p = nl + 1;
            header = 0;
        }
        rest = sum_lines(p, buf + have, delim, group, mark, totals, &entries);
        have = (size_t)(buf + have - rest);
        memmove(buf, rest, have);
    }
    close(fd);
    {
        i128 grand = 0;
        for (i = 0; i < TOP_COUNT; i++) {
            print_thousandths(top_level[i], totals[i]);
            grand += totals[i];
        }
        print_thousandths("NTM", grand);
    }
    printf("entries %lld\n", (long long)entries);
    return 0;
}
