// SPDX-License-Identifier: GPL-2.0
/*
 * Superpages in the page-table engine (docs/extensions.md section 8):
 * promotion of fully mapped, contiguous, uniform regions to the format's
 * superpage entries, and demotion in place.  The layout (a superpage leaf
 * above level 0 keeps its complete reserve table in its shadow slot) is
 * described in pgtable.h.
 *
 * Nothing here allocates or fails: promotion and demotion only rewrite
 * hardware descriptors.  The tables, the shadows (MDB nodes, one per 4 KiB
 * page) and the counters (tables, used entries, leaves) are the same with
 * or without superpages; a section costs the memory of its 256 small
 * pages, and what it buys is TLB reach.
 *
 * Descriptor changes and a hardware walker.  Descriptors are rewritten in
 * place, one descriptor store at a time (32-bit: single-copy atomic; a
 * 64-bit store is one on AArch64, and two halves on an ARMv7 compiler that
 * does not use STRD, which hwcheck's stopped walker tolerates), each through
 * l4mm_pt_hw_write() (cache maintenance for a walker that does not snoop
 * the data cache), with no break-before-make.  Each intermediate state
 * translates every address exactly as the states before and after: a
 * section and its reserve table, a supersection and its 16 sections, a
 * large page and its 16 small pages give the same frame, rights and
 * memory type for every page, so a walker reading any mix of old and new
 * descriptors gets a correct translation.  What break-before-make guards
 * against is a TLB that holds entries of two sizes for one address (a TLB
 * conflict) on a CPU that runs on the tables; that needs the old entry
 * made invalid and the TLB invalidated before the new one is written.  No
 * CPU runs on l4mm's tables: the only walker is hwcheck (hwcheck_arm.c),
 * which points TTBR0 at a space's table while the netns lock keeps the
 * tables still, and invalidates its local TLB on entering and on leaving,
 * so it never holds an entry from before a change.  A kernel that ran
 * processes on these tables would have to add break-before-make and TLB
 * invalidation here.
 */
#include "l4mm_core.h"
#include "pgtable.h"

/* log2 of the pages one entry of @level covers. */
static unsigned int pages_shift(const struct l4mm_pt_format *fmt,
				unsigned int level)
{
	return fmt->shift[level] - L4MM_CORE_PAGE_SHIFT;
}

/**
 * l4mm_pt_effective() - the hardware entry the MMU uses for an entry
 * @fmt: the format
 * @ref: an entry
 * @top: receives the highest leaf on the path from the root to @ref, or
 *	@ref itself if no superpage leaf covers it
 *
 * Return: the offset, in pages, of @ref's region within @top's entry's
 * region (0 if @top is @ref).
 */
u32 l4mm_pt_effective(const struct l4mm_pt_format *fmt,
		      const struct l4mm_pte_ref *ref, struct l4mm_pte_ref *top)
{
	struct l4mm_pt_table *t = ref->tab, *p;
	u32 idx = ref->index, off = 0;

	while ((p = t->parent) &&
	       fmt->decode(l4mm_pt_hw_get(fmt, p, t->index), p->level,
			   NULL) == L4MM_PTE_LEAF) {
		off += idx << pages_shift(fmt, t->level);
		idx = t->index;
		t = p;
	}
	top->tab = t;
	top->index = idx;
	top->level = t->level;
	top->shift = 0;
	return off;
}

/* Rewrite the duplicated leaf around entry @idx of @t as single leaves. */
static void split_group(const struct l4mm_pt_format *fmt,
			struct l4mm_pt_table *t, u32 idx)
{
	struct l4mm_pte_leaf leaf;
	u32 k, n, first, base;

	if (fmt->decode(l4mm_pt_hw_get(fmt, t, idx), t->level, &leaf) != L4MM_PTE_LEAF ||
	    !leaf.dup_shift)
		return;
	n = 1U << leaf.dup_shift;
	first = idx & ~(n - 1);
	base = leaf.frame;
	leaf.dup_shift = 0;
	for (k = 0; k < n; k++) {
		leaf.frame = base + (k << pages_shift(fmt, t->level));
		l4mm_pt_hw_write(fmt, t, first + k,
				 fmt->encode_leaf(t->level, &leaf));
	}
}

