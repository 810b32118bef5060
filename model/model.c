// SPDX-License-Identifier: GPL-2.0
/*
 * The reference model: section 3.2 of the paper, one C function per
 * definition, each under the paper's formula, and the page steps of the
 * extensions (docs/extensions.md 2, 3, 6), each under the spec's words.
 * Notation of the comments: s n v is the entry of page v in space n (None
 * when unmapped); s |- m (m valid) and s |- m ~>* m' / ~>+ (m leads to m'
 * in zero / one or more steps, a step going from Virtual n v to s n v).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model_impl.h"

/* Names of the spaces are looked up literally: the index is the name. */
int m_find(const struct model *s, const char *name)
{
	int i;

	for (i = 0; i < MODEL_SPACES; i++)
		if (s->spaces[i].used && !strcmp(s->spaces[i].name, name))
			return i;
	return -1;
}

/* s n v: the entry, or NULL for None. */
struct model_entry *m_get(const struct model *s, int n, uint32_t v)
{
	const struct model_space *sp;
	struct model_entry *e;

	if (n < 0 || n >= MODEL_SPACES || !s->spaces[n].used || v >> 20)
		return NULL;
	sp = &s->spaces[n];
	if (!sp->chunk[v >> MODEL_CHUNK_BITS])
		return NULL;
	e = &sp->chunk[v >> MODEL_CHUNK_BITS][v & (MODEL_CHUNK_LEN - 1)];
	return e->mapped ? e : NULL;
}

static struct model_entry *ref_get(const struct model *s, struct model_ref r)
{
	return r.n < 0 ? NULL : m_get(s, r.n, r.v);
}

static struct model_ref ref(int n, uint32_t v)
{
	struct model_ref r = { n, v };

	return r;
}

static const struct model_ref no_ref = { -1, 0 };

/* Take n,v off the child list of the page its m names (if mapped). */
static void unlink_child(struct model *s, int n, uint32_t v,
			 struct model_m m)
{
	struct model_entry *parent = m.real ? NULL : m_get(s, m.n, m.v);
	struct model_ref *link;

	if (!parent)
		return;
	for (link = &parent->child; link->n >= 0;
	     link = &ref_get(s, *link)->sibling) {
		if (link->n == n && link->v == v) {
			*link = m_get(s, n, v)->sibling;
			return;
		}
	}
}

/* Put n,v on the child list of the page its m names (if mapped). */
static void link_child(struct model *s, int n, uint32_t v, struct model_m m)
{
	struct model_entry *parent = m.real ? NULL : m_get(s, m.n, m.v);
	struct model_entry *e = m_get(s, n, v);

	if (!parent)
		return;
	e->sibling = parent->child;
	parent->child = ref(n, v);
}

void model_begin_op(struct model *s)
{
	s->op_serial++;
	s->removed = 0;
}

/* (n,v <- None) s */
void m_set_none(struct model *s, int n, uint32_t v)
{
	struct model_space *sp = &s->spaces[n];
	struct model_entry *e = m_get(s, n, v);

	if (!e)
		return;
	/*
	 * Count what the state held before this page step; a mapping the
	 * step installed and removed again (grant to itself: the checked
	 * update, then the flush of the source) was never visible.
	 */
	if (e->born != s->op_serial)
		s->removed++;
	unlink_child(s, n, v, e->m);
	memset(e, 0, sizeof(*e));
	sp->chunk_len[v >> MODEL_CHUNK_BITS]--;
	sp->len--;
}

/* (n,v <- m) s: a new mapping (no status unless given, no children). */
void m_set(struct model *s, int n, uint32_t v, struct model_m m,
	   uint8_t rights, uint8_t status, bool uncached)
{
	struct model_space *sp = &s->spaces[n];
	struct model_entry *e;
	uint32_t c = v >> MODEL_CHUNK_BITS;

	m_set_none(s, n, v);
	if (!sp->chunk[c]) {
		sp->chunk[c] = calloc(MODEL_CHUNK_LEN, sizeof(*sp->chunk[c]));
		if (!sp->chunk[c])
			abort();	/* a test tool: no partial states */
	}
	e = &sp->chunk[c][v & (MODEL_CHUNK_LEN - 1)];
	e->mapped = true;
	e->m = m;
	e->rights = rights;
	e->status = status;
	e->uncached = uncached;
	e->child = no_ref;
	e->sibling = no_ref;
	e->born = s->op_serial;
	sp->chunk_len[c]++;
	sp->len++;
	link_child(s, n, v, m);
}

