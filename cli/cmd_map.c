// SPDX-License-Identifier: GPL-2.0
/*
 * l4mm map SRC SRCVADDR DST DSTVADDR
 *
 * The paper's map: fails with ENXIO if SRC:SRCVADDR is unmapped;
 * otherwise DST:DSTVADDR is flushed and then gets Virtual SRC SRCVADDR,
 * if that is still valid after the flush.
 */
#include "l4mm.h"

static int map_parse(int argc, char **argv, struct l4mm_req *req)
{
	return parse_map_args(argc, argv, req);
}

const struct l4mm_command cmd_map = {
	.name		= "map",
	.args		= "SRC SRCVADDR DST DSTVADDR",
	.help		= "map SRC:SRCVADDR at DST:DSTVADDR",
	.nlcmd		= L4MM_CMD_MAP,
	.mutating	= true,
	.parse		= map_parse,
	.run		= l4mm_run_mutating,
};
