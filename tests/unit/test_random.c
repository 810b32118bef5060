// SPDX-License-Identifier: GPL-2.0
/*
 * Randomised differential test: the core against a naive model of
 * section 3 of the paper written literally (plain arrays of M entries,
 * paths followed step by step), compared after every operation, with
 * l4mm_state_check after every operation and random allocation failures
 * injected into some operations.
 */
#include "unit.h"
#include "tests.h"

#define NS	6	/* space slots; slot 0 is "sigma0" */
#define NV	14	/* addresses in the pool */
#define SIGMA0_PAGES 6	/* pool[0..5] are sigma0's pages */
#define NONE	0
#define VIRT	1
#define EPISODE_OPS 200
#define REAL	2

static const u32 pool[NV] = {
	0x0, 0x1000, 0x2000, 0x3000, 0x4000, 0x5000,
	0x100000, 0x101000, 0x1ff000, 0x7ff00000, 0x80000000,
	0xfff00000, 0xffffe000, 0xfffff000,
};

struct ment {
	u8 kind;
	u8 n, v;	/* VIRT */
	u32 r;		/* REAL */
};

struct model {
	bool exists[NS];
	u32 id[NS];
	struct ment m[NS][NV];
};

static const char *slot_name[NS] = { "sigma0", "s1", "s2", "s3", "s4", "s5" };

static bool m_valid(const struct model *s, struct ment m)
{
	if (m.kind == REAL)
		return true;
	return m.kind == VIRT && s->exists[m.n] && s->m[m.n][m.v].kind;
}

/* s |- m ~>* Virtual n v, following the paths literally. */
static bool m_leads_to(const struct model *s, struct ment m, int n, int v)
{
	int steps;

	for (steps = 0; steps <= NS * NV; steps++) {
		if (m.kind != VIRT)
			return false;
		if (m.n == n && m.v == v)
			return true;
		if (!s->exists[m.n])
			return false;
		m = s->m[m.n][m.v];
	}
	unit_fail(__FILE__, __LINE__, "model: loop in the paths");
	return false;
}

static u32 m_unmap(struct model *s, int n, int v)
{
	struct model s0 = *s;
	u32 removed = 0;
	int a, b;

	for (a = 0; a < NS; a++) {
		if (!s0.exists[a])
			continue;
		for (b = 0; b < NV; b++) {
			struct ment m = s0.m[a][b];

			/* clear: m leads to n,v, but n,v itself stays */
			if (m.kind && !(a == n && b == v) &&
			    m_leads_to(&s0, m, n, v)) {
				s->m[a][b].kind = NONE;
				removed++;
			}
		}
	}
	return removed;
}

static u32 m_flush(struct model *s, int n, int v)
{
	u32 removed = m_unmap(s, n, v);

	if (s->m[n][v].kind) {
		s->m[n][v].kind = NONE;
		removed++;
	}
	return removed;
}

/* n,v <= m; returns whether m went in. */
static bool m_update(struct model *s, int n, int v, struct ment m,
		     u32 *removed)
{
	*removed += m_flush(s, n, v);
	if (!m_valid(s, m))
		return false;
	s->m[n][v] = m;
	return true;
}

static int m_map(struct model *s, int n, int v, int n2, int v2,
		 struct l4mm_op_result *res)
{
	struct ment src = { VIRT, n, v, 0 };

	res->removed = 0;
	res->installed = false;
	if (!m_valid(s, src))
		return -ENXIO;
	res->installed = m_update(s, n2, v2, src, &res->removed);
	return 0;
}

static int m_grant(struct model *s, int n, int v, int n2, int v2,
		   struct l4mm_op_result *res)
{
	struct ment src = { VIRT, n, v, 0 };
	struct ment m;

	res->removed = 0;
	res->installed = false;
	if (!m_valid(s, src))
		return -ENXIO;
	m = s->m[n][v];
	res->installed = m_update(s, n2, v2, m, &res->removed);
	res->removed += m_flush(s, n, v);
	/*
	 * Grant to itself installs m and flushes it again at once; the core
	 * reports the net effect: nothing installed, the install's removal
	 * not counted.
	 */
	if (n == n2 && v == v2 && res->installed) {
		res->installed = false;
		res->removed--;
	}
	return 0;
}

