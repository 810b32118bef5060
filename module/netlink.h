/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The "l4mm" generic netlink family: uapi/linux/l4mm.h is its contract.
 */
#ifndef _L4MM_NETLINK_H
#define _L4MM_NETLINK_H

int l4mm_genl_init(void);
void l4mm_genl_exit(void);

#endif /* _L4MM_NETLINK_H */
