// SPDX-License-Identifier: GPL-2.0
/*
 * l4mm: drive the l4mm module (the L4 virtual-memory subsystem: mapping
 * database and page tables) over generic netlink.
 *
 *	l4mm [OPTIONS] COMMAND [ARGS] [OPTIONS]
 *	l4mm [OPTIONS] -b FILE
 *	l4mm help [COMMAND] | l4mm COMMAND help | l4mm COMMAND --help
 *
 * One command from l4mm_cmds[] (iproute2:ip/ip.c cmds[]/do_cmd), named in
 * full, by an alias or by a unique prefix.  Adding a command is adding a
 * cmd_*.c file and a line to the table: usage, help, abbreviations and
 * bash completion (which asks "l4mm help") follow from it.  Exit status:
 * 0 on success, 1 on any failure (usage or argument error, kernel error,
 * module not loaded, lookup of an unmapped page), access faults 2 and 3.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "l4mm.h"

const struct l4mm_command *const l4mm_cmds[] = {
	&cmd_create,
	&cmd_destroy,
	&cmd_map,
	&cmd_grant,
	&cmd_unmap,
	&cmd_flush,
	&cmd_lookup,
	&cmd_access,
	&cmd_status,
	&cmd_config,
	&cmd_list,
	&cmd_dump,
	&cmd_graph,
	&cmd_monitor,
	&cmd_stats,
	&cmd_check,
	&cmd_hwcheck,
	&cmd_help,
	&cmd_version,
};

const unsigned int l4mm_ncmds = ARRAY_SIZE(l4mm_cmds);

/* Short names users expect from ip(8) and ls(1). */
static const struct {
	const char *alias, *name;
} aliases[] = {
	{ "ls", "list" },
	{ "show", "dump" },
};

/*
 * The words of the usage lines, defined once.  A command's help prints
 * the ones its usage line uses, and the ones those use in turn.
 */
static const struct {
	const char *word, *def;
} where[] = {
	{ "NAME", "space name: 1..15 characters of [A-Za-z0-9_.-]" },
	{ "SRC", "NAME of the source space" },
	{ "DST", "NAME of the destination space" },
	{ "VADDR", "address 0..0xffffffff, decimal or 0x-hex (never octal)" },
	{ "FPAGE", "VADDR | VADDR/ORDER | VADDR+SIZE: 2^ORDER bytes aligned "
		  "to their size (ORDER 12..32, SIZE 4K..4G, suffix K, M or G)" },
	{ "DEST", "VADDR (a region as large as FPAGE) | FPAGE (a receive window)" },
	{ "MAPOPT", "rights RIGHTS | uncached | base SNDBASE | MODE (grant only)" },
	{ "RIGHTS", "letters of r, w, x, - in any order (rwx, r-x); r is always kept" },
	{ "SNDBASE", "VADDR: where a receive window places the fpage" },
	{ "MODE", "paper | keep-subtree" },
	{ "ACCESS", "r | w | x: read, write or execute" },
	{ "KIP", "VADDR of the kernel interface page" },
	{ "UTCB", "FPAGE of the UTCB area" },
	{ "N", "most nodes to draw, 1..1048576 (default 4096)" },
	{ "RANGE", "FPAGE | VADDR+SIZE: whole pages from a page-aligned VADDR "
		  "(SIZE with suffix K, M or G)" },
	{ "COMMAND", "one of the commands above, or an unambiguous prefix" },
};

/* Whether word w (length n) occurs as a whole word in s. */
static bool has_word(const char *s, const char *w, size_t n)
{
	const char *p;

	for (p = s; (p = strstr(p, w)); p += n) {
		bool start = p == s || !((p[-1] >= 'A' && p[-1] <= 'Z') ||
					 p[-1] == '_');
		bool end = !((p[n] >= 'A' && p[n] <= 'Z') || p[n] == '_');

		if (start && end)
			return true;
	}
	return false;
}

/* text from column col on, wrapped at 79 columns, indented to col. */
static void print_wrapped(FILE *f, const char *text, int col)
{
	const char *p = text, *sp;
	int x = col;
	size_t n;

	while (*p) {
		sp = strchr(p, ' ');
		n = sp ? (size_t)(sp - p) : strlen(p);
		if (x > col && x + 1 + (int)n > 79) {
			fprintf(f, "\n%*s", col, "");
			x = col;
		} else if (x > col) {
			fputc(' ', f);
			x++;
		}
		fwrite(p, 1, n, f);
		x += n;
		p += n;
		while (*p == ' ')
			p++;
	}
	fputc('\n', f);
}

