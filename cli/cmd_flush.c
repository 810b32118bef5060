// SPDX-License-Identifier: GPL-2.0
/*
 * l4mm flush NAME VADDR
 *
 * The paper's flush: unmap NAME:VADDR, then remove NAME:VADDR itself.
 */
#include "l4mm.h"

const struct l4mm_command cmd_flush = {
	.name		= "flush",
	.args		= "NAME VADDR",
	.help		= "unmap NAME:VADDR, then remove it too",
	.nlcmd		= L4MM_CMD_FLUSH,
	.mutating	= true,
	.parse		= parse_name_vaddr,
	.run		= l4mm_run_mutating,
};
