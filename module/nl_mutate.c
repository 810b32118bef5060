// SPDX-License-Identifier: GPL-2.0
/*
 * The mutating commands as single requests: the table that says which
 * attributes each command takes (shared with BATCH, nl_batch.c), the
 * runner that executes one command on a locked netns, and the do handler
 * of CREATE, DESTROY, MAP, GRANT, UNMAP, FLUSH, ACCESS and STATUS.  The
 * commands themselves are in nl_space.c, nl_map.c, nl_revoke.c,
 * nl_access.c and nl_status.c.
 */
#include <linux/kernel.h>
#include <net/genetlink.h>

#include <uapi/linux/l4mm.h>
#include "l4mm_core.h"
#include "netlink.h"
#include "nl_args.h"
#include "nl_cmds.h"
#include "nl_reply.h"
#include "pernet.h"

#define L4MM_ATTRS_PAGE		(L4MM_A(NAME) | L4MM_A(VADDR))
#define L4MM_ATTRS_MAP		(L4MM_ATTRS_PAGE | L4MM_A(SRC_NAME) | \
				 L4MM_A(SRC_VADDR))
#define L4MM_OPT_MAP		(L4MM_A(ORDER) | L4MM_A(SRC_ORDER) | \
				 L4MM_A(SND_BASE) | L4MM_A(RIGHTS) | \
				 L4MM_A(UNCACHED))

const struct l4mm_cmd_desc l4mm_cmds[L4MM_BATCH_CMD_MAX + 1] = {
	[L4MM_CMD_CREATE] = { l4mm_cmd_create, L4MM_A(NAME),
			      L4MM_A(KIP_VADDR) | L4MM_A(UTCB_VADDR) |
			      L4MM_A(UTCB_ORDER) },
	[L4MM_CMD_DESTROY] = { l4mm_cmd_destroy, L4MM_A(NAME) },
	[L4MM_CMD_MAP] = { l4mm_cmd_map, L4MM_ATTRS_MAP, L4MM_OPT_MAP },
	[L4MM_CMD_GRANT] = { l4mm_cmd_grant, L4MM_ATTRS_MAP,
			     L4MM_OPT_MAP | L4MM_A(GRANT_MODE) },
	[L4MM_CMD_UNMAP] = { l4mm_cmd_unmap, L4MM_ATTRS_PAGE,
			     L4MM_A(ORDER) | L4MM_A(RIGHTS) },
	[L4MM_CMD_FLUSH] = { l4mm_cmd_flush, L4MM_ATTRS_PAGE,
			     L4MM_A(ORDER) | L4MM_A(RIGHTS) },
	[L4MM_CMD_ACCESS] = { l4mm_cmd_access,
			      L4MM_ATTRS_PAGE | L4MM_A(ACCESS) },
	[L4MM_CMD_STATUS] = { l4mm_cmd_status, L4MM_ATTRS_PAGE,
			      L4MM_A(ORDER) },
};

/**
 * l4mm_cmd_exec() - run one mutating command on a locked netns
 * @ln: the namespace state, locked for writing
 * @cmd: a command of l4mm_cmds[] with a function
 * @rq: its attributes, the set checked (l4mm_req_check())
 * @out: what it produced
 *
 * The one path of every mutating command, single or batched: the command,
 * then the optional checker (check_after_op), whether it failed or not.
 *
 * Return: the command's result.
 */
int l4mm_cmd_exec(struct l4mm_net *ln, u8 cmd, const struct l4mm_req *rq,
		  struct l4mm_cmd_out *out)
{
	int err;

	l4mm_net_assert_locked(ln);
	err = l4mm_cmds[cmd].fn(ln->state, rq, out);
	l4mm_net_after_op(ln);
	return err;
}

/**
 * l4mm_nl_mutate_doit() - CREATE, DESTROY, MAP, GRANT, UNMAP, FLUSH,
 *	ACCESS and STATUS
 * @skb: the request
 * @info: its attributes (validated by the union policy) and extack
 *
 * The reply is allocated before the state changes, so that a change is
 * never left unreported for want of memory.
 *
 * Locking: takes the netns lock for writing around the command and the
 * reply fill.
 * Return: 0 with the reply sent, or a negative errno (state unchanged).
 */
int l4mm_nl_mutate_doit(struct sk_buff *skb, struct genl_info *info)
{
	u8 cmd = info->genlhdr->cmd;
	struct l4mm_cmd_out out = {};
	struct l4mm_req rq = {
		.tb = info->attrs,
		.maxattr = L4MM_CMD_MAXATTR,
		.extack = info->extack,
	};
	struct l4mm_reply rp;
	struct l4mm_net *ln;
	int err;

	if (WARN_ON_ONCE(cmd >= ARRAY_SIZE(l4mm_cmds) || !l4mm_cmds[cmd].fn))
		return -EOPNOTSUPP;
	err = l4mm_req_check(&rq, l4mm_cmds[cmd].attrs, l4mm_cmds[cmd].opt);
	if (err)
		return err;
	err = l4mm_reply_begin(info, L4MM_HOLD_WRITE, &ln, &rp);
	if (err)
		return err;
	err = l4mm_cmd_exec(ln, cmd, &rq, &out);
	if (!err)
		err = l4mm_put_result(rp.msg, cmd, &out);
	return l4mm_reply_end(info, L4MM_HOLD_WRITE, ln, &rp, err);
}
