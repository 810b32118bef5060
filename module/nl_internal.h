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

/* The highest attribute and command a batch entry may carry. */
#define L4MM_BATCH_MAXATTR	L4MM_A_UTCB_ORDER
#define L4MM_BATCH_CMD_MAX	L4MM_CMD_STATUS

extern struct genl_family l4mm_genl_family;
extern const struct nla_policy
	l4mm_batch_cmd_policy[L4MM_BATCH_MAXATTR + 1];
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
 * @res: mappings removed, mapping installed, pages, status bits
 * @space: CREATE: the new space; ACCESS: the space accessed (valid while
 *	the netns lock is held)
 * @va: ACCESS: the address accessed
 * @mi: ACCESS: the translation
 */
struct l4mm_cmd_out {
	struct l4mm_op_result res;
	struct l4mm_space *space;
	u32 va;
	struct l4mm_mapping_info mi;
};

typedef int (*l4mm_cmd_fn)(struct l4mm_net *ln, const struct l4mm_req *rq,
			   struct l4mm_cmd_out *out);

/**
 * struct l4mm_cmd_desc - a mutating command
 * @fn: does it; called with the netns lock held and @attrs present
 * @attrs: BIT_ULL() of every attribute it requires
 * @opt: BIT_ULL() of the attributes it also takes
 */
struct l4mm_cmd_desc {
	l4mm_cmd_fn fn;
	u64 attrs;
	u64 opt;
};

/* Indexed by command; no @fn: neither a single mutating nor batchable. */
extern const struct l4mm_cmd_desc l4mm_cmds[L4MM_BATCH_CMD_MAX + 1];

int l4mm_req_check(const struct l4mm_req *rq, u64 attrs);
int l4mm_core_err(const struct l4mm_req *rq, int err);
int l4mm_get_space(struct l4mm_net *ln, const struct l4mm_req *rq,
		   int type, struct l4mm_space **sp);
int l4mm_get_fpage(const struct l4mm_req *rq, int vaddr_type,
		   int order_type, u32 *va, u8 *order);
bool l4mm_reserved_err(const struct l4mm_req *rq, const struct l4mm_space *sp,
		       u32 va, u8 order, int vaddr_type);
int l4mm_get_space_opts(const struct l4mm_req *rq,
			struct l4mm_space_opts *o);
int l4mm_get_map_args(struct l4mm_net *ln, const struct l4mm_req *rq,
		      struct l4mm_map_args *a);
int l4mm_map_err(const struct l4mm_req *rq, const struct l4mm_map_args *a,
		 int err);
int l4mm_put_info(struct sk_buff *msg, const struct l4mm_space *sp, u32 va,
		  const struct l4mm_mapping_info *mi);
int l4mm_cmd_access(struct l4mm_net *ln, const struct l4mm_req *rq,
		    struct l4mm_cmd_out *out);
int l4mm_cmd_status(struct l4mm_net *ln, const struct l4mm_req *rq,
		    struct l4mm_cmd_out *out);
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
int l4mm_nl_config_doit(struct sk_buff *skb, struct genl_info *info);

#endif /* _L4MM_NL_INTERNAL_H */
