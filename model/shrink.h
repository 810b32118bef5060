/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Sequence generation and shrinking shared by the differential drivers.
 */
#ifndef _L4MM_MODEL_SHRINK_H
#define _L4MM_MODEL_SHRINK_H

#include <stddef.h>

#include "opgen.h"

/* Returns -1 if ops[0..n) runs clean, else the first bad index. */
typedef long (*run_fn)(const struct op *ops, size_t n, unsigned int pages,
		       char *why, size_t len);

/*
 * Fill ops[0..n) from seed, steering by a model of the same state; ext:
 * with the extensions' ops and arguments (op_generate()).
 */
void gen_sequence(struct op *ops, size_t n, unsigned long long seed,
		  unsigned int pages, bool ext);

/*
 * Shrink a failing ops[0..n) (greedy delta debugging: drop chunks while
 * it still fails) and print it as a commented l4mm -b script on stdout.
 */
void shrink_and_print(struct op *ops, size_t n, unsigned int pages,
		      run_fn run);

#endif /* _L4MM_MODEL_SHRINK_H */
