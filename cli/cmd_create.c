// SPDX-License-Identifier: GPL-2.0
/*
 * l4mm create NAME [kip VADDR] [utcb FPAGE]
 *
 * Creates an empty address space, optionally with a kernel interface page
 * at VADDR and a UTCB area over FPAGE (docs/extensions.md 5: reserved,
 * kernel-backed pages that map, grant, unmap, flush and status refuse).  Silent on success; -v prints
 * "NAME id ID", -j prints {"id":ID,"name":"NAME"}.
 */
#include "l4mm.h"

struct create_reply {
	bool ok;
	uint32_t id;
	const char *name;
	char buf[L4MM_NAME_MAX + 1];
};

static int create_reply(struct l4mm_ctx *ctx, struct nlmsghdr *nlh,
			struct nlattr **tb, void *arg)
{
	static const int mand[] = { L4MM_A_SPACE_ID, 0 };
	static const char *const names[] = { "SPACE_ID" };
	struct nlattr *sp[L4MM_A_SPACE_MAX + 1];
	struct create_reply *r = arg;

	(void)nlh;
	if (!tb[L4MM_A_SPACE])
		return 0;
	if (l4mm_parse_nested(sp, L4MM_A_SPACE_MAX, tb[L4MM_A_SPACE],
			      l4mm_space_policy) ||
	    l4mm_check_mandatory(ctx, sp, mand, names))
		return -1;
	r->ok = true;
	r->id = nla_get_u32(sp[L4MM_A_SPACE_ID]);
	if (sp[L4MM_A_SPACE_NAME]) {
		snprintf(r->buf, sizeof(r->buf), "%s",
			 nla_get_string(sp[L4MM_A_SPACE_NAME]));
		r->name = r->buf;
	}
	return 0;
}

static int create_run(struct l4mm_ctx *ctx, const struct l4mm_req *req)
{
	struct create_reply r = { 0 };
	int ret;

	ret = l4mm_call(ctx, req, create_reply, &r);
	if (ret)
		return ret;
	if ((!l4mm_json && !ctx->verbose) || !r.ok)
		return 0;
	open_json_object(NULL);
	print_u64(PRINT_JSON, "id", NULL, r.id);
	print_str(PRINT_ANY, "name", "%s", r.name ? r.name : req->name);
	print_u64(PRINT_FP, NULL, " id %" PRIu64 "\n", r.id);
	close_json_object();
	json_end_doc();
	return 0;
}

const struct l4mm_command cmd_create = {
	.name		= "create",
	.args		= "NAME [kip KIP] [utcb UTCB]",
	.help		= "create an empty address space",
	.nlcmd		= L4MM_CMD_CREATE,
	.mutating	= true,
	.parse		= parse_create_args,
	.run		= create_run,
};
