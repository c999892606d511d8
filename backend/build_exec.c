/* Running a host program for a build (busybox --list-full, debootstrap) with its output read
 * line by line. Children die with the builder: PR_SET_PDEATHSIG, their own process group, and
 * for installers a PID namespace of their own whose init (ours) takes every descendant with it,
 * in a private mount namespace so their mounts (proc, sys in the target) vanish with them. */
#include "backend/build_exec.h"

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

static const char child_path[] = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/* Die with our parent; if it is already gone, die now. */
static void die_with_parent(pid_t parent)
{
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (parent > 0 && getppid() != parent)
		_exit(127);
}

static void __attribute__((noreturn)) child_exec(const struct build_cmd *cmd)
{
	if (cmd->env)
		for (char *const *e = cmd->env; *e; e++)
			putenv(*e);
	putenv((char *)child_path);
	putenv("LC_ALL=C");
	execvp(cmd->argv[0], cmd->argv);
	fprintf(stderr, "E: exec %s: %s\n", cmd->argv[0], strerror(errno));
	_exit(127);
}

/* PID 1 of the isolated namespace: run the command, reap orphans meanwhile, and exit with its
 * status as soon as it ends; our exit kills whatever it left running (a daemon a maintainer
 * script started would otherwise keep the output pipe, and the build, open). */
static void __attribute__((noreturn)) ns_init(const struct build_cmd *cmd)
{
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	pid_t pid = fork();
	if (pid < 0)
		_exit(127);
	if (pid == 0)
		child_exec(cmd);
	int st = 0;
	for (;;) {
		int s;
		pid_t w = waitpid(-1, &s, 0);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			break;
		if (w == pid) {
			st = s;
			break;
		}
	}
	_exit(WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
}

static void __attribute__((noreturn)) child_run(const struct build_cmd *cmd, pid_t parent, int out)
{
	die_with_parent(parent);
	setpgid(0, 0);
	int null = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (null >= 0)
		dup2(null, 0);
	dup2(out, 1);
	dup2(out, 2);
	if (!cmd->isolate)
		child_exec(cmd);
	if (unshare(CLONE_NEWNS | CLONE_NEWPID) < 0) {
		fprintf(stderr, "E: unshare mount and pid namespaces: %s\n", strerror(errno));
		_exit(127);
	}
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0) {
		fprintf(stderr, "E: make mounts private: %s\n", strerror(errno));
		_exit(127);
	}
	pid_t init = fork();
	if (init < 0)
		_exit(127);
	if (init == 0)
		ns_init(cmd);
	int st;
	while (waitpid(init, &st, 0) < 0)
		if (errno != EINTR)
			_exit(127);
	_exit(WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
}

/* Hand complete lines to the callback; keep the last "E:" (or last) line for the error. */
static void lines_feed(const struct build_cmd *cmd, char *buf, size_t *used, char *last,
		       size_t lastlen, bool flush)
{
	char *start = buf, *nl;
	while ((nl = memchr(start, '\n', (size_t)(buf + *used - start))) ||
	       (flush && start < buf + *used)) {
		if (!nl)
			nl = buf + *used;
		*nl = '\0';
		if (*start) {
			if (cmd->line)
				cmd->line(cmd->user, start);
			if (!last[0] || strncmp(last, "E:", 2) != 0 || strncmp(start, "E:", 2) == 0)
				snprintf(last, lastlen, "%s", start);
		}
		start = nl + 1;
		if (start > buf + *used)
			start = buf + *used;
	}
	*used -= (size_t)(start - buf);
	memmove(buf, start, *used);
}

int build_exec(const struct build_cmd *cmd, struct vsm_error *err)
{
	int p[2];
	if (pipe2(p, O_CLOEXEC) < 0)
		return vsm_error_sys(err, errno, "pipe");
	pid_t parent = getpid();
	pid_t pid = fork();
	if (pid < 0) {
		int e = errno;
		close(p[0]);
		close(p[1]);
		return vsm_error_sys(err, e, "fork for %s", cmd->argv[0]);
	}
	if (pid == 0) {
		close(p[0]);
		child_run(cmd, parent, p[1]);
	}
	close(p[1]);
	char buf[8192], last[256] = "";
	size_t used = 0;
	for (;;) {
		ssize_t n = read(p[0], buf + used, sizeof(buf) - 1 - used);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		used += (size_t)n;
		lines_feed(cmd, buf, &used, last, sizeof(last), used == sizeof(buf) - 1);
	}
	lines_feed(cmd, buf, &used, last, sizeof(last), true);
	close(p[0]);
	int st;
	while (waitpid(pid, &st, 0) < 0) {
		if (errno != EINTR)
			return vsm_error_sys(err, errno, "wait for %s", cmd->argv[0]);
	}
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
		return 0;
	if (WIFEXITED(st))
		return vsm_error_set(err, EIO, "%s exited with status %d%s%s", cmd->argv[0],
				     WEXITSTATUS(st), last[0] ? ": " : "", last);
	return vsm_error_set(err, EINTR, "%s killed by signal %d", cmd->argv[0], WTERMSIG(st));
}
