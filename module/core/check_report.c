// SPDX-License-Identifier: GPL-2.0
/*
 * How the checkers (check.c, check_refine.c, check_super.c) report the
 * first violation they find.
 */
#include "state.h"

/**
 * l4mm_check_fail() - report a violation found by a check
 * @buf: where the description goes (may be NULL)
 * @len: size of @buf
 * @fmt: printf format of the description
 *
 * Return: -EUCLEAN, for the caller to return.
 */
int l4mm_check_fail(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;

	if (buf && len) {
		va_start(ap, fmt);
		vsnprintf(buf, len, fmt, ap);
		va_end(ap);
	}
	return -EUCLEAN;
}
