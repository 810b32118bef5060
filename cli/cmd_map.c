// SPDX-License-Identifier: GPL-2.0
/*
 * l4mm map SRC FPAGE DST DEST [rights RIGHTS] [uncached] [base SNDBASE]
 *
 * The paper's map, page by page over the flexpage FPAGE as one atomic
 * operation (docs/extensions.md 1): fails with ENXIO if no page of
 * SRC:FPAGE is mapped; otherwise each destination page is flushed and then
 * gets Virtual SRC page, if that is still valid after the flush.  DEST is
 * a bare VADDR (a region of FPAGE's size) or an fpage (a receive window,
 * placed by SNDBASE: section 7).  RIGHTS masks the source's rights (must
 * contain r); uncached makes the destination uncached.
 */
#include "l4mm.h"

const struct l4mm_command cmd_map = {
	.name		= "map",
	.args		= "SRC FPAGE DST DEST [MAPOPT...]",
	.help		= "map SRC:FPAGE at DST:DEST",
	.nlcmd		= L4MM_CMD_MAP,
	.mutating	= true,
	.parse		= parse_map_opts,
	.run		= l4mm_run_mutating,
};
