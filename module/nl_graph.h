/* SPDX-License-Identifier: GPL-2.0 */
/* L4MM_CMD_GRAPH (nl_graph.c): its policy and dump callbacks. */
#ifndef _L4MM_NL_GRAPH_H
#define _L4MM_NL_GRAPH_H

#include <net/genetlink.h>
#include <uapi/linux/l4mm.h>

extern const struct nla_policy l4mm_graph_policy[L4MM_A_GRAPH_LIMIT + 1];

int l4mm_nl_graph_start(struct netlink_callback *cb);
int l4mm_nl_graph_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int l4mm_nl_graph_done(struct netlink_callback *cb);

#endif /* _L4MM_NL_GRAPH_H */
