/* start NAME...: boot guests through their monitors (backend/start.c). */
#include "backend/cmd_common.h"
#include "backend/start.h"

int cmd_start_one(struct cmd_ctx *cx, const char *cmd, const char *name, struct vsm_error *err);

/* Shared with restart: -EALREADY is no failure (the state asked for holds). */
int cmd_start_one(struct cmd_ctx *cx, const char *cmd, const char *name, struct vsm_error *err)
{
	if (cmd_guest_check(name, err) < 0)
		return CMD_FAIL;
	struct start_opts so = { .warn = cmd_warn_out, .warn_ctx = cx };
	int r = guest_start(name, &so, err);
	if (r == -EALREADY) {
		vsm_error_clear(err);
		cmd_report(cx, cmd, name, true, "%s: already running", name);
		return CMD_OK;
	}
	if (r < 0)
		return CMD_FAIL;
	cmd_report(cx, cmd, name, true, "%s: started", name);
	return CMD_OK;
}

static int start_exec(struct cmd_ctx *cx, int argc, char **argv, struct vsm_error *err)
{
	for (int i = 1; i < argc; i++)
		if (cmd_start_one(cx, "start", argv[i], err) != CMD_OK)
			return CMD_FAIL;
	return CMD_OK;
}

const struct vsm_command cmd_start = {
	.name = "start",
	.min_args = 1, .max_args = -1,
	.args = { CMD_ARG_GUEST },
	.usage = "start NAME...",
	.help = "Start each guest in turn and return once its init runs. A guest that is already "
		"running is left alone (not an error). Stops at the first guest that fails.",
	.exec = start_exec,
};
