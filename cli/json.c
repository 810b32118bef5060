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
 * line (json_end_doc() writes the newline), or with -p indented by four
 * spaces per level ("key": value, as python3 -m json.tool writes it).
 * With -j -b every document is an element of one array that
 * json_batch_begin() opens and json_batch_end() closes, so that the whole
 * output of a batch is one JSON document.
 */
#include <stdarg.h>
#include <stdio.h>

#include "l4mm.h"

#define JSON_MAX_DEPTH	16

bool l4mm_json;
bool l4mm_pretty;

static int depth;
static int base;		/* 1 inside the array of -j -b */
static bool first[JSON_MAX_DEPTH];
static char closer[JSON_MAX_DEPTH];	/* '}' or ']' */

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
			if (*p < 0x20 || *p == 0x7f)
				printf("\\u%04x", *p);
			else
				putchar(*p);
		}
	}
	putchar('"');
}

static void indent(int n)
{
	putchar('\n');
	while (n-- > 0)
		fputs("    ", stdout);
}

/* Comma, line break and key before a value in the current container. */
static void json_member(const char *key)
{
	if (depth > 0) {
		if (!first[depth - 1])
			putchar(',');
		if (l4mm_pretty)
			indent(depth);
		else if (depth == base && base)
			putchar('\n');
		first[depth - 1] = false;
	}
	if (key) {
		json_escape(key);
		fputs(l4mm_pretty ? ": " : ":", stdout);
	}
}

static void json_open(const char *key, char c)
{
	if (!l4mm_json)
		return;
	json_member(key);
	putchar(c);
	if (depth < JSON_MAX_DEPTH) {
		first[depth] = true;
		closer[depth] = c == '{' ? '}' : ']';
	}
	depth++;
}

static void json_close(char c)
{
	if (!l4mm_json || depth <= 0)
		return;
	depth--;
	if (l4mm_pretty && depth < JSON_MAX_DEPTH && !first[depth])
		indent(depth);
	putchar(c);
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
	if (!base)
		putchar('\n');
	depth = base;
	fflush(stdout);
}

void json_batch_begin(void)
{
	if (!l4mm_json)
		return;
	depth = 0;
	open_json_array(NULL);
	base = depth;
}

void json_batch_end(void)
{
	if (!l4mm_json || !base)
		return;
	depth = base;
	if (!l4mm_pretty && !first[0])
		putchar('\n');
	close_json_array();
	base = 0;
	putchar('\n');
	fflush(stdout);
}

void json_abort_doc(void)
{
	if (!l4mm_json)
		return;
	while (depth > base)
		json_close(depth <= JSON_MAX_DEPTH ? closer[depth - 1] : '}');
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
