/* setattr: util-vserver's attribute setter on mainline. --immutable/--~immutable (and `!` for `~`)
 * map to FS_IMMUTABLE_FL; every other flag FS_IOC_SETFLAGS knows is available by its chattr name
 * (--append, --noatime, ...). The vserver-only attributes are refused with the reason, or (barrier,
 * iunlink) noted with what vsm does instead. */
#include "backend/fsflags.h"
#include "cli/common/attrwalk.h"
#include "cli/common/cli.h"
#include "kernel/fsattr.h"

#include <getopt.h>
#include <linux/fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct change {
	unsigned set, clear;
};

static void usage(FILE *f)
{
	fprintf(f, "Usage: setattr [-R] [-x] [--[~|!]ATTR]... [--flags ATTR,~ATTR,...] FILE...\n"
		   "ATTR: immutable (immu), append, noatime, nodump, sync, dirsync, nocow, ... (every\n"
		   "flag chattr knows, by name). util-vserver's iunlink sets immutable only (mainline\n"
		   "has no unlinkable immutable); barrier is a no-op (guests are confined by\n"
		   "pivot_root); admin, watch, hide, write, cow and ixunlink have no mainline\n"
		   "equivalent and are refused. -R recurse (no symlink followed), -x one filesystem.\n");
}

/* Apply one "[~|!]NAME" to C. Returns 0, or 1 after printing why NAME cannot be honoured. */
static int change_add(struct change *c, const char *arg)
{
	bool clear = arg[0] == '~' || arg[0] == '!';
	const char *name = clear ? arg + 1 : arg;
	int fatal = 0;
	const char *note = fsflag_vserver_note(name, &fatal);
	if (note) {
		cli_warn("%s: %s", name, note);
		if (fatal)
			return 1;
		if (!strcmp(name, "iunlink")) {
			(clear ? &c->clear : &c->set)[0] |= FS_IMMUTABLE_FL;
		}
		return 0;
	}
	const struct fsflag *f = fsflag_find(name);
	if (!f) {
		cli_warn("unknown attribute '%s'", name);
		return 1;
	}
	if (clear)
		c->clear |= f->flag;
	else
		c->set |= f->flag;
	return 0;
}

static int apply(int fd, const char *display, const struct stat *st, void *user)
{
	const struct change *c = user;
	if (fd < 0)
		return 0;	/* symlinks and special files carry no flags */
	int r = fsattr_change(fd, c->set, c->clear, NULL);
	if (r < 0) {
		cli_warn("%s: FS_IOC_SETFLAGS: %s%s", display, strerror(-r),
			 r == -EPERM ? " (needs CAP_LINUX_IMMUTABLE)" : "");
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	cli_init("setattr", &argc, &argv);
	struct attrwalk_opts o = {0};
	struct change c = {0};
	int bad = 0;
	/* util-vserver spells attributes as long options with optional ~ or ! prefixes, which
	 * getopt cannot express: parse by hand. */
	int i = 1;
	for (; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--")) {
			i++;
			break;
		}
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			return 0;
		}
		if (a[0] != '-')
			break;
		if (a[1] != '-') {
			for (const char *p = a + 1; *p; p++) {
				if (*p == 'R')
					o.recursive = true;
				else if (*p == 'x')
					o.one_fs = true;
				else {
					cli_warn("unknown option -%c", *p);
					usage(stderr);
					return 1;
				}
			}
			continue;
		}
		if (!strcmp(a, "--flags") || !strncmp(a, "--flags=", 8)) {
			const char *list = a[7] == '=' ? a + 8 : (i + 1 < argc ? argv[++i] : "");
			char buf[512];
			snprintf(buf, sizeof(buf), "%s", list);
			for (char *save, *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save))
				bad += change_add(&c, t);
			continue;
		}
		bad += change_add(&c, a + 2);
	}
	o.all = true;
	if (bad)
		return 1;
	if (i >= argc) {
		usage(stderr);
		return 1;
	}
	if (!c.set && !c.clear)
		return 0;	/* only notes (barrier): nothing to change */
	int fails = 0;
	for (; i < argc; i++)
		fails += attrwalk_path(argv[i], &o, apply, &c);
	return fails ? 1 : 0;
}
