/* The wizard's build screen: guest_build runs in a child whose progress callback writes one line
 * per report into a pipe; the form shows a progress scale, the stage and a tail of the log.
 * Cancel kills the child; the build's guardian removes everything it made (build_guard.c), and
 * the per-guest lock tells when it has finished. */
#include <errno.h>
#include <fcntl.h>
#include <newt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "backend/config.h"
#include "backend/lock.h"
#include "tui/newt_session.h"
#include "tui/wizard.h"

#define LOG_LINES 400

struct build_view {
	newtComponent form, stage, scale, log, cancel;
	char *lines[LOG_LINES];
	size_t nlines;
	int tail;		/* lines the log box shows */
	char partial[1024];
	size_t plen;
	char error[300];
	int percent;
};

/* Child side: one report per line. 0x01 marks progress, 0x02 the final error; anything else is
 * raw output of a tool the build ran. */
static void progress_to_pipe(const struct build_progress *p, void *user)
{
	char line[1200];
	int n = snprintf(line, sizeof(line), "\001%s\t%d\t%s\n", p->stage, p->percent,
			 p->message ? p->message : "");
	if (n > 0 && write(STDOUT_FILENO, line, (size_t)n < sizeof(line) ? (size_t)n :
			   sizeof(line) - 1) < 0)
		return;
}

static void __attribute__((noreturn)) build_child(struct wizard *w, int wfd)
{
	int null = open("/dev/null", O_RDONLY | O_CLOEXEC);
	dup2(null, STDIN_FILENO);
	dup2(wfd, STDOUT_FILENO);
	dup2(wfd, STDERR_FILENO);
	signal(SIGTERM, SIG_DFL);
	signal(SIGINT, SIG_DFL);
	signal(SIGWINCH, SIG_DFL);
	w->opts.progress = progress_to_pipe;
	struct vsm_error err = { 0 };
	if (guest_build(&w->opts, &err) < 0) {
		dprintf(STDOUT_FILENO, "\002%s\n", err.msg);
		_exit(1);
	}
	_exit(0);
}

static void view_add_line(struct build_view *v, const char *s)
{
	if (v->nlines == LOG_LINES) {
		free(v->lines[0]);
		memmove(v->lines, v->lines + 1, (LOG_LINES - 1) * sizeof(char *));
		v->nlines--;
	}
	v->lines[v->nlines++] = strdup(s);
}

static void view_show_tail(struct build_view *v, newtComponent box, int n)
{
	char text[8192] = "";
	size_t from = v->nlines > (size_t)n ? v->nlines - (size_t)n : 0, u = 0;
	for (size_t i = from; i < v->nlines && u < sizeof(text) - 200; i++)
		u += (size_t)snprintf(text + u, sizeof(text) - u, "%.150s\n",
				      v->lines[i] ? v->lines[i] : "");
	newtTextboxSetText(box, text);
}

static void view_line(struct build_view *v, char *line)
{
	if (line[0] == '\001') {
		char *stage = line + 1, *tab = strchr(stage, '\t'), *msg = "";
		if (!tab)
			return;
		*tab = '\0';
		int pct = atoi(tab + 1);
		char *tab2 = strchr(tab + 1, '\t');
		if (tab2)
			msg = tab2 + 1;
		if (pct >= 0) {
			v->percent = pct;
			newtScaleSet(v->scale, (unsigned long long)pct);
		}
		char st[120];
		snprintf(st, sizeof(st), "Stage: %-12.12s %3d%%", stage, v->percent);
		newtLabelSetText(v->stage, st);
		char l[1100];
		snprintf(l, sizeof(l), "[%s] %s", stage, msg);
		view_add_line(v, l);
	} else if (line[0] == '\002') {
		snprintf(v->error, sizeof(v->error), "%s", line + 1);
		view_add_line(v, line + 1);
	} else {
		view_add_line(v, line);
	}
}

/* Read what the child wrote; false at end of file. */
static bool view_read(struct build_view *v, int fd)
{
	char buf[4096];
	ssize_t n = read(fd, buf, sizeof(buf));
	if (n < 0)
		return errno == EINTR || errno == EAGAIN;
	if (n == 0)
		return false;
	for (ssize_t i = 0; i < n; i++) {
		if (buf[i] == '\n' || v->plen == sizeof(v->partial) - 1) {
			v->partial[v->plen] = '\0';
			view_line(v, v->partial);
			v->plen = 0;
		} else if (buf[i] != '\r') {
			v->partial[v->plen++] = buf[i];
		}
	}
	view_show_tail(v, v->log, v->tail);
	return true;
}

