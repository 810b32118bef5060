// SPDX-License-Identifier: GPL-2.0
/*
 * The core side of the differential test: executes an op on the core the
 * way the netlink layer does (names resolved first, -ENOENT for a missing
 * one) and exports the core's abstract state in the model's format,
 * through the public API only (l4mm_core.h).
 */
#include <stdlib.h>
#include <string.h>

#include "l4mm_core.h"
#include "l4mm_shim.h"
#include "core_run.h"

/* An op of the paper: every extension argument at its default. */
static bool paper_form(const struct op *op)
{
	return !op->order && !op->order2 && !op->rights && !op->mode &&
	       !op->base && !(op->flags & (OPF_UNCACHED | OPF_KIP));
}

static int core_create(struct l4mm_state *st, const struct op *op)
{
	struct l4mm_space_opts o = {
		.kip = op->flags & OPF_KIP, .kip_va = op->v << 12,
		.utcb_order = op->order2, .utcb_va = op->v2 << 12,
	};
	struct l4mm_space *created;

	if (paper_form(op))
		return l4mm_space_create(st, op_names[op->n], &created);
	return l4mm_space_create_opts(st, op_names[op->n], &o, &created);
}

/*
 * The op on the core: the paper's ops through the single-page calls,
 * the others through the flexpage calls (both entry points are tested).
 */
static int core_apply(struct l4mm_state *st, const struct op *op,
		      struct l4mm_mapping_info *info,
		      struct l4mm_op_result *res)
{
	struct l4mm_space *a = l4mm_space_find(st, op_names[op->n]);
	struct l4mm_space *b = l4mm_space_find(st, op_names[op->n2]);
	u32 v = op->v << 12, v2 = op->v2 << 12;
	u8 mask = op->rights ? op->rights : L4MM_CORE_RWX;
	struct l4mm_map_args m = {
		.src = a, .src_va = v, .src_order = op_order(op),
		.dst = b, .dst_va = v2,
		.dst_order = op->order2 ? op->order2 : op_order(op),
		.snd_base = op->base, .rights = mask,
		.uncached = op->flags & OPF_UNCACHED,
		.mode = op->mode == MODEL_GRANT_KEEP ? L4MM_GRANT_KEEP :
			op->mode == MODEL_GRANT_PAPER ? L4MM_GRANT_PAPER :
			L4MM_GRANT_DEFAULT,
	};
	bool paper = paper_form(op);

	if (op->kind == OP_CREATE)
		return core_create(st, op);
	if (op->kind == OP_CONFIG) {
		l4mm_state_set_grant_mode(st, op->mode == MODEL_GRANT_KEEP ?
					  L4MM_GRANT_KEEP : L4MM_GRANT_PAPER);
		return 0;
	}
	if (!a || ((op->kind == OP_MAP || op->kind == OP_GRANT) && !b))
		return -ENOENT;
	switch (op->kind) {
	case OP_DESTROY:
		return l4mm_space_destroy(st, a, res);
	case OP_MAP:
		return paper ? l4mm_map(st, a, v, b, v2, res) :
		       l4mm_map_fpage(st, &m, res);
	case OP_GRANT:
		return paper ? l4mm_grant(st, a, v, b, v2, res) :
		       l4mm_grant_fpage(st, &m, res);
	case OP_UNMAP:
		return paper ? l4mm_unmap(st, a, v, res) :
		       l4mm_unmap_fpage(st, a, v, op_order(op), mask, res);
	case OP_FLUSH:
		return paper ? l4mm_flush(st, a, v, res) :
		       l4mm_flush_fpage(st, a, v, op_order(op), mask, res);
	case OP_STATUS:
		return l4mm_status_fpage(st, a, v, op_order(op), res);
	case OP_ACCESS:
		return l4mm_access(st, a, v | op->off, op->access, info);
	default:
		return l4mm_lookup(st, a, v, info);
	}
}

/*
 * The canonical export (model.h) of the core's state, written from the
 * core's own fields by code of its own: the model's writer and sort
 * (model_export.c) are not used here, so that a mistake in either cannot
 * hide the same mistake on the other side.
 */
struct export_line {
	const char *space;	/* sorts by space name, then address */
	u64 vaddr;		/* the space's own line sorts first */
	char text[160];
};

struct export {
	struct export_line *lines;
	size_t n, cap;
};

static struct export_line *export_add(struct export *e, const char *space,
				      u64 vaddr)
{
	if (e->n == e->cap) {
		e->cap = e->cap ? 2 * e->cap : 64;
		e->lines = realloc(e->lines, e->cap * sizeof(*e->lines));
		if (!e->lines)
			abort();
	}
	e->lines[e->n].space = space;
	e->lines[e->n].vaddr = vaddr;
	return &e->lines[e->n++];
}

