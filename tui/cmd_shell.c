/* `vsm shell`: the command language at a GNU readline prompt. History in ~/.vsm_history, the
 * user's inputrc under `$if vsm`, a `> ` prompt while a quote or a backslash continues a line. */
#include "tui/cmd.h"
#include "backend/cmd_parse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <readline/readline.h>

/* Read one command text: more lines while the parser says a quote or backslash is open. */
static char *shell_read(int *lineno)
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
	cmd_history_note(text);
	return text;
}

int cmd_shell_run(const struct cmd_opts *o)
{
	rl_readline_name = "vsm";	/* `$if vsm` in ~/.inputrc */
	cmd_complete_install();
	cmd_history_open();
	struct cmd_out out = cmd_out_stdout;
	out.json = o->json;
	struct cmd_ctx cx = { .out = &out, .terminal_run = cmd_terminal_run };
	int lineno = 0, last = 0;
	char *text;
	while ((text = shell_read(&lineno))) {
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
	cmd_history_close();
	return last;
}
