/* Attack programs run INSIDE a guest by tests/security/run.sh (linked statically, so they use
 * neither the guest's libc nor its NSS). Each subcommand tries one escape and prints exactly one
 * line: "blocked NAME", "ESCAPED NAME: evidence" or "SKIP NAME: reason". Exit status: 0 blocked,
 * 1 escaped, 77 skipped, 2 usage. The harness passes what the guest cannot know (host dev:ino
 * pairs, the canary's host path) on the command line. SPDX-License-Identifier: GPL-3.0-or-later */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char *name = "?";

static int blocked(void)
{
	printf("blocked %s\n", name);
	return 0;
}

static int __attribute__((format(printf, 1, 2))) escaped(const char *fmt, ...)
{
	va_list ap;
	printf("ESCAPED %s: ", name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	return 1;
}

static int __attribute__((format(printf, 1, 2))) skipped(const char *fmt, ...)
{
	va_list ap;
	printf("SKIP %s: ", name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	return 77;
}

/* "DEV:INO" as printed by the harness (stat -c %d:%i). */
struct devino {
	unsigned long long dev, ino;
};

static int parse_devino(const char *s, struct devino *d)
{
	return sscanf(s, "%llu:%llu", &d->dev, &d->ino) == 2 ? 0 : -1;
}

static int is_devino(const struct stat *st, const struct devino *d, int n)
{
	for (int i = 0; i < n; i++)
		if ((unsigned long long)st->st_dev == d[i].dev && (unsigned long long)st->st_ino == d[i].ino)
			return 1;
	return 0;
}

/* The classic escapes (util-vserver tests/escaperoot.c, B24), from a helper of our own:
 * chroot into a subdirectory without chdir, then ".." upwards; and an fd kept across chroot. */
static int do_chroot(int argc, char **argv)
{
	if (argc < 2)
		return 2;
	const char *canary = argv[1];
	struct stat root0, now;
	if (stat("/", &root0) < 0)
		return escaped("stat /: %s", strerror(errno));
	mkdir("/tmp/escx", 0700);
	int keep = open("/", O_RDONLY | O_DIRECTORY);
	pid_t pid = fork();
	if (pid == 0) {
		if (chroot("/tmp/escx") < 0)
			_exit(3); /* no CAP_SYS_CHROOT: the first step failed */
		for (int i = 0; i < 1000; i++)
			if (chdir("..") < 0)
				break;
		int r = chroot(".");
		(void)r;
		struct stat st;
		if (stat("/", &st) == 0 && (st.st_dev != root0.st_dev || st.st_ino != root0.st_ino))
			_exit(10);
		if (access(canary, F_OK) == 0)
			_exit(11);
		/* The second form: fchdir to a directory fd opened before the chroot. */
		if (keep >= 0 && fchdir(keep) == 0) {
			for (int i = 0; i < 1000; i++)
				if (chdir("..") < 0)
					break;
			if (chroot(".") == 0 && stat("/", &st) == 0 &&
			    (st.st_dev != root0.st_dev || st.st_ino != root0.st_ino))
				_exit(12);
			if (access(canary, F_OK) == 0)
				_exit(13);
		}
		_exit(0);
	}
	int st;
	waitpid(pid, &st, 0);
	if (stat("/", &now) < 0)
		return escaped("stat /");
	if (!WIFEXITED(st))
		return escaped("child died (status %d)", st);
	switch (WEXITSTATUS(st)) {
	case 0:
	case 3:
		return blocked();
	case 10:
		return escaped("chroot+chdir(..) reached a different / than the guest root");
	case 11:
		return escaped("chroot+chdir(..) reached the host canary %s", canary);
	case 12:
		return escaped("fchdir+chroot reached a different /");
	default:
		return escaped("fchdir+chroot reached the host canary %s", canary);
	}
}

/* SCM_RIGHTS between guests (B23): the sender passes "/" and "/tmp" of its guest. */
static int do_scm_send(int argc, char **argv)
{
	if (argc < 2)
		return 2;
	int s = socket(AF_UNIX, SOCK_STREAM, 0);
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	snprintf(a.sun_path, sizeof(a.sun_path), "%s", argv[1]);
	unlink(a.sun_path);
	if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof(a)) < 0 || listen(s, 1) < 0) {
		perror("scm-send: bind");
		return 2;
	}
	alarm(60);
	int c = accept(s, NULL, NULL);
	if (c < 0)
		return 2;
	int fds[2] = { open("/", O_PATH | O_DIRECTORY), open("/tmp", O_RDONLY | O_DIRECTORY) };
	char cbuf[CMSG_SPACE(sizeof(fds))];
	memset(cbuf, 0, sizeof(cbuf));
	char byte = 'x';
	struct iovec iov = { &byte, 1 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
			    .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *cm = CMSG_FIRSTHDR(&m);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(fds));
	memcpy(CMSG_DATA(cm), fds, sizeof(fds));
	if (sendmsg(c, &m, 0) < 0)
		return 2;
	char ack;
	if (read(c, &ack, 1) < 0)
		return 2;
	unlink(a.sun_path);
	return 0;
}

