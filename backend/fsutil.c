/* File helpers: atomic writes, bounded reads, safe tree removal, in-root opens. */
#include "backend/fsutil.h"

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/fs.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static int write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int fs_write_atomic(int dirfd, const char *name, const void *buf, size_t len, mode_t mode,
		    struct vsm_error *err)
{
	char tmp[NAME_MAX + 1];
	const char *base = strrchr(name, '/');
	base = base ? base + 1 : name;
	int n;
	if (base == name)
		n = snprintf(tmp, sizeof(tmp), ".%s.tmp%d", name, (int)getpid());
	else
		n = snprintf(tmp, sizeof(tmp), "%.*s.%s.tmp%d", (int)(base - name), name, base,
			     (int)getpid());
	if (n < 0 || (size_t)n >= sizeof(tmp))
		return vsm_error_set(err, ENAMETOOLONG, "%s: name too long", name);
	int fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, mode);
	if (fd < 0)
		return vsm_error_sys(err, errno, "%s: create temporary file", name);
	int r = write_all(fd, buf, len);
	if (r == 0 && fchmod(fd, mode) < 0)
		r = -errno;
	if (r == 0 && fsync(fd) < 0)
		r = -errno;
	if (close(fd) < 0 && r == 0)
		r = -errno;
	if (r == 0 && renameat(dirfd, tmp, dirfd, name) < 0)
		r = -errno;
	if (r < 0) {
		unlinkat(dirfd, tmp, 0);
		return vsm_error_sys(err, -r, "%s: write", name);
	}
	/* The rename is durable only once the directory is synced. */
	char dir[PATH_MAX] = ".";
	if (base != name)
		snprintf(dir, sizeof(dir), "%.*s", (int)(base - name), name);
	int dfd = openat(dirfd, dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	return 0;
}

int fs_write_atomic_path(const char *path, const void *buf, size_t len, mode_t mode,
			 struct vsm_error *err)
{
	return fs_write_atomic(AT_FDCWD, path, buf, len, mode, err);
}

int fs_symlink_atomic(const char *target, const char *path, struct vsm_error *err)
{
	char tmp[PATH_MAX];
	int n = snprintf(tmp, sizeof(tmp), "%s.tmp%d", path, (int)getpid());
	if (n < 0 || (size_t)n >= sizeof(tmp))
		return vsm_error_set(err, ENAMETOOLONG, "%s: name too long", path);
	unlink(tmp);
	if (symlink(target, tmp) < 0)
		return vsm_error_sys(err, errno, "%s: symlink", path);
	if (rename(tmp, path) < 0) {
		int e = errno;
		unlink(tmp);
		return vsm_error_sys(err, e, "%s: rename", path);
	}
	return 0;
}

int fs_read_file_at(int dirfd, const char *name, size_t max, char **out, size_t *len,
		    struct vsm_error *err)
{
	*out = NULL;
	if (len)
		*len = 0;
	int fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		int e = errno;
		if (e == ENOENT)
			return -ENOENT;
		return vsm_error_sys(err, e, "%s: open", name);
	}
	struct stat st;
	if (fstat(fd, &st) < 0) {
		int e = errno;
		close(fd);
		return vsm_error_sys(err, e, "%s: stat", name);
	}
	if (S_ISREG(st.st_mode) && (size_t)st.st_size > max) {
		close(fd);
		return vsm_error_set(err, EFBIG, "%s: file is %lld bytes, more than the limit of %zu",
				     name, (long long)st.st_size, max);
	}
	size_t cap = 256, used = 0;
	char *buf = malloc(cap);
	if (!buf) {
		close(fd);
		return vsm_error_set(err, ENOMEM, "%s: out of memory", name);
	}
	for (;;) {
		if (used + 1 >= cap) {
			if (cap > max + 1) {
				free(buf);
				close(fd);
				return vsm_error_set(err, EFBIG, "%s: more than the limit of %zu bytes",
						     name, max);
			}
			char *nb = realloc(buf, cap * 2);
			if (!nb) {
				free(buf);
				close(fd);
				return vsm_error_set(err, ENOMEM, "%s: out of memory", name);
			}
			buf = nb;
			cap *= 2;
		}
		ssize_t n = read(fd, buf + used, cap - used - 1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			int e = errno;
			free(buf);
			close(fd);
			return vsm_error_sys(err, e, "%s: read", name);
		}
		if (n == 0)
			break;
		used += (size_t)n;
	}
	close(fd);
	if (used > max) {
		free(buf);
		return vsm_error_set(err, EFBIG, "%s: more than the limit of %zu bytes", name, max);
	}
	buf[used] = '\0';
	*out = buf;
	if (len)
		*len = used;
	return 0;
}

