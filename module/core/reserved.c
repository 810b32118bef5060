// SPDX-License-Identifier: GPL-2.0
/*
 * Reserved regions of a space: the kernel interface page (KIP) and the
 * UTCB area (docs/extensions.md section 5).  They are leaves of the
 * space's page table backed by kernel frames, outside the MDB: their
 * shadow object is a sentinel, so that every walk that meets them can
 * tell them from mapping nodes, and map, grant, unmap, flush and status
 * refuse any fpage that overlaps them before changing anything.
 *
 * Kernel frames: the KIP frame is one frame shared by every space, as
 * there is one KIP in L4; UTCB pages take the lowest free frames of a
 * window at the top of the 32-bit physical space, tracked in a bitmap
 * that the state allocates on first use.
 */
#include "state.h"

/* Indexed by enum l4mm_reserved_kind; only their addresses matter. */
char l4mm_reserved_objs[3];

#define UTCB_WORDS	((L4MM_CORE_UTCB_FRAMES + 31) / 32)

static u64 utcb_size(const struct l4mm_space_opts *o)
{
	return o->utcb_order ? 1ULL << o->utcb_order : 0;
}

static bool ranges_meet(u64 a, u64 alen, u64 b, u64 blen)
{
	return alen && blen && a < b + blen && b < a + alen;
}

/**
 * l4mm_reserved_overlaps() - whether [@va, @va + @size) meets a region
 * @sp: the space
 * @va: start of the range
 * @size: its length in bytes (up to 2^32)
 *
 * Return: true if the range overlaps the KIP page or the UTCB area.
 */
bool l4mm_reserved_overlaps(const struct l4mm_space *sp, u32 va, u64 size)
{
	const struct l4mm_space_opts *o = &sp->opts;

	if (o->kip && ranges_meet(va, size, o->kip_va, L4MM_CORE_PAGE_SIZE))
		return true;
	return ranges_meet(va, size, o->utcb_va, utcb_size(o));
}

/**
 * l4mm_utcb_frame_used() - whether a UTCB frame is allocated
 * @st: the state
 * @frame: a frame number
 *
 * Return: true if @frame is in the UTCB window and in use.
 */
bool l4mm_utcb_frame_used(const struct l4mm_state *st, u32 frame)
{
	u32 bit = frame - L4MM_CORE_UTCB_FRAME0;

	if (!st->utcb_map || frame < L4MM_CORE_UTCB_FRAME0 ||
	    bit >= L4MM_CORE_UTCB_FRAMES)
		return false;
	return st->utcb_map[bit / 32] & (1U << (bit % 32));
}

/* The lowest free UTCB frame at or after bit *hint; the caller counted. */
static u32 utcb_take(struct l4mm_state *st, u32 *hint)
{
	u32 bit;

	for (bit = *hint; bit < L4MM_CORE_UTCB_FRAMES; bit++)
		if (!(st->utcb_map[bit / 32] & (1U << (bit % 32))))
			break;
	if (WARN_ON_ONCE(bit >= L4MM_CORE_UTCB_FRAMES))
		bit = L4MM_CORE_UTCB_FRAMES - 1;
	st->utcb_map[bit / 32] |= 1U << (bit % 32);
	st->utcb_used++;
	*hint = bit + 1;
	return L4MM_CORE_UTCB_FRAME0 + bit;
}

static void utcb_put(struct l4mm_state *st, u32 frame)
{
	u32 bit = frame - L4MM_CORE_UTCB_FRAME0;

	if (WARN_ON_ONCE(!l4mm_utcb_frame_used(st, frame)))
		return;
	st->utcb_map[bit / 32] &= ~(1U << (bit % 32));
	st->utcb_used--;
}

static int reserve_page(struct l4mm_state *st, struct l4mm_space *sp,
			u32 va, enum l4mm_reserved_kind kind, u32 *hint,
			struct l4mm_pt_prealloc *pa)
{
	struct l4mm_pte_leaf leaf = { .rd = true, .cached = true };
	struct l4mm_pte_ref ref;
	int err;

	err = l4mm_pt_prepare(&sp->pt, va, 0, pa);
	if (err)
		return err;
	if (kind == L4MM_RESERVED_KIP) {
		leaf.ex = true;
		leaf.frame = L4MM_CORE_KIP_FRAME;
	} else {
		leaf.wr = true;
		leaf.frame = utcb_take(st, hint);
	}
	if (WARN_ON_ONCE(l4mm_pt_insert(&sp->pt, va, 0, pa, &leaf,
					&l4mm_reserved_objs[kind], &ref) !=
			 L4MM_PT_INS_NEW)) {
		if (kind == L4MM_RESERVED_UTCB)
			utcb_put(st, leaf.frame);
		return -EUCLEAN;
	}
	sp->reserved++;
	return 0;
}

