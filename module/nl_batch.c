// SPDX-License-Identifier: GPL-2.0
/*
 * L4MM_CMD_BATCH: many mutating commands in one request and one kernel
 * entry, run in order under one hold of the netns mutex, with one reply
 * that says how far the batch got and why it stopped.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/lockdep.h>
#include <linux/mutex.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include <net/sock.h>

#include <uapi/linux/l4mm.h>
#include "l4mm_core.h"
#include "monitor.h"
#include "nl_internal.h"
#include "pernet.h"

/* The attribute of type in entry (the last one, as nla_parse does). */
static const struct nlattr *l4mm_batch_attr(const struct nlattr *entry,
					    unsigned int type)
{
	const struct nlattr *attr, *found = NULL;
	int rem;

	nla_for_each_nested(attr, entry, rem)
		if (nla_type(attr) == type)
			found = attr;
	return found;
}

/*
 * Check one L4MM_A_BATCH_CMD without parsing it into a table: it has a
 * batchable command and exactly that command's attributes.  The genl core
 * validated every entry's attributes against l4mm_batch_cmd_policy
 * already (NLA_POLICY_NESTED_ARRAY), so a walk that collects their types
 * is all that is left; the entry is parsed once, when it runs.  Errors
 * point at the entry or its attribute.
 */
static int l4mm_batch_check(const struct nlattr *entry,
			    struct netlink_ext_ack *extack)
{
	const struct l4mm_cmd_desc *desc;
	const struct nlattr *attr, *cmd;
	unsigned int type;
	u64 seen = 0;
	int rem;

	if (nla_type(entry) != L4MM_A_BATCH_CMD) {
		NL_SET_ERR_MSG_ATTR(extack, entry,
				    "batch entries must be L4MM_A_BATCH_CMD");
		return -EINVAL;
	}
	nla_for_each_nested(attr, entry, rem) {
		/* The policy refused any other type: just in case. */
		if (WARN_ON_ONCE(nla_type(attr) > L4MM_BATCH_MAXATTR))
			return -EINVAL;
		seen |= BIT_ULL(nla_type(attr));
	}
	cmd = l4mm_batch_attr(entry, L4MM_A_CMD);
	if (!cmd) {
		NL_SET_ERR_ATTR_MISS(extack, entry, L4MM_A_CMD);
		return -EINVAL;
	}
	/* The policy's range leaves commands up to L4MM_BATCH_CMD_MAX. */
	desc = &l4mm_cmds[nla_get_u8(cmd)];
	if (!desc->fn) {
		NL_SET_ERR_MSG_ATTR(extack, cmd, "command cannot be batched");
		return -EINVAL;
	}
	seen &= ~BIT_ULL(L4MM_A_CMD);
	for (type = L4MM_A_UNSPEC + 1; type <= L4MM_BATCH_MAXATTR; type++) {
		if ((seen & BIT_ULL(type)) &&
		    !((desc->attrs | desc->opt) & BIT_ULL(type))) {
			NL_SET_ERR_MSG_ATTR(extack, l4mm_batch_attr(entry, type),
					    "attribute not valid for this command");
			return -EINVAL;
		}
		if ((desc->attrs & BIT_ULL(type)) && !(seen & BIT_ULL(type))) {
			NL_SET_ERR_ATTR_MISS(extack, entry, type);
			return -EINVAL;
		}
	}
	return 0;
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

/*
 * Run one checked entry with its own extack, recording a failure.  The
 * entry was validated (policy, then l4mm_batch_check()): parse it into the
 * table without a policy, which only fills tb.
 */
static bool l4mm_batch_one(struct l4mm_net *ln, struct net *net,
			   const struct nlattr *entry, u32 index,
			   struct l4mm_batch_res *br)
{
	struct nlattr *tb[L4MM_BATCH_MAXATTR + 1];
	struct netlink_ext_ack extack = {};
	struct l4mm_cmd_out out = {};
	struct l4mm_req rq = {
		.tb = tb,
		.nest = entry,
		.extack = &extack,
	};
	int err;

	lockdep_assert_held(&ln->lock);
	err = __nla_parse(tb, L4MM_BATCH_MAXATTR, nla_data(entry),
			  nla_len(entry), NULL, NL_VALIDATE_LIBERAL, NULL);
	if (!err)
		err = l4mm_mon_run(ln, net, nla_get_u8(tb[L4MM_A_CMD]), &rq,
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

static void l4mm_batch_run(struct l4mm_net *ln, struct net *net,
			   const struct nlattr *batch, bool force,
			   struct l4mm_batch_res *br)
{
	const struct nlattr *entry;
	u32 index = 0;
	int rem;

	lockdep_assert_held(&ln->lock);
	nla_for_each_nested(entry, batch, rem) {
		if (!l4mm_batch_one(ln, net, entry, index++, br) && !force)
			break;
		cond_resched();
	}
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
 * exactly its attributes); a malformed one fails with nothing done.  Then the
 * commands run in order under one hold of the netns lock, through the same
 * functions as the single commands, each with its own extack.
 *
 * Locking: takes the netns lock once for all the commands.
 * Return: 0 with the reply (counts and first failure) sent, or a negative
 * errno for a malformed batch.
 */
int l4mm_nl_batch_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct l4mm_net *ln = l4mm_net(genl_info_net(info));
	struct l4mm_batch_res br = {};
	struct nlattr *batch;
	struct sk_buff *msg;
	bool force = false;
	void *hdr;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, L4MM_A_BATCH))
		return -EINVAL;
	batch = info->attrs[L4MM_A_BATCH];
	err = l4mm_batch_validate(batch, info->extack);
	if (err)
		return err;
	if (info->attrs[L4MM_A_FLAGS])
		force = nla_get_u32(info->attrs[L4MM_A_FLAGS]) & L4MM_F_FORCE;
	msg = l4mm_reply_new(info, &hdr);
	if (!msg)
		return -ENOMEM;

	mutex_lock(&ln->lock);
	l4mm_batch_run(ln, genl_info_net(info), batch, force, &br);
	mutex_unlock(&ln->lock);

	err = l4mm_put_batch(msg, &br);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	genlmsg_end(msg, hdr);
	/* Commands ran: an undeliverable reply must not read as failure. */
	genlmsg_reply(msg, info);
	return 0;
}
