// SPDX-License-Identifier: GPL-2.0
/*
 * The abstract half of the consistency check: the paper's theorems and
 * the refinement of section 3's model by the MDB and the page tables.
 *
 * The abstract state a reader sees (lookup, dump) is the page tables: the
 * leaf of n,v gives the frame and, through its link, the MDB node, whose
 * parent pointer names the entry Virtual n' v', or Real frame for a tree
 * root (mdb.c).  The MDB's own view is its trees read forwards: the
 * parent of a node at depth d is the nearest preceding node at depth
 * d - 1 (invariant 3).  Refinement holds when the two agree for every
 * mapped page.  The theorems then follow from three local facts per
 * node, by induction on the depth (pre-order visits a parent first):
 *
 *   1. the parent is a mapped page whose leaf links back to it, so every
 *      Virtual entry points at a mapped page;
 *   2. the parent's depth is one less, so a chain of Virtual steps strictly
 *      decreases the depth and ends, at depth 0, in a Real entry: no loops,
 *      and every mapped page reaches Real;
 *   3. the parent's leaf holds the same frame, so the frame a leaf holds
 *      (what l4mm_lookup returns) is the r of Virtual n v ~>+ Real r:
 *      lookup is a function and the implementation computes it.
 *
 * Cost: O(nodes), with O(1) memory.  The forward view is computed without
 * a stack: at a node n of depth d, the nearest preceding node of depth
 * d - 1 is found by climbing the (already verified) parent pointers from
 * n's predecessor; each climb step goes one level up from where the list
 * went one level down before, so the climbs of a whole list take no more
 * steps than the list has nodes.  A yield point, where the check may stop
 * for a fatal signal, comes every L4MM_CORE_RESCHED_EVERY nodes.
 */
#include "state.h"

static const char *id_name(const struct l4mm_state *st, u32 id)
{
	const struct l4mm_space *sp = l4mm_space_by_id(st, id);

	return sp ? sp->name : "?";
}

/* Facts 1-3 for node @n and its parent @p. */
static int check_step(const struct l4mm_state *st,
		      const struct l4mm_mdb_node *n,
		      const struct l4mm_mdb_node *p, char *buf, size_t len)
{
	const struct l4mm_space *sp = l4mm_space_by_id(st, l4mm_mdb_id(n));
	const struct l4mm_space *ps = l4mm_space_by_id(st, l4mm_mdb_id(p));
	struct l4mm_pte_leaf leaf, pleaf;

	if (!sp || l4mm_node_at(sp, l4mm_mdb_va(n), NULL, &leaf) != n)
		return l4mm_check_fail(buf, len,
			    "space %u vaddr 0x%08x: no leaf links to its MDB node",
			    l4mm_mdb_id(n), l4mm_mdb_va(n));
	if (!ps || l4mm_node_at(ps, l4mm_mdb_va(p), NULL, &pleaf) != p)
		return l4mm_check_fail(buf, len,
			    "space %s vaddr 0x%08x: every mapped page reaches Real: entry Virtual %s 0x%08x is not a mapped page",
			    sp->name, l4mm_mdb_va(n), id_name(st, l4mm_mdb_id(p)),
			    l4mm_mdb_va(p));
	if (l4mm_mdb_depth(p) + 1 != l4mm_mdb_depth(n))
		return l4mm_check_fail(buf, len,
			    "space %s vaddr 0x%08x: no loops: depth %u, its entry Virtual %s 0x%08x has depth %u, expected %u",
			    sp->name, l4mm_mdb_va(n), l4mm_mdb_depth(n),
			    ps->name, l4mm_mdb_va(p), l4mm_mdb_depth(p),
			    l4mm_mdb_depth(n) - 1);
	if (leaf.frame != pleaf.frame)
		return l4mm_check_fail(buf, len,
			    "space %s vaddr 0x%08x: lookup is a function: leaf frame 0x%x, but Virtual %s 0x%08x leads to frame 0x%x",
			    sp->name, l4mm_mdb_va(n), leaf.frame, ps->name,
			    l4mm_mdb_va(p), pleaf.frame);
	if (l4mm_leaf_rights(&leaf) & ~l4mm_leaf_rights(&pleaf))
		return l4mm_check_fail(buf, len,
			    "space %s vaddr 0x%08x: rights %u exceed those of its source Virtual %s 0x%08x, %u",
			    sp->name, l4mm_mdb_va(n), l4mm_leaf_rights(&leaf),
			    ps->name, l4mm_mdb_va(p), l4mm_leaf_rights(&pleaf));
	return 0;
}

/*
 * The nearest node before @n (whose predecessor is @prev) of depth
 * depth(@n) - 1: @prev itself, or an ancestor of @prev.  NULL if the
 * list is malformed (the structural check ran first, so it is not).
 */
static const struct l4mm_mdb_node *
forward_parent(const struct l4mm_mdb_node *prev, u32 d)
{
	const struct l4mm_mdb_node *a = prev;

	while (a && l4mm_mdb_depth(a) >= d)
		a = l4mm_mdb_parent(a);
	return a && l4mm_mdb_depth(a) == d - 1 ? a : NULL;
}

