// SPDX-License-Identifier: GPL-2.0
/*
 * L4MM_CMD_CONFIG: the settings of the caller's netns; for now the default
 * grant mode (docs/extensions.md 6), kept in the netns's core state.
 * Reading is open to everyone; setting needs CAP_NET_ADMIN over the user
 * namespace owning the netns, as every mutating command does.
 */
#include <linux/capability.h>
#include <linux/kernel.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include <net/sock.h>

#include <uapi/linux/l4mm.h>
#include "l4mm_core.h"
#include "monitor.h"
#include "netlink.h"
#include "nl_reply.h"
#include "pernet.h"

/**
 * l4mm_nl_config_doit() - CONFIG: show and optionally set the grant mode
 * @skb: the request
 * @info: the optional L4MM_A_GRANT_MODE (1..2 by policy)
 *
 * Locking: holds the netns, for writing only to set.
 * Return: 0 with the reply (the mode now in force) sent, or -EPERM
 * (setting without CAP_NET_ADMIN) or -ENOMEM.
 */
int l4mm_nl_config_doit(struct sk_buff *skb, struct genl_info *info)
{
	const struct nlattr *attr = info->attrs[L4MM_A_GRANT_MODE];
	struct net *net = genl_info_net(info);
	enum l4mm_grant_mode mode;
	struct l4mm_reply rp;
	enum l4mm_hold hold;
	struct l4mm_net *ln;
	int err;

	/* What GENL_UNS_ADMIN_PERM checks, for the setting only. */
	if (attr && !netlink_ns_capable(skb, net->user_ns, CAP_NET_ADMIN)) {
		NL_SET_ERR_MSG_ATTR(info->extack, attr,
				    "setting GRANT_MODE needs CAP_NET_ADMIN");
		return -EPERM;
	}
	hold = attr ? L4MM_HOLD_WRITE : L4MM_HOLD_READ;
	err = l4mm_reply_begin(info, hold, &ln, &rp);
	if (err)
		return err;
	if (attr)
		l4mm_state_set_grant_mode(ln->state,
					  nla_get_u8(attr) ==
					  L4MM_GRANT_MODE_KEEP ?
					  L4MM_GRANT_KEEP : L4MM_GRANT_PAPER);
	mode = l4mm_state_grant_mode(ln->state);
	/* Under the write hold: events keep the order of the changes. */
	if (attr)
		l4mm_mon_event(ln, net, L4MM_CMD_CONFIG, NULL, 0, NULL,
			       mode == L4MM_GRANT_KEEP ? L4MM_GRANT_MODE_KEEP :
			       L4MM_GRANT_MODE_PAPER, NULL);
	if (nla_put_u8(rp.msg, L4MM_A_GRANT_MODE,
		       mode == L4MM_GRANT_KEEP ? L4MM_GRANT_MODE_KEEP :
		       L4MM_GRANT_MODE_PAPER))
		err = -EMSGSIZE;
	return l4mm_reply_end(info, hold, ln, &rp, err);
}
