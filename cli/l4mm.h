/* SPDX-License-Identifier: GPL-2.0 */
/*
 * l4mm(8): userspace front end of the l4mm generic netlink family.
 *
 * Every subcommand lives in its own cmd_*.c file and exports one
 * struct l4mm_command; main.c lists them in its dispatch table, from which
 * the usage, "l4mm help CMD", abbreviations and bash completion's command
 * list all follow.  A command is split in two steps so that batch mode can
 * reuse it:
 *
 *	parse()	turns argv into a struct l4mm_req without touching the
 *		kernel (argument errors are recorded in l4mm_argerr);
 *	run()	sends the request and prints the reply.
 *
 * Mutating commands read from a batch file skip run(): batch.c packs
 * their requests into one L4MM_CMD_BATCH message instead.
 */
#ifndef L4MM_CLI_H
#define L4MM_CLI_H

#include <stdbool.h>
#include <stdio.h>
#include <stdint.h>
#include <inttypes.h>

#include <netlink/netlink.h>
#include <netlink/genl/genl.h>

#include "linux/l4mm.h"

/* The one version string (top-level VERSION file), from the Makefile. */
#ifndef L4MM_VERSION
#error "L4MM_VERSION must be defined (the top-level VERSION file)"
#endif

#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))

/* Batch mode: commands and bytes per L4MM_CMD_BATCH request. */
#define L4MM_BATCH_MAX_CMDS	1024
#define L4MM_BATCH_MAX_BYTES	(60 * 1024)
/* Longest NAME argument accepted at all (valid names have 1..15 chars). */
#define L4MM_ARG_MAX		255
#define L4MM_BATCH_MSG_SIZE	(128 * 1024)
/* Arguments of one command line that become attributes. */
#define L4MM_REQ_ARGS		12

/*
 * Which argument of the command line an attribute came from, so that a
 * kernel error pointing at the attribute (extack offset) can name it:
 * "DST "nX": space not found".
 */
struct req_arg {
	uint8_t attr;		/* L4MM_A_* */
	const char *name;	/* usage name: "DST", "FPAGE" */
	const char *word;	/* as typed; points into argv */
};

/* A parsed command line: the attributes of one request. */
struct l4mm_req {
	uint8_t cmd;		/* L4MM_CMD_* */
	bool has_vaddr;		/* L4MM_A_VADDR present */
	const char *name;	/* L4MM_A_NAME or NULL */
	const char *src;	/* L4MM_A_SRC_NAME (+ SRC_VADDR) or NULL */
	uint64_t vaddr;
	uint64_t src_vaddr;
	bool abstract;		/* dump --abstract (CLI only, not sent) */
	const char *topic;	/* help CMD (CLI only) */

	/*
	 * Extensions (docs/extensions.md): each is sent only when given, so
	 * that an old command line is the same request as before.
	 */
	bool has_order;		/* L4MM_A_ORDER: VADDR was an fpage */
	bool has_src_order;	/* L4MM_A_SRC_ORDER */
	bool has_base;		/* L4MM_A_SND_BASE */
	bool has_rights;	/* L4MM_A_RIGHTS */
	bool uncached;		/* L4MM_A_UNCACHED */
	bool has_kip;		/* L4MM_A_KIP_VADDR */
	bool has_utcb;		/* L4MM_A_UTCB_VADDR + L4MM_A_UTCB_ORDER */
	bool has_access;	/* L4MM_A_ACCESS */
	uint8_t order;
	uint8_t src_order;
	uint8_t rights;		/* L4MM_RIGHT_* */
	uint8_t grant_mode;	/* L4MM_GRANT_MODE_*, 0 = not sent */
	uint8_t access;		/* one L4MM_RIGHT_* */
	uint8_t utcb_order;
	uint64_t snd_base;
	uint64_t kip_vaddr;
	uint64_t utcb_vaddr;

