// SPDX-License-Identifier: GPL-2.0
/*
 * Generic multi-level page table engine: lookup and insertion follow
 * Figs. 15 and 16 of Tuch & Klein, the rest (clear, reap, iteration) is
 * what the mapping database needs on top.
 */
#include "l4mm_core.h"
#include "mem.h"
#include "pgtable.h"

static void hw_write(const struct l4mm_pt_format *fmt,
		     struct l4mm_pt_table *t, u32 idx, u64 pte)
{
	l4mm_pt_hw_write(fmt, t, idx, pte);
}

static size_t shadow_size(const struct l4mm_pt_format *fmt,
			  unsigned int level)
{
	return (size_t)l4mm_pt_entries(fmt, level) * sizeof(void *);
}

/**
 * l4mm_pt_table_bytes() - the memory one table takes
 * @fmt: the format
 * @t: the table
 *
 * Return: hardware table, shadow array and header, as the allocator
 * counts them (l4mm_env_real_size()).
 */
size_t l4mm_pt_table_bytes(const struct l4mm_pt_format *fmt,
			   const struct l4mm_pt_table *t)
{
	return l4mm_env_real_size(L4MM_ENV_ZALLOC, t, sizeof(*t)) +
	       l4mm_env_real_size(L4MM_ENV_TABLE, t->hw,
				  fmt->hw_size[t->level]) +
	       l4mm_env_real_size(L4MM_ENV_TABLE, t->shadow,
				  shadow_size(fmt, t->level));
}

static void table_free(const struct l4mm_pt_ctx *ctx,
		       struct l4mm_pt_table *t)
{
	const struct l4mm_pt_format *fmt = ctx->fmt;

	l4mm_mem_table_free(ctx->mem, t->shadow, shadow_size(fmt, t->level));
	l4mm_mem_table_free(ctx->mem, t->hw, fmt->hw_size[t->level]);
	l4mm_mem_free(ctx->mem, t, sizeof(*t), &ctx->mem->table_bytes);
}

static struct l4mm_pt_table *table_alloc(const struct l4mm_pt_ctx *ctx,
					 unsigned int level, int *err)
{
	const struct l4mm_pt_format *fmt = ctx->fmt;
	u32 i, n = l4mm_pt_entries(fmt, level);
	u64 inv = fmt->encode_invalid(level);
	struct l4mm_pt_table *t;

	t = l4mm_mem_zalloc(ctx->mem, sizeof(*t), &ctx->mem->table_bytes, err);
	if (!t)
		return NULL;
	t->level = level;
	t->hw = l4mm_mem_table_alloc(ctx->mem, fmt->hw_size[level], err);
	if (t->hw)
		t->shadow = l4mm_mem_table_alloc(ctx->mem,
						 shadow_size(fmt, level), err);
	if (!t->shadow) {
		table_free(ctx, t);
		return NULL;
	}
	/* The allocator zeroes; only a format with a non-zero invalid
	 * encoding needs the fill.
	 */
	if (inv)
		for (i = 0; i < n; i++) {
			if (fmt->pte_bytes == 8)
				t->hw64[i] = inv;
			else
				t->hw[i] = (u32)inv;
		}
	l4mm_env_table_sync(t->hw, fmt->hw_size[level]);
	return t;
}

static void table_account(struct l4mm_pt *pt, struct l4mm_pt_table *t)
{
	t->pt = pt;
	pt->tables++;
	pt->ctx->tables++;
}

static void table_unaccount(struct l4mm_pt *pt)
{
	pt->tables--;
	pt->ctx->tables--;
}

/**
 * l4mm_pt_init() - create an empty page table (just the root table)
 * @pt: the page table to set up
 * @ctx: the shared context (format, counters, reap list)
 *
 * Return: 0, -ENOMEM or -EDQUOT (nothing accounted then).
 */
int l4mm_pt_init(struct l4mm_pt *pt, struct l4mm_pt_ctx *ctx)
{
	int err;

	pt->ctx = ctx;
	pt->tables = 0;
	pt->leaves = 0;
	pt->root = table_alloc(ctx, ctx->fmt->levels - 1, &err);
	if (!pt->root)
		return err;
	table_account(pt, pt->root);
	return 0;
}

static void make_subtree(struct l4mm_pt *pt, struct l4mm_pt_table *tab,
			 u32 idx, struct l4mm_pt_table *sub)
{
	const struct l4mm_pt_format *fmt = pt->ctx->fmt;

	sub->parent = tab;
	sub->index = idx;
	table_account(pt, sub);
	hw_write(fmt, tab, idx,
		 fmt->encode_next(tab->level, l4mm_env_table_phys(sub->hw)));
	tab->shadow[idx] = sub;
	tab->used++;
}

