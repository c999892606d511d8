/* The image backend of disk limits: the guest root lives in a sparse ext4 image file, loop-mounted
 * on the vdir from start to stop. e2fsprogs (mke2fs -d, e2fsck, resize2fs, tune2fs) do the
 * filesystem work; the loop device is attached with autoclear so it goes with the mount. */
#include "backend/dlimit.h"
#include "backend/dlimit_internal.h"
#include "backend/fsutil.h"
#include "backend/lock.h"
#include "backend/paths.h"
#include "backend/run_probe.h"
#include "kernel/loop.h"

#include <dirent.h>
#include <sys/capability.h>
#include <fcntl.h>
#include <inttypes.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#define LOOP_MAJOR 7

/* Run an e2fsprogs/coreutils tool; its exit status (or -errno), with its last output line in ERR
 * when it is not one of the OK statuses (bitmask of accepted exit codes). */
static int run_tool(char *const argv[], unsigned ok_mask, struct vsm_error *err)
{
	int pp[2];
	if (pipe2(pp, O_CLOEXEC) < 0)
		return vsm_error_sys(err, errno, "pipe2");
	pid_t pid = fork();
	if (pid < 0) {
		int e = errno;
		close(pp[0]);
		close(pp[1]);
		return vsm_error_sys(err, e, "fork");
	}
	if (pid == 0) {
		dup2(pp[1], 1);
		dup2(pp[1], 2);
		int nul = open("/dev/null", O_RDONLY);
		if (nul >= 0)
			dup2(nul, 0);
		setenv("PATH", "/usr/sbin:/usr/bin:/sbin:/bin", 1);
		execvp(argv[0], argv);
		dprintf(2, "exec %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(pp[1]);
	char out[4096];
	size_t got = 0;
	for (;;) {
		ssize_t n = read(pp[0], out + got, sizeof(out) - 1 - got);
		if (n <= 0)
			break;
		got += (size_t)n;
		if (got == sizeof(out) - 1) {
			/* keep the tail: the error is at the end */
			memmove(out, out + 2048, got - 2048);
			got -= 2048;
		}
	}
	close(pp[0]);
	out[got] = '\0';
	int st;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	int code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	if (code < 32 && (ok_mask & (1u << code)))
		return code;
	while (got && (out[got - 1] == '\n' || out[got - 1] == ' '))
		out[--got] = '\0';
	char *last = strrchr(out, '\n');
	return vsm_error_set(err, EIO, "%s failed (status %d): %s", argv[0], code,
			     last ? last + 1 : out);
}

bool dlimit_image_mounted(const char *name, const char *vdir, unsigned *minor)
{
	char img[PATH_MAX], canon[PATH_MAX], backing[PATH_MAX];
	struct stat st;
	if (dlimit_image_path(name, img, sizeof(img)) < 0 || !realpath(img, canon) ||
	    stat(vdir, &st) < 0 || major(st.st_dev) != LOOP_MAJOR)
		return false;
	if (loop_backing_file(minor(st.st_dev), backing, sizeof(backing)) < 0 || strcmp(backing, canon))
		return false;
	if (minor)
		*minor = minor(st.st_dev);
	return true;
}

/* Attach IMG and mount it on TARGET with FLAGS; the loop device detaches with the mount. */
static int image_mount(const char *img, const char *target, unsigned long flags,
		       struct vsm_error *err)
{
	bool ro = flags & MS_RDONLY;
	int ifd = open(img, (ro ? O_RDONLY : O_RDWR) | O_CLOEXEC);
	if (ifd < 0)
		return vsm_error_sys(err, errno, "open %s", img);
	char dev[64];
	int lfd = loop_attach(ifd, ro, dev, sizeof(dev), err);
	close(ifd);
	if (lfd < 0)
		return vsm_error_prefix(err, "%s", img);
	int r = 0;
	if (mount(dev, target, "ext4", flags, ro ? "noload" : NULL) < 0)
		r = vsm_error_sys(err, errno, "mount %s (%s) on %s", img, dev, target);
	close(lfd);
	return r;
}

/* Run FN on the image mounted at a temporary directory in a private mount namespace (a child
 * process), so nothing is visible on the host and everything goes when the child exits. */
static int with_private_mount(const char *name, bool ro,
			      int (*fn)(const char *mnt, void *ctx, int out_fd), void *ctx,
			      void *result, size_t rlen, struct vsm_error *err)
{
	char img[PATH_MAX], mnt[] = "/tmp/vsm-dlimit.XXXXXX";
	dlimit_image_path(name, img, sizeof(img));
	if (!mkdtemp(mnt))
		return vsm_error_sys(err, errno, "mkdtemp %s", mnt);
	int pp[2];
	if (pipe2(pp, O_CLOEXEC) < 0) {
		int e = errno;
		rmdir(mnt);
		return vsm_error_sys(err, e, "pipe2");
	}
	pid_t pid = fork();
	if (pid == 0) {
		close(pp[0]);
		struct vsm_error e = { 0 };
		int r = 0;
		if (unshare(CLONE_NEWNS) < 0 || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
			r = vsm_error_sys(&e, errno, "private mount namespace");
		if (r == 0)
			r = image_mount(img, mnt, ro ? MS_RDONLY : 0, &e);
		if (r == 0)
			r = fn(mnt, ctx, pp[1]);
		else
			dprintf(pp[1], "E%s", e.msg);
		_exit(r == 0 ? 0 : 1);
	}
	close(pp[1]);
	char buf[600];
	size_t got = 0;
	ssize_t n;
	while (got < sizeof(buf) - 1 && (n = read(pp[0], buf + got, sizeof(buf) - 1 - got)) > 0)
		got += (size_t)n;
	close(pp[0]);
	int st = 0;
	if (pid > 0)
		while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
			;
	rmdir(mnt);
	if (pid < 0)
		return vsm_error_sys(err, errno, "fork");
	buf[got] = '\0';
	if (got && buf[0] == 'E')
		return vsm_error_set(err, EIO, "%s", buf + 1);
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0 || got != rlen)
		return vsm_error_set(err, EIO, "%s: reading image %s failed", name, img);
	memcpy(result, buf, rlen);
	return 0;
}

static int statvfs_fn(const char *mnt, void *ctx, int out_fd)
{
	struct statvfs s;
	struct dlimit_usage u;
	if (statvfs(mnt, &s) < 0) {
		dprintf(out_fd, "Estatvfs %s: %s", mnt, strerror(errno));
		return -1;
	}
	dlimit_usage_from_statvfs(&s, &u);
	return write(out_fd, &u, sizeof(u)) == sizeof(u) ? 0 : -1;
}

int dlimit_image_statvfs(const char *name, struct dlimit_usage *u, struct vsm_error *err)
{
	return with_private_mount(name, true, statvfs_fn, NULL, u, sizeof(*u), err);
}

static int copy_out_fn(const char *mnt, void *ctx, int out_fd)
{
	char src[PATH_MAX + 4];
	snprintf(src, sizeof(src), "%s/.", mnt);
	struct vsm_error e = { 0 };
	char *argv[] = { "cp", "-a", src, (char *)ctx, NULL };
	if (run_tool(argv, 1, &e) < 0) {
		dprintf(out_fd, "E%s", e.msg);
		return -1;
	}
	return write(out_fd, "k", 1) == 1 ? 0 : -1;
}

static void refresh_cache(const char *name)
{
	struct dlimit_usage u;
	if (dlimit_image_statvfs(name, &u, NULL) == 0)
		dlimit_cache_write(name, &u, NULL);
}

/* Empty VDIR (its content now lives in the image); VDIR itself stays as the mount point. */
static int vdir_clear(const char *vdir, struct vsm_error *err)
{
	DIR *d = opendir(vdir);
	if (!d)
		return vsm_error_sys(err, errno, "opendir %s", vdir);
	struct dirent *de;
	int r = 0;
	while (r == 0 && (de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			r = fs_remove_tree_at(dirfd(d), de->d_name, err);
	closedir(d);
	return r;
}

static int image_create(const char *name, const struct dlimit *want, const char *vdir,
			struct vsm_error *err)
{
	char img[PATH_MAX], tmp[PATH_MAX + 8], dir[PATH_MAX];
	dlimit_image_path(name, img, sizeof(img));
	snprintf(dir, sizeof(dir), "%s/.dlimits", vsm_paths()->vdirbase);
	int r = fs_mkdir_p(dir, 0700, err);
	if (r < 0)
		return r;
	snprintf(tmp, sizeof(tmp), "%s.new", img);
	unlink(tmp);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return vsm_error_sys(err, errno, "create %s", tmp);
	if (ftruncate(fd, (off_t)(want->space_total_kb * 1024)) < 0) {
		r = vsm_error_sys(err, errno, "truncate %s", tmp);
		close(fd);
		unlink(tmp);
		return r;
	}
	close(fd);
	/* The tree goes in with mke2fs -d: owners, modes, links, devices and xattrs are kept. */
	char inodes[32], res[16];
	snprintf(inodes, sizeof(inodes), "%" PRIu64, want->inodes_total);
	snprintf(res, sizeof(res), "%u", want->reserved_pct);
	char *argv[16];
	int k = 0;
	argv[k++] = "mke2fs";
	argv[k++] = "-q";
	argv[k++] = "-F";
	argv[k++] = "-t";
	argv[k++] = "ext4";
	argv[k++] = "-m";
	argv[k++] = res;
	if (want->inodes_total) {
		argv[k++] = "-N";
		argv[k++] = inodes;
	}
	argv[k++] = "-d";
	argv[k++] = (char *)vdir;
	argv[k++] = tmp;
	argv[k] = NULL;
	if ((r = run_tool(argv, 1, err)) < 0) {
		unlink(tmp);
		return vsm_error_prefix(err, "%s: the tree does not fit in %" PRIu64 " KiB / %" PRIu64
					" inodes, or", name, want->space_total_kb, want->inodes_total);
	}
	if (rename(tmp, img) < 0) {
		r = vsm_error_sys(err, errno, "rename %s", tmp);
		unlink(tmp);
		return r;
	}
	return vdir_clear(vdir, err);
}

static int image_resize_stopped(const char *img, uint64_t old_kb, uint64_t new_kb,
				struct vsm_error *err)
{
	char size[32];
	snprintf(size, sizeof(size), "%" PRIu64 "K", new_kb);
	char *fsck[] = { "e2fsck", "-f", "-p", (char *)img, NULL };
	int r = run_tool(fsck, 0x3, err);
	if (r < 0)
		return r;
	if (new_kb > old_kb && truncate(img, (off_t)(new_kb * 1024)) < 0)
		return vsm_error_sys(err, errno, "grow %s", img);
	char *rs[] = { "resize2fs", (char *)img, size, NULL };
	if ((r = run_tool(rs, 1, err)) < 0) {
		if (new_kb > old_kb && truncate(img, (off_t)(old_kb * 1024)) < 0) {
			/* the larger file is harmless: the filesystem did not grow */
		}
		return r;
	}
	if (new_kb < old_kb && truncate(img, (off_t)(new_kb * 1024)) < 0)
		return vsm_error_sys(err, errno, "shrink %s", img);
	return 0;
}

/* ext4's online resize ioctls need CAP_SYS_RESOURCE in the caller. */
static bool have_sys_resource(void)
{
	cap_t c = cap_get_proc();
	cap_flag_value_t v = CAP_CLEAR;
	if (c) {
		cap_get_flag(c, CAP_SYS_RESOURCE, CAP_EFFECTIVE, &v);
		cap_free(c);
	}
	return v == CAP_SET;
}

static int image_grow_online(const char *name, const char *img, unsigned minor, uint64_t new_kb,
			     struct vsm_error *err)
{
	if (!have_sys_resource())
		return vsm_error_set(err, EPERM, "growing a mounted image needs CAP_SYS_RESOURCE (ext4's "
				     "online resize), which this process lacks; stop the guest to grow it");
	if (truncate(img, (off_t)(new_kb * 1024)) < 0)
		return vsm_error_sys(err, errno, "grow %s", img);
	char dev[64];
	snprintf(dev, sizeof(dev), "/dev/loop%u", minor);
	int fd = open(dev, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return vsm_error_sys(err, errno, "open %s", dev);
	int r = loop_set_capacity(fd, err);
	close(fd);
	if (r < 0)
		return vsm_error_prefix(err, "%s: %s", name, dev);
	char size[32];
	snprintf(size, sizeof(size), "%" PRIu64 "K", new_kb);
	char *rs[] = { "resize2fs", dev, size, NULL };
	return run_tool(rs, 1, err) < 0 ? -err->code : 0;
}

static int set_locked(const char *name, const struct dlimit *want, struct vsm_error *err)
{
	char vdir[PATH_MAX], img[PATH_MAX];
	dlimit_vdir(name, vdir, sizeof(vdir));
	dlimit_image_path(name, img, sizeof(img));
	if (want->space_total_kb < 1024)
		return vsm_error_set(err, EINVAL, "%s: space_total %" PRIu64 " KiB is below the 1024 KiB "
				     "an ext4 image needs", name, want->space_total_kb);
	bool running = run_probe_is_running(name);
	struct dlimit cur;
	int have = dlimit_load(name, &cur, NULL) == 0;
	int r;
	if (access(img, F_OK) < 0) {
		if (running)
			return vsm_error_set(err, EBUSY, "%s is running: stop it to move its root into a "
					     "limited image", name);
		if ((r = image_create(name, want, vdir, err)) < 0)
			return r;
	} else {
		if (have && want->inodes_total != cur.inodes_total)
			return vsm_error_set(err, EINVAL, "%s: inodes_total is fixed when the image is made "
					     "(%" PRIu64 "); remove the limit and set it again", name,
					     cur.inodes_total);
		struct stat st;
		if (stat(img, &st) < 0)
			return vsm_error_sys(err, errno, "stat %s", img);
		uint64_t old_kb = (uint64_t)st.st_size / 1024;
		unsigned minor;
		bool mounted = dlimit_image_mounted(name, vdir, &minor);
		if (running && !mounted)
			return vsm_error_set(err, EIO, "%s runs but its image is not mounted on %s", name,
					     vdir);
		if (want->space_total_kb != old_kb) {
			if (running && want->space_total_kb < old_kb)
				return vsm_error_set(err, EBUSY, "%s is running: an image only grows while the "
						     "guest runs; stop it to shrink", name);
			r = running ? image_grow_online(name, img, minor, want->space_total_kb, err)
				    : image_resize_stopped(img, old_kb, want->space_total_kb, err);
			if (r < 0)
				return vsm_error_prefix(err, "%s", name);
		}
		if (!have || want->reserved_pct != cur.reserved_pct) {
			char dev[64], res[16];
			snprintf(dev, sizeof(dev), "/dev/loop%u", minor);
			snprintf(res, sizeof(res), "%u", want->reserved_pct);
			char *tune[] = { "tune2fs", "-m", res, running ? dev : img, NULL };
			if (run_tool(tune, 1, err) < 0)
				return -err->code;
		}
	}
	struct dlimit save = *want;
	snprintf(save.directory, sizeof(save.directory), "%s", vdir);
	if ((r = dlimit_save(name, &save, err)) < 0)
		return r;
	if (!running)
		refresh_cache(name);
	return 0;
}

int dlimit_set(const char *name, const struct dlimit *want, struct vsm_error *err)
{
	int lock = guest_lock(name, true, err);
	if (lock < 0)
		return lock;
	int r = set_locked(name, want, err);
	guest_unlock(lock);
	return r;
}

int dlimit_remove(const char *name, struct vsm_error *err)
{
	int lock = guest_lock(name, true, err);
	if (lock < 0)
		return lock;
	char vdir[PATH_MAX], img[PATH_MAX], path[PATH_MAX + 16];
	dlimit_vdir(name, vdir, sizeof(vdir));
	dlimit_image_path(name, img, sizeof(img));
	int r = 0;
	char ok;
	if (run_probe_is_running(name)) {
		r = vsm_error_set(err, EBUSY, "%s is running: stop it to remove its disk limit", name);
	} else if (access(img, F_OK) == 0) {
		/* The tree comes back out of the image before the image goes. */
		if ((r = fs_mkdir_p(vdir, 0755, err)) == 0 &&
		    (r = with_private_mount(name, true, copy_out_fn, vdir, &ok, 1, err)) == 0 &&
		    unlink(img) < 0)
			r = vsm_error_sys(err, errno, "unlink %s", img);
	}
	if (r == 0) {
		snprintf(path, sizeof(path), "%s/%s/dlimits", vsm_paths()->confdir, name);
		if ((r = fs_remove_tree(path, err)) == -ENOENT)
			r = 0;
		snprintf(path, sizeof(path), "%s/%s/dlimits", vsm_paths()->cachedir, name);
		unlink(path);
	}
	guest_unlock(lock);
	return r;
}

int dlimit_root_prepare(const char *name, struct vsm_error *err)
{
	char vdir[PATH_MAX], img[PATH_MAX];
	if (!dlimit_has_image(name)) {
		/* A configured limit is enforced or the start fails; it is never silently ignored. */
		struct dlimit dl;
		int r = dlimit_load(name, &dl, err);
		if (r == -ENOENT)
			return 0;
		if (r < 0)
			return r;
		return vsm_error_set(err, ENOENT, "%s: dlimits/ sets a disk limit but the guest has no "
				     "root image yet: run `vdlimit %s --set space_total=%" PRIu64 "`",
				     name, name, dl.space_total_kb);
	}
	dlimit_vdir(name, vdir, sizeof(vdir));
	dlimit_image_path(name, img, sizeof(img));
	if (dlimit_image_mounted(name, vdir, NULL))
		dlimit_root_release(name); /* left over from a monitor that died */
	int r = fs_mkdir_p(vdir, 0755, err);
	if (r < 0)
		return r;
	/* A crash may have left the journal dirty: -p repairs what is safe to repair. */
	char *fsck[] = { "e2fsck", "-p", img, NULL };
	if ((r = run_tool(fsck, 0x3, err)) < 0)
		return vsm_error_prefix(err, "%s: root image", name);
	if ((r = image_mount(img, vdir, 0, err)) < 0)
		return vsm_error_prefix(err, "%s: root image", name);
	return 0;
}

void dlimit_root_release(const char *name)
{
	char vdir[PATH_MAX];
	if (dlimit_vdir(name, vdir, sizeof(vdir)) < 0 || !dlimit_image_mounted(name, vdir, NULL))
		return;
	struct statvfs s;
	struct dlimit_usage u;
	if (statvfs(vdir, &s) == 0) {
		dlimit_usage_from_statvfs(&s, &u);
		dlimit_cache_write(name, &u, NULL);
	}
	unsigned minor = 0;
	dlimit_image_mounted(name, vdir, &minor);
	if (umount2(vdir, 0) < 0)
		umount2(vdir, MNT_DETACH);
	/* The autoclear loop device goes once the last mount of the filesystem does; the guest's
	 * mount namespace may outlive its processes by a moment. Wait so that stop returns with the
	 * device gone. */
	char backing[PATH_MAX];
	for (int i = 0; i < 100 && loop_backing_file(minor, backing, sizeof(backing)) == 0; i++)
		usleep(20000);
}

int dlimit_image_delete(const char *name, struct vsm_error *err)
{
	char img[PATH_MAX], vdir[PATH_MAX];
	dlimit_image_path(name, img, sizeof(img));
	dlimit_vdir(name, vdir, sizeof(vdir));
	if (dlimit_image_mounted(name, vdir, NULL))
		dlimit_root_release(name);
	if (unlink(img) < 0 && errno != ENOENT)
		return vsm_error_sys(err, errno, "unlink %s", img);
	char dir[PATH_MAX];
	snprintf(dir, sizeof(dir), "%s/.dlimits", vsm_paths()->vdirbase);
	rmdir(dir); /* only when no other guest has an image */
	return 0;
}
