/* Lifecycle and signal actions behind the console's keys. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

#include "backend/paths.h"
#include "tui/console.h"

const char *const action_signal_names[] = {
	"TERM", "KILL", "HUP", "INT", "QUIT", "USR1", "USR2", "STOP", "CONT",
};
const int action_signal_numbers[] = {
	SIGTERM, SIGKILL, SIGHUP, SIGINT, SIGQUIT, SIGUSR1, SIGUSR2, SIGSTOP, SIGCONT,
};
const int action_signal_count = sizeof(action_signal_numbers) / sizeof(action_signal_numbers[0]);

static const char *action_verb(enum console_action a)
{
	return a == ACT_START ? "start" : a == ACT_STOP ? "stop" : "restart";
}

bool action_busy(const struct console *c)
{
	return c->job.pid > 0;
}

/* Run `vserver GUEST VERB` with stdin on /dev/null and stdout+stderr into a pipe. */
static int action_spawn(struct console *c, const char *verb)
{
	char prog[4096];
	struct vsm_error err = { 0 };
	if (vsm_path_helper("vserver", prog, sizeof(prog)) < 0)
		return vsm_error_set(&err, ENOENT, "vserver program not found");
	int p[2];
	if (pipe2(p, O_CLOEXEC) < 0)
		return -errno;
	pid_t pid = fork();
	if (pid < 0) {
		int e = errno;
		close(p[0]);
		close(p[1]);
		return -e;
	}
	if (pid == 0) {
		/* Its own process group: a Ctrl-C meant for the console does not hit it. */
		setpgid(0, 0);
		int nul = open("/dev/null", O_RDONLY);
		if (nul >= 0)
			dup2(nul, 0);
		dup2(p[1], 1);
		dup2(p[1], 2);
		execl(prog, "vserver", c->job.guest, verb, (char *)NULL);
		dprintf(2, "cannot run %s: %s\n", prog, strerror(errno));
		_exit(127);
	}
	close(p[1]);
	fcntl(p[0], F_SETFL, O_NONBLOCK);
	c->job.pid = pid;
	c->job.fd = p[0];
	c->job.outlen = 0;
	c->job.out[0] = '\0';
	return 0;
}

static void action_lifecycle(struct console *c)
{
	if (action_busy(c)) {
		console_set_status(c, true, "Busy: %s %s is still running", action_verb(c->job.act),
				   c->job.guest);
		return;
	}
	c->job.act = c->pending;
	snprintf(c->job.guest, sizeof(c->job.guest), "%s", c->pending_guest);
	/* A restart is a stop, then a start once the stop has finished (see action_poll). */
	int r = action_spawn(c, c->pending == ACT_START ? "start" : "stop");
	if (r < 0)
		console_set_status(c, true, "%s %s: %s", action_verb(c->job.act), c->job.guest,
				   strerror(-r));
	else
		console_set_status(c, false, "%s %s ...", c->pending == ACT_START ? "Starting" :
				   c->pending == ACT_STOP ? "Stopping" : "Restarting", c->job.guest);
}

static void action_signal_guest(struct console *c)
{
	int sig = action_signal_numbers[c->pending_signal];
	long g = c->snap ? snapshot_guest_by_name(c->snap, c->pending_guest) : -1;
	if (g <= 0) {
		console_set_status(c, true, "%s: no such guest any more", c->pending_guest);
		return;
	}
	int sent = 0, failed = 0, first_err = 0;
	for (size_t i = 0; i < c->snap->nprocs; i++) {
		if ((long)c->snap->procs[i].guest != g)
			continue;
		if (kill(c->snap->procs[i].pid, sig) == 0) {
			sent++;
		} else if (errno != ESRCH) {
			failed++;
			first_err = first_err ? first_err : errno;
		}
	}
	if (failed)
		console_set_status(c, true, "SIG%s to %s: %d sent, %d failed: %s",
				   action_signal_names[c->pending_signal], c->pending_guest, sent, failed,
				   strerror(first_err));
	else
		console_set_status(c, false, "SIG%s sent to %d process%s of %s",
				   action_signal_names[c->pending_signal], sent, sent == 1 ? "" : "es",
				   c->pending_guest);
}

