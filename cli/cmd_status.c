// SPDX-License-Identifier: GPL-2.0
/*
 * l4mm status NAME FPAGE
 *
 * X.2's L4_GetStatus (docs/extensions.md 3): reads and clears the status
 * bits (referenced, written, executed) of the pages of FPAGE and of every
 * mapping derived from them, revoking nothing.  Prints the bits that were
 * set, as r, w, x or -:
 *
 *	text:	rw-
 *	-j:	{"status":"rw-"}
 *
 * Not queued into a batch request: it runs on its own, in order.
 */
#include "l4mm.h"

static int status_run(struct l4mm_ctx *ctx, const struct l4mm_req *req)
{
	struct mutate_reply r;
	char bits[4];

	if (l4mm_mutate_do(ctx, req, &r))
		return 1;
	if (!r.has_status) {
		l4mm_error(ctx, "malformed reply from the kernel: no STATUS attribute");
		return 1;
	}
	open_json_object(NULL);
	print_str(PRINT_ANY, "status", "%s\n", bits_str(r.status, bits));
	close_json_object();
	json_end_doc();
	return 0;
}

const struct l4mm_command cmd_status = {
	.name		= "status",
	.args		= "NAME FPAGE",
	.help		= "read and clear the status bits of NAME:FPAGE",
	.nlcmd		= L4MM_CMD_STATUS,
	.parse		= parse_fpage_cmd,
	.run		= status_run,
};