/* Translation: frame, depth and direct source of n,v (or -1). */
static long m_lookup(const struct model *s, int n, int v, u32 *depth,
		     struct ment *src)
{
	struct ment m = s->m[n][v];
	u32 d = 0;

	if (!m.kind)
		return -1;
	*src = m;
	while (m.kind == VIRT) {
		if (d > NS * NV)
			return -2;
		m = s->m[m.n][m.v];
		d++;
	}
	if (m.kind != REAL)
		return -2;	/* dangling: a model bug */
	*depth = d;
	return m.r;
}

static u32 m_lowest_id(const struct model *s)
{
	u32 id;
	int a;
	bool used;

	for (id = 0;; id++) {
		used = false;
		for (a = 0; a < NS; a++)
			if (s->exists[a] && s->id[a] == id)
				used = true;
		if (!used)
			return id;
	}
}

static int slot_of(const struct l4mm_space *sp)
{
	int a;

	for (a = 0; a < NS; a++)
		if (!strcmp(l4mm_space_name(sp), slot_name[a]))
			return a;
	return -1;
}

/* Compare everything observable; returns false on the first mismatch. */
static bool compare(struct l4mm_state *st, const struct model *s,
		    unsigned long step)
{
	struct l4mm_mapping_info mi;
	struct l4mm_space *sp;
	struct ment src;
	u32 depth, pages;
	char msg[256];
	long fr;
	int a, b, err;

	for (a = 0; a < NS; a++) {
		sp = l4mm_space_find(st, slot_name[a]);
		if (!!sp != s->exists[a]) {
			unit_fail(__FILE__, __LINE__, "step %lu: space %s exists %d, model %d",
				  step, slot_name[a], !!sp, s->exists[a]);
			return false;
		}
		if (!sp)
			continue;
		if (l4mm_space_id(sp) != s->id[a]) {
			unit_fail(__FILE__, __LINE__, "step %lu: space %s id %u, model %u",
				  step, slot_name[a], l4mm_space_id(sp),
				  s->id[a]);
			return false;
		}
		pages = 0;
		for (b = 0; b < NV; b++) {
			err = l4mm_lookup(st, sp, pool[b], &mi);
			fr = m_lookup(s, a, b, &depth, &src);
			if (fr == -2) {
				unit_fail(__FILE__, __LINE__, "step %lu: model dangling at %s 0x%x",
					  step, slot_name[a], pool[b]);
				return false;
			}
			if ((err == 0) != (fr >= 0) ||
			    (!err && (mi.frame != fr || mi.depth != depth ||
				      mi.is_real != (src.kind == REAL) ||
				      (src.kind == VIRT &&
				       (!mi.src || slot_of(mi.src) != src.n ||
					mi.src_vaddr != pool[src.v]))))) {
				unit_fail(__FILE__, __LINE__, "step %lu: %s 0x%08x: core err %d frame %u depth %u real %d src %s:0x%x; model frame %ld depth %u kind %d src %s:0x%x",
					  step, slot_name[a], pool[b], err,
					  err ? 0 : mi.frame,
					  err ? 0 : mi.depth,
					  err ? 0 : mi.is_real,
					  !err && mi.src ?
					  l4mm_space_name(mi.src) : "-",
					  err ? 0 : mi.src_vaddr, fr, depth,
					  src.kind, src.kind == VIRT ?
					  slot_name[src.n] : "-",
					  src.kind == VIRT ? pool[src.v] : 0);
				return false;
			}
			if (!err)
				pages++;
		}
		/* Nothing mapped outside the pool. */
		if (l4mm_space_pages(sp) != pages) {
			unit_fail(__FILE__, __LINE__, "step %lu: %s has %u pages, model %u",
				  step, slot_name[a], l4mm_space_pages(sp),
				  pages);
			return false;
		}
	}
	if (l4mm_state_check(st, msg, sizeof(msg))) {
		unit_fail(__FILE__, __LINE__, "step %lu: state_check: %s",
			  step, msg);
		return false;
	}
	return true;
}

/* How often the interesting cases came up, to keep the test honest. */
static unsigned long cov_into_chain, cov_self, cov_root_grant, cov_deep;

