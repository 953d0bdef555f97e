/*
 * journal_seal.c - tamper evidence for journals: seal lines carrying the
 * SHA-256 of everything above them (OpenSSL's libcrypto computes the hash),
 * and their verification.
 */
#include "journal_internal.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"

#define LINES_KEY "lines="
#define SHA_KEY "sha256="

static void sha256_hex(char out[65], const char *data, size_t len)
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int digest_len = 0, i;
    static const char hex[] = "0123456789abcdef";

    EVP_Digest(data, len, digest, &digest_len, EVP_sha256(), NULL);
    for (i = 0; i < digest_len && i < 32; i++) {
        out[2 * i] = hex[digest[i] >> 4];
        out[2 * i + 1] = hex[digest[i] & 15];
    }
    out[64] = '\0';
}

fl_status fl_journal_seal(fl_journal_append_result *result, char **written, const char *path,
                          const fl_load_options *opts, fl_diagnostics *diags, fl_error *err)
{
    fl_locked_journal j = {-1, false, NULL, 0};
    char hash[65], line[200];
    fl_status status;

    if (written)
        *written = NULL;
    status = fl_journal_check_path(path, err);
    if (status != FL_OK)
        return status;
    status = fl_journal_lock(&j, path, err);
    if (status != FL_OK)
        goto done;
    if (j.created) {
        fl_error_set_file(err, path);
        status = fl_error_set(err, FL_ERR_NOT_FOUND, "there is no journal to seal");
        goto done;
    }
    sha256_hex(hash, j.data, j.len);
    snprintf(line, sizeof line, FL_JOURNAL_SEAL_PREFIX SHA_KEY "%s " LINES_KEY "%zu\n", hash,
             fl_journal_count_lines(j.data, j.len));
    status = fl_journal_validate_and_append(result, &j, path, line, opts, NULL, NULL, diags, err);
done:
    if (status != FL_OK)
        fl_journal_forget_created(&j, path);
    fl_journal_unlock(&j);
    if (status == FL_OK && written) {
        line[strlen(line) - 1] = '\0';
        *written = strdup(line);
    }
    return status;
}

/* Reads "sha256=HEX lines=N" after the prefix; false when malformed. */
static bool parse_seal(const char *text, size_t len, char hash[65], unsigned long *lines)
{
    size_t prefix = strlen(FL_JOURNAL_SEAL_PREFIX), i;
    const char *p = text + prefix;
    char *end;

    if (len < prefix + strlen(SHA_KEY) + 64 + 1 + strlen(LINES_KEY) + 1 ||
        memcmp(p, SHA_KEY, strlen(SHA_KEY)) != 0)
        return false;
    p += strlen(SHA_KEY);
    for (i = 0; i < 64; i++) {
        char c = p[i];
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
        hash[i] = c;
    }
    hash[64] = '\0';
    p += 64;
    if (*p != ' ' || memcmp(p + 1, LINES_KEY, strlen(LINES_KEY)) != 0)
        return false;
    p += 1 + strlen(LINES_KEY);
    if (*p < '0' || *p > '9')
        return false;
    *lines = strtoul(p, &end, 10);
    while (end < text + len && (*end == ' ' || *end == '\r'))
        end++;
    return end == text + len;
}

fl_status fl_journal_verify_seals(fl_journal_seal_check *out, const char *path, fl_error *err)
{
    FILE *f = fopen(path, "rb");
    char *data = NULL;
    size_t len = 0, capacity = 0, pos = 0, n;
    unsigned long line = 0, good_after = 0;
    fl_status status = FL_OK;

    memset(out, 0, sizeof *out);
    if (!f) {
        fl_error_set_file(err, path);
        return fl_error_set(err, FL_ERR_IO, "cannot open the journal to check its seals");
    }
    do {
        if (capacity - len < 65536) {
            char *bigger = realloc(data, capacity * 2 + 65536);
            if (!bigger) {
                status = fl_error_set(err, FL_ERR_NOMEM, "out of memory");
                goto done;
            }
            data = bigger;
            capacity = capacity * 2 + 65536;
        }
        n = fread(data + len, 1, capacity - len, f);
        len += n;
    } while (n > 0);
    if (ferror(f)) {
        fl_error_set_file(err, path);
        status = fl_error_set(err, FL_ERR_IO, "cannot read the journal to check its seals");
        goto done;
    }
    while (pos < len) {
        const char *start = data + pos, *nl = memchr(start, '\n', len - pos);
        size_t line_len = nl ? (size_t)(nl - start) : len - pos;
        char want[65], got[65];
        unsigned long lines;

        line++;
        if (line_len >= strlen(FL_JOURNAL_SEAL_PREFIX) &&
            memcmp(start, FL_JOURNAL_SEAL_PREFIX, strlen(FL_JOURNAL_SEAL_PREFIX)) == 0) {
            if (!parse_seal(start, line_len, want, &lines)) {
                fl_error_set_file(err, path);
                status = fl_error_set_at(err, FL_ERR_SYNTAX, line, 1,
                                         "a malformed seal line (expected \"%ssha256=HEX "
                                         "lines=N\")",
                                         FL_JOURNAL_SEAL_PREFIX);
                goto done;
            }
            out->seals++;
            out->last_seal = line;
            sha256_hex(got, data, pos);
            if (strcmp(want, got) == 0 && lines == line - 1) {
                if (!out->broken)
                    good_after = line;
            } else if (out->broken++ == 0) {
                out->first_broken = line;
            }
        }
        pos += line_len + (nl ? 1 : 0);
    }
    out->lines = line;
    out->changed_from = out->broken ? good_after + 1 : 0;
done:
    fclose(f);
    free(data);
    return status;
}
