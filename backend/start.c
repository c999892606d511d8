/* Starting a guest: under the guest lock, check the run record (a stale one is cleaned, never an
 * obstacle), then fork the monitor detached (new session, no inherited fds but the readiness pipe
 * and the lock it releases) and wait for its verdict. */
#include "backend/start.h"
#include "backend/status.h"
#include "backend/config.h"
#include "backend/guest_monitor.h"
#include "backend/lock.h"
#include "backend/paths.h"
#include "backend/runconf.h"
#include "backend/runrecord.h"
#include "backend/stop.h"
#include "kernel/fd.h"

#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define START_TIMEOUT_MS 120000

/* Build the monitor's argv: vsm-monitor [--ready-fd 3] --lock-fd 4 [--rescue] NAME [-- CMD…]. */
static char **monitor_argv(const char *prog, const char *name, bool ready,
			   char *const *rescue_argv)
{
	size_t n = 0;
	while (rescue_argv && rescue_argv[n])
		n++;
	char **v = calloc(n + 10, sizeof(char *));
	if (!v)
		return NULL;
	size_t k = 0;
	v[k++] = (char *)prog;
	if (ready) {
		v[k++] = "--ready-fd";
		v[k++] = "3";
	}
	v[k++] = "--lock-fd";
	v[k++] = "4";
	if (rescue_argv)
		v[k++] = "--rescue";
	v[k++] = (char *)name;
	if (rescue_argv) {
		v[k++] = "--";
		for (size_t i = 0; i < n; i++)
			v[k++] = rescue_argv[i];
	}
	v[k] = NULL;
	return v;
}

/* Put FD_A on 3 and FD_B on 4 (either may be -1), then close everything above. */
static void arrange_fds(int fd_a, int fd_b)
{
	int a = fd_a >= 0 ? fcntl(fd_a, F_DUPFD, 10) : -1;
	int b = fd_b >= 0 ? fcntl(fd_b, F_DUPFD, 10) : -1;
	if (a >= 0)
		dup2(a, 3);
	if (b >= 0)
		dup2(b, 4);
	fd_close_from(5);
}

static int spawn_detached(const char *prog, char **argv, int ready_wr, int lock,
			  struct vsm_error *err)
{
	pid_t pid = fork();
	if (pid < 0)
		return vsm_error_sys(err, errno, "fork");
	if (pid == 0) {
		/* Middle child: a new session, then the monitor as its orphan, so the monitor has no
		 * controlling terminal and outlives the shell that ran start. */
		setsid();
		pid_t m = fork();
		if (m == 0) {
			arrange_fds(ready_wr, lock);
			execv(prog, argv);
			dprintf(3, "error: exec %s: %s\n", prog, strerror(errno));
			_exit(127);
		}
		_exit(m < 0 ? 1 : 0);
	}
	int st;
	waitpid(pid, &st, 0);
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
		return vsm_error_set(err, ECHILD, "could not fork the monitor");
	return 0;
}

static int read_verdict(const char *name, int ready_rd, struct vsm_error *err)
{
	char buf[400];
	size_t got = 0;
	struct pollfd p = { ready_rd, POLLIN, 0 };
	while (got < sizeof(buf) - 1) {
		int pr = poll(&p, 1, START_TIMEOUT_MS);
		if (pr == 0)
			return vsm_error_set(err, ETIMEDOUT, "%s: the monitor gave no answer within %d s",
					     name, START_TIMEOUT_MS / 1000);
		if (pr < 0 && errno == EINTR)
			continue;
		ssize_t n = read(ready_rd, buf + got, sizeof(buf) - 1 - got);
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	buf[got] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	if (!strcmp(buf, "ok"))
		return 0;
	if (!strncmp(buf, "error: ", 7))
		return vsm_error_set(err, EIO, "%s", buf + 7);
	return vsm_error_set(err, EIO, "%s: the monitor ended before the guest ran (see %s/%s.log)",
			     name, vsm_paths()->logdir, name);
}

/* Two running guests with one context id would be indistinguishable to vserver-stat, vkill and
 * every tool that takes --xid: refuse to start the second (the config may have been edited by hand
 * since build checked it). */
static int context_check_unique(const char *name, struct vsm_error *err)
{
	int ctx = 0;
	if (guest_context_read(name, &ctx, NULL) < 0 || ctx <= 0)
		return 0;
	char **names = NULL;
	size_t n = 0;
	if (guest_list(&names, &n, NULL) < 0)
		return 0;
	int r = 0;
	for (size_t i = 0; i < n && r == 0; i++) {
		int other = 0;
		if (strcmp(names[i], name) != 0 && guest_context_read(names[i], &other, NULL) == 0 &&
		    other == ctx && guest_is_running(names[i]))
			r = vsm_error_set(err, EEXIST, "%s: context %d is in use by running guest %s",
					  name, ctx, names[i]);
	}
	guest_list_free(names, n);
	return r;
}

int guest_start(const char *name, const struct start_opts *opts, struct vsm_error *err)
{
	int r = guest_name_check(name, err);
	if (r < 0)
		return r;
	int lock = guest_lock(name, true, err);
	if (lock < 0)
		return lock;
	struct run_record rec;
	runrecord_read(name, &rec, NULL);
	if (runrecord_monitor_alive(&rec)) {
		guest_unlock(lock);
		return vsm_error_set(err, EALREADY, "%s: already running", name);
	}
	if ((r = guest_cleanup_stale(name, err)) < 0)
		goto out;
	/* Check the configuration here, so that errors reach the caller's terminal directly. */
	struct run_config rc;
	if ((r = run_config_load(name, opts->rescue_argv, &rc, opts->warn, opts->warn_ctx, err)) < 0)
		goto out;
	run_config_free(&rc);
	if ((r = context_check_unique(name, err)) < 0)
		goto out;
	char prog[PATH_MAX];
	if (vsm_path_helper("vsm-monitor", prog, sizeof(prog)) < 0 || access(prog, X_OK) < 0) {
		r = vsm_error_sys(err, errno ? errno : ENOENT, "%s: monitor program %s", name, prog);
		goto out;
	}
	char **argv = monitor_argv(prog, name, !opts->foreground, opts->rescue_argv);
	if (!argv) {
		r = vsm_error_set(err, ENOMEM, "out of memory");
		goto out;
	}
	if (opts->foreground) {
		/* The lock travels to the monitor, which lets go once the guest runs. */
		arrange_fds(-1, lock);
		execv(prog, argv);
		r = vsm_error_sys(err, errno, "exec %s", prog);
		free(argv);
		goto out;
	}
	int pp[2];
	if (pipe2(pp, O_CLOEXEC) < 0) {
		r = vsm_error_sys(err, errno, "pipe2");
		free(argv);
		goto out;
	}
	r = spawn_detached(prog, argv, pp[1], lock, err);
	free(argv);
	close(pp[1]);
	if (r == 0)
		r = read_verdict(name, pp[0], err);
	close(pp[0]);
out:
	guest_unlock(lock);
	return r;
}
