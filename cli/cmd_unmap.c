// SPDX-License-Identifier: GPL-2.0
/*
 * l4mm unmap NAME VADDR
 *
 * The paper's unmap: removes every mapping derived, directly or
 * transitively, from NAME:VADDR; the page itself stays.  An unmapped
 * page is not an error.
 */
#include "l4mm.h"

const struct l4mm_command cmd_unmap = {
	.name		= "unmap",
	.args		= "NAME VADDR",
	.help		= "remove everything derived from NAME:VADDR",
	.nlcmd		= L4MM_CMD_UNMAP,
	.mutating	= true,
	.parse		= parse_name_vaddr,
	.run		= l4mm_run_mutating,
};
