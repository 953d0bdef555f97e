/*
 * source.c - the funding-source tree (see fundledger/source.h).
 *
 * Codes live in one array indexed by their stable index; the tree shape is
 * kept as parent / first child / last child / next sibling links, so a new
 * code is appended to its parent's children in O(1) and the display order is
 * a walk of those links.  Lookup goes through an open-addressing hash table
 * of indices whose hash ignores ASCII case.  Strings (declared codes and
 * labels) live in an arena; built-in ones point at static storage.
 */
#include "fundledger/source.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "arena.h"
#include "error.h"

typedef struct source_node {
    const char *code;     /* canonical upper case, NUL-terminated */
    const char *label[2]; /* [0] Vietnamese, [1] English; never NULL */
    uint64_t hash;
    size_t len;
    int parent;
    int first_child;
    int last_child;
    int next_sibling;
    int group;
    int depth; /* 0 for a top-level code */
} source_node;

typedef struct source_group {
    const char *name;
    const char *label[2];
    int first_top;
    int last_top;
} source_group;

struct fl_source_tree {
    source_node *nodes;
    size_t count;
    size_t capacity;
    int *slots;        /* node indices, -1 = empty */
    size_t slot_count; /* a power of two, at least twice count */
    source_group groups[FL_SOURCE_GROUP_COUNT_MAX];
    size_t group_count;
    fl_arena strings;
};

/* --- the built-in tree (DOMAIN.md, "Funding sources") ----------------------------- */

typedef struct builtin_source {
    const char *code;
    const char *label_vi;
    const char *label_en;
} builtin_source;

/* In display order: a parent before its children. */
static const builtin_source builtin_ntm[] = {
    {"NS", "Ngân sách nhà nước", "State budget"},
    {"NS.TW", "Ngân sách trung ương", "Central budget"},
    {"NS.TW.DTPT", "Vốn đầu tư phát triển", "Development investment"},
    {"NS.TW.SN", "Vốn sự nghiệp", "Recurrent funds"},
    {"NS.TW.TPCP", "Trái phiếu Chính phủ", "Government bonds"},
    {"NS.DP", "Ngân sách địa phương", "Local budget"},
    {"NS.DP.TINH", "Ngân sách tỉnh", "Provincial budget"},
    {"NS.DP.HUYEN", "Ngân sách huyện", "District budget"},
    {"NS.DP.XA", "Ngân sách xã", "Commune budget"},
    {"LG", "Vốn lồng ghép các chương trình, dự án khác", "Integrated programme funds"},
    {"TD", "Vốn tín dụng", "Credit"},
    {"TD.CS", "Vốn tín dụng chính sách", "Policy credit"},
    {"TD.TM", "Vốn tín dụng thương mại", "Commercial credit"},
    {"DN", "Vốn doanh nghiệp, hợp tác xã", "Enterprises, cooperatives"},
    {"CD", "Huy động từ cộng đồng dân cư", "Community contributions"},
    {"CD.TM", "Tiền mặt", "Cash"},
    {"CD.NC", "Ngày công lao động quy đổi", "Labour days, valued"},
    {"CD.HD", "Hiến đất quy đổi", "Donated land, valued"},
    {"CD.VT", "Vật tư, hiện vật quy đổi", "Materials in kind, valued"},
    {"CD.TDT", "Người dân tự đầu tư, chỉnh trang", "Households' own investment"},
    {"KH", "Nguồn khác", "Other sources"},
    {"KH.TT", "Tài trợ", "Donations"},
    {"KH.NN", "Vốn nước ngoài", "Foreign funds"},
};

static const builtin_source builtin_thu[] = {
    {"THU", "Thu ngân sách nhà nước trên địa bàn", "State budget revenue in the district"},
    {"THU.ND", "Thu nội địa", "Domestic revenue"},
    {"THU.ND.NQD", "Thu từ khu vực công thương nghiệp ngoài quốc doanh",
     "Revenue from non-state industry and commerce"},
    {"THU.ND.SDD", "Thu tiền sử dụng đất", "Land use fees"},
    {"THU.ND.TNCN", "Thuế thu nhập cá nhân", "Personal income tax"},
    {"THU.ND.LPTB", "Lệ phí trước bạ", "Registration fees"},
    {"THU.ND.PHI", "Thu phí, lệ phí", "Fees and charges"},
    {"THU.ND.KHAC", "Thu khác ngân sách", "Other budget revenue"},
    {"THU.XNK", "Thu từ hoạt động xuất nhập khẩu", "Revenue from imports and exports"},
};

