/* The command language's front ends in the vsm program: -c, -f, stdin scripts and `vsm shell`
 * (the console's `:` prompt is in cmd_prompt.c). All run backend/command.h's table. */
#ifndef VSM_TUI_CMD_H
#define VSM_TUI_CMD_H
#include <stdbool.h>
#include <stddef.h>
#include "backend/command.h"

struct cmd_opts {
	bool json;		/* --json: every command prints JSON */
	bool keep_going;	/* -k: run the rest of a script after a failure */
};

/* cmd_main.c: does ARGV ask for the command language (-c, -f, shell, --json, -k, or stdin not
 * a terminal)? Then cmd_main handles the whole run and returns the exit status. */
bool cmd_main_wanted(int argc, char **argv);
int cmd_main(int argc, char **argv);

/* cmd_script.c: parse all of TEXT, then run it; errors "LABEL:LINE: message" on stderr. Returns
 * the first failing command's status (with -k: still the first), 0 when all succeeded. */
int cmd_script_run(const char *text, size_t len, const char *label, const struct cmd_opts *o);
/* Read FILE ("-" = stdin) whole and run it. */
int cmd_script_run_file(const char *path, const char *label, const struct cmd_opts *o);
/* The sink that writes to stdout. */
extern struct cmd_out cmd_out_stdout;
/* Give the terminal to a vsm tool (PROG[0] found with vsm_path_helper); its exit status. */
int cmd_terminal_run(void *unused, char *const prog[]);

/* cmd_history.c: ~/.vsm_history for the shell and the console prompt. */
void cmd_history_open(void);
void cmd_history_note(const char *line);
void cmd_history_close(void);

/* cmd_shell.c: the readline REPL. */
int cmd_shell_run(const struct cmd_opts *o);

/* cmd_complete.c: readline completion of command names, guests, attributes, values, paths. */
void cmd_complete_install(void);
/* The candidates for the word TEXT when the line before it is LINE (START bytes): a NULL-
 * terminated malloc'd array of malloc'd strings, or NULL for "complete file names". */
char **cmd_complete_candidates(const char *line, int start, const char *text, bool *files);

/* cmd_prompt.c: the console's `:` prompt (MODE_COMMAND). */
struct console;
void cmd_prompt_open(struct console *c);
void cmd_prompt_key(struct console *c, int key);
/* Call from the main loop: true when a command's output or end changed the screen. */
bool cmd_prompt_poll(struct console *c);
bool cmd_prompt_busy(void);
void cmd_prompt_cleanup(void);
#endif
