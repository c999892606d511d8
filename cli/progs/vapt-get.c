/* vapt-get: apt-get inside guests whose files vunify shares. Before apt runs, the files of every
 * package the operation would touch (apt-get -s) are given private copies, because dpkg's backup
 * link and its rename over the old file both fail on an immutable shared inode; --unify shares
 * what is identical again afterwards. */
#include "backend/apt_unshare.h"
#include "backend/unify.h"
#include "cli/common/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *f)
{
	fprintf(f, "Usage: vapt-get [--root DIR] [--unify [--with GUEST]...] [-n] GUEST... -- ARGS...\n"
		   "Run apt-get ARGS in each running GUEST, first un-sharing the files of the packages\n"
		   "it would install, upgrade or remove. --unify: vunify the guests afterwards, with\n"
		   "their apps/vunify/refserver.* references and every --with GUEST. -n: only say\n"
		   "what would be un-shared; apt-get is not run.\n");
}

int main(int argc, char **argv)
{
	cli_init("vapt-get", &argc, &argv);
	bool unify = false, dry = false;
	int i = 1, first_guest, nguests = 0;
	const char **with = calloc((size_t)argc, sizeof(*with));
	size_t nwith = 0;
	if (!with)
		return 1;
	for (; i < argc && argv[i][0] == '-' && strcmp(argv[i], "--"); i++) {
		if (!strcmp(argv[i], "--unify"))
			unify = true;
		else if (!strcmp(argv[i], "--with") && i + 1 < argc)
			with[nwith++] = argv[++i];
		else if (!strcmp(argv[i], "-n") || !strcmp(argv[i], "--dry-run"))
			dry = true;
		else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			usage(stdout);
			return 0;
		} else {
			usage(stderr);
			return 1;
		}
	}
	first_guest = i;
	while (i < argc && strcmp(argv[i], "--")) {
		i++;
		nguests++;
	}
	if (nguests == 0 || i >= argc || i + 1 >= argc) {
		usage(stderr);
		return 1;
	}
	char **args = argv + i + 1;
	argv[i] = NULL;
	int worst = 0;
	for (int g = first_guest; g < first_guest + nguests; g++) {
		const char *name = argv[g];
		struct vsm_error err = {0};
		unsigned long files = 0, pkgs = 0;
		if (apt_unshare_for(name, args, dry, &files, &pkgs, &err) < 0) {
			cli_print_error(name, &err);
			worst = worst ? worst : 1;
			continue;
		}
		fprintf(stderr, "vapt-get: %s: %s %lu shared files of %lu packages\n", name,
			dry ? "would un-share" : "un-shared", files, pkgs);
		if (dry)
			continue;
		int status = 0;
		if (apt_run(name, args, &status, &err) < 0) {
			cli_print_error(name, &err);
			status = 1;
		}
		if (status > worst)
			worst = status;
	}
	if (unify && !dry) {
		struct unify_opts o = {0};
		struct unify_stats st;
		struct vsm_error err = {0};
		for (int g = first_guest; g < first_guest + nguests; g++)
			with[nwith++] = argv[g];
		if (unify_guests(with, nwith, &o, &st, &err) < 0) {
			cli_print_error("unify", &err);
			free(with);
			return worst ? worst : 1;
		}
		fprintf(stderr, "vapt-get: vunify: %lu linked, %lu already shared, %lu errors\n",
			st.linked, st.already, st.errors);
	}
	free(with);
	return worst;
}
