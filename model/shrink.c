// SPDX-License-Identifier: GPL-2.0
/* Sequence generation and shrinking (see shrink.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shrink.h"

void gen_sequence(struct op *ops, size_t n, unsigned long long seed,
		  unsigned int pages, bool ext)
{
	struct op_out out;
	struct op_rng rng;
	uint32_t last_v = 0;
	int last_n = -1;
	struct model m;
	size_t i;

	op_rng_seed(&rng, seed);
	model_init(&m, pages);
	for (i = 0; i < n; i++) {
		ops[i] = op_generate(&rng, &m, pages, &last_n, &last_v, ext);
		op_apply_model(&m, &ops[i], &out);
	}
	model_free(&m);
}

void shrink_and_print(struct op *ops, size_t n, unsigned int pages,
		      run_fn run)
{
	struct op *try = calloc(n ? n : 1, sizeof(*try));
	size_t chunk, i, k, j;
	char why[512], line[192];
	long bad;

	if (!try)
		return;
	/* Greedy ddmin: remove chunks, halving the size down to single ops. */
	for (chunk = n / 2 ? n / 2 : 1; chunk; chunk /= 2) {
		for (i = 0; i < n; ) {
			k = 0;
			for (j = 0; j < n; j++)
				if (j < i || j >= i + chunk)
					try[k++] = ops[j];
			bad = k ? run(try, k, pages, why, sizeof(why)) : -1;
			if (bad >= 0) {
				n = bad + 1;
				memcpy(ops, try, n * sizeof(*ops));
			} else {
				i += chunk;
			}
		}
	}
	bad = run(ops, n, pages, why, sizeof(why));
	printf("# minimal divergent sequence: %zu ops; load the module with\n"
	       "# sigma0_pages=%u, then run: l4mm -force -b FILE\n"
	       "# the last op diverges: %s\n", n, pages, why);
	for (i = 0; i < n; i++) {
		op_format(&ops[i], line, sizeof(line));
		printf("%s\n", line);
	}
	free(try);
}
