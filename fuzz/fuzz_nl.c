// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the CLI's parsing of netlink replies from the module.
 * The first input byte picks a parser, the rest is its input:
 *
 *   0-4  a generic netlink reply whose attributes are the input bytes,
 *        through valid_cb() (genlmsg_parse with the CLI's policy) into
 *        the reply handler of dump, check, stats, lookup (and access) or
 *        a mutating command (and status), each checking mandatory
 *        attributes and nests;
 *   5    an NLMSG_ERROR with extended-ack TLVs (err_cb, parse_extack,
 *        policy_hint), flags and offsets from the input;
 *   6    an NLMSG_DONE with an errno and TLVs (finish_cb);
 *   7-8  as 0-4, for list (KIP/UTCB in the space nests) and config.
 *
 * The parsers are static, so the files that define them are included
 * here rather than linked; the rest of the CLI is linked as usual (main.c
 * with its main() renamed, for the command table).  The
 * kernel is trusted to echo its own request honestly, so the harness
 * keeps the echoed length within the buffer; everything else is the
 * fuzzer's.
 */
#include "../cli/nl.c"
#include "../cli/mutate.c"
#include "../cli/cmd_dump.c"
#include "../cli/cmd_check.c"
#include "../cli/cmd_stats.c"
#include "../cli/cmd_lookup.c"
#include "../cli/cmd_list.c"
#include "../cli/cmd_config.c"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

#define FUZZ_BUF	8192

static void fuzz_reply(struct l4mm_ctx *ctx, unsigned int which,
		       const unsigned char *data, size_t size)
{
	static const l4mm_reply_fn fns[] = {
		dump_reply, check_reply, stats_reply, lookup_reply,
		mutate_reply, list_reply, config_reply,
	};
	struct l4mm_vec rows = { 0 };
	struct l4mm_vec spaces = { 0 };
	struct check_reply cr;
	struct stats_reply sr;
	struct lookup_reply lr;
	struct mutate_reply mr;
	uint8_t mode = 0;
	void *args[] = { &rows, &cr, &sr, &lr, &mr, &spaces, &mode };
	struct transact t = { .ctx = ctx, .fn = fns[which],
			      .arg = args[which] };
	struct nlmsghdr *nlh;
	struct nl_msg *msg;

	memset(&cr, 0, sizeof(cr));
	memset(&sr, 0, sizeof(sr));
	memset(&lr, 0, sizeof(lr));
	memset(&mr, 0, sizeof(mr));
	msg = nlmsg_alloc_size(NLMSG_HDRLEN + GENL_HDRLEN + size + 64);
	if (!msg)
		return;
	nlh = nlmsg_put(msg, 0, 0, 0x20, GENL_HDRLEN, 0);
	if (nlh && !nlmsg_append(msg, (void *)data, size, 0))
		valid_cb(msg, &t);
	nlmsg_free(msg);
	free(rows.v);
	free(spaces.v);
}

static void fuzz_error(struct l4mm_ctx *ctx, const unsigned char *data,
		       size_t size)
{
	static unsigned char buf[FUZZ_BUF] __attribute__((aligned(8)));
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct transact t = { .ctx = ctx };
	struct nlmsgerr *err;
	size_t echo, total;

	if (size < 6 || size > FUZZ_BUF - 256)
		return;
	memset(buf, 0, sizeof(buf));
	err = nlmsg_data(nlh);
	nlh->nlmsg_type = NLMSG_ERROR;
	nlh->nlmsg_flags = (data[0] & 1 ? NLM_F_ACK_TLVS : 0) |
			   (data[0] & 2 ? NLM_F_CAPPED : 0);
	err->error = -(int)(data[1] % 140);
	/* An echoed request of data[2] * 4 bytes (not when capped). */
	echo = nlh->nlmsg_flags & NLM_F_CAPPED ? 0 :
	       NLMSG_ALIGN((size_t)data[2] * 4);
	if (echo && echo < sizeof(struct nlmsghdr))
		echo = sizeof(struct nlmsghdr);
	err->msg.nlmsg_len = echo ? echo : sizeof(struct nlmsghdr);
	total = NLMSG_HDRLEN + sizeof(*err) +
		(echo ? echo - sizeof(struct nlmsghdr) : 0);
	if (total + size > FUZZ_BUF)
		return;
	memcpy(buf + total, data + 3, size - 3);
	nlh->nlmsg_len = total + size - 3;
	err_cb(NULL, err, &t);
}

static void fuzz_done(struct l4mm_ctx *ctx, const unsigned char *data,
		      size_t size)
{
	struct transact t = { .ctx = ctx };
	struct nlmsghdr *nlh;
	struct nl_msg *msg;

	if (size < 1)
		return;
	msg = nlmsg_alloc_size(NLMSG_HDRLEN + size + 64);
	if (!msg)
		return;
	nlh = nlmsg_put(msg, 0, 0, NLMSG_DONE, 0,
			data[0] & 1 ? NLM_F_ACK_TLVS : 0);
	if (nlh && !nlmsg_append(msg, (void *)(data + 1), size - 1, 0))
		finish_cb(msg, &t);
	nlmsg_free(msg);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct l4mm_ctx ctx = { .err_off = -1 };
	unsigned int which;

	if (!size)
		return 0;
	which = data[0] % 9;
	if (which < 5)
		fuzz_reply(&ctx, which, data + 1, size - 1);
	else if (which == 5)
		fuzz_error(&ctx, data + 1, size - 1);
	else if (which == 6)
		fuzz_done(&ctx, data + 1, size - 1);
	else
		fuzz_reply(&ctx, which - 2, data + 1, size - 1);
	return 0;
}
