// SPDX-License-Identifier: GPL-2.0
/*
 * l4mm: drive the l4mm module (the L4 virtual-memory subsystem: mapping
 * database and page tables) over generic netlink.
 *
 *	l4mm [OPTIONS] COMMAND [ARGS]
 *	l4mm [OPTIONS] -b FILE
 *
 * Options come first, as with ip(8); then one command from cmds[]
 * (iproute2:ip/ip.c cmds[]/do_cmd).  Exit status: 0 on success, 1 on any
 * failure (usage or argument error, kernel error, module not loaded,
 * lookup of an unmapped page).
 */
#include <stdio.h>
#include <string.h>

#include "l4mm.h"

static const struct l4mm_command *const cmds[] = {
	&cmd_create,
	&cmd_destroy,
	&cmd_map,
	&cmd_grant,
	&cmd_unmap,
	&cmd_flush,
	&cmd_lookup,
	&cmd_list,
	&cmd_dump,
	&cmd_stats,
	&cmd_hwcheck,
	&cmd_check,
	&cmd_status,
	&cmd_access,
	&cmd_config,
};

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static void usage(FILE *f)
{
	size_t i;

	fprintf(f,
		"Usage: l4mm [OPTIONS] COMMAND [ARGS]\n"
		"       l4mm [OPTIONS] -b FILE\n"
		"Commands:\n");
	for (i = 0; i < ARRAY_SIZE(cmds); i++)
		fprintf(f, "  %-7s %-30s %s\n", cmds[i]->name, cmds[i]->args,
			cmds[i]->help);
	fprintf(f,
		"Options:\n"
		"  -j, -json          JSON output\n"
		"  -b, -batch FILE    read commands from FILE ('-' for stdin)\n"
		"  -f, -force         batch: go on after a failing command\n"
		"  -v, -verbose       also print counts, depths and sources\n"
		"  -V, -version       print the version and exit\n"
		"  -h, -help          print this help and exit\n"
		"Where:  NAME   := 1..15 characters of [A-Za-z0-9_.-]\n"
		"        VADDR  := page-aligned address 0..0xffffffff,\n"
		"                  decimal or 0x-hex\n"
		"        FPAGE  := VADDR | VADDR/ORDER | VADDR+SIZE\n"
		"                  (ORDER 12..32, SIZE 4K..4G a power of two,\n"
		"                  suffix K, M or G; base aligned to the size)\n"
		"        DEST   := VADDR (as large as FPAGE) | FPAGE (a receive\n"
		"                  window)\n"
		"        MAPOPT := rights RIGHTS | uncached | base SNDBASE |\n"
		"                  paper | keep-subtree (grant only)\n"
		"        RIGHTS := letters of r, w, x, - in any order (rwx, r-x)\n"
		"        MODE   := paper | keep-subtree\n");
}

const struct l4mm_command *l4mm_find_cmd(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cmds); i++)
		if (!strcmp(cmds[i]->name, name))
			return cmds[i];
	return NULL;
}

void l4mm_unknown_cmd(const char *name)
{
	l4mm_where(stderr);
	fprintf(stderr, "Command \"%s\" is unknown, try \"l4mm help\".\n",
		name);
}

/* One command line, outside batch mode. */
static int do_cmd(struct l4mm_ctx *ctx, int argc, char **argv)
{
	const struct l4mm_command *cmd = l4mm_find_cmd(argv[0]);
	struct l4mm_req req = { 0 };

	if (!cmd) {
		l4mm_unknown_cmd(argv[0]);
		return 1;
	}
	ctx->cmd = cmd->name;
	req.cmd = cmd->nlcmd;
	if (cmd->parse(argc, argv, &req))
		return 1;
	return cmd->run(ctx, &req);
}

/* "-x", "-long" and "--long" are all accepted. */
static bool is_opt(const char *arg, const char *s, const char *l)
{
	if (arg[0] == '-' && arg[1] == '-')
		arg++;
	return !strcmp(arg, s) || !strcmp(arg, l);
}

int main(int argc, char **argv)
{
	struct l4mm_ctx ctx = { 0 };
	const char *batch = NULL;
	int ret;

	while (argc > 1 && argv[1][0] == '-' && argv[1][1]) {
		const char *opt = argv[1];

		if (!strcmp(opt, "--")) {
			argc--;
			argv++;
			break;
		}
		if (is_opt(opt, "-V", "-version")) {
			printf("l4mm %s\n", L4MM_CLI_VERSION);
			return 0;
		}
		if (is_opt(opt, "-h", "-help")) {
			usage(stdout);
			return 0;
		}
		if (is_opt(opt, "-j", "-json")) {
			l4mm_json = true;
		} else if (is_opt(opt, "-v", "-verbose")) {
			ctx.verbose = true;
		} else if (is_opt(opt, "-f", "-force")) {
			ctx.force = true;
		} else if (is_opt(opt, "-b", "-batch")) {
			if (argc < 3) {
				fprintf(stderr,
					"Error: option \"%s\" needs a FILE argument\n",
					opt);
				return 1;
			}
			argc--;
			argv++;
			batch = argv[1];
		} else {
			fprintf(stderr,
				"Option \"%s\" is unknown, try \"l4mm -help\".\n",
				opt);
			return 1;
		}
		argc--;
		argv++;
	}

	if (batch && argc > 1) {
		fprintf(stderr,
			"Error: argument \"%s\" is wrong: -b takes no command\n",
			argv[1]);
		return 1;
	}
	if (!batch && argc < 2) {
		usage(stderr);
		return 1;
	}
	if (!batch && !strcmp(argv[1], "help")) {
		usage(stdout);
		return 0;
	}
	if (batch)
		ret = l4mm_batch_file(&ctx, batch);
	else
		ret = do_cmd(&ctx, argc - 1, argv + 1);
	l4mm_disconnect(&ctx);
	return ret;
}
