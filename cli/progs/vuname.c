/* vuname: show (-g) or set (-s -t TAG=VAL, --dir D) a guest's UTS names, then run PROGRAM.
 * The logic is backend/chain_uname.c. */
#include "backend/chain.h"
#include "backend/chain_uname.h"
#include "backend/fsutil.h"
#include "backend/guest_name.h"
#include "cli/common/cli.h"
#include "cli/common/cli_chain.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void usage(FILE *f)
{
	fprintf(f, "Usage: vuname [--root DIR] [-g] --xid CTX|NAME [TAG...]\n"
		   "       vuname -s --xid CTX|NAME -t TAG=VALUE... [-- PROGRAM ARGS...]\n"
		   "       vuname --dir DIR --xid CTX|NAME [--missingok] [-- PROGRAM ARGS...]\n"
		   "TAG: context sysname nodename release version machine domainname.\n"
		   "-s changes the running guest; --dir also writes the guest's config (uts/).\n");
}

/* Read DIR/<tag> for every settable tag into VALS/SET. Missing files are skipped. */
static int read_dir(const char *dir, bool missingok, bool set[UTAG_COUNT],
		    char vals[UTAG_COUNT][65])
{
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0) {
		if (errno == ENOENT && missingok)
			return 0;
		cli_warn("%s: %s", dir, strerror(errno));
		return -1;
	}
	for (int t = UTAG_SYSNAME; t < UTAG_COUNT; t++) {
		char *text = NULL;
		size_t len;
		struct vsm_error err = {0};
		int r = fs_read_file_at(dfd, uname_tag_names[t], 4096, &text, &len, &err);
		if (r == -ENOENT)
			continue;
		if (r < 0) {
			cli_print_error(dir, &err);
			close(dfd);
			return -1;
		}
		text[strcspn(text, "\n")] = 0;
		snprintf(vals[t], 65, "%s", text);
		set[t] = true;
		free(text);
	}
	close(dfd);
	return 0;
}

int main(int argc, char **argv)
{
	cli_init("vuname", &argc, &argv);
	enum { O_XID = 256, O_DIR, O_MISSINGOK };
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' }, { "xid", required_argument, NULL, O_XID },
		{ "get", no_argument, NULL, 'g' }, { "set", no_argument, NULL, 's' },
		{ "tag", required_argument, NULL, 't' }, { "dir", required_argument, NULL, O_DIR },
		{ "missingok", no_argument, NULL, O_MISSINGOK }, { NULL, 0, NULL, 0 },
	};
	const char *xid = NULL, *dir = NULL;
	bool get = false, setmode = false, missingok = false;
	bool set[UTAG_COUNT] = {0};
	char vals[UTAG_COUNT][65] = {{0}};
	int c;
	while ((c = getopt_long(argc, argv, "+hgst:", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage(stdout);
			return 0;
		case O_XID:
			xid = optarg;
			break;
		case 'g':
			get = true;
			break;
		case 's':
			setmode = true;
			break;
		case 't': {
			char *eq = strchr(optarg, '=');
			int t = -1;
			if (eq) {
				*eq = 0;
				t = uname_tag_from_name(optarg);
			}
			if (t < 0 || strlen(eq + 1) > 64) {
				cli_warn("-t: expected TAG=VALUE with a known TAG and at most 64 characters");
				return CHAIN_EXIT_FAILURE;
			}
			if (t != UTAG_CONTEXT) {	/* vsm knows the config path itself */
				snprintf(vals[t], 65, "%s", eq + 1);
				set[t] = true;
			}
			break;
		}
		case O_DIR:
			dir = optarg;
			break;
		case O_MISSINGOK:
			missingok = true;
			break;
		default:
			usage(stderr);
			return CHAIN_EXIT_FAILURE;
		}
	}
	if ((setmode || dir) && get) {
		cli_warn("-g cannot be combined with -s or --dir");
		return CHAIN_EXIT_FAILURE;
	}
	char name[GUEST_NAME_MAX + 1];
	cli_chain_guest(xid, name, sizeof(name));
	struct vsm_error err = {0};
	if (!setmode && !dir) {
		int tags[UTAG_COUNT * 4], nt = 0;
		for (int i = optind; i < argc && nt < UTAG_COUNT * 4; i++) {
			if ((tags[nt] = uname_tag_from_name(argv[i])) < 0) {
				cli_warn("unknown tag '%s'", argv[i]);
				return CHAIN_EXIT_FAILURE;
			}
			nt++;
		}
		if (nt == 0)
			for (; nt < UTAG_COUNT; nt++)
				tags[nt] = nt;
		char got[UTAG_COUNT][65];
		bool ok = uname_get(name, got, &err) == 0;
		for (int i = 0; i < nt; i++)
			printf("%s%s", i ? " " : "", ok ? got[tags[i]] : "???");
		printf("\n");
		if (!ok)
			cli_print_error(NULL, &err);
		return ok ? 0 : 1;
	}
	if (dir && read_dir(dir, missingok, set, vals) < 0)
		return 1;
	bool live;
	if (uname_set(name, set, vals, true, dir != NULL, &live, &err) < 0) {
		cli_print_error(NULL, &err);
		return 1;
	}
	if (dir && !live)
		cli_warn("%s does not run: the config is written, the names apply at its start", name);
	cli_chain(argc, argv, optind, 0);
}