/*
 * Make entry @idx of @t a single entry that the MMU uses: the superpage
 * leaves above it become page-table pointers to their reserve tables
 * (top down, splitting a duplicated one first), then a duplicated leaf
 * at @idx is split.  The recursion is as deep as the number of levels.
 */
static void demote_entry(const struct l4mm_pt_format *fmt,
			 struct l4mm_pt_table *t, u32 idx)
{
	struct l4mm_pt_table *p = t->parent;

	if (p && fmt->decode(l4mm_pt_hw_get(fmt, p, t->index), p->level,
			     NULL) == L4MM_PTE_LEAF) {
		demote_entry(fmt, p, t->index);
		l4mm_pt_hw_write(fmt, p, t->index,
				 fmt->encode_next(p->level,
						  l4mm_env_table_phys(t->hw)));
	}
	split_group(fmt, t, idx);
}

/**
 * l4mm_pt_demote() - split every superpage that covers an entry
 * @pt: the page table
 * @ref: a leaf entry of @pt
 *
 * Supersection to 16 sections, the section to a pointer to its reserve
 * table, a large page to 16 small pages: afterwards the entry at @ref is
 * the one the MMU uses for its page, and every other page translates as
 * before.  Never allocates, never fails; a no-op without superpages,
 * found without a look at the entries when @ref's walk
 * (l4mm_pt_lookup_leaf()) saw that the MMU uses @ref's own single entry.
 */
void l4mm_pt_demote(struct l4mm_pt *pt, const struct l4mm_pte_ref *ref)
{
	const struct l4mm_pt_format *fmt = pt->ctx->fmt;

	if (ref->shift == fmt->shift[ref->level])
		return;
	demote_entry(fmt, ref->tab, ref->index);
}

static bool same_attr(const struct l4mm_pte_leaf *a,
		      const struct l4mm_pte_leaf *b)
{
	return a->rd == b->rd && a->wr == b->wr && a->ex == b->ex &&
	       a->cached == b->cached;
}

/*
 * Whether entries @first .. @first + @n - 1 of @t are leaves whose pages
 * have contiguous frames, aligned to the run's size, and one set of
 * rights and cached attribute.  If so, *@out is the leaf of the whole
 * run (first frame, dup_shift 0).
 */
static bool uniform_run(const struct l4mm_pt_format *fmt,
			const struct l4mm_pt_table *t, u32 first, u32 n,
			struct l4mm_pte_leaf *out)
{
	unsigned int ps = pages_shift(fmt, t->level);
	struct l4mm_pte_leaf a;
	u32 k, f;

	for (k = 0; k < n; k++) {
		if (fmt->decode(l4mm_pt_hw_get(fmt, t, first + k), t->level, &a) !=
		    L4MM_PTE_LEAF)
			return false;
		f = a.frame + (((first + k) & ((1U << a.dup_shift) - 1)) << ps);
		if (!k) {
			*out = a;
			out->frame = f;
			if (f & ((n << ps) - 1))
				return false;
		} else if (f != out->frame + (k << ps) || !same_attr(&a, out)) {
			return false;
		}
	}
	out->dup_shift = 0;
	return true;
}

struct promote {
	const struct l4mm_pt_format *fmt;
	struct l4mm_pt_ctx *ctx;	/* for the yield points */
	u64 start, end;		/* the region, page-aligned */
};

static bool inside(const struct promote *pr, u64 lo, u64 size)
{
	return lo >= pr->start && lo + size <= pr->end;
}

/* Entry @i of @t (at level > 0) becomes a leaf if its table allows. */
static void promote_entry(const struct promote *pr, struct l4mm_pt_table *t,
			  u32 i)
{
	const struct l4mm_pt_format *fmt = pr->fmt;
	struct l4mm_pt_table *sub = t->shadow[i];
	u32 n = l4mm_pt_entries(fmt, sub->level);
	struct l4mm_pte_leaf leaf;

	if (sub->used != n || !uniform_run(fmt, sub, 0, n, &leaf))
		return;
	l4mm_pt_hw_write(fmt, t, i, fmt->encode_leaf(t->level, &leaf));
}

