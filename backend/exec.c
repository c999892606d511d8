/* Entering a guest (security.md rule 5): non-dumpable before the first setns, cgroup joined from
 * the host side, all namespaces joined at once through a pidfd (no pid reuse race), fds above 2
 * closed and the cwd checked before guest code runs; for `enter`, a pty of the guest's own devpts
 * whose master goes back to the host over a socketpair, so no guest process ever holds a host
 * terminal (B21). */
#include "backend/exec.h"
#include "backend/exec_pty.h"
#include "backend/guest_security.h"
#include "backend/runrecord.h"
#include "kernel/fd.h"
#include "kernel/ns.h"
#include "kernel/seccomp.h"
#include "kernel/signals.h"

#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

#define EXEC_PATH "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
#define EXEC_OWNED 4

/* PATH, HOME, the caller's TERM (USER and LOGNAME for another user), then apps/init/environment;
 * nothing else from the host. OWNED[] receives the allocated strings (free them with the array). */
static char **exec_environment(const struct run_config *rc, const struct guest_exec_opts *o,
			       char *owned[EXEC_OWNED])
{
	size_t n = 0;
	while (rc->env_from_file && rc->env && rc->env[n])
		n++;
	char **env = calloc(n + 6, sizeof(char *));
	if (!env)
		return NULL;
	size_t k = 0, m = 0;
	memset(owned, 0, EXEC_OWNED * sizeof(char *));
	env[k++] = EXEC_PATH;
	if (o->home[0] && asprintf(&owned[m], "HOME=%s", o->home) > 0)
		env[k++] = owned[m++];
	else
		env[k++] = "HOME=/root";
	const char *term = getenv("TERM");
	if (term && asprintf(&owned[m], "TERM=%s", term) > 0)
		env[k++] = owned[m++];
	if (o->user[0] && asprintf(&owned[m], "USER=%s", o->user) > 0)
		env[k++] = owned[m++];
	if (o->user[0] && asprintf(&owned[m], "LOGNAME=%s", o->user) > 0)
		env[k++] = owned[m++];
	for (size_t i = 0; i < n; i++) {
		/* A configured variable replaces a default of the same name. */
		size_t klen = strcspn(rc->env[i], "=") + 1;
		size_t j = 0;
		while (j < k && strncmp(env[j], rc->env[i], klen) != 0)
			j++;
		env[j] = rc->env[i];
		if (j == k)
			k++;
	}
	env[k] = NULL;
	return env;
}

static void free_environment(char **env, char *owned[EXEC_OWNED])
{
	for (int i = 0; i < EXEC_OWNED; i++)
		free(owned[i]);
	free(env);
}

static volatile pid_t forward_pid;

static void forward_signal(int sig)
{
	if (forward_pid > 0)
		kill(forward_pid, sig);
}

/* The command runs in its own session, so the terminal's ^C reaches only us: pass it on (and the
 * usual termination signals) instead of dying and leaving the command behind. */
static void forward_signals_to(pid_t pid)
{
	static const int sigs[] = { SIGINT, SIGQUIT, SIGTERM, SIGHUP };
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = forward_signal;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	forward_pid = pid;
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &sa, NULL);
}

/* A setup failure of the command's process: on the error pipe when there is one, else on stderr
 * (exec without a session: the caller's stderr). */
