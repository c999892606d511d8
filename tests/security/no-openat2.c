/* Runs a command with openat2 failing as ENOSYS (seccomp, as crun's tests/no_openat2.c does), so
 * the security suite exercises the fd-relative walk that kernels before 5.6 take. The filter is
 * inherited by everything the command starts. Usage: no-openat2 CMD [ARGS...]
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include <errno.h>
#include <seccomp.h>
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: no-openat2 CMD [ARGS...]\n");
		return 2;
	}
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
	if (!ctx || seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0) < 0 ||
	    seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), seccomp_syscall_resolve_name("openat2"),
			     0) < 0 ||
	    seccomp_load(ctx) < 0) {
		fprintf(stderr, "no-openat2: cannot load the filter\n");
		return 2;
	}
	seccomp_release(ctx);
	execvp(argv[1], argv + 1);
	perror(argv[1]);
	return 127;
}
