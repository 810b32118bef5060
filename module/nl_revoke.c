// SPDX-License-Identifier: GPL-2.0
/*
 * L4MM_CMD_UNMAP and L4MM_CMD_FLUSH: revoke the rights of an fpage's
 * pages from everything derived from them (unmap), and from the pages
 * themselves too (flush); revoking r removes the mappings.  Both are
 * batchable and read and clear the status bits of what they touch.
 */
#include <linux/kernel.h>
#include <net/netlink.h>

#include <uapi/linux/l4mm.h>
#include "l4mm_core.h"
#include "nl_args.h"
#include "nl_cmds.h"

static int l4mm_cmd_revoke(struct l4mm_state *st, const struct l4mm_req *rq,
			   struct l4mm_cmd_out *out, bool flush)
{
	const struct nlattr *attr = rq->tb[L4MM_A_RIGHTS];
	u8 rights = L4MM_CORE_RWX, order;
	struct l4mm_space *sp;
	u32 va;
	int err;

	err = l4mm_get_fpage_in(st, rq, &sp, &va, &order);
	if (err)
		return err;
	if (attr)
		rights = nla_get_u8(attr);
	if (!rights) {
		NL_SET_ERR_MSG_ATTR(rq->extack, attr,
				    "RIGHTS to revoke must not be empty");
		return -EINVAL;
	}
	if (flush)
		err = l4mm_flush_fpage(st, sp, va, order, rights, &out->res);
	else
		err = l4mm_unmap_fpage(st, sp, va, order, rights, &out->res);
	if (err == -EPERM &&
	    l4mm_reserved_err(rq, sp, va, order, L4MM_A_VADDR))
		return err;
	return err ? l4mm_core_err(rq, err) : 0;
}

/**
 * l4mm_cmd_unmap() - UNMAP: revoke from everything derived from an fpage
 * @st: the netns state, locked
 * @rq: L4MM_A_NAME, L4MM_A_VADDR and the optional L4MM_A_ORDER and
 *	L4MM_A_RIGHTS (to revoke, default rwx)
 * @out: mappings removed and the OR of their status bits
 *
 * Return: 0, or -EINVAL, -ENOENT or -EPERM with an extack message.
 */
int l4mm_cmd_unmap(struct l4mm_state *st, const struct l4mm_req *rq,
		   struct l4mm_cmd_out *out)
{
	return l4mm_cmd_revoke(st, rq, out, false);
}

/**
 * l4mm_cmd_flush() - FLUSH: unmap, and revoke from the fpage itself
 * @st: the netns state, locked
 * @rq: as UNMAP
 * @out: as UNMAP
 *
 * Return: as l4mm_cmd_unmap().
 */
int l4mm_cmd_flush(struct l4mm_state *st, const struct l4mm_req *rq,
		   struct l4mm_cmd_out *out)
{
	return l4mm_cmd_revoke(st, rq, out, true);
}
