/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stand-ins for the kernel headers the l4mm core uses, and the
 * knobs of the userspace l4mm_env_* implementation (env.c): allocation
 * fault injection and live-allocation counters for leak checks.
 */
#ifndef _L4MM_SHIM_H
#define _L4MM_SHIM_H

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

/* Kernel widths; u64 is unsigned long long as in the kernel, so that
 * "%llu" format strings are the same in both worlds.
 */
typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;
typedef long long s64;

#define likely(x)	__builtin_expect(!!(x), 1)
#define unlikely(x)	__builtin_expect(!!(x), 0)
#define __always_unused	__attribute__((unused))
#define noinline	__attribute__((noinline))
#define __printf(a, b)	__attribute__((format(printf, a, b)))
#define BUILD_BUG_ON(cond)	_Static_assert(!(cond), #cond)
#define BIT(nr)		(1UL << (nr))
#define BIT_ULL(nr)	(1ULL << (nr))
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

#ifndef EUCLEAN
#define EUCLEAN 117
#endif
#ifndef EDQUOT
#define EDQUOT 122
#endif

/* Every warning is counted (and printed); tests assert none happened. */
extern unsigned long l4mm_shim_warnings;
void l4mm_shim_warn(const char *file, int line, const char *cond);

#define WARN_ON_ONCE(cond) ({						\
	bool __l4mm_c = !!(cond);					\
	if (__l4mm_c)							\
		l4mm_shim_warn(__FILE__, __LINE__, #cond);		\
	__l4mm_c;							\
})
#define WARN_ON(cond) WARN_ON_ONCE(cond)

/*
 * Fault injection: when non-zero, counts down on every allocation
 * attempt (all three kinds); the attempt that brings it to zero fails.
 * So l4mm_shim_fail_nth = 1 fails the next allocation.
 */
extern unsigned long l4mm_shim_fail_nth;
/* Allocation attempts so far (successful or not). */
extern unsigned long l4mm_shim_alloc_attempts;
/* Allocations that failed on purpose. */
extern unsigned long l4mm_shim_alloc_failed;
/* Calls of l4mm_env_table_sync() so far. */
extern unsigned long l4mm_shim_table_syncs;
/* Calls of l4mm_env_cond_resched(), a no-op here. */
extern unsigned long l4mm_shim_resched_calls;
/*
 * Kill simulation: when non-zero, counts down at every yield point; from
 * when it reaches 1, l4mm_env_fatal_signal() says true (l4mm_shim_killed
 * stays set until a test clears it).
 */
extern unsigned long l4mm_shim_kill_after;
extern bool l4mm_shim_killed;

/* What kmalloc gives for @size: a power of two to 8 KiB, pages above. */
static inline size_t shim_kmalloc_size(size_t size)
{
	size_t real = 8;

	if (size > 8192)
		return (size + 4095) & ~(size_t)4095;
	while (real < size)
		real *= 2;
	return real;
}

/* An owner for l4mm_env_charge(): a budget of max bytes (0: none). */
struct l4mm_shim_owner {
	long long bytes;
	long long max;
	unsigned long calls;
	unsigned long refused;
};

/* Live allocations and bytes, per kind. */
struct l4mm_shim_counters {
	long zalloc;
	long zalloc_bytes;
	long table;
	long table_bytes;
	long node;
};

extern struct l4mm_shim_counters l4mm_shim_live;

#endif /* _L4MM_SHIM_H */
