/* unify NAME... [--dry-run] [--revert]: vunify's deduplication of identical files between guests
 * (backend/unify.c). */
#include "backend/cmd_common.h"
#include "backend/json_out.h"
#include "backend/unify.h"

#include <string.h>

static int unify_exec(struct cmd_ctx *cx, int argc, char **argv, struct vsm_error *err)
{
	struct unify_opts o = { 0 };
	const char *names[64];
	size_t n = 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--dry-run") || !strcmp(argv[i], "-n")) {
			o.dry_run = true;
		} else if (!strcmp(argv[i], "--revert") || !strcmp(argv[i], "-R")) {
			o.revert = true;
		} else if (argv[i][0] == '-') {
			vsm_error_set(err, EINVAL, "unify: unknown option '%s' (usage: unify NAME... "
				      "[--dry-run] [--revert])", argv[i]);
			return CMD_USAGE;
		} else if (n < sizeof(names) / sizeof(names[0])) {
			if (cmd_guest_check(argv[i], err) < 0)
				return CMD_FAIL;
			names[n++] = argv[i];
		}
	}
	if (!n) {
		vsm_error_set(err, EINVAL, "unify: no guest given (usage: unify NAME... [--dry-run])");
		return CMD_USAGE;
	}
	struct unify_stats st = { 0 };
	if (unify_guests(names, n, &o, &st, err) < 0)
		return CMD_FAIL;
	if (cx->out->json) {
		json_t *r = cmd_json_result("unify", n == 1 ? names[0] : NULL, st.errors == 0, "");
		json_object_set_new(r, "files", json_integer((json_int_t)st.files));
		json_object_set_new(r, "linked", json_integer((json_int_t)st.linked));
		json_object_set_new(r, "already", json_integer((json_int_t)st.already));
		json_object_set_new(r, "reverted", json_integer((json_int_t)st.reverted));
		json_object_set_new(r, "bytes_freed", json_integer((json_int_t)st.bytes_freed));
		json_object_set_new(r, "errors", json_integer((json_int_t)st.errors));
		cmd_out_json(cx->out, r, err);
	} else {
		cmd_out_printf(cx->out, "%s%lu files, %lu newly shared, %lu already shared, %lu "
			       "reverted, %llu bytes freed, %lu errors\n", o.dry_run ? "dry run: " : "",
			       st.files, st.linked, st.already, st.reverted, st.bytes_freed, st.errors);
	}
	if (st.errors) {
		vsm_error_set(err, EIO, "unify: %lu files could not be handled", st.errors);
		return CMD_FAIL;
	}
	return CMD_OK;
}

const struct vsm_command cmd_unify = {
	.name = "unify",
	.aliases = (const char *const[]){ "dedup", NULL },
	.min_args = 1, .max_args = -1,
	.args = { CMD_ARG_GUEST },
	.options = (const char *const[]){ "--dry-run", "--revert", NULL },
	.usage = "unify NAME... [--dry-run] [--revert]",
	.help = "Share identical files between the named guests (and their reference servers) as "
		"hard links of one immutable inode, after a byte-for-byte comparison (vunify). "
		"--dry-run counts only; --revert gives the named guests private copies back.",
	.exec = unify_exec,
};
