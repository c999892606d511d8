/* vsm-monitor: the per-guest monitor program, forked detached by `vserver NAME start` (or run in
 * the foreground by `start --foreground`). Usage:
 *   vsm-monitor [--ready-fd N] [--lock-fd N] [--rescue] NAME [-- CMD…] */
#include "backend/fsutil.h"
#include "backend/guest_monitor.h"
#include "backend/paths.h"
#include "cli/common/cli.h"
#include "kernel/fd.h"

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* stdin from /dev/null; stdout and stderr appended to the guest's log. */
static int setup_stdio(const char *name, struct vsm_error *err)
{
	const struct vsm_paths *p = vsm_paths();
	char log[PATH_MAX];
	int r = fs_mkdir_p(p->logdir, 0755, err);
	if (r < 0)
		return r;
	vsm_path_guest_log(p, name, log, sizeof(log));
	int fd = open(log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0640);
	if (fd < 0)
		return vsm_error_sys(err, errno, "open log %s", log);
	int nul = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (nul >= 0) {
		dup2(nul, 0);
		close(nul);
	}
	dup2(fd, 1);
	dup2(fd, 2);
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	cli_init("vsm-monitor", &argc, &argv);
	int ready_fd = -1, lock_fd = -1, i = 1;
	int rescue = 0;
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "--ready-fd") && i + 1 < argc)
			ready_fd = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--lock-fd") && i + 1 < argc)
			lock_fd = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--rescue"))
			rescue = 1;
		else {
			cli_warn("unknown option '%s'", argv[i]);
			return 2;
		}
	}
	if (i >= argc) {
		fprintf(stderr, "Usage: vsm-monitor [--ready-fd N] [--lock-fd N] [--rescue] NAME [-- CMD...]\n");
		return 2;
	}
	const char *name = argv[i++];
	char *empty[] = { NULL };
	char **rescue_argv = NULL;
	if (rescue)
		rescue_argv = (i < argc && !strcmp(argv[i], "--")) ? argv + i + 1 : empty;
	/* Nothing inherited survives but the two descriptors start handed over on purpose. */
	int keep_hi = ready_fd > lock_fd ? ready_fd : lock_fd;
	for (int fd = 3; fd <= keep_hi; fd++)
		if (fd != ready_fd && fd != lock_fd)
			close(fd);
	fd_close_from(keep_hi < 3 ? 3 : keep_hi + 1);
	if (ready_fd >= 0)
		fcntl(ready_fd, F_SETFD, FD_CLOEXEC);
	if (lock_fd >= 0)
		fcntl(lock_fd, F_SETFD, FD_CLOEXEC);
	struct vsm_error err = {0};
	if (setup_stdio(name, &err) < 0) {
		if (ready_fd >= 0)
			dprintf(ready_fd, "error: %s\n", err.msg);
		else
			cli_print_error(name, &err);
		return 1;
	}
	if (monitor_run(name, STDOUT_FILENO, ready_fd, lock_fd, rescue_argv, &err) < 0) {
		fprintf(stderr, "vsm-monitor %s: %s\n", name, err.msg);
		return 1;
	}
	return 0;
}
