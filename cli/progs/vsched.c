/* vsched: util-vserver's token-bucket options onto the running guest's CPU controller (mapping in
 * backend/chain_sched.h), then run PROGRAM. */
#include "backend/chain.h"
#include "backend/chain_sched.h"
#include "backend/fsutil.h"
#include "backend/guest_name.h"
#include "cli/common/cli.h"
#include "cli/common/cli_chain.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void usage(FILE *f)
{
	fprintf(f, "Usage: vsched [--root DIR] --xid CTX|NAME [--fill-rate N --interval N] [--prio-bias N]\n"
		   "              [--tokens N] [--tokens-min N] [--tokens-max N] [--dir DIR [--missingok]]\n"
		   "              [--force] [-- PROGRAM ARGS...]\n"
		   "fill-rate/interval caps the guest at that share of one CPU (cpu.max); prio-bias\n"
		   "sets cpu.weight like a nice value. See vsched(8).\n");
}

enum { O_XID = 256, O_FILL, O_INTERVAL, O_TOKENS, O_TMIN, O_TMAX, O_BIAS, O_FILL2, O_INT2,
       O_CPU, O_BUCKET, O_IDLE, O_DIR, O_MISSINGOK, O_FORCE };

static const struct { const char *name; int opt; } dir_files[] = {
	{ "fill-rate", O_FILL }, { "interval", O_INTERVAL }, { "tokens", O_TOKENS },
	{ "tokens-min", O_TMIN }, { "tokens-max", O_TMAX }, { "prio-bias", O_BIAS },
	{ "fill-rate2", O_FILL2 }, { "interval2", O_INT2 }, { "idle-time", O_IDLE },
};

/* Record option OPT with value S; false (after a message) when refused or malformed. */
static bool take(struct vsched_opts *o, int opt, const char *s, const char *what)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (end == s || (*end && *end != '\n') || errno) {
		cli_warn("%s: '%s' is not an integer", what, s);
		return false;
	}
	switch (opt) {
	case O_FILL:
		o->fill_rate = v;
		o->has_fill_rate = true;
		return true;
	case O_INTERVAL:
		o->interval = v;
		o->has_interval = true;
		return true;
	case O_BIAS:
		o->prio_bias = v;
		o->has_prio_bias = true;
		return true;
	case O_TOKENS:
	case O_TMIN:
	case O_TMAX:
		o->ignored_bucket = true;
		return true;
	default:
		cli_warn("%s: mainline has no idle-time scheduling or per-CPU token buckets; use "
			 "fill-rate/interval (cpu.max) and a cpuset for placement", what);
		return false;
	}
}

static int read_dir(const char *dir, bool missingok, struct vsched_opts *o)
{
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0) {
		if (errno == ENOENT && missingok)
			return 0;
		cli_warn("%s: %s", dir, strerror(errno));
		return -1;
	}
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < sizeof(dir_files) / sizeof(dir_files[0]); i++) {
		char *text = NULL;
		size_t len;
		struct vsm_error err = {0};
		int r = fs_read_file_at(dfd, dir_files[i].name, 4096, &text, &len, &err);
		if (r == -ENOENT)
			continue;
		if (r < 0) {
			cli_print_error(dir, &err);
			rc = -1;
		} else if (!take(o, dir_files[i].opt, text, dir_files[i].name)) {
			rc = -1;
		}
		free(text);
	}
	close(dfd);
	return rc;
}

int main(int argc, char **argv)
{
	cli_init("vsched", &argc, &argv);
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' }, { "xid", required_argument, NULL, O_XID },
		{ "fill-rate", required_argument, NULL, O_FILL },
		{ "interval", required_argument, NULL, O_INTERVAL },
		{ "tokens", required_argument, NULL, O_TOKENS },
		{ "tokens-min", required_argument, NULL, O_TMIN },
		{ "tokens-max", required_argument, NULL, O_TMAX },
		{ "prio-bias", required_argument, NULL, O_BIAS },
		{ "fill-rate2", required_argument, NULL, O_FILL2 },
		{ "interval2", required_argument, NULL, O_INT2 },
		{ "cpu-id", required_argument, NULL, O_CPU },
		{ "bucket-id", required_argument, NULL, O_BUCKET },
		{ "idle-time", no_argument, NULL, O_IDLE },
		{ "dir", required_argument, NULL, O_DIR },
		{ "missingok", no_argument, NULL, O_MISSINGOK },
		{ "force", no_argument, NULL, O_FORCE },
		{ NULL, 0, NULL, 0 },
	};
	struct vsched_opts o = { .fill_rate = -1, .interval = -1, .prio_bias = 0 };
	const char *xid = NULL, *dir = NULL;
	bool missingok = false;
	int c;
	while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage(stdout);
			return 0;
		case O_XID:
			xid = optarg;
			break;
		case O_DIR:
			dir = optarg;
			break;
		case O_MISSINGOK:
			missingok = true;
			break;
		case O_FORCE:	/* util-vserver: set even unchanged values; vsm always writes */
			break;
		case O_IDLE:
			take(&o, c, "1", "--idle-time");
			return CHAIN_EXIT_FAILURE;
		case '?':
			usage(stderr);
			return CHAIN_EXIT_FAILURE;
		default: {
			char what[32] = "";
			for (const struct option *op = opts; op->name; op++)
				if (op->val == c)
					snprintf(what, sizeof(what), "--%s", op->name);
			if (!take(&o, c, optarg, what))
				return CHAIN_EXIT_FAILURE;
		}
		}
	}
	char name[GUEST_NAME_MAX + 1];
	cli_chain_guest(xid, name, sizeof(name));
	if (dir && read_dir(dir, missingok, &o) < 0)
		return CHAIN_EXIT_FAILURE;
	if (o.has_fill_rate != o.has_interval) {
		cli_warn("--fill-rate and --interval go together (the cap is fill-rate/interval of "
			 "one CPU)");
		return CHAIN_EXIT_FAILURE;
	}
	if (o.ignored_bucket)
		cli_warn("--tokens/--tokens-min/--tokens-max ignored: mainline has no token bucket "
			 "to size (the cap is fill-rate/interval)");
	struct vsm_error err = {0};
	if ((o.has_fill_rate || o.has_interval || o.has_prio_bias) && vsched_apply(name, &o, &err) < 0) {
		cli_print_error(NULL, &err);
		return 1;
	}
	cli_chain(argc, argv, optind, 0);
}
