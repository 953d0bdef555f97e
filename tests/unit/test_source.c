/* test_source.c - the funding-source tree (fundledger/source.h), case by case. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fundledger/source.h"

/* --- helpers ------------------------------------------------------------------- */

/* The built-in tree in display order (DOMAIN.md, "Funding sources"). */
static const char *const builtin_order[] = {
    "NS",          "NS.TW",       "NS.TW.DTPT", "NS.TW.SN",    "NS.TW.TPCP",  "NS.DP",
    "NS.DP.TINH",  "NS.DP.HUYEN", "NS.DP.XA",   "LG",          "TD",          "TD.CS",
    "TD.TM",       "DN",          "CD",         "CD.TM",       "CD.NC",       "CD.HD",
    "CD.VT",       "CD.TDT",      "KH",         "KH.TT",       "KH.NN",       "THU",
    "THU.ND",      "THU.ND.NQD",  "THU.ND.SDD", "THU.ND.TNCN", "THU.ND.LPTB", "THU.ND.PHI",
    "THU.ND.KHAC", "THU.XNK",
};
#define BUILTIN_COUNT (sizeof builtin_order / sizeof builtin_order[0])

static fl_source_tree *new_tree(void)
{
    fl_source_tree *t = NULL;

    assert_int_equal(fl_source_tree_new(&t), FL_OK);
    assert_non_null(t);
    return t;
}

static int find(const fl_source_tree *t, const char *code)
{
    return fl_source_tree_find(t, code, strlen(code));
}

/* The index of a code that must exist. */
static int known(const fl_source_tree *t, const char *code)
{
    int i = find(t, code);

    if (i < 0)
        fail_msg("code %s not found", code);
    return i;
}

/* Writes "CD." followed by "A"s, len characters in all, into buf. */
static void long_code(char *buf, size_t len)
{
    memcpy(buf, "CD.", 3);
    memset(buf + 3, 'A', len - 3);
    buf[len] = '\0';
}

static int declare(fl_source_tree *t, const char *code, const char *vi, const char *en)
{
    fl_error err;
    int i = -1;

    fl_error_clear(&err);
    if (fl_source_tree_declare(&i, t, code, vi, en, &err) != FL_OK)
        fail_msg("declaring %s: %s", code, err.message);
    return i;
}

/* Declaring `code` must fail with this status and message, leaving the tree as it was. */
static void assert_declare_refused(fl_source_tree *t, const char *code, fl_status status,
                                   const char *message)
{
    fl_error err;
    size_t count = fl_source_tree_count(t);
    int i = 12345;

    fl_error_clear(&err);
    assert_int_equal(fl_source_tree_declare(&i, t, code, "nhãn", "label", &err), status);
    assert_int_equal(err.status, status);
    assert_string_equal(err.message, message);
    assert_int_equal(i, 12345);
    assert_int_equal(fl_source_tree_count(t), count);
}

/* Resolving `code` must fail with FL_ERR_NOT_FOUND and this message, line and column 0. */
static void assert_resolve_refused(const fl_source_tree *t, const char *code, const char *message)
{
    fl_error err;
    int i = 12345;

    fl_error_clear(&err);
    assert_int_equal(fl_source_tree_resolve(&i, t, code, strlen(code), &err), FL_ERR_NOT_FOUND);
    assert_int_equal(err.status, FL_ERR_NOT_FOUND);
    assert_string_equal(err.message, message);
    assert_int_equal(err.line, 0);
    assert_int_equal(err.column, 0);
    assert_int_equal(i, 12345);
}

/* The preorder of the tree must be exactly these codes (and agree with preorder_next). */
static void assert_preorder(const fl_source_tree *t, const char *const *codes, size_t n)
{
    size_t count = fl_source_tree_count(t), k;
    int *order = malloc(count * sizeof *order);
    int i;

    assert_non_null(order);
    assert_int_equal(count, n);
    fl_source_tree_preorder(order, t);
    for (k = 0, i = fl_source_tree_preorder_next(t, -1); k < n;
         k++, i = fl_source_tree_preorder_next(t, i)) {
        assert_int_equal(order[k], i);
        assert_string_equal(fl_source_tree_code(t, order[k]), codes[k]);
    }
    assert_int_equal(i, -1);
    free(order);
}

/* --- the built-in tree --------------------------------------------------------- */

static void test_source__builtin_codes_are_found_in_tree_order(void **state)
{
    fl_source_tree *t = new_tree();
    size_t k;

    (void)state;
    assert_int_equal(fl_source_tree_count(t), BUILTIN_COUNT);
    for (k = 0; k < BUILTIN_COUNT; k++) {
        /* Built-in codes are indexed in display order. */
        assert_int_equal(find(t, builtin_order[k]), (int)k);
        assert_string_equal(fl_source_tree_code(t, (int)k), builtin_order[k]);
    }
    assert_preorder(t, builtin_order, BUILTIN_COUNT);
    fl_source_tree_free(t);
}

