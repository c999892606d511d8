/* vdlimit: show, set or remove a guest's disk limit (space in 1 KiB blocks, inodes, reserved %).
 * Without --set/--remove it prints util-vserver's key=value lines. */
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

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: vdlimit [--root DIR] GUEST|CTX                  show the limit and usage\n"
		"       vdlimit [--root DIR] GUEST|CTX --set KEY=VALUE…  set (space_total in KiB or with a\n"
		"                                                          K/M/G suffix, inodes_total, reserved)\n"
		"       vdlimit [--root DIR] GUEST|CTX --remove          remove the limit (guest stopped)\n"
		"       vdlimit --probe                                  which backend this host uses\n"
		"Also accepted: --xid CTX instead of GUEST.\n");
}

static int parse_size(const char *s, uint64_t *kb)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || end == s || s[0] == '-')
		return -1;
	uint64_t mul = 1;
	if (*end == 'K' || *end == 'k')
		end++;
	else if (*end == 'M' || *end == 'm')
		mul = 1024, end++;
	else if (*end == 'G' || *end == 'g')
		mul = 1024 * 1024, end++;
	if (*end)
		return -1;
	*kb = v * mul;
	return 0;
}

static int apply_set(struct dlimit *dl, const char *kv)
{
	const char *eq = strchr(kv, '=');
	if (!eq)
		return -1;
	size_t k = (size_t)(eq - kv);
	const char *v = eq + 1;
	uint64_t x;
	if (k == 11 && !strncmp(kv, "space_total", k))
		return parse_size(v, &dl->space_total_kb);
	if (parse_size(v, &x) < 0 || strpbrk(v, "KkMmGg"))
		return -1;
	if (k == 12 && !strncmp(kv, "inodes_total", k))
		dl->inodes_total = x;
	else if (k == 8 && !strncmp(kv, "reserved", k) && x <= 50)
		dl->reserved_pct = (unsigned)x;
	else
		return -1;
	return 0;
}

static int show(const char *name)
{
	struct vsm_error err = { 0 };
	struct dlimit dl;
	int r = dlimit_load(name, &dl, &err);
	if (r == -ENOENT) {
		printf("%s: no disk limit\n", name);
		return 0;
	}
	if (r < 0) {
		cli_print_error(NULL, &err);
		return 1;
	}
	struct dlimit_usage u;
	if ((r = dlimit_usage_get(name, &u, &err)) < 0 && r != -ENOENT) {
		cli_print_error(NULL, &err);
		return 1;
	}
	printf("backend=image\ndirectory=%s\n", dl.directory);
	if (r == 0)
		printf("space_used=%" PRIu64 "\n", u.space_used_kb);
	printf("space_total=%" PRIu64 "\n", dl.space_total_kb);
	if (r == 0)
		printf("space_fs=%" PRIu64 "\ninodes_used=%" PRIu64 "\n", u.space_total_kb, u.inodes_used);
	printf("inodes_total=%" PRIu64 "\n", r == 0 ? u.inodes_total : dl.inodes_total);
	printf("reserved=%u\n", dl.reserved_pct);
	return 0;
}

int main(int argc, char **argv)
{
	cli_init("vdlimit", &argc, &argv);
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' }, { "set", required_argument, NULL, 's' },
		{ "remove", no_argument, NULL, 'r' }, { "xid", required_argument, NULL, 'x' },
		{ "probe", no_argument, NULL, 'p' }, { "flags", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	const char *sets[16];
	int nsets = 0, c;
	bool remove = false, probe = false;
	const char *arg = NULL;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage(stdout);
			return 0;
		case 's':
			if (nsets == 16) {
				cli_warn("too many --set options");
				return 1;
			}
			sets[nsets++] = optarg;
			break;
		case 'r':
			remove = true;
			break;
		case 'x':
			arg = optarg;
			break;
		case 'p':
			probe = true;
			break;
		case 'f':
			break; /* util-vserver's limit flags have no meaning here */
		default:
			usage(stderr);
			return 1;
		}
	}
	if (probe) {
		char why[200];
		enum dlimit_backend b = dlimit_probe(why, sizeof(why));
		printf("backend=%s\nquota=%s\n", dlimit_backend_name(b), why);
		return 0;
	}
	if (!arg && optind < argc)
		arg = argv[optind++];
	/* util-vserver passes the MOUNTPOINT after the options: accepted, the vdir is implied. */
	if (!arg || argc - optind > 1 || (remove && nsets)) {
		usage(stderr);
		return 1;
	}
	struct vsm_error err = { 0 };
	char name[256];
	if (monitor_guest_resolve(vsm_paths(), arg, name, sizeof(name), &err) < 0) {
		cli_print_error(arg, &err);
		return 1;
	}
	if (remove) {
		if (dlimit_remove(name, &err) < 0) {
			cli_print_error(NULL, &err);
			return 1;
		}
		return 0;
	}
	if (!nsets)
		return show(name);
	struct dlimit dl = { .reserved_pct = 5 };
	if (dlimit_load(name, &dl, &err) < 0 && dlimit_has_image(name)) {
		cli_print_error(NULL, &err);
		return 1;
	}
	for (int i = 0; i < nsets; i++)
		if (apply_set(&dl, sets[i]) < 0) {
			cli_warn("bad --set '%s' (space_total=KiB|NK|NM|NG, inodes_total=N, reserved=0..50)",
				 sets[i]);
			return 1;
		}
	if (!dl.space_total_kb) {
		cli_warn("%s: space_total must be set", name);
		return 1;
	}
	if (dlimit_set(name, &dl, &err) < 0) {
		cli_print_error(NULL, &err);
		return 1;
	}
	return 0;
}
