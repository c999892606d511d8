/* ps [NAME]: the processes of one guest, or of every guest and the host. */
#include "backend/cmd_common.h"
#include "backend/json_out.h"

#include <stdlib.h>
#include <string.h>

static int ps_exec(struct cmd_ctx *cx, int argc, char **argv, struct vsm_error *err)
{
	const char *name = argc > 1 ? argv[1] : NULL;
	if (name && cmd_guest_check(name, err) < 0)
		return CMD_FAIL;
	struct monitor *mon;
	const struct snapshot *s;
	if (cmd_snapshot_take(MONITOR_PROCS | MONITOR_CMDLINE | MONITOR_USERS | MONITOR_STOPPED,
			      &mon, &s, err) < 0)
		return CMD_FAIL;
	long gi = name ? snapshot_guest_by_name(s, name) : -1;
	if (cx->out->json) {
		/* vps --json's shape: one snapshot, the process list narrowed to the guest. */
		struct snapshot view = *s;
		struct snap_proc *keep = malloc((s->nprocs + 1) * sizeof(*keep));
		if (keep) {
			view.nprocs = 0;
			for (size_t i = 0; i < s->nprocs; i++)
				if (!name || (long)s->procs[i].guest == gi)
					keep[view.nprocs++] = s->procs[i];
			view.procs = keep;
			cmd_out_json(cx->out, json_snapshot(&view, true), err);
			free(keep);
		}
	} else {
		cmd_out_printf(cx->out, "%7s %7s %-16s %-8s %s %s\n", "PID", "GPID", "GUEST", "USER",
			       "S", "COMMAND");
		for (size_t i = 0; i < s->nprocs; i++) {
			const struct snap_proc *p = &s->procs[i];
			if (name ? (long)p->guest != gi : p->guest == SNAP_HOST)
				continue;
			cmd_out_printf(cx->out, "%7d %7d %-16s %-8s %c %s\n", (int)p->pid,
				       (int)p->guest_pid, s->guests[p->guest].name, p->user,
				       p->state, p->cmdline);
		}
	}
	monitor_close(mon);
	return CMD_OK;
}

const struct vsm_command cmd_ps = {
	.name = "ps",
	.min_args = 0, .max_args = 1,
	.args = { CMD_ARG_GUEST },
	.usage = "ps [NAME]",
	.help = "The processes of guest NAME, or of every guest: host pid, pid inside the guest, "
		"guest, user, state, command line. JSON: a snapshot with processes (as vps --json).",
	.exec = ps_exec,
};
