// SPDX-License-Identifier: GPL-2.0
/*
 * L4MM_CMD_BATCH: many mutating commands in one request and one kernel
 * entry, run in order through the same path as the single commands
 * (l4mm_cmd_exec()), with one reply that says how far the batch got and
 * why it stopped.  Each entry is one operation under the netns lock; the
 * batch is not: waiters get in between two entries, and a fatal signal
 * stops it there.
 */
#include <linux/kernel.h>
#include <linux/sched.h>
#include <net/genetlink.h>
#include <net/netlink.h>

#include <uapi/linux/l4mm.h>
#include "l4mm_core.h"
#include "netlink.h"
#include "nl_args.h"
#include "nl_cmds.h"
#include "nl_reply.h"
#include "pernet.h"

/*
 * Parse one L4MM_A_BATCH_CMD into @rq->tb.  The genl core validated its
 * attributes against the union policy already (NLA_POLICY_NESTED_ARRAY),
 * so the parse only fills the table.
 */
static int l4mm_batch_parse(const struct nlattr *entry, struct l4mm_req *rq)
{
	return __nla_parse(rq->tb, L4MM_CMD_MAXATTR, nla_data(entry),
			   nla_len(entry), NULL, NL_VALIDATE_LIBERAL, NULL);
}

/*
 * Check one entry: it is an L4MM_A_BATCH_CMD with a batchable command and
 * exactly that command's attributes.  Errors point at the entry or its
 * attribute.
 */
static int l4mm_batch_check(const struct nlattr *entry,
			    struct netlink_ext_ack *extack)
{
	struct nlattr *tb[L4MM_CMD_MAXATTR + 1];
	const struct l4mm_cmd_desc *desc;
	struct l4mm_req rq = {
		.tb = tb,
		.maxattr = L4MM_CMD_MAXATTR,
		.nest = entry,
		.extack = extack,
	};

	if (nla_type(entry) != L4MM_A_BATCH_CMD) {
		NL_SET_ERR_MSG_ATTR(extack, entry,
				    "batch entries must be L4MM_A_BATCH_CMD");
		return -EINVAL;
	}
	if (l4mm_batch_parse(entry, &rq))
		return -EINVAL;
	if (!tb[L4MM_A_CMD]) {
		NL_SET_ERR_ATTR_MISS(extack, entry, L4MM_A_CMD);
		return -EINVAL;
	}
	/* The policy's range leaves commands up to L4MM_BATCH_CMD_MAX. */
	desc = &l4mm_cmds[nla_get_u8(tb[L4MM_A_CMD])];
	if (!desc->fn) {
		NL_SET_ERR_MSG_ATTR(extack, tb[L4MM_A_CMD],
				    "command cannot be batched");
		return -EINVAL;
	}
	return l4mm_req_check(&rq, desc->attrs, desc->opt | L4MM_A(CMD));
}

/* Reject a malformed batch as a whole, before any command has run. */
static int l4mm_batch_validate(const struct nlattr *batch,
			       struct netlink_ext_ack *extack)
{
	const struct nlattr *entry;
	int rem, err;

	nla_for_each_nested(entry, batch, rem) {
		err = l4mm_batch_check(entry, extack);
		if (err)
			return err;
	}
	return 0;
}

/**
 * struct l4mm_batch_res - the outcome of a batch, for the reply
 * @done: commands that succeeded
 * @failed: commands that failed
 * @err_index: 0-based index of the first failure
 * @err: its negative errno
 * @err_msg: its extack message, never NULL if @failed
 */
struct l4mm_batch_res {
	u32 done;
	u32 failed;
	u32 err_index;
	int err;
	const char *err_msg;
};

/* Run one checked entry with its own extack, recording a failure. */
static bool l4mm_batch_one(struct l4mm_net *ln, struct net *net,
			   const struct nlattr *entry, u32 index,
			   struct l4mm_batch_res *br)
{
	struct nlattr *tb[L4MM_CMD_MAXATTR + 1];
	struct netlink_ext_ack extack = {};
	struct l4mm_cmd_out out = {};
	struct l4mm_req rq = {
		.tb = tb,
		.maxattr = L4MM_CMD_MAXATTR,
		.nest = entry,
		.extack = &extack,
	};
	int err;

