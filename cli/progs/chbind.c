/* chbind: run a host command inside a running guest's network namespace (util-vserver's chbind on
 * network namespaces). The guest is named with --nid or found by the addresses given with --ip;
 * the command keeps the host's filesystem, processes and privileges, and sees only the guest's
 * interfaces and addresses. */
#include "backend/net_enter.h"
#include "cli/common/cli.h"

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CHBIND_IPS_MAX 64

static void usage(FILE *f)
{
	fprintf(f, "Usage: chbind [--root DIR] [--silent] [--nid GUEST|CTX] --ip IP[/PREFIX]... "
		   "[--] COMMAND [ARG...]\n"
		   "Run COMMAND in the network namespace of the running guest that owns every --ip\n"
		   "address (or of --nid). Each address must be the guest's and present.\n");
}

int main(int argc, char **argv)
{
	cli_init("chbind", &argc, &argv);
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "ip", required_argument, NULL, 'i' },
		{ "nid", required_argument, NULL, 'n' },
		{ "silent", no_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	char *ips[CHBIND_IPS_MAX];
	size_t n_ips = 0;
	const char *nid = NULL;
	bool silent = false;
	int c;
	while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage(stdout);
			return 0;
		case 'i':
			if (n_ips >= CHBIND_IPS_MAX) {
				cli_warn("more than %d --ip options", CHBIND_IPS_MAX);
				return 1;
			}
			ips[n_ips++] = optarg;
			break;
		case 'n':
			nid = optarg;
			break;
		case 's':
			silent = true;
			break;
		default:
			usage(stderr);
			return 1;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return 1;
	}
	char guest[GUEST_NAME_MAX + 1];
	struct vsm_error err = {0};
	if (net_enter_guest(nid, ips, n_ips, guest, sizeof(guest), &err) < 0) {
		cli_print_error(NULL, &err);
		return 1;
	}
	(void)silent; /* util-vserver's option; chbind prints nothing on success anyway */
	execvp(argv[optind], argv + optind);
	cli_warn("%s: exec %s: %s", guest, argv[optind], strerror(errno));
	return 127;
}
