/* cli_util.c - argument parsing and diagnostics shared by every command. */
#include "cli.h"

#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void cli_list_push(cli_list *list, const char *item)
{
    if (list->count == list->capacity) {
        size_t capacity = list->capacity ? list->capacity * 2 : 8;
        const char **items = realloc(list->items, capacity * sizeof *items);
        if (!items) {
            fputs("fundledger: out of memory\n", stderr);
            exit(CLI_EXIT_IO);
        }
        list->items = items;
        list->capacity = capacity;
    }
    list->items[list->count++] = item;
}

void cli_list_free(cli_list *list)
{
    free(list->items);
    list->items = NULL;
    list->count = list->capacity = 0;
}

void cli_fail(const char *command, const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "fundledger %s: ", command);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

static const cli_option *find_option(const cli_option *options, size_t count, const char *name,
                                     size_t name_len)
{
    size_t i;

    for (i = 0; i < count; i++)
        if (strlen(options[i].name) == name_len && memcmp(options[i].name, name, name_len) == 0)
            return &options[i];
    return NULL;
}

int cli_parse(int argc, char **argv, const char *command, const char *usage,
              const cli_option *options, size_t option_count, cli_list *positional,
              bool *help_shown)
{
    int i;
    bool options_done = false;

    *help_shown = false;
    for (i = 1; i < argc; i++) {
        const char *arg = argv[i];
        const char *name, *equals, *value = NULL;
        const cli_option *opt;
        size_t name_len;

        if (options_done || arg[0] != '-' || arg[1] != '-' || positional->count > 0) {
            /* Options come before the positional arguments (and "--" ends them). */
            if (!options_done && strcmp(arg, "--") == 0) {
                options_done = true;
                continue;
            }
            if (!options_done && positional->count > 0 && arg[0] == '-' && arg[1] == '-' &&
                arg[2] != '\0') {
                cli_fail(command, "option %s must come before the arguments (or use \"--\" first)",
                         arg);
                return CLI_EXIT_BAD_INPUT;
            }
            cli_list_push(positional, arg);
            continue;
        }
        if (arg[2] == '\0') {
            options_done = true;
            continue;
        }
        name = arg + 2;
        equals = strchr(name, '=');
        name_len = equals ? (size_t)(equals - name) : strlen(name);
        if (name_len == 4 && memcmp(name, "help", 4) == 0) {
            fputs(usage, stdout);
            *help_shown = true;
            return 0;
        }
        opt = find_option(options, option_count, name, name_len);
        if (!opt) {
            cli_fail(command, "unknown option --%.*s (see 'fundledger %s --help')", (int)name_len,
                     name, command);
            return CLI_EXIT_BAD_INPUT;
        }
        if (opt->kind == CLI_FLAG) {
            if (equals) {
                cli_fail(command, "option --%s takes no value", opt->name);
                return CLI_EXIT_BAD_INPUT;
            }
            *(bool *)opt->target = true;
            continue;
        }
        if (equals) {
            value = equals + 1;
        } else if (i + 1 < argc) {
            value = argv[++i];
        } else {
            cli_fail(command, "option --%s needs a value", opt->name);
            return CLI_EXIT_BAD_INPUT;
        }
        if (opt->kind == CLI_VALUE)
            *(const char **)opt->target = value;
        else
            cli_list_push((cli_list *)opt->target, value);
    }
    return 0;
}

void cli_print_error(FILE *out, const fl_error *err)
{
    char message[FL_ERROR_FILE_MAX + FL_ERROR_MESSAGE_MAX + 64];
    unsigned long column;
    const unsigned char *p;

    if (!err->file[0] && err->line && err->column) {
        /* Input that is not a file (a calc expression): "1:7: ...", not a bare "7: ...",
         * which reads like a line number. */
        fprintf(out, "%lu:%lu: %s\n", err->line, err->column,
                err->message[0] ? err->message : fl_strerror(err->status));
    } else {
        fl_error_format(message, sizeof message, err);
        fprintf(out, "%s\n", message);
    }
    if (!err->source_line[0])
        return;
    fprintf(out, "    %s\n", err->source_line);
    column = 1;
    for (p = (const unsigned char *)err->source_line; *p; p++)
        if ((*p & 0xC0) != 0x80)
            column++;
    /* No caret when the whole line is at fault, nor when the column lies beyond
     * the part of a long line that was kept: it would point at the wrong place. */
    if (!err->column || err->column > column)
        return;
    /* The caret goes under the column-th character; tabs are kept so it lines up. */
    fputs("    ", out);
    column = 1;
    for (p = (const unsigned char *)err->source_line; *p && column < err->column; p++) {
        if ((*p & 0xC0) == 0x80)
            continue;
        fputc(*p == '\t' ? '\t' : ' ', out);
        column++;
    }
    fputs("^\n", out);
}

int cli_exit_for_status(fl_status status)
{
    return status == FL_ERR_IO ? CLI_EXIT_IO : CLI_EXIT_BAD_INPUT;
}

int cli_parse_locale(fl_locale *out, const char *command, const char *text)
{
    if (fl_locale_from_name(out, text) != FL_OK) {
        cli_fail(command, "unknown locale \"%s\" (use vi or en)", text);
        return CLI_EXIT_BAD_INPUT;
    }
    return 0;
}

int cli_parse_rounding(fl_rounding *out, const char *command, const char *text)
{
    if (fl_rounding_from_name(out, text) != FL_OK) {
        cli_fail(command,
                 "unknown rounding mode \"%s\" (use half-up, half-even, half-down, up, down, "
                 "ceiling, floor or exact)",
                 text);
        return CLI_EXIT_BAD_INPUT;
    }
    return 0;
}

int cli_parse_scale(fl_scale *out, const char *command, const char *text)
{
    if (fl_scale_from_name(out, text) != FL_OK) {
        cli_fail(command, "unknown scale \"%s\" (use dong, nghin, trieu, ty or nghin-ty)", text);
        return CLI_EXIT_BAD_INPUT;
    }
    return 0;
}

int cli_parse_places(long *out, const char *command, const char *text)
{
    size_t i, n = strlen(text);
    long v = 0;

    /* Only plain digits: strtol would also take " 2", "\t2", "+2" and "-0". */
    for (i = 0; i < n && n <= 4; i++) {
        if (text[i] < '0' || text[i] > '9')
            break;
        v = v * 10 + (text[i] - '0');
    }
    if (n == 0 || n > 4 || i < n || v > 1000) {
        cli_fail(command, "--places needs a whole number from 0 to 1000, not \"%s\"", text);
        return CLI_EXIT_BAD_INPUT;
    }
    *out = v;
    return 0;
}