struct fini {
	struct l4mm_pt *pt;
	void (*leaf_fn)(void *obj, void *arg);
	void *arg;
};

static int fini_leaf(void *arg, u32 va __always_unused,
		     const struct l4mm_pte_ref *ref)
{
	struct fini *f = arg;

	if (f->leaf_fn)
		f->leaf_fn(l4mm_pt_obj(ref), f->arg);
	f->pt->leaves--;
	return 0;
}

/* After its entries: a subtree, or the reserve table of a superpage. */
static int fini_table(void *arg, struct l4mm_pt_table *t,
		      u64 va __always_unused)
{
	struct fini *f = arg;

	table_unaccount(f->pt);
	table_free(f->pt->ctx, t);
	return 0;
}

/**
 * l4mm_pt_fini() - free a whole page table
 * @pt: the page table
 * @leaf_fn: called with the shadow object of every remaining leaf, or NULL
 * @arg: passed to @leaf_fn
 *
 * The caller makes sure no table of @pt is on the reap list.
 */
void l4mm_pt_fini(struct l4mm_pt *pt, void (*leaf_fn)(void *obj, void *arg),
		  void *arg)
{
	static const struct l4mm_pt_walk_ops ops = {
		.leaf = fini_leaf,
		.table_post = fini_table,
	};
	struct fini f = { .pt = pt, .leaf_fn = leaf_fn, .arg = arg };

	l4mm_pt_walk_range(pt, 0, 1ULL << L4MM_CORE_VA_BITS, &ops, &f);
	pt->root = NULL;
}

/*
 * The one descent of the point operations (Figs. 15 and 16): from the
 * root towards @va's entry at @level, through next entries and
 * superpage leaves (whose reserve tables hold every page's own leaf).
 * With @make, an invalid entry above @level first becomes a next entry
 * to the table @make holds for the level below (insertion); without, or
 * when @make has none, the descent stops there.  It also stops at a
 * leaf, which (superpages being walked through) only level 0 holds.
 */
static __always_inline enum l4mm_pte_kind
descend(struct l4mm_pt *pt, u32 va, unsigned int level,
	struct l4mm_pt_prealloc *make, struct l4mm_pte_ref *ref)
{
	const struct l4mm_pt_format *fmt = pt->ctx->fmt;
	unsigned int l = fmt->levels - 1;
	struct l4mm_pt_table *tab = pt->root;
	u32 idx = l4mm_pt_index(fmt, va, l);
	enum l4mm_pte_kind kind = l4mm_pt_kind(fmt, tab, idx);

	while (l != level) {
		if (kind == L4MM_PTE_INVALID && make && make->tab[l - 1]) {
			make_subtree(pt, tab, idx, make->tab[l - 1]);
			make->tab[l - 1] = NULL;
			kind = L4MM_PTE_NEXT;
		}
		if (kind != L4MM_PTE_NEXT)
			break;
		tab = tab->shadow[idx];
		l--;
		idx = l4mm_pt_index(fmt, va, l);
		kind = l4mm_pt_kind(fmt, tab, idx);
	}
	ref->tab = tab;
	ref->index = idx;
	ref->level = l;
	ref->shift = 0;
	return kind;
}

/**
 * l4mm_pt_lookup() - find the entry that decides the translation of @va
 * @pt: the page table
 * @va: the virtual address
 * @ref: filled with the entry where the walk stopped
 *
 * Fig. 15: descend while the entry is a subtree and the bottom is not
 * reached; the result is a leaf, an invalid entry, or (only at level 0
 * of a malformed table) a next entry.  A superpage leaf above level 0 is
 * a subtree here too: the walk goes on into its reserve table, so that a
 * mapped page always yields its own level-0 leaf (and MDB node).
 *
 * Return: the kind of the entry in @ref.
 */
enum l4mm_pte_kind l4mm_pt_lookup(const struct l4mm_pt *pt, u32 va,
				  struct l4mm_pte_ref *ref)
{
	/* Without tables to make, the descent changes nothing. */
	return descend((struct l4mm_pt *)pt, va, 0, NULL, ref);
}