	/* graph (CLI options, sent as L4MM_A_GRAPH_*) and monitor */
	bool graph_all;		/* graph, dump --all: L4MM_A_ALL */
	bool skip_pristine;	/* dump without --all: L4MM_A_SKIP_PRISTINE */
	bool has_frames;	/* --frames FPAGE */
	bool has_limit;		/* --limit N */
	bool mon_time;		/* monitor --time */
	bool effects;		/* -v map/grant/unmap/flush: L4MM_A_EFFECTS */
	uint32_t dump_pages;	/* dump NAME VADDR+SIZE: L4MM_A_PAGES */
	uint32_t limit;
	uint64_t frames_lo, frames_hi;
	unsigned int nspaces;	/* graph NAME...: L4MM_A_GRAPH_SPACES */
	const char *spaces[L4MM_GRAPH_MAX_SPACES];

	unsigned int nargs;
	struct req_arg args[L4MM_REQ_ARGS];
};

struct l4mm_batch;

struct l4mm_ctx {
	struct nl_sock *sk;
	int family;		/* resolved family id, 0 = not connected */
	bool verbose;
	bool force;		/* -f: a batch goes on after a failure */
	bool fatal;		/* cannot reach the kernel: stop a batch */
	const char *cmd;	/* command name for error messages */
	const struct l4mm_req *req;	/* its request, to name arguments */
	struct l4mm_batch *batch;	/* batch mode only */

	/* Outcome of the last round trip (see l4mm_transact()). */
	int err;		/* positive errno, 0 for a non-kernel error */
	int err_off;		/* extack NLMSGERR_ATTR_OFFS, -1 if none */
	int err_attr;		/* type of the attribute there, -1 if none */
	bool has_extack;	/* the kernel sent a message */
	bool dump_intr;		/* a message carried NLM_F_DUMP_INTR */
	char errmsg[512];	/* the message, without strerror */
};

struct l4mm_command {
	const char *name;
	const char *args;	/* usage of the arguments */
	const char *help;	/* one-line description */
	uint8_t nlcmd;		/* L4MM_CMD_*, 0 for the CLI's own */
	bool mutating;		/* may be queued into a BATCH request */
	bool local;		/* help, version: no kernel, not in batches */
	/*
	 * The shortest prefix that names it (0: any unique one), so that a
	 * new command leaves the abbreviations in use alone ("g" is grant,
	 * graph needs "grap").
	 */
	unsigned int min_abbrev;
	/* Dash words the command takes itself ("--abstract"), NULL-ended. */
	const char *const *opts;
	int (*parse)(int argc, char **argv, struct l4mm_req *req);
	int (*run)(struct l4mm_ctx *ctx, const struct l4mm_req *req);
};

extern const struct l4mm_command cmd_create, cmd_destroy, cmd_map, cmd_grant,
	cmd_unmap, cmd_flush, cmd_lookup, cmd_list, cmd_dump, cmd_stats;
extern const struct l4mm_command cmd_hwcheck;
extern const struct l4mm_command cmd_check;
extern const struct l4mm_command cmd_status, cmd_access, cmd_config;
extern const struct l4mm_command cmd_help, cmd_version;
extern const struct l4mm_command cmd_graph, cmd_monitor;

/*
 * main.c: the command table.  l4mm_find_cmd() takes a full name, an alias
 * ("ls") or a unique prefix ("lis"); NULL otherwise, with the reason
 * (unknown, or ambiguous and the candidates) in l4mm_argerr.
 */
const struct l4mm_command *l4mm_find_cmd(const char *word);
const struct l4mm_command *l4mm_lookup_cmd(const char *word,
					   const char **why);
extern const struct l4mm_command *const l4mm_cmds[];
extern const unsigned int l4mm_ncmds;
/* "Usage: l4mm CMD ARGS" (and the "Where:" lines with full). */
void l4mm_cmd_usage(FILE *f, const struct l4mm_command *cmd, bool full);
void l4mm_usage(FILE *f);

/*
 * The options that may follow the command too (l4mm list -j): removed
 * from argv, which is compacted; "--" ends them.  Returns 0, 1 when the
 * command's help was asked for (-h, --help), or -1 with l4mm_argerr set.
 */
