/* close_range with a fallback, so no host fd survives into a guest (CVE-2024-21626). */
#include "kernel/fd.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

static int close_slow(int first)
{
	DIR *d = opendir("/proc/self/fd");
	if (!d)
		return -errno;
	int dfd = dirfd(d);
	struct dirent *e;
	while ((e = readdir(d))) {
		int fd = atoi(e->d_name);
		if (e->d_name[0] != '.' && fd >= first && fd != dfd)
			close(fd);
	}
	closedir(d);
	return 0;
}

int fd_close_from(int first)
{
	if (syscall(SYS_close_range, (unsigned)first, ~0U, 0) == 0)
		return 0;
	return close_slow(first);
}

int fd_close_from_except(int first, int keep)
{
	if (keep < first)
		return fd_close_from(first);
	if (keep > first && syscall(SYS_close_range, (unsigned)first, (unsigned)keep - 1, 0) < 0)
		return -errno;
	return fd_close_from(keep + 1);
}
