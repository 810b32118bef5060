// SPDX-License-Identifier: GPL-2.0
/*
 * L4MM_CMD_STATUS: read and clear the status bits of an fpage's pages and
 * of every mapping derived from them, revoking nothing (X.2 L4_GetStatus;
 * docs/extensions.md 3).  Batchable: it changes the status bits.
 */
#include <linux/kernel.h>
#include <net/netlink.h>

#include <uapi/linux/l4mm.h>
#include "l4mm_core.h"
#include "nl_args.h"
#include "nl_cmds.h"

/**
 * l4mm_cmd_status() - STATUS: read and clear the status bits of an fpage
 * @st: the netns state, locked
 * @rq: L4MM_A_NAME, L4MM_A_VADDR and the optional L4MM_A_ORDER
 * @out: out->res.status gets the OR of the bits
 *
 * Return: 0, or -ENOENT, -EINVAL (misaligned), -EPERM (a reserved
 * region) or -ENXIO (no page of the fpage is mapped) with an extack
 * message.
 */
int l4mm_cmd_status(struct l4mm_state *st, const struct l4mm_req *rq,
		    struct l4mm_cmd_out *out)
{
	struct l4mm_space *sp;
	u8 order;
	u32 va;
	int err;

	err = l4mm_get_fpage_in(st, rq, &sp, &va, &order);
	if (err)
		return err;
	err = l4mm_status_fpage(st, sp, va, order, &out->res);
	if (err == -EPERM &&
	    l4mm_reserved_err(rq, sp, va, order, L4MM_A_VADDR))
		return err;
	if (err == -ENXIO) {
		NL_SET_ERR_MSG_ATTR(rq->extack, rq->tb[L4MM_A_VADDR],
				    "no page of the fpage is mapped");
		return err;
	}
	return err ? l4mm_core_err(rq, err) : 0;
}
