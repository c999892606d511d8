/* `vserver NAME exec CMD…`: run CMD inside the running guest; its exit status passes through. */
#include "backend/exec.h"
#include "cli/common/cli.h"
#include "cli/vserver/runtime_common.h"
#include "cli/vserver/vserver.h"

#include <stdio.h>

int vserver_cmd_exec(const char *name, int argc, char **argv, const struct vserver_opts *opts)
{
	int r = runtime_check_guest(name);
	if (r)
		return r;
	if (argc < 2) {
		fprintf(stderr, "Usage: vserver NAME exec CMD [ARGS...]\n");
		return 2;
	}
	fflush(stdout);
	struct vsm_error err = {0};
	int status = 1;
	if (guest_exec(name, argv + 1, &status, &err) < 0) {
		runtime_print_error(name, "exec", &err);
		return 1;
	}
	return status;
}
