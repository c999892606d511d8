/* The start sequence proper (util-vserver §4.2 step 13, on namespaces): the child becomes PID 1 of
 * a new PID namespace and works through mounts, UTS, limits, fds, seccomp and capabilities before
 * it execs the guest's init. Errors travel back over a close-on-exec pipe. */
#include "backend/guest_boot.h"
#include "backend/guest_mounts.h"
#include "backend/guest_security.h"
#include "backend/net.h"
#include "kernel/signals.h"
#include "kernel/fd.h"
#include "kernel/mount.h"
#include "kernel/ns.h"
#include "kernel/seccomp.h"

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

struct child_ctx {
	const struct run_config *rc;
	const char *console;
	int console_slave;
	int sync_rd; /* parent writes one byte once the child is in its cgroup */
	int err_wr;  /* child reports a failure here; EOF on exec means success */
	void *filter;
};

static int child_limits(const struct run_config *rc, struct vsm_error *err)
{
	for (int i = 0; i < rc->nulimits; i++) {
		const struct run_rlimit *l = &rc->ulimits[i];
		struct rlimit cur;
		getrlimit(l->resource, &cur);
		if (l->has_soft)
			cur.rlim_cur = l->soft;
		if (l->has_hard)
			cur.rlim_max = l->hard;
		if (cur.rlim_cur > cur.rlim_max)
			cur.rlim_cur = cur.rlim_max;
		if (setrlimit(l->resource, &cur) < 0)
			return vsm_error_sys(err, errno, "setrlimit(%d)", l->resource);
	}
	if (rc->has_nice && setpriority(PRIO_PROCESS, 0, rc->nice) < 0)
		return vsm_error_sys(err, errno, "setpriority(%d)", rc->nice);
	return 0;
}

static int child_uts(const struct run_config *rc, struct vsm_error *err)
{
	if (sethostname(rc->nodename, strlen(rc->nodename)) < 0)
		return vsm_error_sys(err, errno, "sethostname(%s)", rc->nodename);
	if (*rc->domainname && setdomainname(rc->domainname, strlen(rc->domainname)) < 0)
		return vsm_error_sys(err, errno, "setdomainname(%s)", rc->domainname);
	return 0;
}

static int child_console(int slave, struct vsm_error *err)
{
	if (setsid() < 0)
		return vsm_error_sys(err, errno, "setsid");
	if (ioctl(slave, TIOCSCTTY, 0) < 0)
		return vsm_error_sys(err, errno, "TIOCSCTTY on the console");
	for (int fd = 0; fd < 3; fd++)
		if (dup2(slave, fd) < 0)
			return vsm_error_sys(err, errno, "dup2 console to %d", fd);
	return 0;
}

static int child_setup(struct child_ctx *c, struct vsm_error *err)
{
	const struct run_config *rc = c->rc;
	char go;
	if (read(c->sync_rd, &go, 1) != 1)
		return vsm_error_set(err, ECANCELED, "monitor went away during start");
	close(c->sync_rd);
	/* Now in the guest cgroup: it becomes the root of the guest's cgroup namespace. */
	if (unshare(CLONE_NEWCGROUP) < 0)
		return vsm_error_sys(err, errno, "unshare(CLONE_NEWCGROUP)");
	int r = ns_loopback_up(err);
	if (r < 0)
		return r;
	int rootfd = guest_mounts_setup(rc, c->console, err);
	if (rootfd < 0)
		return rootfd;
	if ((r = child_uts(rc, err)) < 0 || (r = mnt_pivot_root(rootfd, err)) < 0)
		return r;
	close(rootfd);
	if ((r = child_limits(rc, err)) < 0 || (r = child_console(c->console_slave, err)) < 0)
		return r;
	umask(022);
	/* Only the error pipe (close-on-exec) survives above stdio (CVE-2024-21626). */
	if (dup2(c->err_wr, 3) < 0)
		return vsm_error_sys(err, errno, "dup2 error pipe");
	c->err_wr = 3;
	fcntl(3, F_SETFD, FD_CLOEXEC);
	fd_close_from(4);
	return guest_security_apply(c->filter, rc->bcaps, err);
}

static void child_report(int fd, const struct vsm_error *err)
{
	size_t n = strlen(err->msg);
	if (write(fd, err->msg, n ? n : 1) < 0) {
		/* nothing left to tell anyone */
	}
}

static __attribute__((noreturn)) void child_main(struct child_ctx *c)
{
	struct vsm_error err = {0};
	/* The guest dies with its monitor: no orphaned guest without a supervisor. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	/* Host fds are open until close_range: nobody may ptrace or read our /proc (B3). */
	prctl(PR_SET_DUMPABLE, 0);
	if (child_setup(c, &err) < 0) {
		child_report(c->err_wr, &err);
		_exit(127);
	}
	char **argv = c->rc->start_argv;
	sig_reset_all(); /* not the monitor's blocked mask and ignored SIGPIPE */
	execve(argv[0], argv, c->rc->env);
	vsm_error_sys(&err, errno, "exec %s in the guest", argv[0]);
	child_report(c->err_wr, &err);
	_exit(127);
}

