/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Generic multi-level page table engine (section 4 of the paper),
 * parameterised by a struct l4mm_pt_format.
 *
 * Every table is a hardware array of 32- or 64-bit entries, as the
 * format says (aligned to its size), a
 * SHADOW array of pointers, one per entry: the next-level table for a next
 * entry, the MDB node for a leaf (the paper's MapNode; Vaddr is implied by
 * the position), and a small software header.  The three are separate
 * allocations so that each is a power of two or a small object: the
 * shadow of a 256-entry table is exactly 2 KiB, not 2 KiB and a header
 * rounded up to 4 KiB.  Walks take the kind of an entry from the format's decode
 * and the pointer from the shadow, so the hardware encoding never has to
 * round-trip a kernel pointer.
 *
 * Tables that become empty are not freed on the spot but queued on the
 * context's reap list and freed by l4mm_pt_reap() at the end of the
 * operation: an install that follows a flush within one operation thus
 * finds the path it preallocated for.
 */
#ifndef _L4MM_PGTABLE_H
#define _L4MM_PGTABLE_H

#include "l4mm_core.h"
#include "pt_format.h"

struct l4mm_pt;
struct l4mm_mem;

struct l4mm_pt_table {
	union {				/* hardware entries, by pte_bytes */
		u32 *hw;		/* 4 */
		u64 *hw64;		/* 8 */
	};
	void **shadow;			/* table or MDB node per entry */
	struct l4mm_pt_table *parent;	/* NULL for the root */
	struct l4mm_pt_table *reap_next;
	struct l4mm_pt *pt;		/* owner, NULL while preallocated */
	u32 index;			/* our entry in parent */
	u32 used;			/* valid (non-invalid) entries */
	u8 level;
	bool on_reap;
};

/* What all page tables of one state share. */
struct l4mm_pt_ctx {
	const struct l4mm_pt_format *fmt;
	struct l4mm_mem *mem;		/* where tables come from */
	struct l4mm_pt_table *reap;	/* empty tables to free */
	u64 tables;			/* live tables, all levels */
	u32 tick;			/* steps since the last yield */
};

/*
 * @cost steps of a long loop: every L4MM_CORE_RESCHED_EVERY steps,
 * yield.  A step is about one page-table walk or one node; what costs
 * several (freeing a table: three allocations) counts several.
 * Return: true at a yield point.
 */
static inline bool l4mm_pt_tick_n(struct l4mm_pt_ctx *ctx, u32 cost)
{
	ctx->tick += cost;
	if (ctx->tick < L4MM_CORE_RESCHED_EVERY)
		return false;
	ctx->tick = 0;
	l4mm_env_cond_resched();
	return true;
}

static inline bool l4mm_pt_tick(struct l4mm_pt_ctx *ctx)
{
	return l4mm_pt_tick_n(ctx, 1);
}

/* The page table of one address space; the space name is its root. */
struct l4mm_pt {
	struct l4mm_pt_ctx *ctx;
	struct l4mm_pt_table *root;
	u32 tables;			/* including the root */
	u32 leaves;
};

/*
 * The paper's PTEName: (table, offset), plus the level of the table, and
 * what l4mm_pt_lookup_leaf() learnt on its walk: log2 of the size of the
 * hardware entry that maps the leaf (l4mm_pt_page_shift()), 0 if not
 * known (any other walk).  Valid until the next promotion.
 */
struct l4mm_pte_ref {
	struct l4mm_pt_table *tab;
	u32 index;
	unsigned int level;
	unsigned int shift;
};

/* Tables allocated up front for one insertion, indexed by level. */
struct l4mm_pt_prealloc {
	struct l4mm_pt_table *tab[L4MM_PT_MAX_LEVELS];
};

enum l4mm_pt_insert_result {
	L4MM_PT_INS_NEW,	/* the leaf was made */
	L4MM_PT_INS_EXISTS,	/* a leaf at this or a higher level covers v */
	L4MM_PT_INS_CONFLICT,	/* a subtree sits where the leaf should go */
	L4MM_PT_INS_NOMEM,	/* a table was needed but not preallocated */
};

const struct l4mm_pt_format *l4mm_pt_format_of(enum l4mm_format f);
#ifdef L4MM_TEST
extern enum l4mm_format l4mm_test_default_format;
#endif

int l4mm_pt_init(struct l4mm_pt *pt, struct l4mm_pt_ctx *ctx);
void l4mm_pt_fini(struct l4mm_pt *pt, void (*leaf_fn)(void *obj, void *arg),
		  void *arg);
size_t l4mm_pt_table_bytes(const struct l4mm_pt_format *fmt,
			   const struct l4mm_pt_table *t);

enum l4mm_pte_kind l4mm_pt_lookup(const struct l4mm_pt *pt, u32 va,
				  struct l4mm_pte_ref *ref);
enum l4mm_pte_kind l4mm_pt_decode(const struct l4mm_pt *pt,
				  const struct l4mm_pte_ref *ref,
				  struct l4mm_pte_leaf *leaf);
enum l4mm_pte_kind l4mm_pt_lookup_leaf(const struct l4mm_pt *pt, u32 va,
				       struct l4mm_pte_ref *ref,
				       struct l4mm_pte_leaf *leaf);

int l4mm_pt_prepare(struct l4mm_pt *pt, u32 va, unsigned int level,
		    struct l4mm_pt_prealloc *pa);