typedef struct builtin_group {
    const char *name;
    const char *label_vi;
    const char *label_en;
    const builtin_source *sources;
    size_t count;
} builtin_group;

static const builtin_group builtin_groups[] = {
    {"NTM", "Tổng nguồn lực huy động xây dựng nông thôn mới",
     "Total resources mobilized for New Rural Development", builtin_ntm,
     sizeof builtin_ntm / sizeof builtin_ntm[0]},
    {"THU", "Thu ngân sách nhà nước trên địa bàn", "State budget revenue in the district",
     builtin_thu, sizeof builtin_thu / sizeof builtin_thu[0]},
};

/* --- text helpers ----------------------------------------------------------------- */

/* Codes are ASCII: case is folded by hand, never by the C locale. */
static unsigned char ascii_upper(unsigned char c)
{
    return c >= 'a' && c <= 'z' ? (unsigned char)(c - 'a' + 'A') : c;
}

static bool is_code_char(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

/* FNV-1a over the upper-cased bytes, so "cd.tm" and "CD.TM" hash alike. */
static uint64_t hash_code(const char *s, size_t len)
{
    uint64_t h = 1469598103934665603ULL;
    size_t i;

    for (i = 0; i < len; i++) {
        h ^= ascii_upper((unsigned char)s[i]);
        h *= 1099511628211ULL;
    }
    return h ^ (h >> 29);
}

static bool equal_ignoring_case(const char *canonical, const char *s, size_t len)
{
    size_t i;

    for (i = 0; i < len; i++)
        if ((unsigned char)canonical[i] != ascii_upper((unsigned char)s[i]))
            return false;
    return true;
}

/*
 * Copies user text into buf for a message: at most 80 bytes, cut at a
 * character boundary with "..." appended, control characters and bytes that
 * are not UTF-8 shown as "?", so a message is always one line of valid UTF-8.
 */
static void quote_text(char *buf, size_t size, const char *s, size_t len)
{
    const size_t shown_max = size < 84 ? size - 4 : 80;
    size_t in = 0, n = 0;

    while (in < len) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t step =
            utf8proc_iterate((const utf8proc_uint8_t *)s + in, (utf8proc_ssize_t)(len - in), &cp);
        size_t bytes = step > 0 ? (size_t)step : 1;

        if (n + bytes > shown_max) {
            memcpy(buf + n, "...", 3);
            n += 3;
            break;
        }
        if (step <= 0 || cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
            buf[n++] = '?';
        else {
            memcpy(buf + n, s + in, bytes);
            n += bytes;
        }
        in += bytes;
    }
    buf[n] = '\0';
}

/* Names the character at s[0..len) for a message: "\"-\"", "a space", "U+0009". */
static void describe_char(char *buf, size_t size, const char *s, size_t len)
{
    unsigned char c = (unsigned char)s[0];
    utf8proc_int32_t cp;
    utf8proc_ssize_t step;

    if (c == ' ') {
        snprintf(buf, size, "a space");
        return;
    }
    step = utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &cp);
    if (step <= 0)
        snprintf(buf, size, "the byte 0x%02X, which is not UTF-8", c);
    else if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
        snprintf(buf, size, "the control character U+%04X", (unsigned)cp);
    else
        snprintf(buf, size, "\"%.*s\"", (int)step, s);
}

/*
 * Checks that code[0..len) is code syntax and writes its canonical
 * (upper-case, NUL-terminated) form into canonical[FL_SOURCE_CODE_MAX + 1]
 * and its number of segments into *segments.  `noun` names the text in
 * messages ("funding source code", "source group name").
 */
