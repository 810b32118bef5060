// SPDX-License-Identifier: GPL-2.0
/*
 * l4mm access NAME VADDR r|w|x
 *
 * A simulated memory access (docs/extensions.md 3): the kernel translates
 * VADDR (any byte address) through NAME's page tables like the MMU and, if
 * the mapping allows the access, sets its status bit.  Prints what lookup
 * prints for the page (the status includes the new bit).  A fault is an
 * error with its own exit status, so that scripts can tell them apart:
 *
 *	2	translation fault: nothing mapped there (EFAULT)
 *	3	permission fault: the mapping lacks the right (EACCES)
 *
 * and a message naming the kind of fault, the access and the address.
 * Not queued into a batch request: it runs on its own, in order.
 */
#include <errno.h>
#include <string.h>

#include "l4mm.h"

#define EXIT_TRANSLATION_FAULT	2
#define EXIT_PERMISSION_FAULT	3

static const char *access_name(uint8_t access)
{
	switch (access) {
	case L4MM_RIGHT_R:
		return "read";
	case L4MM_RIGHT_W:
		return "write";
	default:
		return "execute";
	}
}

static int access_parse(int argc, char **argv, struct l4mm_req *req)
{
	static const char *const names[] = { "NAME", "VADDR", "ACCESS" };
	const char *a;

	if (args_count(argc, argv, 3, 3, names) ||
	    parse_name(argv[1], "NAME", &req->name) ||
	    parse_vaddr(argv[2], "VADDR", &req->vaddr))
		return -1;
	a = argv[3];
	if (!strcmp(a, "r"))
		req->access = L4MM_RIGHT_R;
	else if (!strcmp(a, "w"))
		req->access = L4MM_RIGHT_W;
	else if (!strcmp(a, "x"))
		req->access = L4MM_RIGHT_X;
	else
		return badarg("ACCESS", a, "one of r, w, x");
	req->has_vaddr = true;
	req->has_access = true;
	req_arg(req, L4MM_A_NAME, "NAME", argv[1]);
	req_arg(req, L4MM_A_VADDR, "VADDR", argv[2]);
	req_arg(req, L4MM_A_ACCESS, "ACCESS", a);
	return 0;
}

static int access_run(struct l4mm_ctx *ctx, const struct l4mm_req *req)
{
	struct lookup_reply r;
	char msg[sizeof(ctx->errmsg) + 128];
	int ret;

	memset(&r, 0, sizeof(r));
	ret = l4mm_do(ctx, req, lookup_reply, &r);
	if (ret == -1 && (ctx->err == EFAULT || ctx->err == EACCES)) {
		/* The message names the access and the address itself. */
		snprintf(msg, sizeof(msg), "%s fault: %s of %s:0x%" PRIx64 ": %s",
			 ctx->err == EFAULT ? "translation" : "permission",
			 access_name(req->access), req->name, req->vaddr,
			 ctx->errmsg);
		l4mm_set_err(ctx, ctx->err, "%s", msg);
		ctx->err_attr = -1;
		l4mm_report(ctx);
		return ctx->err == EFAULT ? EXIT_TRANSLATION_FAULT :
		       EXIT_PERMISSION_FAULT;
	}
	if (ret) {
		if (ret == -1)
			l4mm_report(ctx);
		return 1;
	}
	if (!r.mapped) {
		l4mm_error(ctx, "malformed reply from the kernel: no PADDR attribute");
		return 1;
	}
	lookup_print(ctx, req, &r);
	return 0;
}

const struct l4mm_command cmd_access = {
	.name		= "access",
	.args		= "NAME VADDR ACCESS",
	.help		= "read, write or execute NAME:VADDR like the MMU",
	.nlcmd		= L4MM_CMD_ACCESS,
	.parse		= access_parse,
	.run		= access_run,
};
