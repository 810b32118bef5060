// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: op sequences on the core vs the reference model.
 * Every OP_DECODE_LEN input bytes are one op (op_decode(): kind, two
 * space names from the generator's pool, two pages, mostly from the page
 * pool, fpage orders, rights, flags, grant mode, send base, access); the
 * sequence runs through core_run(), which compares results, abstract
 * state, theorems and l4mm_state_check() after every op.  A divergence
 * aborts with the reason and the op sequence as an l4mm -b script.
 */
#include <stdio.h>
#include <stdlib.h>

#include "core_run.h"

#define FUZZ_MAX_OPS	256
#define FUZZ_SIGMA0	8

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct op ops[FUZZ_MAX_OPS];
	char why[512], line[192];
	size_t n = 0, used;
	long bad, i;

	while (n < FUZZ_MAX_OPS && (used = op_decode(data, size, &ops[n]))) {
		data += used;
		size -= used;
		n++;
	}
	bad = core_run(ops, n, FUZZ_SIGMA0, why, sizeof(why));
	if (bad < 0)
		return 0;
	fprintf(stderr, "core and model diverge at op %ld: %s\n", bad, why);
	for (i = 0; i <= bad; i++) {
		op_format(&ops[i], line, sizeof(line));
		fprintf(stderr, "%s\n", line);
	}
	abort();
}