static fl_status check_code(char *canonical, int *segments, const char *code, size_t len,
                            const char *noun, fl_error *err)
{
    char quoted[128], what[64];
    size_t i, segment_start = 0;
    int count = 1;

    if (len == 0)
        return fl_error_set(err, FL_ERR_SYNTAX, "%s is empty", noun);
    quote_text(quoted, sizeof quoted, code, len);
    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)code[i];
        if (c == '.') {
            if (i == segment_start)
                break;
            segment_start = i + 1;
            count++;
        } else if (!is_code_char(c)) {
            describe_char(what, sizeof what, code + i, len - i);
            return fl_error_set(err, FL_ERR_SYNTAX,
                                "%s \"%s\" has %s: codes are letters A-Z, digits and \"_\", in "
                                "segments separated by \".\"",
                                noun, quoted, what);
        }
    }
    if (i < len || segment_start == len)
        return fl_error_set(err, FL_ERR_SYNTAX,
                            "%s \"%s\" has an empty segment: codes look like \"CD.TM\"", noun,
                            quoted);
    if (len > FL_SOURCE_CODE_MAX)
        return fl_error_set(err, FL_ERR_SYNTAX, "%s \"%s\" is %zu characters long (at most %d)",
                            noun, quoted, len, FL_SOURCE_CODE_MAX);
    if (count > FL_SOURCE_DEPTH_MAX)
        return fl_error_set(err, FL_ERR_SYNTAX, "%s \"%s\" has %d segments (at most %d)", noun,
                            quoted, count, FL_SOURCE_DEPTH_MAX);
    for (i = 0; i < len; i++)
        canonical[i] = (char)ascii_upper((unsigned char)code[i]);
    canonical[len] = '\0';
    *segments = count;
    return FL_OK;
}

/*
 * Validates a label and stores its NFC form in the arena.  *out is NULL when
 * the label is not given (NULL or "").  `owner` names what it labels.
 */
static fl_status store_label(const char **out, fl_source_tree *t, const char *label,
                             const char *language, const char *owner, fl_error *err)
{
    size_t len, i = 0;
    utf8proc_uint8_t *nfc = NULL;
    utf8proc_ssize_t nfc_len;
    char *copy;

    *out = NULL;
    if (!label || !label[0])
        return FL_OK;
    len = strlen(label);
    if (len > FL_SOURCE_LABEL_MAX)
        return fl_error_set(err, FL_ERR_SYNTAX, "the %s label of %s is longer than %d bytes",
                            language, owner, FL_SOURCE_LABEL_MAX);
    while (i < len) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t step =
            utf8proc_iterate((const utf8proc_uint8_t *)label + i, (utf8proc_ssize_t)(len - i), &cp);
        if (step <= 0)
            return fl_error_set(err, FL_ERR_SYNTAX, "the %s label of %s is not valid UTF-8",
                                language, owner);
        if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
            return fl_error_set(err, FL_ERR_SYNTAX,
                                "the %s label of %s has the control character U+%04X", language,
                                owner, (unsigned)cp);
        i += (size_t)step;
    }
    nfc_len = utf8proc_map((const utf8proc_uint8_t *)label, (utf8proc_ssize_t)len, &nfc,
                           (utf8proc_option_t)(UTF8PROC_STABLE | UTF8PROC_COMPOSE));
    if (nfc_len < 0)
        return fl_error_set(err, FL_ERR_NOMEM, "out of memory");
    copy = fl_arena_strndup(&t->strings, (const char *)nfc, (size_t)nfc_len);
    free(nfc);
    if (!copy)
        return fl_error_set(err, FL_ERR_NOMEM, "out of memory");
    *out = copy;
    return FL_OK;
}

/* The two labels of a new code or group: each falls back on the other, then on the name. */
static void fill_labels(const char *label[2], const char *vi, const char *en, const char *name)
{
    label[0] = vi ? vi : en ? en : name;
    label[1] = en ? en : vi ? vi : name;
}

/* --- the table -------------------------------------------------------------------- */

static bool valid_index(const fl_source_tree *t, int i)
{
    return t && i >= 0 && (size_t)i < t->count;
}

static bool valid_group(const fl_source_tree *t, int g)
{
    return t && g >= 0 && (size_t)g < t->group_count;
}

