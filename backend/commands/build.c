/* build NAME -m METHOD [options] -- [method args]: exactly `vserver NAME build` (build_args.c). */
#include "backend/build_args.h"
#include "backend/cmd_common.h"

#include <stdio.h>
#include <stdlib.h>

static void build_progress_out(const struct build_progress *p, void *user)
{
	struct cmd_ctx *cx = user;
	char line[512];
	if (p->percent >= 0)
		snprintf(line, sizeof(line), "[%3d%%] %s: %s", p->percent, p->stage, p->message);
	else
		snprintf(line, sizeof(line), "[    ] %s: %s", p->stage, p->message);
	if (cx->progress)
		cx->progress(cx->pctx, line);
	else
		cmd_out_printf(cx->out, "%s\n", line);
}

static int build_exec(struct cmd_ctx *cx, int argc, char **argv, struct vsm_error *err)
{
	const char *name = argv[1];
	struct build_args *ba = malloc(sizeof(*ba));
	if (!ba) {
		vsm_error_set(err, ENOMEM, "out of memory");
		return CMD_FAIL;
	}
	/* build_args_parse wants the command word first, then the options. */
	argv[1] = argv[0];
	int rc = CMD_USAGE;
	if (build_args_parse(ba, name, argc - 1, argv + 1, err) < 0) {
		vsm_error_prefix(err, "%s: build", name);
		goto out;
	}
	if (ba->help) {
		cmd_out_printf(cx->out, "usage: build NAME -m METHOD [options] -- [method args]\n%s",
			       build_args_usage);
		rc = CMD_OK;
		goto out;
	}
	if (!ba->silent && !cx->out->json) {
		ba->o.progress = build_progress_out;
		ba->o.progress_user = cx;
	}
	rc = CMD_FAIL;
	if (guest_build(&ba->o, err) < 0)
		goto out;
	cmd_report(cx, "build", name, true, "%s: built (method %s)", name, ba->o.method);
	rc = CMD_OK;
out:
	argv[1] = (char *)name;
	build_args_free(ba);
	free(ba);
	return rc;
}

const struct vsm_command cmd_build = {
	.name = "build",
	.min_args = 1, .max_args = -1,
	.args = { CMD_ARG_NEWGUEST, CMD_ARG_ANY },
	.options = build_args_options,
	.usage = "build NAME -m METHOD [options] -- [method args]",
	.help = "Build a new guest, with exactly the options of vserver NAME build: --hostname, "
		"--context, --interface [NAME=][DEV:]IP[/PREFIX], --flags, --initstyle, --rootdir, "
		"--force, --keep; methods skeleton, busybox, debootstrap (-- -d SUITE [-m MIRROR]), "
		"clone (-- --source GUEST|DIR), template (-- -t TARBALL).",
	.exec = build_exec,
};
