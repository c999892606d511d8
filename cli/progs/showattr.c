/* showattr: util-vserver's attribute listing on mainline. The 9-letter field keeps its layout
 * (a admin, w watch, h hide, m write, b barrier, u iunlink, i immutable, c cow, x xid): upper
 * case set, lower case supported but clear, '-' unsupported. Mainline supports only `i`; -e adds
 * chattr's letters for every flag FS_IOC_GETFLAGS reports (append-only among them). */
#include "backend/fsflags.h"
#include "cli/common/attrwalk.h"
#include "cli/common/cli.h"
#include "kernel/fsattr.h"

#include <getopt.h>
#include <linux/fs.h>
#include <stdio.h>
#include <string.h>

static bool extended;

static void usage(FILE *f)
{
	fprintf(f, "Usage: showattr [-R] [-a] [-d] [-x] [-e] [FILE...]\n"
		   "Show util-vserver's attribute letters (awhmbuicx) of each FILE; a directory lists\n"
		   "its entries unless -d. -R recurse, -a include dot files, -x stay on one\n"
		   "filesystem, -e also show every inode flag mainline has, in chattr's letters.\n");
}

static int show(int fd, const char *display, const struct stat *st, void *user)
{
	char field[10] = "------" "---";
	unsigned flags = 0;
	if (fd >= 0) {
		int r = fsattr_get(fd, &flags);
		if (r < 0 && r != -ENOTTY && r != -EOPNOTSUPP) {
			printf("%-9s %s\n", "ERR", display);
			cli_warn("%s: FS_IOC_GETFLAGS: %s", display, strerror(-r));
			return 1;
		}
		if (r == 0)
			field[6] = (flags & FS_IMMUTABLE_FL) ? 'I' : 'i';
	}
	if (extended) {
		char ext[32];
		if (fd >= 0)
			fsflags_format(flags, ext, sizeof(ext));
		else
			snprintf(ext, sizeof(ext), "%.*s", (int)fsflags_count, "-------------------");
		printf("%s %s %s\n", field, ext, display);
	} else {
		printf("%s %s\n", field, display);
	}
	return 0;
}

int main(int argc, char **argv)
{
	cli_init("showattr", &argc, &argv);
	struct attrwalk_opts o = { .list_dirs = true };
	int c;
	static const struct option opts[] = { { "help", no_argument, NULL, 'h' },
					      { NULL, 0, NULL, 0 } };
	while ((c = getopt_long(argc, argv, "hRadxe", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage(stdout);
			return 0;
		case 'R':
			o.recursive = true;
			break;
		case 'a':
			o.all = true;
			break;
		case 'd':
			o.list_dirs = false;
			break;
		case 'x':
			o.one_fs = true;
			break;
		case 'e':
			extended = true;
			break;
		default:
			usage(stderr);
			return 1;
		}
	}
	int fails = 0;
	if (optind == argc)
		fails += attrwalk_path(".", &o, show, NULL);
	for (int i = optind; i < argc; i++)
		fails += attrwalk_path(argv[i], &o, show, NULL);
	return fails ? 1 : 0;
}
