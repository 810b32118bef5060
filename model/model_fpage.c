// SPDX-License-Identifier: GPL-2.0
/*
 * Flexpage operations of the reference model (docs/extensions.md 1, 2, 3,
 * 6, 7): each is the page step of model.c on every page of the fpage in
 * ascending address order, on the state the previous steps left.  All
 * checks come before the first step, so an error changes nothing.
 *
 * Readings of the spec taken here (the spec leaves them open):
 *  - "Any fpage that overlaps [a reserved region] as a source, and as a
 *    destination region" (section 5): EPERM if the source fpage as given
 *    or the destination region as placed (section 7) meets one.
 *  - Overlap (EINVAL) and "no page mapped" (ENXIO) concern the pages the
 *    operation moves: the part of the fpage that goes (s > r) and the
 *    part of the window that receives (s < r).
 *  - Errors come in this order: ENOENT (a space), EINVAL (order,
 *    alignment, rights, overlap), EPERM (reserved), ENXIO.
 *  - A page step on an unmapped page of unmap/flush/status does nothing
 *    (nothing derives from an unmapped page: Theorem 2), so the loops
 *    jump from mapped page to mapped page; map/grant skip unmapped source
 *    pages, as the spec says.  A status of an fpage without any mapped
 *    page is ENXIO, as map's and grant's with no source page.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model_impl.h"

/* The pages [first, first + count) of a region. */
struct region {
	uint64_t first, count;
};

/* 12 <= order <= 32 and the base aligned to 2^order bytes. */
static bool fpage_ok(uint32_t v, uint8_t order)
{
	if (order < MODEL_ORDER_MIN || order > MODEL_ORDER_MAX)
		return false;
	return v % (1ULL << (order - 12)) == 0;
}

static struct region fpage(uint32_t v, uint8_t order)
{
	struct region r = { v, 1ULL << (order - 12) };

	return r;
}

static bool overlap(struct region a, struct region b)
{
	return a.first < b.first + b.count && b.first < a.first + a.count;
}

/* Does the region touch a KIP or UTCB page of space n? */
static bool touches_reserved(const struct model *s, int n, struct region r)
{
	const struct model_space *sp = &s->spaces[n];
	struct region kip = { sp->kip_v, 1 };

	if (sp->kip && overlap(r, kip))
		return true;
	return sp->utcb_order && overlap(r, fpage(sp->utcb_v, sp->utcb_order));
}

/* Is some page of the region mapped in space n? */
static bool any_mapped(const struct model *s, int n, struct region r)
{
	uint32_t p;

	return model_next_mapped(s, n, r.first, &p) && p < r.first + r.count;
}

/*
 * Receive windows (docs/extensions.md 7), send fpage 2^s at sv, window
 * 2^r at wv, sizes in bytes, offsets within the larger one:
 *  s == r: page i to page i;
 *  s <  r: the fpage to the window at (base mod 2^r) rounded down to a
 *          multiple of 2^s;
 *  s >  r: the part of the fpage at (base mod 2^s) rounded down to a
 *          multiple of 2^r, to the window.
 */
static void place(uint32_t sv, uint8_t so, uint32_t wv, uint8_t ro,
		  uint64_t base, struct region *src, struct region *dst)
{
	uint64_t off;

	*src = fpage(sv, so);
	*dst = fpage(wv, ro);
	if (so < ro) {
		off = (base % (1ULL << ro)) & ~((1ULL << so) - 1);
		dst->first += off >> 12;
		dst->count = src->count;
	} else if (so > ro) {
		off = (base % (1ULL << so)) & ~((1ULL << ro) - 1);
		src->first += off >> 12;
		src->count = dst->count;
	}
}

