/* enter NAME: a login shell in the guest on the user's terminal (console and vsm shell only). */
#include "backend/cmd_common.h"

static int enter_exec(struct cmd_ctx *cx, int argc, char **argv, struct vsm_error *err)
{
	if (cmd_guest_check(argv[1], err) < 0)
		return CMD_FAIL;
	char *const prog[] = { "vserver", argv[1], "enter", NULL };
	int st = cx->terminal_run(cx->tctx, prog);
	if (st != 0)
		vsm_error_set(err, EIO, "%s: enter: exit status %d", argv[1], st);
	return st;
}

const struct vsm_command cmd_enter = {
	.name = "enter",
	.min_args = 1, .max_args = 1,
	.args = { CMD_ARG_GUEST },
	.needs_terminal = true,
	.usage = "enter NAME",
	.help = "Open a shell inside the running guest on this terminal (vserver NAME enter). Needs "
		"a terminal: it works at the console's prompt and in vsm shell, not in scripts.",
	.exec = enter_exec,
};
