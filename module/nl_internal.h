/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the files of the l4mm netlink family share: the family, the
 * request and result of a mutating command, the table of mutating
 * commands (used by the single commands and by BATCH) and the handlers
 * the ops table in netlink.c points at.
 */
#ifndef _L4MM_NL_INTERNAL_H
#define _L4MM_NL_INTERNAL_H

#include <net/genetlink.h>
#include <uapi/linux/l4mm.h>
#include "l4mm_core.h"

struct l4mm_net;

extern struct genl_family l4mm_genl_family;
extern const struct nla_policy l4mm_batch_cmd_policy[L4MM_A_CMD + 1];
extern const struct nla_policy l4mm_bench_policy[L4MM_A_BENCH + 1];

/**
 * struct l4mm_req - the attributes of one command, single or batched
 * @tb: the parsed attributes, indexed by enum l4mm_attr
 * @nest: the L4MM_A_BATCH_CMD they came from, NULL for a single command
 * @extack: where the command's error message goes
 */
struct l4mm_req {
	struct nlattr **tb;
	const struct nlattr *nest;
	struct netlink_ext_ack *extack;
};

/**
 * struct l4mm_cmd_out - what a mutating command produced, for the reply
 * @res: mappings removed, mapping installed
 * @space: CREATE: the new space (valid while the netns lock is held)
 */
struct l4mm_cmd_out {
	struct l4mm_op_result res;
	struct l4mm_space *space;
};

typedef int (*l4mm_cmd_fn)(struct l4mm_net *ln, const struct l4mm_req *rq,
			   struct l4mm_cmd_out *out);

/**
 * struct l4mm_cmd_desc - a mutating command
 * @fn: does it; called with the netns lock held and @attrs present
 * @attrs: BIT() of every attribute it takes, all of them required
 */
struct l4mm_cmd_desc {
	l4mm_cmd_fn fn;
	u32 attrs;
};

extern const struct l4mm_cmd_desc l4mm_cmds[L4MM_CMD_FLUSH + 1];

int l4mm_req_check(const struct l4mm_req *rq, u32 attrs);
int l4mm_put_space(struct sk_buff *msg, const struct l4mm_space *sp);
int l4mm_put_result(struct sk_buff *msg, u8 cmd,
		    const struct l4mm_cmd_out *out);
struct sk_buff *l4mm_reply_new(struct genl_info *info, void **hdr);

int l4mm_nl_mutate_doit(struct sk_buff *skb, struct genl_info *info);
int l4mm_nl_lookup_doit(struct sk_buff *skb, struct genl_info *info);
int l4mm_nl_stats_doit(struct sk_buff *skb, struct genl_info *info);
int l4mm_nl_batch_doit(struct sk_buff *skb, struct genl_info *info);
int l4mm_nl_list_start(struct netlink_callback *cb);
int l4mm_nl_list_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int l4mm_nl_dump_start(struct netlink_callback *cb);
int l4mm_nl_dump_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int l4mm_nl_dump_done(struct netlink_callback *cb);
int l4mm_nl_bench_doit(struct sk_buff *skb, struct genl_info *info);
int l4mm_nl_hwcheck_doit(struct sk_buff *skb, struct genl_info *info);
int l4mm_nl_check_doit(struct sk_buff *skb, struct genl_info *info);

#endif /* _L4MM_NL_INTERNAL_H */
