/* vdu: disk space (1 KiB blocks, or --blocksize) or inodes used under directories or by guests.
 * A guest with a disk-limit image reports its filesystem's figures (live while it runs, the
 * figures recorded at stop otherwise); other arguments are walked, hard links counted once. */
#include "backend/dlimit.h"
#include "backend/monitor_guests.h"
#include "backend/paths.h"
#include "cli/common/cli.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void usage(FILE *f)
{
	fprintf(f, "Usage: vdu [--root DIR] [--space|--inodes] [--blocksize B] [--script] "
		   "[--xid CTX] DIR|GUEST…\n"
		   "Prints 'ARG VALUE' per argument (just VALUE with --script); --space is the default.\n");
}

int main(int argc, char **argv)
{
	cli_init("vdu", &argc, &argv);
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' }, { "space", no_argument, NULL, 's' },
		{ "inodes", no_argument, NULL, 'i' }, { "blocksize", required_argument, NULL, 'b' },
		{ "script", no_argument, NULL, 'S' }, { "xid", required_argument, NULL, 'x' },
		{ NULL, 0, NULL, 0 },
	};
	bool inodes = false, script = false;
	unsigned long bs = 1024;
	const char *xid = NULL;
	int c;
	char *end;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage(stdout);
			return 0;
		case 's':
			inodes = false;
			break;
		case 'i':
			inodes = true;
			break;
		case 'b':
			bs = strtoul(optarg, &end, 10);
			if (end == optarg || *end || bs == 0 || bs % 512) {
				cli_warn("bad block size '%s' (a multiple of 512)", optarg);
				return 1;
			}
			break;
		case 'S':
			script = true;
			break;
		case 'x':
			xid = optarg;
			break;
		default:
			usage(stderr);
			return 1;
		}
	}
	char *xargv[] = { (char *)xid, NULL };
	char **args = argv + optind;
	if (optind == argc) {
		if (!xid) {
			usage(stderr);
			return 1;
		}
		args = xargv;
	}
	int rc = 0;
	for (; *args; args++) {
		const char *a = *args;
		struct vsm_error err = { 0 };
		uint64_t kb = 0, n = 0;
		char name[256], dir[4096];
		struct stat st;
		bool is_dir = stat(a, &st) == 0 && S_ISDIR(st.st_mode);
		struct dlimit_usage u;
		if (!is_dir && monitor_guest_resolve(vsm_paths(), a, name, sizeof(name), &err) == 0) {
			int r = dlimit_usage_get(name, &u, &err);
			if (r == 0) {
				kb = u.space_used_kb, n = u.inodes_used;
			} else if (r == -ENOENT) {
				if (dlimit_vdir(name, dir, sizeof(dir)) < 0 ||
				    dlimit_du(dir, &kb, &n, &err) < 0) {
					cli_print_error(a, &err);
					rc = 1;
					continue;
				}
			} else {
				cli_print_error(a, &err);
				rc = 1;
				continue;
			}
		} else if (dlimit_du(a, &kb, &n, &err) < 0) {
			cli_print_error(a, &err);
			rc = 1;
			continue;
		}
		uint64_t v = inodes ? n : (kb * 1024 + bs - 1) / bs;
		if (script)
			printf("%" PRIu64 "\n", v);
		else
			printf("%s %" PRIu64 "\n", a, v);
	}
	return rc;
}
