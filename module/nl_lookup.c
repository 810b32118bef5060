// SPDX-License-Identifier: GPL-2.0
/*
 * L4MM_CMD_LOOKUP: where a page is mapped from.  One page-table walk: the
 * frame is in the leaf, the direct source one pointer away in the MDB
 * node, whatever the length or width of the derivation tree.
 */
#include <linux/kernel.h>
#include <net/genetlink.h>

#include <uapi/linux/l4mm.h>
#include "l4mm_core.h"
#include "netlink.h"
#include "nl_args.h"
#include "nl_reply.h"
#include "pernet.h"

/* The reply body: an unmapped page is no error, it just has no PADDR. */
static int l4mm_lookup_put(struct sk_buff *msg, const struct l4mm_state *st,
			   const struct l4mm_req *rq)
{
	struct l4mm_mapping_info mi;
	struct l4mm_space *sp;
	u32 va;
	int err;

	err = l4mm_get_page(st, rq, &sp, &va);
	if (err)
		return err;
	if (l4mm_lookup(st, sp, va, &mi))
		return l4mm_put_page(msg, sp, va, NULL);
	return l4mm_put_page(msg, sp, va, &mi);
}

/**
 * l4mm_nl_lookup_doit() - LOOKUP: where a page is mapped from
 * @skb: the request
 * @info: L4MM_A_NAME and L4MM_A_VADDR
 *
 * Locking: takes the netns lock for reading.
 * Return: 0 with the reply sent, or a negative errno.
 */
int l4mm_nl_lookup_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct l4mm_req rq = {
		.tb = info->attrs,
		.maxattr = L4MM_A_VADDR,
		.extack = info->extack,
	};
	struct l4mm_reply rp;
	struct l4mm_net *ln;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, L4MM_A_NAME) ||
	    GENL_REQ_ATTR_CHECK(info, L4MM_A_VADDR))
		return -EINVAL;
	err = l4mm_reply_begin(info, L4MM_HOLD_READ, &ln, &rp);
	if (err)
		return err;
	err = l4mm_lookup_put(rp.msg, ln->state, &rq);
	return l4mm_reply_end(info, L4MM_HOLD_READ, ln, &rp, err);
}