/* The "Where:" block for the words of text (transitively). */
static void print_where(FILE *f, const char *text)
{
	bool used[ARRAY_SIZE(where)] = { false };
	bool more = true, first = true;
	size_t i, j;

	for (i = 0; i < ARRAY_SIZE(where); i++)
		used[i] = has_word(text, where[i].word, strlen(where[i].word));
	while (more) {
		more = false;
		for (i = 0; i < ARRAY_SIZE(where); i++) {
			if (!used[i])
				continue;
			for (j = 0; j < ARRAY_SIZE(where); j++) {
				if (used[j] || !has_word(where[i].def,
							 where[j].word,
							 strlen(where[j].word)))
					continue;
				used[j] = true;
				more = true;
			}
		}
	}
	for (i = 0; i < ARRAY_SIZE(where); i++) {
		if (!used[i])
			continue;
		fprintf(f, "%s %-7s := ", first ? "Where:" : "      ",
			where[i].word);
		print_wrapped(f, where[i].def, 18);
		first = false;
	}
}

void l4mm_cmd_usage(FILE *f, const struct l4mm_command *cmd, bool full)
{
	fprintf(f, "Usage: l4mm %s%s%s\n", cmd->name, cmd->args[0] ? " " : "",
		cmd->args);
	if (!full)
		return;
	fprintf(f, "  %s\n", cmd->help);
	print_where(f, cmd->args);
}

static const char options_help[] =
	"Options (before or after the command):\n"
	"  -j, -json          JSON output; -j -b: one array of documents\n"
	"  -p, -pretty        JSON, indented\n"
	"  -v, -verbose       also print counts, depths and sources\n"
	"  -f, -force         batch: go on after a failing command\n"
	"  -b, -batch FILE    read commands from FILE ('-' for stdin)\n"
	"  -V, -version       print the CLI's and the module's version\n"
	"  -h, -help          print this help\n";

void l4mm_usage(FILE *f)
{
	char all[1024] = "";
	size_t i, len = 0;

	fprintf(f,
		"Usage: l4mm [OPTIONS] COMMAND [ARGS]\n"
		"       l4mm [OPTIONS] -b FILE\n"
		"       l4mm help [COMMAND]\n"
		"Commands:\n");
	for (i = 0; i < l4mm_ncmds; i++) {
		fprintf(f, "  %-8s %-31s %s\n", l4mm_cmds[i]->name,
			l4mm_cmds[i]->args, l4mm_cmds[i]->help);
		len += snprintf(all + len, sizeof(all) - len, "%s ",
				l4mm_cmds[i]->args);
		if (len >= sizeof(all))
			len = sizeof(all) - 1;
	}
	fputs(options_help, f);
	print_where(f, all);
}

const struct l4mm_command *l4mm_lookup_cmd(const char *word,
					   const char **why)
{
	const struct l4mm_command *found = NULL;
	size_t i, n = strlen(word);
	int matches = 0;

	*why = "unknown";
	for (i = 0; i < l4mm_ncmds; i++)
		if (!strcmp(l4mm_cmds[i]->name, word))
			return l4mm_cmds[i];
	for (i = 0; i < ARRAY_SIZE(aliases); i++)
		if (!strcmp(aliases[i].alias, word))
			word = aliases[i].name;
	for (i = 0; n && i < l4mm_ncmds; i++) {
		if (strncmp(l4mm_cmds[i]->name, word, strlen(word)) ||
		    strlen(word) < l4mm_cmds[i]->min_abbrev)
			continue;
		found = l4mm_cmds[i];
		matches++;
	}
	if (matches == 1)
		return found;
	if (matches > 1)
		*why = "ambiguous";
	return NULL;
}

