/* vkill: signal processes of a guest (or host PIDs) through pidfds. util-vserver's rules: no PID
 * (or PID 0) means every process of the guest, PID 1 its init; exit 0 only if every kill worked. */
#include "backend/monitor_guests.h"
#include "backend/paths.h"
#include "backend/proc_signal.h"
#include "backend/snapshot.h"
#include "cli/common/cli.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *f)
{
	fprintf(f, "Usage: vkill [--root DIR] [--xid CTX|NAME | -c CTX|NAME] [-s SIGNAL] [--guest-pids]\n"
		   "             [--] [PID...]\n"
		   "Send SIGNAL (default TERM) to host PIDs; with --xid only to processes of that guest.\n"
		   "With --xid and no PID (or PID 0): every process of the guest. PID 1 is the guest's\n"
		   "init. --guest-pids: the PIDs are as the guest sees them.\n");
}

/* GONE_OK: a process that ended meanwhile is no failure (every process of a guest is being
 * signalled, and ending one can end others). */
static int kill_one(pid_t pid, const char *guest, int sig, bool gone_ok)
{
	struct vsm_error err = {0};
	int rc = proc_signal(pid, guest, sig, &err);
	if (rc == -ESRCH && gone_ok)
		return 0;
	if (rc < 0) {
		cli_print_error(NULL, &err);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	cli_init("vkill", &argc, &argv);
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "xid", required_argument, NULL, 'c' },
		{ "signal", required_argument, NULL, 's' },
		{ "guest-pids", no_argument, NULL, 'g' },
		{ NULL, 0, NULL, 0 },
	};
	const char *xid = NULL;
	int sig = SIGTERM, c;
	bool guest_pids = false;
	while ((c = getopt_long(argc, argv, "+hc:s:", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage(stdout);
			return 0;
		case 'c':
			xid = optarg;
			break;
		case 's':
			sig = proc_signal_parse(optarg);
			if (sig < 0) {
				cli_warn("unknown signal '%s'", optarg);
				return 1;
			}
			break;
		case 'g':
			guest_pids = true;
			break;
		default:
			usage(stderr);
			return 1;
		}
	}
	int npids = argc - optind;
	pid_t *pids = calloc((size_t)npids + 1, sizeof(pid_t));
	for (int i = 0; pids && i < npids; i++) {
		char *end;
		long v = strtol(argv[optind + i], &end, 10);
		if (end == argv[optind + i] || *end || v < 0 || v > 0x7fffffff) {
			cli_warn("'%s' is not a PID", argv[optind + i]);
			free(pids);
			return 1;
		}
		pids[i] = (pid_t)v;
	}
	if (!pids)
		return 1;
	if (!xid) {
		if (npids == 0 || guest_pids) {
			cli_warn(npids ? "--guest-pids needs --xid" : "no PID given (and no --xid)");
			free(pids);
			return 1;
		}
		int rc = 0;
		for (int i = 0; i < npids; i++) {
			if (pids[i] == 0) {
				cli_warn("PID 0 (every process of a guest) needs --xid");
				rc = 1;
			} else if (kill_one(pids[i], NULL, sig, false) < 0) {
				rc = 1;
			}
		}
		free(pids);
		return rc;
	}

	struct vsm_error err = {0};
	char guest[SNAP_NAME_MAX];
	struct monitor *mon = NULL;
	if (monitor_guest_resolve(vsm_paths(), xid, guest, sizeof(guest), &err) < 0 ||
	    monitor_open(&mon, MONITOR_PROCS, &err) < 0 || monitor_refresh(mon, &err) < 0) {
		cli_print_error(xid, &err);
		monitor_close(mon);
		free(pids);
		return 1;
	}
	const struct snapshot *s = monitor_snapshot(mon);
	long gi = snapshot_guest_by_name(s, guest);
	if (gi <= 0) {
		cli_warn("%s: guest is not running (no process in its cgroup)", guest);
		monitor_close(mon);
		free(pids);
		return 1;
	}
	int rc = 0;
	bool all = npids == 0;
	for (int i = 0; i < npids; i++)
		if (pids[i] == 0)
			all = true;
	if (all) {
		for (size_t i = 0; i < s->nprocs; i++)
			if ((long)s->procs[i].guest == gi && kill_one(s->procs[i].pid, guest, sig, true) < 0)
				rc = 1;
	}
	for (int i = 0; i < npids; i++) {
		pid_t pid = pids[i];
		if (pid == 0)
			continue;
		if (pid == 1 || guest_pids) {
			pid_t host = pid == 1 && !guest_pids ? s->guests[gi].init_pid : 0;
			for (size_t k = 0; !host && k < s->nprocs; k++)
				if ((long)s->procs[k].guest == gi && s->procs[k].guest_pid == pid)
					host = s->procs[k].pid;
			if (!host) {
				cli_warn("%s: no process with pid %d in the guest", guest, (int)pid);
				rc = 1;
				continue;
			}
			pid = host;
		}
		if (kill_one(pid, guest, sig, false) < 0)
			rc = 1;
	}
	monitor_close(mon);
	free(pids);
	return rc;
}
