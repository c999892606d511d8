/* vhashify: share guests' files through a hash store on their filesystem (<vdirbase>/.hash). */
#include "backend/unify.h"
#include "cli/common/cli.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static int verbose;

static void usage(FILE *f)
{
	fprintf(f, "Usage: vhashify [--root DIR] [-n] [-v]... [--destination DIR] GUEST...\n"
		   "Link every shareable file of each GUEST to an equal entry (byte for byte, owner,\n"
		   "mode, xattrs) of the hash store, adding a copy when there is none. The store must\n"
		   "be on the guests' filesystem; default <vdirbase>/.hash.\n"
		   "  -n   dry run    -v   list linked files; -vv also skipped ones\n");
}

static void on_note(void *user, const char *guest, const char *path, const char *what)
{
	int lvl = (!strcmp(what, "linked") || !strcmp(what, "would link") ||
		   !strncmp(what, "would add", 9)) ? 1 : 2;
	if (strchr(what, ':'))
		lvl = 0;
	if (verbose >= lvl)
		printf("%s:%s: %s\n", guest ? guest : "", path ? path : "", what);
}

int main(int argc, char **argv)
{
	cli_init("vhashify", &argc, &argv);
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "destination", required_argument, NULL, 'd' },
		{ NULL, 0, NULL, 0 },
	};
	struct unify_opts o = { .note = on_note };
	int c;
	while ((c = getopt_long(argc, argv, "hnv", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage(stdout);
			return 0;
		case 'n':
			o.dry_run = true;
			break;
		case 'v':
			verbose++;
			break;
		case 'd':
			o.hashdir = optarg;
			break;
		default:
			usage(stderr);
			return 1;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return 1;
	}
	struct unify_stats st;
	struct vsm_error err = {0};
	if (unify_hashify((const char *const *)argv + optind, (size_t)(argc - optind), &o, &st,
			  &err) < 0) {
		cli_print_error(NULL, &err);
		return 1;
	}
	printf("vhashify%s: %lu files, %lu %sadded to the store, %lu %slinked, %lu already in the "
	       "store, %lu changed during the run, %lu errors\n", o.dry_run ? " (dry run)" : "",
	       st.files, st.added, o.dry_run ? "would be " : "", st.linked,
	       o.dry_run ? "would be " : "", st.already, st.changed, st.errors);
	return st.errors ? 2 : 0;
}
