// SPDX-License-Identifier: GPL-2.0
/*
 * l4mm destroy NAME
 *
 * Flushes every page of NAME, so everything derived from it in any space
 * goes too, then removes the space.  Reply: mappings removed.
 */
#include "l4mm.h"

const struct l4mm_command cmd_destroy = {
	.name		= "destroy",
	.args		= "NAME",
	.help		= "flush every page of NAME, then remove it",
	.nlcmd		= L4MM_CMD_DESTROY,
	.mutating	= true,
	.parse		= parse_name_only,
	.run		= l4mm_run_mutating,
};
