/* stop NAME...: the kill sequence through each guest's monitor (backend/stop.c). */
#include "backend/cmd_common.h"
#include "backend/stop.h"

int cmd_stop_one(struct cmd_ctx *cx, const char *cmd, const char *name, bool quiet,
		 struct vsm_error *err);

/* Shared with restart; QUIET: no line when it stopped (restart reports once). */
int cmd_stop_one(struct cmd_ctx *cx, const char *cmd, const char *name, bool quiet,
		 struct vsm_error *err)
{
	if (cmd_guest_check(name, err) < 0)
		return CMD_FAIL;
	bool was_running = false;
	if (guest_stop(name, &was_running, err) < 0)
		return CMD_FAIL;
	if (!quiet)
		cmd_report(cx, cmd, name, true, was_running ? "%s: stopped" : "%s: not running",
			   name);
	return CMD_OK;
}

static int stop_exec(struct cmd_ctx *cx, int argc, char **argv, struct vsm_error *err)
{
	for (int i = 1; i < argc; i++)
		if (cmd_stop_one(cx, "stop", argv[i], false, err) != CMD_OK)
			return CMD_FAIL;
	return CMD_OK;
}

const struct vsm_command cmd_stop = {
	.name = "stop",
	.min_args = 1, .max_args = -1,
	.args = { CMD_ARG_GUEST },
	.usage = "stop NAME...",
	.help = "Stop each guest: its stop command, then the kill sequence (apps/init/killseq), "
		"then SIGKILL, bounded in time. A stopped guest is not an error.",
	.exec = stop_exec,
};
