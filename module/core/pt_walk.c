// SPDX-License-Identifier: GPL-2.0
/*
 * The range walker of the page-table engine: every loop that visits the
 * tables or the pages of a region (teardown, promotion, iteration for
 * dumps, revocation, destroy, the checker) is this one walk with
 * callbacks, in the manner of the kernel's mm/pagewalk.c.  The point
 * lookups and insertions of Figs. 15 and 16 descend to one entry instead
 * (pgtable.c).
 *
 * A superpage leaf above level 0 is walked through into its reserve
 * table (pgtable.h), so every 4 KiB page is a level-0 leaf here, and the
 * callbacks never see a superpage as anything but its descriptors.
 */
#include "l4mm_core.h"
#include "pgtable.h"

struct walk {
	const struct l4mm_pt_format *fmt;
	const struct l4mm_pt_walk_ops *ops;
	void *arg;
	u64 start, end;
	u32 tick;		/* the walk's own: readers share the state */
};

/* The table @t, which maps [@base, @base + its size), and below. */
static int walk_table(struct walk *w, struct l4mm_pt_table *t, u64 base)
{
	const struct l4mm_pt_format *fmt = w->fmt;
	unsigned int sh = fmt->shift[t->level];
	u32 i = 0, n = l4mm_pt_entries(fmt, t->level);
	u64 inv = fmt->encode_invalid(t->level);
	struct l4mm_pte_ref ref;
	int ret = 0;
	u64 va;

	if (w->ops->table_pre) {
		ret = w->ops->table_pre(w->arg, t, base);
		if (ret)
			return ret;
	}
	if (w->start > base)
		i = (u32)((w->start - base) >> sh);
	/* An empty table has nothing to visit (the checker counts it). */
	for (; i < n && t->used && !ret; i++) {
		va = base + ((u64)i << sh);
		if (va >= w->end)
			break;
		if (++w->tick >= L4MM_CORE_RESCHED_EVERY) {
			w->tick = 0;
			l4mm_env_cond_resched();
		}
		/* Sparse tables are mostly this: no decoding for it. */
		if (l4mm_pt_hw_get(fmt, t, i) == inv)
			continue;
		switch (l4mm_pt_kind(fmt, t, i)) {
		case L4MM_PTE_NEXT:
			/* A next entry at level 0 is malformed: the checker's. */
			if (t->level)
				ret = walk_table(w, t->shadow[i], va);
			break;
		case L4MM_PTE_LEAF:
			if (!w->ops->leaf)
				break;
			ref.tab = t;
			ref.index = i;
			ref.level = t->level;
			ref.shift = 0;
			ret = w->ops->leaf(w->arg, (u32)va, &ref);
			break;
		default:
			break;
		}
	}
	if (!ret && w->ops->table_post)
		ret = w->ops->table_post(w->arg, t, base);
	return ret;
}

/**
 * l4mm_pt_walk_range() - walk the tables and pages of [@start, @end)
 * @pt: the page table
 * @start: first address (page-aligned)
 * @end: end address; cut at 2^32
 * @ops: the callbacks (any may be NULL)
 * @arg: passed to the callbacks
 *
 * Each table whose region meets the range is given to @ops->table_pre
 * before its entries and to @ops->table_post after them (bottom-up
 * there: a table's tables come first); each mapped page in the range to
 * @ops->leaf, in ascending order.  Each entry is read when the walk gets
 * to it, so a leaf callback may clear leaves ahead (tables stay linked
 * until the reap) and table_post may free the table it is given.  Only
 * existing tables are visited: O(tables of the range + their entries),
 * with a yield point every L4MM_CORE_RESCHED_EVERY entries.  The walk
 * writes nothing itself: readers may walk at the same time.
 *
 * Return: 0, or the first non-zero value a callback returned, which ends
 * the walk (> 0 to stop, < 0 for an error, by the callers' convention).
 */
int l4mm_pt_walk_range(const struct l4mm_pt *pt, u64 start, u64 end,
		       const struct l4mm_pt_walk_ops *ops, void *arg)
{
	struct walk w = {
		.fmt = pt->ctx->fmt, .ops = ops, .arg = arg,
		.start = start, .end = end,
	};

	if (w.end > 1ULL << L4MM_CORE_VA_BITS)
		w.end = 1ULL << L4MM_CORE_VA_BITS;
	if (w.start >= w.end || !pt->root)
		return 0;
	return walk_table(&w, pt->root, 0);
}

/**
 * l4mm_pt_walk() - call @fn for every page leaf in [@start, @end)
 * @pt: the page table
 * @start: first address (page-aligned)
 * @end: end address, at most 2^32
 * @fn: the callback, with the leaf's page address and entry
 * @arg: passed to @fn
 *
 * l4mm_pt_walk_range() with a leaf callback only.
 *
 * Return: 0, or the first non-zero value @fn returned.
 */
int l4mm_pt_walk(const struct l4mm_pt *pt, u64 start, u64 end,
		 l4mm_pt_leaf_fn fn, void *arg)
{
	const struct l4mm_pt_walk_ops ops = { .leaf = fn };

	return l4mm_pt_walk_range(pt, start, end, &ops, arg);
}

struct next_leaf {
	u32 va;
	struct l4mm_pte_ref ref;
};

static int next_leaf_found(void *arg, u32 va, const struct l4mm_pte_ref *ref)
{
	struct next_leaf *nl = arg;

	nl->va = va;
	nl->ref = *ref;
	return 1;
}

/**
 * l4mm_pt_next_leaf() - the first leaf at a page address >= @from
 * @pt: the page table
 * @from: where to start (rounded up to a page); >= 2^32 finds nothing
 * @va: receives the leaf's virtual address
 * @ref: receives the leaf entry
 *
 * Return: true if a leaf was found.
 */
bool l4mm_pt_next_leaf(const struct l4mm_pt *pt, u64 from, u32 *va,
		       struct l4mm_pte_ref *ref)
{
	struct next_leaf nl;

	/* Test before rounding: rounding ~0 up would wrap to 0. */
	if (from >> L4MM_CORE_VA_BITS)
		return false;
	from = (from + L4MM_CORE_PAGE_SIZE - 1) &
	       ~(u64)(L4MM_CORE_PAGE_SIZE - 1);
	if (l4mm_pt_walk(pt, from, 1ULL << L4MM_CORE_VA_BITS, next_leaf_found,
			 &nl) <= 0)
		return false;
	*va = nl.va;
	*ref = nl.ref;
	return true;
}