static int open_console(int *master, int *slave, char *path, size_t len, struct vsm_error *err)
{
	*master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (*master < 0)
		return vsm_error_sys(err, errno, "posix_openpt");
	if (grantpt(*master) < 0 || unlockpt(*master) < 0 || ptsname_r(*master, path, len) != 0) {
		int e = errno;
		close(*master);
		return vsm_error_sys(err, e, "console pty");
	}
	*slave = open(path, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (*slave < 0) {
		int e = errno;
		close(*master);
		return vsm_error_sys(err, e, "open %s", path);
	}
	struct termios t;
	/* No echo and no CR/LF games: the log gets what the guest wrote. */
	if (tcgetattr(*slave, &t) == 0) {
		cfmakeraw(&t);
		t.c_oflag |= OPOST | ONLCR;
		tcsetattr(*slave, TCSANOW, &t);
	}
	return 0;
}

static int wait_child_result(pid_t pid, int err_rd, struct vsm_error *err)
{
	char msg[256];
	ssize_t n;
	do
		n = read(err_rd, msg, sizeof(msg) - 1);
	while (n < 0 && errno == EINTR);
	if (n == 0)
		return 0; /* exec succeeded: the pipe closed on exec */
	msg[n > 0 ? n : 0] = '\0';
	waitpid(pid, NULL, 0);
	return vsm_error_set(err, EIO, "%s", n > 0 ? msg : "guest setup failed");
}

int guest_boot(const struct run_config *rc, struct guest_cgroup *gc, struct guest_boot *b,
	       struct vsm_error *err)
{
	char console[64];
	int master = -1, slave = -1, syncp[2] = { -1, -1 }, errp[2] = { -1, -1 }, r;
	void *filter = NULL;
	memset(b, 0, sizeof(*b));
	b->pidfd = b->console_master = b->console_slave = -1;
	if ((r = open_console(&master, &slave, console, sizeof(console), err)) < 0)
		return r;
	if ((r = guest_seccomp_build(&filter, err)) < 0)
		goto out;
	if (pipe2(syncp, O_CLOEXEC) < 0 || pipe2(errp, O_CLOEXEC) < 0) {
		r = vsm_error_sys(err, errno, "pipe2");
		goto out;
	}
	if (rc->virt_uptime && (r = ns_timens_for_children_reset(err)) < 0)
		goto out;
	int pidfd = -1, cgfd = guest_cgroup_v2_fd(gc);
	pid_t pid = ns_clone(CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNET,
			     cgfd, &pidfd, err);
	if (pid < 0 && cgfd >= 0) {
		/* Kernels before 5.7, or a cgroup that refuses it: attach after the clone instead. */
		close(cgfd);
		cgfd = -1;
		pid = ns_clone(CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNET,
			       -1, &pidfd, err);
	}
	if (pid == 0) {
		close(syncp[1]);
		close(errp[0]);
		close(master);
		struct child_ctx c = { rc, console, slave, syncp[0], errp[1], filter };
		child_main(&c);
	}
	if (pid < 0) {
		r = pid;
		goto out;
	}
	close(syncp[0]);
	close(errp[1]);
	syncp[0] = errp[1] = -1;
	r = cgfd >= 0 ? 0 : guest_cgroup_attach(gc, pid, err);
	if (cgfd >= 0)
		close(cgfd);
	/* The namespace exists and the child waits on syncp: the host side makes its links. */
	if (r == 0)
		r = net_guest_setup(rc->name, pid, err);
	if (r < 0) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		close(pidfd);
		goto out;
	}
	if (write(syncp[1], "g", 1) != 1) {
		r = vsm_error_sys(err, errno, "start the guest child");
		kill(pid, SIGKILL);
	}
	if (r == 0)
		r = wait_child_result(pid, errp[0], err);
	else
		waitpid(pid, NULL, 0);
	if (r < 0) {
		close(pidfd);
		goto out;
	}
	b->init_pid = pid;
	b->pidfd = pidfd;
	b->console_master = master;
	/* The monitor keeps a slave open too: the master then never sees a hangup while the guest
	 * closes and reopens its console. */
	b->console_slave = slave;
	master = -1;
out:
	for (int i = 0; i < 2; i++) {
		if (syncp[i] >= 0)
			close(syncp[i]);
		if (errp[i] >= 0)
			close(errp[i]);
	}
	if (r < 0 && slave >= 0)
		close(slave);
	if (master >= 0)
		close(master);
	seccomp_filter_free(filter);
	return r;
}
