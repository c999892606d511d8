/* `vserver NAME stop`: bounded by the guest's kill sequence; "not running" is a warning. */
#include "backend/stop.h"
#include "cli/common/cli.h"
#include "cli/vserver/runtime_common.h"
#include "cli/vserver/vserver.h"

#include <stdio.h>
#include <string.h>

int vserver_cmd_stop(const char *name, int argc, char **argv, const struct vserver_opts *opts)
{
	int r = runtime_check_guest(name);
	if (r)
		return r;
	if (argc > 1) {
		cli_warn("%s: stop: unexpected argument '%s'", name, argv[1]);
		return 2;
	}
	struct vsm_error err = {0};
	bool was_running;
	if (guest_stop(name, &was_running, &err) < 0) {
		runtime_print_error(name, "stop", &err);
		return 1;
	}
	if (!was_running && !opts->silent)
		cli_warn("%s: not running", name);
	return 0;
}
