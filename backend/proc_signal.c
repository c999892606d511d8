/* Signalling one process through a pidfd (Linux 5.3+): open the pidfd first, then check the
 * process's guest; if the PID was reused meanwhile the pidfd refers to the old, dead process and
 * the signal fails with ESRCH instead of hitting a stranger. */
#include "backend/proc_signal.h"
#include "backend/guest_of_pid.h"
#include "backend/snapshot.h"

#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/syscall.h>
#include <unistd.h>

static bool proc_is_zombie(pid_t pid)
{
	char path[64], buf[512];
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	FILE *f = fopen(path, "re");
	if (!f)
		return true;
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	const char *p = strrchr(buf, ')');
	return !p || p[1] != ' ' || p[2] == 'Z' || p[2] == 'X';
}

int proc_signal(pid_t pid, const char *guest, int sig, struct vsm_error *err)
{
	if (pid <= 0)
		return vsm_error_set(err, EINVAL, "pid %d: not a process id", (int)pid);
	int fd = (int)syscall(SYS_pidfd_open, pid, 0);
	if (fd < 0)
		return vsm_error_sys(err, errno, "pidfd_open %d", (int)pid);
	if (guest) {
		char name[SNAP_NAME_MAX];
		int g = guest_of_pid(pid, name, sizeof(name));
		if (g < 0) {
			close(fd);
			return vsm_error_sys(err, -g, "pid %d: reading its cgroup", (int)pid);
		}
		if (g == 0 || strcmp(name, guest)) {
			close(fd);
			/* An exited process (a zombie) has left its cgroup: it is gone, not foreign. */
			if (proc_is_zombie(pid))
				return vsm_error_set(err, ESRCH, "pid %d has exited", (int)pid);
			return vsm_error_set(err, EPERM, "pid %d is not a process of guest %s (it is %s%s)",
					     (int)pid, guest, g ? "in guest " : "a host process",
					     g ? name : "");
		}
	}
	int rc = (int)syscall(SYS_pidfd_send_signal, fd, sig, NULL, 0);
	int e = errno;
	close(fd);
	if (rc < 0)
		return vsm_error_sys(err, e, "pidfd_send_signal %d", (int)pid);
	return 0;
}

int proc_signal_parse(const char *s)
{
	char *end;
	if (isdigit((unsigned char)*s)) {
		long v = strtol(s, &end, 10);
		return *end || v < 0 || v >= NSIG ? -EINVAL : (int)v;
	}
	if (!strncasecmp(s, "SIG", 3))
		s += 3;
	for (int i = 1; i < NSIG; i++) {
		const char *a = sigabbrev_np(i);
		if (a && !strcasecmp(a, s))
			return i;
	}
	return -EINVAL;
}