static void table_insert(int *slots, size_t slot_count, const source_node *nodes, int index)
{
    size_t mask = slot_count - 1;
    size_t i = (size_t)nodes[index].hash & mask;

    while (slots[i] >= 0)
        i = (i + 1) & mask;
    slots[i] = index;
}

/* Makes room for one more code: node array and a hash table at most half full. */
static fl_status reserve_one(fl_source_tree *t)
{
    if (t->count == t->capacity) {
        size_t capacity = t->capacity ? t->capacity * 2 : 64;
        source_node *nodes = realloc(t->nodes, capacity * sizeof *nodes);
        if (!nodes)
            return FL_ERR_NOMEM;
        t->nodes = nodes;
        t->capacity = capacity;
    }
    if ((t->count + 1) * 2 > t->slot_count) {
        size_t slot_count = t->slot_count ? t->slot_count * 2 : 128;
        int *slots = malloc(slot_count * sizeof *slots);
        size_t i;
        if (!slots)
            return FL_ERR_NOMEM;
        for (i = 0; i < slot_count; i++)
            slots[i] = -1;
        for (i = 0; i < t->count; i++)
            table_insert(slots, slot_count, t->nodes, (int)i);
        free(t->slots);
        t->slots = slots;
        t->slot_count = slot_count;
    }
    return FL_OK;
}

/* Appends a code; room was reserved, code and labels are stored for good. */
static int add_node(fl_source_tree *t, const char *code, size_t len, int depth, int parent,
                    int group, const char *label[2])
{
    int index = (int)t->count;
    source_node *node = &t->nodes[index];

    node->code = code;
    node->label[0] = label[0];
    node->label[1] = label[1];
    node->hash = hash_code(code, len);
    node->len = len;
    node->parent = parent;
    node->first_child = node->last_child = node->next_sibling = -1;
    node->group = group;
    node->depth = depth;
    if (parent >= 0) {
        source_node *p = &t->nodes[parent];
        if (p->last_child >= 0)
            t->nodes[p->last_child].next_sibling = index;
        else
            p->first_child = index;
        p->last_child = index;
    } else {
        source_group *g = &t->groups[group];
        if (g->last_top >= 0)
            t->nodes[g->last_top].next_sibling = index;
        else
            g->first_top = index;
        g->last_top = index;
    }
    t->count++;
    table_insert(t->slots, t->slot_count, t->nodes, index);
    return index;
}

static int add_group(fl_source_tree *t, const char *name, const char *label[2])
{
    source_group *g = &t->groups[t->group_count];

    g->name = name;
    g->label[0] = label[0];
    g->label[1] = label[1];
    g->first_top = g->last_top = -1;
    return (int)t->group_count++;
}

/* --- life cycle ------------------------------------------------------------------- */

fl_status fl_source_tree_new(fl_source_tree **out)
{
    fl_source_tree *t;
    size_t g, i;

    if (!out)
        return FL_ERR_INVALID_ARGUMENT;
    *out = NULL;
    t = calloc(1, sizeof *t);
    if (!t)
        return FL_ERR_NOMEM;
    fl_arena_init(&t->strings);
    for (g = 0; g < sizeof builtin_groups / sizeof builtin_groups[0]; g++) {
        const builtin_group *bg = &builtin_groups[g];
        const char *label[2] = {bg->label_vi, bg->label_en};
        int group = add_group(t, bg->name, label);

        for (i = 0; i < bg->count; i++) {
            const builtin_source *b = &bg->sources[i];
            const char *dot = strrchr(b->code, '.');
            int parent = dot ? fl_source_tree_find(t, b->code, (size_t)(dot - b->code)) : -1;
            const char *source_label[2] = {b->label_vi, b->label_en};

            if (reserve_one(t) != FL_OK) {
                fl_source_tree_free(t);
                return FL_ERR_NOMEM;
            }
            add_node(t, b->code, strlen(b->code), parent >= 0 ? t->nodes[parent].depth + 1 : 0,
                     parent, group, source_label);
        }
    }
    *out = t;
    return FL_OK;
}

void fl_source_tree_free(fl_source_tree *t)
{
    if (!t)
        return;
    free(t->nodes);
    free(t->slots);
    fl_arena_clear(&t->strings);
    free(t);
}