/* The receiver walks ".." from each passed fd and looks for the host. argv: sock canary
 * host-root-devino vdirbase-devino */
static int do_scm_recv(int argc, char **argv)
{
	if (argc < 5)
		return 2;
	struct devino host[2];
	if (parse_devino(argv[3], &host[0]) < 0 || parse_devino(argv[4], &host[1]) < 0)
		return 2;
	int s = socket(AF_UNIX, SOCK_STREAM, 0);
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	snprintf(a.sun_path, sizeof(a.sun_path), "%s", argv[1]);
	int tries = 0;
	while (connect(s, (struct sockaddr *)&a, sizeof(a)) < 0) {
		if (++tries > 100)
			return skipped("cannot connect to %s: %s", argv[1], strerror(errno));
		usleep(100000);
	}
	int fds[2] = { -1, -1 };
	char cbuf[CMSG_SPACE(sizeof(fds))], byte;
	struct iovec iov = { &byte, 1 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
			    .msg_controllen = sizeof(cbuf) };
	if (recvmsg(s, &m, 0) <= 0)
		return skipped("recvmsg: %s", strerror(errno));
	struct cmsghdr *cm = CMSG_FIRSTHDR(&m);
	if (!cm || cm->cmsg_type != SCM_RIGHTS)
		return skipped("no fds received");
	memcpy(fds, CMSG_DATA(cm), sizeof(fds));
	int r = 0;
	struct stat own;
	stat("/", &own);
	for (int i = 0; i < 2 && !r; i++) {
		if (fchdir(fds[i]) < 0)
			continue;
		for (int k = 0; k < 64; k++)
			if (chdir("..") < 0)
				break;
		struct stat st;
		if (stat(".", &st) == 0 && is_devino(&st, host, 2))
			r = escaped("'..' from the other guest's fd %d reached a host directory", i);
		else if (access(argv[2], F_OK) == 0 ||
			 openat(AT_FDCWD, argv[2] + 1, O_RDONLY) >= 0)
			r = escaped("the host canary is reachable from the passed fd %d", i);
		else if (st.st_dev == own.st_dev && st.st_ino == own.st_ino)
			r = escaped("the passed fd led to this guest's own root?");
	}
	byte = 'y';
	if (write(s, &byte, 1) < 0)
		r = r ? r : 0;
	return r ? r : blocked();
}

/* fds in this process and in the guest's init: no directory or file of the host may be among
 * them. argv: host-devino... (host /, canary dir, vdirbase, the harness's cwd). */
static int check_fds(const char *dir, struct devino *host, int nhost, int strict, char *ev,
		     size_t evlen)
{
	DIR *d = opendir(dir);
	if (!d)
		return 0;
	int bad = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		int fd = atoi(e->d_name);
		if (fd == dirfd(d) && !strcmp(dir, "/proc/self/fd"))
			continue;
		char p[300], link[512] = "";
		snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
		ssize_t n = readlink(p, link, sizeof(link) - 1);
		if (n > 0)
			link[n] = 0;
		struct stat st;
		int have = stat(p, &st) == 0;
		if ((have && is_devino(&st, host, nhost)) || (strict && fd > 2)) {
			snprintf(ev, evlen, "%s -> %s", p, link);
			bad = 1;
		}
	}
	closedir(d);
	return bad;
}

