// SPDX-License-Identifier: GPL-2.0
/*
 * L4MM_CMD_HWCHECK: let the ARM MMU translate through a space's tables and
 * report how it compares with the software walk (hwcheck_arm.c).  On any
 * other kernel (x86, arm64, 32-bit ARM with LPAE) the command exists but
 * says -EOPNOTSUPP, "not available on this kernel", so a user learns why
 * rather than seeing an unknown command.
 *
 * Locking: takes the netns lock for the whole check.
 */
#include <linux/mutex.h>
#include <net/genetlink.h>

#include "nl_internal.h"
#include "pernet.h"
#include "state.h"
#include "hwcheck.h"

static int l4mm_put_hwcheck(struct sk_buff *msg,
			    const struct l4mm_hwcheck_result *r)
{
	struct nlattr *nest;

	nest = nla_nest_start(msg, L4MM_A_HWCHECK);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(msg, L4MM_A_HWCHECK_PAGES, r->pages) ||
	    nla_put_u32(msg, L4MM_A_HWCHECK_UNMAPPED, r->unmapped) ||
	    nla_put_u32(msg, L4MM_A_HWCHECK_SKIPPED, r->skipped) ||
	    nla_put_u32(msg, L4MM_A_HWCHECK_MISMATCHES, r->mismatches))
		goto err_cancel;
	if (r->mismatches &&
	    (nla_put_u64_64bit(msg, L4MM_A_HWCHECK_BAD_VADDR, r->bad_va,
			       L4MM_A_HWCHECK_PAD) ||
	     nla_put_u64_64bit(msg, L4MM_A_HWCHECK_BAD_PAR, r->bad_par,
			       L4MM_A_HWCHECK_PAD) ||
	     (r->bad_mapped &&
	      nla_put_u64_64bit(msg, L4MM_A_HWCHECK_BAD_WANT, r->bad_want,
				L4MM_A_HWCHECK_PAD)) ||
	     (r->bad_write && nla_put_flag(msg, L4MM_A_HWCHECK_BAD_WRITE))))
		goto err_cancel;
	nla_nest_end(msg, nest);
	return 0;

err_cancel:
	nla_nest_cancel(msg, nest);
	return -EMSGSIZE;
}

/**
 * l4mm_nl_hwcheck_doit() - HWCHECK: the MMU's view of a space
 * @skb: the request
 * @info: L4MM_A_NAME
 *
 * Locking: takes the netns lock.
 * Return: 0 with the reply sent, or a negative errno (-EOPNOTSUPP where
 * the MMU cannot walk l4mm's tables).
 */
int l4mm_nl_hwcheck_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct l4mm_net *ln = l4mm_net(genl_info_net(info));
	struct l4mm_hwcheck_result r;
	const struct nlattr *name;
	struct l4mm_space *sp;
	struct sk_buff *msg;
	void *hdr;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, L4MM_A_NAME))
		return -EINVAL;
	name = info->attrs[L4MM_A_NAME];
	if (!l4mm_name_valid(nla_data(name))) {
		NL_SET_ERR_MSG_ATTR(info->extack, name, "invalid space name");
		return -EINVAL;
	}
	msg = l4mm_reply_new(info, &hdr);
	if (!msg)
		return -ENOMEM;

	mutex_lock(&ln->lock);
	sp = l4mm_space_find(ln->state, nla_data(name));
	if (!sp) {
		NL_SET_ERR_MSG_ATTR(info->extack, name, "space not found");
		err = -ENOENT;
	} else {
		err = l4mm_hwcheck(sp, &r);
		if (err == -EOPNOTSUPP)
			GENL_SET_ERR_MSG(info,
					 "not available on this kernel: it needs a 32-bit ARM kernel without LPAE (short-descriptor page tables)");
	}
	mutex_unlock(&ln->lock);
	if (!err)
		err = l4mm_put_hwcheck(msg, &r);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}
