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

static void append(char **buf, size_t *used, size_t *cap, const char *line)
{
	size_t len = strlen(line);

	while (*used + len + 1 > *cap) {
		*cap = *cap ? 2 * *cap : 256;
		*buf = realloc(*buf, *cap);
		if (!*buf)
			abort();
	}
	memcpy(*buf + *used, line, len + 1);
	*used += len;
}

/* The export's suffixes (docs/extensions.md 9), from the core's fields. */
static void suffix(char *out, size_t len, const struct l4mm_mapping_info *mi)
{
	model_suffix(out, len, mi->rights, !mi->cached, mi->status);
}

/* The canonical export (model.h) of the core's state. */
static char *core_export(const struct l4mm_state *st)
{
	size_t used = 0, cap = 0;
	struct l4mm_mapping_info mi;
	struct l4mm_space *sp;
	char *buf = NULL, line[160], sfx[48];
	u32 id = 0;
	u64 from;

	append(&buf, &used, &cap, "");
	while ((sp = l4mm_space_next(st, id))) {
		id = l4mm_space_id(sp) + 1;
		snprintf(line, sizeof(line), "%s\n", l4mm_space_name(sp));
		append(&buf, &used, &cap, line);
		for (from = 0; !l4mm_space_next_mapping(st, sp, from, &mi);
		     from = (u64)mi.vaddr + L4MM_CORE_PAGE_SIZE) {
			suffix(sfx, sizeof(sfx), &mi);
			if (mi.reserved)
				snprintf(line, sizeof(line),
					 "%s 0x%08x %s 0x%08x%s\n",
					 l4mm_space_name(sp), mi.vaddr,
					 mi.reserved == L4MM_RESERVED_KIP ?
					 "Kip" : "Utcb", mi.frame << 12, sfx);
			else if (mi.is_real)
				snprintf(line, sizeof(line),
					 "%s 0x%08x Real 0x%08x%s\n",
					 l4mm_space_name(sp), mi.vaddr,
					 mi.frame << 12, sfx);
			else
				snprintf(line, sizeof(line),
					 "%s 0x%08x Virtual %s 0x%08x%s\n",
					 l4mm_space_name(sp), mi.vaddr,
					 mi.src ? l4mm_space_name(mi.src) : "?",
					 mi.src_vaddr, sfx);
			append(&buf, &used, &cap, line);
		}
	}
	model_sort_lines(buf);
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
		if (out->pages == res->pages)
			return true;
		snprintf(why, len, "pages installed: model %u, core %u",
			 out->pages, res->pages);
		return false;
	case OP_UNMAP:
	case OP_FLUSH:
	case OP_STATUS:
		if (out->status == res->status)
			return true;
		snprintf(why, len, "status bits: model %x, core %x",
			 out->status, res->status);
		return false;
	default:
		return true;
	}
}

/* Lookups and accesses answered, by the size of the hardware entry. */
static unsigned long long by_entry[4];

void core_run_entries(unsigned long long out[4])
{
	memcpy(out, by_entry, sizeof(by_entry));
}

static void count_entry(const struct l4mm_mapping_info *mi)
{
	switch (mi->page_shift) {
	case 16:
		by_entry[1]++;
		break;
	case 20:
		by_entry[2]++;
		break;
	case 24:
		by_entry[3]++;
		break;
	default:
		by_entry[0]++;
	}
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
