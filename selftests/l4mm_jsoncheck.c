// SPDX-License-Identifier: GPL-2.0
/*
 * l4mm_jsoncheck: is standard input exactly one JSON document (RFC 8259),
 * surrounded by nothing but whitespace?  The guest has no python or jq;
 * the selftests check "l4mm -j" output with this.
 *
 *	l4mm_jsoncheck [-t TYPE] < FILE
 *
 * Exit 0 if it is (and, with -t, if the top-level value is an object,
 * array, string, number, true, false or null as TYPE says); 1 with the
 * byte offset and the reason on stderr if not.  Prints the number of
 * elements of a top-level array or members of an object on stdout.
 *
 * With -DJSONCHECK_NO_MAIN only json_check() is compiled (the host tests
 * of the CLI link it).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define JSON_DEPTH_MAX	64

struct jp {
	const char *s, *end;
	const char *why;
	int depth;
};

static void ws(struct jp *p)
{
	while (p->s < p->end && (*p->s == ' ' || *p->s == '\t' ||
				 *p->s == '\n' || *p->s == '\r'))
		p->s++;
}

static int fail(struct jp *p, const char *why)
{
	p->why = why;
	return -1;
}

static int hexdig(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	       (c >= 'A' && c <= 'F');
}

static int string(struct jp *p)
{
	unsigned char c;
	int i;

	p->s++;			/* the opening quote */
	while (p->s < p->end) {
		c = *p->s++;
		if (c == '"')
			return 0;
		if (c < 0x20)
			return fail(p, "control character in a string");
		if (c != '\\')
			continue;
		if (p->s >= p->end)
			break;
		c = *p->s++;
		if (c == 'u') {
			for (i = 0; i < 4; i++, p->s++)
				if (p->s >= p->end || !hexdig(*p->s))
					return fail(p, "bad \\u escape");
		} else if (!strchr("\"\\/bfnrt", c)) {
			return fail(p, "bad escape");
		}
	}
	return fail(p, "unterminated string");
}

static int digits(struct jp *p)
{
	const char *start = p->s;

	while (p->s < p->end && *p->s >= '0' && *p->s <= '9')
		p->s++;
	return p->s > start ? 0 : fail(p, "digit expected");
}

static int number(struct jp *p)
{
	if (*p->s == '-')
		p->s++;
	if (p->s < p->end && *p->s == '0')
		p->s++;
	else if (digits(p))
		return -1;
	if (p->s < p->end && *p->s == '.') {
		p->s++;
		if (digits(p))
			return -1;
	}
	if (p->s < p->end && (*p->s == 'e' || *p->s == 'E')) {
		p->s++;
		if (p->s < p->end && (*p->s == '+' || *p->s == '-'))
			p->s++;
		if (digits(p))
			return -1;
	}
	return 0;
}

static int word(struct jp *p, const char *w)
{
	size_t n = strlen(w);

	if ((size_t)(p->end - p->s) < n || memcmp(p->s, w, n))
		return fail(p, "unexpected character");
	p->s += n;
	return 0;
}

static int value(struct jp *p, long *count);

/* An object or an array; *count gets its number of members. */
static int container(struct jp *p, char close, long *count)
{
	long n = 0;

	if (++p->depth > JSON_DEPTH_MAX)
		return fail(p, "nested too deeply");
	p->s++;
	ws(p);
	if (p->s < p->end && *p->s == close) {
		p->s++;
		goto out;
	}
	for (;;) {
		ws(p);
		if (close == '}') {
			if (p->s >= p->end || *p->s != '"')
				return fail(p, "member name expected");
			if (string(p))
				return -1;
			ws(p);
			if (p->s >= p->end || *p->s != ':')
				return fail(p, "':' expected");
			p->s++;
		}
		if (value(p, NULL))
			return -1;
		n++;
		ws(p);
		if (p->s < p->end && *p->s == ',') {
			p->s++;
			continue;
		}
		if (p->s < p->end && *p->s == close) {
			p->s++;
			break;
		}
		return fail(p, close == '}' ? "',' or '}' expected" :
			    "',' or ']' expected");
	}
out:
	p->depth--;
	if (count)
		*count = n;
	return 0;
}

static int value(struct jp *p, long *count)
{
	ws(p);
	if (p->s >= p->end)
		return fail(p, "value expected");
	switch (*p->s) {
	case '{':
		return container(p, '}', count);
	case '[':
		return container(p, ']', count);
	case '"':
		return string(p);
	case 't':
		return word(p, "true");
	case 'f':
		return word(p, "false");
	case 'n':
		return word(p, "null");
	default:
		if (*p->s == '-' || (*p->s >= '0' && *p->s <= '9'))
			return number(p);
		return fail(p, "unexpected character");
	}
}

/*
 * 0 if s[0..n) is one JSON value and whitespace; else -1 with *at the
 * offset and *why the reason.  *type gets the first character of the
 * value, *count the members of a top-level container.
 */
int json_check(const char *s, size_t n, size_t *at, const char **why,
	       char *type, long *count)
{
	struct jp p = { .s = s, .end = s + n };

	*count = -1;
	ws(&p);
	*type = p.s < p.end ? *p.s : 0;
	if (value(&p, count) == 0) {
		ws(&p);
		if (p.s == p.end)
			return 0;
		fail(&p, "more after the document");
	}
	*at = p.s - s;
	*why = p.why;
	return -1;
}

#ifndef JSONCHECK_NO_MAIN
int main(int argc, char **argv)
{
	const char *want = NULL, *why;
	size_t len = 0, cap = 0, got, at;
	char *buf = NULL, type, *nb;
	long count;

	if (argc == 3 && !strcmp(argv[1], "-t")) {
		want = argv[2];
	} else if (argc != 1) {
		fprintf(stderr, "usage: l4mm_jsoncheck [-t TYPE] < FILE\n");
		return 2;
	}
	do {
		if (len == cap) {
			cap = cap ? 2 * cap : 65536;
			nb = realloc(buf, cap);
			if (!nb) {
				perror("l4mm_jsoncheck");
				return 2;
			}
			buf = nb;
		}
		got = fread(buf + len, 1, cap - len, stdin);
		len += got;
	} while (got);
	if (json_check(buf, len, &at, &why, &type, &count)) {
		fprintf(stderr, "l4mm_jsoncheck: not JSON at byte %zu: %s\n",
			at, why);
		return 1;
	}
	if (want && !((!strcmp(want, "object") && type == '{') ||
		      (!strcmp(want, "array") && type == '[') ||
		      (!strcmp(want, "string") && type == '"'))) {
		fprintf(stderr, "l4mm_jsoncheck: not a JSON %s\n", want);
		return 1;
	}
	if (count >= 0)
		printf("%ld\n", count);
	free(buf);
	return 0;
}
#endif
