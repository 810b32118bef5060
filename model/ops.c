// SPDX-License-Identifier: GPL-2.0
/*
 * The op generator.  Uniformly random operations on a large address space
 * almost never interact, so pages and spaces come from small pools and a
 * share of the ops is aimed on purpose at: long derivation chains (the
 * source is the previous destination), grants back into an ancestor of
 * the source (the paper's counterexample), self maps and grants, flushes
 * of sigma0's pages, maps into sigma0, and spaces that do not exist.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "ops.h"

const char *const op_names[OP_NNAMES] = {
	"sigma0", "A", "B", "C", "D", "nosuch"
};

/* Pages: sigma0's first few, a second level-0 table, the last page. */
static const uint32_t pool_vpn[] = {
	0, 1, 2, 3, 4, 5, 6, 7, 0x100, 0x101, 0xfffff
};

#define POOL	(sizeof(pool_vpn) / sizeof(pool_vpn[0]))

void op_rng_seed(struct op_rng *r, uint64_t seed)
{
	r->s = seed * 0x9e3779b97f4a7c15ULL + 0x2545f4914f6cdd1dULL;
	if (!r->s)
		r->s = 1;
}

uint32_t op_rng_below(struct op_rng *r, uint32_t n)
{
	r->s ^= r->s << 13;
	r->s ^= r->s >> 7;
	r->s ^= r->s << 17;
	return (uint32_t)((r->s >> 11) % n);
}

static int name_index(const char *name)
{
	int i;

	for (i = 0; i < OP_NNAMES; i++)
		if (!strcmp(op_names[i], name))
			return i;
	return -1;
}

/* Pick a mapped page (of any generator-named space), if there is one. */
static bool pick_mapped(struct op_rng *r, const struct model *s,
			uint8_t *n, uint32_t *v)
{
	const struct model_space *sp;
	uint32_t total = 0, k;
	int i, idx;

	for (i = 0; i < MODEL_SPACES; i++)
		if (s->spaces[i].used)
			total += s->spaces[i].len;
	if (!total)
		return false;
	k = op_rng_below(r, total);
	for (i = 0; i < MODEL_SPACES; i++) {
		sp = &s->spaces[i];
		if (!sp->used)
			continue;
		if (k < sp->len) {
			idx = name_index(sp->name);
			if (idx < 0)
				return false;
			*n = idx;
			*v = sp->map[k].v;
			return true;
		}
		k -= sp->len;
	}
	return false;
}

static uint32_t pick_vpn(struct op_rng *r, uint32_t sigma0_pages)
{
	/* Mostly the pool; sometimes any page sigma0 has. */
	if (sigma0_pages && !op_rng_below(r, 8))
		return op_rng_below(r, sigma0_pages);
	return pool_vpn[op_rng_below(r, POOL)];
}

/* An ancestor of n,v (one to three steps up), if it has one. */
static bool pick_ancestor(struct op_rng *r, const struct model *s,
			  uint8_t n, uint32_t v, uint8_t *an, uint32_t *av)
{
	struct model_lookup lk;
	unsigned int up = 1 + op_rng_below(r, 3), i;
	int idx;

	for (i = 0; i < up; i++) {
		if (model_lookup(s, op_names[n], v, &lk) || lk.m.real)
			return i > 0;
		idx = name_index(s->spaces[lk.m.n].name);
		if (idx < 0)
			return i > 0;
		n = idx;
		v = lk.m.v;
		*an = n;
		*av = v;
	}
	return true;
}

