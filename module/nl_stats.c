// SPDX-License-Identifier: GPL-2.0
/*
 * L4MM_CMD_STATS: the counters of the caller's netns.
 */
#include <linux/kernel.h>
#include <net/genetlink.h>
#include <net/netlink.h>

#include <uapi/linux/l4mm.h>
#include "l4mm_core.h"
#include "netlink.h"
#include "nl_reply.h"
#include "pernet.h"

static int l4mm_put_stats(struct sk_buff *msg, const struct l4mm_stats *s,
			  u32 sigma0_pages)
{
	struct nlattr *nest;

	nest = nla_nest_start(msg, L4MM_A_STATS);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u64_64bit(msg, L4MM_A_STAT_SPACES, s->spaces,
			      L4MM_A_STAT_PAD) ||
	    nla_put_u64_64bit(msg, L4MM_A_STAT_MAPPINGS, s->mappings,
			      L4MM_A_STAT_PAD) ||
	    nla_put_u64_64bit(msg, L4MM_A_STAT_TABLES, s->tables,
			      L4MM_A_STAT_PAD) ||
	    nla_put_u64_64bit(msg, L4MM_A_STAT_TABLE_BYTES, s->table_bytes,
			      L4MM_A_STAT_PAD) ||
	    nla_put_u64_64bit(msg, L4MM_A_STAT_NODE_BYTES, s->node_bytes,
			      L4MM_A_STAT_PAD) ||
	    nla_put_u64_64bit(msg, L4MM_A_STAT_OPS, s->ops,
			      L4MM_A_STAT_PAD) ||
	    nla_put_u64_64bit(msg, L4MM_A_STAT_SIGMA0_PAGES, sigma0_pages,
			      L4MM_A_STAT_PAD)) {
		nla_nest_cancel(msg, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return 0;
}

/**
 * l4mm_nl_stats_doit() - STATS: the counters of the caller's netns
 * @skb: the request
 * @info: no attributes
 *
 * Locking: takes the netns lock for reading, for a consistent snapshot.
 * Return: 0 with the reply sent, or a negative errno.
 */
int l4mm_nl_stats_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct l4mm_stats stats;
	struct l4mm_reply rp;
	struct l4mm_net *ln;
	int err;

	err = l4mm_reply_begin(info, L4MM_HOLD_READ, &ln, &rp);
	if (err)
		return err;
	l4mm_state_stats(ln->state, &stats);
	err = l4mm_put_stats(rp.msg, &stats, l4mm_net_sigma0_pages(ln));
	return l4mm_reply_end(info, L4MM_HOLD_READ, ln, &rp, err);
}
