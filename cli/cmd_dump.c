// SPDX-License-Identifier: GPL-2.0
/*
 * l4mm dump [--all] [--abstract] [NAME [RANGE]]
 *
 * Every mapping of NAME (of all spaces without NAME; the pages of RANGE
 * only with it: an FPAGE, or VADDR+SIZE of any whole pages), in the
 * kernel's order (space id, then virtual address), one line each:
 *
 *	A 0x2000 -> 0x5000 from sigma0:0x5000
 *	sigma0 0x5000 -> 0x5000 real
 *
 * that is "SPACE VADDR -> PADDR" then "from SRC:SRCVADDR" for a Virtual
 * entry or "real" for a Real one; addresses are 0x-hex without padding.
 * A reserved page says "kip" or "utcb" instead (docs/extensions.md 5).
 * Rights, uncached and status bits follow where they are not the default
 * (" rights=r-- uncached status=rw-", see attrs.c).
 * -v appends " depth N" (0 for real) and every attribute, entry size too.
 * -j: [{"space":"A","vaddr":8192,"paddr":20480,"depth":1,
 *	 "src_space":"sigma0","src_vaddr":20480,"rights":"rwx",
 *	 "uncached":false,"status":"---","entry_size":4096,
 *	 "reserved":null},...], src_* null for real and reserved pages.
 *
 * Without NAME, sigma0's pages as the state began (Real frame = page,
 * rwx, cached, no status bit, nothing derived from them) are left out
 * unless --all is given: most of a state, and nothing happened to them.
 *
 * --abstract: the canonical export of the abstract state (abstract.c),
 * always all of it.
 */
#include <stdlib.h>
#include <string.h>

#include "l4mm.h"

static int add_mapping(struct l4mm_ctx *ctx, void *arg, struct nlattr *nest)
{
	static const int mand[] = {
		L4MM_A_MAP_SPACE, L4MM_A_MAP_VADDR, L4MM_A_MAP_PADDR,
		L4MM_A_MAP_DEPTH, 0
	};
	/* A reserved page has no derivation chain: no depth needed. */
	static const int mand_reserved[] = {
		L4MM_A_MAP_SPACE, L4MM_A_MAP_VADDR, L4MM_A_MAP_PADDR, 0
	};
	static const char *const names[] = {
		"MAP_SPACE", "MAP_VADDR", "MAP_PADDR", "MAP_DEPTH"
	};
	struct nlattr *m[L4MM_A_MAP_MAX + 1];
	struct l4mm_vec *rows = arg;
	struct map_row *row;

	if (l4mm_parse_nested(m, L4MM_A_MAP_MAX, nest, l4mm_map_policy) ||
	    l4mm_check_mandatory(ctx, m, m[L4MM_A_MAP_RESERVED] ?
				 mand_reserved : mand, names))
		return -1;
	row = l4mm_vec_add(ctx, rows, sizeof(*row));
	if (!row)
		return -1;
	snprintf(row->space, sizeof(row->space), "%s",
		 nla_get_string(m[L4MM_A_MAP_SPACE]));
	row->vaddr = nla_get_u64(m[L4MM_A_MAP_VADDR]);
	row->paddr = nla_get_u64(m[L4MM_A_MAP_PADDR]);
	row->depth = m[L4MM_A_MAP_DEPTH] ? nla_get_u32(m[L4MM_A_MAP_DEPTH]) : 0;
	row->has_src = m[L4MM_A_MAP_SRC_SPACE] && m[L4MM_A_MAP_SRC_VADDR];
	if (row->has_src) {
		snprintf(row->src, sizeof(row->src), "%s",
			 nla_get_string(m[L4MM_A_MAP_SRC_SPACE]));
		row->src_vaddr = nla_get_u64(m[L4MM_A_MAP_SRC_VADDR]);
	}
	attrs_get(&row->attrs, m[L4MM_A_MAP_RIGHTS], m[L4MM_A_MAP_UNCACHED],
		  m[L4MM_A_MAP_STATUS], m[L4MM_A_MAP_PAGE_SHIFT],
		  m[L4MM_A_MAP_RESERVED]);
	return 0;
}

/* A message may hold several L4MM_A_MAPPING nests. */
static int dump_reply(struct l4mm_ctx *ctx, struct nlmsghdr *nlh,
		      struct nlattr **tb, void *arg)
{
	(void)tb;
	return l4mm_each_nest(ctx, nlh, L4MM_A_MAPPING, add_mapping, arg);
}

static void dump_reset(void *arg)
{
	struct l4mm_vec *rows = arg;

	rows->n = 0;
}

