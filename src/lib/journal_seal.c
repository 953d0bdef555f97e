/*
 * journal_seal.c - tamper evidence for journals: seal lines carrying the
 * SHA-256 of everything above them (OpenSSL's libcrypto computes the hash),
 * and their verification.
 */
#define _GNU_SOURCE /* memmem */
#include "journal_internal.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "ledger_internal.h"

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
    fl_locked_journal j = FL_LOCKED_JOURNAL_INIT;
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

/* Is there a seal line anywhere?  Most journals have none: then nothing is hashed, and
 * *lines gets the number of lines.  The pages read are given back as the scan goes, so a
 * large journal is not held in memory next to the ledger loaded from it. */
static bool has_seal_line(const fl_input_bytes *in, unsigned long *lines)
{
    static const char prefix[] = FL_JOURNAL_SEAL_PREFIX;
    const size_t n = sizeof prefix - 1, window = (size_t)1 << 20;
    const char *data = in->data;
    size_t pos = 0, released = 0, breaks = 0;

    if (in->len >= n && memcmp(data, prefix, n) == 0)
        return true;
    /* A seal line starts after a line break: look for "\n" + prefix. */
    while (pos < in->len) {
        size_t rest = in->len - pos, span = rest < window + n ? rest : window + n;
        if (memmem(data + pos, span, "\n" FL_JOURNAL_SEAL_PREFIX, n + 1))
            return true;
        breaks += fl_journal_count_lines(data + pos, rest < window ? rest : window);
        pos += rest < window ? rest : window;
        fl_input_consumed(in, &released, pos, NULL);
    }
    *lines = (unsigned long)breaks + (in->len > 0 && data[in->len - 1] != '\n');
    return false;
}

fl_status fl_journal_verify_seals(fl_journal_seal_check *out, const char *path, fl_error *err)
{
    fl_input_bytes in = {NULL, 0, 0};
    EVP_MD_CTX *running = NULL, *at_seal = NULL;
    const char *data;
    size_t len, pos = 0, hashed = 0;
    unsigned long line = 0, good_after = 0;
    size_t released = 0;
    fl_status status;
    fl_error e;

    memset(out, 0, sizeof *out);
    fl_error_clear(&e);
    status = fl_input_read(&in, path, &e);
    if (status != FL_OK) {
        fl_error_set_file(err, path);
        return fl_error_set(err, status == FL_ERR_NOMEM ? FL_ERR_NOMEM : FL_ERR_IO,
                            "cannot read the journal to check its seals: %s", e.message);
    }
    data = in.data;
    len = in.len;
    if (!has_seal_line(&in, &out->lines))
        goto done;
    /* One running hash over the file; at each seal a copy of it is finished, so checking k
     * seals reads the file once, not k times. */
    running = EVP_MD_CTX_new();
    at_seal = EVP_MD_CTX_new();
    if (!running || !at_seal || !EVP_DigestInit_ex(running, EVP_sha256(), NULL)) {
        status = fl_error_set(err, FL_ERR_NOMEM, "out of memory");
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
            unsigned char digest[EVP_MAX_MD_SIZE];
            unsigned int digest_len = 0, i;
            static const char hex[] = "0123456789abcdef";

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
            if (!EVP_DigestUpdate(running, data + hashed, pos - hashed) ||
                !EVP_MD_CTX_copy_ex(at_seal, running) ||
                !EVP_DigestFinal_ex(at_seal, digest, &digest_len)) {
                status = fl_error_set(err, FL_ERR_NOMEM, "out of memory hashing the journal");
                goto done;
            }
            hashed = pos;
            fl_input_consumed(&in, &released, hashed, NULL);
            for (i = 0; i < digest_len && i < 32; i++) {
                got[2 * i] = hex[digest[i] >> 4];
                got[2 * i + 1] = hex[digest[i] & 15];
            }
            got[64] = '\0';
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
    EVP_MD_CTX_free(running);
    EVP_MD_CTX_free(at_seal);
    fl_input_release(&in);
    return status;
}
