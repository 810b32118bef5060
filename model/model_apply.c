// SPDX-License-Identifier: GPL-2.0
/*
 * One struct op applied to the reference model.  This is the model's side
 * of every differential test; the core's side is model/core_run.c, the
 * CLI's is model/diff_cli.c.  It lives apart from the generator (opgen.c)
 * so that what the model does with an op is written once, by the model,
 * and shares nothing with how either implementation is driven.
 */
#include <string.h>

#include "opgen.h"

static int apply(struct model *s, const struct op *op, struct op_out *out)
{
	const char *n = op_names[op->n], *n2 = op_names[op->n2];
	struct model_space_opts o = { 0 };
	struct model_map_args a = {
		.src = n, .src_v = op->v, .src_order = op_order(op),
		.dst = n2, .dst_v = op->v2, .dst_order = op->order2,
		.snd_base = op->base,
		.rights = op->rights ? op->rights : MODEL_RWX,
		.uncached = op->flags & OPF_UNCACHED,
		.mode = op->mode,
	};
	uint8_t mask = op->rights ? op->rights : MODEL_RWX;

	switch (op->kind) {
	case OP_CREATE:
		o.kip = op->flags & OPF_KIP;
		o.kip_v = op->v;
		o.utcb_order = op->order2;
		o.utcb_v = op->v2;
		return model_create_opts(s, n, &o);
	case OP_DESTROY:
		return model_destroy(s, n);
	case OP_MAP:
		return model_map_fpage(s, &a, &out->pages);
	case OP_GRANT:
		return model_grant_fpage(s, &a, &out->pages);
	case OP_UNMAP:
		return model_unmap_fpage(s, n, op->v, op_order(op), mask,
					 &out->status);
	case OP_FLUSH:
		return model_flush_fpage(s, n, op->v, op_order(op), mask,
					 &out->status);
	case OP_STATUS:
		return model_status_fpage(s, n, op->v, op_order(op),
					  &out->status);
	case OP_ACCESS:
		return model_access(s, n, op->v << 12 | op->off, op->access,
				    &out->lk);
	case OP_CONFIG:
		model_set_grant_mode(s, op->mode);
		return 0;
	default:
		return model_lookup(s, n, op->v, &out->lk);
	}
}

int op_apply_model(struct model *s, const struct op *op, struct op_out *out)
{
	int err;

	memset(out, 0, sizeof(*out));
	model_begin_op(s);
	err = apply(s, op, out);
	out->removed = s->removed;
	return err;
}
