/* The monitor's main loop: boot, watch init through its pidfd, copy the console to the log,
 * serve stop/status, restart on reboot (init killed by SIGHUP), stop on halt (SIGINT). */
#include "backend/guest_monitor.h"
#include "backend/guest_boot.h"
#include "backend/guest_cgroup.h"
#include "backend/runconf.h"
#include "backend/runrecord.h"
#include "backend/stop.h"
#include "kernel/ns.h"

#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct monitor {
	const char *name;
	struct run_config rc;
	struct guest_cgroup *gc;
	struct guest_boot boot;
	int lsock, sigfd;
	bool stop_requested;
	bool init_exited;
	siginfo_t exit_info;
};

static void mlog(const struct monitor *m, const char *fmt, ...)
{
	char ts[32];
	time_t now = time(NULL);
	struct tm tm;
	strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%S", localtime_r(&now, &tm));
	fprintf(stderr, "[%s] vsm-monitor %s: ", ts, m->name);
	va_list ap;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	fflush(stderr);
}

static int sock_path(const char *name, struct sockaddr_un *sa, struct vsm_error *err)
{
	char dir[PATH_MAX];
	int r = runrecord_dir(name, false, dir, sizeof(dir), err);
	if (r < 0)
		return r;
	memset(sa, 0, sizeof(*sa));
	sa->sun_family = AF_UNIX;
	if ((size_t)snprintf(sa->sun_path, sizeof(sa->sun_path), "%s/%s", dir, RUNRECORD_SOCK) >=
	    sizeof(sa->sun_path))
		return vsm_error_set(err, ENAMETOOLONG, "%s: socket path %s/%s too long for AF_UNIX",
				     name, dir, RUNRECORD_SOCK);
	return 0;
}

