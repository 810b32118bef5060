// SPDX-License-Identifier: GPL-2.0
/*
 * L4MM_CMD_MAP and L4MM_CMD_GRANT: the paper's map and grant of one page,
 * and of a flexpage into a region or a receive window with rights, cache
 * attribute and grant mode (docs/extensions.md 1, 2, 4, 6, 7).  Both are
 * batchable.
 */
#include <linux/kernel.h>
#include <net/netlink.h>

#include <uapi/linux/l4mm.h>
#include "l4mm_core.h"
#include "nl_args.h"
#include "nl_cmds.h"

static int l4mm_cmd_xfer(struct l4mm_state *st, const struct l4mm_req *rq,
			 struct l4mm_cmd_out *out, bool grant)
{
	struct l4mm_map_args a = {};
	int err;

	err = l4mm_get_map_args(st, rq, &a);
	if (err)
		return err;
	/*
	 * The limits are the core's: it charges exactly the mappings and
	 * tables the operation adds, once it knows them, so an operation
	 * that only removes never meets one and -ENXIO comes first.
	 */
	if (grant)
		err = l4mm_grant_fpage(st, &a, &out->res);
	else
		err = l4mm_map_fpage(st, &a, &out->res);
	return err ? l4mm_map_err(st, rq, &a, err) : 0;
}

/**
 * l4mm_cmd_map() - MAP: Virtual src,src_va installed at dst,va per page
 * @st: the netns state, locked
 * @rq: L4MM_A_SRC_NAME, L4MM_A_SRC_VADDR, L4MM_A_NAME, L4MM_A_VADDR and
 *	the options of an fpage map
 * @out: mappings removed and pages installed
 *
 * Return: 0, or a negative errno with an extack message naming the
 * attribute or the limit it is about: -ENOENT, -EINVAL, -EPERM, -ENXIO,
 * -ENOSPC (max_mappings), -EDQUOT (max_bytes, max_user_bytes), -EMLINK,
 * -ENOMEM, -EINTR (a fatal signal while it was being prepared; nothing
 * changed).
 */
int l4mm_cmd_map(struct l4mm_state *st, const struct l4mm_req *rq,
		 struct l4mm_cmd_out *out)
{
	return l4mm_cmd_xfer(st, rq, out, false);
}

/**
 * l4mm_cmd_grant() - GRANT: the source's entries move to dst,va
 * @st: the netns state, locked
 * @rq: as MAP, and the optional L4MM_A_GRANT_MODE
 * @out: mappings removed and pages installed
 *
 * Return: as l4mm_cmd_map().
 */
int l4mm_cmd_grant(struct l4mm_state *st, const struct l4mm_req *rq,
		   struct l4mm_cmd_out *out)
{
	return l4mm_cmd_xfer(st, rq, out, true);
}