/**
 * l4mm_pt_decode() - decode the entry @ref names
 * @pt: the page table
 * @ref: the entry
 * @leaf: filled with the leaf fields if the entry is a leaf (may be NULL)
 *
 * For a leaf, the fields are those of the hardware entry the MMU uses
 * for the first page @ref covers (a section or supersection above a
 * reserve table, a large page, or the entry itself), and @leaf->frame is
 * that page's own frame: @leaf describes one entry of @ref's size
 * (dup_shift 0), whatever superpage it is part of.
 *
 * Return: the entry's kind.
 */
enum l4mm_pte_kind l4mm_pt_decode(const struct l4mm_pt *pt,
				  const struct l4mm_pte_ref *ref,
				  struct l4mm_pte_leaf *leaf)
{
	const struct l4mm_pt_format *fmt = pt->ctx->fmt;
	enum l4mm_pte_kind kind;
	struct l4mm_pte_ref top;
	u32 off;

	kind = fmt->decode(l4mm_pt_hw_get(fmt, ref->tab, ref->index),
			   ref->level, NULL);
	if (kind != L4MM_PTE_LEAF || !leaf)
		return kind;
	off = l4mm_pt_effective(fmt, ref, &top);
	fmt->decode(l4mm_pt_hw_get(fmt, top.tab, top.index), top.level, leaf);
	leaf->frame += off + ((top.index & ((1U << leaf->dup_shift) - 1)) <<
			      (fmt->shift[top.level] - L4MM_CORE_PAGE_SHIFT));
	leaf->dup_shift = 0;
	return kind;
}

/**
 * l4mm_pt_lookup_leaf() - walk to @va's entry and decode it on the way
 * @pt: the page table
 * @va: the virtual address
 * @ref: filled as by l4mm_pt_lookup(); if the walk ends at a leaf,
 *	@ref->shift is what l4mm_pt_page_shift() returns for it
 * @leaf: if the walk ends at a leaf, filled as by l4mm_pt_decode() (may
 *	be NULL)
 *
 * One walk instead of l4mm_pt_lookup() + l4mm_pt_decode() +
 * l4mm_pt_page_shift(), which each find the effective entry again by
 * climbing the parents: on the way down it keeps the highest leaf of the
 * run of leaves that ends above the current level (l4mm_pt_effective()'s
 * @top) and the offset of the current entry in it, and only that entry
 * (or the final one) is decoded with its fields.
 *
 * Return: the kind of the entry in @ref.
 */
enum l4mm_pte_kind l4mm_pt_lookup_leaf(const struct l4mm_pt *pt, u32 va,
				       struct l4mm_pte_ref *ref,
				       struct l4mm_pte_leaf *leaf)
{
	const struct l4mm_pt_format *fmt = pt->ctx->fmt;
	unsigned int level = fmt->levels - 1, top_level = 0;
	struct l4mm_pt_table *tab = pt->root, *top_tab = NULL;
	u32 idx, top_idx = 0, off = 0;
	struct l4mm_pte_leaf l;
	enum l4mm_pte_kind kind;

	for (;;) {
		idx = l4mm_pt_index(fmt, va, level);
		if (!level)
			break;
		kind = fmt->decode(l4mm_pt_hw_get(fmt, tab, idx), level, NULL);
		/* As l4mm_pt_effective(): a run of leaves down to here. */
		if (kind == L4MM_PTE_LEAF) {
			if (top_tab) {
				off += idx << (fmt->shift[level] -
					       L4MM_CORE_PAGE_SHIFT);
			} else {
				top_tab = tab;
				top_idx = idx;
				top_level = level;
				off = 0;
			}
		} else if (kind == L4MM_PTE_NEXT) {
			top_tab = NULL;
		} else {
			goto out;
		}
		tab = tab->shadow[idx];
		level--;
	}
	/* Level 0: its own fields are the ones unless a superpage is above. */
	kind = fmt->decode(l4mm_pt_hw_get(fmt, tab, idx), 0,
			   top_tab ? NULL : &l);
	if (kind != L4MM_PTE_LEAF)
		goto out;
	if (top_tab) {
		off += idx << (fmt->shift[0] - L4MM_CORE_PAGE_SHIFT);
		fmt->decode(l4mm_pt_hw_get(fmt, top_tab, top_idx), top_level,
			    &l);
	} else {
		top_idx = idx;
		top_level = 0;
	}
	ref->shift = fmt->shift[top_level] + l.dup_shift;
	if (leaf) {
		*leaf = l;
		leaf->frame += off + ((top_idx & ((1U << l.dup_shift) - 1)) <<
				      (fmt->shift[top_level] -
				       L4MM_CORE_PAGE_SHIFT));
		leaf->dup_shift = 0;
	}
	ref->tab = tab;
	ref->index = idx;
	ref->level = level;
	return kind;
out:
	ref->tab = tab;
	ref->index = idx;
	ref->level = level;
	ref->shift = 0;
	return kind;
}

