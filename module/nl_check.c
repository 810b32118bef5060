// SPDX-License-Identifier: GPL-2.0
/*
 * L4MM_CMD_CHECK: the live checker on demand (see uapi/linux/l4mm.h).
 * The same core checks run after every operation when the check_after_op
 * module parameter is set (pernet.c); here they answer a request, and the
 * first violation goes back to the caller in L4MM_A_CHECK_VIOLATION,
 * since 6.1's extack cannot carry a formatted message.
 *
 * A debugging command: administrators of the initial user namespace only
 * (GENL_ADMIN_PERM), whatever netns they check.  The checker is linear in
 * the state and yields; it stops on a fatal signal.  It holds the netns
 * for reading: other readers run meanwhile, writers wait.
 */
#include <linux/kernel.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include <net/netlink.h>

#include <uapi/linux/l4mm.h>
#include "l4mm_core.h"
#include "netlink.h"
#include "nl_args.h"
#include "nl_reply.h"
#include "pernet.h"

/* Long enough for any message of module/core/check*.c. */
#define L4MM_CHECK_MSG_LEN	256

struct l4mm_check_res {
	u32 spaces;
	u64 mappings;
	int err;
	char msg[L4MM_CHECK_MSG_LEN];
};

static int l4mm_put_check(struct sk_buff *msg,
			  const struct l4mm_check_res *res)
{
	struct nlattr *nest;

	nest = nla_nest_start(msg, L4MM_A_CHECK);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(msg, L4MM_A_CHECK_SPACES, res->spaces) ||
	    nla_put_u64_64bit(msg, L4MM_A_CHECK_MAPPINGS, res->mappings,
			      L4MM_A_CHECK_PAD) ||
	    (res->err && nla_put_string(msg, L4MM_A_CHECK_VIOLATION,
					res->msg))) {
		nla_nest_cancel(msg, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return 0;
}

/* Run the checker on a locked state; -errno only if it could not run. */
static int l4mm_run_check(const struct l4mm_state *st,
			  const struct l4mm_req *rq,
			  struct l4mm_check_res *res)
{
	struct l4mm_stats stats;
	struct l4mm_space *sp;
	int err;

	if (rq->tb[L4MM_A_NAME]) {
		err = l4mm_get_space(st, rq, L4MM_A_NAME, &sp);
		if (err)
			return err;
		res->spaces = 1;
		res->mappings = l4mm_space_pages(sp);
		res->err = l4mm_space_check(st, sp, res->msg,
					    sizeof(res->msg));
	} else {
		l4mm_state_stats(st, &stats);
		res->spaces = stats.spaces;
		res->mappings = stats.mappings;
		res->err = l4mm_state_check(st, res->msg, sizeof(res->msg));
	}
	if (res->err == -ENOMEM) {
		NL_SET_ERR_MSG(rq->extack, "out of memory for the checker");
		return -ENOMEM;
	}
	if (res->err == -EINTR) {
		NL_SET_ERR_MSG(rq->extack, "check interrupted by a fatal signal");
		return -EINTR;
	}
	return 0;
}

/**
 * l4mm_nl_check_doit() - CHECK: run the live checker
 * @skb: the request
 * @info: L4MM_A_NAME optional
 *
 * Locking: takes the netns lock for reading for the duration of the check.
 * Return: 0 with the reply sent (violation or not), or a negative errno
 * (-ENOENT, -ENOMEM, -EINTR).
 */
int l4mm_nl_check_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct l4mm_req rq = {
		.tb = info->attrs,
		.maxattr = L4MM_A_NAME,
		.extack = info->extack,
	};
	struct l4mm_check_res *res;
	struct l4mm_reply rp;
	struct l4mm_net *ln;
	int err;

	res = kzalloc(sizeof(*res), GFP_KERNEL);
	if (!res)
		return -ENOMEM;
	err = l4mm_reply_begin(info, L4MM_HOLD_READ, &ln, &rp);
	if (err)
		goto out_free;
	err = l4mm_run_check(ln->state, &rq, res);
	if (!err)
		err = l4mm_put_check(rp.msg, res);
	err = l4mm_reply_end(info, L4MM_HOLD_READ, ln, &rp, err);
out_free:
	kfree(res);
	return err;
}