struct l4mm_opts {
	bool json, pretty, verbose, force, help, version;
	const char *batch;
};

int l4mm_cmd_opts(const struct l4mm_command *cmd, int *argc, char **argv,
		  struct l4mm_opts *o, bool in_batch);
/* One option word at argv[0]; the number of words it took, or -1. */
int l4mm_parse_opt(int argc, char **argv, struct l4mm_opts *o);

/*
 * args.c: argument parsing.  Errors are recorded here, not printed, so
 * that the caller prints them once, with the command's usage, in text or
 * JSON, immediately or after what a batch has queued.
 */
struct l4mm_argerr {
	bool set;
	bool missing;		/* "is required" */
	char name[32];		/* the argument's usage name, may be "" */
	char value[L4MM_ARG_MAX + 1];	/* the word typed */
	char reason[160];
};

extern struct l4mm_argerr l4mm_argerr;
/* -1, recording 'argument "VALUE" is wrong: NAME: REASON'. */
int badarg(const char *name, const char *value, const char *reason);
/* -1, recording 'argument "NAME" is required'. */
int missarg(const char *name);
/* The recorded error as one line: 'argument "x" is wrong: ...'. */
const char *l4mm_argerr_text(char *buf, size_t size);
void l4mm_argerr_clear(void);
int args_count(int argc, char **argv, int min, int max,
	       const char *const *names);
/*
 * A decimal or 0x-hex number (never octal) from s up to *end, which is
 * the first character that is not a digit; NULL end: the whole string.
 */
int parse_u64(const char *s, uint64_t *out, char **end);
int parse_vaddr(const char *arg, const char *what, uint64_t *out);
int parse_name(const char *arg, const char *what, const char **out);
/* Remember that attribute attr came from argument name (word). */
void req_arg(struct l4mm_req *req, int attr, const char *name,
	     const char *word);
int parse_name_vaddr(int argc, char **argv, struct l4mm_req *req);
int parse_name_only(int argc, char **argv, struct l4mm_req *req);
int parse_opt_name(int argc, char **argv, struct l4mm_req *req);
int parse_no_args(int argc, char **argv, struct l4mm_req *req);
void l4mm_where(FILE *f);
extern const char *l4mm_where_file;
extern unsigned int l4mm_where_line;

/*
 * fpage.c: the arguments of the extensions (docs/extensions.md 10).
 * FPAGE is VADDR, VADDR/ORDER or VADDR+SIZE; RIGHTS letters of "rwx-".
 */
int parse_fpage(const char *arg, const char *what, uint64_t *vaddr,
		uint8_t *order, bool *has_order);
int parse_rights(const char *arg, const char *what, uint8_t *out);
int parse_map_opts(int argc, char **argv, struct l4mm_req *req);
int parse_fpage_cmd(int argc, char **argv, struct l4mm_req *req);
int parse_create_args(int argc, char **argv, struct l4mm_req *req);
/* The mode names ("paper", "keep-subtree"), NULL if unknown. */
const char *grant_mode_name(uint8_t mode);
uint8_t grant_mode_of(const char *name);

/*
 * attrs.c: the per-page attributes of LOOKUP, ACCESS and DUMP replies
 * (rights, cached, status, entry size, reserved kind), parsed and shown
 * the same way everywhere.
 */
struct page_attrs {
	bool has_rights;
	bool has_status;
	bool uncached;
	uint8_t rights;		/* L4MM_RIGHT_* */
	uint8_t status;		/* L4MM_STATUS_* */
	uint8_t page_shift;	/* 0 = not reported */
	uint8_t reserved;	/* L4MM_RESERVED_*, 0 = an MDB mapping */
};

void attrs_get(struct page_attrs *a, struct nlattr *rights,
	       struct nlattr *uncached, struct nlattr *status,
	       struct nlattr *shift, struct nlattr *reserved);
