/* `vserver NAME exec [--tty] CMD…`: run CMD inside the running guest; its exit status passes
 * through. Without --tty the command shares the caller's stdio but runs in a session of its own
 * (never with the caller's terminal as its controlling tty); with --tty and a terminal on stdin it
 * gets a fresh pty of the guest's devpts, proxied like `enter`'s. */
#include "backend/exec.h"
#include "cli/common/cli.h"
#include "cli/vserver/pty_relay.h"
#include "cli/vserver/runtime_common.h"
#include "cli/vserver/vserver.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int exec_on_pty(const char *name, char **args, struct vsm_error *err, int *status)
{
	struct guest_exec_opts o = { .pty = true };
	struct guest_session s;
	int r = guest_session_open(name, args, &o, &s, err);
	return r < 0 ? r : pty_relay_run(&s, status, err);
}

int vserver_cmd_exec(const char *name, int argc, char **argv, const struct vserver_opts *opts)
{
	int r = runtime_check_guest(name);
	if (r)
		return r;
	int first = 1;
	bool tty = false;
	if (argc > 1 && !strcmp(argv[1], "--tty")) {
		tty = true;
		first++;
	} else if (argc > 1 && !strcmp(argv[1], "--")) {
		first++;
	}
	if (argc <= first) {
		fprintf(stderr, "Usage: vserver NAME exec [--tty] CMD [ARGS...]\n");
		return 2;
	}
	fflush(stdout);
	struct vsm_error err = {0};
	int status = 1;
	r = tty && isatty(STDIN_FILENO) ? exec_on_pty(name, argv + first, &err, &status)
					: guest_exec(name, argv + first, &status, &err);
	if (r < 0) {
		runtime_print_error(name, "exec", &err);
		return 1;
	}
	return status;
}
