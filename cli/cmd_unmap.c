// SPDX-License-Identifier: GPL-2.0
/*
 * l4mm unmap NAME FPAGE [rights RIGHTS]
 *
 * The paper's unmap over every page of FPAGE: removes every mapping
 * derived, directly or transitively, from those pages; the pages
 * themselves stay.  With RIGHTS (default rwx) the derived mappings only
 * lose those rights, and only the ones that lose r go.  Prints the status
 * bits it read and cleared (docs/extensions.md 3).  An unmapped page is
 * not an error.
 */
#include "l4mm.h"

const struct l4mm_command cmd_unmap = {
	.name		= "unmap",
	.args		= "NAME FPAGE [rights RIGHTS]",
	.help		= "remove everything derived from NAME:FPAGE",
	.nlcmd		= L4MM_CMD_UNMAP,
	.mutating	= true,
	.parse		= parse_fpage_cmd,
	.run		= l4mm_run_mutating,
};
