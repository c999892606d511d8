/* delete NAME: remove a stopped guest's root, config, run record, log and cache. */
#include "backend/cmd_common.h"
#include "backend/delete.h"

#include <string.h>

static int delete_exec(struct cmd_ctx *cx, int argc, char **argv, struct vsm_error *err)
{
	const char *name = NULL;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--silent"))
			continue;	/* vserver NAME delete --silent: accepted, nothing asks anyway */
		if (name) {
			vsm_error_set(err, EINVAL, "delete: one guest at a time (usage: delete NAME)");
			return CMD_USAGE;
		}
		name = argv[i];
	}
	if (!name) {
		vsm_error_set(err, EINVAL, "delete: no guest given (usage: delete NAME)");
		return CMD_USAGE;
	}
	if (cmd_guest_check(name, err) < 0)
		return CMD_FAIL;
	int r = guest_delete(name, err);
	if (r == -EBUSY)
		vsm_error_prefix(err, "stop it first");
	if (r < 0)
		return CMD_FAIL;
	cmd_report(cx, "delete", name, true, "%s: deleted", name);
	return CMD_OK;
}

const struct vsm_command cmd_delete = {
	.name = "delete",
	.aliases = (const char *const[]){ "rm", NULL },
	.min_args = 1, .max_args = 2,
	.args = { CMD_ARG_GUEST },
	.options = (const char *const[]){ "--silent", NULL },
	.usage = "delete NAME [--silent]",
	.help = "Delete a stopped guest: its root (immutable files included), config, run record, "
		"log and cache. No question is asked: this is for scripts.",
	.exec = delete_exec,
};
