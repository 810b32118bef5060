/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Building the replies of the l4mm family (nl_reply.c): a do command's
 * reply from allocation to delivery, a dump message's header, and the
 * nests and attribute groups more than one command sends.
 */
#ifndef _L4MM_NL_REPLY_H
#define _L4MM_NL_REPLY_H

#include <linux/types.h>
#include <net/genetlink.h>

#include "l4mm_core.h"

struct l4mm_cmd_out;
struct l4mm_net;

/**
 * struct l4mm_reply - a do command's reply being built
 * @msg: the message
 * @hdr: its genl user header, where the attributes start
 */
struct l4mm_reply {
	struct sk_buff *msg;
	void *hdr;
};

/* How a do command holds its netns: to read, or to change it. */
enum l4mm_hold {
	L4MM_HOLD_READ,
	L4MM_HOLD_WRITE,
};

void l4mm_reply_init(const struct genl_family *family);
int l4mm_reply_begin(struct genl_info *info, enum l4mm_hold hold,
		     struct l4mm_net **ln, struct l4mm_reply *rp);
int l4mm_reply_end(struct genl_info *info, enum l4mm_hold hold,
		   struct l4mm_net *ln, struct l4mm_reply *rp, int err);
int l4mm_reply_new(struct l4mm_reply *rp, struct genl_info *info);
int l4mm_reply_send(struct l4mm_reply *rp, struct genl_info *info, int err);
int l4mm_reply_changed(struct l4mm_reply *rp, struct genl_info *info,
		       int err);
int l4mm_dump_lock(struct netlink_callback *cb, struct l4mm_net **ln);
void *l4mm_dump_put_hdr(struct sk_buff *skb, struct netlink_callback *cb,
			u8 cmd);

int l4mm_put_space(struct sk_buff *msg, const struct l4mm_space *sp);
int l4mm_put_page(struct sk_buff *msg, const struct l4mm_space *sp, u32 va,
		  const struct l4mm_mapping_info *mi);
int l4mm_put_mapping(struct sk_buff *msg, const struct l4mm_space *sp,
		     const struct l4mm_mapping_info *mi);
int l4mm_put_result(struct sk_buff *msg, u8 cmd,
		    const struct l4mm_cmd_out *out);

#endif /* _L4MM_NL_REPLY_H */