/**
 * l4mm_reserved_fill() - put the reserved leaves of a new space in place
 * @st: the state
 * @sp: the space, not linked yet, with opts validated and set
 *
 * On error everything this did is undone by l4mm_reserved_release(),
 * the caller then reaps and frees the space.
 *
 * Return: 0, -ENOSPC (no kernel frames), -ENOMEM or -EDQUOT.
 */
int l4mm_reserved_fill(struct l4mm_state *st, struct l4mm_space *sp)
{
	const struct l4mm_space_opts *o = &sp->opts;
	u64 pages = utcb_size(o) >> L4MM_CORE_PAGE_SHIFT, i;
	struct l4mm_pt_prealloc pa = { };
	bool new_map = false;
	u32 hint = 0;
	int err = 0;

	if (!o->kip && !pages)
		return 0;
	/* sigma0 owns every frame below sigma0_pages. */
	if (st->sigma0_pages > L4MM_CORE_UTCB_FRAME0 ||
	    pages > L4MM_CORE_UTCB_FRAMES - st->utcb_used)
		return -ENOSPC;
	if (pages && !st->utcb_map) {
		st->utcb_map = l4mm_mem_zalloc(&st->mem,
					       UTCB_WORDS * sizeof(u32), NULL,
					       &err);
		if (!st->utcb_map)
			return err;
		new_map = true;
	}
	if (o->kip)
		err = reserve_page(st, sp, o->kip_va, L4MM_RESERVED_KIP,
				   &hint, &pa);
	for (i = 0; !err && i < pages; i++) {
		err = reserve_page(st, sp, o->utcb_va +
				   (u32)(i << L4MM_CORE_PAGE_SHIFT),
				   L4MM_RESERVED_UTCB, &hint, &pa);
		l4mm_state_tick(st);
	}
	l4mm_pt_prealloc_release(&st->ctx, &pa);
	if (err) {
		l4mm_reserved_release(st, sp);
		if (new_map) {
			l4mm_mem_free(&st->mem, st->utcb_map,
				      UTCB_WORDS * sizeof(u32), NULL);
			st->utcb_map = NULL;
		}
	}
	return err;
}

static void release_page(struct l4mm_state *st, struct l4mm_space *sp,
			 u32 va)
{
	struct l4mm_pte_leaf leaf;
	struct l4mm_pte_ref ref;
	void *obj = l4mm_leaf_at(sp, va, &ref, &leaf);
	enum l4mm_reserved_kind kind = l4mm_reserved_kind_of(obj);

	if (kind == L4MM_RESERVED_NONE)
		return;
	if (kind == L4MM_RESERVED_UTCB)
		utcb_put(st, leaf.frame);
	l4mm_pt_clear(&sp->pt, &ref);
	sp->reserved--;
}

/**
 * l4mm_reserved_release() - remove the reserved leaves of @sp
 * @st: the state
 * @sp: the space
 *
 * Frees the space's UTCB frames.  Tables left empty are queued for the
 * reap, as by any removal.
 */
void l4mm_reserved_release(struct l4mm_state *st, struct l4mm_space *sp)
{
	const struct l4mm_space_opts *o = &sp->opts;
	u64 pages = utcb_size(o) >> L4MM_CORE_PAGE_SHIFT, i;

	if (o->kip)
		release_page(st, sp, o->kip_va);
	for (i = 0; i < pages; i++) {
		release_page(st, sp, o->utcb_va +
			     (u32)(i << L4MM_CORE_PAGE_SHIFT));
		l4mm_state_tick(st);
	}
	WARN_ON_ONCE(sp->reserved);
}

/**
 * l4mm_space_get_opts() - the reserved regions of a space
 * @sp: the space
 * @out: filled with what create was given (zeroed if none)
 */
void l4mm_space_get_opts(const struct l4mm_space *sp,
			 struct l4mm_space_opts *out)
{
	*out = sp->opts;
}

/**
 * l4mm_reserved_fini() - free the state's map of UTCB frames
 * @st: the state, being destroyed
 */
void l4mm_reserved_fini(struct l4mm_state *st)
{
	l4mm_mem_free(&st->mem, st->utcb_map, UTCB_WORDS * sizeof(u32), NULL);
	st->utcb_map = NULL;
}