static __attribute__((noreturn, format(printf, 2, 3))) void child_fail(int errfd, const char *fmt,
									...)
{
	char msg[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (errfd >= 0) {
		if (write(errfd, msg, strlen(msg)) < 0)
			_exit(126);
	} else {
		fprintf(stderr, "vserver: exec: %s\n", msg);
	}
	_exit(126);
}

/* Keep ERRFD as 3 and SOCKFD as 4 (when >= 0), close everything else above 2. */
static void child_close_fds(int *errfd, int *sockfd)
{
	int e = *errfd >= 0 ? fcntl(*errfd, F_DUPFD_CLOEXEC, 10) : -1;
	int s = *sockfd >= 0 ? fcntl(*sockfd, F_DUPFD_CLOEXEC, 10) : -1;
	*errfd = (e >= 0 && dup3(e, 3, O_CLOEXEC) == 3) ? 3 : -1;
	*sockfd = (s >= 0 && dup3(s, 4, O_CLOEXEC) == 4) ? 4 : -1;
	fd_close_from(*sockfd >= 0 ? 5 : *errfd >= 0 ? 4 : 3);
}

/* The command's stdio: the guest pty (master sent to the host, then wait for its go-ahead), or a
 * session of its own on the caller's stdio. Either way the command never has a host terminal as
 * its controlling tty, so TIOCSTI cannot reach the host shell (B21; TIOCSTI needs the controlling
 * tty or CAP_SYS_ADMIN). */
static void child_setup_stdio(bool pty, int errfd, int sockfd)
{
	if (!pty) {
		setsid();
		return;
	}
	struct vsm_error e = {0};
	int slave = exec_pty_open_send(sockfd, &e);
	if (slave < 0)
		child_fail(errfd, "%s", e.msg);
	char go;
	if (read(sockfd, &go, 1) != 1)
		_exit(126); /* the host side went away: nobody to run the command for */
	close(sockfd);
	if (setsid() < 0 || ioctl(slave, TIOCSCTTY, 0) < 0)
		child_fail(errfd, "the guest pty as controlling terminal: %s", strerror(errno));
	for (int i = 0; i < 3; i++)
		if (dup2(slave, i) < 0)
			child_fail(errfd, "dup2 of the guest pty: %s", strerror(errno));
	if (slave > 2)
		close(slave);
}

static __attribute__((noreturn)) void exec_child(const struct run_config *rc, void *filter,
						 char *const argv[], char **env,
						 const struct guest_exec_opts *o, int errfd,
						 int sockfd)
{
	struct vsm_error err = {0};
	char cwd[PATH_MAX];
	/* The new mount namespace put us at its root; make sure the cwd really is inside the guest
	 * and not somewhere a host fd could have led (CVE-2024-21626): getcwd of a directory
	 * outside our root yields "(unreachable)…" or fails. */
	if ((!o->cd_home || !o->home[0] || chdir(o->home) < 0) && chdir("/") < 0)
		child_fail(errfd, "chdir /: %s", strerror(errno));
	if (!getcwd(cwd, sizeof(cwd)) || cwd[0] != '/')
		child_fail(errfd, "the working directory is not inside the guest");
	child_close_fds(&errfd, &sockfd);
	child_setup_stdio(o->pty, errfd, sockfd);
	if (guest_security_apply(filter, rc->bcaps, &err) < 0)
		child_fail(errfd, "%s", err.msg);
	/* Numeric ids only (resolved from the guest's files on the host side; no NSS here). */
	if (o->has_ids && (setgroups(o->ngroups, o->groups) < 0 ||
			   setresgid(o->gid, o->gid, o->gid) < 0 ||
			   setresuid(o->uid, o->uid, o->uid) < 0))
		child_fail(errfd, "uid %u gid %u: %s", (unsigned)o->uid, (unsigned)o->gid,
			   strerror(errno));
	/* Root's groups: its own group only (the host caller's are no business of the guest). */
	gid_t root_group = 0;
	if (!o->has_ids)
		(void)setgroups(1, &root_group);
	char *const *args = argv;
	char *login_argv[64];
	char login0[NAME_MAX + 2];
	if (o->login) {
		/* A login shell is told so by a '-' before its name. */
		const char *b = strrchr(argv[0], '/');
		snprintf(login0, sizeof(login0), "-%s", b ? b + 1 : argv[0]);
		size_t i = 0;
		login_argv[i++] = login0;
		while (argv[i] && i < 63) {
			login_argv[i] = argv[i];
			i++;
		}
		login_argv[i] = NULL;
		args = login_argv;
	}
	if (errfd >= 0)
		close(errfd);
	sig_reset_all(); /* the monitor (running stop commands) blocks and ignores some */
	execvpe(argv[0], args, env);
	fprintf(stderr, "vserver: exec: %s: %s\n", argv[0], strerror(errno));
	_exit(errno == ENOENT ? 127 : 126);
}

/* The joining process: everything up to the fork into the guest's PID namespace, then wait. */
static int exec_join_run(const struct run_config *rc, struct guest_cgroup *gc, int init_pidfd,
			 char *const argv[], const struct guest_exec_opts *o, int errfd,
			 int sockfd, int *status, struct vsm_error *err)
{
	void *filter = NULL;
	char *owned[EXEC_OWNED];
	char **env = exec_environment(rc, o, owned);
	if (!env)
		return vsm_error_set(err, ENOMEM, "exec environment");
	int r = guest_seccomp_build(&filter, err);
	if (r < 0)
		goto out;
	/* Before the first setns and until exec: the guest must not ptrace us (B3). */
	prctl(PR_SET_DUMPABLE, 0);
	if ((r = guest_cgroup_attach(gc, getpid(), err)) < 0)
		goto out;
	int types = CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNET | CLONE_NEWPID |
		    CLONE_NEWCGROUP | (rc->virt_uptime ? CLONE_NEWTIME : 0);
	if ((r = ns_enter_pidfd(init_pidfd, types, err)) < 0)
		goto out;
	pid_t pid = fork();
	if (pid < 0) {
		r = vsm_error_sys(err, errno, "fork into the guest");
		goto out;
	}
	if (pid == 0)
		exec_child(rc, filter, argv, env, o, errfd, sockfd);
	if (sockfd >= 0)
		close(sockfd); /* only the command's process talks to the host now */
	forward_signals_to(pid);
	int st;
	while (waitpid(pid, &st, 0) < 0) {
		if (errno != EINTR) {
			r = vsm_error_sys(err, errno, "waitpid");
			goto out;
		}
	}
	*status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
out:
	seccomp_filter_free(filter);
	free_environment(env, owned);
	return r;
}

int guest_exec_run(const struct run_config *rc, struct guest_cgroup *gc, int init_pidfd,
		   char *const argv[], int *status, struct vsm_error *err)
{
	return guest_exec_run_as(rc, gc, init_pidfd, argv, -1, status, err);
}

int guest_exec_run_as(const struct run_config *rc, struct guest_cgroup *gc, int init_pidfd,
		      char *const argv[], long uid, int *status, struct vsm_error *err)
{
	/* vcontext --uid: unlike util-vserver (setuid only), the gid and groups go too. */
	struct guest_exec_opts o = { .has_ids = uid >= 0, .uid = (uid_t)uid, .gid = (gid_t)uid };
	return exec_join_run(rc, gc, init_pidfd, argv, &o, -1, -1, status, err);
}

/* The running guest's init as a pidfd, its start time checked again after the open (the pidfd
 * pins the process: that closes the pid reuse window). */
static int open_running_init(const char *name, struct vsm_error *err)
{
	struct run_record rec;
	int r = runrecord_read(name, &rec, NULL);
	if (r < 0 || !runrecord_monitor_alive(&rec) || !runrecord_init_alive(&rec))
		return vsm_error_set(err, ESRCH, "%s: not running", name);
	int pidfd = ns_pidfd_open(rec.init_pid, err);
	if (pidfd < 0)
		return pidfd;
	if (proc_start_time(rec.init_pid) != rec.init_start) {
		close(pidfd);
		return vsm_error_set(err, ESRCH, "%s: not running", name);
	}
	return pidfd;
}

static void session_reset(struct guest_session *s)
{
	s->pid = -1;
	s->pidfd = s->master = s->errfd = s->sockfd = -1;
}

/* The joining child: host stdio replaced by /dev/null in pty mode (the caller's terminal never
 * enters a process that joins the guest), then join and run. */
static __attribute__((noreturn)) void session_child(const struct run_config *rc,
						    struct guest_cgroup *gc, int pidfd,
						    char *const argv[],
						    const struct guest_exec_opts *o, int errfd,
						    int sockfd)
{
	if (o->pty) {
		int nul = open("/dev/null", O_RDWR | O_CLOEXEC);
		for (int i = 0; i < 3; i++)
			if (nul < 0 || dup2(nul, i) < 0)
				_exit(126);
	}
	struct vsm_error e = {0};
	int st = 1;
	if (exec_join_run(rc, gc, pidfd, argv, o, errfd, sockfd, &st, &e) < 0) {
		if (write(errfd, e.msg, strlen(e.msg)) < 0)
			st = 1;
		_exit(126);
	}
	_exit(st > 255 ? 255 : st);
}

int guest_session_open(const char *name, char *const argv[], const struct guest_exec_opts *opts,
		       struct guest_session *s, struct vsm_error *err)
{
	session_reset(s);
	int pidfd = open_running_init(name, err);
	if (pidfd < 0)
		return pidfd;
	struct run_config rc;
	int r = run_config_load(name, NULL, &rc, NULL, NULL, err);
	if (r < 0) {
		close(pidfd);
		return r;
	}
	struct guest_cgroup *gc = guest_cgroup_open(name, NULL);
	int ep[2] = { -1, -1 }, sp[2] = { -1, -1 };
	if (pipe2(ep, O_CLOEXEC) < 0 ||
	    (opts->pty && socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sp) < 0)) {
		r = vsm_error_sys(err, errno, "%s: pipe for the session", name);
		goto out;
	}
	pid_t pid = fork();
	if (pid < 0) {
		r = vsm_error_sys(err, errno, "fork");
		goto out;
	}
	if (pid == 0) {
		close(ep[0]);
		if (sp[0] >= 0)
			close(sp[0]);
		session_child(&rc, gc, pidfd, argv, opts, ep[1], sp[1]);
	}
	s->pid = pid;
	s->errfd = ep[0];
	s->sockfd = sp[0];
	ep[0] = sp[0] = -1;
	s->pidfd = ns_pidfd_open(pid, NULL);
	if (opts->pty) {
		close(sp[1]);
		sp[1] = -1;
		s->master = exec_pty_receive(s->sockfd, err);
		if (s->master < 0) {
			/* The guest side ended first: its own reason is better than ours. */
			int st, e = s->master;
			struct vsm_error we = {0};
			if (guest_session_wait(s, &st, &we) < 0)
				*err = we;
			r = e;
		}
	}
out:
	for (int i = 0; i < 2; i++) {
		if (ep[i] >= 0)
			close(ep[i]);
		if (sp[i] >= 0)
			close(sp[i]);
	}
	guest_cgroup_close(gc);
	run_config_free(&rc);
	close(pidfd);
	return r;
}