/* Unknown or ambiguous: record which, and the candidates. */
const struct l4mm_command *l4mm_find_cmd(const char *word)
{
	const struct l4mm_command *cmd;
	char why[200];
	const char *kind;
	size_t i, len;

	cmd = l4mm_lookup_cmd(word, &kind);
	if (cmd)
		return cmd;
	if (strcmp(kind, "ambiguous")) {
		badarg("COMMAND", word, "unknown, try \"l4mm help\"");
		return NULL;
	}
	len = snprintf(why, sizeof(why), "ambiguous:");
	for (i = 0; i < l4mm_ncmds && len < sizeof(why); i++)
		if (!strncmp(l4mm_cmds[i]->name, word, strlen(word)) &&
		    strlen(word) >= l4mm_cmds[i]->min_abbrev)
			len += snprintf(why + len, sizeof(why) - len, " %s",
					l4mm_cmds[i]->name);
	badarg("COMMAND", word, why);
	return NULL;
}

enum opt_id {
	OPT_JSON, OPT_PRETTY, OPT_VERBOSE, OPT_FORCE, OPT_BATCH, OPT_VERSION,
	OPT_HELP,
};

static const struct {
	const char *s, *l;
	enum opt_id id;
} optab[] = {
	{ "-j", "-json", OPT_JSON },
	{ "-p", "-pretty", OPT_PRETTY },
	{ "-v", "-verbose", OPT_VERBOSE },
	{ "-f", "-force", OPT_FORCE },
	{ "-b", "-batch", OPT_BATCH },
	{ "-V", "-version", OPT_VERSION },
	{ "-h", "-help", OPT_HELP },
};

/*
 * "-x", "-long", "--long" and unique prefixes of the long form ("-verb";
 * "-ver" is ambiguous).  -1 unknown, -2 ambiguous.
 */
static int find_opt(const char *w)
{
	const char *l = w[1] == '-' ? w + 1 : w;
	size_t i, n = strlen(l);
	int found = -1;

	for (i = 0; i < ARRAY_SIZE(optab); i++)
		if (!strcmp(w, optab[i].s) || !strcmp(l, optab[i].l))
			return optab[i].id;
	for (i = 0; n > 2 && i < ARRAY_SIZE(optab); i++) {
		if (strncmp(optab[i].l, l, n))
			continue;
		if (found >= 0)
			return -2;
		found = optab[i].id;
	}
	return found;
}

int l4mm_parse_opt(int argc, char **argv, struct l4mm_opts *o)
{
	switch (find_opt(argv[0])) {
	case OPT_JSON:
		o->json = true;
		break;
	case OPT_PRETTY:
		o->json = o->pretty = true;
		break;
	case OPT_VERBOSE:
		o->verbose = true;
		break;
	case OPT_FORCE:
		o->force = true;
		break;
	case OPT_VERSION:
		o->version = true;
		break;
	case OPT_HELP:
		o->help = true;
		break;
	case OPT_BATCH:
		if (argc < 2)
			return missarg("FILE");
		o->batch = argv[1];
		return 2;
	case -2:
		return badarg(NULL, argv[0],
			      "ambiguous option, try \"l4mm help\"");
	default:
		return badarg(NULL, argv[0],
			      "unknown option, try \"l4mm help\"");
	}
	return 1;
}

/* A word that can be an option: a dash and a letter ("-1" is a number). */
static bool looks_like_opt(const char *w)
{
	return w[0] == '-' && ((w[1] >= 'a' && w[1] <= 'z') ||
			       (w[1] >= 'A' && w[1] <= 'Z') ||
			       (w[1] == '-' && w[2]));
}

static bool cmd_own_opt(const struct l4mm_command *cmd, const char *w)
{
	const char *const *o;

	for (o = cmd->opts; o && *o; o++)
		if (!strcmp(*o, w))
			return true;
	return false;
}

/* The keywords followed by a value, which may begin with dashes. */
static bool takes_value(const char *w)
{
	static const char *const kw[] = {
		"rights", "base", "kip", "utcb", "grant-mode",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(kw); i++)
		if (!strcmp(w, kw[i]))
			return true;
	return false;
}

/*
 * After the command, a word is an option if it is one of ours (or an
 * ambiguous prefix of some), or if it looks like a long one ("--x"): a
 * single dash may begin an argument ("rights -w-", a space "-x").
 */
static bool opt_after_cmd(const struct l4mm_command *cmd, const char *w)
{
	if (cmd_own_opt(cmd, w) || !looks_like_opt(w))
		return false;
	return find_opt(w) != -1 || (w[1] == '-' &&
				     ((w[2] >= 'a' && w[2] <= 'z') ||
				      (w[2] >= 'A' && w[2] <= 'Z')));
}

