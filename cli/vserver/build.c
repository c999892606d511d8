/* `vserver NAME build -m METHOD [options] -- [method args]`: argv to struct build_opts, progress
 * to stage lines on stdout. */
#include "backend/build.h"
#include "backend/build_args.h"
#include "cli/common/cli.h"
#include "cli/vserver/vserver.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void build_usage(FILE *f)
{
	fprintf(f, "Usage: vserver [--silent] NAME build -m METHOD [options] -- [method args]\n%s",
		build_args_usage);
}

static void progress_print(const struct build_progress *p, void *user)
{
	if (p->percent >= 0)
		printf("[%3d%%] %s: %s\n", p->percent, p->stage, p->message);
	else
		printf("[    ] %s: %s\n", p->stage, p->message);
	fflush(stdout);
}

int vserver_cmd_build(const char *name, int argc, char **argv, const struct vserver_opts *vo)
{
	struct build_args *ba = malloc(sizeof(*ba));
	if (!ba) {
		cli_warn("out of memory");
		return 1;
	}
	struct vsm_error err = {0};
	int rc = 255;
	if (build_args_parse(ba, name, argc, argv, &err) < 0) {
		cli_warn("%s: build: %s", name, err.msg);
		build_usage(stderr);
		goto out;
	}
	if (ba->help) {
		build_usage(stdout);
		rc = 0;
		goto out;
	}
	if (!vo->silent && !ba->silent)
		ba->o.progress = progress_print;
	rc = 0;
	if (guest_build(&ba->o, &err) < 0) {
		cli_print_error(NULL, &err);
		rc = 1;
	}
out:
	build_args_free(ba);
	free(ba);
	return rc;
}
