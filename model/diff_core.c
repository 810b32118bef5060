// SPDX-License-Identifier: GPL-2.0
/*
 * Differential test of the core against the reference model, on the
 * host, without the VM.
 *
 *   diff_core [-n OPS] [-l LEN] [-s SEED] [-p SIGMA0_PAGES] [-x] [-e EVERY]
 *
 * Runs OPS operations as sequences of LEN ops, sequence i from a fresh
 * state and seed SEED + i, and after every op compares the result, the
 * abstract export, the model's theorems and l4mm_state_check().  -x: the
 * ops include the extensions (docs/extensions.md: flexpages, rights,
 * status bits, KIP/UTCB, grant modes, receive windows); -e EVERY: the
 * exports, theorems and checker only every EVERY ops and at the end of a
 * sequence (results, lookups, pages and status bits after each).  On a
 * divergence the sequence is shrunk to a minimal one that still diverges
 * and printed as an l4mm -b script.  Prints one TAP line and
 * "diff_core: N ops in S s, R ops/s"; exits 1 on a divergence.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core_run.h"
#include "pgtable.h"
#include "shrink.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static unsigned int every = 1;

static long run_core(const struct op *ops, size_t n, unsigned int pages,
		     char *why, size_t len)
{
	return core_run_every(ops, n, pages, every, why, len);
}

int main(int argc, char **argv)
{
	unsigned long long total = 100000, seed = 1, done = 0, entries[32];
	const char *fmt = getenv("L4MM_FORMAT");
	unsigned int len = 200, pages = 8, i;
	bool ext = false;
	struct op *ops;
	char why[512];
	double t0;
	long bad;
	int opt;

	/* L4MM_FORMAT=armv7|lpae|aarch64: the core's page-table format. */
	for (i = L4MM_FORMAT_ARMV7; fmt && i < L4MM_FORMAT_COUNT; i++)
		if (!strcmp(fmt, l4mm_format_name(i)))
			l4mm_test_default_format = i;
	if (fmt && strcmp(fmt, l4mm_format_name(L4MM_FORMAT_DEFAULT))) {
		fprintf(stderr, "diff_core: unknown L4MM_FORMAT %s\n", fmt);
		return 2;
	}
	while ((opt = getopt(argc, argv, "n:l:s:p:xe:")) != -1) {
		switch (opt) {
		case 'n':
			total = strtoull(optarg, NULL, 0);
			break;
		case 'l':
			len = strtoul(optarg, NULL, 0);
			break;
		case 's':
			seed = strtoull(optarg, NULL, 0);
			break;
		case 'p':
			pages = strtoul(optarg, NULL, 0);
			break;
		case 'x':
			ext = true;
			break;
		case 'e':
			every = strtoul(optarg, NULL, 0);
			break;
		default:
			fprintf(stderr, "usage: %s [-n OPS] [-l LEN] [-s SEED] [-p SIGMA0_PAGES] [-x] [-e EVERY]\n",
				argv[0]);
			return 2;
		}
	}
	if (!len)
		len = 1;
	ops = calloc(len, sizeof(*ops));
	if (!ops)
		return 2;
	t0 = now();
	for (; done < total; seed++) {
		if (len > total - done)
			len = total - done;
		gen_sequence(ops, len, seed, pages, ext);
		bad = run_core(ops, len, pages, why, sizeof(why));
		if (bad >= 0) {
			printf("not ok 1 - core vs model%s, sigma0_pages=%u: sequence seed %llu diverges at op %ld: %s\n",
			       ext ? " (extensions)" : "", pages, seed, bad,
			       why);
			shrink_and_print(ops, bad + 1, pages, run_core);
			free(ops);
			return 1;
		}
		done += len;
	}
	printf("ok 1 - core vs model%s, sigma0_pages=%u: %llu ops agree\n",
	       ext ? " (extensions)" : "", pages, done);
	printf("diff_core: %llu ops in %.1f s, %.0f ops/s\n", done,
	       now() - t0, done / (now() - t0 + 1e-9));
	core_run_entries(entries);
	printf("diff_core: %s: lookups and accesses by entry size (log2):",
	       l4mm_format_name(L4MM_FORMAT_DEFAULT));
	for (i = 0; i < 32; i++)
		if (entries[i])
			printf(" %u:%llu", i, entries[i]);
	printf("\n");
	free(ops);
	return 0;
}
