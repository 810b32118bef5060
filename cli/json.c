// SPDX-License-Identifier: GPL-2.0
/*
 * One printing path for text and JSON output, after iproute2's
 * lib/json_print.c: every field is printed with print_*(type, key, fmt, v).
 * In text mode the value is printed with fmt when type has PRINT_FP; in
 * JSON mode it is emitted as "key": value when type has PRINT_JSON.
 * Objects and arrays only exist in JSON mode.
 *
 * The JSON writer is a tiny state machine: a stack of "first member"
 * flags decides where commas go.  Output is compact, one document per
 * line (json_end_doc() writes the newline).
 */
#include <stdarg.h>
#include <stdio.h>

#include "l4mm.h"

#define JSON_MAX_DEPTH	16

bool l4mm_json;

static int depth;
static bool first[JSON_MAX_DEPTH];

static void json_escape(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	putchar('"');
	for (; *p; p++) {
		switch (*p) {
		case '"':
			fputs("\\\"", stdout);
			break;
		case '\\':
			fputs("\\\\", stdout);
			break;
		case '\n':
			fputs("\\n", stdout);
			break;
		case '\t':
			fputs("\\t", stdout);
			break;
		default:
			if (*p < 0x20)
				printf("\\u%04x", *p);
			else
				putchar(*p);
		}
	}
	putchar('"');
}

/* Comma and key before a value in the current container. */
static void json_member(const char *key)
{
	if (depth > 0) {
		if (!first[depth - 1])
			putchar(',');
		first[depth - 1] = false;
	}
	if (key) {
		json_escape(key);
		putchar(':');
	}
}

static void json_open(const char *key, char c)
{
	if (!l4mm_json)
		return;
	json_member(key);
	putchar(c);
	if (depth < JSON_MAX_DEPTH)
		first[depth] = true;
	depth++;
}

static void json_close(char c)
{
	if (!l4mm_json)
		return;
	putchar(c);
	if (depth > 0)
		depth--;
}

void open_json_object(const char *key)
{
	json_open(key, '{');
}

void close_json_object(void)
{
	json_close('}');
}

void open_json_array(const char *key)
{
	json_open(key, '[');
}

void close_json_array(void)
{
	json_close(']');
}

void json_end_doc(void)
{
	if (!l4mm_json)
		return;
	putchar('\n');
	depth = 0;
	fflush(stdout);
}

void print_u64(enum output_type t, const char *key, const char *fmt,
	       uint64_t v)
{
	if (l4mm_json) {
		if (t & PRINT_JSON) {
			json_member(key);
			printf("%" PRIu64, v);
		}
	} else if ((t & PRINT_FP) && fmt) {
		printf(fmt, v);
	}
}

void print_str(enum output_type t, const char *key, const char *fmt,
	       const char *s)
{
	if (l4mm_json) {
		if (t & PRINT_JSON) {
			json_member(key);
			json_escape(s);
		}
	} else if ((t & PRINT_FP) && fmt) {
		printf(fmt, s);
	}
}

void print_bool(enum output_type t, const char *key, const char *fmt,
		bool b)
{
	if (l4mm_json) {
		if (t & PRINT_JSON) {
			json_member(key);
			fputs(b ? "true" : "false", stdout);
		}
	} else if ((t & PRINT_FP) && fmt) {
		printf(fmt, b ? "yes" : "no");
	}
}

void print_null(enum output_type t, const char *key, const char *fmt)
{
	if (l4mm_json) {
		if (t & PRINT_JSON) {
			json_member(key);
			fputs("null", stdout);
		}
	} else if ((t & PRINT_FP) && fmt) {
		fputs(fmt, stdout);
	}
}

/* Text-only output. */
void print_fp(const char *fmt, ...)
{
	va_list ap;

	if (l4mm_json)
		return;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
}
