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
#include "monitor.h"
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

/*
 * The request's attributes an event repeats: those the command takes;
 * for ACCESS what was asked only, its result says the rest.
 */
static u64 l4mm_cmd_event_attrs(u8 cmd)
{
	if (cmd == L4MM_CMD_ACCESS)
		return L4MM_A(ACCESS);
	return l4mm_cmds[cmd].attrs | l4mm_cmds[cmd].opt;
}

/**
 * l4mm_cmd_exec() - run one mutating command on a locked netns
 * @ln: the namespace state, locked for writing
 * @net: its netns: the one whose "monitor" listeners hear of the change
 * @cmd: a command of l4mm_cmds[] with a function
 * @rq: its attributes, the set checked (l4mm_req_check())
 * @out: what it produced
 * @mp: NULL, or where the record of the pages changed goes for a verbose
 *	reply (L4MM_A_EFFECTS; the caller frees it with l4mm_mon_free()); it
 *	may come back NULL (nothing recorded) or an error
 *
 * The one path of every mutating command, single or batched: the command
 * (its pages recorded when someone listens or @mp asks), then the
 * optional checker (check_after_op), whether it failed or not, then, if
 * it succeeded, its event to the listeners, still under the lock so that
 * events leave in the order of the changes.
 *
 * Return: the command's result, or -ENOMEM (nothing done) when the record
 * @mp asks for could not be allocated.
 */
int l4mm_cmd_exec(struct l4mm_net *ln, struct net *net, u8 cmd,
		  const struct l4mm_req *rq, struct l4mm_cmd_out *out,
		  struct l4mm_mon **mp)
{
	struct l4mm_mon *m;
	int err;

	l4mm_net_assert_locked(ln);
	m = l4mm_mon_begin(ln, net, mp);
	if (IS_ERR(m)) {
		NL_SET_ERR_MSG(rq->extack, "out of memory");
		return PTR_ERR(m);
	}
	err = l4mm_cmds[cmd].fn(ln->state, rq, out);
	l4mm_mon_end(ln, m);
	l4mm_net_after_op(ln);
	/* Without a record nobody listened, or the event is lost. */
	if (!err && m)
		l4mm_mon_event(ln, net, cmd, rq, l4mm_cmd_event_attrs(cmd),
			       out, 0, m);
	if (mp)
		*mp = m;
	else
		l4mm_mon_free(m);
	return err;
}

/* The commands whose single request may ask for their pages changed. */
static bool l4mm_cmd_has_effects(u8 cmd)
{
	return cmd == L4MM_CMD_MAP || cmd == L4MM_CMD_GRANT ||
	       cmd == L4MM_CMD_UNMAP || cmd == L4MM_CMD_FLUSH;
}

/**
 * l4mm_nl_mutate_doit() - CREATE, DESTROY, MAP, GRANT, UNMAP, FLUSH,
 *	ACCESS and STATUS
 * @skb: the request
 * @info: its attributes (validated by the union policy) and extack
 *
 * The reply is allocated before the state changes, so that a change is
 * never left unreported for want of memory.  With L4MM_A_EFFECTS (MAP,
 * GRANT, UNMAP, FLUSH only) it also lists the pages the command
 * installed and removed, as its event does; what does not fit is
 * counted in L4MM_A_EFFECTS_MORE.
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
	struct l4mm_mon *mon = NULL;
	struct l4mm_reply rp;
	struct l4mm_net *ln;
	bool effects;
	u64 opt;
	int err;

	if (WARN_ON_ONCE(cmd >= ARRAY_SIZE(l4mm_cmds) || !l4mm_cmds[cmd].fn))
		return -EOPNOTSUPP;
	/* A reply option: not in l4mm_cmds[], so no batch entry takes it. */
	opt = l4mm_cmds[cmd].opt;
	if (l4mm_cmd_has_effects(cmd))
		opt |= L4MM_A(EFFECTS);
	err = l4mm_req_check(&rq, l4mm_cmds[cmd].attrs, opt);
	if (err)
		return err;
	effects = info->attrs[L4MM_A_EFFECTS];
	err = l4mm_reply_begin(info, L4MM_HOLD_WRITE, &ln, &rp);
	if (err)
		return err;
	err = l4mm_cmd_exec(ln, genl_info_net(info), cmd, &rq, &out,
			    effects ? &mon : NULL);
	if (!err)
		err = l4mm_put_result(rp.msg, cmd, &out);
	/* What does not fit is counted (EFFECTS_MORE): no failure. */
	if (!err && !IS_ERR_OR_NULL(mon))
		l4mm_mon_put_effects(rp.msg, mon);
	err = l4mm_reply_end(info, L4MM_HOLD_WRITE, ln, &rp, err);
	l4mm_mon_free(mon);
	return err;
}
