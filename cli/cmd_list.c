// SPDX-License-Identifier: GPL-2.0
/*
 * l4mm list
 *
 * One line per address space after a header, columns separated by blanks:
 *
 *	ID   NAME             PAGES   TABLES
 *	0    sigma0            4096        5
 *
 * When a space has a KIP or a UTCB area (create ... kip VADDR utcb FPAGE),
 * two more columns show them, "-" for none:
 *
 *	ID   NAME             PAGES   TABLES KIP        UTCB
 *	1    A                    0        3 0x1000     0x100000/14
 *
 * -j: [{"id":0,"name":"sigma0","pages":4096,"tables":5,"kip":null,
 *	 "utcb":null,"utcb_order":null},...]
 * The rows are collected first so that an interrupted dump can be
 * retried without printing anything twice.
 */
#include <stdlib.h>

#include "l4mm.h"

struct space_row {
	uint32_t id;
	uint32_t pages;
	uint32_t tables;
	char name[32];
	bool has_kip;
	bool has_utcb;
	uint8_t utcb_order;
	uint64_t kip;
	uint64_t utcb;
};

static int add_space(struct l4mm_ctx *ctx, void *arg, struct nlattr *nest)
{
	static const int mand[] = {
		L4MM_A_SPACE_NAME, L4MM_A_SPACE_ID, L4MM_A_SPACE_PAGES,
		L4MM_A_SPACE_TABLES, 0
	};
	static const char *const names[] = {
		"SPACE_NAME", "SPACE_ID", "SPACE_PAGES", "SPACE_TABLES"
	};
	struct nlattr *sp[L4MM_A_SPACE_MAX + 1];
	struct l4mm_vec *rows = arg;
	struct space_row *row;

	if (l4mm_parse_nested(sp, L4MM_A_SPACE_MAX, nest, l4mm_space_policy) ||
	    l4mm_check_mandatory(ctx, sp, mand, names))
		return -1;
	row = l4mm_vec_add(ctx, rows, sizeof(*row));
	if (!row)
		return -1;
	row->id = nla_get_u32(sp[L4MM_A_SPACE_ID]);
	row->pages = nla_get_u32(sp[L4MM_A_SPACE_PAGES]);
	row->tables = nla_get_u32(sp[L4MM_A_SPACE_TABLES]);
	snprintf(row->name, sizeof(row->name), "%s",
		 nla_get_string(sp[L4MM_A_SPACE_NAME]));
	row->has_kip = sp[L4MM_A_SPACE_KIP_VADDR];
	if (row->has_kip)
		row->kip = nla_get_u64(sp[L4MM_A_SPACE_KIP_VADDR]);
	row->has_utcb = sp[L4MM_A_SPACE_UTCB_VADDR] &&
			sp[L4MM_A_SPACE_UTCB_ORDER];
	if (row->has_utcb) {
		row->utcb = nla_get_u64(sp[L4MM_A_SPACE_UTCB_VADDR]);
		row->utcb_order = nla_get_u8(sp[L4MM_A_SPACE_UTCB_ORDER]);
	}
	return 0;
}

static int list_reply(struct l4mm_ctx *ctx, struct nlmsghdr *nlh,
		      struct nlattr **tb, void *arg)
{
	(void)tb;
	return l4mm_each_nest(ctx, nlh, L4MM_A_SPACE, add_space, arg);
}

static void list_reset(void *arg)
{
	struct l4mm_vec *rows = arg;

	rows->n = 0;
}

/* The KIP and UTCB columns (text) or keys (JSON) of one space. */
static void print_reserved(const struct space_row *r, bool columns)
{
	char buf[40];

	if (r->has_kip) {
		print_u64(PRINT_JSON, "kip", NULL, r->kip);
		snprintf(buf, sizeof(buf), "0x%" PRIx64, r->kip);
	} else {
		print_null(PRINT_JSON, "kip", NULL);
		snprintf(buf, sizeof(buf), "-");
	}
	if (columns)
		print_fp(" %-10s", buf);
	if (r->has_utcb) {
		print_u64(PRINT_JSON, "utcb", NULL, r->utcb);
		print_u64(PRINT_JSON, "utcb_order", NULL, r->utcb_order);
		snprintf(buf, sizeof(buf), "0x%" PRIx64 "/%u", r->utcb,
			 r->utcb_order);
	} else {
		print_null(PRINT_JSON, "utcb", NULL);
		print_null(PRINT_JSON, "utcb_order", NULL);
		snprintf(buf, sizeof(buf), "-");
	}
	if (columns)
		print_fp(" %s", buf);
}

static int list_run(struct l4mm_ctx *ctx, const struct l4mm_req *req)
{
	struct l4mm_vec rows = { 0 };
	const struct space_row *row;
	bool columns = false;
	size_t i;
	int ret;

	ret = l4mm_call_dump(ctx, req, list_reply, list_reset, &rows);
	if (ret) {
		free(rows.v);
		return ret;
	}
	/* Only then: the output of a state without them stays the same. */
	row = rows.v;
	for (i = 0; i < rows.n; i++)
		columns |= row[i].has_kip || row[i].has_utcb;
	print_fp("%-4s %-15s %7s %8s", "ID", "NAME", "PAGES", "TABLES");
	if (columns)
		print_fp(" %-10s %s", "KIP", "UTCB");
	print_fp("\n");
	open_json_array(NULL);
	for (i = 0; i < rows.n; i++) {
		open_json_object(NULL);
		print_u64(PRINT_ANY, "id", "%-4" PRIu64, row[i].id);
		print_str(PRINT_ANY, "name", " %-15s", row[i].name);
		print_u64(PRINT_ANY, "pages", " %7" PRIu64, row[i].pages);
		print_u64(PRINT_ANY, "tables", " %8" PRIu64,
			  row[i].tables);
		print_reserved(&row[i], columns);
		print_fp("\n");
		close_json_object();
	}
	close_json_array();
	json_end_doc();
	free(rows.v);
	return 0;
}

const struct l4mm_command cmd_list = {
	.name		= "list",
	.args		= "",
	.help		= "list the address spaces",
	.nlcmd		= L4MM_CMD_LIST,
	.parse		= parse_no_args,
	.run		= list_run,
};
