/* restart NAME...: stop, then start, each guest in turn. */
#include "backend/cmd_common.h"

int cmd_start_one(struct cmd_ctx *cx, const char *cmd, const char *name, struct vsm_error *err);
int cmd_stop_one(struct cmd_ctx *cx, const char *cmd, const char *name, bool quiet,
		 struct vsm_error *err);

static int restart_exec(struct cmd_ctx *cx, int argc, char **argv, struct vsm_error *err)
{
	for (int i = 1; i < argc; i++) {
		if (cmd_stop_one(cx, "restart", argv[i], true, err) != CMD_OK ||
		    cmd_start_one(cx, "restart", argv[i], err) != CMD_OK)
			return CMD_FAIL;
	}
	return CMD_OK;
}

const struct vsm_command cmd_restart = {
	.name = "restart",
	.min_args = 1, .max_args = -1,
	.args = { CMD_ARG_GUEST },
	.usage = "restart NAME...",
	.help = "Stop each guest (if it runs), then start it.",
	.exec = restart_exec,
};