/**
 * l4mm_pt_prealloc_release() - free preallocated tables that were not used
 * @ctx: the context (for the format)
 * @pa: the preallocation, emptied
 */
void l4mm_pt_prealloc_release(struct l4mm_pt_ctx *ctx,
			      struct l4mm_pt_prealloc *pa)
{
	unsigned int i;

	for (i = 0; i < L4MM_PT_MAX_LEVELS; i++) {
		if (pa->tab[i])
			table_free(ctx, pa->tab[i]);
		pa->tab[i] = NULL;
	}
}

/**
 * l4mm_pt_prepare() - allocate the tables an insertion at @va may need
 * @pt: the page table
 * @va: the virtual address
 * @level: the level the leaf will sit at
 * @pa: receives the tables (must start empty or hold earlier ones)
 *
 * Walks like l4mm_pt_insert(); below the first entry that is not a
 * subtree, one table per level down to @level + 1's child is needed.  A
 * superpage leaf above @level is a subtree here: its reserve table is
 * there to stay (removing its pages demotes it, and the table lives on
 * until the reap at the end of the operation), so nothing is allocated
 * under it.  Changes nothing in @pt.
 *
 * Return: 0, or -ENOMEM or -EDQUOT with @pa released.
 */
int l4mm_pt_prepare(struct l4mm_pt *pt, u32 va, unsigned int level,
		    struct l4mm_pt_prealloc *pa)
{
	const struct l4mm_pt_format *fmt = pt->ctx->fmt;
	struct l4mm_pte_ref ref;
	unsigned int l;
	int err;

	if (level + 1 >= fmt->levels)
		return 0;	/* the root holds @level: nothing to make */
	/* Whether @level's table exists shows one level up. */
	if (descend(pt, va, level + 1, NULL, &ref) == L4MM_PTE_NEXT &&
	    ref.level == level + 1)
		return 0;
	/* The descent stopped at ref.level: tables below it are missing. */
	for (l = ref.level; l > level; l--) {
		if (pa->tab[l - 1])
			continue;
		pa->tab[l - 1] = table_alloc(pt->ctx, l - 1, &err);
		if (!pa->tab[l - 1]) {
			l4mm_pt_prealloc_release(pt->ctx, pa);
			return err;
		}
	}
	return 0;
}

/**
 * l4mm_pt_insert() - insert a leaf for @va at @level (Fig. 16)
 * @pt: the page table
 * @va: the virtual address
 * @level: the level of the leaf (0 for a 4 KiB page)
 * @pa: preallocated tables for missing levels (see l4mm_pt_prepare())
 * @leaf: the fields of the new leaf
 * @obj: the shadow object of the new leaf (the MDB node)
 * @ref: filled with the entry at which the walk ended
 *
 * Descends while the entry is a subtree or invalid, creating a table
 * (taken from @pa) for each invalid entry above @level.  At the end an
 * invalid entry becomes the leaf; an existing leaf that covers @va at
 * this or a higher level is returned untouched; a subtree where the leaf
 * should go is a conflict.  Superpage leaves above @level are descended
 * through into their reserve tables, so a page covered by a superpage
 * yields its own leaf as EXISTS, and no superpage needs to be split: all
 * its pages are mapped, so an insertion can never add one there.
 *
 * Return: what happened, see enum l4mm_pt_insert_result.
 */
enum l4mm_pt_insert_result l4mm_pt_insert(struct l4mm_pt *pt, u32 va,
					  unsigned int level,
					  struct l4mm_pt_prealloc *pa,
					  const struct l4mm_pte_leaf *leaf,
					  void *obj,
					  struct l4mm_pte_ref *ref)
{
	const struct l4mm_pt_format *fmt = pt->ctx->fmt;
	struct l4mm_pt_table *t;
	enum l4mm_pte_kind kind;
	u32 idx;

	kind = descend(pt, va, level, pa, ref);
	if (kind == L4MM_PTE_NEXT)
		return L4MM_PT_INS_CONFLICT;
	if (kind == L4MM_PTE_LEAF)
		return L4MM_PT_INS_EXISTS;
	/* An invalid entry above @level: no table was prepared for it. */
	if (WARN_ON_ONCE(ref->level != level))
		return L4MM_PT_INS_NOMEM;
	/* Held here: the writes below could alias *@ref for the compiler. */
	t = ref->tab;
	idx = ref->index;
	hw_write(fmt, t, idx, fmt->encode_leaf(level, leaf));
	t->shadow[idx] = obj;
	t->used++;
	pt->leaves++;
	return L4MM_PT_INS_NEW;
}

