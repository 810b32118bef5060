// SPDX-License-Identifier: GPL-2.0
/*
 * l4mm help [COMMAND]
 *
 * The usage of every command, or of one (also "l4mm COMMAND help",
 * "l4mm COMMAND --help", "l4mm -h COMMAND"): its usage line, what it
 * does and the definitions of the words its usage line uses.  On
 * standard output, exit status 0; an unknown COMMAND is an error.
 */
#include "l4mm.h"

static int help_parse(int argc, char **argv, struct l4mm_req *req)
{
	if (args_count(argc, argv, 0, 1, NULL))
		return -1;
	if (argc == 2 && !l4mm_find_cmd(argv[1]))
		return -1;
	req->topic = argc == 2 ? argv[1] : NULL;
	return 0;
}

static int help_run(struct l4mm_ctx *ctx, const struct l4mm_req *req)
{
	(void)ctx;
	if (req->topic)
		l4mm_cmd_usage(stdout, l4mm_find_cmd(req->topic), true);
	else
		l4mm_usage(stdout);
	return 0;
}

const struct l4mm_command cmd_help = {
	.name		= "help",
	.args		= "[COMMAND]",
	.help		= "print the usage of every command, or of COMMAND",
	.local		= true,
	.parse		= help_parse,
	.run		= help_run,
};
