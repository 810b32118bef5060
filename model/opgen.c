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

#include "opgen.h"

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
	uint32_t total = 0, k, c;
	uint64_t from;
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
		if (k >= sp->len) {
			k -= sp->len;
			continue;
		}
		idx = name_index(sp->name);
		if (idx < 0)
			return false;
		/* The k-th mapped page of the space, in address order. */
		for (c = 0; k >= sp->chunk_len[c]; c++)
			k -= sp->chunk_len[c];
		for (from = (uint64_t)c << MODEL_CHUNK_BITS;
		     model_next_mapped(s, i, from, v) && k; k--)
			from = (uint64_t)*v + 1;
		*n = idx;
		return true;
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
		if (model_lookup(s, op_names[n], v, &lk) || lk.m.real ||
		    lk.reserved)
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

/*
 * The extensions' pools: fpage bases at and around 64 KiB, 1 MiB and
 * 16 MiB boundaries (the superpage sizes of docs/extensions.md 8), inside
 * and beyond sigma0, and the last pages of the address space.
 */
static const uint32_t ext_pool[] = {
	0, 1, 7, 0x10, 0x1f, 0xf0, 0xff, 0x100, 0x101, 0x110, 0x1f0, 0x1ff,
	0x200, 0x300, 0x400, 0xfff, 0x1000, 0x1100, 0x10000, 0x80000, 0xfff00,
	0xfffff
};

#define EXT_POOL	(sizeof(ext_pool) / sizeof(ext_pool[0]))

/* Send bases: 0, page and superpage offsets, a high one. */
static const uint32_t base_pool[] = {
	0, 0x1000, 0x10000, 0x30000, 0x100000, 0x7f000, 0xfffff000, 0x12345678
};

#define BASE_POOL	(sizeof(base_pool) / sizeof(base_pool[0]))

static uint32_t align_down(uint32_t v, uint8_t order)
{
	return order >= 32 ? 0 : v & ~((1U << (order - 12)) - 1);
}

/*
 * Orders: mostly one page, 64 KiB and 1 MiB (the superpage sizes), some
 * in between and a few up to 16 MiB; huge: unmap/flush/status may take
 * the whole address space.
 */
static uint8_t pick_order(struct op_rng *r, bool huge)
{
	uint32_t roll = op_rng_below(r, 100);

	if (roll < 40)
		return 12;
	if (roll < 48)
		return 13 + op_rng_below(r, 3);
	if (roll < 62)
		return 16;
	if (roll < 70)
		return 17 + op_rng_below(r, 3);
	if (roll < 86)
		return 20;
	if (roll < 95)
		return 21 + op_rng_below(r, 3);
	if (roll < 98)
		return 24;
	return huge ? 32 : 20;
}

static uint32_t pick_ext_page(struct op_rng *r, uint32_t sigma0_pages)
{
	if (sigma0_pages && !op_rng_below(r, 5))
		return op_rng_below(r, sigma0_pages);
	return ext_pool[op_rng_below(r, EXT_POOL)];
}

/* A KIP or UTCB page of some generator-named space, if there is one. */
static bool pick_reserved(struct op_rng *r, const struct model *s,
			  uint8_t *n, uint32_t *v)
{
	const struct model_space *sp;
	int i, idx, start = op_rng_below(r, MODEL_SPACES);

	for (i = 0; i < MODEL_SPACES; i++) {
		sp = &s->spaces[(start + i) % MODEL_SPACES];
		idx = sp->used ? name_index(sp->name) : -1;
		if (idx < 0 || (!sp->kip && !sp->utcb_order))
			continue;
		*n = idx;
		if (sp->kip && (!sp->utcb_order || op_rng_below(r, 2)))
			*v = sp->kip_v;
		else
			*v = sp->utcb_v + op_rng_below(r, 1U << (sp->utcb_order - 12));
		return true;
	}
	return false;
}

/*
 * A mapping with status bits set (some access hit it), or one of its
 * ancestors: where unmap, flush, status and grant have bits to find.
 */