static void test_source__builtin_parents_depths_and_groups(void **state)
{
    fl_source_tree *t = new_tree();
    static const struct {
        const char *code, *parent;
        int depth, group;
    } cases[] = {
        {"NS", NULL, 0, FL_SOURCE_GROUP_NTM},
        {"NS.TW", "NS", 1, FL_SOURCE_GROUP_NTM},
        {"NS.TW.TPCP", "NS.TW", 2, FL_SOURCE_GROUP_NTM},
        {"NS.DP.HUYEN", "NS.DP", 2, FL_SOURCE_GROUP_NTM},
        {"LG", NULL, 0, FL_SOURCE_GROUP_NTM},
        {"TD.CS", "TD", 1, FL_SOURCE_GROUP_NTM},
        {"DN", NULL, 0, FL_SOURCE_GROUP_NTM},
        {"CD.TDT", "CD", 1, FL_SOURCE_GROUP_NTM},
        {"KH.NN", "KH", 1, FL_SOURCE_GROUP_NTM},
        {"THU", NULL, 0, FL_SOURCE_GROUP_THU},
        {"THU.ND", "THU", 1, FL_SOURCE_GROUP_THU},
        {"THU.ND.LPTB", "THU.ND", 2, FL_SOURCE_GROUP_THU},
        {"THU.XNK", "THU", 1, FL_SOURCE_GROUP_THU},
    };
    size_t k;

    (void)state;
    for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        int i = known(t, cases[k].code);
        assert_int_equal(fl_source_tree_parent(t, i),
                         cases[k].parent ? known(t, cases[k].parent) : -1);
        assert_int_equal(fl_source_tree_depth(t, i), cases[k].depth);
        assert_int_equal(fl_source_tree_group(t, i), cases[k].group);
    }
    fl_source_tree_free(t);
}

static void test_source__builtin_labels_in_both_languages(void **state)
{
    fl_source_tree *t = new_tree();

    (void)state;
    assert_string_equal(fl_source_tree_label(t, known(t, "CD.TM"), FL_LOCALE_VI), "Tiền mặt");
    assert_string_equal(fl_source_tree_label(t, known(t, "CD.TM"), FL_LOCALE_EN), "Cash");
    assert_string_equal(fl_source_tree_label(t, known(t, "NS.DP.HUYEN"), FL_LOCALE_VI),
                        "Ngân sách huyện");
    assert_string_equal(fl_source_tree_label(t, known(t, "NS.DP.HUYEN"), FL_LOCALE_EN),
                        "District budget");
    assert_string_equal(fl_source_tree_label(t, known(t, "LG"), FL_LOCALE_VI),
                        "Vốn lồng ghép các chương trình, dự án khác");
    assert_string_equal(fl_source_tree_label(t, known(t, "THU.ND.NQD"), FL_LOCALE_VI),
                        "Thu từ khu vực công thương nghiệp ngoài quốc doanh");
    assert_string_equal(fl_source_tree_label(t, known(t, "THU.ND.SDD"), FL_LOCALE_VI),
                        "Thu tiền sử dụng đất");
    assert_string_equal(fl_source_tree_label(t, known(t, "THU"), FL_LOCALE_EN),
                        "State budget revenue in the district");
    /* An unknown locale falls back to Vietnamese. */
    assert_string_equal(fl_source_tree_label(t, known(t, "CD.TM"), (fl_locale)7), "Tiền mặt");
    fl_source_tree_free(t);
}

static void test_source__builtin_groups(void **state)
{
    fl_source_tree *t = new_tree();
    static const char *const ntm_tops[] = {"NS", "LG", "TD", "DN", "CD", "KH"};
    size_t k;
    int i;

    (void)state;
    assert_int_equal(fl_source_tree_group_count(t), 2);
    assert_string_equal(fl_source_tree_group_name(t, FL_SOURCE_GROUP_NTM), "NTM");
    assert_string_equal(fl_source_tree_group_name(t, FL_SOURCE_GROUP_THU), "THU");
    assert_string_equal(fl_source_tree_group_label(t, FL_SOURCE_GROUP_NTM, FL_LOCALE_VI),
                        "Tổng nguồn lực huy động xây dựng nông thôn mới");
    assert_string_equal(fl_source_tree_group_label(t, FL_SOURCE_GROUP_NTM, FL_LOCALE_EN),
                        "Total resources mobilized for New Rural Development");
    assert_string_equal(fl_source_tree_group_label(t, FL_SOURCE_GROUP_THU, FL_LOCALE_VI),
                        "Thu ngân sách nhà nước trên địa bàn");
    assert_string_equal(fl_source_tree_group_label(t, FL_SOURCE_GROUP_THU, FL_LOCALE_EN),
                        "State budget revenue in the district");
    assert_int_equal(fl_source_tree_find_group(t, "NTM", 3), FL_SOURCE_GROUP_NTM);
    assert_int_equal(fl_source_tree_find_group(t, "thu", 3), FL_SOURCE_GROUP_THU);
    assert_int_equal(fl_source_tree_find_group(t, "NT", 2), -1);
    assert_int_equal(fl_source_tree_find_group(t, "CD", 2), -1);

    /* The headline of NTM sums these top-level codes, and only these. */
    k = 0;
    for (i = fl_source_tree_group_first(t, FL_SOURCE_GROUP_NTM); i >= 0;
         i = fl_source_tree_next_sibling(t, i)) {
        assert_true(k < sizeof ntm_tops / sizeof ntm_tops[0]);
        assert_string_equal(fl_source_tree_code(t, i), ntm_tops[k++]);
    }
    assert_int_equal(k, sizeof ntm_tops / sizeof ntm_tops[0]);
    i = fl_source_tree_group_first(t, FL_SOURCE_GROUP_THU);
    assert_int_equal(i, known(t, "THU"));
    assert_int_equal(fl_source_tree_next_sibling(t, i), -1);
    fl_source_tree_free(t);
}