static int listen_socket(const char *name, struct vsm_error *err)
{
	struct sockaddr_un sa;
	int r = sock_path(name, &sa, err);
	if (r < 0)
		return r;
	int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (s < 0)
		return vsm_error_sys(err, errno, "socket(AF_UNIX)");
	unlink(sa.sun_path);
	if (bind(s, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(s, 8) < 0) {
		int e = errno;
		close(s);
		return vsm_error_sys(err, e, "bind/listen %s", sa.sun_path);
	}
	chmod(sa.sun_path, 0600);
	return s;
}

static void console_drain(struct monitor *m)
{
	char buf[4096];
	if (m->boot.console_master < 0)
		return;
	for (;;) {
		ssize_t n = read(m->boot.console_master, buf, sizeof(buf));
		if (n <= 0)
			break;
		if (write(STDOUT_FILENO, buf, (size_t)n) < 0)
			break;
	}
}

/* Wait for init's exit up to TIMEOUT_MS (-1: forever), logging the console meanwhile. Client
 * connections are left queued. */
static bool wait_init(void *ctx, int timeout_ms)
{
	struct monitor *m = ctx;
	struct timespec start;
	clock_gettime(CLOCK_MONOTONIC, &start);
	while (!m->init_exited) {
		struct pollfd p[2] = { { m->boot.pidfd, POLLIN, 0 },
				       { m->boot.console_master, POLLIN, 0 } };
		int left = -1;
		if (timeout_ms >= 0) {
			struct timespec now;
			clock_gettime(CLOCK_MONOTONIC, &now);
			long el = (now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1000000;
			/* A zero timeout still polls once. */
			if (el > timeout_ms || (el == timeout_ms && timeout_ms > 0))
				return false;
			left = (int)(timeout_ms - el);
		}
		int pr = poll(p, 2, left);
		if (pr < 0 && errno != EINTR)
			return false;
		if (pr == 0 && timeout_ms == 0)
			return false;
		if (p[1].revents & POLLIN)
			console_drain(m);
		if (p[0].revents & POLLIN) {
			memset(&m->exit_info, 0, sizeof(m->exit_info));
			if (waitid(P_PIDFD, (id_t)m->boot.pidfd, &m->exit_info, WEXITED) == 0)
				m->init_exited = true;
		}
	}
	return true;
}

static void describe_exit(const struct monitor *m, char *buf, size_t len, bool *reboot)
{
	const siginfo_t *si = &m->exit_info;
	*reboot = false;
	if (m->stop_requested) {
		snprintf(buf, len, "stopped");
	} else if (si->si_code == CLD_KILLED || si->si_code == CLD_DUMPED) {
		if (si->si_status == SIGHUP) {
			*reboot = true;
			snprintf(buf, len, "reboot");
		} else if (si->si_status == SIGINT) {
			snprintf(buf, len, "halt");
		} else {
			snprintf(buf, len, "killed by signal %d (%s)", si->si_status,
				 sigabbrev_np(si->si_status) ? sigabbrev_np(si->si_status) : "?");
		}
	} else {
		snprintf(buf, len, "init exited with status %d", si->si_status);
	}
}

static void boot_release(struct monitor *m)
{
	console_drain(m);
	if (m->boot.pidfd >= 0)
		close(m->boot.pidfd);
	if (m->boot.console_master >= 0)
		close(m->boot.console_master);
	if (m->boot.console_slave >= 0)
		close(m->boot.console_slave);
	m->boot.pidfd = m->boot.console_master = m->boot.console_slave = -1;
}

static int boot_once(struct monitor *m, struct vsm_error *err)
{
	m->init_exited = false;
	int r = guest_cgroup_setup(m->gc, &m->rc, err);
	if (r < 0)
		return r;
	r = guest_boot(&m->rc, m->gc, &m->boot, err);
	if (r < 0)
		return r;
	fcntl(m->boot.console_master, F_SETFL, O_NONBLOCK);
	r = runrecord_write_init(m->name, m->boot.init_pid, err);
	mlog(m, "started: init %s (host pid %d)", m->rc.start_argv[0], (int)m->boot.init_pid);
	return r;
}

static void reply(int fd, const char *text)
{
	if (fd >= 0 && write(fd, text, strlen(text)) < 0) {
		/* the client went away; nothing to do */
	}
}

static void do_stop(struct monitor *m)
{
	if (!m->stop_requested) {
		m->stop_requested = true;
		runrecord_set_stop_requested(m->name, true, NULL);
		mlog(m, "stop requested");
	}
	if (!stop_sequence_run(&m->rc, m->boot.pidfd, m->gc, wait_init, m))
		mlog(m, "init did not exit after the kill sequence; investigate manually");
}

/* One request per connection: a line in, a line out ("stop" answers once the guest is down). */
static void serve_client(struct monitor *m, int *stop_client)
{
	int c = accept4(m->lsock, NULL, NULL, SOCK_CLOEXEC);
	if (c < 0)
		return;
	struct timeval tv = { 2, 0 };
	setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	char line[64] = "";
	ssize_t n = read(c, line, sizeof(line) - 1);
	line[n > 0 ? n : 0] = '\0';
	line[strcspn(line, "\r\n")] = '\0';
	if (!strcmp(line, "status")) {
		char buf[128];
		snprintf(buf, sizeof(buf), "running %d\n", (int)m->boot.init_pid);
		reply(c, buf);
	} else if (!strcmp(line, "stop")) {
		if (*stop_client >= 0)
			close(*stop_client);
		*stop_client = c;
		do_stop(m);
		return;
	} else {
		reply(c, "error unknown request\n");
	}
	close(c);
}

static int setup_signals(struct vsm_error *err)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGCHLD);
	sigprocmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	int fd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
	return fd < 0 ? vsm_error_sys(err, errno, "signalfd") : fd;
}

static void handle_signals(struct monitor *m)
{
	struct signalfd_siginfo si;
	while (read(m->sigfd, &si, sizeof(si)) == sizeof(si)) {
		if (si.ssi_signo == SIGTERM || si.ssi_signo == SIGINT)
			do_stop(m);
		/* SIGCHLD: init is reaped through its pidfd; stop-command helpers by their waiter. */
	}
}

