/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The "l4mm" generic netlink family (netlink.c; uapi/linux/l4mm.h is its
 * contract): registration, and what its ops table points at, one handler
 * per command in the nl_*.c files.
 */
#ifndef _L4MM_NETLINK_H
#define _L4MM_NETLINK_H

#include <net/genetlink.h>
#include <uapi/linux/l4mm.h>

int l4mm_genl_init(void);
void l4mm_genl_exit(void);

/* nl_bench.c: BENCH's own policy, for the ops table. */
extern const struct nla_policy l4mm_bench_policy[L4MM_A_BENCH + 1];

int l4mm_nl_mutate_doit(struct sk_buff *skb, struct genl_info *info);
int l4mm_nl_batch_doit(struct sk_buff *skb, struct genl_info *info);
int l4mm_nl_lookup_doit(struct sk_buff *skb, struct genl_info *info);
int l4mm_nl_stats_doit(struct sk_buff *skb, struct genl_info *info);
int l4mm_nl_list_start(struct netlink_callback *cb);
int l4mm_nl_list_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int l4mm_nl_dump_start(struct netlink_callback *cb);
int l4mm_nl_dump_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int l4mm_nl_dump_done(struct netlink_callback *cb);
int l4mm_nl_check_doit(struct sk_buff *skb, struct genl_info *info);
int l4mm_nl_hwcheck_doit(struct sk_buff *skb, struct genl_info *info);
int l4mm_nl_bench_doit(struct sk_buff *skb, struct genl_info *info);
int l4mm_nl_config_doit(struct sk_buff *skb, struct genl_info *info);

#endif /* _L4MM_NETLINK_H */
