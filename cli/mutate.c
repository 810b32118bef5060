// SPDX-License-Identifier: GPL-2.0
/*
 * The reply shared by destroy, map, grant, unmap, flush and status:
 * L4MM_A_REMOVED (u32), for map and grant L4MM_A_INSTALLED (u8) and
 * L4MM_A_PAGES (u32, pages installed), for unmap, flush and status
 * L4MM_A_STATUS (u8, the status bits read and cleared).
 *
 * Text output is silent for a paper-style command line, as in the paper
 * nothing comes back but an error:
 *
 *	map/grant	"pages N" when the source or destination was an fpage
 *			(VADDR/ORDER or VADDR+SIZE): how many pages went in;
 *	unmap/flush	"status rw-" when a status bit was set (docs/
 *			extensions.md 3: unmap returns them, and clears them).
 *
 * -v prints everything there is: "removed N" plus " installed yes|no
 * pages N" for map/grant or " status ---" for unmap/flush, then the
 * pages installed and removed, one line each (effect_print(): "  +
 * A:0x1000 -> 0x5000 from sigma0:0x5000", "  - B:0x2000 -> 0x5000"), at
 * most 32, then "  ... N more".  JSON is {"removed":N}, plus "installed"
 * and "pages" (map/grant) or "status" (unmap/flush), null when the
 * kernel did not report one, and with -v "effects" (the pages, as the
 * monitor's) and "more".  A map/grant
 * that installed nothing (the destination flush removed the source) gets a
 * note on stderr but still succeeds.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "l4mm.h"

static int add_effect(struct l4mm_ctx *ctx, void *arg, struct nlattr *nest)
{
	struct graph_node *n = l4mm_vec_add(ctx, arg, sizeof(*n));

	return n ? graph_node_parse(ctx, nest, n) : -1;
}

static int mutate_reply(struct l4mm_ctx *ctx, struct nlmsghdr *nlh,
			struct nlattr **tb, void *arg)
{
	struct mutate_reply *r = arg;

	if (tb[L4MM_A_EFFECTS_MORE])
		r->more = nla_get_u32(tb[L4MM_A_EFFECTS_MORE]);
	if (l4mm_each_nest(ctx, nlh, L4MM_A_MAPPING, add_effect, &r->effects))
		return -1;
	if (tb[L4MM_A_REMOVED]) {
		r->has_removed = true;
		r->removed = nla_get_u32(tb[L4MM_A_REMOVED]);
	}
	if (tb[L4MM_A_INSTALLED]) {
		r->has_installed = true;
		r->installed = nla_get_u8(tb[L4MM_A_INSTALLED]);
	}
	if (tb[L4MM_A_PAGES]) {
		r->has_pages = true;
		r->pages = nla_get_u32(tb[L4MM_A_PAGES]);
	}
	if (tb[L4MM_A_STATUS]) {
		r->has_status = true;
		r->status = nla_get_u8(tb[L4MM_A_STATUS]) & L4MM_RIGHTS_ALL;
	}
	return 0;
}

int l4mm_mutate_do(struct l4mm_ctx *ctx, const struct l4mm_req *req,
		   struct mutate_reply *r)
{
	memset(r, 0, sizeof(*r));
	return l4mm_call(ctx, req, mutate_reply, r);
}

/* -v: the pages the command installed and removed. */
static void print_effects(const struct mutate_reply *r)
{
	const struct graph_node *n = r->effects.v;
	size_t i;

	open_json_array("effects");
	for (i = 0; i < r->effects.n; i++) {
		print_fp("\n");
		effect_print(&n[i]);
	}
	close_json_array();
	print_u64(PRINT_JSON, "more", NULL, r->more);
	if (r->more)
		print_fp("\n  ... %u more", r->more);
}

static void print_status(const struct mutate_reply *r, const char *fmt)
{
	char bits[4];

	if (r->has_status)
		print_str(PRINT_ANY, "status", fmt, bits_str(r->status, bits));
	else
		print_null(PRINT_JSON, "status", NULL);
}

int l4mm_run_mutating(struct l4mm_ctx *ctx, const struct l4mm_req *req)
{
	bool is_map = req->cmd == L4MM_CMD_MAP || req->cmd == L4MM_CMD_GRANT;
	bool is_rev = req->cmd == L4MM_CMD_UNMAP || req->cmd == L4MM_CMD_FLUSH;
	bool fpage = req->has_src_order || req->has_order;
	struct l4mm_req vreq = *req;
	struct mutate_reply r;
	int ret;

	/* -v lists the pages changed (L4MM_A_EFFECTS). */
	vreq.effects = ctx->verbose && (is_map || is_rev);
	ret = l4mm_mutate_do(ctx, &vreq, &r);
	if (ret || (!l4mm_json && !ctx->verbose)) {
		free(r.effects.v);
		r.effects.v = NULL;
	}
	if (ret)
		return 1;
	if (is_map && r.has_installed && !r.installed)
		l4mm_note(ctx,
			  "source was removed by flushing the destination; nothing installed");
	if (!l4mm_json && !ctx->verbose) {
		if (is_map && fpage && r.has_pages)
			printf("pages %u\n", r.pages);
		if (is_rev && r.has_status && r.status)
			print_status(&r, "status %s\n");
		return 0;
	}

	open_json_object(NULL);
	print_u64(PRINT_ANY, "removed", "removed %" PRIu64, r.removed);
	if (is_map) {
		print_bool(PRINT_ANY, "installed", " installed %s",
			   r.has_installed && r.installed);
		if (r.has_pages)
			print_u64(PRINT_ANY, "pages", " pages %" PRIu64,
				  r.pages);
		else
			print_null(PRINT_JSON, "pages", NULL);
	}
	if (is_rev)
		print_status(&r, " status %s");
	if (vreq.effects)
		print_effects(&r);
	free(r.effects.v);
	close_json_object();
	print_fp("\n");
	json_end_doc();
	return 0;
}