static void test_source__children_are_listed_in_tree_order(void **state)
{
    fl_source_tree *t = new_tree();
    static const char *const cd[] = {"CD.TM", "CD.NC", "CD.HD", "CD.VT", "CD.TDT"};
    size_t k = 0;
    int i;

    (void)state;
    for (i = fl_source_tree_first_child(t, known(t, "CD")); i >= 0;
         i = fl_source_tree_next_sibling(t, i))
        assert_string_equal(fl_source_tree_code(t, i), cd[k++]);
    assert_int_equal(k, 5);
    assert_int_equal(fl_source_tree_first_child(t, known(t, "CD.TM")), -1);
    assert_int_equal(fl_source_tree_first_child(t, known(t, "LG")), -1);
    fl_source_tree_free(t);
}

static void test_source__a_code_includes_its_descendants(void **state)
{
    fl_source_tree *t = new_tree();

    (void)state;
    assert_true(fl_source_tree_is_ancestor_or_self(t, known(t, "NS"), known(t, "NS.DP.XA")));
    assert_true(fl_source_tree_is_ancestor_or_self(t, known(t, "NS.DP"), known(t, "NS.DP.XA")));
    assert_true(fl_source_tree_is_ancestor_or_self(t, known(t, "CD"), known(t, "CD")));
    assert_false(fl_source_tree_is_ancestor_or_self(t, known(t, "NS.DP.XA"), known(t, "NS")));
    assert_false(fl_source_tree_is_ancestor_or_self(t, known(t, "NS.TW"), known(t, "NS.DP.XA")));
    assert_false(fl_source_tree_is_ancestor_or_self(t, known(t, "CD"), known(t, "TD.TM")));
    assert_false(fl_source_tree_is_ancestor_or_self(t, known(t, "THU"), known(t, "NS.DP")));
    fl_source_tree_free(t);
}

/* --- lookup -------------------------------------------------------------------- */

static void test_source__find_ignores_case_but_nothing_else(void **state)
{
    fl_source_tree *t = new_tree();
    char code[80];

    (void)state;
    assert_int_equal(find(t, "ns.tw"), known(t, "NS.TW"));
    assert_int_equal(find(t, "Cd.Tm"), known(t, "CD.TM"));
    assert_int_equal(find(t, "thu.nd.sdd"), known(t, "THU.ND.SDD"));
    assert_int_equal(find(t, " CD"), -1);
    assert_int_equal(find(t, "CD "), -1);
    assert_int_equal(find(t, "C"), -1);
    assert_int_equal(find(t, "CD."), -1);
    assert_int_equal(find(t, "NTM"), -1); /* a group, not a code */
    assert_int_equal(find(t, ""), -1);
    /* Only len bytes are read: "CD.TM" inside a longer text. */
    assert_int_equal(fl_source_tree_find(t, "CD.TM 1.250.000", 5), known(t, "CD.TM"));
    memset(code, 'A', sizeof code);
    assert_int_equal(fl_source_tree_find(t, code, sizeof code), -1);
    fl_source_tree_free(t);
}

static void test_source__resolve_finds_known_codes(void **state)
{
    fl_source_tree *t = new_tree();
    fl_error err;
    int i = -1;

    (void)state;
    fl_error_clear(&err);
    assert_int_equal(fl_source_tree_resolve(&i, t, "cd.nc", 5, &err), FL_OK);
    assert_int_equal(i, known(t, "CD.NC"));
    assert_int_equal(err.status, FL_OK);
    assert_string_equal(err.message, "");
    assert_int_equal(fl_source_tree_resolve(&i, t, "KH", 2, NULL), FL_OK);
    assert_int_equal(i, known(t, "KH"));
    fl_source_tree_free(t);
}

static void test_source__resolve_suggests_the_nearest_code(void **state)
{
    fl_source_tree *t = new_tree();

    (void)state;
    assert_resolve_refused(t, "CD.TN", "unknown funding source \"CD.TN\"; did you mean \"CD.TM\"?");
    assert_resolve_refused(t, "cd.tn", "unknown funding source \"cd.tn\"; did you mean \"CD.TM\"?");
    assert_resolve_refused(t, "NS.DP.HUYN",
                           "unknown funding source \"NS.DP.HUYN\"; did you mean \"NS.DP.HUYEN\"?");
    /* Two neighbouring characters swapped is one edit. */
    assert_resolve_refused(t, "CD.MT", "unknown funding source \"CD.MT\"; did you mean \"CD.TM\"?");
    assert_resolve_refused(t, "THU.ND.TNNC",
                           "unknown funding source \"THU.ND.TNNC\"; did you mean \"THU.ND.TNCN\"?");
    /* An undeclared sub-code: its parent is the nearest. */
    assert_resolve_refused(t, "CD.TM.THON",
                           "unknown funding source \"CD.TM.THON\"; did you mean \"CD.TM\"?");
    /* A tie (TD.TM and CD.TM are both one edit away) goes to the first in tree order. */
    assert_resolve_refused(t, "XD.TM", "unknown funding source \"XD.TM\"; did you mean \"TD.TM\"?");
    fl_source_tree_free(t);
}

