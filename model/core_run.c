// SPDX-License-Identifier: GPL-2.0
/*
 * The core side of the differential test: executes an op on the core the
 * way the netlink layer does (names resolved first, -ENOENT for a missing
 * one) and exports the core's abstract state in the model's format,
 * through the public API only (l4mm_core.h).
 */
#include <stdlib.h>

#include "l4mm_core.h"
#include "l4mm_shim.h"
#include "core_run.h"

static int core_apply(struct l4mm_state *st, const struct op *op,
		      struct l4mm_mapping_info *info)
{
	struct l4mm_space *a = l4mm_space_find(st, op_names[op->n]);
	struct l4mm_space *b = l4mm_space_find(st, op_names[op->n2]);
	struct l4mm_space *created;
	u32 v = op->v << 12, v2 = op->v2 << 12;

	if (op->kind == OP_CREATE)
		return l4mm_space_create(st, op_names[op->n], &created);
	if (!a || ((op->kind == OP_MAP || op->kind == OP_GRANT) && !b))
		return -ENOENT;
	switch (op->kind) {
	case OP_DESTROY:
		return l4mm_space_destroy(st, a, NULL);
	case OP_MAP:
		return l4mm_map(st, a, v, b, v2, NULL);
	case OP_GRANT:
		return l4mm_grant(st, a, v, b, v2, NULL);
	case OP_UNMAP:
		return l4mm_unmap(st, a, v, NULL);
	case OP_FLUSH:
		return l4mm_flush(st, a, v, NULL);
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

/* The canonical export (model.h) of the core's state. */
static char *core_export(const struct l4mm_state *st)
{
	size_t used = 0, cap = 0;
	struct l4mm_mapping_info mi;
	struct l4mm_space *sp;
	char *buf = NULL, line[128];
	u32 id = 0;
	u64 from;

	append(&buf, &used, &cap, "");
	while ((sp = l4mm_space_next(st, id))) {
		id = l4mm_space_id(sp) + 1;
		snprintf(line, sizeof(line), "%s\n", l4mm_space_name(sp));
		append(&buf, &used, &cap, line);
		for (from = 0; !l4mm_space_next_mapping(st, sp, from, &mi);
		     from = (u64)mi.vaddr + L4MM_CORE_PAGE_SIZE) {
			if (mi.is_real)
				snprintf(line, sizeof(line),
					 "%s 0x%08x Real 0x%08x\n",
					 l4mm_space_name(sp), mi.vaddr,
					 mi.frame << 12);
			else
				snprintf(line, sizeof(line),
					 "%s 0x%08x Virtual %s 0x%08x\n",
					 l4mm_space_name(sp), mi.vaddr,
					 mi.src ? l4mm_space_name(mi.src) : "?",
					 mi.src_vaddr);
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
	bool same = mi->frame == lk->r && mi->depth == lk->depth &&
		    mi->is_real == lk->m.real;

	if (!same)
		snprintf(why, len,
			 "lookup: model says frame 0x%x depth %u %s, core says frame 0x%x depth %u %s (from %s)",
			 lk->r, lk->depth, lk->m.real ? "real" : "virtual",
			 mi->frame, mi->depth, mi->is_real ? "real" : "virtual",
			 src);
	return same;
}

static bool step(struct l4mm_state *st, struct model *m, const struct op *op,
		 char *why, size_t len)
{
	struct l4mm_mapping_info mi = { 0 };
	struct op_out out;
	unsigned long warnings = l4mm_shim_warnings;
	int want, got;
	char *a, *b;
	bool ok;

	want = op_apply_model(m, op, &out);
	got = core_apply(st, op, &mi);
	if (want != got) {
		snprintf(why, len, "result: model %d, core %d", want, got);
		return false;
	}
	if (op->kind == OP_LOOKUP && !want && !compare_lookup(&out.lk, &mi,
							     why, len))
		return false;
	if (l4mm_shim_warnings != warnings) {
		snprintf(why, len, "the core hit a WARN_ON");
		return false;
	}
	if (l4mm_state_check(st, why, len))
		return false;
	if (model_theorems(m, why, len))
		return false;
	a = model_export(m);
	b = core_export(st);
	ok = a && !strcmp(a, b);
	if (!ok)
		first_diff(a ? a : "", b, why, len);
	free(a);
	free(b);
	return ok;
}

long core_run(const struct op *ops, size_t n, unsigned int sigma0_pages,
	      char *why, size_t len)
{
	struct l4mm_state *st;
	struct model m;
	long bad = -1;
	size_t i;

	if (l4mm_state_create(sigma0_pages, &st)) {
		snprintf(why, len, "l4mm_state_create failed");
		return 0;
	}
	model_init(&m, sigma0_pages);
	for (i = 0; i < n; i++)
		if (!step(st, &m, &ops[i], why, len)) {
			bad = i;
			break;
		}
	l4mm_state_destroy(st);
	model_free(&m);
	return bad;
}
