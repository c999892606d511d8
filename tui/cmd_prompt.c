/* The console's `:` prompt: a readline line at the bottom (widgets/input_readline.c) while the
 * panes keep updating; the line runs in a child process through the command table, its output
 * streams into a scrollable pane (the pager), and the result lands in the status line. */
#include "tui/cmd.h"
#include "tui/console.h"
#include "backend/cmd_parse.h"
#include "widgets/input_readline.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <readline/readline.h>

#define PROMPT_OUTPUT_MAX (1 << 20)

static struct {
	pid_t pid;		/* 0: no command running */
	int fd;			/* its output */
	char *out;
	size_t len, cap;
	char line[160];		/* what ran, for titles and the status line */
} job;

static void pipe_write(void *ctx, const char *buf, size_t len)
{
	int fd = *(int *)ctx;
	while (len) {
		ssize_t n = write(fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		buf += n;
		len -= (size_t)n;
	}
}

/* The child: run every command of S, output and errors into FD; exit with the first failure. */
static void prompt_child(int fd, struct cmd_script *s)
{
	int null = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (null >= 0)
		dup2(null, 0);
	dup2(fd, 1);
	dup2(fd, 2);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	struct cmd_out out = { .write = pipe_write, .ctx = &fd };
	struct cmd_ctx cx = { .out = &out };
	int first = 0;
	for (size_t i = 0; i < s->n; i++) {
		struct vsm_error err = { 0 };
		int rc = cmd_run(&cx, s->cmds[i].argc, s->cmds[i].argv, &err);
		if (rc == 0)
			continue;
		if (err.msg[0])
			dprintf(fd, "error: %s\n", err.msg);
		first = rc;
		break;
	}
	_exit(first);
}

static void job_show(struct console *c, const char *state)
{
	char title[200];
	snprintf(title, sizeof(title), ":%s%s", job.line, state);
	if (pager_set_text(&c->pager, title, job.out ? job.out : "", job.len) == 0 &&
	    c->mode == MODE_MAIN)
		c->mode = MODE_LOG;
}

static size_t job_lines(void)
{
	size_t n = 0;
	for (size_t i = 0; i < job.len; i++)
		n += job.out[i] == '\n';
	return n + (job.len && job.out[job.len - 1] != '\n');
}

/* `enter` needs the terminal: the console hands it over itself. */
static bool prompt_enter(struct console *c, struct cmd_script *s)
{
	for (size_t i = 0; i < s->n; i++) {
		const struct vsm_command *cmd = cmd_find(s->cmds[i].argv[0]);
		if (!cmd || !cmd->needs_terminal)
			continue;
		if (s->n > 1 || s->cmds[i].argc != 2)
			console_set_status(c, true, "%s: alone on the line, with one guest (usage: %s)",
					   cmd->name, cmd->usage);
		else
			action_run_on_terminal(c, s->cmds[i].argv[1], "enter", NULL, false);
		return true;
	}
	return false;
}

static void prompt_run(struct console *c, const char *line)
{
	struct cmd_script s;
	struct vsm_error err = { 0 };
	if (cmd_parse(line, strlen(line), 1, &s, NULL, &err) < 0) {
		console_set_status(c, true, ":%s", err.msg);
		return;
	}
	if (s.n == 0 || prompt_enter(c, &s)) {
		cmd_script_free(&s);
		return;
	}
	int p[2];
	if (pipe2(p, O_CLOEXEC) < 0) {
		console_set_status(c, true, ": pipe: %s", strerror(errno));
		cmd_script_free(&s);
		return;
	}
	pid_t pid = fork();
	if (pid == 0) {
		close(p[0]);
		prompt_child(p[1], &s);
	}
	close(p[1]);
	cmd_script_free(&s);
	if (pid < 0) {
		close(p[0]);
		console_set_status(c, true, ": fork: %s", strerror(errno));
		return;
	}
	fcntl(p[0], F_SETFL, O_NONBLOCK);
	job.pid = pid;
	job.fd = p[0];
	job.len = 0;
	snprintf(job.line, sizeof(job.line), "%s", line);
	console_set_status(c, false, "Running: %s", job.line);
}

void cmd_prompt_open(struct console *c)
{
	if (c->opt.read_only) {
		console_set_status(c, true, "Read-only: no command prompt");
		return;
	}
	if (job.pid) {
		console_set_status(c, true, "Still running: %s", job.line);
		return;
	}
	rl_readline_name = "vsm";	/* `$if vsm` in ~/.inputrc */
	cmd_complete_install();
	cmd_history_open();
	input_init(&c->input, ":", NULL, &input_ops_readline);
	input_readline_begin(&c->input);
	c->mode = MODE_COMMAND;
}

void cmd_prompt_key(struct console *c, int key)
{
	switch (input_key(&c->input, key)) {
	case INPUT_DONE: {
		char *line = strdup(input_readline_line());
		input_readline_end();
		c->mode = MODE_MAIN;
		if (line) {
			cmd_history_note(line);
			prompt_run(c, line);
		}
		free(line);
		break;
	}
	case INPUT_CANCEL:
		c->mode = MODE_MAIN;
		console_set_status(c, false, "Cancelled");
		break;
	case INPUT_EDITING:
		break;
	}
}

bool cmd_prompt_busy(void)
{
	return job.pid != 0;
}

bool cmd_prompt_poll(struct console *c)
{
	if (!job.pid)
		return false;
	bool changed = false;
	char buf[4096];
	ssize_t n;
	while ((n = read(job.fd, buf, sizeof(buf))) > 0) {
		if (job.len + (size_t)n > PROMPT_OUTPUT_MAX)
			continue;	/* keep the head; the pane is for reading, not for logs */
		if (job.len + (size_t)n > job.cap) {
			size_t cap = (job.len + (size_t)n) * 2;
			char *o = realloc(job.out, cap);
			if (!o)
				continue;
			job.out = o;
			job.cap = cap;
		}
		memcpy(job.out + job.len, buf, (size_t)n);
		job.len += (size_t)n;
		changed = true;
	}
	if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
		/* A one-line answer goes to the status line at the end; more opens the pane now. */
		if (changed && job_lines() > 1)
			job_show(c, " (running)");
		return changed;
	}
	/* End of output: collect the status. */
	close(job.fd);
	int ws = 0;
	while (waitpid(job.pid, &ws, 0) < 0 && errno == EINTR)
		;
	job.pid = 0;
	int rc = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
	char state[48];
	snprintf(state, sizeof(state), rc ? " (failed, status %d)" : " (done)", rc);
	if (job_lines() > 1)
		job_show(c, state);
	if (job_lines() == 1 && !rc) {
		size_t e = job.len;
		while (e && job.out[e - 1] == '\n')
			e--;
		console_set_status(c, false, ":%s: %.*s", job.line, (int)e, job.out);
	} else if (rc) {
		/* The last line of the output is the error. */
		size_t e = job.len;
		while (e && job.out[e - 1] == '\n')
			e--;
		size_t b = e;
		while (b && job.out[b - 1] != '\n')
			b--;
		console_set_status(c, true, ":%s: %.*s", job.line, (int)(e - b), job.out + b);
	} else {
		console_set_status(c, false, ":%s: done", job.line);
	}
	collector_poke(c->col);
	return true;
}

void cmd_prompt_cleanup(void)
{
	input_readline_end();
	if (job.pid) {
		kill(job.pid, SIGTERM);
		waitpid(job.pid, NULL, 0);
		close(job.fd);
		job.pid = 0;
	}
	free(job.out);
	job.out = NULL;
	cmd_history_close();
}