/* --- lookup ----------------------------------------------------------------------- */

size_t fl_source_tree_count(const fl_source_tree *t)
{
    return t ? t->count : 0;
}

int fl_source_tree_find(const fl_source_tree *t, const char *code, size_t len)
{
    uint64_t hash;
    size_t mask, i;

    if (!t || !code || len == 0 || len > FL_SOURCE_CODE_MAX || !t->slot_count)
        return -1;
    hash = hash_code(code, len);
    mask = t->slot_count - 1;
    for (i = (size_t)hash & mask;; i = (i + 1) & mask) {
        int index = t->slots[i];
        const source_node *node;
        if (index < 0)
            return -1;
        node = &t->nodes[index];
        if (node->hash == hash && node->len == len && equal_ignoring_case(node->code, code, len))
            return index;
    }
}

int fl_source_tree_find_group(const fl_source_tree *t, const char *name, size_t len)
{
    size_t g;

    if (!t || !name)
        return -1;
    for (g = 0; g < t->group_count; g++)
        if (strlen(t->groups[g].name) == len && equal_ignoring_case(t->groups[g].name, name, len))
            return (int)g;
    return -1;
}

/* The longest input (in characters) for which a suggestion is looked for. */
#define SUGGEST_INPUT_MAX 256

/*
 * Optimal string alignment distance (Damerau-Levenshtein without editing a
 * substring twice) between a[0..n) and the ASCII code b[0..m), ASCII case
 * ignored.  Gives up and returns `limit + 1` as soon as the distance must
 * exceed limit.
 */
static size_t edit_distance(const utf8proc_int32_t *a, size_t n, const char *b, size_t m,
                            size_t limit)
{
    size_t rows[3][FL_SOURCE_CODE_MAX + 1];
    size_t *before = rows[0], *previous = rows[1], *current = rows[2];
    size_t i, j;

    for (j = 0; j <= m; j++)
        previous[j] = j;
    for (i = 1; i <= n; i++) {
        size_t row_min;
        size_t *spare;

        current[0] = row_min = i;
        for (j = 1; j <= m; j++) {
            utf8proc_int32_t bj = (unsigned char)b[j - 1];
            size_t cost = a[i - 1] == bj ? 0 : 1;
            size_t best = previous[j - 1] + cost;
            if (previous[j] + 1 < best)
                best = previous[j] + 1;
            if (current[j - 1] + 1 < best)
                best = current[j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == (unsigned char)b[j - 2] && a[i - 2] == bj &&
                before[j - 2] + 1 < best)
                best = before[j - 2] + 1;
            current[j] = best;
            if (best < row_min)
                row_min = best;
        }
        if (row_min > limit)
            return limit + 1;
        spare = before;
        before = previous;
        previous = current;
        current = spare;
    }
    return previous[m];
}

/* The known code nearest to code[0..len), or -1 when none is near enough. */
static int nearest_code(const fl_source_tree *t, const char *code, size_t len)
{
    utf8proc_int32_t chars[SUGGEST_INPUT_MAX];
    size_t n = 0, in = 0, limit, best_distance;
    int i, best = -1;

    while (in < len) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t step = utf8proc_iterate((const utf8proc_uint8_t *)code + in,
                                                 (utf8proc_ssize_t)(len - in), &cp);
        if (n == SUGGEST_INPUT_MAX)
            return -1;
        if (step <= 0) {
            cp = -1; /* a byte that is not UTF-8 matches nothing */
            step = 1;
        }
        chars[n++] = cp >= 'a' && cp <= 'z' ? cp - 'a' + 'A' : cp;
        in += (size_t)step;
    }
    /* Never suggest a code that shares nothing with the text ("X" -> "NS"). */
    limit = n / 2 > 2 ? n / 2 : 2;
    if (limit >= n)
        limit = n - 1;
    best_distance = limit + 1;
    for (i = fl_source_tree_preorder_next(t, -1); i >= 0; i = fl_source_tree_preorder_next(t, i)) {
        const source_node *node = &t->nodes[i];
        size_t d;
        /* The distance is at least the difference in length. */
        if ((node->len > n ? node->len - n : n - node->len) >= best_distance)
            continue;
        d = edit_distance(chars, n, node->code, node->len, best_distance - 1);
        if (d < best_distance) {
            best_distance = d;
            best = i;
        }
    }
    return best;
}

