/* Non-interactive runs: a whole script is parsed before its first command runs, so an ill-formed
 * script changes nothing; then commands run in order, errors as FILE:LINE: message. */
#include "tui/cmd.h"
#include "backend/cmd_parse.h"
#include "backend/fsutil.h"
#include "backend/paths.h"

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void stdout_write(void *ctx, const char *buf, size_t len)
{
	fwrite(buf, 1, len, stdout);
	fflush(stdout);	/* in order with stderr and with the programs commands run */
}

struct cmd_out cmd_out_stdout = { .write = stdout_write };

int cmd_terminal_run(void *unused, char *const prog[])
{
	char path[PATH_MAX];
	if (vsm_path_helper(prog[0], path, sizeof(path)) < 0) {
		fprintf(stderr, "vsm: %s: not found next to vsm or in PATH\n", prog[0]);
		return 127;
	}
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0)
		return 126;
	if (pid == 0) {
		execv(path, prog);
		_exit(127);
	}
	int ws;
	while (waitpid(pid, &ws, 0) < 0)
		;
	return WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
}

int cmd_script_run(const char *text, size_t len, const char *label, const struct cmd_opts *o)
{
	struct cmd_script s;
	struct vsm_error err = { 0 };
	int line;
	if (cmd_parse(text, len, 1, &s, &line, &err) < 0) {
		fprintf(stderr, "%s:%d: %s (nothing was run)\n", label, line, err.msg);
		return CMD_USAGE;
	}
	struct cmd_out out = cmd_out_stdout;
	out.json = o->json;
	struct cmd_ctx cx = { .out = &out };
	/* A terminal on both ends: enter may have it (vsm -c 'enter web'). */
	if (isatty(STDIN_FILENO) && isatty(STDOUT_FILENO))
		cx.terminal_run = cmd_terminal_run;
	int first = 0;
	for (size_t i = 0; i < s.n; i++) {
		vsm_error_clear(&err);
		int rc = cmd_run(&cx, s.cmds[i].argc, s.cmds[i].argv, &err);
		if (rc == 0)
			continue;
		fflush(stdout);
		if (err.msg[0])
			fprintf(stderr, "%s:%d: %s\n", label, s.cmds[i].line, err.msg);
		if (!first)
			first = rc;
		if (!o->keep_going)
			break;
	}
	cmd_script_free(&s);
	return first;
}

/* Stdin may be a pipe: read to its end, at most the parser's limit (plus one byte to tell). */
static int stdin_read_all(char **text, size_t *len, struct vsm_error *err)
{
	size_t cap = 4096, n = 0;
	char *b = malloc(cap);
	for (;;) {
		if (!b)
			return vsm_error_set(err, ENOMEM, "out of memory");
		if (n == cap) {
			if (cap > CMD_PARSE_TEXT_MAX) {
				free(b);
				return vsm_error_set(err, EFBIG, "more than %d bytes",
						     CMD_PARSE_TEXT_MAX);
			}
			char *nb = realloc(b, cap * 2);
			if (!nb)
				free(b);
			b = nb;
			cap *= 2;
			continue;
		}
		ssize_t r = read(STDIN_FILENO, b + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			free(b);
			return vsm_error_sys(err, errno, "read");
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	*text = b;
	*len = n;
	return 0;
}

int cmd_script_run_file(const char *path, const char *label, const struct cmd_opts *o)
{
	char *text = NULL;
	size_t len = 0;
	struct vsm_error err = { 0 };
	int r = !strcmp(path, "-") ? stdin_read_all(&text, &len, &err)
		: fs_read_file_at(AT_FDCWD, path, CMD_PARSE_TEXT_MAX, &text, &len, &err);
	if (r < 0) {
		if (!err.msg[0])
			vsm_error_sys(&err, -r, "%s", label);
		fprintf(stderr, "vsm: %s\n", err.msg);
		return r == -ENOENT ? 1 : 2;
	}
	int rc = cmd_script_run(text, len, label, o);
	free(text);
	return rc;
}