/**
 * l4mm_pt_page_shift() - log2 of the size the hardware entry at @ref maps
 * @pt: the page table
 * @ref: a leaf entry of @pt
 *
 * Return: 12 for a small page, more for a superpage entry (16 for an
 * ARMv7 large page, 20 for a section, 24 for a supersection).
 */
unsigned int l4mm_pt_page_shift(const struct l4mm_pt *pt,
				const struct l4mm_pte_ref *ref)
{
	const struct l4mm_pt_format *fmt = pt->ctx->fmt;
	struct l4mm_pte_leaf leaf = { };
	struct l4mm_pte_ref top;

	l4mm_pt_effective(fmt, ref, &top);
	fmt->decode(l4mm_pt_hw_get(fmt, top.tab, top.index), top.level, &leaf);
	return fmt->shift[top.level] + leaf.dup_shift;
}

/**
 * l4mm_pt_update() - rewrite the fields of the leaf @ref names
 * @pt: the page table
 * @ref: a leaf entry of @pt
 * @leaf: the new fields (rights, cached; same frame)
 *
 * The shadow object stays.  A superpage covering the entry is demoted
 * first (l4mm_pt_demote()), so only this entry changes.  Never
 * allocates, never fails.
 */
void l4mm_pt_update(struct l4mm_pt *pt, const struct l4mm_pte_ref *ref,
		    const struct l4mm_pte_leaf *leaf)
{
	const struct l4mm_pt_format *fmt = pt->ctx->fmt;

	l4mm_pt_demote(pt, ref);
	hw_write(fmt, ref->tab, ref->index, fmt->encode_leaf(ref->level, leaf));
}

static void reap_queue(struct l4mm_pt_ctx *ctx, struct l4mm_pt_table *t)
{
	if (t->on_reap)
		return;
	t->on_reap = true;
	t->reap_next = ctx->reap;
	ctx->reap = t;
}

/**
 * l4mm_pt_clear() - make the leaf @ref names invalid
 * @pt: the page table
 * @ref: a leaf entry of @pt
 *
 * A superpage covering the entry is demoted first (l4mm_pt_demote()),
 * so that exactly this page goes.  A table left empty is queued for
 * l4mm_pt_reap(), not freed.
 */
void l4mm_pt_clear(struct l4mm_pt *pt, const struct l4mm_pte_ref *ref)
{
	const struct l4mm_pt_format *fmt = pt->ctx->fmt;
	struct l4mm_pt_table *t = ref->tab;

	l4mm_pt_demote(pt, ref);
	hw_write(fmt, t, ref->index, fmt->encode_invalid(t->level));
	t->shadow[ref->index] = NULL;
	t->used--;
	pt->leaves--;
	if (!t->used && t->parent)
		reap_queue(pt->ctx, t);
}

/**
 * l4mm_pt_reap() - free the queued tables that are still empty
 * @ctx: the context
 *
 * Called at the end of every operation.  Freeing a table may empty its
 * parent, which is queued in turn; the root of a page table is never
 * freed here.  An operation that emptied thousands of tables frees them
 * here, with a yield point every L4MM_CORE_RESCHED_EVERY.
 */
void l4mm_pt_reap(struct l4mm_pt_ctx *ctx)
{
	const struct l4mm_pt_format *fmt = ctx->fmt;
	struct l4mm_pt_table *t, *p;

	while (ctx->reap) {
		t = ctx->reap;
		ctx->reap = t->reap_next;
		t->reap_next = NULL;
		t->on_reap = false;
		if (t->used || !t->parent)
			continue;
		p = t->parent;
		/* An empty table is never a superpage's reserve. */
		if (WARN_ON_ONCE(fmt->decode(l4mm_pt_hw_get(fmt, p, t->index),
					     p->level, NULL) != L4MM_PTE_NEXT))
			continue;
		hw_write(fmt, p, t->index, fmt->encode_invalid(p->level));
		p->shadow[t->index] = NULL;
		p->used--;
		table_unaccount(t->pt);
		table_free(ctx, t);
		if (!p->used && p->parent)
			reap_queue(ctx, p);
		l4mm_pt_tick_n(ctx, 4);
	}
}
