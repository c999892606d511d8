/* `vsm shell`: the command language at a GNU readline prompt. History in ~/.vsm_history, the
 * user's inputrc under `$if vsm`, a `> ` prompt while a quote or a backslash continues a line. */
#include "tui/cmd.h"
#include "backend/cmd_parse.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <readline/history.h>
#include <readline/readline.h>

#define HISTORY_KEEP 1000

static void history_path(char *buf, size_t len)
{
	const char *home = getenv("HOME");
	snprintf(buf, len, "%s/.vsm_history", home && *home ? home : ".");
}

static void history_open(const char *path)
{
	using_history();
	stifle_history(HISTORY_KEEP);
	struct stat st;
	if (stat(path, &st) < 0)
		write_history(path);	/* append_history needs the file to exist */
	else
		read_history(path);
}

/* Append each entry at once, so a killed shell keeps what was typed. */
static void history_note(const char *path, const char *line)
{
	HIST_ENTRY *last = history_length ? history_get(history_base + history_length - 1) : NULL;
	if (last && !strcmp(last->line, line))
		return;
	add_history(line);
	append_history(1, path);
}

/* Read one command text: more lines while the parser says a quote or backslash is open. */
static char *shell_read(int *lineno, const char *hpath)
{
	char *text = readline("vsm> ");
	if (!text)
		return NULL;
	(*lineno)++;
	for (;;) {
		struct cmd_script s;
		struct vsm_error err = { 0 };
		int r = cmd_parse(text, strlen(text), 1, &s, NULL, &err);
		cmd_script_free(&s);
		if (r != -EAGAIN)
			break;
		char *more = readline("> ");
		if (!more)
			break;
		(*lineno)++;
		size_t n = strlen(text), m = strlen(more);
		char *j = realloc(text, n + m + 2);
		if (!j) {
			free(more);
			break;
		}
		text = j;
		text[n] = '\n';
		memcpy(text + n + 1, more, m + 1);
		free(more);
	}
	if (text[strspn(text, " \t")])
		history_note(hpath, text);
	return text;
}

int cmd_shell_run(const struct cmd_opts *o)
{
	rl_readline_name = "vsm";	/* `$if vsm` in ~/.inputrc */
	cmd_complete_install();
	char hpath[PATH_MAX];
	history_path(hpath, sizeof(hpath));
	history_open(hpath);
	struct cmd_out out = cmd_out_stdout;
	out.json = o->json;
	struct cmd_ctx cx = { .out = &out, .terminal_run = cmd_terminal_run };
	int lineno = 0, last = 0;
	char *text;
	while ((text = shell_read(&lineno, hpath))) {
		struct cmd_script s;
		struct vsm_error err = { 0 };
		int line;
		if (cmd_parse(text, strlen(text), lineno, &s, &line, &err) < 0) {
			fprintf(stderr, "vsm: %s\n", err.msg);
			last = CMD_USAGE;
			free(text);
			continue;
		}
		bool quit = false;
		for (size_t i = 0; i < s.n && !quit; i++) {
			char **argv = s.cmds[i].argv;
			if (!strcmp(argv[0], "exit") || !strcmp(argv[0], "quit")) {
				quit = true;
				break;
			}
			vsm_error_clear(&err);
			last = cmd_run(&cx, s.cmds[i].argc, argv, &err);
			fflush(stdout);
			if (last && err.msg[0])
				fprintf(stderr, "vsm: %s\n", err.msg);
		}
		cmd_script_free(&s);
		free(text);
		if (quit)
			break;
	}
	if (!text && isatty(STDIN_FILENO))
		putchar('\n');
	history_truncate_file(hpath, HISTORY_KEEP);
	return last;
}
