/* vspace / vnamespace: --new unshares, --enter joins a running guest's namespaces, then PROGRAM. */
#include "cli/common/cli_space.h"
#include "backend/attr_list.h"
#include "backend/chain.h"
#include "backend/chain_space.h"
#include "backend/guest_name.h"
#include "cli/common/cli.h"
#include "cli/common/cli_chain.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *f, bool vns)
{
	fprintf(f, "Usage: %s [--root DIR] (--new | --enter CTX|NAME) [--mask LIST] [--default]\n"
		   "       [--[~]mount|fs] [--[~]uts] [--[~]ipc] [--[~]pid] [--[~]net] [--[~]user]\n"
		   "       [--[~]cgroup] [--[~]time] -- PROGRAM ARGS...\n"
		   "LIST: comma-separated mnt uts ipc pid net user cgroup time (all, none, ~name).\n"
		   "Without a list: %s.\n", vns ? "vnamespace" : "vspace",
		vns ? "the mount namespace" : "every namespace");
}

int cli_space_main(int argc, char **argv, bool vns)
{
	cli_init(vns ? "vnamespace" : "vspace", &argc, &argv);
	enum { O_NEW = 256, O_ENTER, O_SET, O_INDEX, O_CLEANUP, O_MASK, O_DEFAULT, O_KIND = 512,
	       O_NOTKIND = 600 };
	static const char *const kinds[] = { "mount", "uts", "ipc", "pid", "net", "user", "cgroup",
					     "time", "fs", "mnt" };
	static const int kind_bit[] = { 0, 1, 2, 3, 4, 5, 6, 7, 0, 0 };
	enum { NKINDS = sizeof(kinds) / sizeof(kinds[0]) };
	struct option opts[16 + 2 * NKINDS] = {
		{ "help", no_argument, NULL, 'h' }, { "new", no_argument, NULL, O_NEW },
		{ "enter", required_argument, NULL, O_ENTER }, { "set", no_argument, NULL, O_SET },
		{ "index", required_argument, NULL, O_INDEX },
		{ "cleanup", no_argument, NULL, O_CLEANUP },
		{ "mask", required_argument, NULL, O_MASK },
		{ "default", no_argument, NULL, O_DEFAULT },
	};
	char notnames[NKINDS][16];
	int no = 8;
	for (int i = 0; i < NKINDS; i++) {
		opts[no++] = (struct option){ kinds[i], no_argument, NULL, O_KIND + i };
		snprintf(notnames[i], sizeof(notnames[i]), "~%s", kinds[i]);
		opts[no++] = (struct option){ notnames[i], no_argument, NULL, O_NOTKIND + i };
	}
	opts[no] = (struct option){ NULL, 0, NULL, 0 };
	const char *enter = NULL;
	bool new = false, given = false;
	uint64_t mask = 0;
	int c;
	while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		if (c >= O_NOTKIND) {
			mask &= ~(1ULL << kind_bit[c - O_NOTKIND]);
			given = true;
			continue;
		}
		if (c >= O_KIND) {
			mask |= 1ULL << kind_bit[c - O_KIND];
			given = true;
			continue;
		}
		switch (c) {
		case 'h':
			usage(stdout, vns);
			return 0;
		case O_NEW:
			new = true;
			break;
		case O_ENTER:
			enter = optarg;
			break;
		case O_SET:
		case O_INDEX:
		case O_CLEANUP:
			cli_warn("%s: a guest's namespaces are those of its init, made at start; choose "
				 "them with spaces/<kind> in its config (vservers(5))",
				 c == O_SET ? "--set" : c == O_INDEX ? "--index" : "--cleanup");
			return CHAIN_EXIT_FAILURE;
		case O_MASK: {
			uint64_t v, m;
			struct vsm_error err = {0};
			if (attr_list_parse(attr_space_bits, "--mask", optarg, &v, &m, &err) < 0) {
				cli_print_error(NULL, &err);
				return CHAIN_EXIT_FAILURE;
			}
			mask = (mask & ~m) | (v & m);
			given = true;
			break;
		}
		case O_DEFAULT:
			mask = vns ? 1 : SPACE_ALL;
			given = true;
			break;
		default:
			usage(stderr, vns);
			return CHAIN_EXIT_FAILURE;
		}
	}
	if (new == (enter != NULL)) {
		cli_warn("exactly one of --new and --enter is needed");
		return CHAIN_EXIT_FAILURE;
	}
	if (optind >= argc) {
		cli_warn("no PROGRAM given");
		return CHAIN_EXIT_FAILURE;
	}
	if (!given)
		mask = vns ? 1 : SPACE_ALL;
	struct vsm_error err = {0};
	bool need_fork = false;
	if (new) {
		if (space_new(mask, &need_fork, &err) < 0) {
			cli_print_error(NULL, &err);
			return 1;
		}
	} else {
		char name[GUEST_NAME_MAX + 1];
		uint64_t joined;
		cli_chain_guest(enter, name, sizeof(name));
		if (space_enter(name, mask, &joined, &need_fork, &err) < 0) {
			cli_print_error(NULL, &err);
			return 1;
		}
	}
	if (need_fork) {
		bool child;
		int status;
		if (space_fork_wait(&child, &status, &err) < 0) {
			cli_print_error(NULL, &err);
			return 1;
		}
		if (!child)
			return status;
	}
	cli_chain(argc, argv, optind, 0);
}
