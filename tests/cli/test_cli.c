// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests of the CLI's command-line parsing: each case is one command
 * line as a user types it (or as a batch file holds it), run through the
 * command's real parse() and l4mm_put_req(), and the netlink attributes
 * it would send, decoded back, are compared with what docs/extensions.md
 * says they must be.  A line that must be refused must fail without
 * building a request and print an error that names the argument.  No
 * kernel is needed; prints TAP, one line per case.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "l4mm.h"

struct parse_case {
	const char *line;
	/* Decoded attributes, or NULL: the line must be refused ... */
	const char *attrs;
	/* ... with this text in the error message. */
	const char *err;
};

#define OK(l, a)	{ .line = (l), .attrs = (a) }
#define BAD(l, e)	{ .line = (l), .err = (e) }

static const struct parse_case cases[] = {
	/* The paper's command lines send exactly what they always did. */
	OK("map sigma0 0x5000 A 0x1000",
	  "SRC_NAME=sigma0 SRC_VADDR=0x5000 NAME=A VADDR=0x1000"),
	OK("unmap A 4096", "NAME=A VADDR=0x1000"),
	OK("flush A 0x1001", "NAME=A VADDR=0x1001"),	/* kernel judges */
	OK("create A", "NAME=A"),
	OK("lookup A 0x2000", "NAME=A VADDR=0x2000"),
	/* FPAGE: VADDR/ORDER and VADDR+SIZE. */
	OK("map sigma0 0x100000/20 A 0x200000",
	  "SRC_NAME=sigma0 SRC_VADDR=0x100000 NAME=A VADDR=0x200000 SRC_ORDER=20"),
	OK("map sigma0 0x100000+1M A 0x200000",
	  "SRC_NAME=sigma0 SRC_VADDR=0x100000 NAME=A VADDR=0x200000 SRC_ORDER=20"),
	OK("map sigma0 0x0+4G A 0x0",
	  "SRC_NAME=sigma0 SRC_VADDR=0x0 NAME=A VADDR=0x0 SRC_ORDER=32"),
	OK("map sigma0 0x10000+64K A 0x20000+16k",
	  "SRC_NAME=sigma0 SRC_VADDR=0x10000 NAME=A VADDR=0x20000 SRC_ORDER=16 ORDER=14"),
	OK("unmap A 0x100000+0x100000", "NAME=A VADDR=0x100000 ORDER=20"),
	OK("unmap A 0x100000+1048576", "NAME=A VADDR=0x100000 ORDER=20"),
	OK("flush A 0x3000/12", "NAME=A VADDR=0x3000 ORDER=12"),
	OK("status A 0x10000/16", "NAME=A VADDR=0x10000 ORDER=16"),
	OK("status A 0x4000", "NAME=A VADDR=0x4000"),
	/* Bad fpages: refused here, naming the argument. */
	BAD("map sigma0 0x1000/20 A 0x0", "\"0x1000/20\" is wrong: FPAGE: base not aligned"),
	BAD("map sigma0 0x0 A 0x1000+8K", "\"0x1000+8K\" is wrong: DEST: base not aligned"),
	BAD("unmap A 0x0+3K", "\"0x0+3K\" is wrong: FPAGE: SIZE"),
	BAD("unmap A 0x0+2K", "FPAGE: SIZE must be a power of two"),
	BAD("unmap A 0x0+8G", "FPAGE: SIZE"),
	BAD("unmap A 0x0+0", "FPAGE: SIZE"),
	BAD("unmap A 0x0+1MB", "FPAGE: SIZE"),
	BAD("unmap A 0x0/11", "FPAGE: ORDER must be 12..32"),
	BAD("unmap A 0x0/33", "FPAGE: ORDER"),
	BAD("unmap A 0x0/", "FPAGE: ORDER"),
	BAD("unmap A 0x0/2x", "FPAGE: ORDER"),
	BAD("unmap A /20", "FPAGE: bad base"),
	BAD("unmap A 0xg000/20", "FPAGE: bad base"),
	BAD("status A 0x800/12", "base not aligned"),
	/* RIGHTS: letters in any order, - as a placeholder. */
	OK("map sigma0 0x5000 A 0x1000 rights r-x",
	  "SRC_NAME=sigma0 SRC_VADDR=0x5000 NAME=A VADDR=0x1000 RIGHTS=5"),
	OK("map sigma0 0x5000 A 0x1000 rights xr",
	  "SRC_NAME=sigma0 SRC_VADDR=0x5000 NAME=A VADDR=0x1000 RIGHTS=5"),
	OK("map sigma0 0x5000 A 0x1000 rights rw",
	  "SRC_NAME=sigma0 SRC_VADDR=0x5000 NAME=A VADDR=0x1000 RIGHTS=6"),
	OK("unmap A 0x1000 rights w", "NAME=A VADDR=0x1000 RIGHTS=2"),
	OK("flush A 0x1000/12 rights -wx", "NAME=A VADDR=0x1000 ORDER=12 RIGHTS=3"),
	/* A mask the kernel refuses (no r for map, empty) is still sent. */
	OK("map sigma0 0x5000 A 0x1000 rights wx",
	  "SRC_NAME=sigma0 SRC_VADDR=0x5000 NAME=A VADDR=0x1000 RIGHTS=3"),
	OK("unmap A 0x1000 rights ---", "NAME=A VADDR=0x1000 RIGHTS=0"),
	BAD("unmap A 0x1000 rights rwa", "\"rwa\" is wrong: RIGHTS"),
	BAD("unmap A 0x1000 rights rr", "RIGHTS: a letter given twice"),
	BAD("unmap A 0x1000 rights rwxr", "RIGHTS"),
	BAD("unmap A 0x1000 rights", "\"RIGHTS\" is required"),
	BAD("unmap A 0x1000 rights rw rights r", "option given twice"),
	/* Options after the positional arguments, in any order. */
	OK("map sigma0 0x0/16 A 0x100000/20 base 0x30000 uncached rights r",
	  "SRC_NAME=sigma0 SRC_VADDR=0x0 NAME=A VADDR=0x100000 SRC_ORDER=16 ORDER=20 SND_BASE=0x30000 RIGHTS=4 UNCACHED"),
	OK("grant sigma0 0x5000 A 0x1000 keep-subtree rights rx",
	  "SRC_NAME=sigma0 SRC_VADDR=0x5000 NAME=A VADDR=0x1000 RIGHTS=5 GRANT_MODE=2"),
	OK("grant sigma0 0x5000 A 0x1000 paper",
	  "SRC_NAME=sigma0 SRC_VADDR=0x5000 NAME=A VADDR=0x1000 GRANT_MODE=1"),
	BAD("map sigma0 0x5000 A 0x1000 paper", "\"paper\" is wrong: unexpected argument"),
	BAD("grant sigma0 0x5000 A 0x1000 paper keep-subtree", "option given twice"),
	BAD("map sigma0 0x5000 A 0x1000 uncached uncached", "option given twice"),
	BAD("map sigma0 0x5000 A 0x1000 base", "\"SNDBASE\" is required"),
	BAD("map sigma0 0x5000 A 0x1000 base -1", "\"-1\" is wrong: SNDBASE"),
	BAD("unmap A 0x1000 uncached", "\"uncached\" is wrong: unexpected argument"),
	BAD("status A 0x1000 rights r", "\"rights\" is wrong: unexpected argument"),
	BAD("map sigma0 0x5000 A", "\"DEST\" is required"),
	BAD("map sigma0", "\"FPAGE\" is required"),
	BAD("unmap A", "\"FPAGE\" is required"),
	/* create with reserved regions. */
	OK("create A kip 0x3000 utcb 0x100000/14",
	  "NAME=A KIP_VADDR=0x3000 UTCB_VADDR=0x100000 UTCB_ORDER=14"),
	OK("create A utcb 0x8000 kip 0x0",
	  "NAME=A KIP_VADDR=0x0 UTCB_VADDR=0x8000 UTCB_ORDER=12"),
	OK("create A utcb 0x200000+64K",
	  "NAME=A UTCB_VADDR=0x200000 UTCB_ORDER=16"),
	BAD("create A kip", "\"KIP\" is required"),
	BAD("create A utcb 0x1000+16K", "UTCB: base not aligned"),
	BAD("create A kip 1 kip 2", "option given twice"),
	BAD("create A tlb 0x0", "\"tlb\" is wrong: unexpected argument"),
	/* access NAME VADDR r|w|x: any byte address. */
	OK("access A 0x1234 r", "NAME=A VADDR=0x1234 ACCESS=4"),
	OK("access A 0x1000 w", "NAME=A VADDR=0x1000 ACCESS=2"),
	OK("access A 0x1000 x", "NAME=A VADDR=0x1000 ACCESS=1"),
	BAD("access A 0x1000 rw", "\"rw\" is wrong: ACCESS"),
	BAD("access A 0x1000", "\"ACCESS\" is required"),
	/* config [grant-mode MODE]. */
	OK("config", ""),
	OK("config grant-mode keep-subtree", "GRANT_MODE=2"),
	OK("config grant-mode paper", "GRANT_MODE=1"),
	BAD("config grant-mode", "\"MODE\" is required"),
	BAD("config grant-mode fiasco", "\"fiasco\" is wrong: MODE"),
	BAD("config mode paper", "\"mode\" is wrong: unexpected argument"),
	/* Each error names the argument and says why (issue #18). */
	BAD("map sigma0 zz n1 0x1000", "\"zz\" is wrong: FPAGE: not a number"),
	BAD("map sigma0 0x5000 n1 1x", "\"1x\" is wrong: DEST: not a number"),
	BAD("map sigma0 0x5000 c1 0x1000 rights q",
	    "\"q\" is wrong: RIGHTS: letters of r, w, x and -"),
	BAD("map sigma0 0x5000 A 0x1000 keep-subtree",
	    "\"keep-subtree\" is wrong: unexpected argument (expected rights, uncached or base)"),
	BAD("map", "\"SRC\" is required"),
	BAD("lookup A", "\"VADDR\" is required"),
	BAD("lookup A 0x1000 0x2000", "\"0x2000\" is wrong: unexpected argument"),
	BAD("create \"\"", "\"\" is wrong: NAME: empty name"),
	BAD("list A", "\"A\" is wrong: unexpected argument"),
	BAD("dump A 0x1000 B", "\"B\" is wrong: unexpected argument"),
	BAD("dump A B", "\"B\" is wrong: RANGE: not a number"),
	/* The abstract state is all of it: sigma0's untouched pages too. */
	OK("dump --abstract A", "NAME=A"),
	OK("dump --abstract", ""),
	OK("dump", "SKIP_PRISTINE"),
	OK("dump --all", ""),
	OK("dump A 0x1000+64K", "PAGES=16 NAME=A VADDR=0x1000"),
	OK("dump A 0x10000/16", "NAME=A VADDR=0x10000 ORDER=16"),
	OK("dump A 0x3000+0x5000", "PAGES=5 NAME=A VADDR=0x3000"),
	BAD("dump A 0x3000+100", "SIZE: whole pages"),
	BAD("dump A 0xfffff000+8K", "SIZE: whole pages"),
	BAD("dump A 0x3001+4K", "not page-aligned"),
	OK("dump --all A 0x2000", "NAME=A VADDR=0x2000"),
	BAD("dump A 0x1000/40", "RANGE: ORDER must be 12..32"),
	OK("check A", "NAME=A"),
	OK("destroy A", "NAME=A"),
	BAD("destroy", "\"NAME\" is required"),
};

