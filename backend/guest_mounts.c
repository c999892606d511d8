/* Mount policy for a starting guest. Every target inside the guest root is resolved with
 * openat2(RESOLVE_IN_ROOT) and mounted by fd, so a guest symlink can never redirect a mount onto
 * the host (CVE-2015-1335 class, B6). */
#include "backend/guest_mounts.h"
#include "backend/fsutil.h"
#include "kernel/mount.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

/* moby/podman's masked set plus the original's kcore and sysrq (B15). */
const char *const guest_masked_paths[] = {
	"/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/key-users",
	"/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug",
	"/proc/scsi", "/proc/kmsg", "/proc/kpagecount", "/proc/kpageflags", "/proc/kpagecgroup",
	"/proc/config.gz", "/proc/interrupts", "/proc/sysrq-trigger", "/proc/vmallocinfo",
	"/sys/firmware", "/sys/devices/virtual/powercap", "/sys/kernel/security",
	"/sys/kernel/debug", "/sys/kernel/tracing", "/sys/fs/bpf", "/sys/dev/block", NULL,
};
const char *const guest_readonly_paths[] = {
	"/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", NULL,
};

struct dev_node {
	const char *name;
	unsigned maj, min;
};
static const struct dev_node dev_nodes[] = {
	{ "null", 1, 3 }, { "zero", 1, 5 },    { "full", 1, 7 },
	{ "random", 1, 8 }, { "urandom", 1, 9 }, { "tty", 5, 0 },
};

/* Open (O_PATH) PATH inside ROOTFD, creating a missing last directory component when MKDIR. */
int guest_mount_target(int rootfd, const char *path, bool mkdir_missing, struct vsm_error *err)
{
	int fd = fs_open_in_root(rootfd, path, O_PATH | O_DIRECTORY, 0, NULL);
	if (fd >= 0 || !mkdir_missing)
		return fd >= 0 ? fd : fs_open_in_root(rootfd, path, O_PATH | O_DIRECTORY, 0, err);
	/* mkdirat relative to an in-root parent, never a host path. */
	char parent[PATH_MAX];
	snprintf(parent, sizeof(parent), "%s", path);
	char *slash = strrchr(parent, '/');
	const char *leaf = slash ? slash + 1 : parent;
	if (slash == parent)
		strcpy(parent, "/");
	else if (slash)
		*slash = '\0';
	int pfd = fs_open_in_root(rootfd, slash ? parent : "/", O_PATH | O_DIRECTORY, 0, err);
	if (pfd < 0)
		return pfd;
	if (mkdirat(pfd, leaf, 0755) < 0 && errno != EEXIST) {
		int e = errno;
		close(pfd);
		return vsm_error_sys(err, e, "mkdir %s in guest root", path);
	}
	close(pfd);
	return fs_open_in_root(rootfd, path, O_PATH | O_DIRECTORY, 0, err);
}

/* /proc, /sys and /dev go only onto real directories: no symlink anywhere on the way (B8: a
 * /proc that is a symlink into a directory another guest can swap would let the masks land
 * beside the procfs instead of on it). A missing directory is created. */
static int api_mount_target(int rootfd, const char *path, struct vsm_error *err)
{
	const unsigned long long strict = RESOLVE_IN_ROOT | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
	int fd = fs_openat2(rootfd, path, O_PATH | O_DIRECTORY | O_NOFOLLOW, 0, strict);
	if (fd == -ENOENT) {
		const char *leaf = strrchr(path, '/') + 1;
		int pfd = leaf - 1 == path ? fs_openat2(rootfd, "/", O_PATH | O_DIRECTORY, 0, strict)
					   : fs_openat2(rootfd, "/dev", O_PATH | O_DIRECTORY, 0, strict);
		if (pfd < 0)
			return vsm_error_sys(err, -pfd, "%s: parent in guest root", path);
		if (mkdirat(pfd, leaf, 0755) < 0 && errno != EEXIST)
			fd = -errno;
		else
			fd = fs_openat2(rootfd, path, O_PATH | O_DIRECTORY | O_NOFOLLOW, 0, strict);
		close(pfd);
	}
	if (fd < 0)
		return vsm_error_sys(err, -fd, "%s in the guest root must be a directory, not a symlink "
				     "or another kind of file", path);
	return fd;
}

