/* The command language's table: every command the console's `:` prompt, `vsm shell`, `vsm -c/-f`
 * and scripts understand is one `struct vsm_command` in backend/commands/<name>.c (tmux's cmd-*.c
 * model). Handlers write through a sink, never to a terminal: the front end decides where text
 * goes (stdout, a console pane, a pipe) and whether it is human text or JSON. */
#ifndef VSM_COMMAND_H
#define VSM_COMMAND_H
#include <stdbool.h>
#include <stddef.h>
#include <jansson.h>
#include "backend/error.h"

/* Where a command's output goes. JSON mode: each command prints one JSON document per line. */
struct cmd_out {
	bool json;
	void (*write)(void *ctx, const char *buf, size_t len);
	void *ctx;
};
void cmd_out_write(struct cmd_out *o, const char *buf, size_t len);
void cmd_out_printf(struct cmd_out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Print V (reference stolen) as one compact line. -ENOMEM when it cannot be encoded. */
int cmd_out_json(struct cmd_out *o, json_t *v, struct vsm_error *err);

/* What the front end offers a running command. */
struct cmd_ctx {
	struct cmd_out *out;
	/* Give the terminal to ARGV (a vsm tool, e.g. `vserver NAME enter`) and return its exit
	 * status; NULL where there is no terminal (scripts, -c, the console's output pane). */
	int (*terminal_run)(void *tctx, char *const argv[]);
	void *tctx;
	/* Progress lines of long commands (build) as they happen; NULL: through OUT. */
	void (*progress)(void *pctx, const char *line);
	void *pctx;
};

/* Argument kinds, for completion and the help text. */
enum cmd_arg {
	CMD_ARG_NONE,
	CMD_ARG_GUEST,		/* a configured guest */
	CMD_ARG_NEWGUEST,	/* a guest name that need not exist */
	CMD_ARG_ATTR,		/* an attribute name */
	CMD_ARG_VALUE,		/* a value of the preceding attribute */
	CMD_ARG_COMMAND,	/* a command name */
	CMD_ARG_FILE,		/* a path */
	CMD_ARG_ANY,
};
#define CMD_ARGS_MAX 4

/* Exit statuses of a command (exec passes its program's status through). */
#define CMD_OK 0
#define CMD_FAIL 1
#define CMD_USAGE 2

struct vsm_command {
	const char *name;
	const char *const *aliases;	/* NULL-terminated, or NULL */
	int min_args, max_args;		/* words after the name; max -1 = any */
	enum cmd_arg args[CMD_ARGS_MAX];	/* kinds of the first words; the last repeats */
	const char *const *options;	/* option words (for completion), NULL-terminated or NULL */
	bool needs_terminal;		/* enter: not in scripts or the output pane */
	const char *usage;		/* "start NAME" */
	const char *help;		/* one paragraph */
	/* ARGV[0] is the command name as typed; `--json` is already taken off. Returns a CMD_
	 * status (or a program's); on failure ERR says why (may stay empty when the program's own
	 * output said it, as with exec). */
	int (*exec)(struct cmd_ctx *cx, int argc, char **argv, struct vsm_error *err);
};

/* The table, in help order, NULL-terminated (backend/commands/table.c). */
extern const struct vsm_command *const vsm_commands[];
/* By name or alias; NULL when unknown. */
const struct vsm_command *cmd_find(const char *name);
/* Check the argument count and run. ARGV[0] is the command name. A `--json` word before any
 * `--` switches this command to JSON output. Unknown command and wrong counts are CMD_USAGE with
 * a message naming the usage line. */
int cmd_run(struct cmd_ctx *cx, int argc, char **argv, struct vsm_error *err);
#endif