static void test_source__resolve_without_a_near_code_points_at_the_list(void **state)
{
    fl_source_tree *t = new_tree();
    char text[200], expected[256];

    (void)state;
    assert_resolve_refused(
        t, "ZZZ", "unknown funding source \"ZZZ\" (see 'fundledger sources' for the list)");
    /* Never suggest a code that shares nothing with the text. */
    assert_resolve_refused(t, "X",
                           "unknown funding source \"X\" (see 'fundledger sources' for the list)");
    assert_resolve_refused(t, "NGANSACH",
                           "unknown funding source \"NGANSACH\" (see 'fundledger "
                           "sources' for the list)");
    /* Text that cannot be a code is quoted safely and cut. */
    assert_resolve_refused(t, "CD\tTM",
                           "unknown funding source \"CD?TM\"; did you mean \"CD.TM\"?");
    assert_resolve_refused(t, "Tiền mặt",
                           "unknown funding source \"Tiền mặt\" (see 'fundledger sources' for the "
                           "list)");
    memset(text, 'Q', sizeof text - 1);
    text[sizeof text - 1] = '\0';
    snprintf(expected, sizeof expected,
             "unknown funding source \"%.80s...\" (see 'fundledger sources' for the list)", text);
    assert_resolve_refused(t, text, expected);
    assert_resolve_refused(t, "", "funding source code is empty");
    fl_source_tree_free(t);
}

/* --- declaring ----------------------------------------------------------------- */

static void test_source__declare_child_and_grandchild(void **state)
{
    fl_source_tree *t = new_tree();
    int thon, xom, sub;

    (void)state;
    thon = declare(t, "CD.TM.THON", "Tiền mặt do thôn, xóm vận động", "Cash raised by hamlets");
    assert_int_equal(thon, (int)BUILTIN_COUNT);
    assert_int_equal(fl_source_tree_count(t), BUILTIN_COUNT + 1);
    assert_int_equal(find(t, "CD.TM.THON"), thon);
    assert_int_equal(fl_source_tree_parent(t, thon), known(t, "CD.TM"));
    assert_int_equal(fl_source_tree_depth(t, thon), 2);
    assert_int_equal(fl_source_tree_group(t, thon), FL_SOURCE_GROUP_NTM);
    assert_string_equal(fl_source_tree_label(t, thon, FL_LOCALE_VI),
                        "Tiền mặt do thôn, xóm vận động");
    assert_string_equal(fl_source_tree_label(t, thon, FL_LOCALE_EN), "Cash raised by hamlets");

    sub = declare(t, "CD.TM.THON.XOM_1", "Xóm 1", "Hamlet 1");
    assert_int_equal(fl_source_tree_parent(t, sub), thon);
    assert_int_equal(fl_source_tree_depth(t, sub), 3);
    assert_true(fl_source_tree_is_ancestor_or_self(t, known(t, "CD"), sub));
    assert_false(fl_source_tree_is_ancestor_or_self(t, known(t, "CD.NC"), sub));

    /* Lower case is accepted and stored in upper case. */
    xom = declare(t, "cd.tm.xom", "Xóm", NULL);
    assert_string_equal(fl_source_tree_code(t, xom), "CD.TM.XOM");
    assert_int_equal(find(t, "CD.TM.XOM"), xom);

    /* Declared codes are found by resolve and suggested. */
    assert_resolve_refused(t, "CD.TM.THOM",
                           "unknown funding source \"CD.TM.THOM\"; did you mean \"CD.TM.THON\"?");

    /* Revenue codes join the revenue group. */
    sub = declare(t, "THU.ND.SDD.DAU_GIA", "Đấu giá quyền sử dụng đất", "Land auctions");
    assert_int_equal(fl_source_tree_group(t, sub), FL_SOURCE_GROUP_THU);
    fl_source_tree_free(t);
}

static void test_source__missing_labels_fall_back(void **state)
{
    fl_source_tree *t = new_tree();
    int i;

    (void)state;
    i = declare(t, "CD.TM.A", NULL, NULL);
    assert_string_equal(fl_source_tree_label(t, i, FL_LOCALE_VI), "CD.TM.A");
    assert_string_equal(fl_source_tree_label(t, i, FL_LOCALE_EN), "CD.TM.A");
    i = declare(t, "CD.TM.B", "Thôn B", "");
    assert_string_equal(fl_source_tree_label(t, i, FL_LOCALE_VI), "Thôn B");
    assert_string_equal(fl_source_tree_label(t, i, FL_LOCALE_EN), "Thôn B");
    i = declare(t, "CD.TM.C", NULL, "Hamlet C");
    assert_string_equal(fl_source_tree_label(t, i, FL_LOCALE_VI), "Hamlet C");
    assert_string_equal(fl_source_tree_label(t, i, FL_LOCALE_EN), "Hamlet C");
    fl_source_tree_free(t);
}

static void test_source__declaring_again_relabels(void **state)
{
    fl_source_tree *t = new_tree();
    int i, again;

    (void)state;
    i = declare(t, "CD.TM.THON", "Cũ", "Old");
    again = declare(t, "cd.tm.thon", "Mới", NULL);
    assert_int_equal(again, i);
    assert_int_equal(fl_source_tree_count(t), BUILTIN_COUNT + 1);
    assert_string_equal(fl_source_tree_label(t, i, FL_LOCALE_VI), "Mới");
    assert_string_equal(fl_source_tree_label(t, i, FL_LOCALE_EN), "Old");
    assert_string_equal(fl_source_tree_code(t, i), "CD.TM.THON");

    /* Built-in codes may be relabelled too (a province's own wording). */
    again = declare(t, "LG", "Vốn lồng ghép", NULL);
    assert_int_equal(again, known(t, "LG"));
    assert_string_equal(fl_source_tree_label(t, again, FL_LOCALE_VI), "Vốn lồng ghép");
    assert_string_equal(fl_source_tree_label(t, again, FL_LOCALE_EN), "Integrated programme funds");
    assert_int_equal(fl_source_tree_count(t), BUILTIN_COUNT + 1);
    fl_source_tree_free(t);
}

