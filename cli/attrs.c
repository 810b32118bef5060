// SPDX-License-Identifier: GPL-2.0
/*
 * The attributes of one mapped page beyond the paper's (docs/extensions.md
 * 2-5, 8): rights, cached, status bits, the size of the hardware entry and
 * the reserved kind (KIP, UTCB).  lookup, access and dump parse and print
 * them here, so that they look the same everywhere:
 *
 *	text		only what differs from a plain paper mapping,
 *			" rights=r-x", " uncached", " status=rw-", so that a
 *			state without the extensions prints as before;
 *	text, -v	all of them: " rights=rwx cached status=--- size=4K";
 *	JSON		all of them: "rights":"rwx","uncached":false,
 *			"status":"---","entry_size":4096,"reserved":null
 *			(null where the kernel did not report one).
 *
 * The reserved kind is printed by the callers, in place of the source.
 */
#include <stdio.h>
#include <string.h>

#include "l4mm.h"

void attrs_get(struct page_attrs *a, struct nlattr *rights,
	       struct nlattr *uncached, struct nlattr *status,
	       struct nlattr *shift, struct nlattr *reserved)
{
	memset(a, 0, sizeof(*a));
	if (rights) {
		a->has_rights = true;
		a->rights = nla_get_u8(rights) & L4MM_RIGHTS_ALL;
	}
	a->uncached = uncached != NULL;
	if (status) {
		a->has_status = true;
		a->status = nla_get_u8(status) & L4MM_RIGHTS_ALL;
	}
	if (shift)
		a->page_shift = nla_get_u8(shift);
	if (reserved)
		a->reserved = nla_get_u8(reserved);
}

const char *bits_str(uint8_t bits, char buf[4])
{
	buf[0] = bits & L4MM_RIGHT_R ? 'r' : '-';
	buf[1] = bits & L4MM_RIGHT_W ? 'w' : '-';
	buf[2] = bits & L4MM_RIGHT_X ? 'x' : '-';
	buf[3] = '\0';
	return buf;
}

const char *reserved_name(uint8_t kind)
{
	switch (kind) {
	case L4MM_RESERVED_KIP_PAGE:
		return "kip";
	case L4MM_RESERVED_UTCB_AREA:
		return "utcb";
	default:
		return kind ? "reserved" : NULL;
	}
}

/* 4K, 64K, 1M, 16M: the entry sizes of the ARMv7 short descriptors. */
static void size_str(uint8_t shift, char *buf, size_t size)
{
	if (shift >= 30 && shift < 64)
		snprintf(buf, size, "%lluG", 1ULL << (shift - 30));
	else if (shift >= 20 && shift < 64)
		snprintf(buf, size, "%lluM", 1ULL << (shift - 20));
	else if (shift >= 10 && shift < 64)
		snprintf(buf, size, "%lluK", 1ULL << (shift - 10));
	else
		snprintf(buf, size, "2^%u", shift);
}

void attrs_print(const struct page_attrs *a, bool verbose)
{
	char bits[4], sz[16];
	const char *kind = reserved_name(a->reserved);

	if (a->has_rights)
		print_str(PRINT_ANY, "rights",
			  verbose || a->rights != L4MM_RIGHTS_ALL ?
			  " rights=%s" : NULL, bits_str(a->rights, bits));
	else
		print_null(PRINT_JSON, "rights", NULL);
	print_bool(PRINT_JSON, "uncached", NULL, a->uncached);
	if (a->uncached)
		print_fp(" uncached");
	else if (verbose)
		print_fp(" cached");
	if (a->has_status)
		print_str(PRINT_ANY, "status",
			  verbose || a->status ? " status=%s" : NULL,
			  bits_str(a->status, bits));
	else
		print_null(PRINT_JSON, "status", NULL);
	if (a->page_shift && a->page_shift < 64) {
		print_u64(PRINT_JSON, "entry_size", NULL,
			  1ULL << a->page_shift);
		size_str(a->page_shift, sz, sizeof(sz));
		if (verbose)
			print_fp(" size=%s", sz);
	} else {
		print_null(PRINT_JSON, "entry_size", NULL);
	}
	if (kind)
		print_str(PRINT_JSON, "reserved", NULL, kind);
	else
		print_null(PRINT_JSON, "reserved", NULL);
}

void attrs_abstract(const struct page_attrs *a, char *buf, size_t size)
{
	size_t len = strlen(buf);
	char bits[4];

	if (a->has_rights && a->rights != L4MM_RIGHTS_ALL && len < size)
		len += snprintf(buf + len, size - len, " rights=%s",
				bits_str(a->rights, bits));
	if (a->uncached && len < size)
		len += snprintf(buf + len, size - len, " uncached");
	if (a->has_status && a->status && len < size)
		snprintf(buf + len, size - len, " status=%s",
			 bits_str(a->status, bits));
}