/* Run until init exits; returns with m->init_exited set. */
static void watch(struct monitor *m, int *stop_client)
{
	while (!m->init_exited) {
		struct pollfd p[4] = { { m->boot.pidfd, POLLIN, 0 },
				       { m->boot.console_master, POLLIN, 0 },
				       { m->lsock, POLLIN, 0 },
				       { m->sigfd, POLLIN, 0 } };
		if (poll(p, 4, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (p[1].revents & POLLIN)
			console_drain(m);
		if (p[0].revents & POLLIN)
			wait_init(m, 0);
		if (!m->init_exited && (p[3].revents & POLLIN))
			handle_signals(m);
		if (!m->init_exited && (p[2].revents & POLLIN))
			serve_client(m, stop_client);
	}
}

static void report_ready(int *ready_fd, int *lock_fd, const char *msg)
{
	if (*ready_fd >= 0) {
		if (write(*ready_fd, msg, strlen(msg)) < 0) {
			/* start was killed: the guest keeps running, as asked */
		}
		close(*ready_fd);
		*ready_fd = -1;
	}
	if (*lock_fd >= 0) {
		close(*lock_fd);
		*lock_fd = -1;
	}
}

static void finish(struct monitor *m, const char *reason)
{
	struct vsm_error e = {0};
	if (guest_cgroup_destroy(m->gc, 5000, &e) < 0)
		mlog(m, "cleanup: %s", e.msg);
	runrecord_write_exit(m->name, reason, NULL);
	runrecord_clear_running(m->name);
}

int monitor_run(const char *name, int ready_fd, int lock_fd, char *const *rescue_argv,
		struct vsm_error *err)
{
	struct monitor m = { .name = name, .lsock = -1, .sigfd = -1 };
	m.boot.pidfd = m.boot.console_master = m.boot.console_slave = -1;
	int stop_client = -1, r;
	char dir[PATH_MAX], reason[160] = "", msg[300];
	if ((r = runrecord_dir(name, true, dir, sizeof(dir), err)) < 0 ||
	    (r = runrecord_write_monitor(name, getpid(), err)) < 0 ||
	    (r = runrecord_set_stop_requested(name, false, err)) < 0 ||
	    (r = run_config_load(name, rescue_argv, &m.rc, err)) < 0)
		goto fail;
	m.gc = guest_cgroup_open(name, NULL);
	if (!m.gc && m.rc.nknobs > 0) {
		r = vsm_error_set(err, ENOTSUP, "%s: cgroup limits are configured (%s, ...) but no cgroup "
				  "hierarchy or driver is available", name, m.rc.knobs[0].name);
		goto fail;
	}
	if (!m.gc)
		mlog(&m, "warning: no cgroup driver or hierarchy; the guest runs without a cgroup");
	if ((r = m.sigfd = setup_signals(err)) < 0 || (r = m.lsock = listen_socket(name, err)) < 0)
		goto fail;
	if ((r = boot_once(&m, err)) < 0)
		goto fail;
	report_ready(&ready_fd, &lock_fd, "ok\n");
	for (;;) {
		watch(&m, &stop_client);
		bool reboot;
		describe_exit(&m, reason, sizeof(reason), &reboot);
		boot_release(&m);
		mlog(&m, "guest ended: %s", reason);
		if (!reboot)
			break;
		/* Reboot: every process of the old boot goes before the new init starts. */
		guest_cgroup_destroy(m.gc, 5000, NULL);
		if (boot_once(&m, err) < 0) {
			mlog(&m, "restart failed: %s", err->msg);
			snprintf(reason, sizeof(reason), "restart failed");
			break;
		}
	}
	finish(&m, reason);
	snprintf(msg, sizeof(msg), "stopped %s\n", reason);
	reply(stop_client, msg);
	r = 0;
	goto out;
fail:
	snprintf(msg, sizeof(msg), "error: %s\n", err->msg);
	report_ready(&ready_fd, &lock_fd, msg);
	snprintf(reason, sizeof(reason), "start failed: %s", err->msg);
	finish(&m, reason);
out:
	if (stop_client >= 0)
		close(stop_client);
	if (m.lsock >= 0)
		close(m.lsock);
	if (m.sigfd >= 0)
		close(m.sigfd);
	guest_cgroup_close(m.gc);
	run_config_free(&m.rc);
	return r;
}

int monitor_request(const char *name, const char *command, char *out, size_t len, int timeout_ms,
		    struct vsm_error *err)
{
	struct sockaddr_un sa;
	int r = sock_path(name, &sa, err);
	if (r < 0)
		return r;
	int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (s < 0)
		return vsm_error_sys(err, errno, "socket(AF_UNIX)");
	if (connect(s, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		r = -errno;
		close(s);
		return vsm_error_sys(err, -r, "%s: connect to monitor %s", name, sa.sun_path);
	}
	char line[64];
	snprintf(line, sizeof(line), "%s\n", command);
	if (write(s, line, strlen(line)) < 0) {
		r = vsm_error_sys(err, errno, "%s: write to monitor", name);
		close(s);
		return r;
	}
	struct pollfd p = { s, POLLIN, 0 };
	size_t got = 0;
	out[0] = '\0';
	for (;;) {
		int pr = poll(&p, 1, timeout_ms);
		if (pr == 0) {
			r = vsm_error_set(err, ETIMEDOUT, "%s: monitor did not answer '%s' within %d ms",
					  name, command, timeout_ms);
			break;
		}
		if (pr < 0 && errno == EINTR)
			continue;
		ssize_t n = read(s, out + got, len - 1 - got);
		if (n <= 0)
			break;
		got += (size_t)n;
		out[got] = '\0';
		if (strchr(out, '\n') || got == len - 1)
			break;
	}
	close(s);
	out[strcspn(out, "\n")] = '\0';
	if (r == 0 && !got)
		r = vsm_error_set(err, EPIPE, "%s: monitor closed the connection without answering",
				  name);
	return r;
}
