/* Chain ending and guest lookup for the chain tools. */
#include "cli/common/cli_chain.h"
#include "backend/chain.h"
#include "cli/common/cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

void cli_chain(int argc, char **argv, int ind, int rc)
{
	if (ind >= argc)
		exit(rc);
	fflush(stdout);
	struct vsm_error err = {0};
	chain_exec(argv + ind, &err);
	cli_print_error(NULL, &err);
	exit(CHAIN_EXIT_FAILURE);
}

void cli_chain_guest(const char *arg, char *name, size_t len)
{
	struct vsm_error err = {0};
	if (!arg) {
		cli_warn("no context given (--xid NAME|ID)");
		exit(CHAIN_EXIT_FAILURE);
	}
	if (chain_guest_resolve(arg, name, len, &err) < 0) {
		cli_print_error(NULL, &err);
		exit(CHAIN_EXIT_FAILURE);
	}
}