	err = l4mm_batch_parse(entry, &rq);
	if (!err)
		err = l4mm_cmd_exec(ln, net, nla_get_u8(tb[L4MM_A_CMD]), &rq,
				    &out, NULL);
	if (!err) {
		br->done++;
		return true;
	}
	if (!br->failed++) {
		br->err_index = index;
		br->err = err;
		br->err_msg = extack._msg ?: "operation failed";
	}
	return false;
}

/* The batch stopped before entry @index: its requester is being killed. */
static void l4mm_batch_killed(u32 index, struct l4mm_batch_res *br)
{
	if (br->failed++)
		return;
	br->err_index = index;
	br->err = -EINTR;
	br->err_msg = "interrupted by a fatal signal: this entry and the ones after it did not run";
}

/*
 * Run the entries in order, each a whole operation under the lock held
 * for writing; between two entries stop if the requester is being killed
 * and let waiters in (l4mm_net_relax()).  Return: whether the lock is
 * still held.
 */
static bool l4mm_batch_run(struct l4mm_net *ln, struct net *net,
			   const struct nlattr *batch, bool force,
			   struct l4mm_batch_res *br)
{
	const struct nlattr *entry;
	u32 index = 0;
	int rem;

	nla_for_each_nested(entry, batch, rem) {
		if (index && l4mm_net_relax(ln)) {
			l4mm_batch_killed(index, br);
			return false;
		}
		if (!l4mm_batch_one(ln, net, entry, index++, br) && !force)
			break;
		cond_resched();
	}
	return true;
}

static int l4mm_put_batch(struct sk_buff *msg,
			  const struct l4mm_batch_res *br)
{
	if (nla_put_u32(msg, L4MM_A_BATCH_DONE, br->done) ||
	    nla_put_u32(msg, L4MM_A_BATCH_FAILED, br->failed))
		return -EMSGSIZE;
	if (!br->failed)
		return 0;
	if (nla_put_u32(msg, L4MM_A_BATCH_ERR_INDEX, br->err_index) ||
	    nla_put_u32(msg, L4MM_A_BATCH_ERRNO, -br->err) ||
	    nla_put_string(msg, L4MM_A_BATCH_ERR_MSG, br->err_msg))
		return -EMSGSIZE;
	return 0;
}

/**
 * l4mm_nl_batch_doit() - BATCH: run several mutating commands at once
 * @skb: the request
 * @info: L4MM_A_BATCH (nest of L4MM_A_BATCH_CMD) and optional L4MM_A_FLAGS
 *
 * The whole batch is checked first (the genl core validated every entry
 * against the policy; here: every entry has a batchable command and
 * exactly its attributes); a malformed one fails with nothing done.  Then
 * the commands run in order, each through l4mm_cmd_exec() with its own
 * extack.
 *
 * A fatal signal stops the batch between two entries: the entries before
 * L4MM_A_BATCH_ERR_INDEX ran (each completely), that one and the ones
 * after it did not.  An entry itself is atomic: one interrupted while it
 * was being prepared (an fpage map or grant) changed nothing.
 *
 * Locking: holds the netns for writing for each entry; between two
 * entries lets waiting readers and writers in.
 * Return: 0 with the reply (counts and first failure) sent, or a negative
 * errno for a malformed batch.
 */
int l4mm_nl_batch_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct l4mm_batch_res br = {};
	struct l4mm_reply rp;
	struct l4mm_net *ln;
	struct nlattr *batch;
	bool force = false;
	bool held;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, L4MM_A_BATCH))
		return -EINVAL;
	batch = info->attrs[L4MM_A_BATCH];
	err = l4mm_batch_validate(batch, info->extack);
	if (err)
		return err;
	if (info->attrs[L4MM_A_FLAGS])
		force = nla_get_u32(info->attrs[L4MM_A_FLAGS]) & L4MM_F_FORCE;
	err = l4mm_reply_begin(info, L4MM_HOLD_WRITE, &ln, &rp);
	if (err)
		return err;
	held = l4mm_batch_run(ln, genl_info_net(info), batch, force, &br);
	err = l4mm_put_batch(rp.msg, &br);
	if (!held)
		return l4mm_reply_changed(&rp, info, err);
	return l4mm_reply_end(info, L4MM_HOLD_WRITE, ln, &rp, err);
}