static bool pick_accessed(struct op_rng *r, const struct model *s,
			  uint8_t *n, uint32_t *v)
{
	const struct model_entry *e;
	uint32_t count = 0, k = 0, p;
	uint64_t from;
	int i, idx, pass;

	for (pass = 0; pass < 2; pass++) {
		if (pass)
			k = op_rng_below(r, count);
		for (i = 0; i < MODEL_SPACES; i++) {
			idx = s->spaces[i].used ? name_index(s->spaces[i].name) :
			      -1;
			if (idx < 0)
				continue;
			for (from = 0; model_next_mapped(s, i, from, &p);
			     from = (uint64_t)p + 1) {
				e = model_entry_at(s, i, p);
				if (!e->status)
					continue;
				if (pass && !k--) {
					*n = idx;
					*v = p;
					if (op_rng_below(r, 2))
						pick_ancestor(r, s, *n, *v, n, v);
					return true;
				}
				count += !pass;
			}
		}
		if (!count)
			return false;
	}
	return false;
}

static bool op_space_exists(const struct model *s, int n)
{
	int i;

	for (i = 0; i < MODEL_SPACES; i++)
		if (s->spaces[i].used && !strcmp(s->spaces[i].name,
						 op_names[n]))
			return true;
	return false;
}

static uint8_t pick_map_rights(struct op_rng *r)
{
	static const uint8_t masks[] = {
		MODEL_R, MODEL_R | MODEL_X, MODEL_R | MODEL_W, MODEL_RWX,
		MODEL_W		/* without r: EINVAL */
	};
	uint32_t roll = op_rng_below(r, 100);

	if (roll < 55)
		return 0;
	return masks[roll < 98 ? op_rng_below(r, 4) : 4];
}

static uint8_t pick_revoke_rights(struct op_rng *r)
{
	static const uint8_t masks[] = {
		MODEL_W, MODEL_X, MODEL_W | MODEL_X, MODEL_R, MODEL_RWX
	};

	if (op_rng_below(r, 100) < 50)
		return 0;
	return masks[op_rng_below(r, 5)];
}

/* How the op is written: +SIZE, /12, r-x; none changes its meaning. */
static uint8_t pick_format(struct op_rng *r)
{
	uint8_t f = 0;

	if (!op_rng_below(r, 4))
		f |= OPF_PLUS;
	else if (!op_rng_below(r, 8))
		f |= OPF_SLASH;
	if (op_rng_below(r, 2))
		f |= OPF_DASH;
	if (!op_rng_below(r, 10))
		f |= OPF_BASE;
	return f;
}