int guest_session_go(struct guest_session *s, struct vsm_error *err)
{
	if (s->sockfd < 0)
		return 0;
	int r = write(s->sockfd, "g", 1) == 1 ? 0 : vsm_error_sys(err, errno, "session go-ahead");
	close(s->sockfd);
	s->sockfd = -1;
	return r;
}

int guest_session_wait(struct guest_session *s, int *status, struct vsm_error *err)
{
	int st = 0, r = 0;
	while (s->pid > 0 && waitpid(s->pid, &st, 0) < 0) {
		if (errno != EINTR) {
			r = vsm_error_sys(err, errno, "waitpid");
			break;
		}
	}
	*status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	char msg[256];
	ssize_t n = s->errfd >= 0 ? read(s->errfd, msg, sizeof(msg) - 1) : 0;
	if (r == 0 && n > 0) {
		msg[n] = '\0';
		r = vsm_error_set(err, EIO, "%s", msg);
	}
	if (s->errfd >= 0)
		close(s->errfd);
	if (s->sockfd >= 0)
		close(s->sockfd);
	if (s->master >= 0)
		close(s->master);
	if (s->pidfd >= 0)
		close(s->pidfd);
	session_reset(s);
	return r;
}

int guest_exec(const char *name, char *const argv[], int *status, struct vsm_error *err)
{
	struct guest_exec_opts o = {0};
	return guest_exec_with(name, argv, &o, status, err);
}

int guest_exec_with(const char *name, char *const argv[], const struct guest_exec_opts *opts,
		    int *status, struct vsm_error *err)
{
	struct guest_exec_opts o = *opts;
	o.pty = false;
	struct guest_session s;
	int r = guest_session_open(name, argv, &o, &s, err);
	if (r < 0)
		return r;
	forward_signals_to(s.pid);
	return guest_session_wait(&s, status, err);
}