static int attach_new(int rootfd, const char *where, const char *type, const char *opts,
		      unsigned attrs, int *mfd_out, struct vsm_error *err)
{
	int mfd = mnt_new_fs(type, type, opts, attrs, err);
	if (mfd < 0)
		return mfd;
	int tfd = api_mount_target(rootfd, where, err);
	int r = tfd < 0 ? tfd : mnt_attach(mfd, tfd, err);
	if (tfd >= 0)
		close(tfd);
	if (r == 0 && mfd_out)
		*mfd_out = mfd;
	else
		close(mfd);
	return r < 0 ? vsm_error_prefix(err, "mount %s on %s", type, where) : 0;
}

static int setup_dev(int rootfd, const char *console, struct vsm_error *err)
{
	int devfd = -1;
	int r = attach_new(rootfd, "/dev", "tmpfs", "mode=0755,size=1024k", VSM_MNT_NOSUID |
			   VSM_MNT_NOEXEC, &devfd, err);
	if (r < 0)
		return r;
	for (size_t i = 0; i < sizeof(dev_nodes) / sizeof(dev_nodes[0]) && r == 0; i++) {
		const struct dev_node *d = &dev_nodes[i];
		if (mknodat(devfd, d->name, S_IFCHR | 0666, makedev(d->maj, d->min)) < 0 ||
		    fchmodat(devfd, d->name, 0666, 0) < 0)
			r = vsm_error_sys(err, errno, "mknod /dev/%s", d->name);
	}
	static const char *const links[][2] = {
		{ "pts/ptmx", "ptmx" }, { "/proc/self/fd", "fd" }, { "/proc/self/fd/0", "stdin" },
		{ "/proc/self/fd/1", "stdout" }, { "/proc/self/fd/2", "stderr" },
	};
	for (size_t i = 0; i < sizeof(links) / sizeof(links[0]) && r == 0; i++)
		if (symlinkat(links[i][0], devfd, links[i][1]) < 0)
			r = vsm_error_sys(err, errno, "symlink /dev/%s", links[i][1]);
	if (r == 0 && (mkdirat(devfd, "pts", 0755) < 0 || mkdirat(devfd, "shm", 01777) < 0 ||
		       fchmodat(devfd, "shm", 01777, 0) < 0))
		r = vsm_error_sys(err, errno, "mkdir /dev/pts, /dev/shm");
	close(devfd);
	if (r == 0)
		r = attach_new(rootfd, "/dev/pts", "devpts", "newinstance,ptmxmode=0666,mode=0620,gid=5",
			       VSM_MNT_NOSUID | VSM_MNT_NOEXEC, NULL, err);
	if (r == 0)
		r = attach_new(rootfd, "/dev/shm", "tmpfs", "mode=1777",
			       VSM_MNT_NOSUID | VSM_MNT_NODEV, NULL, err);
	if (r == 0 && console) {
		int cfd = fs_open_in_root(rootfd, "/dev", O_PATH | O_DIRECTORY, 0, err);
		int ffd = cfd < 0 ? cfd : openat(cfd, "console", O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
		if (cfd >= 0)
			close(cfd);
		if (ffd < 0)
			return ffd == -1 ? vsm_error_sys(err, errno, "create /dev/console") : ffd;
		/* The bind of the pty slave needs an O_PATH handle on the file we just made. */
		int bfd = mnt_clone_tree(AT_FDCWD, console, false, err);
		if (bfd < 0) {
			close(ffd);
			return bfd;
		}
		int tfd = fs_open_in_root(rootfd, "/dev/console", O_PATH, 0, err);
		r = tfd < 0 ? tfd : mnt_attach(bfd, tfd, err);
		if (tfd >= 0)
			close(tfd);
		close(bfd);
		close(ffd);
	}
	return r;
}

/* PATH ("/proc/x" or "/sys/y") opened below the procfs or sysfs mount just made (PROCFD, SYSFD),
 * never through the guest's tree: no symlink, no other mount on the way. */
static int api_open(int procfd, int sysfd, const char *path)
{
	int base = !strncmp(path, "/proc/", 6) ? procfd : sysfd;
	const char *rel = path + (base == procfd ? 6 : 5);
	return fs_openat2(base, rel, O_PATH | O_NOFOLLOW, 0,
			  RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_XDEV);
}

/* Mask or make read-only the paths above. Missing paths are fine (kernel config dependent). */
static int setup_masks(int rootfd, int procfd, int sysfd, struct vsm_error *err)
{
	int nullfd = fs_openat2(rootfd, "/dev/null", O_PATH | O_NOFOLLOW, 0,
				RESOLVE_IN_ROOT | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS);
	struct stat nst;
	if (nullfd < 0 || fstat(nullfd, &nst) < 0 || !S_ISCHR(nst.st_mode) ||
	    nst.st_rdev != makedev(1, 3)) {
		if (nullfd >= 0)
			close(nullfd);
		return vsm_error_set(err, EINVAL, "/dev/null in the new /dev is not the 1:3 device");
	}
	int r = 0;
	for (int i = 0; guest_masked_paths[i] && r == 0; i++) {
		int tfd = api_open(procfd, sysfd, guest_masked_paths[i]);
		if (tfd < 0)
			continue;
		struct stat st;
		int mfd;
		if (fstat(tfd, &st) == 0 && S_ISDIR(st.st_mode))
			mfd = mnt_new_fs("tmpfs", "tmpfs", "size=0,mode=0555", VSM_MNT_RDONLY |
					 VSM_MNT_NOSUID | VSM_MNT_NODEV | VSM_MNT_NOEXEC, err);
		else if ((mfd = mnt_clone_tree(nullfd, "", false, err)) >= 0 &&
			 mnt_set_attrs(mfd, VSM_MNT_RDONLY | VSM_MNT_NOSUID | VSM_MNT_NOEXEC, 0, false,
				       err) < 0) {
			close(mfd);
			mfd = -EPERM;
		}
		r = mfd < 0 ? mfd : mnt_attach(mfd, tfd, err);
		if (r < 0)
			vsm_error_prefix(err, "mask %s", guest_masked_paths[i]);
		if (mfd >= 0)
			close(mfd);
		close(tfd);
	}
	for (int i = 0; guest_readonly_paths[i] && r == 0; i++) {
		int tfd = api_open(procfd, sysfd, guest_readonly_paths[i]);
		if (tfd < 0)
			continue;
		int mfd = mnt_clone_tree(tfd, "", true, err);
		r = mfd < 0 ? mfd : mnt_set_attrs(mfd, VSM_MNT_RDONLY | VSM_MNT_NOSUID | VSM_MNT_NODEV |
						  VSM_MNT_NOEXEC, 0, true, err);
		if (r == 0)
			r = mnt_attach(mfd, tfd, err);
		if (r < 0)
			vsm_error_prefix(err, "read-only %s", guest_readonly_paths[i]);
		if (mfd >= 0)
			close(mfd);
		close(tfd);
	}
	close(nullfd);
	return r;
}

/* Unprivileged ping through the guest's own netns instead of CAP_NET_RAW (DESIGN.md). Written
 * through the guest's fresh procfs, before /proc/sys turns read-only. */
static int set_ping_range(int procfd, struct vsm_error *err)
{
	int fd = fs_openat2(procfd, "sys/net/ipv4/ping_group_range", O_WRONLY | O_NOFOLLOW, 0,
			    RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS);
	if (fd < 0)
		return 0; /* no IPv4 */
	const char v[] = "0 2147483647\n";
	ssize_t n = write(fd, v, sizeof(v) - 1);
	int e = errno;
	close(fd);
	return n < 0 ? vsm_error_sys(err, e, "write net.ipv4.ping_group_range") : 0;
}

/* /run as a fresh tmpfs (with /run/lock), as Debian's and most distributions' boot scripts
 * expect and cannot mount themselves without CAP_SYS_ADMIN: no stale pid files, utmp or initctl
 * FIFO from the last boot (util-vserver's sysv prepare step deleted them from /var/run). Only
 * when /run is a real directory of the guest and fstab does not mount it. */
static int setup_run(int rootfd, const struct run_config *rc, struct vsm_error *err)
{
	struct stat st;
	if (fstatat(rootfd, "run", &st, AT_SYMLINK_NOFOLLOW) < 0 || !S_ISDIR(st.st_mode))
		return 0;
	for (size_t i = 0; i < rc->n_fstab; i++)
		if (!strcmp(rc->fstab[i].file, "/run"))
			return 0;
	int mfd = -1;
	int r = attach_new(rootfd, "/run", "tmpfs", "mode=0755,size=20%",
			   VSM_MNT_NOSUID | VSM_MNT_NODEV, &mfd, err);
	if (r < 0)
		return r;
	if (mkdirat(mfd, "lock", 01777) < 0 || fchmodat(mfd, "lock", 01777, 0) < 0)
		r = vsm_error_sys(err, errno, "mkdir /run/lock");
	close(mfd);
	return r;
}

int guest_mounts_setup(const struct run_config *rc, const char *console, struct vsm_error *err)
{
	int r = mnt_make_private(err);
	if (r < 0)
		return r;
	/* A recursive clone of the guest root, attached over it in this namespace: pivot_root needs a
	 * mount point, and the host's mount of the root stays untouched. nodev: a device node left in
	 * the tree (an imported tarball, a clone) opens nothing; only the /dev the host builds below
	 * holds devices (B35). */
	int rootfd = mnt_clone_tree(AT_FDCWD, rc->vdir, true, err);
	if (rootfd < 0)
		return vsm_error_prefix(err, "%s: guest root", rc->name);
	r = mnt_set_attrs(rootfd, VSM_MNT_NODEV, 0, true, err);
	int vfd = r < 0 ? -1 : open(rc->vdir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (r == 0)
		r = vfd < 0 ? vsm_error_sys(err, errno, "open %s", rc->vdir) : mnt_attach(rootfd, vfd, err);
	if (vfd >= 0)
		close(vfd);
	if (r == 0 && rc->n_fstab)
		r = guest_fstab_mount(rootfd, rc->fstab, rc->n_fstab, err);
	int procfd = -1, sysfd = -1;
	if (r == 0)
		r = setup_run(rootfd, rc, err);
	if (r == 0)
		r = attach_new(rootfd, "/proc", "proc", NULL,
			       VSM_MNT_NOSUID | VSM_MNT_NODEV | VSM_MNT_NOEXEC, &procfd, err);
	if (r == 0)
		r = set_ping_range(procfd, err);
	if (r == 0)
		r = attach_new(rootfd, "/sys", "sysfs", NULL, VSM_MNT_RDONLY | VSM_MNT_NOSUID |
			       VSM_MNT_NODEV | VSM_MNT_NOEXEC, &sysfd, err);
	if (r == 0)
		r = setup_dev(rootfd, console, err);
	if (r == 0)
		r = setup_masks(rootfd, procfd, sysfd, err);
	if (procfd >= 0)
		close(procfd);
	if (sysfd >= 0)
		close(sysfd);
	if (r < 0) {
		close(rootfd);
		return r;
	}
	return rootfd;
}
