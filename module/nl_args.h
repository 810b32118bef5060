/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The attributes of a request as the commands take them, and the extack
 * messages that name the attribute an error is about (nl_args.c).  These
 * helpers depend on the core's API and the netlink attributes only: they
 * never lock, look up a netns or build a reply.
 */
#ifndef _L4MM_NL_ARGS_H
#define _L4MM_NL_ARGS_H

#include <linux/bits.h>
#include <linux/types.h>
#include <net/netlink.h>

#include <uapi/linux/l4mm.h>
#include "l4mm_core.h"

/* BIT_ULL() of an attribute, for the attribute sets of a command. */
#define L4MM_A(x)		BIT_ULL(L4MM_A_##x)

/**
 * struct l4mm_req - the attributes of one command, single or batched
 * @tb: the parsed attributes, indexed by enum l4mm_attr
 * @maxattr: the highest index of @tb
 * @nest: the L4MM_A_BATCH_CMD they came from, NULL for a single command
 * @extack: where the command's error message goes
 */
struct l4mm_req {
	struct nlattr **tb;
	unsigned int maxattr;
	const struct nlattr *nest;
	struct netlink_ext_ack *extack;
};

int l4mm_req_check(const struct l4mm_req *rq, u64 attrs, u64 opt);
int l4mm_core_err(const struct l4mm_req *rq, int err);
bool l4mm_limit_err(const struct l4mm_state *st, const struct l4mm_req *rq,
		    int err);
int l4mm_get_name(const struct l4mm_req *rq, int type);
int l4mm_get_space(const struct l4mm_state *st, const struct l4mm_req *rq,
		   int type, struct l4mm_space **sp);
int l4mm_get_page(const struct l4mm_state *st, const struct l4mm_req *rq,
		  struct l4mm_space **sp, u32 *va);
int l4mm_get_fpage(const struct l4mm_req *rq, int vaddr_type,
		   int order_type, u32 *va, u8 *order);
int l4mm_get_fpage_in(const struct l4mm_state *st, const struct l4mm_req *rq,
		      struct l4mm_space **sp, u32 *va, u8 *order);
bool l4mm_reserved_err(const struct l4mm_req *rq, const struct l4mm_space *sp,
		       u32 va, u8 order, int vaddr_type);
int l4mm_get_space_opts(const struct l4mm_req *rq,
			struct l4mm_space_opts *o);
int l4mm_get_map_args(const struct l4mm_state *st, const struct l4mm_req *rq,
		      struct l4mm_map_args *a);
int l4mm_map_err(const struct l4mm_state *st, const struct l4mm_req *rq,
		 const struct l4mm_map_args *a, int err);

#endif /* _L4MM_NL_ARGS_H */
