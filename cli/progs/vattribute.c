/* vattribute: show or change a guest's bounding capabilities, context capabilities and context
 * flags (the logic is backend/attr_ops.c), then run PROGRAM. */
#include "backend/attr_list.h"
#include "backend/attr_ops.h"
#include "backend/chain.h"
#include "backend/guest_name.h"
#include "cli/common/cli.h"
#include "cli/common/cli_chain.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *f)
{
	fprintf(f, "Usage: vattribute [--root DIR] [--xid CTX|NAME] {--get | --set [--bcap [~!]CAP]...\n"
		   "                  [--ccap [~!]CCAP]... [--flag [~!]FLAG]... [--secure]} [-- PROGRAM ARGS...]\n"
		   "Lists are comma-separated; all, none, ^N and numbers as in util-vserver.\n"
		   "--set writes the guest's config; see vattribute(8) for what applies when.\n");
}

static void note(void *ctx, const char *msg)
{
	(void)ctx;
	cli_warn("%s", msg);
}

static void print_block(const char *head, const struct attr_bitname *tbl, uint64_t v)
{
	char buf[2048];
	attr_list_format(tbl, v, buf, sizeof(buf));
	printf("%s\n%s\n", head, buf);
}

/* Accumulate one list option into VALUE/MASK; exit 255 on a parse error. */
static void add_list(const struct attr_bitname *tbl, const char *what, const char *s,
		     uint64_t *value, uint64_t *mask)
{
	uint64_t v, m;
	struct vsm_error err = {0};
	if (attr_list_parse(tbl, what, s, &v, &m, &err) < 0) {
		cli_print_error(NULL, &err);
		exit(CHAIN_EXIT_FAILURE);
	}
	*value = (*value & ~m) | (v & m);
	*mask |= m;
}

int main(int argc, char **argv)
{
	cli_init("vattribute", &argc, &argv);
	enum { O_XID = 256, O_GET, O_SET, O_BCAP, O_CCAP, O_FLAG, O_SECURE, O_UMASK };
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' }, { "xid", required_argument, NULL, O_XID },
		{ "get", no_argument, NULL, O_GET }, { "set", no_argument, NULL, O_SET },
		{ "bcap", required_argument, NULL, O_BCAP }, { "ccap", required_argument, NULL, O_CCAP },
		{ "flag", required_argument, NULL, O_FLAG }, { "secure", no_argument, NULL, O_SECURE },
		{ "umask", required_argument, NULL, O_UMASK }, { NULL, 0, NULL, 0 },
	};
	const char *xid = NULL;
	bool get = false, set = false;
	struct attr_change ch = {0};
	int c;
	while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage(stdout);
			return 0;
		case O_XID:
			xid = optarg;
			break;
		case O_GET:
			get = true;
			break;
		case O_SET:
			set = true;
			break;
		case O_BCAP:
			add_list(NULL, "--bcap", optarg, &ch.bval, &ch.bmask);
			break;
		case O_CCAP:
			add_list(attr_ccap_bits, "--ccap", optarg, &ch.cval, &ch.cmask);
			break;
		case O_FLAG:
			add_list(attr_cflag_bits, "--flag", optarg, &ch.fval, &ch.fmask);
			break;
		case O_SECURE:
			ch.secure = true;
			break;
		case O_UMASK:
			cli_warn("--umask: namespaces a guest shares are set with spaces/<kind> in its "
				 "config (vservers(5)), not at run time");
			return CHAIN_EXIT_FAILURE;
		default:
			usage(stderr);
			return CHAIN_EXIT_FAILURE;
		}
	}
	if (get == set) {
		cli_warn("exactly one of --get and --set is needed");
		usage(stderr);
		return CHAIN_EXIT_FAILURE;
	}
	if (!xid) {
		/* util-vserver defaulted to the caller's own context: the host has no attributes. */
		cli_warn("--xid is needed (the host is no guest)");
		return CHAIN_EXIT_FAILURE;
	}
	char name[GUEST_NAME_MAX + 1];
	cli_chain_guest(xid, name, sizeof(name));
	struct vsm_error err = {0};
	if (get) {
		struct attr_state st;
		if (attr_get(name, &st, &err) < 0) {
			cli_print_error(NULL, &err);
			return 1;
		}
		print_block("bcapabilities:", NULL, st.bcaps);
		print_block("ccapabilities:", attr_ccap_bits, st.ccaps);
		print_block("flags:", attr_cflag_bits, st.cflags);
		print_block("umask:", attr_space_bits, st.umask);
	} else if (attr_set(name, &ch, note, NULL, &err) < 0) {
		cli_print_error(NULL, &err);
		return 1;
	}
	cli_chain(argc, argv, optind, 0);
}
