/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Operation sequences for differential testing: one struct op per l4mm
 * command, a seeded generator biased towards the cases that break
 * implementations, and the l4mm -b line of an op (so that any failing
 * sequence can be replayed in the guest as is).
 */
#ifndef _L4MM_MODEL_OPGEN_H
#define _L4MM_MODEL_OPGEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model.h"

enum op_kind {
	OP_CREATE, OP_DESTROY, OP_MAP, OP_GRANT, OP_UNMAP, OP_FLUSH,
	OP_LOOKUP,
	/* docs/extensions.md: only the extended generator makes these */
	OP_STATUS, OP_ACCESS, OP_CONFIG,
	OP_NKINDS
};

/* How an op is written (op_format) and its flag arguments. */
#define OPF_UNCACHED	0x01	/* map/grant: uncached */
#define OPF_PLUS	0x02	/* fpages as VADDR+SIZE */
#define OPF_SLASH	0x04	/* a one-page fpage as VADDR/12, not bare */
#define OPF_KIP		0x08	/* create: kip at page v */
#define OPF_DASH	0x10	/* rights with '-' placeholders (r-x) */
#define OPF_BASE	0x20	/* write "base" even when it is 0 */

/*
 * "n v" is the source (map/grant) or the page operated on.  Every field
 * past v2 is 0 in an op of the paper (and then written as before).
 */
struct op {
	uint8_t kind;
	uint8_t n, n2;		/* indexes into op_names[] */
	uint32_t v, v2;		/* virtual page numbers */
	uint8_t order;		/* the fpage at v: 12..32, 0 means 12 */
	uint8_t order2;		/* map/grant: window order at v2, 0 bare;
				 * create: UTCB order at v2, 0 none */
	uint8_t rights;		/* 0: no rights option (rwx) */
	uint8_t flags;		/* OPF_* */
	uint8_t mode;		/* grant, config: enum model_grant_mode */
	uint8_t access;		/* access: MODEL_R, _W or _X */
	uint16_t off;		/* access: byte offset in page v */
	uint32_t base;		/* map/grant: the send base */
};

/* What an op returns besides its error. */
struct op_out {
	struct model_lookup lk;	/* lookup, access */
	uint32_t pages;		/* map, grant: pages installed */
	uint8_t status;		/* unmap, flush, status */
	uint32_t removed;	/* mappings of the state before it removed */
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
 * chains grow deep.  ext: also the extensions (flexpages, rights, status,
 * reserved regions, grant modes, receive windows); without it only the
 * paper's ops, exactly the sequences of before.
 */
struct op op_generate(struct op_rng *r, const struct model *s,
		      uint32_t sigma0_pages, int *last_dst_n,
		      uint32_t *last_dst_v, bool ext);

/* Apply to the model (model_apply.c): 0 or -errno, *out filled. */
int op_apply_model(struct model *s, const struct op *op, struct op_out *out);

/* The fpage order of the op's first fpage (12 if unset). */
uint8_t op_order(const struct op *op);
/* Is the first fpage written as one (VADDR/ORDER, VADDR+SIZE)? */
bool op_fpage_form(const struct op *op);

/* The l4mm -b line (docs/extensions.md 10), without newline. */
int op_format(const struct op *op, char *buf, size_t len);

/*
 * Decode an op from fuzzer bytes (OP_DECODE_LEN each); returns bytes used
 * or 0 when fewer are left.
 */
#define OP_DECODE_LEN	12
size_t op_decode(const uint8_t *p, size_t len, struct op *op);

#endif /* _L4MM_MODEL_OPGEN_H */
