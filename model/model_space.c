// SPDX-License-Identifier: GPL-2.0
/*
 * The reference model's spaces: sigma0, create (with the KIP and UTCB
 * regions of docs/extensions.md 5), destroy, and translation: the paper's
 * lookup and the MMU-like access of docs/extensions.md 3.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model_impl.h"

/* sigma0 = (lambda v. if v < pages then Some (Real v) else None) */
int model_init(struct model *s, uint32_t sigma0_pages)
{
	struct model_m m = { .real = true };
	uint32_t i;

	memset(s, 0, sizeof(*s));
	s->sigma0_pages = sigma0_pages;
	s->grant_mode = MODEL_GRANT_PAPER;
	/* The paper's initial state always has sigma0, possibly empty. */
	model_create(s, "sigma0");
	for (i = 0; i < sigma0_pages && i < (1U << 20); i++) {
		m.r = i;
		/* sigma0's pages have rwx and are cached. */
		m_set(s, 0, i, m, MODEL_RWX, 0, false);
	}
	return 0;
}

static void space_free(struct model_space *sp)
{
	uint32_t c;

	if (!sp->used)
		return;		/* nothing allocated: skip the big memset */
	for (c = 0; c < MODEL_CHUNKS; c++)
		if (sp->chunk[c])
			free(sp->chunk[c]);
	free(sp->utcb_frame);
	memset(sp, 0, sizeof(*sp));
}

void model_free(struct model *s)
{
	int i;

	for (i = 0; i < MODEL_SPACES; i++)
		space_free(&s->spaces[i]);
	memset(s, 0, sizeof(*s));
}

static bool frame_used(const struct model *s, uint32_t i)
{
	return s->utcb_used[i / 8] & (1U << (i % 8));
}

static void frame_mark(struct model *s, uint32_t i, bool used)
{
	if (used)
		s->utcb_used[i / 8] |= 1U << (i % 8);
	else
		s->utcb_used[i / 8] &= ~(1U << (i % 8));
}

/*
 * create n = s(n := empty); names as the module takes them.  With options
 * (docs/extensions.md 5): a KIP page (frame 0xfffff in every space) and a
 * UTCB fpage whose pages take the lowest free frames of the window
 * [0xf0000, 0xfffff), one per page, in ascending page order.  Errors in
 * this order (the arguments before the state): EINVAL bad UTCB fpage,
 * EINVAL KIP inside the UTCB area, EINVAL name, EEXIST, ENOSPC no space
 * id, ENOSPC sigma0 reaches into the window (only when something is
 * reserved), ENOSPC window exhausted.
 */
int model_create_opts(struct model *s, const char *n,
		      const struct model_space_opts *o)
{
	size_t len = strlen(n), i;
	uint64_t pages = 0, got, f;
	struct model_space *sp;
	int k;

	if (o && o->utcb_order) {
		if (o->utcb_order < MODEL_ORDER_MIN ||
		    o->utcb_order > MODEL_ORDER_MAX)
			return -EINVAL;
		pages = 1ULL << (o->utcb_order - 12);
		if (o->utcb_v % pages)
			return -EINVAL;
		if (o->kip && o->kip_v >= o->utcb_v &&
		    o->kip_v < o->utcb_v + pages)
			return -EINVAL;
	}
	if (!len || len > MODEL_NAME_MAX ||
	    strspn(n, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		   "0123456789_.-") != len)
		return -EINVAL;
	if (m_find(s, n) >= 0)
		return -EEXIST;
	for (k = 0; k < MODEL_SPACES; k++)
		if (!s->spaces[k].used)
			break;
	if (k == MODEL_SPACES)
		return -ENOSPC;
	if (o && (o->kip || o->utcb_order)) {
		if (s->sigma0_pages > MODEL_UTCB_FRAME0)
			return -ENOSPC;
		for (f = 0, got = 0; f < MODEL_UTCB_FRAMES; f++)
			got += !frame_used(s, f);
		if (got < pages)
			return -ENOSPC;
	}
	sp = &s->spaces[k];
	memset(sp, 0, sizeof(*sp));
	sp->used = true;
	for (i = 0; i <= len; i++)
		sp->name[i] = n[i];
	if (o && o->kip) {
		sp->kip = true;
		sp->kip_v = o->kip_v;
	}
	if (o && o->utcb_order) {
		sp->utcb_order = o->utcb_order;
		sp->utcb_v = o->utcb_v;
		sp->utcb_frame = calloc(pages, sizeof(*sp->utcb_frame));
		if (!sp->utcb_frame)
			abort();
		for (i = 0, f = 0; i < pages; i++) {
			while (frame_used(s, f))
				f++;
			frame_mark(s, f, true);
			sp->utcb_frame[i] = MODEL_UTCB_FRAME0 + f;
		}
	}
	return 0;
}

