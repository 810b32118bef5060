// SPDX-License-Identifier: GPL-2.0
/*
 * Runner of the l4mm core unit tests.  One TAP line per test; a test also
 * fails if it leaves live allocations behind or triggers a core warning.
 * Last line: "unit: N passed, N failed".
 */
#include "unit.h"
#include "tests.h"

struct unit_test {
	const char *name;
	void (*fn)(void);
};

#define T(fn) { #fn, fn },
static const struct unit_test tests[] = {
#include "tests.def"
};

static bool live_clean(void)
{
	const struct l4mm_shim_counters *l = &l4mm_shim_live;

	if (!l->zalloc && !l->zalloc_bytes && !l->table && !l->table_bytes &&
	    !l->node)
		return true;
	printf("# leak: zalloc %ld (%ld bytes) table %ld (%ld bytes) node %ld\n",
	       l->zalloc, l->zalloc_bytes, l->table, l->table_bytes, l->node);
	return false;
}

/* L4MM_UNIT_FORMAT=armv7|lpae|aarch64: the format of every state. */
static int pick_format(void)
{
	const char *want = getenv("L4MM_UNIT_FORMAT");
	unsigned int f;

	if (!want || !*want)
		return 0;
	for (f = L4MM_FORMAT_ARMV7; f < L4MM_FORMAT_COUNT; f++)
		if (!strcmp(want, l4mm_format_name(f))) {
			l4mm_test_default_format = f;
			printf("# format %s\n", want);
			return 0;
		}
	fprintf(stderr, "unknown L4MM_UNIT_FORMAT %s\n", want);
	return -1;
}

int main(void)
{
	unsigned int i, passed = 0, failed = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (pick_format())
		return 2;
	for (i = 0; i < ARRAY_SIZE(tests); i++) {
		unit_assert_failures = 0;
		l4mm_shim_warnings = 0;
		l4mm_shim_fail_nth = 0;
		tests[i].fn();
		l4mm_shim_fail_nth = 0;
		if (!live_clean())
			unit_assert_failures++;
		if (l4mm_shim_warnings) {
			printf("# %lu core warnings\n", l4mm_shim_warnings);
			unit_assert_failures++;
		}
		memset(&l4mm_shim_live, 0, sizeof(l4mm_shim_live));
		if (unit_assert_failures) {
			printf("not ok %u - %s\n", i + 1, tests[i].name);
			failed++;
		} else {
			printf("ok %u - %s\n", i + 1, tests[i].name);
			passed++;
		}
	}
	printf("unit: %u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}
