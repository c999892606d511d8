/* `vserver NAME unify [-R] [-n]`, `vserver NAME hashify [-n]` and `vserver NAME apt-get ARGS…`:
 * the sharing tools (vunify, vhashify, vapt-get) for one guest. */
#include "backend/apt_unshare.h"
#include "backend/unify.h"
#include "cli/common/cli.h"
#include "cli/vserver/vserver.h"

#include <stdio.h>
#include <string.h>

static int flags_parse(int argc, char **argv, struct unify_opts *o, bool allow_revert)
{
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-n"))
			o->dry_run = true;
		else if (allow_revert && !strcmp(argv[i], "-R"))
			o->revert = true;
		else {
			fprintf(stderr, "Usage: vserver NAME %s%s [-n]\n", argv[0],
				allow_revert ? " [-R]" : "");
			return -1;
		}
	}
	return 0;
}

static int run_sharing(const char *name, int argc, char **argv, const struct vserver_opts *opts,
		       bool hash)
{
	struct unify_opts o = {0};
	if (flags_parse(argc, argv, &o, !hash) < 0)
		return 2;
	struct unify_stats st;
	struct vsm_error err = {0};
	int r = hash ? unify_hashify(&name, 1, &o, &st, &err) : unify_guests(&name, 1, &o, &st, &err);
	if (r < 0) {
		cli_print_error(argv[0], &err);
		return 1;
	}
	if (!opts->silent)
		printf("%s%s: %lu files, %lu linked, %lu already shared, %lu given private copies, "
		       "%lu errors\n", argv[0], o.dry_run ? " (dry run)" : "", st.files, st.linked,
		       st.already, st.reverted, st.errors);
	return st.errors ? 2 : 0;
}

int vserver_cmd_unify(const char *name, int argc, char **argv, const struct vserver_opts *opts)
{
	return run_sharing(name, argc, argv, opts, false);
}

int vserver_cmd_hashify(const char *name, int argc, char **argv, const struct vserver_opts *opts)
{
	return run_sharing(name, argc, argv, opts, true);
}

int vserver_cmd_apt_get(const char *name, int argc, char **argv, const struct vserver_opts *opts)
{
	struct vsm_error err = {0};
	unsigned long files = 0, pkgs = 0;
	if (apt_unshare_for(name, argv + 1, false, &files, &pkgs, &err) < 0) {
		cli_print_error("apt-get", &err);
		return 1;
	}
	if (!opts->silent && files)
		fprintf(stderr, "vserver: %s: un-shared %lu files of %lu packages\n", name, files,
			pkgs);
	int status = 1;
	fflush(stdout);
	if (apt_run(name, argv + 1, &status, &err) < 0) {
		cli_print_error("apt-get", &err);
		return 1;
	}
	return status;
}
