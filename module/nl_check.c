// SPDX-License-Identifier: GPL-2.0
/*
 * L4MM_CMD_CHECK: the live checker on demand (see uapi/linux/l4mm.h).
 * The same core checks run after every operation when the check_after_op
 * module parameter is set (pernet.c); here they answer a request, and the
 * first violation goes back to the caller in L4MM_A_CHECK_VIOLATION,
 * since 6.1's extack cannot carry a formatted message.
 *
 * Locking: the netns mutex is held for the whole check, which is O(state).
 */
#include <linux/kernel.h>
#include <linux/mutex.h>
#include <net/genetlink.h>
#include <net/netlink.h>

#include <uapi/linux/l4mm.h>
#include "l4mm_core.h"
#include "nl_internal.h"
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

/* Run the checker with the lock held; -errno only if it could not run. */
static int l4mm_run_check(struct l4mm_net *ln, struct genl_info *info,
			  struct l4mm_check_res *res)
{
	const struct nlattr *name = info->attrs[L4MM_A_NAME];
	struct l4mm_stats stats;
	struct l4mm_space *sp;

	lockdep_assert_held(&ln->lock);
	if (name) {
		sp = l4mm_space_find(ln->state, nla_data(name));
		if (!sp) {
			NL_SET_ERR_MSG_ATTR(info->extack, name,
					    "space not found");
			return -ENOENT;
		}
		res->spaces = 1;
		res->mappings = l4mm_space_pages(sp);
		res->err = l4mm_space_check(ln->state, sp, res->msg,
					    sizeof(res->msg));
	} else {
		l4mm_state_stats(ln->state, &stats);
		res->spaces = stats.spaces;
		res->mappings = stats.mappings;
		res->err = l4mm_state_check(ln->state, res->msg,
					    sizeof(res->msg));
	}
	if (res->err == -ENOMEM) {
		NL_SET_ERR_MSG(info->extack, "out of memory for the checker");
		return -ENOMEM;
	}
	return 0;
}

/**
 * l4mm_nl_check_doit() - CHECK: run the live checker
 * @skb: the request
 * @info: L4MM_A_NAME optional
 *
 * Locking: takes the netns lock for the duration of the check.
 * Return: 0 with the reply sent (violation or not), or a negative errno.
 */
int l4mm_nl_check_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct l4mm_net *ln = l4mm_net(genl_info_net(info));
	struct l4mm_check_res *res;
	struct sk_buff *msg;
	void *hdr;
	int err;

	res = kzalloc(sizeof(*res), GFP_KERNEL);
	if (!res)
		return -ENOMEM;
	msg = l4mm_reply_new(info, &hdr);
	if (!msg) {
		kfree(res);
		return -ENOMEM;
	}

	mutex_lock(&ln->lock);
	err = l4mm_run_check(ln, info, res);
	mutex_unlock(&ln->lock);

	if (!err)
		err = l4mm_put_check(msg, res);
	kfree(res);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}