fl_status fl_source_tree_resolve(int *out, const fl_source_tree *t, const char *code, size_t len,
                                 fl_error *err)
{
    char quoted[128];
    int index, nearest;

    if (!out || !t || (!code && len))
        return fl_error_set(err, FL_ERR_INVALID_ARGUMENT, "invalid argument");
    if (len == 0)
        return fl_error_set(err, FL_ERR_NOT_FOUND, "funding source code is empty");
    index = fl_source_tree_find(t, code, len);
    if (index >= 0) {
        *out = index;
        return FL_OK;
    }
    quote_text(quoted, sizeof quoted, code, len);
    nearest = nearest_code(t, code, len);
    if (nearest >= 0)
        return fl_error_set(err, FL_ERR_NOT_FOUND,
                            "unknown funding source \"%s\"; did you mean \"%s\"?", quoted,
                            t->nodes[nearest].code);
    return fl_error_set(err, FL_ERR_NOT_FOUND,
                        "unknown funding source \"%s\" (see 'fundledger sources' for the list)",
                        quoted);
}

/* --- declaring -------------------------------------------------------------------- */

/* The group names for messages: "NTM or THU", "NTM, THU or XDCB" (last = " or "). */
static void list_groups(char *buf, size_t size, const fl_source_tree *t, const char *last)
{
    size_t g, n = 0;

    buf[0] = '\0';
    for (g = 0; g < t->group_count && n < size; g++) {
        const char *sep = g == 0 ? "" : g + 1 == t->group_count ? last : ", ";
        int w = snprintf(buf + n, size - n, "%s%s", sep, t->groups[g].name);
        if (w < 0)
            break;
        n += (size_t)w;
    }
}

/* The group whose name equals a top-level code, other than `own`; -1 if none. */
static int clashing_group(const fl_source_tree *t, const char *canonical, size_t len, int own)
{
    int g = fl_source_tree_find_group(t, canonical, len);

    return g == own ? -1 : g;
}

/* Declares or relabels a code; group < 0 when the caller named no group. */
static fl_status declare_code(int *out, fl_source_tree *t, const char *code, int group,
                              const char *label_vi, const char *label_en, fl_error *err)
{
    char canonical[FL_SOURCE_CODE_MAX + 1], owner[FL_SOURCE_CODE_MAX + 32], groups[256];
    const char *vi, *en, *label[2];
    const char *dot;
    size_t len;
    int segments, index, parent = -1, own_group, clash;
    fl_status status;
    char *stored;

    status = check_code(canonical, &segments, code, strlen(code), "funding source code", err);
    if (status != FL_OK)
        return status;
    len = strlen(canonical);
    snprintf(owner, sizeof owner, "funding source \"%s\"", canonical);
    index = fl_source_tree_find(t, canonical, len);
    if (index >= 0) {
        if (group >= 0 && t->nodes[index].group != group)
            return fl_error_set(err, FL_ERR_VALIDATION,
                                "funding source \"%s\" is in group %s, not in %s", canonical,
                                t->groups[t->nodes[index].group].name, t->groups[group].name);
        if ((status = store_label(&vi, t, label_vi, "Vietnamese", owner, err)) != FL_OK ||
            (status = store_label(&en, t, label_en, "English", owner, err)) != FL_OK)
            return status;
        if (vi)
            t->nodes[index].label[0] = vi;
        if (en)
            t->nodes[index].label[1] = en;
        if (out)
            *out = index;
        return FL_OK;
    }

    dot = strrchr(canonical, '.');
    if (dot) {
        parent = fl_source_tree_find(t, canonical, (size_t)(dot - canonical));
        if (parent < 0)
            return fl_error_set(err, FL_ERR_VALIDATION,
                                "parent code \"%.*s\" of \"%s\" is not declared",
                                (int)(dot - canonical), canonical, canonical);
        own_group = t->nodes[parent].group;
        if (group >= 0 && group != own_group)
            return fl_error_set(err, FL_ERR_VALIDATION,
                                "funding source \"%s\" would be in group %s, as \"%s\" is, not "
                                "in %s",
                                canonical, t->groups[own_group].name, t->nodes[parent].code,
                                t->groups[group].name);
    } else {
        if (group < 0) {
            list_groups(groups, sizeof groups, t, " or ");
            return fl_error_set(err, FL_ERR_VALIDATION,
                                "new top-level funding source \"%s\" needs a group (%s)", canonical,
                                groups);
        }
        own_group = group;
        clash = clashing_group(t, canonical, len, own_group);
        if (clash >= 0)
            return fl_error_set(err, FL_ERR_VALIDATION,
                                "funding source \"%s\" would have the same name as the group %s",
                                canonical, t->groups[clash].name);
    }
    if (t->count >= FL_SOURCE_COUNT_MAX)
        return fl_error_set(err, FL_ERR_LIMIT, "too many funding source codes (at most %d)",
                            FL_SOURCE_COUNT_MAX);
    if ((status = store_label(&vi, t, label_vi, "Vietnamese", owner, err)) != FL_OK ||
        (status = store_label(&en, t, label_en, "English", owner, err)) != FL_OK)
        return status;
    stored = fl_arena_strndup(&t->strings, canonical, len);
    if (!stored || reserve_one(t) != FL_OK)
        return fl_error_set(err, FL_ERR_NOMEM, "out of memory");
    fill_labels(label, vi, en, stored);
    index = add_node(t, stored, len, segments - 1, parent, own_group, label);
    if (out)
        *out = index;
    return FL_OK;
}