static const char *const names[L4MM_A_MAX + 1] = {
	[L4MM_A_NAME] = "NAME", [L4MM_A_VADDR] = "VADDR",
	[L4MM_A_SRC_NAME] = "SRC_NAME", [L4MM_A_SRC_VADDR] = "SRC_VADDR",
	[L4MM_A_ORDER] = "ORDER", [L4MM_A_SRC_ORDER] = "SRC_ORDER",
	[L4MM_A_SND_BASE] = "SND_BASE", [L4MM_A_RIGHTS] = "RIGHTS",
	[L4MM_A_UNCACHED] = "UNCACHED", [L4MM_A_GRANT_MODE] = "GRANT_MODE",
	[L4MM_A_ACCESS] = "ACCESS", [L4MM_A_KIP_VADDR] = "KIP_VADDR",
	[L4MM_A_UTCB_VADDR] = "UTCB_VADDR", [L4MM_A_UTCB_ORDER] = "UTCB_ORDER",
	[L4MM_A_ALL] = "ALL", [L4MM_A_EFFECTS] = "EFFECTS",
	[L4MM_A_PAGES] = "PAGES", [L4MM_A_SKIP_PRISTINE] = "SKIP_PRISTINE",
};

/* The attributes of msg as "NAME=value ..." in the order they were put. */
static void decode(struct nl_msg *msg, char *out, size_t size)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct nlattr *a;
	size_t len = 0;
	int rem, t;

	out[0] = '\0';
	nla_for_each_attr(a, genlmsg_attrdata(nlmsg_data(nlh), 0),
			  genlmsg_attrlen(nlmsg_data(nlh), 0), rem) {
		t = nla_type(a);
		len += snprintf(out + len, size - len, "%s%s", len ? " " : "",
				t <= L4MM_A_MAX && names[t] ? names[t] : "?");
		if (nla_len(a) == 0)
			continue;
		if (t == L4MM_A_NAME || t == L4MM_A_SRC_NAME)
			len += snprintf(out + len, size - len, "=%s",
					nla_get_string(a));
		else if (nla_len(a) == 8)
			len += snprintf(out + len, size - len, "=0x%llx",
					(unsigned long long)nla_get_u64(a));
		else if (nla_len(a) == 4)
			len += snprintf(out + len, size - len, "=%u",
					nla_get_u32(a));
		else
			len += snprintf(out + len, size - len, "=%u",
					nla_get_u8(a));
		if (len >= size)
			return;
	}
}