static struct op gen_ext(struct op_rng *r, const struct model *s,
			 uint32_t sigma0_pages, int *last_n, uint32_t *last_v)
{
	struct op op = { 0 };
	uint32_t roll = op_rng_below(r, 100);
	uint8_t ro;
	int i;

	op.n = op_rng_below(r, OP_NNAMES);
	op.v = pick_ext_page(r, sigma0_pages);
	/* Destinations: A..D, rarely the missing name. */
	op.n2 = op_rng_below(r, 30) ? 1 + op_rng_below(r, OP_NNAMES - 2) :
		OP_NNAMES - 1;
	op.v2 = pick_ext_page(r, sigma0_pages);
	op.flags = pick_format(r);

	if (roll < 7) {
		op.kind = OP_CREATE;
		op.n = 1 + op_rng_below(r, OP_NNAMES - 2);
		/* A missing name if there is one: EEXIST now and then. */
		for (i = 0; i < OP_NNAMES - 2 && op_space_exists(s, op.n) &&
		     op_rng_below(r, 8); i++)
			op.n = 1 + (op.n % (OP_NNAMES - 2));
		if (op_rng_below(r, 10) < 6)
			return op;
		/* Reserved regions where the maps go. */
		if (op_rng_below(r, 10) < 6)
			op.flags |= OPF_KIP;
		if (op_rng_below(r, 10) < 6) {
			op.order2 = op_rng_below(r, 20) ? 12 + op_rng_below(r, 5) :
				    28;		/* more than the window */
			op.v2 = align_down(op.v2, op.order2);
		}
		return op;
	}
	if (roll < 10) {
		op.kind = roll < 9 ? OP_DESTROY : OP_CREATE;
		/* sigma0 rarely: without it most ops have nothing to do. */
		if (op.kind == OP_DESTROY && op_rng_below(r, 10))
			op.n = 1 + op_rng_below(r, OP_NNAMES - 2);
		if (op.kind == OP_CREATE)
			op.n = 0;	/* recreate sigma0 (empty) */
		return op;
	}
	if (roll < 11) {
		op.kind = OP_CONFIG;
		op.mode = 1 + op_rng_below(r, 2);
		return op;
	}
	if (roll < 29) {
		op.kind = roll < 19 ? OP_UNMAP : roll < 25 ? OP_FLUSH : OP_STATUS;
		roll = op_rng_below(r, 100);
		if (roll < 10)
			op.n = 0;		/* sigma0's pages */
		else if (roll < 45 && pick_accessed(r, s, &op.n, &op.v))
			;			/* status bits to collect */
		else if (roll < 53 && pick_reserved(r, s, &op.n, &op.v))
			;			/* EPERM */
		else
			pick_mapped(r, s, &op.n, &op.v);
		op.order = pick_order(r, true);
		/* Large revocations of sigma0 leave nothing to map: few. */
		if (op.n == 0 && op.order > 16 && op_rng_below(r, 8))
			op.order = 12 + op_rng_below(r, 5);
		op.v = align_down(op.v, op.order);
		if (op.kind != OP_STATUS)
			op.rights = pick_revoke_rights(r);
		return op;
	}
	if (roll < 38) {
		op.kind = OP_ACCESS;
		if (op_rng_below(r, 10) || !pick_reserved(r, s, &op.n, &op.v))
			pick_mapped(r, s, &op.n, &op.v);
		op.off = op_rng_below(r, 4096);
		op.access = 1U << op_rng_below(r, 3);
		return op;
	}
	if (roll < 43) {
		op.kind = OP_LOOKUP;
		if (op_rng_below(r, 8) || !pick_reserved(r, s, &op.n, &op.v))
			pick_mapped(r, s, &op.n, &op.v);
		return op;
	}
	op.kind = roll < 75 ? OP_MAP : OP_GRANT;
	/* Most maps into a missing space create it instead. */
	if (!op_space_exists(s, op.n2) && op.n2 < OP_NNAMES - 1 &&
	    op_rng_below(r, 4)) {
		op.kind = OP_CREATE;
		op.n = op.n2;
		op.v = ext_pool[op_rng_below(r, EXT_POOL)];
		op.flags &= ~OPF_KIP;
		if (op_rng_below(r, 5) == 0)
			op.flags |= OPF_KIP;
		if (op_rng_below(r, 5) == 0) {
			op.order2 = 12 + op_rng_below(r, 5);
			op.v2 = align_down(ext_pool[op_rng_below(r, EXT_POOL)],
					   op.order2);
		}
		return op;
	}
	/* Source: deep chains from the last destination, else any page. */
	if (*last_n >= 0 && op_rng_below(r, 100) < 35) {
		op.n = *last_n;
		op.v = *last_v;
	} else if (op_rng_below(r, 100) < 4) {
		pick_reserved(r, s, &op.n, &op.v);
	} else if (op.kind == OP_GRANT && op_rng_below(r, 100) < 25 &&
		   pick_accessed(r, s, &op.n, &op.v)) {
		;	/* status bits through grants, in both modes */
	} else if (op_rng_below(r, 100) < 85) {
		pick_mapped(r, s, &op.n, &op.v);
	}
	op.order = pick_order(r, false);
	/* Grants out of sigma0 empty it: half are maps, most small. */
	if (op.kind == OP_GRANT && op.n == 0 && op_rng_below(r, 2))
		op.kind = OP_MAP;
	if (op.kind == OP_GRANT && op.n == 0 && op.order > 14 &&
	    op_rng_below(r, 4))
		op.order = 12 + op_rng_below(r, 3);
	op.v = align_down(op.v, op.order);
	roll = op_rng_below(r, 100);
	if (roll < 6) {
		op.n2 = op.n;		/* onto itself */
		op.v2 = op.v;
	} else if (roll < 20) {
		pick_ancestor(r, s, op.n, op.v, &op.n2, &op.v2);
	} else if (roll < 28) {
		op.n2 = 0;		/* into sigma0 */
	} else if (roll < 42) {
		pick_mapped(r, s, &op.n2, &op.v2);	/* overwrite */
	} else if (roll < 48) {
		pick_reserved(r, s, &op.n2, &op.v2);
	}
	if (op_rng_below(r, 4) == 0) {
		op.order2 = pick_order(r, false);	/* a receive window */
		if (op_rng_below(r, 2))
			op.base = base_pool[op_rng_below(r, BASE_POOL)];
	}
	ro = op.order2 ? op.order2 : op.order;
	op.v2 = align_down(op.v2, ro);
	op.rights = pick_map_rights(r);
	if (!op_rng_below(r, 7))
		op.flags |= OPF_UNCACHED;
	if (op.kind == OP_GRANT)
		op.mode = op_rng_below(r, 3);
	*last_n = op.n2;
	*last_v = op.v2;
	return op;
}