int l4mm_cmd_opts(const struct l4mm_command *cmd, int *argc, char **argv,
		  struct l4mm_opts *o, bool in_batch)
{
	struct l4mm_opts seen = { 0 };
	int i, j = 1, n;

	/* "l4mm map help": the command's help (ip does the same). */
	if (*argc > 1 && !strcmp(argv[1], "help") && cmd != &cmd_help)
		return 1;
	for (i = 1; i < *argc; i++) {
		if (!strcmp(argv[i], "--")) {
			for (i++; i < *argc; i++)
				argv[j++] = argv[i];
			break;
		}
		if (takes_value(argv[i]) && i + 1 < *argc) {
			/* "rights --x": a value, whatever it looks like. */
			argv[j++] = argv[i++];
			argv[j++] = argv[i];
			continue;
		}
		if (!opt_after_cmd(cmd, argv[i])) {
			argv[j++] = argv[i];
			continue;
		}
		n = l4mm_parse_opt(*argc - i, argv + i, &seen);
		if (n < 0)
			return -1;
		if (seen.help)
			return 1;
		/* Each of these changes how the whole run prints. */
		if (seen.batch || seen.version ||
		    (in_batch && (seen.json || seen.verbose)))
			return badarg(NULL, argv[i], in_batch ?
				      "only -f may be given in a batch line" :
				      "must come before the command");
		i += n - 1;
	}
	*argc = j;
	argv[j] = NULL;
	o->json |= seen.json;
	o->pretty |= seen.pretty;
	o->verbose |= seen.verbose;
	o->force |= seen.force;
	return 0;
}

/* One command line, outside batch mode. */
static int do_cmd(struct l4mm_ctx *ctx, int argc, char **argv,
		  struct l4mm_opts *o)
{
	const struct l4mm_command *cmd;
	struct l4mm_req req = { 0 };
	int ret;

	l4mm_argerr_clear();
	cmd = l4mm_find_cmd(argv[0]);
	if (!cmd) {
		l4mm_report_argerr(NULL);
		return 1;
	}
	ctx->cmd = cmd->name;
	ret = l4mm_cmd_opts(cmd, &argc, argv, o, false);
	if (ret > 0) {
		l4mm_cmd_usage(stdout, cmd, true);
		return 0;
	}
	l4mm_json = o->json;
	l4mm_pretty = o->pretty;
	ctx->verbose = o->verbose;
	if (ret < 0) {
		l4mm_report_argerr(cmd);
		return 1;
	}
	req.cmd = cmd->nlcmd;
	if (cmd->parse(argc, argv, &req)) {
		l4mm_report_argerr(cmd);
		return 1;
	}
	ctx->req = &req;
	return cmd->run(ctx, &req);
}

int main(int argc, char **argv)
{
	struct l4mm_opts o = { 0 };
	struct l4mm_ctx ctx = { 0 };
	int n, ret;

	argc--;
	argv++;
	while (argc > 0 && looks_like_opt(argv[0])) {
		if (!strcmp(argv[0], "--")) {
			argc--;
			argv++;
			break;
		}
		n = l4mm_parse_opt(argc, argv, &o);
		if (n < 0) {
			l4mm_report_argerr(NULL);
			return 1;
		}
		argc -= n;
		argv += n;
	}
	l4mm_json = o.json;
	l4mm_pretty = o.pretty;
	ctx.verbose = o.verbose;
	ctx.force = o.force;
	if (o.help) {
		const struct l4mm_command *cmd;

		/* "l4mm -h map": the help of map. */
		cmd = argc > 0 ? l4mm_find_cmd(argv[0]) : NULL;
		if (cmd)
			l4mm_cmd_usage(stdout, cmd, true);
		else
			l4mm_usage(stdout);
		return 0;
	}
	if (o.version)
		return l4mm_print_version();
	if (o.batch && argc > 0) {
		badarg(NULL, argv[0], "-b takes no command");
		l4mm_report_argerr(NULL);
		return 1;
	}
	if (!o.batch && argc < 1) {
		missarg("COMMAND");
		l4mm_report_argerr(NULL);
		l4mm_usage(stderr);
		return 1;
	}
	if (o.batch)
		ret = l4mm_batch_file(&ctx, o.batch);
	else
		ret = do_cmd(&ctx, argc, argv, &o);
	l4mm_disconnect(&ctx);
	return ret;
}