/* Split a test line at blanks; "" is an empty word. */
static int split(char *line, char **argv, int max)
{
	char *tok;
	int argc = 0;

	for (tok = strtok(line, " "); tok && argc < max - 1;
	     tok = strtok(NULL, " "))
		argv[argc++] = strcmp(tok, "\"\"") ? tok : tok + 2;
	argv[argc] = NULL;
	return argc;
}

/* Run one case; on failure, why[] says what happened. */
static int run_case(const struct parse_case *c, char *why, size_t size)
{
	struct l4mm_ctx ctx = { 0 };
	struct l4mm_req req = { 0 };
	const struct l4mm_command *cmd;
	char line[256], *argv[32], got[512], err[512];
	struct nl_msg *msg;
	int argc, ret;

	snprintf(line, sizeof(line), "%s", c->line);
	argc = split(line, argv, 32);
	cmd = l4mm_find_cmd(argv[0]);
	if (!cmd)
		return snprintf(why, size, "no command %s", argv[0]), -1;
	req.cmd = cmd->nlcmd;
	l4mm_argerr_clear();
	ret = cmd->parse(argc, argv, &req);
	l4mm_argerr_text(err, sizeof(err));

	if (!c->attrs) {
		if (!ret)
			return snprintf(why, size, "accepted"), -1;
		if (!strstr(err, c->err))
			return snprintf(why, size, "error \"%s\", want \"%s\"",
					err, c->err), -1;
		return 0;
	}
	if (ret)
		return snprintf(why, size, "refused: %s", err), -1;
	msg = l4mm_msg_new(&ctx, req.cmd, 0, 0);
	if (!msg || l4mm_put_req(msg, &req)) {
		nlmsg_free(msg);
		return snprintf(why, size, "cannot build the request"), -1;
	}
	decode(msg, got, sizeof(got));
	nlmsg_free(msg);
	if (strcmp(got, c->attrs))
		return snprintf(why, size, "sent \"%s\", want \"%s\"", got,
				c->attrs), -1;
	return 0;
}

/*
 * Run fn with stdout (fd) captured into out[]; what fn returns.
 * fd 1 or 2.
 */
static int capture(int fd, void (*fn)(void *), void *arg, char *out,
		   size_t size)
{
	FILE *tmp = tmpfile();
	int saved;
	size_t n;

	out[0] = '\0';
	if (!tmp)
		return -1;
	fflush(stdout);
	fflush(stderr);
	saved = dup(fd);
	dup2(fileno(tmp), fd);
	fn(arg);
	fflush(stdout);
	fflush(stderr);
	dup2(saved, fd);
	close(saved);
	rewind(tmp);
	n = fread(out, 1, size - 1, tmp);
	out[n] = '\0';
	fclose(tmp);
	return 0;
}