void l4mm_pt_prealloc_release(struct l4mm_pt_ctx *ctx,
			      struct l4mm_pt_prealloc *pa);
enum l4mm_pt_insert_result l4mm_pt_insert(struct l4mm_pt *pt, u32 va,
					  unsigned int level,
					  struct l4mm_pt_prealloc *pa,
					  const struct l4mm_pte_leaf *leaf,
					  void *obj,
					  struct l4mm_pte_ref *ref);
void l4mm_pt_clear(struct l4mm_pt *pt, const struct l4mm_pte_ref *ref);
unsigned int l4mm_pt_page_shift(const struct l4mm_pt *pt,
				const struct l4mm_pte_ref *ref);
void l4mm_pt_update(struct l4mm_pt *pt, const struct l4mm_pte_ref *ref,
		    const struct l4mm_pte_leaf *leaf);
void l4mm_pt_reap(struct l4mm_pt_ctx *ctx);

bool l4mm_pt_next_leaf(const struct l4mm_pt *pt, u64 from, u32 *va,
		       struct l4mm_pte_ref *ref);

/*
 * The range walker (pt_walk.c).  Each callback returns 0 to go on, or a
 * value that ends the walk and that the walk returns (> 0 to stop, < 0
 * for an error, by the callers' convention).
 */
typedef int (*l4mm_pt_leaf_fn)(void *arg, u32 va,
			       const struct l4mm_pte_ref *ref);

/**
 * struct l4mm_pt_walk_ops - what a walk does at each table and page
 * @table_pre: a table whose region meets the range, before its entries,
 *	with the address its region starts at
 * @leaf: a mapped 4 KiB page of the range, with its level-0 entry
 * @table_post: the same table after its entries (and their tables)
 */
struct l4mm_pt_walk_ops {
	int (*table_pre)(void *arg, struct l4mm_pt_table *t, u64 va);
	l4mm_pt_leaf_fn leaf;
	int (*table_post)(void *arg, struct l4mm_pt_table *t, u64 va);
};

int l4mm_pt_walk_range(const struct l4mm_pt *pt, u64 start, u64 end,
		       const struct l4mm_pt_walk_ops *ops, void *arg);
int l4mm_pt_walk(const struct l4mm_pt *pt, u64 start, u64 end,
		 l4mm_pt_leaf_fn fn, void *arg);

static inline void *l4mm_pt_obj(const struct l4mm_pte_ref *ref)
{
	return ref->tab->shadow[ref->index];
}

/*
 * Superpages (pt_super.c, docs/extensions.md section 8).  A leaf above
 * level 0 (an ARMv7 section or supersection) keeps, in its shadow slot,
 * its complete reserve table one level down: every entry a leaf
 * equivalent to the superpage (same rights and cached attribute, the
 * page's own frame), with the page's MDB node in its shadow.  Only the
 * hardware entry differs from a page-table pointer.  Duplicated entries
 * (ARMv7 large pages and supersections, dup_shift 4) are 2^dup_shift
 * identical descriptors aligned to their count, each with its own shadow.
 * So the shadow is always the full page-wise table, walks descend through
 * superpage leaves, and demotion only rewrites descriptors.
 */

/* Entry @idx of @t, whatever the width of the format's entries. */
static inline u64 l4mm_pt_hw_get(const struct l4mm_pt_format *fmt,
				 const struct l4mm_pt_table *t, u32 idx)
{
	return fmt->pte_bytes == 8 ? t->hw64[idx] : t->hw[idx];
}

/*
 * The kind of entry @idx of @t for a walk: a leaf above level 0 leads on
 * to its reserve table like a next entry.
 */
static inline enum l4mm_pte_kind
l4mm_pt_kind(const struct l4mm_pt_format *fmt, const struct l4mm_pt_table *t,
	     u32 idx)
{
	enum l4mm_pte_kind kind = fmt->decode(l4mm_pt_hw_get(fmt, t, idx),
					      t->level, NULL);

	return kind == L4MM_PTE_LEAF && t->level ? L4MM_PTE_NEXT : kind;
}

/**
 * l4mm_pt_hw_write() - store one hardware entry
 * @fmt: the format (for the entry width)
 * @t: the table
 * @idx: the entry
 * @pte: the new descriptor
 *
 * Every store to a hardware table goes through here, so that a walker
 * that does not snoop the data cache sees it (see l4mm_env_table_sync()).
 */
static inline void l4mm_pt_hw_write(const struct l4mm_pt_format *fmt,
				    struct l4mm_pt_table *t, u32 idx, u64 pte)
{
	if (fmt->pte_bytes == 8) {
		t->hw64[idx] = pte;
		l4mm_env_table_sync(&t->hw64[idx], sizeof(u64));
	} else {
		t->hw[idx] = (u32)pte;
		l4mm_env_table_sync(&t->hw[idx], sizeof(u32));
	}
}

u32 l4mm_pt_effective(const struct l4mm_pt_format *fmt,
		      const struct l4mm_pte_ref *ref, struct l4mm_pte_ref *top);
void l4mm_pt_demote(struct l4mm_pt *pt, const struct l4mm_pte_ref *ref);
void l4mm_pt_promote(struct l4mm_pt *pt, u32 va, u64 len);
/*
 * The smallest map or grant whose destination is promoted at its end
 * (docs/extensions.md section 8): the smallest superpage, 64 KiB.
 */
#define L4MM_PT_PROMOTE_MIN	0x10000U

#endif /* _L4MM_PGTABLE_H */
