/* help [COMMAND]: the table's usage lines, or one command's help. */
#include "backend/cmd_common.h"

#include <string.h>

/* Wrap TEXT at 76 columns with an indent. */
static void wrap_out(struct cmd_out *o, const char *text, int indent)
{
	const char *p = text;
	while (*p) {
		size_t n = strlen(p);
		if (n > (size_t)(76 - indent)) {
			n = (size_t)(76 - indent);
			while (n > 0 && p[n] != ' ')
				n--;
			if (n == 0)
				n = (size_t)(76 - indent);
		}
		cmd_out_printf(o, "%*s%.*s\n", indent, "", (int)n, p);
		p += n;
		while (*p == ' ')
			p++;
	}
}

static int help_exec(struct cmd_ctx *cx, int argc, char **argv, struct vsm_error *err)
{
	if (argc > 1) {
		const struct vsm_command *c = cmd_find(argv[1]);
		if (!c) {
			vsm_error_set(err, ENOENT, "help: unknown command '%s'", argv[1]);
			return CMD_FAIL;
		}
		cmd_out_printf(cx->out, "usage: %s\n", c->usage);
		if (c->aliases && c->aliases[0]) {
			cmd_out_printf(cx->out, "aliases:");
			for (size_t i = 0; c->aliases[i]; i++)
				cmd_out_printf(cx->out, " %s", c->aliases[i]);
			cmd_out_printf(cx->out, "\n");
		}
		wrap_out(cx->out, c->help, 2);
		return CMD_OK;
	}
	cmd_out_printf(cx->out, "Commands (help COMMAND for more; --json after a command for "
		       "JSON output):\n");
	for (size_t i = 0; vsm_commands[i]; i++)
		cmd_out_printf(cx->out, "  %s\n", vsm_commands[i]->usage);
	cmd_out_printf(cx->out, "Words are quoted as in sh ('...', \"...\", \\); ';' or a newline "
		       "ends a command; # starts a comment.\n");
	return CMD_OK;
}

const struct vsm_command cmd_help = {
	.name = "help",
	.aliases = (const char *const[]){ "?", NULL },
	.min_args = 0, .max_args = 1,
	.args = { CMD_ARG_COMMAND },
	.usage = "help [COMMAND]",
	.help = "List the commands, or explain one.",
	.exec = help_exec,
};