static int map_or_grant(struct model *s, const struct model_map_args *x,
			bool grant, uint32_t *pages)
{
	int a = m_find(s, x->src), b = m_find(s, x->dst);
	uint8_t ro = x->dst_order ? x->dst_order : x->src_order;
	struct region src, dst;
	enum model_grant_mode mode;
	uint32_t p;
	uint64_t i;

	*pages = 0;
	if (a < 0 || b < 0)
		return -ENOENT;
	if (!fpage_ok(x->src_v, x->src_order) || !fpage_ok(x->dst_v, ro))
		return -EINVAL;
	if ((x->rights & ~MODEL_RWX) || !(x->rights & MODEL_R))
		return -EINVAL;
	place(x->src_v, x->src_order, x->dst_v, ro, x->snd_base, &src, &dst);
	if (a == b && src.count > 1 && overlap(src, dst))
		return -EINVAL;
	if (touches_reserved(s, a, fpage(x->src_v, x->src_order)) ||
	    touches_reserved(s, b, dst))
		return -EPERM;
	if (!any_mapped(s, a, src))
		return -ENXIO;
	mode = x->mode == MODEL_GRANT_DEFAULT ? s->grant_mode : x->mode;
	/* Page i of the source region to page i of the destination. */
	for (i = 0; i < src.count; i++) {
		if (!model_next_mapped(s, a, src.first + i, &p) ||
		    p >= src.first + src.count)
			break;		/* the rest is unmapped: no-ops */
		i = p - src.first;
		if (grant)
			*pages += m_grant_page(s, a, p, b, dst.first + i,
					       x->rights, x->uncached,
					       mode == MODEL_GRANT_KEEP);
		else
			*pages += m_map_page(s, a, p, b, dst.first + i,
					     x->rights, x->uncached);
	}
	return 0;
}

int model_map_fpage(struct model *s, const struct model_map_args *a,
		    uint32_t *pages)
{
	return map_or_grant(s, a, false, pages);
}

int model_grant_fpage(struct model *s, const struct model_map_args *a,
		      uint32_t *pages)
{
	return map_or_grant(s, a, true, pages);
}

/*
 * unmap (flush) and status on every page of an fpage.  what: 0 status,
 * 1 unmap, 2 flush.
 */
static int revoke_fpage(struct model *s, const char *n, uint32_t v,
			uint8_t order, uint8_t mask, int what,
			uint8_t *status)
{
	int a = m_find(s, n);
	bool mapped = false;
	struct region r;
	uint64_t p;
	uint32_t q;

	*status = 0;
	if (a < 0)
		return -ENOENT;
	if (!fpage_ok(v, order))
		return -EINVAL;
	if (what && (!mask || (mask & ~MODEL_RWX)))
		return -EINVAL;
	r = fpage(v, order);
	if (touches_reserved(s, a, r))
		return -EPERM;
	for (p = r.first; p < r.first + r.count; p = q + 1) {
		if (!model_next_mapped(s, a, p, &q) || q >= r.first + r.count)
			break;
		mapped = true;
		if (what)
			*status |= m_revoke(s, a, q, mask, what == 2);
		else
			*status |= m_read_status(s, a, q);
	}
	/* Status of nothing is an error, as lookup of nothing is. */
	return what || mapped ? 0 : -ENXIO;
}

int model_unmap_fpage(struct model *s, const char *n, uint32_t v,
		      uint8_t order, uint8_t rights, uint8_t *status)
{
	return revoke_fpage(s, n, v, order, rights, 1, status);
}

int model_flush_fpage(struct model *s, const char *n, uint32_t v,
		      uint8_t order, uint8_t rights, uint8_t *status)
{
	return revoke_fpage(s, n, v, order, rights, 2, status);
}

int model_status_fpage(struct model *s, const char *n, uint32_t v,
		       uint8_t order, uint8_t *status)
{
	return revoke_fpage(s, n, v, order, 0, 0, status);
}

/* config grant-mode: the default of grants that name no mode. */
void model_set_grant_mode(struct model *s, enum model_grant_mode mode)
{
	s->grant_mode = mode == MODEL_GRANT_KEEP ? MODEL_GRANT_KEEP :
			MODEL_GRANT_PAPER;
}
