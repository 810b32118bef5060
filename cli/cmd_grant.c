// SPDX-License-Identifier: GPL-2.0
/*
 * l4mm grant SRC SRCVADDR DST DSTVADDR
 *
 * The paper's grant: DST:DSTVADDR gets the entry of SRC:SRCVADDR, then
 * SRC:SRCVADDR is flushed with everything derived from it.  ENXIO if
 * SRC:SRCVADDR is unmapped.
 */
#include "l4mm.h"

static int grant_parse(int argc, char **argv, struct l4mm_req *req)
{
	return parse_map_args(argc, argv, req);
}

const struct l4mm_command cmd_grant = {
	.name		= "grant",
	.args		= "SRC SRCVADDR DST DSTVADDR",
	.help		= "give the entry of SRC:SRCVADDR to DST:DSTVADDR",
	.nlcmd		= L4MM_CMD_GRANT,
	.mutating	= true,
	.parse		= grant_parse,
	.run		= l4mm_run_mutating,
};
