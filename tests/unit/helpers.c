// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include "unit.h"

int unit_assert_failures;

void unit_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	unit_assert_failures++;
	printf("# FAIL %s:%d: ", file, line);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

struct l4mm_state *mkstate(u32 sigma0_pages)
{
	struct l4mm_state *st = NULL;
	int err = l4mm_state_create(sigma0_pages, &st);

	if (err || !st) {
		printf("# state_create(%u) failed: %d\n", sigma0_pages, err);
		abort();
	}
	return st;
}

struct l4mm_space *mkspace(struct l4mm_state *st, const char *name)
{
	struct l4mm_space *sp = NULL;
	int err = l4mm_space_create(st, name, &sp);

	if (err || !sp) {
		printf("# space_create(%s) failed: %d\n", name, err);
		abort();
	}
	return sp;
}

struct l4mm_space *S(struct l4mm_state *st, const char *name)
{
	struct l4mm_space *sp = l4mm_space_find(st, name);

	if (!sp) {
		printf("# no space %s\n", name);
		abort();
	}
	return sp;
}

void check_clean(const struct l4mm_state *st, const char *file, int line)
{
	char msg[256];

	if (l4mm_state_check(st, msg, sizeof(msg)))
		unit_fail(file, line, "state_check: %s", msg);
}

struct sbuf {
	char *p;
	size_t len, cap;
};

static void sb_printf(struct sbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void sb_printf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
		va_end(ap);
		if ((size_t)n < b->cap - b->len)
			break;
		b->cap = b->cap * 2 + n + 64;
		b->p = realloc(b->p, b->cap);
		if (!b->p)
			abort();
	}
	b->len += n;
}

char *dump_state(const struct l4mm_state *st)
{
	struct sbuf b = { malloc(256), 0, 256 };
	struct l4mm_mapping_info mi;
	struct l4mm_stats s;
	struct l4mm_space *sp;
	u64 from;
	u32 id = 0;

	if (!b.p)
		abort();
	b.p[0] = 0;
	while ((sp = l4mm_space_next(st, id))) {
		sb_printf(&b, "space %s id %u pages %u tables %u\n",
			  l4mm_space_name(sp), l4mm_space_id(sp),
			  l4mm_space_pages(sp), l4mm_space_tables(sp));
		from = 0;
		while (!l4mm_space_next_mapping(st, sp, from, &mi)) {
			sb_printf(&b, " 0x%08x frame 0x%x depth %u real %d src %s:0x%x %d%d%d%d rights %u status %u rsv %u shift %u\n",
				  mi.vaddr, mi.frame, mi.depth, mi.is_real,
				  mi.src ? l4mm_space_name(mi.src) : "-",
				  mi.src_vaddr, mi.rd, mi.wr, mi.ex,
				  mi.cached, mi.rights, mi.status, mi.reserved,
				  mi.page_shift);
			from = (u64)mi.vaddr + L4MM_CORE_PAGE_SIZE;
		}
		id = l4mm_space_id(sp) + 1;
	}
	l4mm_state_stats(st, &s);
	sb_printf(&b, "stats %llu %llu %llu %llu %llu %llu gen %llu\n",
		  s.spaces, s.mappings, s.tables, s.table_bytes, s.node_bytes,
		  s.ops, l4mm_state_generation(st));
	return b.p;
}

long frame_of(const struct l4mm_state *st, const char *name, u32 va)
{
	struct l4mm_mapping_info mi;

	if (l4mm_lookup(st, S((struct l4mm_state *)st, name), va, &mi))
		return -1;
	return mi.frame;
}

long depth_of(const struct l4mm_state *st, const char *name, u32 va)
{
	struct l4mm_mapping_info mi;

	if (l4mm_lookup(st, S((struct l4mm_state *)st, name), va, &mi))
		return -1;
	return mi.depth;
}

const char *src_of(const struct l4mm_state *st, const char *name, u32 va)
{
	static char buf[64];
	struct l4mm_mapping_info mi;

	if (l4mm_lookup(st, S((struct l4mm_state *)st, name), va, &mi))
		return "unmapped";
	if (mi.is_real)
		return "real";
	snprintf(buf, sizeof(buf), "%s:0x%x",
		 mi.src ? l4mm_space_name(mi.src) : "?", mi.src_vaddr);
	return buf;
}

int do_map(struct l4mm_state *st, const char *n, u32 v, const char *n2,
	   u32 v2, struct l4mm_op_result *res)
{
	return l4mm_map(st, S(st, n), v, S(st, n2), v2, res);
}

int do_grant(struct l4mm_state *st, const char *n, u32 v, const char *n2,
	     u32 v2, struct l4mm_op_result *res)
{
	return l4mm_grant(st, S(st, n), v, S(st, n2), v2, res);
}

struct l4mm_map_args fp_args(struct l4mm_state *st, const char *n, u32 v,
			     u8 order, const char *n2, u32 v2, u8 order2)
{
	struct l4mm_map_args a = {
		.src = S(st, n), .src_va = v, .src_order = order,
		.dst = S(st, n2), .dst_va = v2, .dst_order = order2,
		.rights = L4MM_CORE_RWX, .mode = L4MM_GRANT_DEFAULT,
	};

	return a;
}

int do_mapf(struct l4mm_state *st, const char *n, u32 v, u8 order,
	    const char *n2, u32 v2, u8 order2, struct l4mm_op_result *res)
{
	struct l4mm_map_args a = fp_args(st, n, v, order, n2, v2, order2);

	return l4mm_map_fpage(st, &a, res);
}

int do_grantf(struct l4mm_state *st, const char *n, u32 v, u8 order,
	      const char *n2, u32 v2, u8 order2, enum l4mm_grant_mode mode,
	      struct l4mm_op_result *res)
{
	struct l4mm_map_args a = fp_args(st, n, v, order, n2, v2, order2);

	a.mode = mode;
	return l4mm_grant_fpage(st, &a, res);
}

long rights_of(const struct l4mm_state *st, const char *name, u32 va)
{
	struct l4mm_mapping_info mi;

	if (l4mm_lookup(st, S((struct l4mm_state *)st, name), va, &mi))
		return -1;
	return mi.rights;
}

long status_of(const struct l4mm_state *st, const char *name, u32 va)
{
	struct l4mm_mapping_info mi;

	if (l4mm_lookup(st, S((struct l4mm_state *)st, name), va, &mi))
		return -1;
	return mi.status;
}
