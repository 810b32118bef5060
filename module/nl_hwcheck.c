// SPDX-License-Identifier: GPL-2.0
/*
 * L4MM_CMD_HWCHECK: let the ARM MMU translate through a space's tables and
 * report how it compares with the software walk (hwcheck_arm.c).  On any
 * other kernel (x86, arm64, 32-bit ARM with LPAE) the command exists but
 * says -EOPNOTSUPP, "not available on this kernel", so a user learns why
 * rather than seeing an unknown command.
 */
#include <linux/kernel.h>
#include <net/genetlink.h>
#include <net/netlink.h>

#include <uapi/linux/l4mm.h>
#include "l4mm_core.h"
#include "hwcheck.h"
#include "netlink.h"
#include "nl_args.h"
#include "nl_reply.h"
#include "pernet.h"

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

/* Check the space named by the request on a locked state. */
static int l4mm_run_hwcheck(const struct l4mm_state *st,
			    const struct l4mm_req *rq,
			    struct l4mm_hwcheck_result *r)
{
	struct l4mm_space *sp;
	int err;

	err = l4mm_get_space(st, rq, L4MM_A_NAME, &sp);
	if (err)
		return err;
	err = l4mm_hwcheck(st, sp, r);
	if (err == -EOPNOTSUPP)
		NL_SET_ERR_MSG(rq->extack,
			       "not available on this kernel: it needs a 32-bit ARM kernel without LPAE (short-descriptor page tables)");
	return err;
}

/**
 * l4mm_nl_hwcheck_doit() - HWCHECK: the MMU's view of a space
 * @skb: the request
 * @info: L4MM_A_NAME
 *
 * Locking: takes the netns lock for writing: the test corrupter
 * (hwcheck_inject.c) may rewrite a descriptor for a moment.
 * Return: 0 with the reply sent, or a negative errno (-EOPNOTSUPP where
 * the MMU cannot walk l4mm's tables).
 */
int l4mm_nl_hwcheck_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct l4mm_req rq = {
		.tb = info->attrs,
		.maxattr = L4MM_A_NAME,
		.extack = info->extack,
	};
	struct l4mm_hwcheck_result r;
	struct l4mm_reply rp;
	struct l4mm_net *ln;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, L4MM_A_NAME))
		return -EINVAL;
	err = l4mm_reply_begin(info, L4MM_HOLD_WRITE, &ln, &rp);
	if (err)
		return err;
	err = l4mm_run_hwcheck(ln->state, &rq, &r);
	if (!err)
		err = l4mm_put_hwcheck(rp.msg, &r);
	return l4mm_reply_end(info, L4MM_HOLD_WRITE, ln, &rp, err);
}
