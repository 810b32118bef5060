// SPDX-License-Identifier: GPL-2.0
/*
 * Flexpage geometry and the up-front allocation of a flexpage map or
 * grant (docs/extensions.md sections 1 and 7): which source pages go to
 * which destination pages, and a pool of MDB nodes and page tables that
 * covers every page step that may install, so that the steps themselves
 * never fail.
 */
#include "state.h"

/**
 * l4mm_fpage_valid() - whether @va/@order is a flexpage
 * @va: base address
 * @order: log2 of the size, L4MM_CORE_ORDER_MIN..L4MM_CORE_ORDER_MAX
 *
 * Return: true if the order is in range and @va is aligned to the size.
 */
bool l4mm_fpage_valid(u32 va, u8 order)
{
	if (order < L4MM_CORE_ORDER_MIN || order > L4MM_CORE_ORDER_MAX)
		return false;
	return !(va & ((1ULL << order) - 1));
}

/**
 * l4mm_xfer_setup() - validate a map/grant and place its regions
 * @st: the state
 * @a: the arguments
 * @grant: a grant (decides the mode)
 * @x: filled; its pool starts empty
 *
 * The X.2 typed-item rule: with send fpage size 2^s and window size 2^r,
 * the smaller of the two is placed inside the bigger at the offset
 * snd_base mod 2^max(s, r), rounded down to the smaller size.
 *
 * Return: 0, -EINVAL (order, alignment, rights, overlapping regions of
 * more than one page in one space) or -EPERM (a region meets a reserved
 * page).
 */
int l4mm_xfer_setup(const struct l4mm_state *st,
		    const struct l4mm_map_args *a, bool grant,
		    struct l4mm_xfer *x)
{
	u8 s = a->src_order, r = a->dst_order, m = s < r ? s : r;
	enum l4mm_grant_mode mode = a->mode;
	u64 size = 1ULL << m, mask;

	if (!a->src || !a->dst || !l4mm_fpage_valid(a->src_va, s) ||
	    !l4mm_fpage_valid(a->dst_va, r) || !(a->rights & L4MM_CORE_R) ||
	    (a->rights & ~L4MM_CORE_RWX))
		return -EINVAL;
	if (mode == L4MM_GRANT_DEFAULT)
		mode = st->grant_mode;
	/* Field by field: this is on the path of every single-page map. */
	x->src = a->src;
	x->dst = a->dst;
	x->src_va = a->src_va;
	x->dst_va = a->dst_va;
	x->pages = (u32)(size >> L4MM_CORE_PAGE_SHIFT);
	x->rights = a->rights;
	x->uncached = a->uncached;
	x->grant = grant;
	x->keep = grant && mode == L4MM_GRANT_KEEP;
	x->pool = NULL;
	x->pooled = 0;
	memset(&x->one, 0, sizeof(x->one));
	x->slots = NULL;
	x->slot_shift = st->ctx.fmt->shift[1];
	x->nslots = 1;
	x->removed = 0;
	x->installed = 0;
	if (s != r) {
		/* The smaller one's place inside the bigger one. */
		mask = ((1ULL << (s < r ? r : s)) - 1) & ~(size - 1);
		if (s < r)
			x->dst_va += (u32)(a->snd_base & mask);
		else
			x->src_va += (u32)(a->snd_base & mask);
	}
	if (x->pages > 1) {
		/* Page steps would read pages that earlier steps wrote. */
		if (x->src == x->dst && x->src_va < x->dst_va + size &&
		    x->dst_va < x->src_va + size)
			return -EINVAL;
		if ((size >> x->slot_shift) > 1)
			x->nslots = (u32)(size >> x->slot_shift);
	}
	if ((x->src->reserved &&
	     l4mm_reserved_overlaps(x->src, a->src_va, 1ULL << s)) ||
	    (x->dst->reserved &&
	     l4mm_reserved_overlaps(x->dst, x->dst_va, size)))
		return -EPERM;
	return 0;
}

/* Allocation of the pool, before any change. */

/**
 * l4mm_xfer_alloc() - what one page step that installs at @dva needs
 * @st: the state
 * @x: the transfer
 * @dva: the page the step installs at
 *
 * A node for the pool (not in keep-subtree mode, which moves the
 * granting node) and the destination tables that are missing at @dva.
 *
 * Return: 0, -ENOMEM, -ENOSPC or -EDQUOT (the caller releases the whole
 * pool).
 */
int l4mm_xfer_alloc(struct l4mm_state *st, struct l4mm_xfer *x, u32 dva)
{
	struct l4mm_mdb_node *n;
	int err;

	if (!x->keep) {
		n = l4mm_mem_node_alloc(&st->mem, &err);
		if (!n)
			return err;
		n->next = x->pool;
		x->pool = n;
		x->pooled++;
	}
	if (x->nslots > 1 && !x->slots) {
		x->slots = l4mm_mem_zalloc(&st->mem,
					   x->nslots * sizeof(*x->slots),
					   NULL, &err);
		if (!x->slots)
			return err;
	}
	return l4mm_pt_prepare(&x->dst->pt, dva, 0, l4mm_xfer_pa(x, dva));
}

/**
 * l4mm_xfer_release() - free what the page steps did not use
 * @st: the state
 * @x: the transfer
 */
void l4mm_xfer_release(struct l4mm_state *st, struct l4mm_xfer *x)
{
	struct l4mm_mdb_node *n;
	u32 i;

	while ((n = x->pool)) {
		x->pool = n->next;
		l4mm_mem_node_free(&st->mem, n);
	}
	x->pooled = 0;
	l4mm_pt_prealloc_release(&st->ctx, &x->one);
	if (x->slots) {
		for (i = 0; i < x->nslots; i++) {
			l4mm_pt_prealloc_release(&st->ctx, &x->slots[i]);
			l4mm_state_tick(st);
		}
		l4mm_mem_free(&st->mem, x->slots,
			      x->nslots * sizeof(*x->slots), NULL);
		x->slots = NULL;
	}
}
