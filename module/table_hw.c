// SPDX-License-Identifier: GPL-2.0
/*
 * The hardware side of the core's environment: the physical address a
 * next-level descriptor holds, and the cache maintenance that makes a
 * table write visible to the MMU's table walker.
 *
 * On ARM the tables are in the MMU's own format and "l4mm hwcheck"
 * really points TTBR0 at them, so both matter: a descriptor holds the
 * physical address of its L2 table (lowmem, so virt_to_phys() is valid;
 * without LPAE phys_addr_t is 32 bits), and every write is
 * cleaned to the point of unification as Linux does for its own tables
 * (clean_dcache_area(), which is a no-op on CPUs whose walker snoops the
 * L1 data cache, i.e. every SMP v7 core).  Elsewhere no MMU walks these
 * tables: the address is kept for the checker, the cleaning is not
 * needed.
 */
#include <linux/bug.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/types.h>

#ifdef CONFIG_ARM
#include <asm/cacheflush.h>
#endif

#include "l4mm_core.h"

u32 l4mm_env_table_phys(const void *hw)
{
	phys_addr_t pa = virt_to_phys((void *)hw);

	/*
	 * Only an LPAE kernel could place a table above 4 GiB, and under one
	 * no MMU walks these tables (hwcheck is not available).
	 */
	if (IS_ENABLED(CONFIG_ARM) && !IS_ENABLED(CONFIG_ARM_LPAE))
		WARN_ON_ONCE(upper_32_bits((u64)pa));
	return lower_32_bits((u64)pa);
}

void l4mm_env_table_sync(const void *p, size_t len)
{
#ifdef CONFIG_ARM
	clean_dcache_area((void *)p, len);
#endif
}
