/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Running op sequences against the core (module/core built in userspace)
 * and the reference model side by side: used by the differential test
 * (diff_core.c) and the op-sequence fuzzer (fuzz_ops.c).
 */
#ifndef _L4MM_MODEL_CORE_RUN_H
#define _L4MM_MODEL_CORE_RUN_H

#include <stdbool.h>
#include <stddef.h>

#include "opgen.h"

/*
 * Run ops[0..n) from a fresh state with sigma0_pages on both sides,
 * comparing after every op the result, the lookup answer, the abstract
 * export, the model's theorems and the core's l4mm_state_check().
 * Return: -1 if all agreed, else the index of the first divergent op,
 * with a description in why.
 */
long core_run(const struct op *ops, size_t n, unsigned int sigma0_pages,
	      char *why, size_t len);
/*
 * The same, with the checker, the theorems and the exports compared only
 * after every @every-th op and the last (results, lookups, pages and
 * status bits after every op): for large states, where the exports cost
 * more than the ops.
 */
long core_run_every(const struct op *ops, size_t n,
		    unsigned int sigma0_pages, unsigned int every, char *why,
		    size_t len);

/*
 * For the exhaustive search (exhaust/): run ops[0..n) as core_run_every()
 * does with the full comparison after the last op only (the prefix was
 * compared when it was itself the last), and give the model's canonical
 * export of the final state in *export (malloc'd) when they agree.
 * Return: as core_run().
 */
long core_run_last(const struct op *ops, size_t n, unsigned int sigma0_pages,
		   char **export, char *why, size_t len);

/*
 * How many lookups and accesses the core answered through 4 KiB, 64 KiB,
 * 1 MiB and 16 MiB entries so far (docs/extensions.md 8): what the
 * differential test exercised of the superpages.
 */
void core_run_entries(unsigned long long out[32]);

#endif /* _L4MM_MODEL_CORE_RUN_H */
