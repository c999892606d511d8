/* status NAME: running or stopped, context, processes, uptime (vserver NAME status's text). */
#include "backend/cmd_common.h"
#include "backend/json_out.h"

#include <string.h>

static int status_exec(struct cmd_ctx *cx, int argc, char **argv, struct vsm_error *err)
{
	const char *name = argv[1];
	if (cmd_guest_check(name, err) < 0)
		return CMD_FAIL;
	struct monitor *mon;
	const struct snapshot *s;
	if (cmd_snapshot_take(MONITOR_STOPPED, &mon, &s, err) < 0)
		return CMD_FAIL;
	long i = snapshot_guest_by_name(s, name);
	int rc = CMD_OK;
	if (i < 0) {
		vsm_error_set(err, ENOENT, "%s: not in the snapshot", name);
		rc = CMD_FAIL;
	} else if (cx->out->json) {
		cmd_out_json(cx->out, json_guest(&s->guests[i]), err);
	} else if (!s->guests[i].running) {
		cmd_out_printf(cx->out, "Vserver '%s' is stopped\n", name);
	} else {
		const struct snap_guest *g = &s->guests[i];
		unsigned long secs = (unsigned long)(g->uptime_ms / 1000);
		cmd_out_printf(cx->out, "Vserver '%s' is running at context '%u'\n", name, g->ctx);
		cmd_out_printf(cx->out, "Number of processes: %lu\n", (unsigned long)g->nprocs);
		if (secs >= 86400)
			cmd_out_printf(cx->out, "Uptime:              %lu days, %02lu:%02lu\n",
				       secs / 86400, secs % 86400 / 3600, secs % 3600 / 60);
		else
			cmd_out_printf(cx->out, "Uptime:              %02lu:%02lu\n", secs / 3600,
				       secs % 3600 / 60);
	}
	monitor_close(mon);
	return rc;
}

const struct vsm_command cmd_status = {
	.name = "status",
	.min_args = 1, .max_args = 1,
	.args = { CMD_ARG_GUEST },
	.usage = "status NAME",
	.help = "Whether the guest runs, at which context, with how many processes, since when "
		"(the text of vserver NAME status). A stopped guest is not an error here. JSON: a "
		"guest object.",
	.exec = status_exec,
};