static int tap_n, tap_failed;

static void tap(bool ok, const char *what, const char *why)
{
	tap_n++;
	if (ok) {
		printf("ok %d - %s\n", tap_n, what);
		return;
	}
	tap_failed++;
	printf("not ok %d - %s # %s\n", tap_n, what, why);
}

/* Commands by full name, alias and unique prefix, as ip does. */
static void test_abbrev(void)
{
	/* want: the command, or "!" and a part of the error. */
	static const struct {
		const char *word, *want;
	} t[] = {
		{ "list", "list" }, { "lis", "list" }, { "ls", "list" },
		{ "li", "list" }, { "lo", "lookup" }, { "look", "lookup" },
		{ "m", "map" }, { "g", "grant" }, { "cr", "create" },
		{ "de", "destroy" }, { "du", "dump" }, { "show", "dump" },
		{ "he", "help" }, { "ver", "version" }, { "ch", "check" },
		{ "con", "config" },
		/* Newer commands leave the older abbreviations alone. */
		{ "gra", "grant" }, { "grap", "graph" }, { "mo", "monitor" },
		{ "gr", "grant" },
		{ "l", "!ambiguous: lookup list" },
		{ "c", "!ambiguous: create config check" },
		{ "s", "!ambiguous: status stats" },
		{ "stat", "!ambiguous: status stats" },
		{ "", "!COMMAND: unknown" },
		{ "lists", "!\"lists\" is wrong: COMMAND: unknown" },
		{ "frob", "!unknown, try \"l4mm help\"" },
	};
	char what[64], why[400], err[300];
	const struct l4mm_command *cmd;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		l4mm_argerr_clear();
		cmd = l4mm_find_cmd(t[i].word);
		l4mm_argerr_text(err, sizeof(err));
		snprintf(what, sizeof(what), "command \"%s\" is %s", t[i].word,
			 t[i].want[0] != '!' ? t[i].want : "refused");
		snprintf(why, sizeof(why), "got %s, error \"%s\"",
			 cmd ? cmd->name : "none", err);
		if (t[i].want[0] != '!')
			tap(cmd && !strcmp(cmd->name, t[i].want), what, why);
		else
			tap(!cmd && strstr(err, t[i].want + 1), what, why);
	}
}

static void usage_of(void *arg)
{
	l4mm_cmd_usage(stdout, arg, true);
}

/*
 * "l4mm help CMD" of every command: its usage line, its description and
 * a definition of every word of the usage line.
 */
static void test_help(void)
{
	char out[4096], what[64], why[256], word[32];
	const char *p, *q;
	unsigned int i;
	bool ok;

	for (i = 0; i < l4mm_ncmds; i++) {
		const struct l4mm_command *c = l4mm_cmds[i];

		capture(1, usage_of, (void *)c, out, sizeof(out));
		snprintf(what, sizeof(what), "help %s", c->name);
		snprintf(why, sizeof(why), "Usage: l4mm %s%s%s", c->name,
			 c->args[0] ? " " : "", c->args);
		ok = !strncmp(out, why, strlen(why)) &&
		     strstr(out, c->help) != NULL;
		/* Every upper-case word of the usage is defined. */
		for (p = c->args; ok && *p; p = q) {
			for (; *p && !(*p >= 'A' && *p <= 'Z'); p++)
				;
			for (q = p; *q >= 'A' && *q <= 'Z'; q++)
				;
			if (q == p)
				break;
			snprintf(word, sizeof(word), " %.*s ", (int)(q - p),
				 p);
			if (!strstr(out, word) || !strstr(strstr(out, word), ":= ")) {
				ok = false;
				snprintf(why, sizeof(why), "no definition of%s",
					 word);
			}
		}
		tap(ok, what, ok ? "" : out[0] ? why : "no output");
	}
}