/* After a failure or a cancel: the error and the whole log stay until the user is done. */
static void view_show_result(struct build_view *v, const char *title, const char *head)
{
	int w, h;
	newt_session_fit(76, 20, &w, &h);
	newtCenteredWindow(w, h, title);
	newtComponent form = newtForm(NULL, NULL, 0);
	newtComponent msg = newtTextbox(1, 0, w - 3, 3, NEWT_FLAG_WRAP);
	newtTextboxSetText(msg, head);
	newtComponent log = newtTextbox(1, 3, w - 3, h - 5, NEWT_FLAG_SCROLL);
	view_show_tail(v, log, LOG_LINES);
	newtComponent ok = newtCompactButton(w / 2 - 3, h - 1, "OK");
	newtFormAddComponents(form, msg, log, ok, NULL);
	newtFormSetCurrent(form, ok);
	newtRunForm(form);
	newtFormDestroy(form);
	newtPopWindow();
}

static void view_free(struct build_view *v)
{
	for (size_t i = 0; i < v->nlines; i++)
		free(v->lines[i]);
}

int wizard_build_run(struct wizard *w)
{
	static struct build_view v;
	memset(&v, 0, sizeof(v));
	int pfd[2];
	if (pipe2(pfd, O_CLOEXEC) < 0) {
		newtWinMessage("New guest", "OK", "pipe: %s", strerror(errno));
		return -1;
	}
	pid_t pid = fork();
	if (pid == 0) {
		close(pfd[0]);
		build_child(w, pfd[1]);
	}
	close(pfd[1]);
	if (pid < 0) {
		close(pfd[0]);
		newtWinMessage("New guest", "OK", "fork: %s", strerror(errno));
		return -1;
	}
	int ww, wh;
	newt_session_fit(76, 19, &ww, &wh);
	char title[96];
	snprintf(title, sizeof(title), "New guest: building %s", w->name);
	newtCenteredWindow(ww, wh, title);
	v.form = newtForm(NULL, NULL, 0);
	v.stage = newtLabel(1, 0, "Stage: starting                         ");
	v.scale = newtScale(1, 1, ww - 2, 100);
	v.tail = wh - 5;
	v.log = newtTextbox(1, 3, ww - 2, v.tail, 0);
	v.cancel = newtCompactButton(ww / 2 - 5, wh - 1, "Cancel");
	newtFormAddComponents(v.form, v.stage, v.scale, v.log, v.cancel, NULL);
	newtFormWatchFd(v.form, pfd[0], NEWT_FD_READ);
	newtFormSetTimer(v.form, 500);
	bool cancelled = false, eof = false;
	while (!eof) {
		struct newtExitStruct es;
		newtFormRun(v.form, &es);
		if (es.reason == NEWT_EXIT_FDREADY) {
			eof = !view_read(&v, pfd[0]);
		} else if (es.reason == NEWT_EXIT_COMPONENT && es.u.co == v.cancel) {
			if (newtWinChoice("New guest", "Stop the build", "Go on",
					  "Stop the build of %s? Everything it made is removed.",
					  w->name) != 1)
				continue;
			cancelled = true;
			newtLabelSetText(v.stage, "Stopping the build, removing what it made ...");
			newtRefresh();
			kill(pid, SIGTERM);
			while (view_read(&v, pfd[0]))
				;
			eof = true;
		}
	}
	close(pfd[0]);
	int st = 0;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	/* The build's guardian holds the guest's lock until its clean-up is done. */
	struct vsm_error err = { 0 };
	int lock = guest_lock(w->name, true, &err);
	if (lock >= 0)
		guest_unlock(lock);
	newtFormDestroy(v.form);
	newtPopWindow();
	int r;
	if (cancelled) {
		char head[300];
		snprintf(head, sizeof(head), "The build of %s was cancelled. %s", w->name,
			 guest_exists(w->name) ? "Its config directory is still there!" :
						 "Nothing of it was left behind.");
		view_show_result(&v, "New guest: cancelled", head);
		r = 1;
	} else if (WIFEXITED(st) && WEXITSTATUS(st) == 0) {
		char msg[300] = "";
		if (wizard_apply_settings(w, msg, sizeof(msg)) < 0) {
			char head[400];
			snprintf(head, sizeof(head), "%s was built, but its settings could not be "
				 "written: %s", w->name, msg);
			view_show_result(&v, "New guest: settings failed", head);
		} else {
			newtWinMessage("New guest", "OK", "Guest %s was built.", w->name);
		}
		snprintf(w->built_name, sizeof(w->built_name), "%s", w->name);
		r = 0;
	} else {
		char head[400];
		snprintf(head, sizeof(head), "The build of %s failed: %s", w->name,
			 v.error[0] ? v.error : "the builder ended without a reason");
		view_show_result(&v, "New guest: build failed", head);
		r = -1;
	}
	view_free(&v);
	return r;
}
