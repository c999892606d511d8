/* stat: vserver-stat's table of running guests. */
#include "backend/cmd_common.h"
#include "backend/json_out.h"
#include "backend/render.h"

static int stat_exec(struct cmd_ctx *cx, int argc, char **argv, struct vsm_error *err)
{
	struct monitor *mon;
	const struct snapshot *s;
	if (cmd_snapshot_take(0, &mon, &s, err) < 0)
		return CMD_FAIL;
	if (cx->out->json) {
		cmd_out_json(cx->out, json_snapshot(s, false), err);
	} else {
		cmd_out_printf(cx->out, "%s\n", render_stat_header);
		for (size_t i = 0; i < s->nguests; i++) {
			const struct snap_guest *g = &s->guests[i];
			struct render_stat_row r = {
				.ctx = g->ctx, .nprocs = g->nprocs, .vsz_bytes = g->vsz_bytes,
				.rss_bytes = g->rss_bytes == SNAP_NONE ? 0 : g->rss_bytes,
				.user_ms = g->cpu_user_ms, .sys_ms = g->cpu_sys_ms,
				.uptime_ms = g->uptime_ms, .name = g->name,
			};
			char line[128];
			render_stat_line(&r, line, sizeof(line));
			cmd_out_printf(cx->out, "%s\n", line);
		}
	}
	monitor_close(mon);
	return CMD_OK;
}

const struct vsm_command cmd_stat = {
	.name = "stat",
	.min_args = 0, .max_args = 0,
	.usage = "stat",
	.help = "The host and every running guest with vserver-stat's columns (CTX PROC VSZ RSS "
		"userTIME sysTIME UPTIME NAME). JSON: a snapshot object.",
	.exec = stat_exec,
};