struct model_m m_virtual(int n, uint32_t v)
{
	struct model_m m = { .real = false, .n = n, .v = v };

	return m;
}

size_t m_total(const struct model *s)
{
	size_t i, t = 0;

	for (i = 0; i < MODEL_SPACES; i++)
		t += s->spaces[i].used ? s->spaces[i].len : 0;
	return t;
}

bool model_next_mapped(const struct model *s, int k, uint64_t from,
		       uint32_t *v)
{
	const struct model_space *sp = &s->spaces[k];
	uint64_t p;

	for (p = from; p < (1U << 20); ) {
		if (!sp->chunk_len[p >> MODEL_CHUNK_BITS]) {
			p = (p | (MODEL_CHUNK_LEN - 1)) + 1;
			continue;
		}
		if (sp->chunk[p >> MODEL_CHUNK_BITS]
			     [p & (MODEL_CHUNK_LEN - 1)].mapped) {
			*v = p;
			return true;
		}
		p++;
	}
	return false;
}

const struct model_entry *model_entry_at(const struct model *s, int k,
					 uint32_t v)
{
	return m_get(s, k, v);
}

/*
 * s |- m  ==  m = Real r  \/  (m = Virtual n v /\ s n v ~= None)
 */
bool m_valid(const struct model *s, struct model_m m)
{
	return m.real || m_get(s, m.n, m.v);
}

/*
 * s |- m ~>* Virtual n v: m is Virtual n v, or m = Virtual a b and
 * s a b = Some m' with s |- m' ~>* Virtual n v.  The theorem "no loops"
 * bounds the walk by the number of mappings; a longer walk is a loop and
 * counts as "no" (model_theorems reports it).
 */
bool m_leads_to(const struct model *s, struct model_m m, int n, uint32_t v)
{
	size_t steps = m_total(s) + 1;
	const struct model_entry *next;

	while (steps--) {
		if (m.real)
			return false;
		if (m.n == n && m.v == v)
			return true;
		next = m_get(s, m.n, m.v);
		if (!next)
			return false;
		m = next->m;
	}
	return false;
}

/* A list of (space, page): the entries one definition picks. */
struct picked {
	int *n;
	uint32_t *v;
	size_t count;
};

static void picked_free(struct picked *p)
{
	free(p->n);
	free(p->v);
}

/*
 * Every v' of every space n' with s n' v' = Some m and
 * s |- m ~>* Virtual n v: the mappings derived from n,v (what clear n v
 * removes).  Such a path is a chain of direct paths ending in n,v, so the
 * set is what the child lists reach from n,v, found breadth first.  The
 * walk stops after as many entries as there are (a loop would break
 * Theorem 1, which model_theorems reports).
 */
static struct picked derived(const struct model *s, int n, uint32_t v)
{
	const struct model_entry *self = m_get(s, n, v), *e;
	struct picked p = { 0 };
	size_t i, max = m_total(s);
	struct model_ref c;

	if (!self || self->child.n < 0)
		return p;
	p.n = calloc(max + 1, sizeof(*p.n));
	p.v = calloc(max + 1, sizeof(*p.v));
	if (!p.n || !p.v)
		abort();
	for (c = self->child; c.n >= 0 && p.count < max;
	     c = ref_get(s, c)->sibling) {
		p.n[p.count] = c.n;
		p.v[p.count++] = c.v;
	}
	for (i = 0; i < p.count; i++) {
		e = m_get(s, p.n[i], p.v[i]);
		for (c = e->child; c.n >= 0 && p.count < max;
		     c = ref_get(s, c)->sibling) {
			p.n[p.count] = c.n;
			p.v[p.count++] = c.v;
		}
	}
	return p;
}

