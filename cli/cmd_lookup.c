// SPDX-License-Identifier: GPL-2.0
/*
 * l4mm lookup NAME VADDR
 *
 * The MMU's view: the physical address NAME:VADDR resolves to.
 *
 *	text:	0x5000			(exit 0)
 *		0x7000 rights=r-- status=r--	(what is not the default,
 *						 see attrs.c)
 *		0xfffff000 kip rights=r-x	(a reserved page)
 *		unmapped		(exit 1)
 *	-v:	0x5000 depth 1 from sigma0:0x5000 rights=rwx cached
 *		status=--- size=4K
 *		0x5000 depth 0 real ...
 *	-j:	{"space":"A","vaddr":8192,"paddr":20480,"depth":1,
 *		 "src_space":"sigma0","src_vaddr":20480,"rights":"rwx",
 *		 "uncached":false,"status":"---","entry_size":4096,
 *		 "reserved":null}
 *		paddr, depth and src_* are null when unmapped (exit 1);
 *		src_* are null for a Real entry and a reserved page.
 *
 * access (cmd_access.c) gets the same reply and prints it the same way.
 */
#include <string.h>

#include "l4mm.h"

int lookup_reply(struct l4mm_ctx *ctx, struct nlmsghdr *nlh,
		 struct nlattr **tb, void *arg)
{
	static const int mand[] = { L4MM_A_DEPTH, 0 };
	static const char *const names[] = { "DEPTH" };
	struct lookup_reply *r = arg;

	(void)nlh;
	if (!tb[L4MM_A_PADDR])
		return 0;
	/* A reserved page has no derivation chain: depth is optional. */
	if (!tb[L4MM_A_RESERVED] && l4mm_check_mandatory(ctx, tb, mand, names))
		return -1;
	r->mapped = true;
	r->paddr = nla_get_u64(tb[L4MM_A_PADDR]);
	if (tb[L4MM_A_DEPTH])
		r->depth = nla_get_u32(tb[L4MM_A_DEPTH]);
	if (tb[L4MM_A_SRC_NAME] && tb[L4MM_A_SRC_VADDR]) {
		r->has_src = true;
		snprintf(r->src, sizeof(r->src), "%s",
			 nla_get_string(tb[L4MM_A_SRC_NAME]));
		r->src_vaddr = nla_get_u64(tb[L4MM_A_SRC_VADDR]);
	}
	attrs_get(&r->attrs, tb[L4MM_A_RIGHTS], tb[L4MM_A_UNCACHED],
		  tb[L4MM_A_STATUS], tb[L4MM_A_PAGE_SHIFT],
		  tb[L4MM_A_RESERVED]);
	return 0;
}

void lookup_print(struct l4mm_ctx *ctx, const struct l4mm_req *req,
		  const struct lookup_reply *r)
{
	const char *kind = reserved_name(r->attrs.reserved);

	open_json_object(NULL);
	print_str(PRINT_JSON, "space", NULL, req->name);
	print_u64(PRINT_JSON, "vaddr", NULL, req->vaddr);
	if (!r->mapped) {
		print_null(PRINT_ANY, "paddr", "unmapped");
		print_null(PRINT_JSON, "depth", NULL);
		print_null(PRINT_JSON, "src_space", NULL);
		print_null(PRINT_JSON, "src_vaddr", NULL);
		goto out;
	}
	print_u64(PRINT_ANY, "paddr", "0x%" PRIx64, r->paddr);
	print_u64(PRINT_JSON, "depth", NULL, r->depth);
	if (ctx->verbose)
		print_fp(" depth %u", r->depth);
	if (r->has_src) {
		print_str(PRINT_JSON, "src_space", NULL, r->src);
		print_u64(PRINT_JSON, "src_vaddr", NULL, r->src_vaddr);
		if (ctx->verbose)
			print_fp(" from %s:0x%" PRIx64, r->src, r->src_vaddr);
	} else {
		print_null(PRINT_JSON, "src_space", NULL);
		print_null(PRINT_JSON, "src_vaddr", NULL);
		if (kind)
			print_fp(" %s", kind);
		else if (ctx->verbose)
			print_fp(" real");
	}
	attrs_print(&r->attrs, ctx->verbose);
out:
	print_fp("\n");
	close_json_object();
	json_end_doc();
}

static int lookup_run(struct l4mm_ctx *ctx, const struct l4mm_req *req)
{
	struct lookup_reply r;
	int ret;

	memset(&r, 0, sizeof(r));
	ret = l4mm_call(ctx, req, lookup_reply, &r);
	if (ret)
		return ret;
	lookup_print(ctx, req, &r);
	return r.mapped ? 0 : 1;
}

const struct l4mm_command cmd_lookup = {
	.name		= "lookup",
	.args		= "NAME VADDR",
	.help		= "print the physical address of NAME:VADDR",
	.nlcmd		= L4MM_CMD_LOOKUP,
	.parse		= parse_name_vaddr,
	.run		= lookup_run,
};