static void print_row(struct l4mm_ctx *ctx, const struct map_row *r)
{
	const char *kind = reserved_name(r->attrs.reserved);

	open_json_object(NULL);
	print_str(PRINT_ANY, "space", "%s", r->space);
	print_u64(PRINT_ANY, "vaddr", " 0x%" PRIx64, r->vaddr);
	print_u64(PRINT_ANY, "paddr", " -> 0x%" PRIx64, r->paddr);
	print_u64(PRINT_JSON, "depth", NULL, r->depth);
	if (r->has_src) {
		print_str(PRINT_ANY, "src_space", " from %s", r->src);
		print_u64(PRINT_ANY, "src_vaddr", ":0x%" PRIx64, r->src_vaddr);
	} else {
		print_null(PRINT_ANY, "src_space", kind ? NULL : " real");
		print_null(PRINT_JSON, "src_vaddr", NULL);
		if (kind)
			print_fp(" %s", kind);
	}
	if (ctx->verbose)
		print_fp(" depth %u", r->depth);
	attrs_print(&r->attrs, ctx->verbose);
	print_fp("\n");
	close_json_object();
}

/*
 * RANGE as VADDR+SIZE: any page-aligned start and a size of whole pages
 * (K, M or G suffix), within the 32-bit address space; sent as
 * L4MM_A_VADDR and L4MM_A_PAGES.
 */
static int parse_range(const char *w, struct l4mm_req *req)
{
	char base[L4MM_ARG_MAX + 1], *end;
	const char *plus = strchr(w, '+');
	uint64_t size, unit = 1;

	snprintf(base, sizeof(base), "%.*s", (int)(plus - w), w);
	if (parse_vaddr(base, "RANGE", &req->vaddr))
		return -1;
	if (req->vaddr & 0xfff)
		return badarg("RANGE", w, "address is not page-aligned");
	if (parse_u64(plus + 1, &size, &end))
		return badarg("RANGE", w, "SIZE: not a number");
	if (*end == 'k' || *end == 'K')
		unit = 1ULL << 10;
	else if (*end == 'm' || *end == 'M')
		unit = 1ULL << 20;
	else if (*end == 'g' || *end == 'G')
		unit = 1ULL << 30;
	if ((unit > 1 && end[1]) || (unit == 1 && *end) || !size ||
	    size > (1ULL << 32) / unit || (size * unit) & 0xfff ||
	    req->vaddr + size * unit > 1ULL << 32)
		return badarg("RANGE", w,
			      "SIZE: whole pages within 4G (suffix K, M or G)");
	req->dump_pages = (uint32_t)((size * unit) >> 12);
	return 0;
}

static int dump_parse(int argc, char **argv, struct l4mm_req *req)
{
	static const char *const names[] = { "NAME", "RANGE" };

	bool all = false;

	while (argc > 1 && (!strcmp(argv[1], "--abstract") ||
			    !strcmp(argv[1], "--all"))) {
		if (!strcmp(argv[1], "--all"))
			all = true;
		else
			req->abstract = true;
		argc--;
		argv++;
	}
	if (args_count(argc, argv, 0, 2, names))
		return -1;
	/*
	 * Every space: not sigma0's untouched pages, unless asked; the
	 * abstract state is the whole state.
	 */
	if (argc < 2) {
		req->skip_pristine = !all && !req->abstract;
		return 0;
	}
	if (parse_name(argv[1], "NAME", &req->name))
		return -1;
	req_arg(req, L4MM_A_NAME, "NAME", argv[1]);
	if (argc < 3)
		return 0;
	req->has_vaddr = true;
	req_arg(req, L4MM_A_VADDR, "RANGE", argv[2]);
	if (!strchr(argv[2], '+'))
		return parse_fpage(argv[2], "RANGE", &req->vaddr, &req->order,
				   &req->has_order);
	return parse_range(argv[2], req);
}

static int dump_run(struct l4mm_ctx *ctx, const struct l4mm_req *req)
{
	struct l4mm_vec rows = { 0 };
	const struct map_row *row;
	size_t i;
	int ret;

	ret = l4mm_call_dump(ctx, req, dump_reply, dump_reset, &rows);
	if (ret) {
		free(rows.v);
		return ret;
	}
	if (req->abstract) {
		ret = abstract_print(ctx, req, rows.v, rows.n);
		free(rows.v);
		return ret;
	}
	open_json_array(NULL);
	for (i = 0, row = rows.v; i < rows.n; i++)
		print_row(ctx, &row[i]);
	close_json_array();
	json_end_doc();
	free(rows.v);
	return 0;
}

static const char *const dump_opts[] = { "--abstract", "--all", NULL };

const struct l4mm_command cmd_dump = {
	.name		= "dump",
	.args		= "[--all] [--abstract] [NAME [RANGE]]",
	.help		= "list the mappings (of NAME only)",
	.nlcmd		= L4MM_CMD_DUMP,
	.opts		= dump_opts,
	.parse		= dump_parse,
	.run		= dump_run,
};
