/* Lifecycle and signal actions behind the console's keys. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

#include "backend/proc_signal.h"
#include "backend/start.h"
#include "backend/stop.h"
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

/* The child's side: call the backend (which waits until the guest's init runs, or until it has
 * stopped) and write one line for the status line into FD. */
static int action_child(enum console_action act, const char *guest, int fd)
{
	struct vsm_error err = { 0 };
	bool was_running = true;
	int r = 0;
	if (act == ACT_STOP || act == ACT_RESTART) {
		r = guest_stop(guest, &was_running, &err);
		if (r < 0) {
			dprintf(fd, "stop %s: %s\n", guest, err.msg[0] ? err.msg : strerror(-r));
			return 1;
		}
	}
	if (act == ACT_START || act == ACT_RESTART) {
		struct start_opts opts = { 0 };
		r = guest_start(guest, &opts, &err);
		if (r == -EALREADY) {
			dprintf(fd, "%s is already running\n", guest);
			return 0;
		}
		if (r < 0) {
			dprintf(fd, "start %s: %s\n", guest, err.msg[0] ? err.msg : strerror(-r));
			return 1;
		}
	}
	if (act == ACT_STOP)
		dprintf(fd, was_running ? "%s stopped\n" : "%s was not running\n", guest);
	else
		dprintf(fd, act == ACT_START ? "%s started\n" : "%s restarted\n", guest);
	return 0;
}

/* Start and stop wait for the guest (seconds, for a slow init or a kill sequence), so they run in
 * a child: the screen keeps refreshing and keys keep working meanwhile, and nothing below can
 * write to the terminal (the child's stdio is /dev/null; its result comes back through a pipe). */
static int action_spawn(struct console *c)
{
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
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		signal(SIGHUP, SIG_DFL);
		int nul = open("/dev/null", O_RDWR);
		if (nul >= 0) {
			dup2(nul, 0);
			dup2(nul, 1);
			dup2(nul, 2);
		}
		_exit(action_child(c->job.act, c->job.guest, p[1]));
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
	int r = action_spawn(c);
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
	int sent = 0, failed = 0;
	struct vsm_error err = { 0 }, first = { 0 };
	for (size_t i = 0; i < c->snap->nprocs; i++) {
		if ((long)c->snap->procs[i].guest != g)
			continue;
		int r = proc_signal(c->snap->procs[i].pid, c->pending_guest, sig, &err);
		if (r == 0) {
			sent++;
		} else if (r != -ESRCH) {
			if (!failed++)
				first = err;
		}
	}
	if (failed)
		console_set_status(c, true, "SIG%s to %s: %d sent, %d failed: %s",
				   action_signal_names[c->pending_signal], c->pending_guest, sent, failed,
				   first.msg);
	else
		console_set_status(c, false, "SIG%s sent to %d process%s of %s",
				   action_signal_names[c->pending_signal], sent, sent == 1 ? "" : "es",
				   c->pending_guest);
}

static void action_signal_proc(struct console *c)
{
	int sig = action_signal_numbers[c->pending_signal];
	struct vsm_error err = { 0 };
	/* The pid is checked and signalled through a pidfd, so a pid reused since the scan is
	 * never hit. */
	if (proc_signal(c->pending_pid, NULL, sig, &err) < 0)
		console_set_status(c, true, "SIG%s to %d (%s): %s", action_signal_names[c->pending_signal],
				   (int)c->pending_pid, c->pending_guest, err.msg);
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
	if (ok)
		console_set_status(c, false, "%s", *line ? line : "done");
	else if (r > 0 && WIFSIGNALED(st))
		console_set_status(c, true, "%s %s: killed by signal %d", action_verb(c->job.act),
				   c->job.guest, WTERMSIG(st));
	else
		console_set_status(c, true, "%s", *line ? line : "failed");
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