/* Whether n2,v2 is n,v or on its chain (an ancestor), in the model. */
static bool m_on_chain(const struct model *s, int n, int v, int n2, int v2)
{
	struct ment m = { VIRT, n, v, 0 };

	return m_leads_to(s, m, n2, v2);
}

static void coverage(const struct model *s, int n, int v, int n2, int v2,
		     bool grant)
{
	u32 depth;
	struct ment src;

	if (!s->exists[n] || !s->m[n][v].kind)
		return;
	if (n == n2 && v == v2)
		cov_self++;
	else if (m_on_chain(s, n, v, n2, v2))
		cov_into_chain++;
	if (grant && s->m[n][v].kind == REAL)
		cov_root_grant++;
	if (m_lookup(s, n, v, &depth, &src) >= 0 && depth >= 3)
		cov_deep++;
}

static u64 rng;

static u32 rnd(u32 n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (u32)((rng >> 11) % n);
}

/* A mapped (slot, page) most of the time, so map/grant mostly succeed. */
static void pick_one(const struct model *s, int *n, int *v)
{
	int tries;

	for (tries = 0; tries < 40; tries++) {
		*n = rnd(NS);
		*v = rnd(NV);
		if (s->exists[*n] && (s->m[*n][*v].kind || rnd(8) == 0))
			return;
	}
}

static u32 m_depth(const struct model *s, int n, int v)
{
	struct ment src;
	u32 depth = 0;

	if (!s->exists[n] || m_lookup(s, n, v, &depth, &src) < 0)
		return 0;
	return depth;
}

/*
 * A mapped (slot, page) most of the time, so map/grant mostly succeed;
 * half the time the deepest of three, so that long chains build up.
 */
static void pick_src(const struct model *s, int *n, int *v)
{
	int i, n2, v2;

	pick_one(s, n, v);
	if (rnd(2))
		return;
	for (i = 0; i < 2; i++) {
		pick_one(s, &n2, &v2);
		if (m_depth(s, n2, v2) > m_depth(s, *n, *v)) {
			*n = n2;
			*v = v2;
		}
	}
}

static void pick_existing(const struct model *s, int *n)
{
	int tries;

	for (tries = 0; tries < 40; tries++) {
		*n = rnd(NS);
		if (s->exists[*n])
			return;
	}
}

/* Often a mapped page (so related to the source now and then). */
static void pick_dst(const struct model *s, int *n, int *v)
{
	if (rnd(3) == 0) {
		pick_src(s, n, v);
		return;
	}
	pick_existing(s, n);
	*v = rnd(NV);
}

/* Now and then the source's own parent: the map/grant corner cases. */
static void pick_parent(const struct model *s, int n, int v, int *n2,
			int *v2)
{
	if (rnd(8) == 0 && s->exists[n] && s->m[n][v].kind == VIRT) {
		*n2 = s->m[n][v].n;
		*v2 = s->m[n][v].v;
	}
}

