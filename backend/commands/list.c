/* list: every configured guest, running or not. */
#include "backend/cmd_common.h"
#include "backend/json_out.h"

static int list_exec(struct cmd_ctx *cx, int argc, char **argv, struct vsm_error *err)
{
	struct monitor *mon;
	const struct snapshot *s;
	if (cmd_snapshot_take(MONITOR_STOPPED, &mon, &s, err) < 0)
		return CMD_FAIL;
	if (cx->out->json) {
		json_t *a = json_array();
		for (size_t i = 1; i < s->nguests; i++)
			json_array_append_new(a, json_guest(&s->guests[i]));
		cmd_out_json(cx->out, a, err);
	} else {
		cmd_out_printf(cx->out, "%-20s %6s %-8s %6s  %s\n", "NAME", "CTX", "STATE", "PROCS",
			       "ADDRESSES");
		for (size_t i = 1; i < s->nguests; i++) {
			const struct snap_guest *g = &s->guests[i];
			cmd_out_printf(cx->out, "%-20s %6u %-8s %6lu  %s\n", g->name, g->ctx,
				       g->running ? "running" : "stopped",
				       (unsigned long)g->nprocs, g->ips);
		}
	}
	monitor_close(mon);
	return CMD_OK;
}

const struct vsm_command cmd_list = {
	.name = "list",
	.aliases = (const char *const[]){ "ls", NULL },
	.min_args = 0, .max_args = 0,
	.usage = "list",
	.help = "List every configured guest: name, context id, state, processes, addresses. "
		"JSON: an array of guest objects.",
	.exec = list_exec,
};