/* Options anywhere before "--", help words, what a batch line may have. */
static void test_opts(void)
{
	static const struct {
		const char *line;
		bool in_batch;
		int ret;		/* 0 ok, 1 help, -1 refused */
		const char *rest;	/* argv left, or the error */
		const char *flags;	/* jpvf set */
	} t[] = {
		{ "list -j", false, 0, "list", "j" },
		{ "list --json", false, 0, "list", "j" },
		{ "list -pretty", false, 0, "list", "jp" },
		{ "dump --abstract -j A", false, 0, "dump --abstract A", "j" },
		{ "lookup -v A 0x1000 -j", false, 0, "lookup A 0x1000", "jv" },
		{ "create -- -x", false, 0, "create -x", "" },
		{ "map sigma0 0x0 A 0x0 base -1", false, 0,
		  "map sigma0 0x0 A 0x0 base -1", "" },
		/* A single dash may begin an argument: rights, names. */
		{ "unmap A 0x1000 rights -w-", false, 0,
		  "unmap A 0x1000 rights -w-", "" },
		{ "dump -x", false, 0, "dump -x", "" },
		{ "flush A 0x1000/12 rights --x -j", false, 0,
		  "flush A 0x1000/12 rights --x", "j" },
		{ "unmap A 0x1000 rights -v", false, 0,
		  "unmap A 0x1000 rights -v", "" },
		{ "dump --x", false, -1, "\"--x\" is wrong: unknown option", "" },
		{ "map help", false, 1, "", "" },
		{ "map --help", false, 1, "", "" },
		{ "map A -h", false, 1, "", "" },
		{ "help map", false, 0, "help map", "" },
		{ "list -b f", false, -1, "must come before the command", "" },
		{ "list -V", false, -1, "must come before the command", "" },
		{ "dump --abstrakt", false, -1,
		  "\"--abstrakt\" is wrong: unknown option", "" },
		{ "list -ver", false, -1, "ambiguous option", "" },
		{ "lookup A 0x1000 -f", true, 0, "lookup A 0x1000", "f" },
		{ "lookup A 0x1000 -j", true, -1,
		  "only -f may be given in a batch line", "" },
		{ "list -v", true, -1, "only -f", "" },
	};
	char line[128], *argv[16], rest[128], err[300], why[600], flags[8];
	const struct l4mm_command *cmd;
	struct l4mm_opts o;
	int argc, ret, j;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		memset(&o, 0, sizeof(o));
		snprintf(line, sizeof(line), "%s", t[i].line);
		argc = split(line, argv, 16);
		cmd = l4mm_find_cmd(argv[0]);
		l4mm_argerr_clear();
		ret = cmd ? l4mm_cmd_opts(cmd, &argc, argv, &o, t[i].in_batch) :
			    -2;
		l4mm_argerr_text(err, sizeof(err));
		rest[0] = '\0';
		for (j = 0; ret == 0 && j < argc; j++)
			snprintf(rest + strlen(rest), sizeof(rest) - strlen(rest),
				 "%s%s", j ? " " : "", argv[j]);
		snprintf(flags, sizeof(flags), "%s%s%s%s", o.json ? "j" : "",
			 o.pretty ? "p" : "", o.verbose ? "v" : "",
			 o.force ? "f" : "");
		snprintf(why, sizeof(why), "ret %d, argv \"%s\", flags \"%s\", error \"%s\"",
			 ret, rest, flags, err);
		tap(ret == t[i].ret &&
		    (ret < 0 ? strstr(err, t[i].rest) != NULL :
		     ret > 0 || (!strcmp(rest, t[i].rest) &&
				 !strcmp(flags, t[i].flags))),
		    t[i].line, why);
	}
}

int json_check(const char *s, size_t n, size_t *at, const char **why,
	       char *type, long *count);

static int json_ok(const char *s, long *count)
{
	const char *why;
	size_t at;
	char type;

	return !json_check(s, strlen(s), &at, &why, &type, count);
}

/* A lookup-like document with a nested object, nulls and an escape. */
static void json_doc(void *arg)
{
	(void)arg;
	open_json_object(NULL);
	print_str(PRINT_ANY, "space", "%s", "A\"\t");
	print_u64(PRINT_ANY, "vaddr", " %" PRIu64, 8192);
	print_null(PRINT_ANY, "src", " null");
	print_bool(PRINT_ANY, "uncached", " %s", false);
	open_json_array("list");
	close_json_array();
	open_json_object("o");
	print_u64(PRINT_JSON, "a", NULL, 1);
	close_json_object();
	close_json_object();
	json_end_doc();
}

static void json_batch(void *arg)
{
	struct l4mm_ctx ctx = { .cmd = "map" };

	(void)arg;
	json_batch_begin();
	json_doc(NULL);
	/* An error in the middle of a document closes it first. */
	open_json_object(NULL);
	open_json_array("rows");
	print_u64(PRINT_JSON, NULL, NULL, 1);
	l4mm_set_err(&ctx, 22, "address is not page-aligned");
	l4mm_report(&ctx);
	json_doc(NULL);
	json_batch_end();
}

static void json_argerr(void *arg)
{
	l4mm_argerr_clear();
	badarg("FPAGE", "zz", "not a number");
	l4mm_report_argerr(arg);
}

/* Compact and pretty JSON, errors as JSON, -j -b as one array. */
static void test_json(void)
{
	static const char compact[] =
		"{\"space\":\"A\\\"\\t\",\"vaddr\":8192,\"src\":null,"
		"\"uncached\":false,\"list\":[],\"o\":{\"a\":1}}\n";
	static const char pretty[] =
		"{\n    \"space\": \"A\\\"\\t\",\n    \"vaddr\": 8192,\n"
		"    \"src\": null,\n    \"uncached\": false,\n"
		"    \"list\": [],\n    \"o\": {\n        \"a\": 1\n    }\n}\n";
	char out[4096], why[4200];
	long n;

	l4mm_json = true;
	capture(1, json_doc, NULL, out, sizeof(out));
	snprintf(why, sizeof(why), "got %s", out);
	tap(!strcmp(out, compact) && json_ok(out, &n), "JSON, compact", why);

	l4mm_pretty = true;
	capture(1, json_doc, NULL, out, sizeof(out));
	snprintf(why, sizeof(why), "got %s", out);
	tap(!strcmp(out, pretty) && json_ok(out, &n), "JSON, pretty (-p)",
	    why);

	l4mm_where_file = "f";
	l4mm_where_line = 3;
	capture(1, json_batch, NULL, out, sizeof(out));
	snprintf(why, sizeof(why), "got %s", out);
	tap(json_ok(out, &n) && n == 4 && strstr(out, "\"line\": 3") &&
	    strstr(out, "\"errno\": 22"), "JSON, -p -b: one array", why);

	l4mm_pretty = false;
	capture(1, json_batch, NULL, out, sizeof(out));
	snprintf(why, sizeof(why), "got %s", out);
	tap(json_ok(out, &n) && n == 4 &&
	    strstr(out, "\"message\":\"address is not page-aligned\"") &&
	    strstr(out, "\"file\":\"f\",\"line\":3"), "JSON, -j -b: one array",
	    why);
	l4mm_where_file = NULL;

	capture(1, json_argerr, (void *)&cmd_map, out, sizeof(out));
	snprintf(why, sizeof(why), "got %s", out);
	tap(json_ok(out, &n) &&
	    !strcmp(out, "{\"error\":{\"command\":\"map\",\"argument\":\"FPAGE\","
		    "\"value\":\"zz\",\"message\":\"argument \\\"zz\\\" is wrong: "
		    "FPAGE: not a number\",\"errno\":null,\"strerror\":null}}\n"),
	    "JSON, an argument error", why);
	l4mm_json = false;

	/* Text: the error, then the command's usage line. */
	capture(2, json_argerr, (void *)&cmd_map, out, sizeof(out));
	snprintf(why, sizeof(why), "got %s", out);
	tap(!strcmp(out, "Error: argument \"zz\" is wrong: FPAGE: not a number\n"
		    "Usage: l4mm map SRC FPAGE DST DEST [MAPOPT...]\n"),
	    "text, an argument error with the usage line", why);

	/* The checker itself refuses what is not JSON. */
	tap(!json_ok("{\"a\":1}{}", &n) && !json_ok("[1,]", &n) &&
	    !json_ok("{\"a\" 1}", &n) && !json_ok("01", &n) &&
	    !json_ok("\"\t\"", &n) && json_ok(" [ 1 , -2.5e3 , \"\\u00e9\" ] ", &n) &&
	    n == 3, "the JSON checker refuses what is not JSON", "");
}