int fs_mkdir_p(const char *path, mode_t mode, struct vsm_error *err)
{
	char buf[PATH_MAX];
	size_t n = strlen(path);
	if (n == 0 || n >= sizeof(buf))
		return vsm_error_set(err, ENAMETOOLONG, "%s: bad path", path);
	memcpy(buf, path, n + 1);
	for (char *p = buf + 1; ; p++) {
		if (*p == '/' || *p == '\0') {
			char c = *p;
			*p = '\0';
			if (mkdir(buf, mode) < 0 && errno != EEXIST)
				return vsm_error_sys(err, errno, "%s: mkdir", buf);
			*p = c;
			if (c == '\0')
				break;
		}
	}
	struct stat st;
	if (stat(path, &st) < 0 || !S_ISDIR(st.st_mode))
		return vsm_error_set(err, ENOTDIR, "%s: not a directory", path);
	return 0;
}

static void clear_inode_flags(int fd)
{
	int flags = 0;
	if (ioctl(fd, FS_IOC_GETFLAGS, &flags) == 0 && (flags & (FS_IMMUTABLE_FL | FS_APPEND_FL))) {
		flags &= ~(FS_IMMUTABLE_FL | FS_APPEND_FL);
		ioctl(fd, FS_IOC_SETFLAGS, &flags);
	}
}

/* Clear immutable/append-only on NAME in DIRFD (never following a symlink). */
static void unprotect_at(int dirfd, const char *name)
{
	int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd >= 0) {
		clear_inode_flags(fd);
		close(fd);
	}
}

/* The mount NAME in DIRFD lives on, as far as the kernel tells (statx STATX_MNT_ID, 5.8+); 0 when
 * it cannot say. st_dev alone misses a bind mount of the same filesystem, the classic way an
 * `rm -rf` of a guest tree runs into a host directory bound inside it (security.md R8). */
static unsigned long long mount_id_at(int dirfd, const char *name)
{
	struct statx stx;
	if (statx(dirfd, name, AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | (*name ? 0 : AT_EMPTY_PATH),
		  STATX_MNT_ID, &stx) < 0 || !(stx.stx_mask & STATX_MNT_ID))
		return 0;
	return stx.stx_mnt_id;
}

static int remove_dir_contents(int dfd, dev_t dev, const char *what, struct vsm_error *err)
{
	unsigned long long mnt = mount_id_at(dfd, "");
	DIR *d = fdopendir(dfd);
	if (!d) {
		int e = errno;
		close(dfd);
		return vsm_error_sys(err, e, "%s: opendir", what);
	}
	clear_inode_flags(dirfd(d));
	int r = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		struct stat st;
		if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
			continue;
		unsigned long long sub_mnt = mnt ? mount_id_at(dirfd(d), de->d_name) : 0;
		if (!S_ISDIR(st.st_mode) && sub_mnt != mnt) {
			r = vsm_error_set(err, EBUSY, "%s/%s: is a mount point; not removed", what,
					  de->d_name);
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			if (st.st_dev != dev || sub_mnt != mnt) {
				r = vsm_error_set(err, EBUSY, "%s/%s: is a mount point; not removed",
						  what, de->d_name);
				continue;
			}
			int sub = openat(dirfd(d), de->d_name,
					 O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (sub < 0)
				continue;
			int rr = remove_dir_contents(sub, dev, what, err);
			if (rr < 0)
				r = rr;
			if (unlinkat(dirfd(d), de->d_name, AT_REMOVEDIR) < 0 && r == 0)
				r = vsm_error_sys(err, errno, "%s/%s: rmdir", what, de->d_name);
		} else {
			if (S_ISREG(st.st_mode) || S_ISDIR(st.st_mode))
				unprotect_at(dirfd(d), de->d_name);
			if (unlinkat(dirfd(d), de->d_name, 0) < 0 && errno != ENOENT && r == 0)
				r = vsm_error_sys(err, errno, "%s/%s: unlink", what, de->d_name);
		}
	}
	closedir(d);
	return r;
}

int fs_remove_tree_at(int dirfd, const char *name, struct vsm_error *err)
{
	struct stat st;
	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return errno == ENOENT ? 0 : vsm_error_sys(err, errno, "%s: stat", name);
	if (!S_ISDIR(st.st_mode)) {
		unprotect_at(dirfd, name);
		if (unlinkat(dirfd, name, 0) < 0)
			return vsm_error_sys(err, errno, "%s: unlink", name);
		return 0;
	}
	int fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return vsm_error_sys(err, errno, "%s: open", name);
	int r = remove_dir_contents(fd, st.st_dev, name, err);
	if (r < 0)
		return r;
	if (unlinkat(dirfd, name, AT_REMOVEDIR) < 0)
		return vsm_error_sys(err, errno, "%s: rmdir", name);
	return 0;
}

int fs_remove_tree(const char *path, struct vsm_error *err)
{
	return fs_remove_tree_at(AT_FDCWD, path, err);
}

int fs_open_in_root(int rootfd, const char *path, int flags, mode_t mode, struct vsm_error *err)
{
	int fd = fs_openat2(rootfd, path, flags, mode, RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS);
	if (fd < 0)
		return vsm_error_sys(err, -fd, "%s: open inside guest root", path);
	return fd;
}