struct op op_generate(struct op_rng *r, const struct model *s,
		      uint32_t sigma0_pages, int *last_n, uint32_t *last_v)
{
	struct op op = { 0 };
	uint32_t roll = op_rng_below(r, 100);

	op.n = op_rng_below(r, OP_NNAMES);
	op.v = pick_vpn(r, sigma0_pages);
	op.n2 = 1 + op_rng_below(r, OP_NNAMES - 1);
	op.v2 = pick_vpn(r, sigma0_pages);

	if (roll < 6) {
		op.kind = OP_CREATE;
		op.n = 1 + op_rng_below(r, OP_NNAMES - 2);
		return op;
	}
	if (roll < 9) {
		op.kind = roll < 8 ? OP_DESTROY : OP_CREATE;
		if (op.kind == OP_CREATE)
			op.n = 0;	/* recreate sigma0 (empty) */
		return op;
	}
	if (roll < 21) {
		op.kind = roll < 15 ? OP_UNMAP : OP_FLUSH;
		if (!op_rng_below(r, 4))
			op.n = 0;		/* sigma0's pages */
		else
			pick_mapped(r, s, &op.n, &op.v);
		return op;
	}
	if (roll < 30) {
		op.kind = OP_LOOKUP;
		pick_mapped(r, s, &op.n, &op.v);
		return op;
	}
	op.kind = roll < 72 ? OP_MAP : OP_GRANT;
	/* Source: deep chains from the last destination, else any page. */
	if (*last_n >= 0 && op_rng_below(r, 100) < 40) {
		op.n = *last_n;
		op.v = *last_v;
	} else if (op_rng_below(r, 100) < 85) {
		pick_mapped(r, s, &op.n, &op.v);
	}
	roll = op_rng_below(r, 100);
	if (roll < 6) {
		op.n2 = op.n;		/* onto itself */
		op.v2 = op.v;
	} else if (roll < 22) {
		pick_ancestor(r, s, op.n, op.v, &op.n2, &op.v2);
	} else if (roll < 30) {
		op.n2 = 0;		/* into sigma0 */
	} else if (roll < 45) {
		pick_mapped(r, s, &op.n2, &op.v2);	/* overwrite */
	}
	*last_n = op.n2;
	*last_v = op.v2;
	return op;
}

int op_apply_model(struct model *s, const struct op *op,
		   struct model_lookup *lk)
{
	const char *n = op_names[op->n], *n2 = op_names[op->n2];

	switch (op->kind) {
	case OP_CREATE:
		return model_create(s, n);
	case OP_DESTROY:
		return model_destroy(s, n);
	case OP_MAP:
		return model_map(s, n, op->v, n2, op->v2);
	case OP_GRANT:
		return model_grant(s, n, op->v, n2, op->v2);
	case OP_UNMAP:
		return model_unmap(s, n, op->v);
	case OP_FLUSH:
		return model_flush(s, n, op->v);
	default:
		return model_lookup(s, n, op->v, lk);
	}
}

int op_format(const struct op *op, char *buf, size_t len)
{
	static const char *const verb[OP_NKINDS] = {
		"create", "destroy", "map", "grant", "unmap", "flush", "lookup"
	};
	const char *n = op_names[op->n], *n2 = op_names[op->n2];

	switch (op->kind) {
	case OP_CREATE:
	case OP_DESTROY:
		return snprintf(buf, len, "%s %s", verb[op->kind], n);
	case OP_MAP:
	case OP_GRANT:
		return snprintf(buf, len, "%s %s 0x%x %s 0x%x", verb[op->kind],
				n, op->v << 12, n2, op->v2 << 12);
	default:
		return snprintf(buf, len, "%s %s 0x%x", verb[op->kind], n,
				op->v << 12);
	}
}

size_t op_decode(const uint8_t *p, size_t len, struct op *op)
{
	if (len < 6)
		return 0;
	op->kind = p[0] % OP_NKINDS;
	op->n = (p[1] & 0x0f) % OP_NNAMES;
	op->n2 = (p[1] >> 4) % OP_NNAMES;
	/* Mostly the pool; a high bit selects a raw page number. */
	op->v = p[2] & 0x80 ? ((uint32_t)p[2] << 12 | p[3] << 4) & 0xfffff :
		pool_vpn[p[2] % POOL];
	op->v2 = p[4] & 0x80 ? ((uint32_t)p[4] << 12 | p[5] << 4) & 0xfffff :
		 pool_vpn[p[4] % POOL];
	return 6;
}