/* What a kernel error names: the argument the extack offset points at. */
static void kernel_err(void *arg)
{
	struct l4mm_ctx *ctx = arg;

	l4mm_report(ctx);
}

static void test_naming(void)
{
	static const struct {
		const char *line;
		int attr, err;
		const char *msg, *want;
	} t[] = {
		{ "map sigma0 0x5001 n1 0x1000", L4MM_A_SRC_VADDR, 22,
		  "address is not page-aligned",
		  "l4mm: map: FPAGE \"0x5001\": address is not page-aligned (Invalid argument)\n" },
		{ "map sigma0 0x5000 n1 0x1001", L4MM_A_VADDR, 22,
		  "address is not page-aligned",
		  "l4mm: map: DEST \"0x1001\": address is not page-aligned (Invalid argument)\n" },
		{ "map n1 0x9000 nX 0x1000", L4MM_A_NAME, 2, "space not found",
		  "l4mm: map: DST \"nX\": space not found (No such file or directory)\n" },
		{ "map nY 0x9000 n1 0x1000", L4MM_A_SRC_NAME, 2,
		  "source space not found",
		  "l4mm: map: SRC \"nY\": source space not found (No such file or directory)\n" },
		{ "unmap A 0x1000 rights r", L4MM_A_RIGHTS, 22, "bad rights",
		  "l4mm: unmap: RIGHTS \"r\": bad rights (Invalid argument)\n" },
		/* No extack (a dump's start on 6.1): the one name it can be. */
		{ "dump nX", -1, 2, "",
		  "l4mm: dump: NAME \"nX\": space not found (No such file or directory)\n" },
		/* No extack, EPERM: the genl core's admin check. */
		{ "create A", -1, 1, "",
		  "l4mm: create: needs CAP_NET_ADMIN over this network namespace (Operation not permitted)\n" },
		/* Nothing to name. */
		{ "list", -1, 12, "out of memory",
		  "l4mm: list: out of memory (Cannot allocate memory)\n" },
	};
	char line[128], *argv[16], out[512], why[1200];
	const struct l4mm_command *cmd;
	struct l4mm_req req;
	struct l4mm_ctx ctx;
	size_t i;
	int argc;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		memset(&req, 0, sizeof(req));
		memset(&ctx, 0, sizeof(ctx));
		snprintf(line, sizeof(line), "%s", t[i].line);
		argc = split(line, argv, 16);
		cmd = l4mm_find_cmd(argv[0]);
		req.cmd = cmd->nlcmd;
		cmd->parse(argc, argv, &req);
		ctx.cmd = cmd->name;
		ctx.req = &req;
		ctx.err_attr = t[i].attr;
		l4mm_set_err(&ctx, t[i].err, "%s", t[i].msg);
		ctx.has_extack = t[i].msg[0];
		capture(2, kernel_err, &ctx, out, sizeof(out));
		snprintf(why, sizeof(why), "got \"%s\", want \"%s\"", out,
			 t[i].want);
		snprintf(line, sizeof(line), "kernel error naming: %s",
			 t[i].line);
		tap(!strcmp(out, t[i].want), line, why);
	}
}

/* The dump --abstract suffixes and the bit strings (attrs.c). */
static int check_abstract(char *why, size_t size)
{
	static const struct {
		struct page_attrs a;
		const char *want;
	} t[] = {
		{ { .has_rights = true, .rights = 7, .has_status = true }, "" },
		{ { 0 }, "" },
		{ { .has_rights = true, .rights = 5 }, " rights=r-x" },
		{ { .has_rights = true, .rights = 4, .uncached = true,
		    .has_status = true, .status = 6 },
		  " rights=r-- uncached status=rw-" },
		{ { .has_rights = true, .rights = 7, .has_status = true,
		    .status = 1, .page_shift = 20 }, " status=--x" },
	};
	char buf[128];
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		snprintf(buf, sizeof(buf), "A 0x00001000 Real 0x00005000");
		attrs_abstract(&t[i].a, buf, sizeof(buf));
		if (strcmp(buf + 28, t[i].want))
			return snprintf(why, size, "case %zu: \"%s\"", i,
					buf + 28), -1;
	}
	return 0;
}

