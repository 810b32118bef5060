// SPDX-License-Identifier: GPL-2.0
/*
 * L4MM_CMD_CREATE and L4MM_CMD_DESTROY: a space comes and goes.  CREATE
 * takes a name and the optional reserved regions (docs/extensions.md 5);
 * DESTROY flushes every page of the space first, so that everything
 * derived from it goes too.  Both are batchable.
 */
#include <linux/kernel.h>
#include <net/netlink.h>

#include <uapi/linux/l4mm.h>
#include "l4mm_core.h"
#include "nl_args.h"
#include "nl_cmds.h"

/**
 * l4mm_cmd_create() - CREATE: a new, empty space
 * @st: the netns state, locked
 * @rq: L4MM_A_NAME and the optional L4MM_A_KIP_VADDR, L4MM_A_UTCB_VADDR,
 *	L4MM_A_UTCB_ORDER
 * @out: out->space gets the new space
 *
 * Return: 0, or -EINVAL, -EEXIST, -ENOSPC (max_spaces, ids, kernel
 * frames), -EDQUOT (max_bytes, max_user_bytes) or -ENOMEM with an extack
 * message.
 */
int l4mm_cmd_create(struct l4mm_state *st, const struct l4mm_req *rq,
		    struct l4mm_cmd_out *out)
{
	struct l4mm_space_opts o = {};
	int err;

	err = l4mm_get_name(rq, L4MM_A_NAME);
	if (err)
		return err;
	err = l4mm_get_space_opts(rq, &o);
	if (err)
		return err;
	err = l4mm_space_create_opts(st, nla_data(rq->tb[L4MM_A_NAME]), &o,
				     &out->space);
	if (err == -EEXIST) {
		NL_SET_ERR_MSG_ATTR(rq->extack, rq->tb[L4MM_A_NAME],
				    "space already exists");
		return err;
	}
	if (l4mm_limit_err(st, rq, err))
		return err;
	if (err == -ENOSPC && (o.kip || o.utcb_order)) {
		/* Ids run out only far beyond max_spaces: the frames did. */
		NL_SET_ERR_MSG_ATTR(rq->extack,
				    rq->tb[o.utcb_order ? L4MM_A_UTCB_VADDR :
					   L4MM_A_KIP_VADDR],
				    "no kernel frame left for the KIP page or UTCB area");
		return err;
	}
	return err ? l4mm_core_err(rq, err) : 0;
}

/**
 * l4mm_cmd_destroy() - DESTROY: flush every page of a space, then remove it
 * @st: the netns state, locked
 * @rq: L4MM_A_NAME
 * @out: out->res.removed gets the mappings removed in all spaces
 *
 * Return: 0, or -EINVAL, -ENOENT or -EPERM (sigma0) with an extack
 * message.
 */
int l4mm_cmd_destroy(struct l4mm_state *st, const struct l4mm_req *rq,
		     struct l4mm_cmd_out *out)
{
	struct l4mm_space *sp;
	int err;

	err = l4mm_get_space(st, rq, L4MM_A_NAME, &sp);
	if (err)
		return err;
	err = l4mm_space_destroy(st, sp, &out->res);
	if (err == -EPERM) {
		NL_SET_ERR_MSG_ATTR(rq->extack, rq->tb[L4MM_A_NAME],
				    "sigma0 cannot be destroyed");
		return err;
	}
	return err ? l4mm_core_err(rq, err) : 0;
}