static int export_cmp(const void *a, const void *b)
{
	const struct export_line *x = a, *y = b;
	int c = strcmp(x->space, y->space);

	if (c)
		return c;
	return x->vaddr < y->vaddr ? -1 : x->vaddr > y->vaddr;
}

/* " rights=r-x", " uncached", " status=-w-" where not the default. */
static void suffix(char *out, size_t len, const struct l4mm_mapping_info *mi)
{
	static const char letter[3] = { 'r', 'w', 'x' };
	static const u8 bit[3] = { L4MM_CORE_R, L4MM_CORE_W, L4MM_CORE_X };
	char rights[4] = "---", status[4] = "---";
	int i;

	for (i = 0; i < 3; i++) {
		if (mi->rights & bit[i])
			rights[i] = letter[i];
		if (mi->status & bit[i])
			status[i] = letter[i];
	}
	out[0] = '\0';
	if (mi->rights != (L4MM_CORE_R | L4MM_CORE_W | L4MM_CORE_X))
		snprintf(out, len, " rights=%s", rights);
	if (!mi->cached)
		snprintf(out + strlen(out), len - strlen(out), " uncached");
	if (mi->status)
		snprintf(out + strlen(out), len - strlen(out), " status=%s",
			 status);
}

static void mapping_line(char *line, size_t len, const struct l4mm_space *sp,
			 const struct l4mm_mapping_info *mi)
{
	const char *name = l4mm_space_name(sp);
	char sfx[48];

	suffix(sfx, sizeof(sfx), mi);
	if (mi->reserved)
		snprintf(line, len, "%s 0x%08x %s 0x%08x%s\n", name,
			 mi->vaddr, mi->reserved == L4MM_RESERVED_KIP ?
			 "Kip" : "Utcb", mi->frame << 12, sfx);
	else if (mi->is_real)
		snprintf(line, len, "%s 0x%08x Real 0x%08x%s\n", name,
			 mi->vaddr, mi->frame << 12, sfx);
	else
		snprintf(line, len, "%s 0x%08x Virtual %s 0x%08x%s\n", name,
			 mi->vaddr, mi->src ? l4mm_space_name(mi->src) : "?",
			 mi->src_vaddr, sfx);
}

static char *core_export(const struct l4mm_state *st)
{
	struct l4mm_mapping_info mi;
	struct export e = { 0 };
	struct export_line *l;
	struct l4mm_space *sp;
	size_t i, len = 1;
	char *buf, *p;
	u32 id = 0;
	u64 from;

	while ((sp = l4mm_space_next(st, id))) {
		id = l4mm_space_id(sp) + 1;
		/* Below every address: the space's own line comes first. */
		l = export_add(&e, l4mm_space_name(sp), 0);
		snprintf(l->text, sizeof(l->text), "%s\n",
			 l4mm_space_name(sp));
		for (from = 0; !l4mm_space_next_mapping(st, sp, from, &mi);
		     from = (u64)mi.vaddr + L4MM_CORE_PAGE_SIZE) {
			l = export_add(&e, l4mm_space_name(sp),
				       (u64)mi.vaddr + 1);
			mapping_line(l->text, sizeof(l->text), sp, &mi);
		}
	}
	qsort(e.lines, e.n, sizeof(*e.lines), export_cmp);
	for (i = 0; i < e.n; i++)
		len += strlen(e.lines[i].text);
	buf = malloc(len);
	if (!buf)
		abort();
	p = buf;
	*p = '\0';
	for (i = 0; i < e.n; i++)
		p = stpcpy(p, e.lines[i].text);
	free(e.lines);
	return buf;
}

/* First differing line of two exports, for the report. */
static void first_diff(const char *want, const char *got, char *why,
		       size_t len)
{
	size_t i = 0, start = 0;

	while (want[i] && want[i] == got[i]) {
		if (want[i] == '\n')
			start = i + 1;
		i++;
	}
	snprintf(why, len, "abstract state differs: model has '%.*s', core has '%.*s'",
		 (int)strcspn(want + start, "\n"), want + start,
		 (int)strcspn(got + start, "\n"), got + start);
}

static bool compare_lookup(const struct model_lookup *lk,
			   const struct l4mm_mapping_info *mi, char *why,
			   size_t len)
{
	const char *src = mi->src ? l4mm_space_name(mi->src) : "";
	bool same = mi->frame == lk->r && mi->reserved == lk->reserved &&
		    mi->rights == lk->rights;

	/* A reserved page has a frame and rights, nothing else. */
	if (!lk->reserved)
		same &= mi->depth == lk->depth && mi->is_real == lk->m.real &&
			mi->status == lk->status &&
			mi->cached == !lk->uncached;
	if (!same)
		snprintf(why, len,
			 "lookup: model says frame 0x%x depth %u %s rights %x status %x%s reserved %d, core says frame 0x%x depth %u %s rights %x status %x%s reserved %d (from %s)",
			 lk->r, lk->depth, lk->m.real ? "real" : "virtual",
			 lk->rights, lk->status, lk->uncached ? " uncached" : "",
			 lk->reserved, mi->frame, mi->depth,
			 mi->is_real ? "real" : "virtual", mi->rights,
			 mi->status, mi->cached ? "" : " uncached", mi->reserved,
			 src);
	return same;
}

