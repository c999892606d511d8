/* vunify: share identical files of guests as immutable hard links (DESIGN.md "Fixed names"). */
#include "backend/unify.h"
#include "cli/common/cli.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static int verbose;

static void usage(FILE *f)
{
	fprintf(f, "Usage: vunify [--root DIR] [-R] [-n] [-v]... [--no-refservers] [--no-pkgmgmt] GUEST...\n"
		   "Share the files the named guests (and their apps/vunify/refserver.* references)\n"
		   "hold identically (content byte for byte, owner, mode, xattrs) as one immutable inode.\n"
		   "  -R   give the guests private copies of their shared files back\n"
		   "  -n   dry run: compare and count, change nothing\n"
		   "  -v   list linked and differing files; -vv also skipped ones\n");
}

/* Files the run acted on or found different show at -v; skips (excluded, symlink, ...) at -vv. */
static void on_note(void *user, const char *guest, const char *path, const char *what)
{
	static const char *const level1[] = { "linked", "would link", "different", "private copy",
					      "would copy back", "changed during the run",
					      "changed during the scan", NULL };
	int lvl = 2;
	for (int i = 0; level1[i]; i++)
		if (!strcmp(what, level1[i]))
			lvl = 1;
	if (strchr(what, ':'))	/* an error message */
		lvl = 0;
	if (verbose < lvl)
		return;
	printf("%s:%s: %s\n", guest ? guest : "", path ? path : "", what);
}

static void human(unsigned long long b, char *buf, size_t len)
{
	const char *u = "KMGT";
	if (b < 1024) {
		snprintf(buf, len, "%llu B", b);
		return;
	}
	double v = (double)b / 1024;
	int i = 0;
	while (v >= 1024 && i < 3) {
		v /= 1024;
		i++;
	}
	snprintf(buf, len, "%.1f %ciB", v, u[i]);
}

int main(int argc, char **argv)
{
	cli_init("vunify", &argc, &argv);
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "revert", no_argument, NULL, 'R' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "no-refservers", no_argument, NULL, 'r' },
		{ "no-pkgmgmt", no_argument, NULL, 'p' },
		{ "reflink", no_argument, NULL, 'L' },
		{ NULL, 0, NULL, 0 },
	};
	struct unify_opts o = { .note = on_note };
	int c;
	while ((c = getopt_long(argc, argv, "hRnv", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage(stdout);
			return 0;
		case 'R':
			o.revert = true;
			break;
		case 'n':
			o.dry_run = true;
			break;
		case 'v':
			verbose++;
			break;
		case 'r':
			o.no_refservers = true;
			break;
		case 'p':
			o.no_pkgmgmt = true;
			break;
		case 'L':
			cli_warn("--reflink: this filesystem mode is not built yet; use the default "
				 "hard link + immutable mode");
			return 1;
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
	if (unify_guests((const char *const *)argv + optind, (size_t)(argc - optind), &o, &st,
			 &err) < 0) {
		cli_print_error(NULL, &err);
		return 1;
	}
	char freed[32], shared[32];
	human(st.bytes_freed, freed, sizeof(freed));
	human(st.bytes_shared, shared, sizeof(shared));
	const char *dry = o.dry_run ? " (dry run)" : "";
	if (o.revert)
		printf("vunify -R%s: %lu files given private copies, %lu errors\n", dry, st.reverted,
		       st.errors);
	else
		printf("vunify%s: %lu files, %lu %slinked, %lu already shared, %lu different, "
		       "%lu changed during the run, %lu errors; %s freed, %s shared\n",
		       dry, st.files, st.linked, o.dry_run ? "would be " : "", st.already,
		       st.different, st.changed, st.errors, freed, shared);
	return st.errors ? 2 : 0;
}
