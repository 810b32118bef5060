// SPDX-License-Identifier: GPL-2.0
/*
 * l4mm config [grant-mode paper|keep-subtree]
 *
 * The settings of the caller's network namespace (L4MM_CMD_CONFIG): with
 * an argument, sets the default grant mode (docs/extensions.md 6; needs
 * CAP_NET_ADMIN); either way prints the (new) setting:
 *
 *	text:	grant-mode paper
 *	-j:	{"grant_mode":"paper"}
 *
 * Not queued into a batch request: it runs on its own, in order.
 */
#include <string.h>

#include "l4mm.h"

static int config_parse(int argc, char **argv, struct l4mm_req *req)
{
	static const char *const names[] = { "grant-mode", "MODE" };

	if (args_count(argc, argv, 0, 2, names))
		return -1;
	if (argc == 1)
		return 0;
	if (strcmp(argv[1], "grant-mode"))
		return badarg(NULL, argv[1],
			      "unexpected argument (expected grant-mode)");
	if (argc == 2)
		return missarg("MODE");
	req->grant_mode = grant_mode_of(argv[2]);
	if (!req->grant_mode)
		return badarg("MODE", argv[2], "paper or keep-subtree");
	req_arg(req, L4MM_A_GRANT_MODE, "MODE", argv[2]);
	return 0;
}

static int config_reply(struct l4mm_ctx *ctx, struct nlmsghdr *nlh,
			struct nlattr **tb, void *arg)
{
	static const int mand[] = { L4MM_A_GRANT_MODE, 0 };
	static const char *const names[] = { "GRANT_MODE" };

	(void)nlh;
	if (l4mm_check_mandatory(ctx, tb, mand, names))
		return -1;
	*(uint8_t *)arg = nla_get_u8(tb[L4MM_A_GRANT_MODE]);
	return 0;
}

static int config_run(struct l4mm_ctx *ctx, const struct l4mm_req *req)
{
	uint8_t mode = 0;
	const char *name;
	int ret;

	ret = l4mm_call(ctx, req, config_reply, &mode);
	if (ret)
		return ret;
	name = grant_mode_name(mode);
	if (!name) {
		l4mm_error(ctx, "unknown grant mode %u from the kernel", mode);
		return 1;
	}
	open_json_object(NULL);
	print_str(PRINT_ANY, "grant_mode", "grant-mode %s\n", name);
	close_json_object();
	json_end_doc();
	return 0;
}

const struct l4mm_command cmd_config = {
	.name		= "config",
	.args		= "[grant-mode MODE]",
	.help		= "show or set the netns's settings",
	.nlcmd		= L4MM_CMD_CONFIG,
	.parse		= config_parse,
	.run		= config_run,
};
