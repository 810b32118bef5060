/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The constructions a hostile caller would choose (issue "hostile
 * scale"), built through the core's public interface only, for the two
 * userspace programs that run them: the unit tests count their yield
 * points and check their results (tests/unit/test_hostile.c), the
 * native benchmark times them with a clock in the yield hook
 * (bench/native/bench_worst.c).  One definition, so that what the test
 * proves linear is what the benchmark measures.
 */
#ifndef _L4MM_HOSTILE_H
#define _L4MM_HOSTILE_H

#include "l4mm_core.h"

/**
 * struct l4mm_hostile - one construction of @n pages
 * @name: short name (bench JSON, test output)
 * @what: one line for a report
 * @sigma0: pages of sigma0 the state needs for @n
 * @max_pages: the largest @n worth building (memory), 0: no bound
 * @build: make the construction in a fresh state
 * @run: the one operation that used to be quadratic or unbounded
 * @verify: whether @run's result is the one the construction implies
 *	(0, or a negative errno-like code naming nothing more)
 */
struct l4mm_hostile {
	const char *name;
	const char *what;
	u32 (*sigma0)(u32 n);
	u32 max_pages;
	int (*build)(struct l4mm_state *st, u32 n);
	int (*run)(struct l4mm_state *st, u32 n, struct l4mm_op_result *res);
	int (*verify)(struct l4mm_state *st, u32 n,
		      const struct l4mm_op_result *res);
};

extern const struct l4mm_hostile l4mm_hostile[];
extern const unsigned int l4mm_hostile_count;

/* The smallest flexpage order (>= 12) that covers @pages pages. */
u8 l4mm_hostile_order(u32 pages);

#endif /* _L4MM_HOSTILE_H */