static void action_signal_proc(struct console *c)
{
	int sig = action_signal_numbers[c->pending_signal];
	if (kill(c->pending_pid, sig) < 0)
		console_set_status(c, true, "kill %d (%s) SIG%s: %s", (int)c->pending_pid,
				   c->pending_guest, action_signal_names[c->pending_signal], strerror(errno));
	else
		console_set_status(c, false, "SIG%s sent to %d (%s)",
				   action_signal_names[c->pending_signal], (int)c->pending_pid, c->pending_guest);
}

void action_run(struct console *c)
{
	switch (c->pending) {
	case ACT_START: case ACT_STOP: case ACT_RESTART: action_lifecycle(c); break;
	case ACT_SIGNAL_GUEST: action_signal_guest(c); break;
	case ACT_SIGNAL_PROC: action_signal_proc(c); break;
	case ACT_NONE: break;
	}
	c->pending = ACT_NONE;
}

/* Keep the tail of the child's output: its last line is what the status line shows. */
static void action_drain(struct console *c)
{
	char buf[512];
	ssize_t n;
	while ((n = read(c->job.fd, buf, sizeof(buf))) > 0) {
		size_t keep = sizeof(c->job.out) - 1;
		if ((size_t)n >= keep) {
			memcpy(c->job.out, buf + n - keep, keep);
			c->job.outlen = keep;
		} else {
			if (c->job.outlen + (size_t)n > keep) {
				size_t drop = c->job.outlen + (size_t)n - keep;
				memmove(c->job.out, c->job.out + drop, c->job.outlen - drop);
				c->job.outlen -= drop;
			}
			memcpy(c->job.out + c->job.outlen, buf, (size_t)n);
			c->job.outlen += (size_t)n;
		}
		c->job.out[c->job.outlen] = '\0';
	}
}

static const char *action_last_line(char *s)
{
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r'))
		s[--n] = '\0';
	char *nl = strrchr(s, '\n');
	const char *line = nl ? nl + 1 : s;
	/* Keep control characters off the screen. */
	for (char *p = (char *)line; *p; p++)
		if ((unsigned char)*p < 32)
			*p = ' ';
	return line;
}

bool action_poll(struct console *c)
{
	if (!action_busy(c))
		return false;
	action_drain(c);
	int st;
	pid_t r = waitpid(c->job.pid, &st, WNOHANG);
	if (r == 0 || (r < 0 && errno == EINTR))
		return false;
	action_drain(c);
	close(c->job.fd);
	c->job.pid = 0;
	bool ok = r > 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0;
	const char *line = action_last_line(c->job.out);
	if (ok && c->job.act == ACT_RESTART) {
		/* The stop half is done; now the start, reported as one. */
		c->job.act = ACT_START;
		int e = action_spawn(c, "start");
		if (e < 0)
			console_set_status(c, true, "restart %s: %s", c->job.guest, strerror(-e));
		return true;
	}
	if (ok)
		console_set_status(c, false, "%s: %s done%s%s", c->job.guest, action_verb(c->job.act),
				   *line ? ": " : "", line);
	else if (r > 0 && WIFSIGNALED(st))
		console_set_status(c, true, "%s %s: killed by signal %d", action_verb(c->job.act),
				   c->job.guest, WTERMSIG(st));
	else
		console_set_status(c, true, "%s %s failed (exit %d)%s%s", action_verb(c->job.act),
				   c->job.guest, r > 0 ? WEXITSTATUS(st) : -1, *line ? ": " : "", line);
	return true;
}

void action_cleanup(struct console *c)
{
	if (!action_busy(c))
		return;
	/* A start or stop in progress is left to finish: killing it half-way would leave the
	 * guest in between. Only stop listening to it. */
	close(c->job.fd);
	c->job.pid = 0;
}
