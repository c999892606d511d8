/* Shared helpers of the command handlers (cmd_common.h). */
#include "backend/cmd_common.h"
#include "backend/config.h"
#include "backend/guest_name.h"
#include "backend/json_out.h"

#include <stdarg.h>
#include <stdio.h>

int cmd_guest_check(const char *name, struct vsm_error *err)
{
	if (guest_name_check(name, err) < 0)
		return -EINVAL;
	if (!guest_exists(name))
		return vsm_error_set(err, ENOENT, "%s: no such guest", name);
	return 0;
}

int cmd_snapshot_take(unsigned flags, struct monitor **mon, const struct snapshot **snap,
		      struct vsm_error *err)
{
	int r = monitor_open(mon, flags, err);
	if (r < 0)
		return r;
	r = monitor_refresh(*mon, err);
	if (r < 0) {
		monitor_close(*mon);
		*mon = NULL;
		return r;
	}
	*snap = monitor_snapshot(*mon);
	return 0;
}

json_t *cmd_json_result(const char *cmd, const char *guest, bool ok, const char *msg)
{
	return json_pack("{s:s, s:i, s:s, s:s?, s:b, s:s}", "kind", "result", "schema",
			 JSON_SCHEMA_VERSION, "command", cmd, "guest", guest, "ok", ok, "message",
			 msg ? msg : "");
}

void cmd_report(struct cmd_ctx *cx, const char *cmd, const char *guest, bool ok,
		const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (cx->out->json)
		cmd_out_json(cx->out, cmd_json_result(cmd, guest, ok, msg), NULL);
	else
		cmd_out_printf(cx->out, "%s\n", msg);
}

void cmd_warn_out(void *ctx, const char *msg)
{
	struct cmd_ctx *cx = ctx;
	if (!cx->out->json)
		cmd_out_printf(cx->out, "warning: %s\n", msg);
}
