/* Namespaces on mainline primitives: clone3 + CLONE_PIDFD, time namespaces, setns through a pidfd. */
#include "kernel/ns.h"
#include "kernel/sanitize.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

#ifndef CLONE_INTO_CGROUP
#define CLONE_INTO_CGROUP 0x200000000ULL
#endif

pid_t ns_clone(uint64_t flags, int cgroup_fd, int *pidfd, struct vsm_error *err)
{
	int fd = -1;
	struct clone_args args;
	memset(&args, 0, sizeof(args));
	args.flags = flags | CLONE_PIDFD;
	args.pidfd = (uint64_t)(uintptr_t)&fd;
	args.exit_signal = SIGCHLD;
	if (cgroup_fd >= 0) {
		args.flags |= CLONE_INTO_CGROUP;
		args.cgroup = (uint64_t)cgroup_fd;
	}
	long r = syscall(SYS_clone3, &args, sizeof(args));
	if (r < 0)
		return vsm_error_sys(err, errno, "clone3(flags 0x%llx)", (unsigned long long)flags);
	if (r == 0)
		return 0;
	/* The pidfd from CLONE_PIDFD is always close-on-exec. */
	*pidfd = fd;
	return (pid_t)r;
}

static int write_offsets(const char *buf, struct vsm_error *err)
{
	int fd = open("/proc/self/timens_offsets", O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return vsm_error_sys(err, errno, "open /proc/self/timens_offsets");
	ssize_t n = write(fd, buf, strlen(buf));
	int e = errno;
	close(fd);
	if (n < 0)
		return vsm_error_sys(err, e, "write /proc/self/timens_offsets");
	return 0;
}

int ns_timens_for_children_reset(struct vsm_error *err)
{
	if (unshare(CLONE_NEWTIME) < 0)
		return vsm_error_sys(err, errno, "unshare(CLONE_NEWTIME)");
	/* Offsets may be written only while no process lives in the new namespace: now. The clock
	 * inside must stay >= 0, so offset by whole seconds already elapsed. */
	struct timespec mono, boot;
	clock_gettime(CLOCK_MONOTONIC, &mono);
	clock_gettime(CLOCK_BOOTTIME, &boot);
	char buf[128];
	snprintf(buf, sizeof(buf), "monotonic %lld 0\nboottime %lld 0\n", -(long long)mono.tv_sec,
		 -(long long)boot.tv_sec);
	return write_offsets(buf, err);
}

int ns_enter_pidfd(int pidfd, int nstypes, struct vsm_error *err)
{
	san_leak_check_before_join();
	if (setns(pidfd, nstypes) < 0)
		return vsm_error_sys(err, errno, "setns(pidfd, 0x%x)", nstypes);
	return 0;
}

int ns_pidfd_open(pid_t pid, struct vsm_error *err)
{
	int fd = (int)syscall(SYS_pidfd_open, pid, 0);
	if (fd < 0)
		return vsm_error_sys(err, errno, "pidfd_open(%d)", (int)pid);
	return fd;
}

int ns_pidfd_signal(int pidfd, int sig)
{
	if (syscall(SYS_pidfd_send_signal, pidfd, sig, NULL, 0) < 0)
		return -errno;
	return 0;
}

int ns_loopback_up(struct vsm_error *err)
{
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (s < 0)
		return vsm_error_sys(err, errno, "socket(AF_INET) for lo");
	struct ifreq ifr;
	memset(&ifr, 0, sizeof(ifr));
	strcpy(ifr.ifr_name, "lo");
	int r = 0;
	if (ioctl(s, SIOCGIFFLAGS, &ifr) < 0)
		r = vsm_error_sys(err, errno, "SIOCGIFFLAGS lo");
	ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
	if (r == 0 && ioctl(s, SIOCSIFFLAGS, &ifr) < 0)
		r = vsm_error_sys(err, errno, "SIOCSIFFLAGS lo up");
	close(s);
	return r;
}
