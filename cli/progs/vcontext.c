/* vcontext: run PROGRAM in a running guest (--migrate) or as the init of a new anonymous guest
 * (--create). The logic is backend/chain_context.c. */
#include "backend/chain.h"
#include "backend/chain_context.h"
#include "backend/guest_name.h"
#include "cli/common/cli.h"
#include "cli/common/cli_chain.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* util-vserver: --create on an existing context. */
#define EXIT_EXISTS 254

static void usage(FILE *f)
{
	fprintf(f, "Usage: vcontext [--root DIR] --migrate --xid CTX|NAME [--chroot|--pivot-root] [--uid UID]\n"
		   "                [--disconnect] [--closefd] [--silent] -- PROGRAM ARGS...\n"
		   "       vcontext --create [--xid CTX] [--disconnect] [--silent] [--silentexist]\n"
		   "                -- PROGRAM ARGS...   (the current directory becomes the root)\n");
}

/* The new guest's console output, as the program's own output was in util-vserver. */
static void relay(void *ctx, const char *buf, size_t len)
{
	(void)ctx;
	fwrite(buf, 1, len, stdout);
	fflush(stdout);
}

static void refuse(const char *opt, const char *why)
{
	cli_warn("%s: %s", opt, why);
	exit(CHAIN_EXIT_FAILURE);
}

int main(int argc, char **argv)
{
	cli_init("vcontext", &argc, &argv);
	enum { O_CREATE = 256, O_MIGRATE, O_MIGSELF, O_XID, O_CHROOT, O_PIVOT, O_UID, O_DISC,
	       O_CLOSEFD, O_SILENT, O_SILENTEXIST, O_INITPID, O_ENDSETUP, O_NAMESPACE, O_PERS,
	       O_SYNC, O_VLOGIN };
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' }, { "create", no_argument, NULL, O_CREATE },
		{ "migrate", no_argument, NULL, O_MIGRATE },
		{ "migrate-self", no_argument, NULL, O_MIGSELF },
		{ "xid", required_argument, NULL, O_XID }, { "chroot", no_argument, NULL, O_CHROOT },
		{ "pivot-root", no_argument, NULL, O_PIVOT }, { "uid", required_argument, NULL, O_UID },
		{ "disconnect", no_argument, NULL, O_DISC }, { "closefd", no_argument, NULL, O_CLOSEFD },
		{ "silent", no_argument, NULL, O_SILENT },
		{ "silentexist", no_argument, NULL, O_SILENTEXIST },
		{ "initpid", no_argument, NULL, O_INITPID }, { "fakeinit", no_argument, NULL, O_INITPID },
		{ "endsetup", no_argument, NULL, O_ENDSETUP },
		{ "namespace", no_argument, NULL, O_NAMESPACE },
		{ "personality-type", required_argument, NULL, O_PERS },
		{ "personality-flags", required_argument, NULL, O_PERS },
		{ "syncsock", required_argument, NULL, O_SYNC },
		{ "syncmsg", required_argument, NULL, O_SYNC },
		{ "vlogin", no_argument, NULL, O_VLOGIN },
		{ NULL, 0, NULL, 0 },
	};
	bool create = false, migrate = false, disconnect = false, silent = false, silentexist = false;
	const char *xid = NULL;
	long uid = -1;
	int c;
	while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage(stdout);
			return 0;
		case O_CREATE:
			create = true;
			break;
		case O_MIGRATE:
			migrate = true;
			break;
		case O_MIGSELF:
			refuse("--migrate-self", "the host is no context; use --migrate --xid NAME");
			break;
		case O_XID:
			xid = optarg;
			break;
		case O_UID: {
			char *end;
			errno = 0;
			uid = strtol(optarg, &end, 10);
			if (end == optarg || *end || errno || uid < 0 || uid > 0x7ffffffe)
				refuse("--uid", "expected a numeric uid (names are not looked up, as in "
					"util-vserver's glibc builds)");
			break;
		}
		case O_DISC:
			disconnect = true;
			break;
		case O_SILENT:
			silent = true;
			break;
		case O_SILENTEXIST:
			silentexist = true;
			break;
		/* Always so in vsm: the guest's root, its mount namespace, fds > 2 closed, the
		 * program the PID namespace's init, setup ending with the start. */
		case O_CHROOT:
		case O_PIVOT:
		case O_CLOSEFD:
		case O_INITPID:
		case O_ENDSETUP:
		case O_NAMESPACE:
			break;
		case O_PERS:
			refuse("--personality-*", "set the guest's personality file (vservers(5))");
			break;
		case O_SYNC:
			refuse("--syncsock/--syncmsg", "vserver NAME start waits for the guest's init "
			       "itself; use vwait to wait for its end");
			break;
		case O_VLOGIN:
			refuse("--vlogin", "use vserver NAME enter for a terminal in the guest");
			break;
		default:
			usage(stderr);
			return CHAIN_EXIT_FAILURE;
		}
	}
	if (create == migrate) {
		cli_warn("exactly one of --create and --migrate is needed");
		return CHAIN_EXIT_FAILURE;
	}
	if (optind >= argc) {
		cli_warn("no PROGRAM given");
		return CHAIN_EXIT_FAILURE;
	}
	struct vsm_error err = {0};
	int status = 0;
	if (migrate) {
		char name[GUEST_NAME_MAX + 1];
		cli_chain_guest(xid, name, sizeof(name));
		if (disconnect) {
			pid_t pid = fork();
			if (pid < 0) {
				cli_warn("fork: %s", strerror(errno));
				return 1;
			}
			if (pid > 0)
				return 0;
			setsid();
		}
		if (vcontext_migrate(name, argv + optind, uid, &status, &err) < 0) {
			cli_print_error(NULL, &err);
			return err.code == ESRCH ? 1 : CHAIN_EXIT_FAILURE;
		}
		return status;
	}
	if (uid >= 0)
		refuse("--uid", "with --create the program is the guest's init and runs as root; "
		       "start it through a tool in the guest that changes user");
	int ctx = 0;
	if (xid) {
		char *end;
		long v = strtol(xid, &end, 10);
		if (end == xid || *end || v < 2 || v > 49151)
			refuse("--xid", "with --create a static context id 2..49151 is needed");
		ctx = (int)v;
	}
	char cwd[PATH_MAX], name[GUEST_NAME_MAX + 1];
	if (!getcwd(cwd, sizeof(cwd))) {
		cli_warn("getcwd: %s", strerror(errno));
		return CHAIN_EXIT_FAILURE;
	}
	int r = vcontext_create(ctx, cwd, argv + optind, !disconnect, relay, NULL, name, sizeof(name),
				&status, &err);
	if (r == -EEXIST) {
		if (!silentexist)
			cli_print_error(NULL, &err);
		return EXIT_EXISTS;
	}
	if (r < 0) {
		cli_print_error(NULL, &err);
		return CHAIN_EXIT_FAILURE;
	}
	if (!silent && disconnect)
		fprintf(stderr, "New security context is %s\n", name);
	return status;
}