/* The aligned group of 2^@dup entries at @first becomes one leaf. */
static void promote_group(const struct promote *pr, struct l4mm_pt_table *t,
			  u32 first, unsigned int dup)
{
	const struct l4mm_pt_format *fmt = pr->fmt;
	struct l4mm_pte_leaf leaf;
	u32 k, base, n = 1U << dup;

	if (fmt->decode(l4mm_pt_hw_get(fmt, t, first), t->level, &leaf) != L4MM_PTE_LEAF ||
	    leaf.dup_shift >= dup || !uniform_run(fmt, t, first, n, &leaf))
		return;
	leaf.dup_shift = dup;
	base = leaf.frame;
	/* Each entry from its own first frame (pt_format.h). */
	for (k = 0; k < n; k++) {
		leaf.frame = base + (k << pages_shift(fmt, t->level));
		l4mm_pt_hw_write(fmt, t, first + k,
				 fmt->encode_leaf(t->level, &leaf));
	}
}

/*
 * After the tables below (the walk is bottom-up there), so that each size
 * is built from the next smaller one: this level's single leaves first
 * (sections, from full tables), then its duplicated groups, smallest
 * first (large pages from small pages, supersections from sections).  A
 * reserve table under a section is promoted too, so that demoting the
 * section leaves the largest pages that still fit.
 */
static int promote_table(void *arg, struct l4mm_pt_table *t, u64 base)
{
	const struct promote *pr = arg;
	const struct l4mm_pt_format *fmt = pr->fmt;
	unsigned int level = t->level, sh = fmt->shift[level], dup;
	u32 i, lo = 0, hi = l4mm_pt_entries(fmt, level);
	u64 size = 1ULL << sh;

	if (!(fmt->leaf_levels & BIT(level)))
		return 0;
	if (pr->start > base)
		lo = (u32)((pr->start - base) >> sh);
	if (pr->end < base + ((u64)hi << sh))
		hi = (u32)((pr->end - base + size - 1) >> sh);
	/*
	 * A single leaf looks at a whole table below, a group at its
	 * entries: each entry looked at is a step.
	 */
	if (level)
		for (i = lo; i < hi; i++) {
			if (inside(pr, base + ((u64)i << sh), size) &&
			    fmt->decode(l4mm_pt_hw_get(fmt, t, i), level, NULL) == L4MM_PTE_NEXT) {
				promote_entry(pr, t, i);
				l4mm_pt_tick_n(pr->ctx,
					       l4mm_pt_entries(fmt, level - 1));
			}
		}
	for (dup = 1; dup < 32; dup++) {
		if (!(fmt->dup_shifts[level] & BIT(dup)))
			continue;
		for (i = lo & ~((1U << dup) - 1); i < hi; i += 1U << dup) {
			if (inside(pr, base + ((u64)i << sh), size << dup))
				promote_group(pr, t, i, dup);
			l4mm_pt_tick_n(pr->ctx, 1U << dup);
		}
	}
	return 0;
}

/**
 * l4mm_pt_promote() - use superpage entries where the mappings allow
 * @pt: the page table
 * @va: start of the region
 * @len: its length in bytes (the region is cut at 2^32)
 *
 * Every region of a superpage size of the format that lies wholly in
 * [@va, @va + @len), is aligned to its size, and whose pages are all
 * mapped, with frames contiguous and aligned to the size and one set of
 * rights and cached attribute, gets the superpage's hardware entries
 * (ARMv7: supersection, else section, else large pages inside).  Only
 * descriptors change (see the top of this file): never allocates, never
 * fails.  O(pages of the region).
 */
void l4mm_pt_promote(struct l4mm_pt *pt, u32 va, u64 len)
{
	static const struct l4mm_pt_walk_ops ops = {
		.table_post = promote_table,
	};
	struct promote pr = { .fmt = pt->ctx->fmt, .ctx = pt->ctx };
	u64 mask = L4MM_CORE_PAGE_SIZE - 1;

	pr.start = ((u64)va + mask) & ~mask;
	pr.end = ((u64)va + len) & ~mask;
	if (pr.end > 1ULL << L4MM_CORE_VA_BITS)
		pr.end = 1ULL << L4MM_CORE_VA_BITS;
	l4mm_pt_walk_range(pt, pr.start, pr.end, &ops, &pr);
}