/*
 * A batch of lines that never reach the kernel (each is refused while it
 * is parsed): every error names the right word, -f lists exactly the
 * failing lines, and under -j the whole output is one JSON array.
 */
static const char batch_lines[] =
	"# a comment, then a blank line\n"
	"\n"
	"frob A\n"
	"map sigma0 0x5000 c1 0x1000 rights q\n"
	"\"unterminated x\n"
	"lookup A 0x1000 -j\n"
	"-f lookup A zz\n"
	"map help\n";

static char batch_file[64];
static int batch_rc;

static void run_batch(void *arg)
{
	struct l4mm_ctx ctx = { .force = arg != NULL };

	batch_rc = l4mm_batch_file(&ctx, batch_file);
}

/* graph's words: options, NAME VADDR or NAME...; bad ones refused. */
static struct l4mm_req graph_req(const char *line, int *ret)
{
	char buf[256], *argv[32], *p;
	struct l4mm_req req = { 0 };
	int argc = 0;

	snprintf(buf, sizeof(buf), "%s", line);
	for (p = strtok(buf, " "); p && argc < 31; p = strtok(NULL, " "))
		argv[argc++] = p;
	argv[argc] = NULL;
	l4mm_argerr_clear();
	*ret = cmd_graph.parse(argc, argv, &req);
	/* The words point into buf: keep only what the checks read. */
	req.name = req.name ? "set" : NULL;
	return req;
}

static void graph_sample(void *arg)
{
	const struct graph *g = arg;

	if (l4mm_json)
		graph_json(g);
	else
		graph_dot(stdout, g, "T");
}

static void test_graph(void)
{
	struct graph_node n[] = {
		{ .space = "sigma0", .vaddr = 0x5000, .paddr = 0x5000,
		  .rights = 7 },
		{ .space = "A", .vaddr = 0x1000, .paddr = 0x5000, .depth = 1,
		  .has_src = true, .src = "sigma0", .src_vaddr = 0x5000,
		  .rights = 5, .status = 2 },
		{ .space = "C", .vaddr = 0x3000, .paddr = 0x5000, .depth = 2,
		  .has_src = true, .src = "A", .src_vaddr = 0x1000,
		  .rights = 7 },
		{ .space = "B", .vaddr = 0x2000, .paddr = 0x5000, .depth = 2,
		  .has_src = true, .src = "A", .src_vaddr = 0x1000,
		  .rights = 7, .uncached = true },
	};
	struct graph g = { { n, 4, 4 }, NULL, 0 };
	struct graph d = { { 0 }, NULL, 0 };
	struct l4mm_ctx ctx = { 0 };
	struct graph_node x;
	size_t i;
	struct l4mm_req req;
	char out[8192], why[8400];
	const char *c, *b;
	long cnt;
	int ret;

	req = graph_req("graph", &ret);
	tap(!ret && !req.name && !req.nspaces && !req.graph_all &&
	    !req.has_limit, "graph: no words, every tree", "");
	req = graph_req("graph B 0x2000", &ret);
	tap(!ret && req.name && req.has_vaddr && req.vaddr == 0x2000 &&
	    !req.nspaces, "graph NAME VADDR: a subtree", "");
	req = graph_req("graph --all --limit 10 --frames 0x10000+64K A B C",
			&ret);
	tap(!ret && req.graph_all && req.has_limit && req.limit == 10 &&
	    req.has_frames && req.frames_lo == 0x10000 &&
	    req.frames_hi == 0x1f000 && req.nspaces == 3 && !req.name,
	    "graph --all --limit --frames NAME...", "");
	req = graph_req("graph --limit 0", &ret);
	tap(ret && strstr(l4mm_argerr.reason, "1..1048576"),
	    "graph --limit 0 refused", l4mm_argerr.reason);
	req = graph_req("graph --frames 0x1001", &ret);
	tap(ret && !strcmp(l4mm_argerr.name, "FPAGE"),
	    "graph --frames misaligned refused", l4mm_argerr.reason);
	req = graph_req("graph --limit", &ret);
	tap(ret && l4mm_argerr.missing, "graph --limit without N", "");
	req = graph_req("graph a b c d e f g h i j k l m n o p q", &ret);
	tap(ret && strstr(l4mm_argerr.reason, "at most 16"),
	    "graph: at most 16 spaces", l4mm_argerr.reason);
	req = graph_req("graph A x/y", &ret);
	tap(ret && !strcmp(l4mm_argerr.name, "NAME"),
	    "graph: a bad space name", l4mm_argerr.reason);

	/* Context nodes come once per child: one node each, and a selected
	 * copy replaces the context one; 5000 of them stay linear. */
	for (i = 0; i < 5000; i++) {
		x = n[1];
		x.vaddr = 0x1000 + (i % 2500) * 4096;
		x.context = i < 2500;
		graph_add(&ctx, &d, &x);
		x = n[0];
		x.context = true;
		graph_add(&ctx, &d, &x);
	}
	tap(d.nodes.n == 2501 &&
	    !((struct graph_node *)d.nodes.v)[0].context &&
	    ((struct graph_node *)d.nodes.v)[1].context,
	    "graph: context nodes deduplicated, selected copies win", "");
	graph_free(&d);

	/* DOT: clusters, the frame box, edges in order, labels. */
	capture(1, graph_sample, &g, out, sizeof(out));
	snprintf(why, sizeof(why), "got %s", out);
	c = strstr(out, "\t\"C:0x3000\" -> \"A:0x1000\";\n");
	b = strstr(out, "\t\"B:0x2000\" -> \"A:0x1000\";\n");
	tap(!strncmp(out, "digraph l4mm {\n", 15) &&
	    strstr(out, "ordering=in") && strstr(out, "label=\"T\"") &&
	    strstr(out, "subgraph \"cluster_A\"") &&
	    strstr(out, "subgraph \"cluster_sigma0\"") &&
	    strstr(out, "subgraph cluster_physical") &&
	    strstr(out, "\"frame:0x5000\" [label=\"0x5000\"") &&
	    strstr(out, "\t\"sigma0:0x5000\" -> \"frame:0x5000\" [style=bold];\n") &&
	    strstr(out, "\t\"A:0x1000\" -> \"sigma0:0x5000\";\n") &&
	    c && b && c < b &&
	    strstr(out, "label=\"0x1000\\nr-x\\nstatus -w-\"") &&
	    strstr(out, "label=\"0x2000\\nuncached\"") &&
	    strstr(out, "label=\"0x3000\",") &&
	    !strcmp(out + strlen(out) - 2, "}\n"),
	    "graph: DOT clusters, frames, edges in sibling order, labels", why);

	/* JSON: nodes and edges, a valid document. */
	l4mm_json = true;
	capture(1, graph_sample, &g, out, sizeof(out));
	l4mm_json = false;
	snprintf(why, sizeof(why), "got %s", out);
	tap(json_ok(out, &cnt) &&
	    strstr(out, "{\"id\":\"A:0x1000\",\"space\":\"A\",\"vaddr\":4096,"
		   "\"paddr\":20480,\"depth\":1,\"real\":false,"
		   "\"context\":false,\"rights\":\"r-x\",\"uncached\":false,"
		   "\"status\":\"-w-\"}") &&
	    strstr(out, "\"edges\":[{\"from\":\"A:0x1000\",\"to\":\"sigma0:0x5000\"},"
		   "{\"from\":\"C:0x3000\",\"to\":\"A:0x1000\"},"
		   "{\"from\":\"B:0x2000\",\"to\":\"A:0x1000\"}]"),
	    "graph -j: nodes and edges", why);
}