/* "r-x" from bits r 4, w 2, x 1 (rights and status bits alike). */
const char *bits_str(uint8_t bits, char buf[4]);
const char *reserved_name(uint8_t kind);
/* Text: the non-default ones, or all of them with verbose; JSON: all. */
void attrs_print(const struct page_attrs *a, bool verbose);
/* The dump --abstract suffixes (docs/extensions.md 9), appended to buf. */
void attrs_abstract(const struct page_attrs *a, char *buf, size_t size);

/* nl.c */
/*
 * Called for each reply message: tb is the parsed top level, nlh the raw
 * message (for replies that repeat an attribute, such as dumps).
 */
typedef int (*l4mm_reply_fn)(struct l4mm_ctx *ctx, struct nlmsghdr *nlh,
			     struct nlattr **tb, void *arg);
int l4mm_connect(struct l4mm_ctx *ctx);
void l4mm_disconnect(struct l4mm_ctx *ctx);
struct nl_msg *l4mm_msg_new(struct l4mm_ctx *ctx, uint8_t cmd, int flags,
			    size_t size);
struct nlattr *l4mm_nest_start(struct nl_msg *msg, int type);
int l4mm_put_req(struct nl_msg *msg, const struct l4mm_req *req);
int l4mm_transact(struct l4mm_ctx *ctx, struct nl_msg *msg,
		  l4mm_reply_fn fn, void *arg);
int l4mm_do(struct l4mm_ctx *ctx, const struct l4mm_req *req,
	    l4mm_reply_fn fn, void *arg);
int l4mm_dump(struct l4mm_ctx *ctx, const struct l4mm_req *req,
	      l4mm_reply_fn fn, void (*reset)(void *arg), void *arg);
/* l4mm_do()/l4mm_dump() that report a failure: 0, or 1 (reported). */
int l4mm_call(struct l4mm_ctx *ctx, const struct l4mm_req *req,
	      l4mm_reply_fn fn, void *arg);
int l4mm_call_dump(struct l4mm_ctx *ctx, const struct l4mm_req *req,
		   l4mm_reply_fn fn, void (*reset)(void *arg), void *arg);
int l4mm_parse_nested(struct nlattr **tb, int max, struct nlattr *nest,
		      struct nla_policy *policy);
int l4mm_check_mandatory(struct l4mm_ctx *ctx, struct nlattr **tb,
			 const int *attrs, const char *const *names);
/* Every top-level attribute of nlh of this type, to fn (dump replies). */
int l4mm_each_nest(struct l4mm_ctx *ctx, struct nlmsghdr *nlh, int type,
		   int (*fn)(struct l4mm_ctx *ctx, void *arg,
			     struct nlattr *nest),
		   void *arg);
/* A growing array of rows (dump and list collect them first). */
struct l4mm_vec {
	void *v;
	size_t n, cap;
};