static int do_fds(int argc, char **argv)
{
	struct devino host[8];
	int n = 0;
	for (int i = 1; i < argc && n < 8; i++)
		if (parse_devino(argv[i], &host[n]) == 0)
			n++;
	char ev[1024];
	if (check_fds("/proc/self/fd", host, n, 1, ev, sizeof(ev)))
		return escaped("exec'd process holds %s", ev);
	if (check_fds("/proc/1/fd", host, n, 0, ev, sizeof(ev)))
		return escaped("guest init holds %s", ev);
	struct stat st;
	if (stat("/proc/1/cwd", &st) == 0 && is_devino(&st, host, n))
		return escaped("guest init's cwd is a host directory");
	if (stat("/proc/1/root", &st) == 0 && is_devino(&st, host, n))
		return escaped("guest init's root is a host directory");
	char cwd[4096];
	if (!getcwd(cwd, sizeof(cwd)) || cwd[0] != '/')
		return escaped("cwd is outside the guest (getcwd: %s)", cwd[0] ? cwd : strerror(errno));
	if (stat(".", &st) == 0 && is_devino(&st, host, n))
		return escaped("cwd is a host directory (%s)", cwd);
	if (access("../../../../../../../../../../../../../..", F_OK) == 0 && stat("..", &st) == 0 &&
	    is_devino(&st, host, n))
		return escaped("'..' of the cwd is a host directory");
	return blocked();
}

/* B3: watch for processes entering the guest and try to grab their host objects. argv: seconds
 * host-devino... */
static int do_ptrace_race(int argc, char **argv)
{
	if (argc < 2)
		return 2;
	int secs = atoi(argv[1]);
	struct devino host[8];
	int n = 0;
	for (int i = 2; i < argc && n < 8; i++)
		if (parse_devino(argv[i], &host[n]) == 0)
			n++;
	pid_t self = getpid();
	time_t end = time(NULL) + secs;
	long scans = 0, seen = 0, opened = 0, seized = 0;
	int bad = 0;
	char ev[512] = "";
	static char known[1 << 16];
	/* Processes already here are the guest's own: only newcomers are entering from the host. */
	DIR *d0 = opendir("/proc");
	struct dirent *e0;
	while (d0 && (e0 = readdir(d0)))
		if (atoi(e0->d_name) > 0 && atoi(e0->d_name) < (1 << 16))
			known[atoi(e0->d_name)] = 1;
	if (d0)
		closedir(d0);
	while (time(NULL) < end && !bad) {
		DIR *d = opendir("/proc");
		if (!d)
			break;
		scans++;
		struct dirent *e;
		while ((e = readdir(d)) && !bad) {
			int pid = atoi(e->d_name);
			if (pid <= 1 || pid == self || pid >= (1 << 16) || known[pid])
				continue;
			known[pid] = 1;
			seen++;
			/* Only evidence counts: an object we got hold of that is a host object (the
			 * host's /, the canary, the vserver binary…). A process that already exec'd a
			 * guest binary is dumpable again and the guest's own business. */
			char ep[64];
			struct stat est;
			snprintf(ep, sizeof(ep), "/proc/%d/exe", pid);
			if (ptrace(PTRACE_SEIZE, pid, 0, 0) == 0) {
				/* Stop it to detach cleanly; then see what we caught. */
				ptrace(PTRACE_INTERRUPT, pid, 0, 0);
				waitpid(pid, NULL, __WALL);
				bool caught_host = stat(ep, &est) == 0 && is_devino(&est, host, n);
				ptrace(PTRACE_DETACH, pid, 0, 0);
				if (caught_host) {
					snprintf(ev, sizeof(ev), "PTRACE_SEIZE of entering pid %d", pid);
					bad = 1;
				}
				seized++;
			}
			static const char *const what[] = { "cwd", "root", "exe", "mem" };
			for (int w = 0; w < 4 && !bad; w++) {
				char p[64];
				snprintf(p, sizeof(p), "/proc/%d/%s", pid, what[w]);
				int fd = open(p, w == 3 ? O_RDONLY : O_PATH);
				if (fd < 0)
					continue;
				opened++;
				struct stat st;
				if (fstat(fd, &st) == 0 && is_devino(&st, host, n)) {
					snprintf(ev, sizeof(ev), "%s is a host object", p);
					bad = 1;
				}
				if (w == 3) {
					char c;
					if (pread(fd, &c, 1, 0x400000) == 1 && stat(ep, &est) == 0 &&
					    is_devino(&est, host, n)) {
						snprintf(ev, sizeof(ev), "%s readable", p);
						bad = 1;
					}
				}
				close(fd);
			}
			char fdd[64];
			snprintf(fdd, sizeof(fdd), "/proc/%d/fd", pid);
			if (!bad && check_fds(fdd, host, n, 0, ev, sizeof(ev)))
				bad = 1;
		}
		closedir(d);
	}
	printf("# ptrace race: %ld scans, %ld new processes, %ld /proc objects opened, %ld seized\n",
	       scans, seen, opened, seized);
	if (bad)
		return escaped("%s", ev);
	if (seen == 0)
		return skipped("no entering process was seen in %d s", secs);
	return blocked();
}

