// SPDX-License-Identifier: GPL-2.0
/*
 * The page-table formats by number (enum l4mm_format): what a state's
 * configuration names, resolved to the format instances of fmt_*.c.
 */
#include "l4mm_core.h"
#include "pgtable.h"

#ifdef L4MM_TEST
/* What L4MM_FORMAT_DEFAULT means, so the unit tests run in every format. */
enum l4mm_format l4mm_test_default_format = L4MM_FORMAT_ARMV7;
#endif

static const struct l4mm_pt_format *const formats[L4MM_FORMAT_COUNT] = {
	[L4MM_FORMAT_ARMV7]	= &l4mm_fmt_armv7,
	[L4MM_FORMAT_LPAE]	= &l4mm_fmt_lpae,
	[L4MM_FORMAT_AARCH64]	= &l4mm_fmt_aarch64,
};

/**
 * l4mm_pt_format_of() - the format instance of a format number
 * @f: the number; L4MM_FORMAT_DEFAULT is ARMv7's short descriptors
 *
 * Return: the format, or NULL if @f is none.
 */
const struct l4mm_pt_format *l4mm_pt_format_of(enum l4mm_format f)
{
	if (f == L4MM_FORMAT_DEFAULT) {
#ifdef L4MM_TEST
		f = l4mm_test_default_format;
#else
		f = L4MM_FORMAT_ARMV7;
#endif
	}
	if ((unsigned int)f >= L4MM_FORMAT_COUNT)
		return NULL;
	return formats[f];
}

/**
 * l4mm_format_name() - the name of a format, as the CLI spells it
 * @f: the number
 *
 * Return: "armv7", "lpae", "aarch64", or NULL if @f is none.
 */
const char *l4mm_format_name(enum l4mm_format f)
{
	const struct l4mm_pt_format *fmt = l4mm_pt_format_of(f);

	return fmt ? fmt->name : NULL;
}
