/* `vserver NAME suexec USER CMD…`: CMD inside the running guest as USER, resolved from the guest's
 * own passwd and group files. */
#include "backend/exec.h"
#include "backend/guest_user.h"
#include "backend/runconf.h"
#include "cli/common/cli.h"
#include "cli/vserver/runtime_common.h"
#include "cli/vserver/vserver.h"

#include <stdio.h>

int vserver_cmd_suexec(const char *name, int argc, char **argv, const struct vserver_opts *opts)
{
	int r = runtime_check_guest(name);
	if (r)
		return r;
	if (argc < 3) {
		fprintf(stderr, "Usage: vserver NAME suexec USER CMD [ARGS...]\n");
		return 2;
	}
	struct vsm_error err = {0};
	struct run_config rc;
	if (run_config_load(name, NULL, &rc, cli_config_warn, (void *)name, &err) < 0) {
		runtime_print_error(name, "suexec", &err);
		return 1;
	}
	struct guest_exec_opts o = {0};
	r = guest_user_resolve(rc.vdir, argv[1], &o, &err);
	run_config_free(&rc);
	if (r < 0) {
		runtime_print_error(name, "suexec", &err);
		return 1;
	}
	fflush(stdout);
	int status = 1;
	if (guest_exec_with(name, argv + 2, &o, &status, &err) < 0) {
		runtime_print_error(name, "suexec", &err);
		return 1;
	}
	return status;
}
