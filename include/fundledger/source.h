/*
 * fundledger/source.h - the funding-source tree: hierarchical codes such as
 * "CD.TM" (cash given by the community), their labels, and the groups whose
 * totals must never be added together.
 *
 * A code is one or more segments of letters A-Z, digits and "_" separated by
 * ".", at most FL_SOURCE_CODE_MAX characters and FL_SOURCE_DEPTH_MAX
 * segments.  A code includes its descendants: "CD" covers "CD.TM", "CD.NC",
 * ...  Codes are stored in upper case and looked up case-insensitively
 * ("cd.tm" finds "CD.TM").
 *
 * Every top-level code belongs to a group.  Two groups are built in:
 *   NTM  the money mobilized for New Rural Development (NS, LG, TD, DN, CD,
 *        KH), whose sum is the headline "tổng nguồn lực huy động";
 *   THU  state budget revenue in the district (THU and its children).
 * Figures of different groups are never added together: shares, headlines
 * and grand totals are always per group.  docs/sources.md lists the built-in
 * tree.
 *
 * Codes are identified by a dense index, 0 .. count-1, that never changes
 * once the code is declared: the built-in codes come first, in tree order,
 * then declared codes in the order they were declared.  Reports list codes
 * in tree order (fl_source_tree_preorder), not index order.  Groups are
 * identified the same way: 0 .. group count-1 (NTM = 0, THU = 1).
 *
 * Ownership: fl_source_tree_new gives a tree the caller frees with
 * fl_source_tree_free.  Every string returned by an accessor belongs to the
 * tree and lives until it is freed.  Functions that take a const tree only
 * read it and may run concurrently; declaring needs exclusive access.
 *
 * Accessors take an index the caller got from the tree; for an index out of
 * range they return NULL, -1 or false rather than crash.
 */
#ifndef FUNDLEDGER_SOURCE_H
#define FUNDLEDGER_SOURCE_H

#include "amount.h"
#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The longest code, in characters ("NS.DP.HUYEN" is 11). */
#define FL_SOURCE_CODE_MAX 64
/** The most segments a code may have ("NS.DP.HUYEN" has 3). */
#define FL_SOURCE_DEPTH_MAX 8
/** The most codes a tree holds (built-in and declared); a ledger keeps an entry's code in 16 bits.
 */
#define FL_SOURCE_COUNT_MAX 32767
/** The most groups a tree holds (built-in and declared). */
#define FL_SOURCE_GROUP_COUNT_MAX 64
/** The longest label, in bytes of UTF-8. */
#define FL_SOURCE_LABEL_MAX 1024

/** The built-in group of New Rural Development funding (NS, LG, TD, DN, CD, KH). */
#define FL_SOURCE_GROUP_NTM 0
/** The built-in group of state budget revenue (THU). */
#define FL_SOURCE_GROUP_THU 1

/** A funding-source tree; opaque. */
typedef struct fl_source_tree fl_source_tree;

/**
 * Creates a tree holding the built-in groups NTM and THU and their codes.
 *
 * @param out receives the new tree; the caller frees it with fl_source_tree_free
 * @return FL_OK, or FL_ERR_NOMEM (then *out is NULL)
 */
fl_status fl_source_tree_new(fl_source_tree **out);

/** Frees a tree and every string it handed out; NULL is fine. */
void fl_source_tree_free(fl_source_tree *t);

/** The number of codes, built-in and declared; indices run from 0 to this minus 1. */
size_t fl_source_tree_count(const fl_source_tree *t);

/**
 * Finds a code, ignoring ASCII case, in constant time (a hash table: this is
 * called once per ledger entry).  The text must be exactly the code: no
 * spaces around it.
 *
 * @param code the code's text, need not be NUL-terminated
 * @param len its length in bytes
 * @return the code's index, or -1 when the tree does not hold it
 */
int fl_source_tree_find(const fl_source_tree *t, const char *code, size_t len);

/**
 * Finds a code like fl_source_tree_find, and when it is unknown explains
 * why in err, suggesting the nearest known code:
 *
 *     unknown funding source "CD.TN"; did you mean "CD.TM"?
 *     unknown funding source "ZZZ" (see 'fundledger sources' for the list)
 *
 * The nearest code is the one with the smallest edit distance (insertions,
 * deletions, substitutions and swaps of two neighbouring characters; case
 * ignored), the first in tree order on a tie.  It is suggested only when
 * the distance is at most max(2, length / 2) and less than the length of the
 * text.  err->line and err->column are left at 0: the caller knows where the
 * code was written and fills them.
 *
 * @param out receives the index on success; unchanged on failure
 * @param err may be NULL
 * @return FL_OK, or FL_ERR_NOT_FOUND
 */
fl_status fl_source_tree_resolve(int *out, const fl_source_tree *t, const char *code, size_t len,
                                 fl_error *err);

