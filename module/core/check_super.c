// SPDX-License-Identifier: GPL-2.0
/*
 * The superpage invariants (pgtable.h, docs/extensions.md section 8), for
 * the structural check of a space's tables (check.c):
 *
 *  - a duplicated leaf (ARMv7 large page or supersection, a run with the
 *    contiguous hint) has a size the format allows at its level, and its
 *    2^dup_shift entries, aligned to their count, hold the descriptors
 *    the format encodes for the group, each from its own first frame
 *    (pt_format.h; for ARMv7 the very same descriptor), with the frame
 *    of the whole region aligned to its size;
 *  - a leaf above level 0 (section, supersection) sits at a level the
 *    format allows, its frame is aligned to its region, and its reserve
 *    table is complete and equivalent: every entry a leaf whose pages
 *    have the superpage's rights and cached attribute and the frames the
 *    superpage gives them.
 *
 * The reserve table itself is then checked like any table (shape, links,
 * MDB nodes, counters) by check.c, which counts its leaves as the pages
 * they are: with superpages the table and page counts stay exactly what
 * they would be without.
 */
#include "state.h"

static unsigned int pages_shift(const struct l4mm_pt_format *fmt,
				unsigned int level)
{
	return fmt->shift[level] - L4MM_CORE_PAGE_SHIFT;
}

/* The frame of the first page of entry @i of @t, a leaf decoded in @l. */
static u32 entry_frame(const struct l4mm_pt_format *fmt,
		       const struct l4mm_pt_table *t, u32 i,
		       const struct l4mm_pte_leaf *l)
{
	return l->frame + ((i & ((1U << l->dup_shift) - 1)) <<
			   pages_shift(fmt, t->level));
}

static int check_group(const struct l4mm_state *st,
		       const struct l4mm_space *sp,
		       const struct l4mm_pt_table *t, u32 i, u32 va,
		       const struct l4mm_pte_leaf *l, char *buf, size_t len)
{
	const struct l4mm_pt_format *fmt = st->ctx.fmt;
	u32 n = 1U << l->dup_shift, first = i & ~(n - 1), k;
	unsigned int level = t->level;
	struct l4mm_pte_leaf e = *l;
	u64 want, got;

	if (!(fmt->dup_shifts[level] & BIT(l->dup_shift)) ||
	    !(fmt->leaf_levels & BIT(level)))
		return l4mm_check_fail(buf, len,
			    "space %s (id %u) vaddr 0x%08x level %u: leaf of %u duplicated entries, not a size of the format there",
			    sp->name, sp->id, va, level, n);
	for (k = first; k < first + n; k++) {
		e.frame = l->frame + ((k - first) << pages_shift(fmt, level));
		want = fmt->encode_leaf(level, &e);
		got = l4mm_pt_hw_get(fmt, t, k);
		if (got != want)
			return l4mm_check_fail(buf, len,
				    "space %s (id %u) vaddr 0x%08x level %u: superpage entry %u is 0x%08llx, entry %u of its group 0x%08llx, expected 0x%08llx",
				    sp->name, sp->id, va, level, i,
				    (unsigned long long)l4mm_pt_hw_get(fmt, t, i),
				    k, (unsigned long long)got,
				    (unsigned long long)want);
	}
	if (l->frame & ((n << pages_shift(fmt, level)) - 1))
		return l4mm_check_fail(buf, len,
			    "space %s (id %u) vaddr 0x%08x level %u: superpage frame 0x%x not aligned to its %u entries",
			    sp->name, sp->id, va, level, l->frame, n);
	return 0;
}

static int check_reserve(const struct l4mm_state *st,
			 const struct l4mm_space *sp,
			 const struct l4mm_pt_table *t, u32 i, u32 va,
			 const struct l4mm_pte_leaf *l, char *buf, size_t len)
{
	const struct l4mm_pt_format *fmt = st->ctx.fmt;
	const struct l4mm_pt_table *sub = t->shadow[i];
	u32 frame = entry_frame(fmt, t, i, l), k, n, want;
	struct l4mm_pte_leaf r;
	unsigned int ps;
	u64 pte;

	if (!(fmt->leaf_levels & BIT(t->level)))
		return l4mm_check_fail(buf, len,
			    "space %s (id %u) vaddr 0x%08x: leaf at level %u, not a leaf level of the format",
			    sp->name, sp->id, va, t->level);
	if (frame & ((1U << pages_shift(fmt, t->level)) - 1))
		return l4mm_check_fail(buf, len,
			    "space %s (id %u) vaddr 0x%08x level %u: superpage frame 0x%x not aligned to its size",
			    sp->name, sp->id, va, t->level, frame);
	if (!sub || sub->level != t->level - 1)
		return l4mm_check_fail(buf, len,
			    "space %s (id %u) vaddr 0x%08x level %u: superpage without its reserve table",
			    sp->name, sp->id, va, t->level);
	n = l4mm_pt_entries(fmt, sub->level);
	ps = pages_shift(fmt, sub->level);
	for (k = 0; k < n; k++) {
		want = frame + (k << ps);
		pte = l4mm_pt_hw_get(fmt, sub, k);
		if (fmt->decode(pte, sub->level, &r) != L4MM_PTE_LEAF)
			return l4mm_check_fail(buf, len,
				    "space %s (id %u) vaddr 0x%08x: reserve table of the superpage at 0x%08x not full (entry %u is 0x%08llx)",
				    sp->name, sp->id,
				    va + (k << fmt->shift[sub->level]), va, k,
				    (unsigned long long)pte);
		if (entry_frame(fmt, sub, k, &r) != want ||
		    r.rd != l->rd || r.wr != l->wr || r.ex != l->ex ||
		    r.cached != l->cached)
			return l4mm_check_fail(buf, len,
				    "space %s (id %u) vaddr 0x%08x: reserve entry 0x%08llx (frame 0x%x r%d w%d x%d c%d) differs from the superpage at 0x%08x (frame 0x%x r%d w%d x%d c%d)",
				    sp->name, sp->id,
				    va + (k << fmt->shift[sub->level]),
				    (unsigned long long)pte, entry_frame(fmt, sub, k, &r),
				    r.rd, r.wr, r.ex, r.cached, va, want,
				    l->rd, l->wr, l->ex, l->cached);
	}
	return 0;
}

/**
 * l4mm_check_super() - the superpage invariants of one leaf entry
 * @st: the state
 * @sp: the space
 * @t: a table of @sp
 * @i: a leaf entry of @t
 * @va: the address of the entry's region
 * @buf: receives a description of the violation (may be NULL)
 * @len: size of @buf
 *
 * Return: 0 or -EUCLEAN.
 */
int l4mm_check_super(const struct l4mm_state *st, const struct l4mm_space *sp,
		     const struct l4mm_pt_table *t, u32 i, u32 va, char *buf,
		     size_t len)
{
	const struct l4mm_pt_format *fmt = st->ctx.fmt;
	struct l4mm_pte_leaf l;
	int err;

	fmt->decode(l4mm_pt_hw_get(fmt, t, i), t->level, &l);
	if (l.dup_shift) {
		err = check_group(st, sp, t, i, va, &l, buf, len);
		if (err)
			return err;
	}
	if (t->level)
		return check_reserve(st, sp, t, i, va, &l, buf, len);
	return 0;
}