/* B15: a masked or read-only /proc or /sys path. argv: path kind (mask|ro) */
static int do_mask(int argc, char **argv)
{
	if (argc < 3)
		return 2;
	const char *p = argv[1];
	struct stat st;
	if (lstat(p, &st) < 0)
		return errno == ENOENT ? blocked() : escaped("lstat: %s", strerror(errno));
	if (!strcmp(argv[2], "mask")) {
		if (S_ISDIR(st.st_mode)) {
			DIR *d = opendir(p);
			struct dirent *e;
			int n = 0;
			while (d && (e = readdir(d)))
				n += e->d_name[0] != '.';
			if (d)
				closedir(d);
			if (n)
				return escaped("masked directory lists %d entries", n);
		} else {
			char buf[16];
			int fd = open(p, O_RDONLY | O_NONBLOCK);
			ssize_t n = fd >= 0 ? read(fd, buf, sizeof(buf)) : 0;
			if (fd >= 0)
				close(fd);
			if (n > 0)
				return escaped("masked file reads %zd bytes", n);
		}
	}
	/* A mask that is the null device (1:3, a bind of the new /dev/null) swallows writes: that
	 * is what a mask is. Any other file must refuse them. */
	bool devnull = S_ISCHR(st.st_mode) && major(st.st_rdev) == 1 && minor(st.st_rdev) == 3;
	if (!strcmp(argv[2], "mask") && !S_ISDIR(st.st_mode) && !devnull)
		return escaped("masked file is not the null device nor an empty directory");
	if (!S_ISDIR(st.st_mode) && !devnull) {
		int fd = open(p, O_WRONLY | O_NONBLOCK);
		if (fd >= 0) {
			/* Never write anything that acts: only sysrq's harmless help key. */
			if (strstr(p, "sysrq") && write(fd, "h", 1) == 1)
				return escaped("wrote to %s", p);
			close(fd);
			return escaped("opened for writing");
		}
	} else {
		char t[4200];
		snprintf(t, sizeof(t), "%s/.vsm-sec-probe", p);
		int fd = open(t, O_WRONLY | O_CREAT, 0600);
		if (fd >= 0) {
			close(fd);
			unlink(t);
			return escaped("created a file in it");
		}
	}
	if (umount2(p, MNT_DETACH) == 0)
		return escaped("umount succeeded");
	if (mount(NULL, p, NULL, MS_REMOUNT | MS_BIND, NULL) == 0)
		return escaped("remount rw succeeded");
	if (S_ISDIR(st.st_mode) && mount("none", p, "tmpfs", 0, NULL) == 0)
		return escaped("mounted over it");
	return blocked();
}

/* Writes that would hurt the host if /proc/sys were writable: core_pattern is read back and
 * rewritten with its own value only if the open succeeds (so nothing changes even then). */
static int do_procsys(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	static const char *const files[] = { "/proc/sys/kernel/core_pattern",
					      "/proc/sys/kernel/modprobe",
					      "/proc/sys/vm/drop_caches", NULL };
	for (int i = 0; files[i]; i++) {
		int fd = open(files[i], O_WRONLY);
		if (fd >= 0) {
			close(fd);
			return escaped("%s opened for writing", files[i]);
		}
	}
	if (mount("proc", "/tmp", "proc", 0, NULL) == 0)
		return escaped("a fresh procfs mounted on /tmp");
	if (mount(NULL, "/proc", NULL, MS_REMOUNT, NULL) == 0)
		return escaped("/proc remounted");
	if (mount(NULL, "/sys", NULL, MS_REMOUNT, NULL) == 0)
		return escaped("/sys remounted rw");
	if (mount("sysfs", "/tmp", "sysfs", 0, NULL) == 0)
		return escaped("a fresh sysfs mounted on /tmp");
	return blocked();
}

