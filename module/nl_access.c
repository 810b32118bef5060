// SPDX-License-Identifier: GPL-2.0
/*
 * L4MM_CMD_ACCESS: a simulated MMU access (docs/extensions.md 3).  The
 * address is translated through the space's page tables like the hardware
 * would: no mapping is a fault (-EFAULT), a mapping without the right is a
 * protection fault (-EACCES); otherwise the access sets the referenced,
 * written or executed bit of the mapping and the reply is the translation,
 * as LOOKUP gives it.  Batchable: it changes the status bits.
 */
#include <linux/kernel.h>
#include <net/netlink.h>

#include <uapi/linux/l4mm.h>
#include "l4mm_core.h"
#include "nl_args.h"
#include "nl_cmds.h"

/**
 * l4mm_cmd_access() - ACCESS: translate an address and set a status bit
 * @st: the netns state, locked
 * @rq: L4MM_A_NAME, L4MM_A_VADDR (any byte address), L4MM_A_ACCESS (a
 *	subset of rwx by policy; exactly one right)
 * @out: the space, the address and the translation, for the reply
 *
 * Return: 0, or -EINVAL, -ENOENT, -EFAULT or -EACCES with an extack
 * message.
 */
int l4mm_cmd_access(struct l4mm_state *st, const struct l4mm_req *rq,
		    struct l4mm_cmd_out *out)
{
	const struct nlattr *acc = rq->tb[L4MM_A_ACCESS];
	struct l4mm_space *sp;
	u8 a;
	int err;

	/* A subset of rwx by policy: a read, a write or an execute. */
	a = nla_get_u8(acc);
	if (a != L4MM_RIGHT_R && a != L4MM_RIGHT_W && a != L4MM_RIGHT_X) {
		NL_SET_ERR_MSG_ATTR(rq->extack, acc,
				    "ACCESS must be exactly one of r (4), w (2), x (1)");
		return -EINVAL;
	}
	err = l4mm_get_space(st, rq, L4MM_A_NAME, &sp);
	if (err)
		return err;
	/* In range by policy; an access may hit any byte. */
	out->va = (u32)nla_get_u64(rq->tb[L4MM_A_VADDR]);
	out->space = sp;
	err = l4mm_access(st, sp, out->va, a, &out->mi);
	switch (err) {
	case 0:
		return 0;
	case -EFAULT:
		NL_SET_ERR_MSG_ATTR(rq->extack, rq->tb[L4MM_A_VADDR],
				    "fault: nothing is mapped at VADDR");
		return err;
	case -EACCES:
		NL_SET_ERR_MSG_ATTR(rq->extack, acc,
				    "protection fault: the mapping at VADDR lacks the right of ACCESS");
		return err;
	default:
		return l4mm_core_err(rq, err);
	}
}