static void test_source__declare_refuses_bad_code_syntax(void **state)
{
    fl_source_tree *t = new_tree();
    char code[128], expected[256];

    (void)state;
    assert_declare_refused(t, "", FL_ERR_SYNTAX, "funding source code is empty");
    assert_declare_refused(t, "CD..TM", FL_ERR_SYNTAX,
                           "funding source code \"CD..TM\" has an empty segment: codes look like "
                           "\"CD.TM\"");
    assert_declare_refused(t, "CD.", FL_ERR_SYNTAX,
                           "funding source code \"CD.\" has an empty segment: codes look like "
                           "\"CD.TM\"");
    assert_declare_refused(t, ".CD", FL_ERR_SYNTAX,
                           "funding source code \".CD\" has an empty segment: codes look like "
                           "\"CD.TM\"");
    assert_declare_refused(t, "CD.T-M", FL_ERR_SYNTAX,
                           "funding source code \"CD.T-M\" has \"-\": codes are letters A-Z, "
                           "digits and \"_\", in segments separated by \".\"");
    assert_declare_refused(t, "CD.T M", FL_ERR_SYNTAX,
                           "funding source code \"CD.T M\" has a space: codes are letters A-Z, "
                           "digits and \"_\", in segments separated by \".\"");
    assert_declare_refused(t, "CD.TIỀN", FL_ERR_SYNTAX,
                           "funding source code \"CD.TIỀN\" has \"Ề\": codes are letters A-Z, "
                           "digits and \"_\", in segments separated by \".\"");
    assert_declare_refused(t, "CD.\tTM", FL_ERR_SYNTAX,
                           "funding source code \"CD.?TM\" has the control character U+0009: "
                           "codes are letters A-Z, digits and \"_\", in segments separated by "
                           "\".\"");
    assert_declare_refused(t, "CD.\xC3", FL_ERR_SYNTAX,
                           "funding source code \"CD.?\" has the byte 0xC3, which is not UTF-8: "
                           "codes are letters A-Z, digits and \"_\", in segments separated by "
                           "\".\"");
    long_code(code, FL_SOURCE_CODE_MAX + 1);
    snprintf(expected, sizeof expected,
             "funding source code \"%s\" is 65 characters long (at most 64)", code);
    assert_declare_refused(t, code, FL_ERR_SYNTAX, expected);
    assert_declare_refused(t, "CD.A.B.C.D.E.F.G.H", FL_ERR_SYNTAX,
                           "funding source code \"CD.A.B.C.D.E.F.G.H\" has 9 segments (at most 8)");
    fl_source_tree_free(t);
}

static void test_source__declare_accepts_the_longest_and_deepest_codes(void **state)
{
    fl_source_tree *t = new_tree();
    char code[FL_SOURCE_CODE_MAX + 1];
    int i;

    (void)state;
    /* 64 characters. */
    long_code(code, FL_SOURCE_CODE_MAX);
    i = declare(t, code, NULL, NULL);
    assert_int_equal(find(t, code), i);
    /* 8 segments. */
    declare(t, "CD.A", NULL, NULL);
    declare(t, "CD.A.B", NULL, NULL);
    declare(t, "CD.A.B.C", NULL, NULL);
    declare(t, "CD.A.B.C.D", NULL, NULL);
    declare(t, "CD.A.B.C.D.E", NULL, NULL);
    declare(t, "CD.A.B.C.D.E.F", NULL, NULL);
    i = declare(t, "CD.A.B.C.D.E.F.G", NULL, NULL);
    assert_int_equal(fl_source_tree_depth(t, i), FL_SOURCE_DEPTH_MAX - 1);
    assert_declare_refused(t, "CD.A.B.C.D.E.F.G.H", FL_ERR_SYNTAX,
                           "funding source code \"CD.A.B.C.D.E.F.G.H\" has 9 segments (at most 8)");
    fl_source_tree_free(t);
}

static void test_source__declare_needs_the_parent(void **state)
{
    fl_source_tree *t = new_tree();

    (void)state;
    assert_declare_refused(t, "CD.XX.A", FL_ERR_VALIDATION,
                           "parent code \"CD.XX\" of \"CD.XX.A\" is not declared");
    assert_declare_refused(t, "cd.tm.thon.a", FL_ERR_VALIDATION,
                           "parent code \"CD.TM.THON\" of \"CD.TM.THON.A\" is not declared");
    assert_int_equal(find(t, "CD.XX"), -1);
    fl_source_tree_free(t);
}