/* B35: open device nodes the host planted (argv: paths), and mknod. */
static int do_devices(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		int fd = open(argv[i], O_RDONLY | O_NONBLOCK);
		if (fd >= 0) {
			char c;
			ssize_t n = read(fd, &c, 1);
			close(fd);
			return escaped("%s opened (read %zd)", argv[i], n);
		}
		if (errno != EACCES && errno != EPERM)
			return escaped("%s: open failed with %s, not EACCES/EPERM", argv[i],
				       strerror(errno));
	}
	if (mknod("/tmp/sda", S_IFBLK | 0600, makedev(8, 0)) == 0)
		return escaped("mknod of a block device succeeded");
	if (mknod("/tmp/mem", S_IFCHR | 0600, makedev(1, 1)) == 0)
		return escaped("mknod of /dev/mem succeeded");
	return blocked();
}

/* B14: stop at the first step that should fail. */
static int do_release_agent(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	pid_t pid = fork();
	if (pid == 0)
		_exit(unshare(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWCGROUP) == 0 ? 1 : 0);
	int st;
	waitpid(pid, &st, 0);
	if (!WIFEXITED(st) || WEXITSTATUS(st))
		return escaped("unshare(CLONE_NEWUSER|CLONE_NEWNS|CLONE_NEWCGROUP) succeeded");
	mkdir("/tmp/cgx", 0700);
	if (mount("cgroup", "/tmp/cgx", "cgroup", 0, "rdma") == 0 ||
	    mount("cgroup", "/tmp/cgx", "cgroup", 0, "memory") == 0) {
		umount2("/tmp/cgx", MNT_DETACH);
		return escaped("mounted a cgroup v1 hierarchy");
	}
	/* Any release_agent or notify_on_release reachable in the guest's own tree. */
	static const char *const roots[] = { "/sys/fs/cgroup", NULL };
	for (int i = 0; roots[i]; i++) {
		DIR *d = opendir(roots[i]);
		struct dirent *e;
		while (d && (e = readdir(d))) {
			char p[512];
			snprintf(p, sizeof(p), "%s/%s/release_agent", roots[i], e->d_name);
			int fd = open(p, O_WRONLY);
			if (fd >= 0) {
				close(fd);
				closedir(d);
				return escaped("%s opened for writing", p);
			}
		}
		if (d)
			closedir(d);
	}
	return blocked();
}

/* B17: file handles. */
static int do_handles(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	struct {
		struct file_handle h;
		unsigned char buf[128];
	} fh;
	fh.h.handle_bytes = sizeof(fh.buf);
	int mnt;
	int have = syscall(SYS_name_to_handle_at, AT_FDCWD, "/", &fh.h, &mnt, 0) == 0;
	/* The ext4 root inode is 2 (the "Shocker" guess), with whatever type the kernel gave "/". */
	if (!have) {
		fh.h.handle_bytes = 8;
		fh.h.handle_type = 1;
		memset(fh.buf, 0, sizeof(fh.buf));
		fh.buf[0] = 2;
	}
	int rootfd = open("/", O_RDONLY | O_DIRECTORY);
	int fd = (int)syscall(SYS_open_by_handle_at, rootfd, &fh.h, O_RDONLY);
	if (fd >= 0)
		return escaped("open_by_handle_at returned fd %d", fd);
	if (errno != EPERM && errno != ENOSYS)
		return escaped("open_by_handle_at failed with %s, not EPERM/ENOSYS", strerror(errno));
	return blocked();
}

/* B21: push a marker into the terminal on fd 0 (the harness owns it). */
static int do_tiocsti(int argc, char **argv)
{
	const char *mark = argc > 1 ? argv[1] : "VSMTIOCSTI";
	if (!isatty(0))
		return skipped("stdin is not a terminal");
	int hits = 0;
	for (const char *c = mark; *c; c++)
		hits += ioctl(0, TIOCSTI, c) == 0;
	unsigned long hi = (unsigned long)TIOCSTI | (1UL << 32);
	for (const char *c = mark; *c; c++)
		hits += syscall(SYS_ioctl, 0, hi, c) == 0;
	char nl = '\n';
	hits += ioctl(0, TIOCSTI, &nl) == 0;
	/* The harness decides from what its side of the pty reads; this is the guest's view. */
	printf("# tiocsti: %d characters accepted\n", hits);
	return hits ? escaped("TIOCSTI accepted %d characters", hits) : blocked();
}

