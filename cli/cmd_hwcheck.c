// SPDX-License-Identifier: GPL-2.0
/*
 * l4mm hwcheck NAME
 *
 * ARM only: the MMU translates every mapped page of NAME below 2 GiB (and
 * a sample of unmapped addresses) through the tables l4mm built, and the
 * kernel compares with its software walk.
 *
 *	text:	hwcheck A: 12 pages, 2047 unmapped, 0 skipped, 0 mismatches
 *		and for a mismatch (exit 1) a second line:
 *		first mismatch at 0x5000 (write): PAR 0x..., expected 0x5000
 *	-j:	{"space":"A","pages":12,"unmapped":2047,"skipped":0,
 *		 "mismatches":0}
 * Elsewhere the kernel answers EOPNOTSUPP (exit 1, with its message).
 */
#include <errno.h>

#include "l4mm.h"

static struct nla_policy hwcheck_policy[L4MM_A_HWCHECK_MAX + 1] = {
	[L4MM_A_HWCHECK_PAGES]		= { .type = NLA_U32 },
	[L4MM_A_HWCHECK_UNMAPPED]	= { .type = NLA_U32 },
	[L4MM_A_HWCHECK_SKIPPED]	= { .type = NLA_U32 },
	[L4MM_A_HWCHECK_MISMATCHES]	= { .type = NLA_U32 },
	[L4MM_A_HWCHECK_BAD_VADDR]	= { .type = NLA_U64 },
	[L4MM_A_HWCHECK_BAD_PAR]	= { .type = NLA_U64 },
	[L4MM_A_HWCHECK_BAD_WANT]	= { .type = NLA_U64 },
	[L4MM_A_HWCHECK_BAD_WRITE]	= { .type = NLA_FLAG },
};

struct hwcheck_reply {
	uint32_t pages, unmapped, skipped, mismatches;
	uint64_t bad_va, bad_par, bad_want;
	bool has_want, bad_write;
};

static int hwcheck_reply(struct l4mm_ctx *ctx, struct nlmsghdr *nlh,
			 struct nlattr **tb, void *arg)
{
	static const int mand[] = { L4MM_A_HWCHECK, 0 };
	static const char *const names[] = { "HWCHECK" };
	struct nlattr *h[L4MM_A_HWCHECK_MAX + 1];
	struct hwcheck_reply *r = arg;

	(void)nlh;
	if (l4mm_check_mandatory(ctx, tb, mand, names))
		return -1;
	if (l4mm_parse_nested(h, L4MM_A_HWCHECK_MAX, tb[L4MM_A_HWCHECK],
			      hwcheck_policy) ||
	    !h[L4MM_A_HWCHECK_PAGES] || !h[L4MM_A_HWCHECK_UNMAPPED] ||
	    !h[L4MM_A_HWCHECK_SKIPPED] || !h[L4MM_A_HWCHECK_MISMATCHES])
		goto malformed;
	r->pages = nla_get_u32(h[L4MM_A_HWCHECK_PAGES]);
	r->unmapped = nla_get_u32(h[L4MM_A_HWCHECK_UNMAPPED]);
	r->skipped = nla_get_u32(h[L4MM_A_HWCHECK_SKIPPED]);
	r->mismatches = nla_get_u32(h[L4MM_A_HWCHECK_MISMATCHES]);
	if (!r->mismatches)
		return 0;
	if (!h[L4MM_A_HWCHECK_BAD_VADDR] || !h[L4MM_A_HWCHECK_BAD_PAR])
		goto malformed;
	r->bad_va = nla_get_u64(h[L4MM_A_HWCHECK_BAD_VADDR]);
	r->bad_par = nla_get_u64(h[L4MM_A_HWCHECK_BAD_PAR]);
	r->has_want = h[L4MM_A_HWCHECK_BAD_WANT];
	if (r->has_want)
		r->bad_want = nla_get_u64(h[L4MM_A_HWCHECK_BAD_WANT]);
	r->bad_write = h[L4MM_A_HWCHECK_BAD_WRITE];
	return 0;

malformed:
	l4mm_set_err(ctx, EPROTO, "malformed reply from the kernel");
	return -1;
}

static int hwcheck_run(struct l4mm_ctx *ctx, const struct l4mm_req *req)
{
	struct hwcheck_reply r = { 0 };
	int ret;

	ret = l4mm_call(ctx, req, hwcheck_reply, &r);
	if (ret)
		return ret;
	open_json_object(NULL);
	print_str(PRINT_ANY, "space", "hwcheck %s:", req->name);
	print_u64(PRINT_ANY, "pages", " %" PRIu64 " pages", r.pages);
	print_u64(PRINT_ANY, "unmapped", ", %" PRIu64 " unmapped", r.unmapped);
	print_u64(PRINT_ANY, "skipped", ", %" PRIu64 " skipped", r.skipped);
	print_u64(PRINT_ANY, "mismatches", ", %" PRIu64 " mismatches\n",
		  r.mismatches);
	close_json_object();
	json_end_doc();
	if (!r.mismatches)
		return 0;
	fprintf(stderr,
		"l4mm: hwcheck: first mismatch at 0x%" PRIx64 " (%s): PAR 0x%" PRIx64,
		r.bad_va, r.bad_write ? "write" : "read", r.bad_par);
	if (r.has_want)
		fprintf(stderr, ", expected 0x%" PRIx64 "\n", r.bad_want);
	else
		fprintf(stderr, ", expected a fault\n");
	return 1;
}

const struct l4mm_command cmd_hwcheck = {
	.name		= "hwcheck",
	.args		= "NAME",
	.help		= "ARM: check NAME's tables against the MMU's translation",
	.nlcmd		= L4MM_CMD_HWCHECK,
	.parse		= parse_name_only,
	.run		= hwcheck_run,
};