static void test_source__declare_refuses_bad_labels(void **state)
{
    fl_source_tree *t = new_tree();
    fl_error err;
    size_t count = fl_source_tree_count(t);
    char *huge = malloc(FL_SOURCE_LABEL_MAX + 2);
    int i;

    (void)state;
    assert_non_null(huge);
    fl_error_clear(&err);
    assert_int_equal(fl_source_tree_declare(&i, t, "CD.TM.A", "Ti\xC3", NULL, &err), FL_ERR_SYNTAX);
    assert_string_equal(err.message,
                        "the Vietnamese label of funding source \"CD.TM.A\" is not valid UTF-8");
    assert_int_equal(fl_source_tree_declare(&i, t, "CD.TM.A", "Thôn", "Hamlet\nA", &err),
                     FL_ERR_SYNTAX);
    assert_string_equal(err.message, "the English label of funding source \"CD.TM.A\" has the "
                                     "control character U+000A");
    memset(huge, 'a', FL_SOURCE_LABEL_MAX + 1);
    huge[FL_SOURCE_LABEL_MAX + 1] = '\0';
    assert_int_equal(fl_source_tree_declare(&i, t, "CD.TM.A", huge, NULL, &err), FL_ERR_SYNTAX);
    assert_string_equal(err.message,
                        "the Vietnamese label of funding source \"CD.TM.A\" is longer than 1024 "
                        "bytes");
    /* Relabelling is checked the same way and leaves the old label. */
    assert_int_equal(fl_source_tree_declare(&i, t, "CD.TM", "\x80", NULL, &err), FL_ERR_SYNTAX);
    assert_string_equal(fl_source_tree_label(t, known(t, "CD.TM"), FL_LOCALE_VI), "Tiền mặt");
    assert_int_equal(fl_source_tree_count(t), count);
    free(huge);
    fl_source_tree_free(t);
}

static void test_source__labels_are_stored_in_nfc(void **state)
{
    fl_source_tree *t = new_tree();
    int i;

    (void)state;
    /* "Hoà" written with a combining grave accent (NFD) is stored composed. */
    i = declare(t, "CD.TM.HOA",
                "Ho"
                "a\xCC\x80",
                NULL);
    assert_string_equal(fl_source_tree_label(t, i, FL_LOCALE_VI), "Ho\xC3\xA0");
    fl_source_tree_free(t);
}

static void test_source__a_new_top_level_code_needs_a_group(void **state)
{
    fl_source_tree *t = new_tree();
    fl_error err;
    int i = -1;

    (void)state;
    assert_declare_refused(t, "XH", FL_ERR_VALIDATION,
                           "new top-level funding source \"XH\" needs a group (NTM or THU)");

    fl_error_clear(&err);
    assert_int_equal(
        fl_source_tree_declare_top(&i, t, "xh", "ntm", "Xã hội hóa", "Socialization", &err), FL_OK);
    assert_string_equal(fl_source_tree_code(t, i), "XH");
    assert_int_equal(fl_source_tree_group(t, i), FL_SOURCE_GROUP_NTM);
    assert_int_equal(fl_source_tree_parent(t, i), -1);
    assert_int_equal(fl_source_tree_depth(t, i), 0);
    /* Now a plain declaration of it only relabels, and children can follow. */
    assert_int_equal(declare(t, "XH", NULL, "Private funds"), i);
    assert_string_equal(fl_source_tree_label(t, i, FL_LOCALE_EN), "Private funds");
    assert_int_equal(fl_source_tree_parent(t, declare(t, "XH.A", NULL, NULL)), i);

    assert_int_equal(fl_source_tree_declare_top(&i, t, "VAY", "XDCB", NULL, NULL, &err),
                     FL_ERR_NOT_FOUND);
    assert_string_equal(err.message, "unknown source group \"XDCB\" (known groups: NTM, THU)");
    assert_int_equal(fl_source_tree_declare_top(&i, t, "CD", "THU", NULL, NULL, &err),
                     FL_ERR_VALIDATION);
    assert_string_equal(err.message, "funding source \"CD\" is in group NTM, not in THU");
    assert_int_equal(fl_source_tree_declare_top(&i, t, "NTM", "THU", NULL, NULL, &err),
                     FL_ERR_VALIDATION);
    assert_string_equal(err.message,
                        "funding source \"NTM\" would have the same name as the group NTM");
    assert_int_equal(fl_source_tree_declare_top(&i, t, "CD.X", "THU", NULL, NULL, &err),
                     FL_ERR_VALIDATION);
    assert_string_equal(err.message,
                        "funding source \"CD.X\" would be in group NTM, as \"CD\" is, not in THU");
    /* A code with "." in the right group is an ordinary declaration. */
    assert_int_equal(fl_source_tree_declare_top(&i, t, "CD.X", "NTM", NULL, NULL, &err), FL_OK);
    assert_int_equal(fl_source_tree_parent(t, i), known(t, "CD"));
    fl_source_tree_free(t);
}

