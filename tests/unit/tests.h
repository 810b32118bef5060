/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _L4MM_UNIT_TESTS_H
#define _L4MM_UNIT_TESTS_H
#define T(fn) void fn(void);
#include "tests.def"
#undef T
#endif
