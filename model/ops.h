/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Operation sequences for differential testing: one struct op per l4mm
 * command, a seeded generator biased towards the cases that break
 * implementations, and the l4mm -b line of an op (so that any failing
 * sequence can be replayed in the guest as is).
 */
#ifndef _L4MM_MODEL_OPS_H
#define _L4MM_MODEL_OPS_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"

enum op_kind {
	OP_CREATE, OP_DESTROY, OP_MAP, OP_GRANT, OP_UNMAP, OP_FLUSH,
	OP_LOOKUP, OP_NKINDS
};

/* "n v" is the source (map/grant) or the page operated on. */
struct op {
	uint8_t kind;
	uint8_t n, n2;		/* indexes into op_names[] */
	uint32_t v, v2;		/* virtual page numbers */
};

/* Space names the generator uses; the last one is never created. */
extern const char *const op_names[];
#define OP_NNAMES	6

/* Small xorshift generator: sequences must be reproducible from seeds. */
struct op_rng {
	uint64_t s;
};

void op_rng_seed(struct op_rng *r, uint64_t seed);
uint32_t op_rng_below(struct op_rng *r, uint32_t n);

/*
 * Next op for state s (read only, to aim at mapped pages, ancestors and
 * so on); *last_dst tracks the latest map/grant destination so that
 * chains grow deep.
 */
struct op op_generate(struct op_rng *r, const struct model *s,
		      uint32_t sigma0_pages, int *last_dst_n,
		      uint32_t *last_dst_v);

/* Apply to the model: 0 or -errno; lookup fills *lk. */
int op_apply_model(struct model *s, const struct op *op,
		   struct model_lookup *lk);

/* The l4mm -b line, without newline. */
int op_format(const struct op *op, char *buf, size_t len);

/*
 * Decode an op from fuzzer bytes (6 bytes each); returns bytes used or 0
 * when fewer than 6 are left.
 */
size_t op_decode(const uint8_t *p, size_t len, struct op *op);

#endif /* _L4MM_MODEL_OPS_H */
