/* `vserver NAME start|restart|condrestart`. */
#include "backend/start.h"
#include "backend/status.h"
#include "backend/stop.h"
#include "cli/common/cli.h"
#include "cli/vserver/runtime_common.h"
#include "cli/vserver/vserver.h"

#include <stdio.h>
#include <string.h>

static int do_start(const char *name, int argc, char **argv, const struct vserver_opts *opts)
{
	struct start_opts so = { .warn = cli_config_warn, .warn_ctx = (void *)name };
	char *empty[] = { NULL };
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--foreground")) {
			so.foreground = true;
		} else if (!strcmp(argv[i], "--rescue")) {
			so.rescue_argv = (i + 1 < argc) ? argv + i + 1 : empty;
			break;
		} else {
			cli_warn("%s: start: unknown option '%s'", name, argv[i]);
			fprintf(stderr, "Usage: vserver NAME start [--foreground] [--rescue [CMD ARGS...]]\n");
			return 2;
		}
	}
	struct vsm_error err = {0};
	int r = guest_start(name, &so, &err);
	if (r == -EALREADY) {
		if (!opts->silent)
			cli_warn("%s: already running", name);
		return 0;
	}
	if (r < 0) {
		runtime_print_error(name, "start", &err);
		return 1;
	}
	return 0;
}

int vserver_cmd_start(const char *name, int argc, char **argv, const struct vserver_opts *opts)
{
	int r = runtime_check_guest(name);
	return r ? r : do_start(name, argc, argv, opts);
}

static int do_stop(const char *name, const struct vserver_opts *opts)
{
	struct vsm_error err = {0};
	bool was_running;
	if (guest_stop(name, &was_running, &err) < 0) {
		runtime_print_error(name, "stop", &err);
		return 1;
	}
	return 0;
}

int vserver_cmd_restart(const char *name, int argc, char **argv, const struct vserver_opts *opts)
{
	int r = runtime_check_guest(name);
	if (r)
		return r;
	if ((r = do_stop(name, opts)) != 0)
		return r;
	return do_start(name, argc, argv, opts);
}

int vserver_cmd_condrestart(const char *name, int argc, char **argv,
			    const struct vserver_opts *opts)
{
	int r = runtime_check_guest(name);
	if (r)
		return r;
	return guest_is_running(name) ? vserver_cmd_restart(name, argc, argv, opts) : 0;
}