static void test_batch(void)
{
	static const char *const want[] = {
		":3: Error: argument \"frob\" is wrong: COMMAND: unknown",
		":4: Error: argument \"q\" is wrong: RIGHTS: letters of r, w, x and -",
		":5: Error: argument \"\"unterminated x\" is wrong: unterminated quote",
		":6: Error: argument \"-j\" is wrong: only -f may be given in a batch line",
		":7: Error: argument \"zz\" is wrong: VADDR: not a number",
		":8: Error: argument \"help\" is wrong: not available in a batch",
		": 5 commands failed, lines 3, 4, 5, 6 and 8",
	};
	char out[8192], why[9000];
	bool ok = true;
	size_t i;
	long n;
	int fd;
	FILE *f;

	snprintf(batch_file, sizeof(batch_file), "/tmp/l4mm-test-batch.XXXXXX");
	fd = mkstemp(batch_file);
	f = fd < 0 ? NULL : fdopen(fd, "w");
	if (!f) {
		tap(false, "batch file", "cannot write a temporary file");
		return;
	}
	fputs(batch_lines, f);
	fclose(f);

	capture(2, run_batch, (void *)1, out, sizeof(out));
	for (i = 0; i < ARRAY_SIZE(want); i++)
		ok &= strstr(out, want[i]) != NULL;
	/* Line 7 may fail (-f): no "Command failed" for it. */
	ok &= !strstr(out, "Command failed") ||
	      !strstr(strstr(out, "Command failed"), ":7\n");
	ok &= batch_rc == 1;
	snprintf(why, sizeof(why), "rc %d, stderr:\n%s", batch_rc, out);
	tap(ok, "batch: each bad line named, -f lists exactly the failing ones",
	    why);

	/* Without -f: the first failure stops it. */
	capture(2, run_batch, NULL, out, sizeof(out));
	snprintf(why, sizeof(why), "rc %d, stderr:\n%s", batch_rc, out);
	tap(batch_rc == 1 && strstr(out, ":3: Error") && !strstr(out, ":4:") &&
	    strstr(out, "Command failed"), "batch: stops at the first failure",
	    why);

	l4mm_json = true;
	capture(1, run_batch, (void *)1, out, sizeof(out));
	l4mm_json = false;
	snprintf(why, sizeof(why), "stdout:\n%s", out);
	tap(json_ok(out, &n) && n == 6 && strstr(out, "\"line\":4") &&
	    strstr(out, "\"argument\":\"RIGHTS\",\"value\":\"q\""),
	    "batch: -j -b prints one JSON array", why);
	unlink(batch_file);
}

int main(void)
{
	size_t i, n = sizeof(cases) / sizeof(cases[0]);
	char why[1024];

	printf("TAP version 13\n");
	for (i = 0; i < n; i++) {
		why[0] = '\0';
		tap(!run_case(&cases[i], why, sizeof(why)), cases[i].line, why);
	}
	tap(!check_abstract(why, sizeof(why)), "dump --abstract suffixes", why);
	test_abbrev();
	test_help();
	test_opts();
	test_json();
	test_naming();
	test_batch();
	test_graph();
	printf("1..%d\n", tap_n);
	printf("# cli: %d passed, %d failed\n", tap_n - tap_failed, tap_failed);
	return tap_failed ? 1 : 0;
}
