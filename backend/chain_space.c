/* Namespaces for vspace/vnamespace. */
#include "backend/chain_space.h"
#include "backend/chain.h"
#include "kernel/fd.h"
#include "kernel/mount.h"
#include "kernel/ns.h"
#include "kernel/sanitize.h"

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

static const int space_flags[] = { CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWIPC, CLONE_NEWPID,
				   CLONE_NEWNET, CLONE_NEWUSER, CLONE_NEWCGROUP, CLONE_NEWTIME };
static const char *const space_files[] = { "mnt", "uts", "ipc", "pid", "net", "user", "cgroup",
					   "time" };

int space_clone_flags(uint64_t mask)
{
	int f = 0;
	for (int i = 0; i < 8; i++)
		if (mask & (1ULL << i))
			f |= space_flags[i];
	return f;
}

uint64_t space_shared_with(pid_t pid)
{
	uint64_t m = 0;
	for (int i = 0; i < 8; i++) {
		char a[64], b[64];
		struct stat sa, sb;
		snprintf(a, sizeof(a), "/proc/%d/ns/%s", (int)pid, space_files[i]);
		snprintf(b, sizeof(b), "/proc/self/ns/%s", space_files[i]);
		if (stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_ino == sb.st_ino &&
		    sa.st_dev == sb.st_dev)
			m |= 1ULL << i;
	}
	return m;
}

int space_new(uint64_t mask, bool *fork_needed, struct vsm_error *err)
{
	*fork_needed = (mask & ((1ULL << 3) | (1ULL << 7))) != 0;
	/* What runs after this is in new namespaces: leak-check on the host side now. */
	san_leak_check_before_join();
	if (unshare(space_clone_flags(mask)) < 0)
		return vsm_error_sys(err, errno, "unshare");
	/* A new mount namespace must not send mount events back to the host. */
	if (mask & 1)
		return mnt_make_private(err);
	return 0;
}

int space_enter(const char *name, uint64_t mask, uint64_t *joined, bool *fork_needed,
		struct vsm_error *err)
{
	pid_t init;
	int pidfd;
	int r = chain_guest_init(name, &init, &pidfd, err);
	if (r < 0)
		return r;
	mask &= ~space_shared_with(init);
	*joined = mask;
	*fork_needed = (mask & ((1ULL << 3) | (1ULL << 7))) != 0;
	prctl(PR_SET_DUMPABLE, 0);
	r = mask ? ns_enter_pidfd(pidfd, space_clone_flags(mask), err) : 0;
	close(pidfd);
	/* No host descriptor may reach what runs in the guest's namespaces (security.md B4). */
	if (r == 0)
		fd_close_from(3);
	return r;
}

int space_fork_wait(bool *child, int *status, struct vsm_error *err)
{
	*child = false;
	pid_t pid = fork();
	if (pid < 0)
		return vsm_error_sys(err, errno, "fork");
	if (pid == 0) {
		*child = true;
		return 0;
	}
	/* Terminal signals are for the program; the parent only passes its status on. */
	signal(SIGINT, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);
	int st;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return vsm_error_sys(err, errno, "waitpid");
	*status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	return 0;
}