static unsigned long run_episode(unsigned long nops, unsigned long *nomem)
{
	struct l4mm_op_result res, mres;
	struct model s, saved;
	struct l4mm_state *st = mkstate(SIGMA0_PAGES);
	unsigned long step = 0;
	int op, n, v, n2, v2, err, merr, i;
	bool inject;

	memset(&s, 0, sizeof(s));
	s.exists[0] = true;
	s.id[0] = 0;
	for (i = 0; i < SIGMA0_PAGES; i++)
		s.m[0][i] = (struct ment){ REAL, 0, 0, (u32)i };
	for (i = 1; i < 4; i++) {
		mkspace(st, slot_name[i]);
		s.id[i] = m_lowest_id(&s);
		s.exists[i] = true;
	}
	if (!compare(st, &s, 0))
		goto out;

	for (step = 1; step <= nops; step++) {
		op = rnd(100);
		inject = rnd(10) == 0;
		saved = s;
		memset(&res, 0, sizeof(res));
		memset(&mres, 0, sizeof(mres));
		if (inject)
			l4mm_shim_fail_nth = 1 + rnd(3);
		if (op < 50) {
			pick_src(&s, &n, &v);
			pick_dst(&s, &n2, &v2);
			pick_parent(&s, n, v, &n2, &v2);
			if (!s.exists[n] || !s.exists[n2]) {
				l4mm_shim_fail_nth = 0;
				continue;
			}
			coverage(&s, n, v, n2, v2, false);
			err = l4mm_map(st, S(st, slot_name[n]), pool[v],
				       S(st, slot_name[n2]), pool[v2], &res);
			merr = m_map(&s, n, v, n2, v2, &mres);
		} else if (op < 65) {
			pick_src(&s, &n, &v);
			pick_dst(&s, &n2, &v2);
			pick_parent(&s, n, v, &n2, &v2);
			if (!s.exists[n] || !s.exists[n2]) {
				l4mm_shim_fail_nth = 0;
				continue;
			}
			coverage(&s, n, v, n2, v2, true);
			err = l4mm_grant(st, S(st, slot_name[n]), pool[v],
					 S(st, slot_name[n2]), pool[v2], &res);
			merr = m_grant(&s, n, v, n2, v2, &mres);
		} else if (op < 73) {
			pick_src(&s, &n, &v);
			if (!s.exists[n]) {
				l4mm_shim_fail_nth = 0;
				continue;
			}
			err = l4mm_unmap(st, S(st, slot_name[n]), pool[v],
					 &res);
			mres.removed = m_unmap(&s, n, v);
			merr = 0;
		} else if (op < 85) {
			pick_src(&s, &n, &v);
			if (!s.exists[n]) {
				l4mm_shim_fail_nth = 0;
				continue;
			}
			err = l4mm_flush(st, S(st, slot_name[n]), pool[v],
					 &res);
			mres.removed = m_flush(&s, n, v);
			merr = 0;
		} else if (op < 96) {
			n = rnd(NS);
			err = l4mm_space_create(st, slot_name[n], NULL);
			if (s.exists[n]) {
				merr = -EEXIST;
			} else {
				merr = 0;
				s.id[n] = m_lowest_id(&s);
				s.exists[n] = true;
				memset(s.m[n], 0, sizeof(s.m[n]));
			}
		} else {
			n = rnd(NS);
			if (!s.exists[n]) {
				l4mm_shim_fail_nth = 0;
				continue;
			}
			err = l4mm_space_destroy(st, S(st, slot_name[n]),
						 &res);
			mres.removed = 0;
			if (!strcmp(slot_name[n], "sigma0")) {
				merr = -EPERM;	/* the initial space stays */
			} else {
				for (v = 0; v < NV; v++)
					mres.removed += m_flush(&s, n, v);
				s.exists[n] = false;
				merr = 0;
			}
		}
		l4mm_shim_fail_nth = 0;
		if (err == -ENOMEM && inject) {
			s = saved;	/* the core must not have changed */
			(*nomem)++;
		} else if (err != merr ||
			   (!err && (res.removed != mres.removed ||
				     res.installed != mres.installed))) {
			unit_fail(__FILE__, __LINE__, "rng %llx step %lu op %d: core %d removed %u installed %d, model %d removed %u installed %d",
				  rng, step, op, err, res.removed,
				  res.installed, merr, mres.removed,
				  mres.installed);
			break;
		}
		if (!compare(st, &s, step))
			break;
	}
out:
	l4mm_state_destroy(st);
	return step > nops ? nops : step;
}

TEST(test_random_vs_model)
{
	unsigned long nomem = 0, ops = 0, done;
	u64 seed;
	int i;

	/*
	 * Frames only enter through sigma0, so a long run drains the state:
	 * run short episodes from fresh states instead.
	 */
	for (seed = 1; seed <= 6; seed++) {
		rng = seed * 0x9e3779b97f4a7c15ULL + 1;
		for (i = 0; i < 25; i++) {
			done = run_episode(EPISODE_OPS, &nomem);
			ops += done;
			if (done < EPISODE_OPS)
				break;
		}
	}
	printf("# %lu random ops, %lu injected allocation failures\n",
	       ops, nomem);
	printf("# map/grant: %lu into own chain, %lu to itself, %lu root grants, %lu at depth >= 3\n",
	       cov_into_chain, cov_self, cov_root_grant, cov_deep);
	CHECK(nomem > 50);
	CHECK(cov_into_chain > 50);
	CHECK(cov_self > 20);
	CHECK(cov_root_grant > 50);
	CHECK(cov_deep > 50);
}