fl_status fl_source_tree_declare(int *out, fl_source_tree *t, const char *code,
                                 const char *label_vi, const char *label_en, fl_error *err)
{
    if (!t || !code)
        return fl_error_set(err, FL_ERR_INVALID_ARGUMENT, "invalid argument");
    return declare_code(out, t, code, -1, label_vi, label_en, err);
}

fl_status fl_source_tree_declare_top(int *out, fl_source_tree *t, const char *code,
                                     const char *group, const char *label_vi, const char *label_en,
                                     fl_error *err)
{
    char quoted[128], groups[256];
    int g;

    if (!t || !code || !group)
        return fl_error_set(err, FL_ERR_INVALID_ARGUMENT, "invalid argument");
    g = fl_source_tree_find_group(t, group, strlen(group));
    if (g < 0) {
        quote_text(quoted, sizeof quoted, group, strlen(group));
        list_groups(groups, sizeof groups, t, ", ");
        return fl_error_set(err, FL_ERR_NOT_FOUND, "unknown source group \"%s\" (known groups: %s)",
                            quoted, groups);
    }
    return declare_code(out, t, code, g, label_vi, label_en, err);
}

fl_status fl_source_tree_declare_group(int *out, fl_source_tree *t, const char *name,
                                       const char *label_vi, const char *label_en, fl_error *err)
{
    char canonical[FL_SOURCE_CODE_MAX + 1], owner[FL_SOURCE_CODE_MAX + 32];
    const char *vi, *en, *label[2];
    size_t len;
    int segments, g;
    fl_status status;
    char *stored;

    if (!t || !name)
        return fl_error_set(err, FL_ERR_INVALID_ARGUMENT, "invalid argument");
    status = check_code(canonical, &segments, name, strlen(name), "source group name", err);
    if (status != FL_OK)
        return status;
    if (segments != 1)
        return fl_error_set(err, FL_ERR_SYNTAX,
                            "source group name \"%s\" has \".\": a group name is one word such as "
                            "\"NTM\"",
                            canonical);
    len = strlen(canonical);
    snprintf(owner, sizeof owner, "source group %s", canonical);
    g = fl_source_tree_find_group(t, canonical, len);
    if (g < 0 && fl_source_tree_find(t, canonical, len) >= 0)
        return fl_error_set(err, FL_ERR_VALIDATION,
                            "source group %s would have the same name as the funding source "
                            "\"%s\"",
                            canonical, canonical);
    if (g < 0 && t->group_count >= FL_SOURCE_GROUP_COUNT_MAX)
        return fl_error_set(err, FL_ERR_LIMIT, "too many source groups (at most %d)",
                            FL_SOURCE_GROUP_COUNT_MAX);
    if ((status = store_label(&vi, t, label_vi, "Vietnamese", owner, err)) != FL_OK ||
        (status = store_label(&en, t, label_en, "English", owner, err)) != FL_OK)
        return status;
    if (g >= 0) {
        if (vi)
            t->groups[g].label[0] = vi;
        if (en)
            t->groups[g].label[1] = en;
    } else {
        stored = fl_arena_strndup(&t->strings, canonical, len);
        if (!stored)
            return fl_error_set(err, FL_ERR_NOMEM, "out of memory");
        fill_labels(label, vi, en, stored);
        g = add_group(t, stored, label);
    }
    if (out)
        *out = g;
    return FL_OK;
}