/* The same set by the definition itself, for model_theorems. */
bool m_derived_literally(const struct model *s, int n, uint32_t v,
			 size_t *count)
{
	struct picked p = derived(s, n, v);
	const struct model_entry *e;
	uint64_t from;
	uint32_t q;
	size_t i, found = 0;
	bool ok = true;
	int k;

	for (k = 0; k < MODEL_SPACES; k++) {
		if (!s->spaces[k].used)
			continue;
		for (from = 0; model_next_mapped(s, k, from, &q);
		     from = (uint64_t)q + 1) {
			e = m_get(s, k, q);
			if (!m_leads_to(s, e->m, n, v))
				continue;
			found++;
			for (i = 0; i < p.count; i++)
				if (p.n[i] == k && p.v[i] == q)
					break;
			ok &= i < p.count;
		}
	}
	*count = found;
	ok &= found == p.count;
	picked_free(&p);
	return ok;
}

/*
 * unmap n v s = (lambda n'. clear n v s (s n')), where
 * clear n v s sigma = (lambda v'. case sigma v' of None => None
 *                        | Some m => if s |- m ~>* Virtual n v then None
 *                                    else Some m)
 * Every space is cleared against the same old s: first mark, then drop.
 */
void m_unmap(struct model *s, int n, uint32_t v)
{
	struct picked doomed = derived(s, n, v);
	size_t i;

	for (i = 0; i < doomed.count; i++)
		m_set_none(s, doomed.n[i], doomed.v[i]);
	picked_free(&doomed);
}

/* flush n v = (n,v <- None) o unmap n v */
void m_flush(struct model *s, int n, uint32_t v)
{
	m_unmap(s, n, v);
	m_set_none(s, n, v);
}

/*
 * The status bits of n,v and of every mapping derived from it, ORed,
 * and cleared (docs/extensions.md 3: X.2 unmap and L4_GetStatus).
 */
uint8_t m_read_status(struct model *s, int n, uint32_t v)
{
	struct picked d = derived(s, n, v);
	struct model_entry *e = m_get(s, n, v);
	uint8_t status = 0;
	size_t i;

	if (e) {
		status |= e->status;
		e->status = 0;
	}
	for (i = 0; i < d.count; i++) {
		e = m_get(s, d.n[i], d.v[i]);
		status |= e->status;
		e->status = 0;
	}
	picked_free(&d);
	return status;
}

/*
 * unmap / flush n v with rights mask (docs/extensions.md 2): every mapping
 * derived from n,v (and, for flush, n,v itself) loses the rights in mask;
 * one that loses r is removed with everything derived from it.  All of
 * them lose the same rights, so with r in the mask they all go: that is
 * the paper's unmap / flush.  Without r they all stay, narrowed.  The
 * status bits are read and cleared first, over n,v and all derived.
 */
uint8_t m_revoke(struct model *s, int n, uint32_t v, uint8_t mask,
		 bool flush)
{
	uint8_t status = m_read_status(s, n, v);
	struct model_entry *e;
	struct picked d;
	size_t i;

	if (mask & MODEL_R) {
		if (flush)
			m_flush(s, n, v);
		else
			m_unmap(s, n, v);
		return status;
	}
	d = derived(s, n, v);
	for (i = 0; i < d.count; i++)
		m_get(s, d.n[i], d.v[i])->rights &= ~mask;
	picked_free(&d);
	e = m_get(s, n, v);
	if (flush && e)
		e->rights &= ~mask;
	return status;
}

/*
 * n,v <= m = (lambda s. let s0 = flush n v s
 *                       in if s0 |- m then (n,v <- m) s0 else s0)
 * The new mapping gets the given rights, status and cached attribute.
 */
static bool checked_update(struct model *s, int n, uint32_t v,
			   struct model_m m, uint8_t rights, uint8_t status,
			   bool uncached)
{
	m_flush(s, n, v);
	if (!m_valid(s, m))
		return false;
	m_set(s, n, v, m, rights, status, uncached);
	return true;
}

