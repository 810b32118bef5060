/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-netns caps on spaces and mappings (module parameters max_spaces and
 * max_mappings), checked by the command handlers before the core runs.
 */
#ifndef _L4MM_LIMITS_H
#define _L4MM_LIMITS_H

#include <linux/types.h>

struct l4mm_state;
struct nlattr;
struct netlink_ext_ack;

int l4mm_limit_space(const struct l4mm_state *st, const struct nlattr *attr,
		     struct netlink_ext_ack *extack);
int l4mm_limit_mapping(const struct l4mm_state *st, u64 pages,
		       const struct nlattr *attr,
		       struct netlink_ext_ack *extack);

#endif /* _L4MM_LIMITS_H */
