/* Pieces the command handlers share: the guest check, one snapshot, the JSON result object. */
#ifndef VSM_CMD_COMMON_H
#define VSM_CMD_COMMON_H
#include <stdbool.h>
#include <jansson.h>
#include "backend/command.h"
#include "backend/snapshot.h"

/* NAME is a valid name of a configured guest; else -ENOENT/-EINVAL with a message. */
int cmd_guest_check(const char *name, struct vsm_error *err);
/* Open a monitor with FLAGS and take one snapshot; close with monitor_close. */
int cmd_snapshot_take(unsigned flags, struct monitor **mon, const struct snapshot **snap,
		      struct vsm_error *err);
/* {"kind":"result","schema":1,"command":CMD,"guest":GUEST|null,"ok":OK,"message":MSG}: what
 * commands without an object of their own print in JSON mode (doc/json-schema.md). */
json_t *cmd_json_result(const char *cmd, const char *guest, bool ok, const char *msg);
/* Report the outcome of a lifecycle-style command on GUEST: the message line in human mode, a
 * result object in JSON mode. */
void cmd_report(struct cmd_ctx *cx, const char *cmd, const char *guest, bool ok,
		const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* config_warn_fn writing "warning: MSG" lines to the context's output (human mode only). */
void cmd_warn_out(void *cx, const char *msg);
#endif