/**
 * Declares a code under an existing parent ("CD.TM.THON" under "CD.TM"), or
 * relabels a code the tree already holds (built-in ones included).
 *
 * The code may be written in lower case; it is stored in upper case.  A new
 * code joins its parent's group and is listed after its parent's existing
 * children.  A new top-level code needs a group: use
 * fl_source_tree_declare_top.
 *
 * Labels are UTF-8 text (stored in Unicode NFC).  NULL or "" means "not
 * given": a new code then takes the other language's label, or its code when
 * neither is given; an existing code keeps the label it had.  So declaring a
 * code twice is harmless, and a later declaration's labels win.
 *
 * Errors (err->message says which):
 *   FL_ERR_SYNTAX      the code or a label is malformed (bad character, empty
 *                      segment, too long, too deep, invalid UTF-8, control
 *                      character)
 *   FL_ERR_VALIDATION  the parent is not declared
 *                      (parent code "CD.XX" of "CD.XX.A" is not declared),
 *                      or a new top-level code has no group
 *   FL_ERR_LIMIT       the tree already holds FL_SOURCE_COUNT_MAX codes
 *   FL_ERR_NOMEM
 *
 * @param out receives the code's index (new or existing); may be NULL
 * @param code NUL-terminated
 * @param label_vi the Vietnamese label, or NULL
 * @param label_en the English label, or NULL
 * @param err may be NULL
 * @return FL_OK or an error above; on error the tree is unchanged
 */
fl_status fl_source_tree_declare(int *out, fl_source_tree *t, const char *code,
                                 const char *label_vi, const char *label_en, fl_error *err);

/**
 * Declares a top-level code in a group ("XH" in "NTM"), or relabels it.  As
 * fl_source_tree_declare, plus:
 *   FL_ERR_NOT_FOUND   the group is unknown
 *   FL_ERR_VALIDATION  the code already exists in another group, or is named
 *                      like another group ("NTM" cannot be a code of THU)
 * A code with "." is accepted when its parent is in the same group (the
 * group is then only checked).
 *
 * @param group the group's name, e.g. "NTM" (case ignored), NUL-terminated
 */
fl_status fl_source_tree_declare_top(int *out, fl_source_tree *t, const char *code,
                                     const char *group, const char *label_vi, const char *label_en,
                                     fl_error *err);

/**
 * Declares a new group ("XDCB"), or relabels an existing one.  A group name
 * is one segment of code syntax, stored in upper case, and may not be the
 * name of an existing code (unless that code is the group's own top-level
 * code, as THU is).  Labels follow fl_source_tree_declare's rules.
 *
 * @param out receives the group's index; may be NULL
 * @return FL_OK, FL_ERR_SYNTAX, FL_ERR_VALIDATION, FL_ERR_LIMIT or FL_ERR_NOMEM
 */
fl_status fl_source_tree_declare_group(int *out, fl_source_tree *t, const char *name,
                                       const char *label_vi, const char *label_en, fl_error *err);

/** The code in canonical upper case ("CD.TM"); owned by the tree.  NULL if i is out of range. */
const char *fl_source_tree_code(const fl_source_tree *t, int i);

/**
 * The code's label in a locale ("Tiền mặt" / "Cash"); owned by the tree,
 * never NULL for a valid index.  An unknown locale gives the Vietnamese label.
 */
const char *fl_source_tree_label(const fl_source_tree *t, int i, fl_locale locale);

/** The index of the code's parent ("CD" for "CD.TM"), or -1 for a top-level code. */
int fl_source_tree_parent(const fl_source_tree *t, int i);

/** How deep the code is: 0 for a top-level code ("CD"), 1 for its children ("CD.TM"), ... */
int fl_source_tree_depth(const fl_source_tree *t, int i);

/** The index of the code's group (FL_SOURCE_GROUP_NTM for "CD.TM"). */
int fl_source_tree_group(const fl_source_tree *t, int i);

/**
 * Whether `ancestor` is `i` or one of its ancestors: whether a figure booked
 * on `i` counts in `ancestor`'s total.  O(depth).
 */
bool fl_source_tree_is_ancestor_or_self(const fl_source_tree *t, int ancestor, int i);

/** The code's first child in tree order, or -1 when it has none. */
int fl_source_tree_first_child(const fl_source_tree *t, int i);

/**
 * The next code with the same parent, in tree order, or -1 after the last.
 * Top-level codes are siblings of the other top-level codes of their group.
 */
int fl_source_tree_next_sibling(const fl_source_tree *t, int i);

/** The number of groups (2 unless more were declared). */
size_t fl_source_tree_group_count(const fl_source_tree *t);

/** The group's name ("NTM", "THU"); owned by the tree.  NULL if g is out of range. */
const char *fl_source_tree_group_name(const fl_source_tree *t, int g);

/**
 * The group's label, the name of its headline: "Tổng nguồn lực huy động xây
 * dựng nông thôn mới" / "Total resources mobilized for New Rural
 * Development".  Owned by the tree.
 */
const char *fl_source_tree_group_label(const fl_source_tree *t, int g, fl_locale locale);

/** The group's first top-level code in tree order ("NS" for NTM), or -1 when it has none. */
int fl_source_tree_group_first(const fl_source_tree *t, int g);

/** Finds a group by name, ignoring ASCII case ("ntm" finds NTM); -1 when unknown. */
int fl_source_tree_find_group(const fl_source_tree *t, const char *name, size_t len);

/**
 * Walks the tree in display order: groups in order, each group's top-level
 * codes in order, each code followed by its descendants (pre-order).
 * Declared codes come after the existing children of their parent.
 *
 *     for (i = fl_source_tree_preorder_next(t, -1); i >= 0;
 *          i = fl_source_tree_preorder_next(t, i))
 *
 * @param i -1 to start, else the code visited last
 * @return the next code, or -1 after the last
 */
int fl_source_tree_preorder_next(const fl_source_tree *t, int i);

/**
 * Writes every index, in the order of fl_source_tree_preorder_next, into
 * out[0 .. count-1]; the caller provides the array of
 * fl_source_tree_count(t) ints.
 */
void fl_source_tree_preorder(int *out, const fl_source_tree *t);

#ifdef __cplusplus
}
#endif

#endif
