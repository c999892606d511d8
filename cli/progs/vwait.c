/* vwait: wait until a guest ends; util-vserver's status line on --status-fd and exit codes
 * (FINISHED rc: 0, KILLED: 1, TIMEOUT: 2, ERROR errno: 127). */
#include "backend/chain.h"
#include "backend/chain_wait.h"
#include "backend/guest_name.h"
#include "cli/common/cli.h"
#include "cli/common/cli_chain.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *f)
{
	fprintf(f, "Usage: vwait [--root DIR] [--timeout SECONDS] [--terminate] [--status-fd FD] "
		   "CTX|NAME\n");
}

/* One status line; NUM < 0 leaves the number out. */
static void status(int fd, const char *word, int num)
{
	if (fd < 0)
		return;
	if (num < 0)
		dprintf(fd, "%s\n", word);
	else
		dprintf(fd, "%s %d\n", word, num);
}

static long parse_num(const char *s, const char *what, long max)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (end == s || *end || errno || v < 0 || v > max) {
		cli_warn("%s: '%s' is not a number 0..%ld", what, s, max);
		exit(CHAIN_EXIT_FAILURE);
	}
	return v;
}

int main(int argc, char **argv)
{
	cli_init("vwait", &argc, &argv);
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' }, { "timeout", required_argument, NULL, 't' },
		{ "terminate", no_argument, NULL, 'T' }, { "status-fd", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	long timeout = -1;
	int sfd = -1, c;
	bool terminate = false;
	while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage(stdout);
			return 0;
		case 't':
			timeout = parse_num(optarg, "--timeout", 2000000);
			break;
		case 'T':
			terminate = true;
			break;
		case 's':
			sfd = (int)parse_num(optarg, "--status-fd", 1 << 20);
			if (fcntl(sfd, F_GETFD) < 0) {
				cli_warn("--status-fd %d: not an open file descriptor", sfd);
				return CHAIN_EXIT_FAILURE;
			}
			break;
		default:
			usage(stderr);
			return CHAIN_EXIT_FAILURE;
		}
	}
	if (optind + 1 != argc) {
		usage(stderr);
		return CHAIN_EXIT_FAILURE;
	}
	char name[GUEST_NAME_MAX + 1];
	cli_chain_guest(argv[optind], name, sizeof(name));
	enum wait_result res;
	int rc = 0;
	struct vsm_error err = {0};
	if (chain_wait(name, timeout < 0 ? -1 : (int)(timeout * 1000), terminate, &res, &rc, &err) < 0) {
		status(sfd, "ERROR", err.code);
		cli_print_error(NULL, &err);
		return 127;
	}
	switch (res) {
	case WAIT_FINISHED:
		status(sfd, "FINISHED", rc);
		return 0;
	case WAIT_KILLED:
		status(sfd, "KILLED", -1);
		return 1;
	default:
		status(sfd, "TIMEOUT", -1);
		return 2;
	}
}
