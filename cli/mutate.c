// SPDX-License-Identifier: GPL-2.0
/*
 * The reply shared by destroy, map, grant, unmap and flush:
 * L4MM_A_REMOVED (u32) and, for map and grant, L4MM_A_INSTALLED (u8).
 *
 * Text output is silent unless -v is given ("removed N", plus
 * " installed yes|no" for map/grant); JSON is {"removed":N} or
 * {"removed":N,"installed":BOOL}.  A map/grant that installed nothing
 * (the destination flush removed the source) gets a note on stderr but
 * still succeeds.
 */
#include <stdio.h>

#include "l4mm.h"

struct mutate_reply {
	bool has_removed;
	bool has_installed;
	uint32_t removed;
	uint8_t installed;
};

static int mutate_reply(struct l4mm_ctx *ctx, struct nlmsghdr *nlh,
			struct nlattr **tb, void *arg)
{
	struct mutate_reply *r = arg;

	(void)ctx;
	(void)nlh;
	if (tb[L4MM_A_REMOVED]) {
		r->has_removed = true;
		r->removed = nla_get_u32(tb[L4MM_A_REMOVED]);
	}
	if (tb[L4MM_A_INSTALLED]) {
		r->has_installed = true;
		r->installed = nla_get_u8(tb[L4MM_A_INSTALLED]);
	}
	return 0;
}

int l4mm_run_mutating(struct l4mm_ctx *ctx, const struct l4mm_req *req)
{
	bool is_map = req->cmd == L4MM_CMD_MAP || req->cmd == L4MM_CMD_GRANT;
	struct mutate_reply r = { 0 };
	int ret;

	ret = l4mm_do(ctx, req, mutate_reply, &r);
	if (ret) {
		if (ret == -1)
			l4mm_report(ctx);
		return 1;
	}
	if (is_map && r.has_installed && !r.installed)
		l4mm_error(ctx,
			   "source was removed by flushing the destination; nothing installed");
	if (!l4mm_json && !ctx->verbose)
		return 0;

	open_json_object(NULL);
	print_u64(PRINT_ANY, "removed", "removed %" PRIu64, r.removed);
	if (is_map)
		print_bool(PRINT_ANY, "installed", " installed %s",
			   r.has_installed && r.installed);
	close_json_object();
	print_fp("\n");
	json_end_doc();
	return 0;
}
