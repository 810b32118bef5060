// SPDX-License-Identifier: GPL-2.0
/*
 * l4mm check [NAME]
 *
 * Runs the module's live checker (L4MM_CMD_CHECK) over the whole state or
 * one space.  Consistent: "ok: N spaces, M mappings checked", exit 0.
 * A violation: "violation: TEXT" (space, address, what was expected),
 * exit 1.  -j: {"ok":true,"spaces":N,"mappings":M,"violation":null}.
 */
#include <errno.h>
#include <string.h>

#include "l4mm.h"

static struct nla_policy check_policy[L4MM_A_CHECK_MAX + 1] = {
	[L4MM_A_CHECK_SPACES]		= { .type = NLA_U32 },
	[L4MM_A_CHECK_MAPPINGS]		= { .type = NLA_U64 },
	[L4MM_A_CHECK_VIOLATION]	= { .type = NLA_STRING },
};

struct check_reply {
	uint32_t spaces;
	uint64_t mappings;
	bool violated;
	char violation[512];
};

static int check_reply(struct l4mm_ctx *ctx, struct nlmsghdr *nlh,
		       struct nlattr **tb, void *arg)
{
	static const int mand[] = { L4MM_A_CHECK_SPACES,
				    L4MM_A_CHECK_MAPPINGS, 0 };
	static const char *const names[] = { "CHECK_SPACES",
					     "CHECK_MAPPINGS" };
	static const int top[] = { L4MM_A_CHECK, 0 };
	static const char *const top_names[] = { "CHECK" };
	struct nlattr *c[L4MM_A_CHECK_MAX + 1];
	struct check_reply *r = arg;

	(void)nlh;
	if (l4mm_check_mandatory(ctx, tb, top, top_names))
		return -1;
	if (l4mm_parse_nested(c, L4MM_A_CHECK_MAX, tb[L4MM_A_CHECK],
			      check_policy)) {
		l4mm_set_err(ctx, EPROTO, "malformed reply from the kernel");
		return -1;
	}
	if (l4mm_check_mandatory(ctx, c, mand, names))
		return -1;
	r->spaces = nla_get_u32(c[L4MM_A_CHECK_SPACES]);
	r->mappings = nla_get_u64(c[L4MM_A_CHECK_MAPPINGS]);
	r->violated = c[L4MM_A_CHECK_VIOLATION] != NULL;
	if (r->violated)
		snprintf(r->violation, sizeof(r->violation), "%s",
			 nla_get_string(c[L4MM_A_CHECK_VIOLATION]));
	return 0;
}

static int check_run(struct l4mm_ctx *ctx, const struct l4mm_req *req)
{
	struct check_reply r = { 0 };
	int ret;

	ret = l4mm_call(ctx, req, check_reply, &r);
	if (ret)
		return ret;
	open_json_object(NULL);
	print_bool(PRINT_JSON, "ok", NULL, !r.violated);
	if (r.violated) {
		print_str(PRINT_ANY, "violation", "violation: %s\n",
			  r.violation);
	} else {
		print_fp("ok: ");
		print_null(PRINT_JSON, "violation", NULL);
	}
	print_u64(PRINT_ANY, "spaces", r.violated ? NULL : "%" PRIu64,
		  r.spaces);
	print_u64(PRINT_ANY, "mappings",
		  r.violated ? NULL : " spaces, %" PRIu64 " mappings checked\n",
		  r.mappings);
	close_json_object();
	json_end_doc();
	return r.violated;
}

const struct l4mm_command cmd_check = {
	.name		= "check",
	.args		= "[NAME]",
	.help		= "run the live checker (of NAME only)",
	.nlcmd		= L4MM_CMD_CHECK,
	.parse		= parse_opt_name,
	.run		= check_run,
};