int model_create(struct model *s, const char *n)
{
	return model_create_opts(s, n, NULL);
}

/*
 * destroy n: flush every page of n, then remove n from the state; its
 * UTCB frames become free.
 */
int model_destroy(struct model *s, const char *n)
{
	int a = m_find(s, n);
	struct model_space *sp;
	uint64_t i, pages;
	uint32_t v;

	if (a < 0)
		return -ENOENT;
	if (!strcmp(n, "sigma0"))
		return -EPERM;	/* the initial space stays */
	sp = &s->spaces[a];
	while (model_next_mapped(s, a, 0, &v))
		m_flush(s, a, v);
	pages = sp->utcb_order ? 1ULL << (sp->utcb_order - 12) : 0;
	for (i = 0; i < pages; i++)
		frame_mark(s, sp->utcb_frame[i] - MODEL_UTCB_FRAME0, false);
	space_free(sp);
	return 0;
}

enum model_reserved m_reserved(const struct model *s, int n, uint32_t v,
			       uint32_t *frame, uint8_t *rights)
{
	const struct model_space *sp = &s->spaces[n];
	uint64_t pages;

	if (sp->kip && v == sp->kip_v) {
		*frame = MODEL_KIP_FRAME;
		*rights = MODEL_R | MODEL_X;
		return MODEL_RES_KIP;
	}
	if (!sp->utcb_order)
		return MODEL_RES_NONE;
	pages = 1ULL << (sp->utcb_order - 12);
	if (v < sp->utcb_v || v >= sp->utcb_v + pages)
		return MODEL_RES_NONE;
	*frame = sp->utcb_frame[v - sp->utcb_v];
	*rights = MODEL_R | MODEL_W;
	return MODEL_RES_UTCB;
}

/*
 * lookup n v s = the r with s |- Virtual n v ~>+ Real r.  Also reports
 * the entry of n,v and the number of Virtual steps after it (the depth of
 * the mapping in its tree), and the mapping's rights, status and cached
 * attribute.  A reserved page translates to its kernel frame (depth 0).
 */
int model_lookup(const struct model *s, const char *n, uint32_t v,
		 struct model_lookup *out)
{
	int a = m_find(s, n);
	size_t steps = m_total(s) + 1;
	const struct model_entry *e;
	uint32_t frame;
	uint8_t rights;

	if (a < 0)
		return -ENOENT;
	memset(out, 0, sizeof(*out));
	out->reserved = m_reserved(s, a, v, &frame, &rights);
	if (out->reserved) {
		out->r = frame;
		out->rights = rights;
		return 0;
	}
	e = m_get(s, a, v);
	if (!e)
		return -ENOENT;
	out->m = e->m;
	out->rights = e->rights;
	out->status = e->status;
	out->uncached = e->uncached;
	while (!e->m.real) {
		e = m_get(s, e->m.n, e->m.v);
		if (!e)
			return -ENOENT;	/* a dangling Virtual: theorem broken */
		if (!steps--)
			return -ELOOP;
		out->depth++;
	}
	out->r = e->m.r;
	return 0;
}

/*
 * access n addr r|w|x (docs/extensions.md 3): translate like the MMU.
 * Nothing there: EFAULT; the mapping lacks the right: EACCES; else the
 * status bit is set on that mapping (none for a reserved page).
 */
int model_access(struct model *s, const char *n, uint32_t addr,
		 uint8_t access, struct model_lookup *out)
{
	int a = m_find(s, n);
	struct model_entry *e;
	uint32_t v = addr >> 12;

	if (a < 0)
		return -ENOENT;
	if (access != MODEL_R && access != MODEL_W && access != MODEL_X)
		return -EINVAL;
	if (model_lookup(s, n, v, out))
		return -EFAULT;
	if (!(out->rights & access))
		return -EACCES;
	if (out->reserved)
		return 0;
	e = m_get(s, a, v);
	e->status |= access;
	out->status = e->status;
	return 0;
}
