/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The "monitor" multicast group and the record of what an operation did
 * (monitor.c): events for listeners, effects for verbose replies.
 */
#ifndef _L4MM_MONITOR_H
#define _L4MM_MONITOR_H

#include <linux/types.h>
#include <net/genetlink.h>

struct net;
struct sk_buff;
struct l4mm_net;
struct l4mm_req;
struct l4mm_cmd_out;
struct l4mm_mon;

/* Index of the group in the family's mcgrps (the uapi names it). */
enum { L4MM_MCGRP_MONITOR_IDX, L4MM_MCGRP_COUNT };

extern const struct genl_multicast_group l4mm_mcgrps[L4MM_MCGRP_COUNT];

void l4mm_mon_init(const struct genl_family *family);
struct l4mm_mon *l4mm_mon_begin(struct l4mm_net *ln, struct net *net,
				bool reply);
void l4mm_mon_end(struct l4mm_net *ln, struct l4mm_mon *m);
void l4mm_mon_free(struct l4mm_mon *m);
int l4mm_mon_put_effects(struct sk_buff *msg, const struct l4mm_mon *m);
void l4mm_mon_event(struct l4mm_net *ln, struct net *net, u8 cmd,
		    const struct l4mm_req *rq, u64 attrs,
		    const struct l4mm_cmd_out *out, u8 mode,
		    const struct l4mm_mon *m);

#endif /* _L4MM_MONITOR_H */