struct op op_generate(struct op_rng *r, const struct model *s,
		      uint32_t sigma0_pages, int *last_n, uint32_t *last_v,
		      bool ext)
{
	struct op op = { 0 };
	uint32_t roll;

	if (ext)
		return gen_ext(r, s, sigma0_pages, last_n, last_v);
	roll = op_rng_below(r, 100);
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

uint8_t op_order(const struct op *op)
{
	return op->order ? op->order : 12;
}

bool op_fpage_form(const struct op *op)
{
	return op_order(op) != 12 || (op->flags & (OPF_PLUS | OPF_SLASH));
}

/* VADDR, VADDR/ORDER or VADDR+SIZE (one page: bare unless asked). */
static void fmt_fpage(char *buf, size_t len, uint32_t v, uint8_t order,
		      uint8_t flags, bool bare)
{
	static const char unit[] = "KMG";
	int u = order >= 30 ? 2 : order >= 20 ? 1 : 0;

	if (bare || (order == 12 && !(flags & (OPF_PLUS | OPF_SLASH))))
		snprintf(buf, len, "0x%x", v << 12);
	else if (flags & OPF_PLUS)
		snprintf(buf, len, "0x%x+%llu%c", v << 12,
			 (1ULL << order) >> (10 * (u + 1)), unit[u]);
	else
		snprintf(buf, len, "0x%x/%u", v << 12, order);
}

static void fmt_rights(char *buf, uint8_t rights, uint8_t flags)
{
	char *p = buf;

	if (flags & OPF_DASH) {
		model_rwx(rights, buf);
		return;
	}
	if (rights & MODEL_R)
		*p++ = 'r';
	if (rights & MODEL_W)
		*p++ = 'w';
	if (rights & MODEL_X)
		*p++ = 'x';
	*p = '\0';
}

int op_format(const struct op *op, char *buf, size_t len)
{
	static const char *const verb[OP_NKINDS] = {
		"create", "destroy", "map", "grant", "unmap", "flush", "lookup",
		"status", "access", "config"
	};
	static const char *const mode[] = { "", " paper", " keep-subtree" };
	const char *n = op_names[op->n], *n2 = op_names[op->n2];
	char f1[48], f2[56], kip[32], rights[16] = "", base[32] = "";

	fmt_fpage(f1, sizeof(f1), op->v, op_order(op), op->flags, false);
	if (op->rights) {
		strcpy(rights, " rights ");
		fmt_rights(rights + 8, op->rights, op->flags);
	}
	switch (op->kind) {
	case OP_CREATE:
		kip[0] = f2[0] = '\0';
		if (op->flags & OPF_KIP)
			snprintf(kip, sizeof(kip), " kip 0x%x", op->v << 12);
		if (op->order2) {
			strcpy(f2, " utcb ");
			fmt_fpage(f2 + 6, sizeof(f2) - 6, op->v2, op->order2,
				  op->flags, false);
		}
		return snprintf(buf, len, "create %s%s%s", n, kip, f2);
	case OP_DESTROY:
		return snprintf(buf, len, "destroy %s", n);
	case OP_MAP:
	case OP_GRANT:
		fmt_fpage(f2, sizeof(f2), op->v2, op->order2, op->flags | OPF_SLASH,
			  !op->order2);
		if (op->base || (op->flags & OPF_BASE))
			snprintf(base, sizeof(base), " base 0x%x", op->base);
		return snprintf(buf, len, "%s %s %s %s %s%s%s%s%s",
				verb[op->kind], n, f1, n2, f2, rights,
				op->flags & OPF_UNCACHED ? " uncached" : "",
				base, op->kind == OP_GRANT && op->mode < 3 ?
				mode[op->mode] : "");
	case OP_UNMAP:
	case OP_FLUSH:
		return snprintf(buf, len, "%s %s %s%s", verb[op->kind], n, f1,
				rights);
	case OP_STATUS:
		return snprintf(buf, len, "status %s %s", n, f1);
	case OP_ACCESS:
		return snprintf(buf, len, "access %s 0x%x %c", n,
				op->v << 12 | op->off,
				op->access == MODEL_W ? 'w' :
				op->access == MODEL_X ? 'x' : 'r');
	case OP_CONFIG:
		return snprintf(buf, len, "config grant-mode %s",
				op->mode == MODEL_GRANT_KEEP ? "keep-subtree" :
				"paper");
	default:
		return snprintf(buf, len, "lookup %s 0x%x", n, op->v << 12);
	}
}

/* A page from two bytes: mostly the pool, a high bit selects a raw one. */
static uint32_t decode_page(uint8_t a, uint8_t b)
{
	return a & 0x80 ? ((uint32_t)a << 12 | b << 4) & 0xfffff :
	       ext_pool[a % EXT_POOL];
}

size_t op_decode(const uint8_t *p, size_t len, struct op *op)
{
	if (len < OP_DECODE_LEN)
		return 0;
	memset(op, 0, sizeof(*op));
	op->kind = p[0] % OP_NKINDS;
	op->n = (p[1] & 0x0f) % OP_NNAMES;
	op->n2 = (p[1] >> 4) % OP_NNAMES;
	op->v = decode_page(p[2], p[3]);
	op->v2 = decode_page(p[4], p[5]);
	/* Mostly up to 1 MiB, some up to 16 MiB, a few up to 4 GiB. */
	op->order = (p[6] & 0xf0) == 0xf0 ? 12 + p[6] % 21 :
		    p[6] & 0x80 ? 12 + p[6] % 13 : 12 + p[6] % 9;
	op->order2 = p[7] < 160 ? 0 : 12 + p[7] % 13;
	if (op->kind == OP_CREATE && op->order2)
		op->order2 = 12 + p[7] % 5;
	op->rights = p[8] & 8 ? p[8] & 7 : 0;
	if (!(p[8] & 0x10)) {
		/* Aligned unless asked: misaligned is one EINVAL case. */
		op->v = align_down(op->v, op_order(op));
		op->v2 = align_down(op->v2, op->order2 ? op->order2 :
				    op_order(op));
	}
	op->flags = p[9] & 0x3f;
	op->mode = (p[9] >> 6) % 3;
	op->base = p[10] & 0x80 ? (uint32_t)p[10] << 12 :
		   base_pool[p[10] % BASE_POOL];
	op->access = 1U << (p[11] % 3);
	op->off = p[11] << 4;
	return OP_DECODE_LEN;
}
