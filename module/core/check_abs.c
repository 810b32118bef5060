// SPDX-License-Identifier: GPL-2.0
/*
 * The abstract half of the consistency check: the paper's theorems and
 * the refinement of section 3's model by the MDB and the page tables.
 *
 * The abstract state a reader sees (lookup, dump) is rebuilt from the
 * page tables: the leaf of n,v gives the frame and, through its link, the
 * MDB node, whose parent (l4mm_mdb_parent(), a backward scan) names the
 * entry Virtual n' v', or Real frame for a tree root.  The MDB's own view
 * is its trees read forwards: the parent of a node at depth d is the last
 * node at depth d - 1 before it.  Refinement holds when the two agree for
 * every mapped page.  The theorems then follow from three local facts per
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
 * l4mm_space_check() verifies the same for one space by walking each
 * chain explicitly instead.
 */
#include "state.h"

static const char *id_name(const struct l4mm_state *st, u32 id)
{
	const struct l4mm_space *sp = l4mm_space_by_id(st, id);

	return sp ? sp->name : "?";
}

static u32 node_va(const struct l4mm_mdb_node *n)
{
	return l4mm_mdb_vpn(n) << L4MM_CORE_PAGE_SHIFT;
}

/* Facts 1-3 for node @n and its parent @p. */
static int check_step(const struct l4mm_state *st,
		      const struct l4mm_mdb_node *n,
		      const struct l4mm_mdb_node *p, char *buf, size_t len)
{
	const struct l4mm_space *sp = l4mm_space_by_id(st, l4mm_mdb_id(n));
	const struct l4mm_space *ps = l4mm_space_by_id(st, l4mm_mdb_id(p));
	struct l4mm_pte_leaf leaf, pleaf;

	if (!sp || l4mm_node_at(sp, node_va(n), NULL, &leaf) != n)
		return l4mm_check_fail(buf, len,
			    "space %u vaddr 0x%08x: no leaf links to its MDB node",
			    l4mm_mdb_id(n), node_va(n));
	if (!ps || l4mm_node_at(ps, node_va(p), NULL, &pleaf) != p)
		return l4mm_check_fail(buf, len,
			    "space %s vaddr 0x%08x: every mapped page reaches Real: entry Virtual %s 0x%08x is not a mapped page",
			    sp->name, node_va(n), id_name(st, l4mm_mdb_id(p)),
			    node_va(p));
	if (l4mm_mdb_depth(p) + 1 != l4mm_mdb_depth(n))
		return l4mm_check_fail(buf, len,
			    "space %s vaddr 0x%08x: no loops: depth %u, its entry Virtual %s 0x%08x has depth %u, expected %u",
			    sp->name, node_va(n), l4mm_mdb_depth(n),
			    ps->name, node_va(p), l4mm_mdb_depth(p),
			    l4mm_mdb_depth(n) - 1);
	if (leaf.frame != pleaf.frame)
		return l4mm_check_fail(buf, len,
			    "space %s vaddr 0x%08x: lookup is a function: leaf frame 0x%x, but Virtual %s 0x%08x leads to frame 0x%x",
			    sp->name, node_va(n), leaf.frame, ps->name,
			    node_va(p), pleaf.frame);
	if (l4mm_leaf_rights(&leaf) & ~l4mm_leaf_rights(&pleaf))
		return l4mm_check_fail(buf, len,
			    "space %s vaddr 0x%08x: rights %u exceed those of its source Virtual %s 0x%08x, %u",
			    sp->name, node_va(n), l4mm_leaf_rights(&leaf),
			    ps->name, node_va(p), l4mm_leaf_rights(&pleaf));
	return 0;
}

