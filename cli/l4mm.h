/* SPDX-License-Identifier: GPL-2.0 */
/*
 * l4mm(8): userspace front end of the l4mm generic netlink family.
 *
 * Every subcommand lives in its own cmd_*.c file and exports one
 * struct l4mm_command; main.c lists them in its dispatch table.  A command is
 * split in two steps so that batch mode can reuse it:
 *
 *	parse()	turns argv into a struct l4mm_req without touching the
 *		kernel (argument errors are reported here);
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

#define L4MM_CLI_VERSION	"0.1.0"

/* Batch mode: commands and bytes per L4MM_CMD_BATCH request. */
#define L4MM_BATCH_MAX_CMDS	1024
#define L4MM_BATCH_MAX_BYTES	(60 * 1024)
/* Longest NAME argument accepted at all (valid names have 1..15 chars). */
#define L4MM_ARG_MAX		255
#define L4MM_BATCH_MSG_SIZE	(128 * 1024)

/* A parsed command line: the attributes of one request. */
struct l4mm_req {
	uint8_t cmd;		/* L4MM_CMD_* */
	bool has_vaddr;		/* L4MM_A_VADDR present */
	const char *name;	/* L4MM_A_NAME or NULL */
	const char *src;	/* L4MM_A_SRC_NAME (+ SRC_VADDR) or NULL */
	uint64_t vaddr;
	uint64_t src_vaddr;
	bool abstract;		/* dump --abstract (CLI only, not sent) */

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
};

/*
 * Requests queued for one batch round trip: the L4MM_A_BATCH_CMD nests
 * are staged in msg at offsets off[], and came from file lines lines[].
 */
struct l4mm_batch {
	struct nl_msg *msg;
	unsigned int count;
	unsigned int off[L4MM_BATCH_MAX_CMDS];
	unsigned int lines[L4MM_BATCH_MAX_CMDS];
	const char *cmds[L4MM_BATCH_MAX_CMDS];
};

struct l4mm_ctx {
	struct nl_sock *sk;
	int family;		/* resolved family id, 0 = not connected */
	bool json;
	bool verbose;
	bool force;
	bool fatal;		/* cannot reach the kernel: stop a batch */
	const char *cmd;	/* command name for error messages */
	struct l4mm_batch *batch;	/* batch mode only */

	/* Outcome of the last round trip (see l4mm_transact()). */
	int err;		/* positive errno, 0 for a non-kernel error */
	int err_off;		/* extack NLMSGERR_ATTR_OFFS, -1 if none */
	bool dump_intr;		/* a message carried NLM_F_DUMP_INTR */
	char errmsg[512];
};

struct l4mm_command {
	const char *name;
	const char *args;	/* usage of the arguments */
	const char *help;	/* one-line description */
	uint8_t nlcmd;		/* L4MM_CMD_* */
	bool mutating;		/* may be queued into a BATCH request */
	int (*parse)(int argc, char **argv, struct l4mm_req *req);
	int (*run)(struct l4mm_ctx *ctx, const struct l4mm_req *req);
};

extern const struct l4mm_command cmd_create, cmd_destroy, cmd_map, cmd_grant,
	cmd_unmap, cmd_flush, cmd_lookup, cmd_list, cmd_dump, cmd_stats;
extern const struct l4mm_command cmd_hwcheck;
extern const struct l4mm_command cmd_check;
extern const struct l4mm_command cmd_status, cmd_access, cmd_config;

/* main.c */
const struct l4mm_command *l4mm_find_cmd(const char *name);
void l4mm_unknown_cmd(const char *name);

/* args.c: return 0, or print an "Error: argument ..." line and return -1 */
int invarg(const char *what, const char *arg);
int missarg(const char *what);
int args_count(int argc, char **argv, int min, int max,
	       const char *const *names);
int parse_vaddr(const char *arg, const char *what, uint64_t *out);
int parse_name(const char *arg, const char *what, const char **out);
int parse_name_vaddr(int argc, char **argv, struct l4mm_req *req);
int parse_map_args(int argc, char **argv, struct l4mm_req *req);
int parse_name_only(int argc, char **argv, struct l4mm_req *req);
int parse_no_args(int argc, char **argv, struct l4mm_req *req);
void l4mm_where(FILE *f);
extern bool l4mm_args_quiet;
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
int l4mm_parse_nested(struct nlattr **tb, int max, struct nlattr *nest,
		      struct nla_policy *policy);
int l4mm_check_mandatory(struct l4mm_ctx *ctx, struct nlattr **tb,
			 const int *attrs, const char *const *names);
void l4mm_error(struct l4mm_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void l4mm_report(struct l4mm_ctx *ctx);
extern struct nla_policy l4mm_policy[L4MM_A_MAX + 1];
extern struct nla_policy l4mm_space_policy[L4MM_A_SPACE_MAX + 1];

/* mutating commands: the common "removed / installed" reply */
int l4mm_run_mutating(struct l4mm_ctx *ctx, const struct l4mm_req *req);

/* The reply of a mutating command or of STATUS (mutate.c). */
struct mutate_reply {
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

/* batch.c */
int l4mm_batch_file(struct l4mm_ctx *ctx, const char *file);

/* json.c: one printing path for text and JSON, after iproute2 */
enum output_type {
	PRINT_FP = 1,
	PRINT_JSON = 2,
	PRINT_ANY = PRINT_FP | PRINT_JSON,
};

extern bool l4mm_json;
void open_json_object(const char *key);
void close_json_object(void);
void open_json_array(const char *key);
void close_json_array(void);
void json_end_doc(void);
void print_u64(enum output_type t, const char *key, const char *fmt,
	       uint64_t v);
void print_str(enum output_type t, const char *key, const char *fmt,
	       const char *s);
void print_bool(enum output_type t, const char *key, const char *fmt,
		bool b);
void print_null(enum output_type t, const char *key, const char *fmt);
void print_fp(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif /* L4MM_CLI_H */
