/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The mutating commands of the l4mm family, as single commands and as
 * entries of a BATCH: what one command produces, the function that does
 * it (one file per command or pair: nl_space.c, nl_map.c, nl_revoke.c,
 * nl_access.c, nl_status.c) and the table that says which attributes
 * each takes (nl_mutate.c).
 */
#ifndef _L4MM_NL_CMDS_H
#define _L4MM_NL_CMDS_H

#include <linux/types.h>

#include <uapi/linux/l4mm.h>
#include "l4mm_core.h"
#include "nl_args.h"

struct l4mm_mon;
struct l4mm_net;
struct net;

/*
 * The attributes a mutating command or a batch entry may carry are the
 * union of all of them (netlink.c's l4mm_cmd_policy), up to this one
 * (L4MM_A_EFFECTS, which only a single MAP, GRANT, UNMAP or FLUSH takes);
 * the commands that may be batched are CREATE..FLUSH, ACCESS and STATUS.
 */
#define L4MM_CMD_MAXATTR	L4MM_A_EFFECTS
#define L4MM_BATCH_CMD_MAX	L4MM_CMD_STATUS

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

/* A mutating command on a locked state; the attribute set is checked. */
typedef int (*l4mm_cmd_fn)(struct l4mm_state *st, const struct l4mm_req *rq,
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

int l4mm_cmd_exec(struct l4mm_net *ln, struct net *net, u8 cmd,
		  const struct l4mm_req *rq, struct l4mm_cmd_out *out,
		  struct l4mm_mon **mp);

/* The commands (each file's kerneldoc says what it does). */
int l4mm_cmd_create(struct l4mm_state *st, const struct l4mm_req *rq,
		    struct l4mm_cmd_out *out);
int l4mm_cmd_destroy(struct l4mm_state *st, const struct l4mm_req *rq,
		     struct l4mm_cmd_out *out);
int l4mm_cmd_map(struct l4mm_state *st, const struct l4mm_req *rq,
		 struct l4mm_cmd_out *out);
int l4mm_cmd_grant(struct l4mm_state *st, const struct l4mm_req *rq,
		   struct l4mm_cmd_out *out);
int l4mm_cmd_unmap(struct l4mm_state *st, const struct l4mm_req *rq,
		   struct l4mm_cmd_out *out);
int l4mm_cmd_flush(struct l4mm_state *st, const struct l4mm_req *rq,
		   struct l4mm_cmd_out *out);
int l4mm_cmd_access(struct l4mm_state *st, const struct l4mm_req *rq,
		    struct l4mm_cmd_out *out);
int l4mm_cmd_status(struct l4mm_state *st, const struct l4mm_req *rq,
		    struct l4mm_cmd_out *out);

#endif /* _L4MM_NL_CMDS_H */