/* One tree, forwards, with a stack of the current node's ancestors. */
static int refine_tree(const struct l4mm_state *st,
		       const struct l4mm_mdb_node *root, char *buf, size_t len)
{
	const struct l4mm_mdb_node **stack, *n, *p, *want;
	u32 d, max = 0;
	int err = 0;

	/* The structural check ran first: the list ends and depths step by 1. */
	for (n = root; n; n = n->next)
		if (l4mm_mdb_depth(n) > max)
			max = l4mm_mdb_depth(n);
	stack = l4mm_env_zalloc((size_t)(max + 1) * sizeof(*stack));
	if (!stack)
		return -ENOMEM;
	for (n = root; n && !err; n = n->next) {
		d = l4mm_mdb_depth(n);
		stack[d] = n;
		if (!d)
			continue;
		want = stack[d - 1];
		p = l4mm_mdb_parent(n);
		if (p != want) {
			err = l4mm_check_fail(buf, len,
					      "space %s vaddr 0x%08x: refinement: page tables say Virtual %s 0x%08x, MDB tree says Virtual %s 0x%08x",
					      id_name(st, l4mm_mdb_id(n)), node_va(n),
					      p ? id_name(st, l4mm_mdb_id(p)) : "(Real)",
					      p ? node_va(p) : 0,
					      id_name(st, l4mm_mdb_id(want)),
					      node_va(want));
			break;
		}
		err = check_step(st, n, want, buf, len);
	}
	l4mm_env_free(stack);
	return err;
}

/**
 * l4mm_check_refinement() - theorems and refinement of a whole state
 * @st: the state; l4mm_state_check()'s structural part must have passed
 * @buf: receives the first violation (may be NULL)
 * @len: size of @buf
 *
 * Return: 0, -EUCLEAN on a violation, -ENOMEM if the check could not run.
 */
int l4mm_check_refinement(const struct l4mm_state *st, char *buf, size_t len)
{
	const struct l4mm_mdb_node *n;
	const struct l4mm_space *sp;
	struct l4mm_pte_ref ref;
	u32 id, va;
	u64 from;
	int err;

	for (id = 0; id < st->spaces_cap; id++) {
		sp = st->spaces[id];
		if (!sp)
			continue;
		for (from = 0; l4mm_pt_next_leaf(&sp->pt, from, &va, &ref);
		     from = (u64)va + L4MM_CORE_PAGE_SIZE) {
			n = l4mm_pt_obj(&ref);
			if (l4mm_reserved_kind_of(n) || l4mm_mdb_depth(n))
				continue;
			err = refine_tree(st, n, buf, len);
			if (err)
				return err;
		}
	}
	return 0;
}

/* The chain of n,v followed literally, one l4mm_mdb_parent() per step. */
static int check_chain(const struct l4mm_state *st,
		       const struct l4mm_space *sp, u32 va, char *buf,
		       size_t len)
{
	const struct l4mm_mdb_node *n, *p;
	u64 steps = 0;
	int err;

	n = l4mm_node_at(sp, va, NULL, NULL);
	if (!n)
		return l4mm_check_fail(buf, len, "space %s vaddr 0x%08x: leaf without an MDB node",
			    sp->name, va);
	for (; (p = l4mm_mdb_parent(n)); n = p) {
		if (++steps > st->mappings)
			return l4mm_check_fail(buf, len,
				    "space %s vaddr 0x%08x: no loops: more than %llu Virtual steps",
				    sp->name, va, st->mappings);
		err = check_step(st, n, p, buf, len);
		if (err)
			return err;
	}
	if (l4mm_mdb_depth(n))
		return l4mm_check_fail(buf, len,
			    "space %s vaddr 0x%08x: every mapped page reaches Real: chain ends at %s 0x%08x of depth %u",
			    sp->name, va, id_name(st, l4mm_mdb_id(n)),
			    node_va(n), l4mm_mdb_depth(n));
	return 0;
}

/**
 * l4mm_space_check() - check one space: its tables and every chain
 * @st: the state
 * @sp: the space
 * @buf: receives the first violation (may be NULL)
 * @len: size of @buf
 *
 * The page table of @sp (shape, tags, leaf <-> node links, counters),
 * then for each mapped page its chain of Virtual steps to Real, followed
 * one step at a time (facts 1-3 above at every step).
 *
 * Return: 0 or -EUCLEAN.
 */
int l4mm_space_check(const struct l4mm_state *st, const struct l4mm_space *sp,
		     char *buf, size_t len)
{
	struct l4mm_pte_ref ref;
	u32 va;
	u64 from;
	int err;

	if (buf && len)
		buf[0] = '\0';
	err = l4mm_check_space_tables(st, sp, buf, len);
	if (err)
		return err;
	for (from = 0; l4mm_pt_next_leaf(&sp->pt, from, &va, &ref);
	     from = (u64)va + L4MM_CORE_PAGE_SIZE) {
		if (l4mm_reserved_kind_of(l4mm_pt_obj(&ref)))
			continue;	/* no node, no chain */
		err = check_chain(st, sp, va, buf, len);
		if (err)
			return err;
	}
	return 0;
}
