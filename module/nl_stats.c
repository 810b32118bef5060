// SPDX-License-Identifier: GPL-2.0
/*
 * L4MM_CMD_STATS: the counters of the caller's netns, in the bytes the
 * allocator really gave, with the limits in force and the budget of the
 * netns's user.  Read without the netns lock, from the snapshot every
 * change leaves (pernet.c): a long change never makes STATS wait.
 */
#include <linux/kernel.h>
#include <net/genetlink.h>
#include <net/netlink.h>

#include <uapi/linux/l4mm.h>
#include "l4mm_core.h"
#include "budget.h"
#include "netlink.h"
#include "nl_reply.h"
#include "pernet.h"

/* One counter of the reply. */
struct l4mm_stat_val {
	int type;
	u64 val;
};

static int l4mm_put_stat_vals(struct sk_buff *msg,
			      const struct l4mm_stat_val *a, int n)
{
	for (; n; n--, a++)
		if (nla_put_u64_64bit(msg, a->type, a->val, L4MM_A_STAT_PAD))
			return -EMSGSIZE;
	return 0;
}

/* The L4MM_A_STATS nest; @user: the per-user budget, or NULL. */
static int l4mm_put_stats_nest(struct sk_buff *msg, const struct l4mm_stats *s,
			       const struct l4mm_limits *lim, u32 sigma0_pages,
			       const struct l4mm_stat_val *user)
{
	const struct l4mm_stat_val all[] = {
		{ L4MM_A_STAT_SPACES, s->spaces },
		{ L4MM_A_STAT_MAPPINGS, s->mappings },
		{ L4MM_A_STAT_TABLES, s->tables },
		{ L4MM_A_STAT_TABLE_BYTES, s->table_bytes },
		{ L4MM_A_STAT_NODE_BYTES, s->node_bytes },
		{ L4MM_A_STAT_OPS, s->ops },
		{ L4MM_A_STAT_SIGMA0_PAGES, sigma0_pages },
		{ L4MM_A_STAT_BYTES, s->bytes },
		{ L4MM_A_STAT_MAX_SPACES, lim->max_spaces },
		{ L4MM_A_STAT_MAX_MAPPINGS, lim->max_mappings },
		{ L4MM_A_STAT_MAX_BYTES, lim->max_bytes },
	};
	struct nlattr *nest;

	nest = nla_nest_start(msg, L4MM_A_STATS);
	if (!nest)
		return -EMSGSIZE;
	if (l4mm_put_stat_vals(msg, all, ARRAY_SIZE(all)) ||
	    (user && l4mm_put_stat_vals(msg, user, 2))) {
		nla_nest_cancel(msg, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return 0;
}

static int l4mm_put_stats(struct sk_buff *msg, struct l4mm_net *ln)
{
	struct l4mm_stat_val user[2] = {
		{ L4MM_A_STAT_USER_BYTES }, { L4MM_A_STAT_MAX_USER_BYTES },
	};
	struct l4mm_limits lim;
	struct l4mm_stats s;
	bool has_user;

	l4mm_net_stats(ln, &s, &lim);
	has_user = l4mm_owner_budget(&ln->owner, &user[0].val, &user[1].val);
	return l4mm_put_stats_nest(msg, &s, &lim, ln->sigma0_pages,
				   has_user ? user : NULL);
}

/**
 * l4mm_nl_stats_doit() - STATS: the counters of the caller's netns
 * @skb: the request
 * @info: no attributes
 *
 * Locking: none; the counters are the snapshot the last change left
 * (l4mm_net_stats()), consistent among themselves.
 * Return: 0 with the reply sent, or a negative errno.
 */
int l4mm_nl_stats_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct l4mm_reply rp;
	struct l4mm_net *ln;
	int err;

	err = l4mm_net_get(genl_info_net(info), info->extack, &ln);
	if (err)
		return err;
	err = l4mm_reply_new(&rp, info);
	if (err)
		return err;
	err = l4mm_put_stats(rp.msg, ln);
	return l4mm_reply_send(&rp, info, err);
}
