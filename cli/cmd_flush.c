// SPDX-License-Identifier: GPL-2.0
/*
 * l4mm flush NAME FPAGE [rights RIGHTS]
 *
 * The paper's flush over every page of FPAGE: unmap each page, then
 * revoke the page itself too (remove it, or with RIGHTS without r only
 * narrow it).  Prints the status bits like unmap.
 */
#include "l4mm.h"

const struct l4mm_command cmd_flush = {
	.name		= "flush",
	.args		= "NAME FPAGE [rights RIGHTS]",
	.help		= "unmap NAME:FPAGE, then remove it too",
	.nlcmd		= L4MM_CMD_FLUSH,
	.mutating	= true,
	.parse		= parse_fpage_cmd,
	.run		= l4mm_run_mutating,
};
