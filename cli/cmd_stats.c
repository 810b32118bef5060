// SPDX-License-Identifier: GPL-2.0
/*
 * l4mm stats
 *
 * Counters of the caller's network namespace, one "key: value" line each
 * (in uapi order: spaces, mappings, tables, table_bytes, node_bytes, ops,
 * sigma0_pages, bytes, the limits max_spaces, max_mappings, max_bytes,
 * and when the netns has a per-user budget user_bytes, max_user_bytes;
 * bytes are what the allocator really gave, a limit of 0 is none); -j
 * prints one object with the same keys.
 */
#include <errno.h>

#include "l4mm.h"

static const char *const stat_keys[L4MM_A_STAT_MAX + 1] = {
	[L4MM_A_STAT_SPACES]		= "spaces",
	[L4MM_A_STAT_MAPPINGS]		= "mappings",
	[L4MM_A_STAT_TABLES]		= "tables",
	[L4MM_A_STAT_TABLE_BYTES]	= "table_bytes",
	[L4MM_A_STAT_NODE_BYTES]	= "node_bytes",
	[L4MM_A_STAT_OPS]		= "ops",
	[L4MM_A_STAT_SIGMA0_PAGES]	= "sigma0_pages",
	[L4MM_A_STAT_BYTES]		= "bytes",
	[L4MM_A_STAT_MAX_SPACES]	= "max_spaces",
	[L4MM_A_STAT_MAX_MAPPINGS]	= "max_mappings",
	[L4MM_A_STAT_MAX_BYTES]		= "max_bytes",
	[L4MM_A_STAT_USER_BYTES]	= "user_bytes",
	[L4MM_A_STAT_MAX_USER_BYTES]	= "max_user_bytes",
};

static struct nla_policy stat_policy[L4MM_A_STAT_MAX + 1] = {
	[L4MM_A_STAT_SPACES]		= { .type = NLA_U64 },
	[L4MM_A_STAT_MAPPINGS]		= { .type = NLA_U64 },
	[L4MM_A_STAT_TABLES]		= { .type = NLA_U64 },
	[L4MM_A_STAT_TABLE_BYTES]	= { .type = NLA_U64 },
	[L4MM_A_STAT_NODE_BYTES]	= { .type = NLA_U64 },
	[L4MM_A_STAT_OPS]		= { .type = NLA_U64 },
	[L4MM_A_STAT_SIGMA0_PAGES]	= { .type = NLA_U64 },
	[L4MM_A_STAT_BYTES]		= { .type = NLA_U64 },
	[L4MM_A_STAT_MAX_SPACES]	= { .type = NLA_U64 },
	[L4MM_A_STAT_MAX_MAPPINGS]	= { .type = NLA_U64 },
	[L4MM_A_STAT_MAX_BYTES]		= { .type = NLA_U64 },
	[L4MM_A_STAT_USER_BYTES]	= { .type = NLA_U64 },
	[L4MM_A_STAT_MAX_USER_BYTES]	= { .type = NLA_U64 },
};

struct stats_reply {
	bool has[L4MM_A_STAT_MAX + 1];
	uint64_t val[L4MM_A_STAT_MAX + 1];
};

static int stats_reply(struct l4mm_ctx *ctx, struct nlmsghdr *nlh,
		       struct nlattr **tb, void *arg)
{
	static const int mand[] = { L4MM_A_STATS, 0 };
	static const char *const names[] = { "STATS" };
	struct nlattr *st[L4MM_A_STAT_MAX + 1];
	struct stats_reply *r = arg;
	int i;

	(void)nlh;
	if (l4mm_check_mandatory(ctx, tb, mand, names))
		return -1;
	if (l4mm_parse_nested(st, L4MM_A_STAT_MAX, tb[L4MM_A_STATS],
			      stat_policy)) {
		l4mm_set_err(ctx, EPROTO, "malformed reply from the kernel");
		return -1;
	}
	for (i = 1; i <= L4MM_A_STAT_MAX; i++) {
		if (!st[i] || !stat_keys[i])
			continue;
		r->has[i] = true;
		r->val[i] = nla_get_u64(st[i]);
	}
	return 0;
}

static int stats_run(struct l4mm_ctx *ctx, const struct l4mm_req *req)
{
	struct stats_reply r = { 0 };
	int i, ret;

	ret = l4mm_call(ctx, req, stats_reply, &r);
	if (ret)
		return ret;
	open_json_object(NULL);
	for (i = 1; i <= L4MM_A_STAT_MAX; i++) {
		if (!r.has[i])
			continue;
		print_fp("%s: ", stat_keys[i]);
		print_u64(PRINT_ANY, stat_keys[i], "%" PRIu64 "\n", r.val[i]);
	}
	close_json_object();
	json_end_doc();
	return 0;
}

const struct l4mm_command cmd_stats = {
	.name		= "stats",
	.args		= "",
	.help		= "print the counters of this netns",
	.nlcmd		= L4MM_CMD_STATS,
	.parse		= parse_no_args,
	.run		= stats_run,
};