/* What map/grant installed and unmap/flush/status read. */
static bool compare_result(const struct op *op, const struct op_out *out,
			   const struct l4mm_op_result *res, char *why,
			   size_t len)
{
	switch (op->kind) {
	case OP_MAP:
	case OP_GRANT:
		if (out->pages != res->pages) {
			snprintf(why, len, "pages installed: model %u, core %u",
				 out->pages, res->pages);
			return false;
		}
		break;
	case OP_UNMAP:
	case OP_FLUSH:
	case OP_STATUS:
		if (out->status != res->status) {
			snprintf(why, len, "status bits: model %x, core %x",
				 out->status, res->status);
			return false;
		}
		break;
	case OP_DESTROY:
		break;
	default:
		return true;
	}
	/* Every mapping of the state before the op that it removed. */
	if (out->removed != res->removed) {
		snprintf(why, len, "mappings removed: model %u, core %u",
			 out->removed, res->removed);
		return false;
	}
	return true;
}

/* Lookups and accesses answered, by the size of the hardware entry. */
/* Lookups and accesses by log2 of the hardware entry that mapped them. */
static unsigned long long by_entry[32];

void core_run_entries(unsigned long long out[32])
{
	memcpy(out, by_entry, sizeof(by_entry));
}

static void count_entry(const struct l4mm_mapping_info *mi)
{
	by_entry[mi->page_shift & 31]++;
}

static bool step(struct l4mm_state *st, struct model *m, const struct op *op,
		 bool full, char **export, char *why, size_t len)
{
	struct l4mm_mapping_info mi = { 0 };
	struct l4mm_op_result res = { 0 };
	struct op_out out;
	unsigned long warnings = l4mm_shim_warnings;
	int want, got;
	char *a, *b;
	bool ok;

	want = op_apply_model(m, op, &out);
	got = core_apply(st, op, &mi, &res);
	if (want != got) {
		snprintf(why, len, "result: model %d, core %d", want, got);
		return false;
	}
	if ((op->kind == OP_LOOKUP || op->kind == OP_ACCESS) && !want) {
		if (!compare_lookup(&out.lk, &mi, why, len))
			return false;
		count_entry(&mi);
	}
	if (!want && !compare_result(op, &out, &res, why, len))
		return false;
	if (l4mm_shim_warnings != warnings) {
		snprintf(why, len, "the core hit a WARN_ON");
		return false;
	}
	if (!full)
		return true;
	if (l4mm_state_check(st, why, len))
		return false;
	if (model_theorems(m, why, len))
		return false;
	a = model_export(m);
	b = core_export(st);
	ok = a && !strcmp(a, b);
	if (!ok)
		first_diff(a ? a : "", b, why, len);
	if (ok && export)
		*export = a;
	else
		free(a);
	free(b);
	return ok;
}

static long run(const struct op *ops, size_t n, unsigned int sigma0_pages,
		unsigned int every, char **export, char *why, size_t len)
{
	struct l4mm_state *st;
	struct model m;
	long bad = -1;
	bool last;
	size_t i;

	if (l4mm_state_create(sigma0_pages, &st)) {
		snprintf(why, len, "l4mm_state_create failed");
		return 0;
	}
	model_init(&m, sigma0_pages);
	if (!every)
		every = 1;
	for (i = 0; i < n; i++) {
		last = i + 1 == n;
		if (!step(st, &m, &ops[i], (i + 1) % every == 0 || last,
			  last ? export : NULL, why, len)) {
			bad = i;
			break;
		}
	}
	l4mm_state_destroy(st);
	model_free(&m);
	return bad;
}

long core_run_every(const struct op *ops, size_t n,
		    unsigned int sigma0_pages, unsigned int every, char *why,
		    size_t len)
{
	return run(ops, n, sigma0_pages, every, NULL, why, len);
}

long core_run_last(const struct op *ops, size_t n, unsigned int sigma0_pages,
		   char **export, char *why, size_t len)
{
	*export = NULL;
	return run(ops, n, sigma0_pages, ~0U, export, why, len);
}

long core_run(const struct op *ops, size_t n, unsigned int sigma0_pages,
	      char *why, size_t len)
{
	return core_run_every(ops, n, sigma0_pages, 1, why, len);
}
