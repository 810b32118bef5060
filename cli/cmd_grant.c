// SPDX-License-Identifier: GPL-2.0
/*
 * l4mm grant SRC FPAGE DST DEST [rights RIGHTS] [uncached] [base SNDBASE]
 *				 [paper|keep-subtree]
 *
 * The paper's grant, page by page over FPAGE as one atomic operation:
 * each destination page gets the entry of its source page, then the
 * source page is flushed with everything derived from it (paper), or the
 * mapping moves with everything derived from it (keep-subtree, what real
 * L4 kernels do).  Without a mode the netns's default applies (l4mm
 * config).  ENXIO if no page of SRC:FPAGE is mapped.  DEST, RIGHTS,
 * uncached and SNDBASE as for map.
 */
#include "l4mm.h"

const struct l4mm_command cmd_grant = {
	.name		= "grant",
	.args		= "SRC FPAGE DST DEST [MAPOPT...]",
	.help		= "give the entries of SRC:FPAGE to DST:DEST",
	.nlcmd		= L4MM_CMD_GRANT,
	.mutating	= true,
	.parse		= parse_map_opts,
	.run		= l4mm_run_mutating,
};
