// SPDX-License-Identifier: GPL-2.0
/*
 * Per-netns caps on what a caller can make the kernel allocate: spaces
 * (max_spaces) and mappings (max_mappings), module parameters writable at
 * run time by root.  They are checked in the glue before the core is
 * called, so a refused command leaves the state untouched, and they apply
 * to every netns separately: an unprivileged user-namespace owner can fill
 * its own netns up to the caps and no further.  The memory itself is also
 * charged to the caller's memory cgroup (env.c), which bounds a container
 * in bytes whatever the caps say.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/compiler.h>
#include <linux/moduleparam.h>
#include <net/netlink.h>

#include "l4mm_core.h"
#include "limits.h"

/* sigma0 counts: the defaults leave room for a full 2^20-page sigma0. */
static unsigned int l4mm_max_spaces = 4096;
static unsigned int l4mm_max_mappings = 4 << 20;

module_param_named(max_spaces, l4mm_max_spaces, uint, 0644);
MODULE_PARM_DESC(max_spaces,
		 "most address spaces per netns, sigma0 included (default 4096)");
module_param_named(max_mappings, l4mm_max_mappings, uint, 0644);
MODULE_PARM_DESC(max_mappings,
		 "most mapped pages per netns, all spaces together (default 4194304)");

/**
 * l4mm_limit_space() - may one more space be created in this netns?
 * @st: the netns state, locked
 * @attr: the attribute to blame (the new name)
 * @extack: for the message
 *
 * Return: 0, or -ENOSPC with an extack message.
 */
int l4mm_limit_space(const struct l4mm_state *st, const struct nlattr *attr,
		     struct netlink_ext_ack *extack)
{
	struct l4mm_stats s;

	l4mm_state_stats(st, &s);
	if (s.spaces < READ_ONCE(l4mm_max_spaces))
		return 0;
	NL_SET_ERR_MSG_ATTR(extack, attr,
			    "too many spaces in this netns (max_spaces)");
	return -ENOSPC;
}

/**
 * l4mm_limit_mapping() - may @pages more mappings be installed in this netns?
 * @st: the netns state, locked
 * @pages: the most mappings the operation installs
 * @attr: the attribute to blame (the destination)
 * @extack: for the message
 *
 * MAP and GRANT install at most one mapping per page of the (smaller of
 * the) fpage and receive window; a GRANT removes its sources afterwards,
 * but holds both for a moment, so that many free slots are needed.
 *
 * Return: 0, or -ENOSPC with an extack message.
 */
int l4mm_limit_mapping(const struct l4mm_state *st, u64 pages,
		       const struct nlattr *attr,
		       struct netlink_ext_ack *extack)
{
	struct l4mm_stats s;

	l4mm_state_stats(st, &s);
	if (s.mappings + pages <= READ_ONCE(l4mm_max_mappings))
		return 0;
	NL_SET_ERR_MSG_ATTR(extack, attr,
			    "too many mappings in this netns (max_mappings)");
	return -ENOSPC;
}