/* Mount and user namespaces from inside. */
static int do_userns(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	static const int flags[] = { CLONE_NEWUSER, CLONE_NEWNS, CLONE_NEWUSER | CLONE_NEWNS,
				     CLONE_NEWNET | CLONE_NEWUSER };
	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		pid_t pid = fork();
		if (pid == 0)
			_exit(unshare(flags[i]) == 0 ? 1 : 0);
		int st;
		waitpid(pid, &st, 0);
		if (!WIFEXITED(st) || WEXITSTATUS(st))
			return escaped("unshare(0x%x) succeeded", flags[i]);
	}
	/* clone(CLONE_NEWUSER) through the raw syscall (libc's clone3 fallback does the same). */
	long c = syscall(SYS_clone, CLONE_NEWUSER | SIGCHLD, 0, 0, 0, 0);
	if (c == 0)
		_exit(0);
	if (c > 0) {
		waitpid((pid_t)c, NULL, 0);
		return escaped("clone(CLONE_NEWUSER) succeeded");
	}
	if (mount("none", "/tmp", "tmpfs", 0, NULL) == 0)
		return escaped("mount tmpfs succeeded");
	if (syscall(SYS_fsopen, "tmpfs", 0) >= 0)
		return escaped("fsopen succeeded");
	if (syscall(SYS_open_tree, AT_FDCWD, "/", 1 /* OPEN_TREE_CLONE */) >= 0)
		return escaped("open_tree(OPEN_TREE_CLONE) succeeded");
	if (chroot("/tmp") == 0 && umount2("/proc", MNT_DETACH) == 0)
		return escaped("umount /proc succeeded");
	return blocked();
}

/* The guest side of a symlink swap race: exchange A and B until killed or SECONDS pass. A is a
 * directory, B a symlink (or the other way). Prints the number of swaps. */
static int do_swap(int argc, char **argv)
{
	if (argc < 4)
		return 2;
	time_t end = time(NULL) + atoi(argv[3]);
	long n = 0;
	while (time(NULL) < end) {
		for (int i = 0; i < 1000; i++)
			if (syscall(SYS_renameat2, AT_FDCWD, argv[1], AT_FDCWD, argv[2],
				    2 /* RENAME_EXCHANGE */) == 0)
				n++;
	}
	printf("# swaps: %ld\n", n);
	return 0;
}

/* Capabilities of this process: the bounding set must not hold what DESIGN.md drops. */
static int do_caps(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	FILE *f = fopen("/proc/self/status", "r");
	if (!f)
		return skipped("no /proc/self/status");
	char line[256];
	unsigned long long bnd = ~0ULL, inh = ~0ULL, amb = ~0ULL;
	while (fgets(line, sizeof(line), f)) {
		sscanf(line, "CapBnd: %llx", &bnd);
		sscanf(line, "CapInh: %llx", &inh);
		sscanf(line, "CapAmb: %llx", &amb);
	}
	fclose(f);
	/* SYS_ADMIN 21, DAC_READ_SEARCH 2, SYS_PTRACE 19, SYS_MODULE 16, SYS_RAWIO 17, MKNOD 27,
	 * NET_ADMIN 12, SYS_TIME 25, LINUX_IMMUTABLE 9, MAC_ADMIN 33, MAC_OVERRIDE 32, BPF 39. */
	static const int bad[] = { 21, 2, 19, 16, 17, 27, 12, 25, 9, 33, 32, 39 };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (bnd & (1ULL << bad[i]))
			return escaped("capability %d in the bounding set (CapBnd %llx)", bad[i], bnd);
	if (inh || amb)
		return escaped("inheritable %llx / ambient %llx not empty", inh, amb);
	return blocked();
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc < 3) {
		fprintf(stderr, "usage: sec-attack NAME COMMAND [args]\n");
		return 2;
	}
	name = argv[1];
	const char *cmd = argv[2];
	static const struct {
		const char *cmd;
		int (*fn)(int, char **);
	} cmds[] = {
		{ "chroot", do_chroot },	 { "scm-send", do_scm_send },
		{ "scm-recv", do_scm_recv },	 { "fds", do_fds },
		{ "ptrace-race", do_ptrace_race }, { "mask", do_mask },
		{ "procsys", do_procsys },	 { "devices", do_devices },
		{ "release-agent", do_release_agent }, { "handles", do_handles },
		{ "tiocsti", do_tiocsti },	 { "userns", do_userns },
		{ "swap", do_swap },		 { "caps", do_caps },
	};
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (!strcmp(cmds[i].cmd, cmd))
			return cmds[i].fn(argc - 2, argv + 2);
	fprintf(stderr, "sec-attack: unknown command %s\n", cmd);
	return 2;
}