/* Room for one more element of size bytes; NULL with ENOMEM set. */
void *l4mm_vec_add(struct l4mm_ctx *ctx, struct l4mm_vec *vec, size_t size);
/* Set ctx->err (positive errno or 0) and the message. */
void l4mm_set_err(struct l4mm_ctx *ctx, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A CLI-side failure: "l4mm: CMD: message" (and JSON with -j). */
void l4mm_error(struct l4mm_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* A note on stderr that is no failure (never JSON). */
void l4mm_note(struct l4mm_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The last failed round trip, naming the argument the kernel blamed. */
void l4mm_report(struct l4mm_ctx *ctx);
/* An argument error (l4mm_argerr) and the command's usage line. */
void l4mm_report_argerr(const struct l4mm_command *cmd);
/* The name of request attribute type (for messages), NULL if none. */
const char *l4mm_attr_name(int type);
extern struct nla_policy l4mm_policy[L4MM_A_MAX + 1];
extern struct nla_policy l4mm_space_policy[L4MM_A_SPACE_MAX + 1];
extern struct nla_policy l4mm_map_policy[L4MM_A_MAP_MAX + 1];

/* mutating commands: the common "removed / installed" reply */
int l4mm_run_mutating(struct l4mm_ctx *ctx, const struct l4mm_req *req);

/* The reply of a mutating command or of STATUS (mutate.c). */
struct mutate_reply {
	struct l4mm_vec effects;	/* struct graph_node, with -v */
	uint32_t more;			/* effects not listed */
	bool has_removed;
	bool has_installed;
	bool has_pages;
	bool has_status;
	uint32_t removed;
	uint8_t installed;
	uint32_t pages;
	uint8_t status;
};

/* One request and its reply; 0, or 1 with the error printed. */
int l4mm_mutate_do(struct l4mm_ctx *ctx, const struct l4mm_req *req,
		   struct mutate_reply *r);

/* The reply of LOOKUP and ACCESS (cmd_lookup.c). */
struct lookup_reply {
	bool mapped;
	bool has_src;
	uint64_t paddr;
	uint64_t src_vaddr;
	uint32_t depth;
	char src[32];
	struct page_attrs attrs;
};

int lookup_reply(struct l4mm_ctx *ctx, struct nlmsghdr *nlh,
		 struct nlattr **tb, void *arg);
void lookup_print(struct l4mm_ctx *ctx, const struct l4mm_req *req,
		  const struct lookup_reply *r);

/* One mapping of a DUMP reply (cmd_dump.c). */
struct map_row {
	uint64_t vaddr;
	uint64_t paddr;
	uint64_t src_vaddr;
	uint32_t depth;
	bool has_src;
	char space[32];
	char src[32];
	struct page_attrs attrs;
};

/* abstract.c: dump --abstract, given the DUMP rows; 0 or exit status */
int abstract_print(struct l4mm_ctx *ctx, const struct l4mm_req *req,
		   const struct map_row *rows, size_t n);

/* graph.c: the nodes of GRAPH dumps and events, DOT and JSON writers. */
struct graph_node {
	char space[32];
	char src[32];
	uint64_t vaddr;
	uint64_t paddr;
	uint64_t src_vaddr;
	uint32_t depth;
	bool has_src;		/* a Virtual mapping; none: a Real root */
	bool uncached;
	bool context;		/* L4MM_A_MAP_CONTEXT */
	uint8_t rights;
	uint8_t status;
	uint8_t event;		/* L4MM_EFFECT_*, events only */
};

struct graph {
	struct l4mm_vec nodes;	/* struct graph_node, in the dump's order */
	size_t *hash;		/* index of the nodes: number + 1, 0 free */
	size_t hcap;		/* its slots, a power of two */
};

int graph_node_parse(struct l4mm_ctx *ctx, struct nlattr *nest,
		     struct graph_node *n);
int graph_add(struct l4mm_ctx *ctx, struct graph *g,
	      const struct graph_node *n);
void graph_dot(FILE *f, const struct graph *g, const char *title);
void graph_json(const struct graph *g);
void graph_free(struct graph *g);
void effect_print(const struct graph_node *n);

/* batch.c */
int l4mm_batch_file(struct l4mm_ctx *ctx, const char *file);

/* cmd_version.c: "l4mm -V" */
int l4mm_print_version(void);

/* json.c: one printing path for text and JSON, after iproute2 */
enum output_type {
	PRINT_FP = 1,
	PRINT_JSON = 2,
	PRINT_ANY = PRINT_FP | PRINT_JSON,
};

extern bool l4mm_json;
extern bool l4mm_pretty;
void open_json_object(const char *key);
void close_json_object(void);
void open_json_array(const char *key);
void close_json_array(void);
void json_end_doc(void);
/* -j -b: all documents become the elements of one array. */
void json_batch_begin(void);
void json_batch_end(void);
/* Close whatever a failed command left open (errors come next). */
void json_abort_doc(void);
void print_u64(enum output_type t, const char *key, const char *fmt,
	       uint64_t v);
void print_str(enum output_type t, const char *key, const char *fmt,
	       const char *s);
void print_bool(enum output_type t, const char *key, const char *fmt,
		bool b);
void print_null(enum output_type t, const char *key, const char *fmt);
void print_fp(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif /* L4MM_CLI_H */