/* One tree, forwards; *tick counts nodes since the last yield point. */
static int refine_tree(const struct l4mm_state *st,
		       const struct l4mm_mdb_node *root, u32 *tick, char *buf,
		       size_t len)
{
	const struct l4mm_mdb_node *n, *p, *want;
	int err;

	if (l4mm_mdb_parent(root))
		return l4mm_check_fail(buf, len,
			    "space %s vaddr 0x%08x: refinement: tree root says Virtual %s 0x%08x, MDB tree says Real",
			    id_name(st, l4mm_mdb_id(root)), l4mm_mdb_va(root),
			    id_name(st, l4mm_mdb_id(l4mm_mdb_parent(root))),
			    l4mm_mdb_va(l4mm_mdb_parent(root)));
	for (n = root->next; n; n = n->next) {
		want = forward_parent(n->prev, l4mm_mdb_depth(n));
		p = l4mm_mdb_parent(n);
		if (!want || p != want)
			return l4mm_check_fail(buf, len,
				    "space %s vaddr 0x%08x: refinement: page tables say Virtual %s 0x%08x, MDB tree says Virtual %s 0x%08x",
				    id_name(st, l4mm_mdb_id(n)), l4mm_mdb_va(n),
				    p ? id_name(st, l4mm_mdb_id(p)) : "(Real)",
				    p ? l4mm_mdb_va(p) : 0,
				    want ? id_name(st, l4mm_mdb_id(want)) : "?",
				    want ? l4mm_mdb_va(want) : 0);
		err = check_step(st, n, want, buf, len);
		if (err)
			return err;
		err = l4mm_check_tick(tick);
		if (err)
			return err;
	}
	return 0;
}

struct refine_walk {
	const struct l4mm_state *st;
	u32 tick;
	char *buf;
	size_t len;
};

static int refine_leaf(void *arg, u32 va __always_unused, const struct l4mm_pte_ref *ref)
{
	struct refine_walk *w = arg;
	const struct l4mm_mdb_node *n = l4mm_pt_obj(ref);

	if (l4mm_reserved_kind_of(n) || l4mm_mdb_depth(n))
		return 0;
	return refine_tree(w->st, n, &w->tick, w->buf, w->len);
}

/**
 * l4mm_check_refinement() - theorems and refinement of a whole state
 * @st: the state; l4mm_state_check()'s structural part must have passed
 * @buf: receives the first violation (may be NULL)
 * @len: size of @buf
 *
 * Every tree is read from its root, which is found through its leaf.
 *
 * Return: 0, -EUCLEAN on a violation, -EINTR if stopped.
 */
int l4mm_check_refinement(const struct l4mm_state *st, char *buf, size_t len)
{
	struct refine_walk w = { .st = st, .buf = buf, .len = len };
	struct l4mm_space *sp;
	u32 id;
	int err;

	for (id = 0; id < st->spaces_cap; id++) {
		sp = st->spaces[id];
		if (!sp)
			continue;
		err = l4mm_pt_walk(&sp->pt, 0, 1ULL << L4MM_CORE_VA_BITS,
				   refine_leaf, &w);
		if (err)
			return err;
	}
	return 0;
}

struct space_walk {
	const struct l4mm_state *st;
	u32 tick;
	char *buf;
	size_t len;
};

/* Facts 1-3 for one page of the space, with its direct source. */
static int space_leaf(void *arg, u32 va, const struct l4mm_pte_ref *ref)
{
	struct space_walk *w = arg;
	const struct l4mm_mdb_node *n = l4mm_pt_obj(ref), *p;
	int err;

	if (l4mm_reserved_kind_of(n))
		return 0;	/* no node, no chain */
	p = l4mm_mdb_parent(n);
	if (!p && l4mm_mdb_depth(n))
		return l4mm_check_fail(w->buf, w->len,
			    "space %s vaddr 0x%08x: every mapped page reaches Real: no entry, but depth %u",
			    id_name(w->st, l4mm_mdb_id(n)), va,
			    l4mm_mdb_depth(n));
	err = p ? check_step(w->st, n, p, w->buf, w->len) : 0;
	return err ? err : l4mm_check_tick(&w->tick);
}

/**
 * l4mm_check_space_steps() - facts 1-3 for every page of one space
 * @st: the state
 * @sp: the space
 * @buf: receives the first violation (may be NULL)
 * @len: size of @buf
 *
 * Return: 0, -EUCLEAN or -EINTR (stopped).
 */
int l4mm_check_space_steps(const struct l4mm_state *st,
			   const struct l4mm_space *sp, char *buf, size_t len)
{
	struct space_walk w = { .st = st, .buf = buf, .len = len };

	return l4mm_pt_walk(&sp->pt, 0, 1ULL << L4MM_CORE_VA_BITS,
			    space_leaf, &w);
}
