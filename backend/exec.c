/* Entering a guest (security.md rule 5): non-dumpable before the first setns, cgroup joined from
 * the host side, all namespaces joined at once through a pidfd (no pid reuse race), fds above 2
 * closed and the cwd checked before guest code runs. */
#include "backend/exec.h"
#include "backend/guest_security.h"
#include "backend/runrecord.h"
#include "kernel/fd.h"
#include "kernel/ns.h"
#include "kernel/seccomp.h"

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <grp.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

#define EXEC_PATH "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

/* PATH, HOME, the caller's TERM, then apps/init/environment; nothing else from the host. *TERM_STR
 * is the one allocated string (free it with the array). */
static char **exec_environment(const struct run_config *rc, char **term_str)
{
	size_t n = 0;
	while (rc->env_from_file && rc->env && rc->env[n])
		n++;
	char **env = calloc(n + 4, sizeof(char *));
	if (!env)
		return NULL;
	size_t k = 0;
	env[k++] = EXEC_PATH;
	env[k++] = "HOME=/root";
	const char *term = getenv("TERM");
	*term_str = NULL;
	if (term && asprintf(term_str, "TERM=%s", term) > 0)
		env[k++] = *term_str;
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

static __attribute__((noreturn)) void exec_child(const struct run_config *rc, void *filter,
						 char *const argv[], char **env, long uid)
{
	struct vsm_error err = {0};
	char cwd[64];
	/* The new mount namespace put us at its root; make sure the cwd really is the guest's
	 * root and not somewhere a host fd could have led (CVE-2024-21626). */
	if (chdir("/") < 0 || !getcwd(cwd, sizeof(cwd)) || strcmp(cwd, "/") != 0) {
		fprintf(stderr, "vserver: exec: the working directory is not inside the guest\n");
		_exit(126);
	}
	fd_close_from(3);
	/* A session of its own: the caller's terminal, if stdin is one, stops being the command's
	 * controlling tty, so a guest binary cannot push input into the host shell with TIOCSTI
	 * (B21; that needs the controlling tty or CAP_SYS_ADMIN). */
	setsid();
	if (guest_security_apply(filter, rc->bcaps, &err) < 0) {
		fprintf(stderr, "vserver: exec: %s\n", err.msg);
		_exit(126);
	}
	/* vcontext --uid: unlike util-vserver (setuid only), groups go too. */
	if (uid >= 0 && (setgroups(0, NULL) < 0 || setresgid((gid_t)uid, (gid_t)uid, (gid_t)uid) < 0 ||
			 setresuid((uid_t)uid, (uid_t)uid, (uid_t)uid) < 0)) {
		fprintf(stderr, "vserver: exec: uid %ld: %s\n", uid, strerror(errno));
		_exit(126);
	}
	execvpe(argv[0], argv, env);
	fprintf(stderr, "vserver: exec: %s: %s\n", argv[0], strerror(errno));
	_exit(errno == ENOENT ? 127 : 126);
}

int guest_exec_run(const struct run_config *rc, struct guest_cgroup *gc, int init_pidfd,
		   char *const argv[], int *status, struct vsm_error *err)
{
	return guest_exec_run_as(rc, gc, init_pidfd, argv, -1, status, err);
}

int guest_exec_run_as(const struct run_config *rc, struct guest_cgroup *gc, int init_pidfd,
		      char *const argv[], long uid, int *status, struct vsm_error *err)
{
	void *filter = NULL;
	char *term_str = NULL;
	char **env = exec_environment(rc, &term_str);
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
		exec_child(rc, filter, argv, env, uid);
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
	free(term_str);
	free(env);
	return r;
}

/* The joining happens in a child, so `vserver` itself stays in the host's namespaces and cgroup
 * (and exits through the normal path there). The child reports a setup error on a pipe. */
static int exec_via_child(const struct run_config *rc, struct guest_cgroup *gc, int pidfd,
			  char *const argv[], int *status, struct vsm_error *err)
{
	int ep[2];
	if (pipe2(ep, O_CLOEXEC) < 0)
		return vsm_error_sys(err, errno, "pipe2");
	pid_t pid = fork();
	if (pid < 0) {
		close(ep[0]);
		close(ep[1]);
		return vsm_error_sys(err, errno, "fork");
	}
	if (pid == 0) {
		close(ep[0]);
		struct vsm_error e = {0};
		int st = 1;
		if (guest_exec_run(rc, gc, pidfd, argv, &st, &e) < 0) {
			if (write(ep[1], e.msg, strlen(e.msg)) < 0)
				st = 1;
			_exit(1);
		}
		_exit(st);
	}
	close(ep[1]);
	forward_signals_to(pid);
	char msg[256];
	ssize_t n = read(ep[0], msg, sizeof(msg) - 1);
	close(ep[0]);
	int st, r = 0;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return vsm_error_sys(err, errno, "waitpid");
	if (n > 0) {
		msg[n] = '\0';
		r = vsm_error_set(err, EIO, "%s", msg);
	}
	*status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	return r;
}

int guest_exec(const char *name, char *const argv[], int *status, struct vsm_error *err)
{
	struct run_record rec;
	int r = runrecord_read(name, &rec, NULL);
	if (r < 0 || !runrecord_monitor_alive(&rec) || !runrecord_init_alive(&rec))
		return vsm_error_set(err, ESRCH, "%s: not running", name);
	int pidfd = ns_pidfd_open(rec.init_pid, err);
	if (pidfd < 0)
		return pidfd;
	/* The pidfd pins the process: checking the start time again closes the reuse window. */
	if (proc_start_time(rec.init_pid) != rec.init_start) {
		close(pidfd);
		return vsm_error_set(err, ESRCH, "%s: not running", name);
	}
	struct run_config rc;
	r = run_config_load(name, NULL, &rc, NULL, NULL, err);
	if (r < 0) {
		close(pidfd);
		return r;
	}
	struct guest_cgroup *gc = guest_cgroup_open(name, NULL);
	r = exec_via_child(&rc, gc, pidfd, argv, status, err);
	guest_cgroup_close(gc);
	run_config_free(&rc);
	close(pidfd);
	return r;
}