/*
 * map n v n' v' s = if not s |- Virtual n v then s
 *                   else (n',v' <= Virtual n v) s
 * The destination's rights are the source's AND mask; it is uncached if
 * asked, else as the source; its status bits start clear.
 */
bool m_map_page(struct model *s, int a, uint32_t v, int b, uint32_t w,
		uint8_t mask, bool uncached)
{
	const struct model_entry *src = m_get(s, a, v);

	if (!src)
		return false;
	s->op_serial++;		/* a page step of its own (model.h) */
	return checked_update(s, b, w, m_virtual(a, v), src->rights & mask,
			      0, uncached || src->uncached);
}

/*
 * grant n v n' v' s = if not s |- Virtual n v then s
 *                     else (flush n v o n',v' <= the (s n v)) s
 * (o is composition: the checked update first, then the flush.)
 * Rights and cached attribute as for map; status bits start clear.
 *
 * keep-subtree (docs/extensions.md 6): the same checked update, but the
 * new mapping keeps the source's status bits, and instead of flush n v
 * the mappings that derived directly from n,v now derive from n',v', the
 * moved subtree loses the rights the mask drops, and n,v <- None.  When
 * the update installs nothing, n,v is gone already (it derived from the
 * flushed destination), and the step is the paper's.  Granting a page
 * to itself removes it, as in the paper.
 *
 * Returns whether the step leaves a new mapping at n',v' (what the
 * operation reports as pages installed): not for a grant to itself,
 * whose flush removes what the update installed.
 */
bool m_grant_page(struct model *s, int a, uint32_t v, int b, uint32_t w,
		  uint8_t mask, bool uncached, bool keep)
{
	const struct model_entry *src = m_get(s, a, v);
	struct model_entry old, *e;
	struct model_ref c;
	struct picked d;
	bool installed;
	size_t k;

	if (!src)
		return false;
	s->op_serial++;		/* a page step of its own (model.h) */
	old = *src;
	installed = checked_update(s, b, w, old.m, old.rights & mask,
				   keep ? old.status : 0,
				   uncached || old.uncached);
	if (!keep) {
		m_flush(s, a, v);
		return installed && m_get(s, b, w);
	}
	if (installed && m_get(s, a, v) && !(a == b && v == w)) {
		/* Every entry Virtual a v becomes Virtual b w. */
		while ((c = m_get(s, a, v)->child).n >= 0) {
			e = m_get(s, c.n, c.v);
			m_get(s, a, v)->child = e->sibling;
			e->m = m_virtual(b, w);
			link_child(s, c.n, c.v, e->m);
		}
		d = derived(s, b, w);
		for (k = 0; k < d.count; k++)
			m_get(s, d.n[k], d.v[k])->rights &= mask;
		picked_free(&d);
	}
	m_set_none(s, a, v);
	return installed && m_get(s, b, w);
}

/* Single-page operations by name: the paper's, with ENOENT and ENXIO. */
int model_map(struct model *s, const char *n, uint32_t v,
	      const char *n2, uint32_t v2)
{
	struct model_map_args a = {
		.src = n, .src_v = v, .src_order = 12, .dst = n2, .dst_v = v2,
		.rights = MODEL_RWX,
	};
	uint32_t pages;

	return model_map_fpage(s, &a, &pages);
}

int model_grant(struct model *s, const char *n, uint32_t v,
		const char *n2, uint32_t v2)
{
	struct model_map_args a = {
		.src = n, .src_v = v, .src_order = 12, .dst = n2, .dst_v = v2,
		.rights = MODEL_RWX,
	};
	uint32_t pages;

	return model_grant_fpage(s, &a, &pages);
}

int model_unmap(struct model *s, const char *n, uint32_t v)
{
	uint8_t status;

	return model_unmap_fpage(s, n, v, 12, MODEL_RWX, &status);
}

int model_flush(struct model *s, const char *n, uint32_t v)
{
	uint8_t status;

	return model_flush_fpage(s, n, v, 12, MODEL_RWX, &status);
}
