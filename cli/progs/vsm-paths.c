/* vsm-paths: print the host paths and kernel-global names in force, as shell assignments
 * (for scripts, tests and admins checking what a --root re-bases). */
#include "backend/paths.h"
#include "cli/common/cli.h"

#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	cli_init("vsm-paths", &argc, &argv);
	if (argc > 1) {
		fprintf(strcmp(argv[1], "--help") ? stderr : stdout,
			"Usage: vsm-paths [--root DIR]\n");
		return strcmp(argv[1], "--help") ? 255 : 0;
	}
	const struct vsm_paths *p = vsm_paths();
	printf("root='%s'\nconfdir='%s'\nvdirbase='%s'\nrundir='%s'\nlogdir='%s'\n"
	       "cachedir='%s'\npkgcache='%s'\nlockdir='%s'\ncgroup_base='%s'\nifprefix='%s'\n",
	       p->root, p->confdir, p->vdirbase, p->rundir, p->logdir, p->cachedir, p->pkgcache,
	       p->lockdir, p->cgroup_base, p->ifprefix);
	return 0;
}