static void test_source__declared_groups(void **state)
{
    fl_source_tree *t = new_tree();
    fl_error err;
    int g = -1, i = -1, again = -1;

    (void)state;
    fl_error_clear(&err);
    assert_int_equal(fl_source_tree_declare_group(&g, t, "xdcb", "Vốn xây dựng cơ bản", NULL, &err),
                     FL_OK);
    assert_int_equal(g, 2);
    assert_int_equal(fl_source_tree_group_count(t), 3);
    assert_string_equal(fl_source_tree_group_name(t, g), "XDCB");
    assert_string_equal(fl_source_tree_group_label(t, g, FL_LOCALE_EN), "Vốn xây dựng cơ bản");
    assert_int_equal(fl_source_tree_group_first(t, g), -1);
    assert_int_equal(fl_source_tree_find_group(t, "XDCB", 4), g);

    /* Declaring it again relabels it. */
    assert_int_equal(fl_source_tree_declare_group(&again, t, "XDCB", NULL, "Capital works", &err),
                     FL_OK);
    assert_int_equal(again, g);
    assert_string_equal(fl_source_tree_group_label(t, g, FL_LOCALE_EN), "Capital works");
    assert_string_equal(fl_source_tree_group_label(t, g, FL_LOCALE_VI), "Vốn xây dựng cơ bản");

    /* A group may have a top-level code of its own name, as THU does. */
    assert_int_equal(fl_source_tree_declare_top(&i, t, "XDCB", "XDCB", NULL, NULL, &err), FL_OK);
    assert_int_equal(fl_source_tree_group(t, i), g);
    assert_int_equal(fl_source_tree_group_first(t, g), i);

    assert_int_equal(fl_source_tree_declare_group(&g, t, "CD", NULL, NULL, &err),
                     FL_ERR_VALIDATION);
    assert_string_equal(err.message,
                        "source group CD would have the same name as the funding source \"CD\"");
    assert_int_equal(fl_source_tree_declare_group(&g, t, "A.B", NULL, NULL, &err), FL_ERR_SYNTAX);
    assert_string_equal(err.message,
                        "source group name \"A.B\" has \".\": a group name is one word such as "
                        "\"NTM\"");
    assert_int_equal(fl_source_tree_declare_group(&g, t, "X Y", NULL, NULL, &err), FL_ERR_SYNTAX);
    assert_string_equal(err.message,
                        "source group name \"X Y\" has a space: codes are letters A-Z, digits "
                        "and \"_\", in segments separated by \".\"");
    assert_int_equal(fl_source_tree_group_count(t), 3);
    fl_source_tree_free(t);
}

/* --- display order ------------------------------------------------------------- */

static void test_source__preorder_places_declared_codes_after_their_siblings(void **state)
{
    fl_source_tree *t = new_tree();
    fl_error err;
    int i;
    static const char *const expected[] = {
        "NS",           "NS.TW",      "NS.TW.DTPT",  "NS.TW.SN",    "NS.TW.TPCP",  "NS.TW.ODA",
        "NS.DP",        "NS.DP.TINH", "NS.DP.HUYEN", "NS.DP.XA",    "LG",          "TD",
        "TD.CS",        "TD.TM",      "DN",          "CD",          "CD.TM",       "CD.TM.THON",
        "CD.TM.THON.X", "CD.TM.XOM",  "CD.NC",       "CD.HD",       "CD.VT",       "CD.TDT",
        "CD.KHAC",      "KH",         "KH.TT",       "KH.NN",       "XH",          "THU",
        "THU.ND",       "THU.ND.NQD", "THU.ND.SDD",  "THU.ND.TNCN", "THU.ND.LPTB", "THU.ND.PHI",
        "THU.ND.KHAC",  "THU.XNK",    "THU.VAY",     "XDCB",        "XDCB.A",
    };

    (void)state;
    fl_error_clear(&err);
    assert_int_equal(fl_source_tree_declare_group(NULL, t, "XDCB", NULL, NULL, &err), FL_OK);
    assert_int_equal(fl_source_tree_declare_top(NULL, t, "XDCB", "XDCB", NULL, NULL, &err), FL_OK);
    declare(t, "XDCB.A", NULL, NULL);
    declare(t, "THU.VAY", NULL, NULL);
    declare(t, "CD.TM.THON", NULL, NULL);
    declare(t, "CD.KHAC", NULL, NULL);
    assert_int_equal(fl_source_tree_declare_top(&i, t, "XH", "NTM", NULL, NULL, &err), FL_OK);
    declare(t, "NS.TW.ODA", NULL, NULL);
    declare(t, "CD.TM.XOM", NULL, NULL);
    declare(t, "CD.TM.THON.X", NULL, NULL);
    assert_preorder(t, expected, sizeof expected / sizeof expected[0]);
    /* Indices stay as declared: XH is the sixth code declared. */
    assert_int_equal(i, (int)BUILTIN_COUNT + 5);
    fl_source_tree_free(t);
}

/* --- scale --------------------------------------------------------------------- */

/* A tree holds FL_SOURCE_COUNT_MAX codes (a ledger's facts keep the index in 16 bits): the
 * next declaration is refused by the tree, before any entry could name it. */
static void test_source__the_tree_refuses_codes_past_its_limit(void **state)
{
    fl_source_tree *t = new_tree();
    char code[64];
    size_t k;

    (void)state;
    for (k = BUILTIN_COUNT; k < FL_SOURCE_COUNT_MAX; k++) {
        snprintf(code, sizeof code, "CD.TM.T%05zu", k);
        assert_int_equal(declare(t, code, NULL, NULL), (int)k);
    }
    assert_int_equal(fl_source_tree_count(t), FL_SOURCE_COUNT_MAX);
    assert_declare_refused(t, "CD.TM.ONE_MORE", FL_ERR_LIMIT,
                           "too many funding source codes (at most 32767)");
    /* an existing code may still be relabelled */
    assert_int_equal(declare(t, "CD.TM.T00100", "nhãn mới", NULL), 100);
    fl_source_tree_free(t);
}

