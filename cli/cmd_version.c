// SPDX-License-Identifier: GPL-2.0
/*
 * l4mm version, l4mm -V
 *
 * The CLI's version and the loaded module's (MODULE_VERSION, read from
 * /sys/module/l4mm/version), both from the top-level VERSION file of the
 * tree they were built from:
 *
 *	text:	l4mm 0.2.0
 *		module 0.2.0		("module not loaded", "module
 *					 version unknown" for a module
 *					 without MODULE_VERSION)
 *	-j:	{"cli":"0.2.0","module":"0.2.0","match":true}
 *		(module and match null when there is nothing to compare)
 *
 * When both are known and differ, a warning on stderr says so: requests
 * and replies may not mean the same to both.  The exit status is 0.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "l4mm.h"

#define MODULE_DIR	"/sys/module/l4mm"

/* 0 with the version, -ENOENT not loaded, -ENODATA no version. */
static int module_version(char *buf, size_t size)
{
	FILE *f = fopen(MODULE_DIR "/version", "r");

	if (!f) {
		f = fopen(MODULE_DIR "/initstate", "r");
		if (f)
			fclose(f);
		return f ? -ENODATA : -ENOENT;
	}
	if (!fgets(buf, size, f))
		buf[0] = '\0';
	fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
	return buf[0] ? 0 : -ENODATA;
}

int l4mm_print_version(void)
{
	char mod[64];
	int ret = module_version(mod, sizeof(mod));
	bool match = !ret && !strcmp(mod, L4MM_VERSION);

	open_json_object(NULL);
	print_str(PRINT_ANY, "cli", "l4mm %s\n", L4MM_VERSION);
	if (!ret) {
		print_str(PRINT_ANY, "module", "module %s\n", mod);
		print_bool(PRINT_JSON, "match", NULL, match);
	} else {
		print_null(PRINT_JSON, "module", NULL);
		print_null(PRINT_JSON, "match", NULL);
		print_fp("module %s\n", ret == -ENOENT ? "not loaded" :
			 "version unknown");
	}
	close_json_object();
	json_end_doc();
	if (!ret && !match) {
		fflush(stdout);
		fprintf(stderr,
			"l4mm: warning: the CLI is %s but the loaded module is %s: %s\n",
			L4MM_VERSION, mod,
			"install the CLI and the module of one version");
	}
	return 0;
}

static int version_run(struct l4mm_ctx *ctx, const struct l4mm_req *req)
{
	(void)ctx;
	(void)req;
	return l4mm_print_version();
}

const struct l4mm_command cmd_version = {
	.name		= "version",
	.args		= "",
	.help		= "print the CLI's and the loaded module's version",
	.local		= true,
	.parse		= parse_no_args,
	.run		= version_run,
};
