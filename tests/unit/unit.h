/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tiny test framework for the l4mm core unit tests: each test is a
 * function; CHECK* record failures; the runner prints one TAP line per
 * test and, after each test, also fails it on leaked allocations or core
 * warnings.
 */
#ifndef _L4MM_UNIT_H
#define _L4MM_UNIT_H

#include <stdlib.h>
#include "state.h"

extern int unit_assert_failures;
void unit_fail(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#define CHECK(cond) do {						\
	if (!(cond))							\
		unit_fail(__FILE__, __LINE__, "%s", #cond);		\
} while (0)

#define CHECK_EQ(a, b) do {						\
	long long __a = (long long)(a), __b = (long long)(b);		\
	if (__a != __b)							\
		unit_fail(__FILE__, __LINE__, "%s == %s: %lld != %lld",	\
			  #a, #b, __a, __b);				\
} while (0)

/* Helpers (helpers.c). */
struct l4mm_state *mkstate(u32 sigma0_pages);
struct l4mm_space *mkspace(struct l4mm_state *st, const char *name);
struct l4mm_space *S(struct l4mm_state *st, const char *name);
void check_clean(const struct l4mm_state *st, const char *file, int line);
#define CHECK_CLEAN(st) check_clean(st, __FILE__, __LINE__)
/* A malloc'd text dump of every space, mapping, stat and generation. */
char *dump_state(const struct l4mm_state *st);
/* Frame of n,v, or -1 if unmapped; depth/src via out if non-NULL. */
long frame_of(const struct l4mm_state *st, const char *name, u32 va);
long depth_of(const struct l4mm_state *st, const char *name, u32 va);
/* "name:0xvaddr" of the source of n,v, "real", or "unmapped". */
const char *src_of(const struct l4mm_state *st, const char *name, u32 va);
int do_map(struct l4mm_state *st, const char *n, u32 v, const char *n2,
	   u32 v2, struct l4mm_op_result *res);
int do_grant(struct l4mm_state *st, const char *n, u32 v, const char *n2,
	     u32 v2, struct l4mm_op_result *res);

/* Flexpage operations (docs/extensions.md); rights rwx, cached. */
struct l4mm_map_args fp_args(struct l4mm_state *st, const char *n, u32 v,
			     u8 order, const char *n2, u32 v2, u8 order2);
int do_mapf(struct l4mm_state *st, const char *n, u32 v, u8 order,
	    const char *n2, u32 v2, u8 order2, struct l4mm_op_result *res);
int do_grantf(struct l4mm_state *st, const char *n, u32 v, u8 order,
	      const char *n2, u32 v2, u8 order2, enum l4mm_grant_mode mode,
	      struct l4mm_op_result *res);
/* Rights / status bits of n,v, or -1 if unmapped. */
long rights_of(const struct l4mm_state *st, const char *name, u32 va);
long status_of(const struct l4mm_state *st, const char *name, u32 va);
/* test_fail.c: every allocation of op fails in turn (see there). */
typedef struct l4mm_state *(*setup_fn)(void);
typedef int (*op_fn)(struct l4mm_state *st);
int fail_loop(const char *what, setup_fn setup, op_fn op,
	      int expect_failures);

#define TEST(fn) void fn(void)

/* The hardware descriptor @ref names, whatever the format's width. */
static inline u64 unit_hw_get(const struct l4mm_state *st,
			      const struct l4mm_pte_ref *ref)
{
	return l4mm_pt_hw_get(st->ctx.fmt, ref->tab, ref->index);
}

/* Overwrite it behind the core's back. */
static inline void unit_hw_set(const struct l4mm_state *st,
			       const struct l4mm_pte_ref *ref, u64 pte)
{
	l4mm_pt_hw_write(st->ctx.fmt, ref->tab, ref->index, pte);
}

/*
 * The memory-type bits of a leaf descriptor as the hardware reads them:
 * 1 for Normal cacheable, 0 for non-cacheable (ARMv7 short: C and B;
 * long descriptors: AttrIndx 7 and 1, fmt_long.h); -1 for anything else.
 */
static inline int unit_hw_cached(const struct l4mm_state *st, u64 pte)
{
	u64 v = st->ctx.fmt->pte_bytes == 4 ? pte & 0xc : (pte >> 2) & 7;

	if (v == (st->ctx.fmt->pte_bytes == 4 ? 0xc : 7))
		return 1;
	return v == (st->ctx.fmt->pte_bytes == 4 ? 0 : 1) ? 0 : -1;
}

/*
 * A test of one format's own descriptor bits or geometry (table counts,
 * allocation sites): it runs when the unit tests run in that format
 * (L4MM_UNIT_FORMAT, main.c) and says so otherwise.
 */
#define UNIT_ONLY_FORMAT(f)						\
	do {								\
		if (l4mm_test_default_format != (f)) {			\
			printf("# %s: for the %s format only\n",	\
			       __func__, l4mm_format_name(f));		\
			return;						\
		}							\
	} while (0)

#endif /* _L4MM_UNIT_H */