static void test_source__ten_thousand_declared_codes_are_all_found(void **state)
{
    enum { N = 10000 };
    fl_source_tree *t = new_tree();
    char code[64];
    int *order;
    bool *seen;
    size_t k, count;
    int i;

    (void)state;
    for (k = 0; k < N; k++) {
        /* Half under CD.TM, half one level deeper, so the table grows many times. */
        if (k < N / 2)
            snprintf(code, sizeof code, "CD.TM.T%05zu", k);
        else
            snprintf(code, sizeof code, "CD.TM.T%05zu.X", k - N / 2);
        assert_int_equal(declare(t, code, NULL, NULL), (int)(BUILTIN_COUNT + k));
    }
    count = fl_source_tree_count(t);
    assert_int_equal(count, BUILTIN_COUNT + N);
    for (k = 0; k < N; k++) {
        if (k < N / 2)
            snprintf(code, sizeof code, "cd.tm.t%05zu", k);
        else
            snprintf(code, sizeof code, "CD.TM.T%05zu.X", k - N / 2);
        i = find(t, code);
        assert_int_equal(i, (int)(BUILTIN_COUNT + k));
        assert_true(fl_source_tree_is_ancestor_or_self(t, known(t, "CD.TM"), i));
    }
    for (k = 0; k < BUILTIN_COUNT; k++)
        assert_int_equal(find(t, builtin_order[k]), (int)k);
    assert_int_equal(find(t, "CD.TM.T10000"), -1);
    assert_int_equal(find(t, "CD.TM.T00000.Y"), -1);

    /* The display order holds every code once, each after its parent. */
    order = malloc(count * sizeof *order);
    seen = calloc(count, sizeof *seen);
    assert_non_null(order);
    assert_non_null(seen);
    fl_source_tree_preorder(order, t);
    for (k = 0; k < count; k++) {
        int parent = fl_source_tree_parent(t, order[k]);
        assert_false(seen[order[k]]);
        assert_true(parent < 0 || seen[parent]);
        seen[order[k]] = true;
    }
    assert_string_equal(fl_source_tree_code(t, order[find(t, "CD.TM") + 1]), "CD.TM.T00000");
    assert_string_equal(fl_source_tree_code(t, order[find(t, "CD.TM") + 2]), "CD.TM.T00000.X");
    free(seen);
    free(order);
    fl_source_tree_free(t);
}

/* --- edges --------------------------------------------------------------------- */

static void test_source__accessors_refuse_indices_out_of_range(void **state)
{
    fl_source_tree *t = new_tree();
    int n = (int)fl_source_tree_count(t);

    (void)state;
    assert_null(fl_source_tree_code(t, -1));
    assert_null(fl_source_tree_code(t, n));
    assert_null(fl_source_tree_label(t, n, FL_LOCALE_VI));
    assert_int_equal(fl_source_tree_parent(t, n), -1);
    assert_int_equal(fl_source_tree_depth(t, n), -1);
    assert_int_equal(fl_source_tree_group(t, n), -1);
    assert_int_equal(fl_source_tree_first_child(t, n), -1);
    assert_int_equal(fl_source_tree_next_sibling(t, n), -1);
    assert_int_equal(fl_source_tree_preorder_next(t, n), -1);
    assert_false(fl_source_tree_is_ancestor_or_self(t, 0, n));
    assert_null(fl_source_tree_group_name(t, 2));
    assert_null(fl_source_tree_group_label(t, -1, FL_LOCALE_EN));
    assert_int_equal(fl_source_tree_group_first(t, 2), -1);
    fl_source_tree_free(t);
    fl_source_tree_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_source__builtin_codes_are_found_in_tree_order),
        cmocka_unit_test(test_source__builtin_parents_depths_and_groups),
        cmocka_unit_test(test_source__builtin_labels_in_both_languages),
        cmocka_unit_test(test_source__builtin_groups),
        cmocka_unit_test(test_source__children_are_listed_in_tree_order),
        cmocka_unit_test(test_source__a_code_includes_its_descendants),
        cmocka_unit_test(test_source__find_ignores_case_but_nothing_else),
        cmocka_unit_test(test_source__resolve_finds_known_codes),
        cmocka_unit_test(test_source__resolve_suggests_the_nearest_code),
        cmocka_unit_test(test_source__resolve_without_a_near_code_points_at_the_list),
        cmocka_unit_test(test_source__declare_child_and_grandchild),
        cmocka_unit_test(test_source__missing_labels_fall_back),
        cmocka_unit_test(test_source__declaring_again_relabels),
        cmocka_unit_test(test_source__declare_refuses_bad_code_syntax),
        cmocka_unit_test(test_source__declare_accepts_the_longest_and_deepest_codes),
        cmocka_unit_test(test_source__declare_needs_the_parent),
        cmocka_unit_test(test_source__declare_refuses_bad_labels),
        cmocka_unit_test(test_source__labels_are_stored_in_nfc),
        cmocka_unit_test(test_source__a_new_top_level_code_needs_a_group),
        cmocka_unit_test(test_source__declared_groups),
        cmocka_unit_test(test_source__preorder_places_declared_codes_after_their_siblings),
        cmocka_unit_test(test_source__ten_thousand_declared_codes_are_all_found),
        cmocka_unit_test(test_source__the_tree_refuses_codes_past_its_limit),
        cmocka_unit_test(test_source__accessors_refuse_indices_out_of_range),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