/* --- accessors -------------------------------------------------------------------- */

const char *fl_source_tree_code(const fl_source_tree *t, int i)
{
    return valid_index(t, i) ? t->nodes[i].code : NULL;
}

const char *fl_source_tree_label(const fl_source_tree *t, int i, fl_locale locale)
{
    return valid_index(t, i) ? t->nodes[i].label[locale == FL_LOCALE_EN ? 1 : 0] : NULL;
}

int fl_source_tree_parent(const fl_source_tree *t, int i)
{
    return valid_index(t, i) ? t->nodes[i].parent : -1;
}

int fl_source_tree_depth(const fl_source_tree *t, int i)
{
    return valid_index(t, i) ? t->nodes[i].depth : -1;
}

int fl_source_tree_group(const fl_source_tree *t, int i)
{
    return valid_index(t, i) ? t->nodes[i].group : -1;
}

bool fl_source_tree_is_ancestor_or_self(const fl_source_tree *t, int ancestor, int i)
{
    if (!valid_index(t, ancestor) || !valid_index(t, i))
        return false;
    while (t->nodes[i].depth > t->nodes[ancestor].depth)
        i = t->nodes[i].parent;
    return i == ancestor;
}

int fl_source_tree_first_child(const fl_source_tree *t, int i)
{
    return valid_index(t, i) ? t->nodes[i].first_child : -1;
}

int fl_source_tree_next_sibling(const fl_source_tree *t, int i)
{
    return valid_index(t, i) ? t->nodes[i].next_sibling : -1;
}

size_t fl_source_tree_group_count(const fl_source_tree *t)
{
    return t ? t->group_count : 0;
}

const char *fl_source_tree_group_name(const fl_source_tree *t, int g)
{
    return valid_group(t, g) ? t->groups[g].name : NULL;
}

const char *fl_source_tree_group_label(const fl_source_tree *t, int g, fl_locale locale)
{
    return valid_group(t, g) ? t->groups[g].label[locale == FL_LOCALE_EN ? 1 : 0] : NULL;
}

int fl_source_tree_group_first(const fl_source_tree *t, int g)
{
    return valid_group(t, g) ? t->groups[g].first_top : -1;
}

/* The first top-level code of the first group from g on that has one; -1 if none. */
static int first_top_from(const fl_source_tree *t, size_t g)
{
    for (; g < t->group_count; g++)
        if (t->groups[g].first_top >= 0)
            return t->groups[g].first_top;
    return -1;
}

int fl_source_tree_preorder_next(const fl_source_tree *t, int i)
{
    if (!t)
        return -1;
    if (i < 0)
        return first_top_from(t, 0);
    if (!valid_index(t, i))
        return -1;
    if (t->nodes[i].first_child >= 0)
        return t->nodes[i].first_child;
    for (;;) {
        const source_node *node = &t->nodes[i];
        if (node->next_sibling >= 0)
            return node->next_sibling;
        if (node->parent < 0)
            return first_top_from(t, (size_t)node->group + 1);
        i = node->parent;
    }
}

void fl_source_tree_preorder(int *out, const fl_source_tree *t)
{
    size_t n = 0;
    int i;

    for (i = fl_source_tree_preorder_next(t, -1); i >= 0; i = fl_source_tree_preorder_next(t, i))
        out[n++] = i;
}
