/* fd-relative tree copy for `build -m clone`. Every open uses O_NOFOLLOW under a directory fd,
 * so a symlink planted in the source (a running guest's tree) is copied as a link, never
 * followed out of it. */
#include "backend/copytree.h"

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

/* Hard links: (dev, ino) of multiply-linked source files → their path in the copy. */
struct link_entry {
	dev_t dev;
	ino_t ino;
	char *path;
};

struct copy {
	const struct copytree_opts *o;
	struct vsm_error *err;
	int dst_root;
	dev_t dev;
	char path[PATH_MAX];	/* current path relative to the tree, for messages and links */
	struct link_entry *links;
	size_t n_links, cap_links;
	struct copytree_progress prog;
};

static int copy_fail(struct copy *c, int e, const char *what)
{
	return vsm_error_sys(c->err, e, "clone: /%s: %s", c->path, what);
}

static const char *link_find(struct copy *c, const struct stat *st)
{
	for (size_t i = 0; i < c->n_links; i++)
		if (c->links[i].ino == st->st_ino && c->links[i].dev == st->st_dev)
			return c->links[i].path;
	return NULL;
}

static int link_add(struct copy *c, const struct stat *st)
{
	if (c->n_links == c->cap_links) {
		size_t cap = c->cap_links ? c->cap_links * 2 : 64;
		struct link_entry *n = realloc(c->links, cap * sizeof(*n));
		if (!n)
			return copy_fail(c, ENOMEM, "hard link table");
		c->links = n;
		c->cap_links = cap;
	}
	char *p = strdup(c->path);
	if (!p)
		return copy_fail(c, ENOMEM, "hard link table");
	c->links[c->n_links++] = (struct link_entry){ st->st_dev, st->st_ino, p };
	return 0;
}

/* Extended attributes from SRC to DST (both open fds). ENOTSUP on either side is not an error:
 * the filesystems differ. */
static int xattrs_copy(struct copy *c, int src, int dst)
{
	char names[16384];
	ssize_t n = flistxattr(src, names, sizeof(names));
	if (n < 0)
		return (errno == ENOTSUP || errno == ENODATA) ? 0 : copy_fail(c, errno, "listxattr");
	char value[65536];
	for (char *k = names; k < names + n; k += strlen(k) + 1) {
		ssize_t v = fgetxattr(src, k, value, sizeof(value));
		if (v < 0)
			continue;
		if (fsetxattr(dst, k, value, (size_t)v, 0) < 0 && errno != ENOTSUP)
			return copy_fail(c, errno, "setxattr");
	}
	return 0;
}

/* Owner, then mode (chown clears set-id bits), then xattrs (chown clears file capabilities),
 * then times. */
static int meta_copy_fd(struct copy *c, int src, int dst, const struct stat *st)
{
	if (fchown(dst, st->st_uid, st->st_gid) < 0)
		return copy_fail(c, errno, "chown");
	if (fchmod(dst, st->st_mode & 07777) < 0)
		return copy_fail(c, errno, "chmod");
	int r = xattrs_copy(c, src, dst);
	if (r < 0)
		return r;
	struct timespec ts[2] = { st->st_atim, st->st_mtim };
	if (futimens(dst, ts) < 0)
		return copy_fail(c, errno, "set times");
	return 0;
}

static int data_copy(struct copy *c, int src, int dst, off_t size)
{
	/* Shared extents where the filesystem can (btrfs, xfs), a kernel copy otherwise. */
	if (ioctl(dst, FICLONE, src) == 0)
		return 0;
	off_t left = size;
	while (left > 0) {
		ssize_t n = copy_file_range(src, NULL, dst, NULL, (size_t)left, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EXDEV || errno == ENOSYS || errno == EINVAL) && left == size)
			break;
		if (n < 0)
			return copy_fail(c, errno, "copy data");
		if (n == 0)
			return 0;	/* the file shrank meanwhile */
		left -= n;
	}
	if (left == 0)
		return 0;
	char buf[65536];
	for (;;) {
		ssize_t n = read(src, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return copy_fail(c, errno, "read");
		if (n == 0)
			return 0;
		for (ssize_t o = 0; o < n;) {
			ssize_t w = write(dst, buf + o, (size_t)(n - o));
			if (w < 0 && errno == EINTR)
				continue;
			if (w < 0)
				return copy_fail(c, errno, "write");
			o += w;
		}
	}
}

static int file_copy(struct copy *c, int sdir, int ddir, const char *name, const struct stat *st)
{
	if (st->st_nlink > 1) {
		const char *first = link_find(c, st);
		if (first) {
			if (linkat(c->dst_root, first, ddir, name, 0) < 0)
				return copy_fail(c, errno, "hard link");
			return 0;
		}
	}
	int src = openat(sdir, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (src < 0)
		return copy_fail(c, errno, "open");
	int dst = openat(ddir, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (dst < 0) {
		int e = errno;
		close(src);
		return copy_fail(c, e, "create");
	}
	int r = data_copy(c, src, dst, st->st_size);
	if (r == 0)
		r = meta_copy_fd(c, src, dst, st);
	close(src);
	if (close(dst) < 0 && r == 0)
		r = copy_fail(c, errno, "close");
	if (r == 0 && st->st_nlink > 1)
		r = link_add(c, st);
	return r;
}

/* Symlinks, devices, fifos, sockets: no fd to copy through, so metadata by name. */
static int special_copy(struct copy *c, int sdir, int ddir, const char *name, const struct stat *st)
{
	if (S_ISLNK(st->st_mode)) {
		char target[PATH_MAX];
		ssize_t n = readlinkat(sdir, name, target, sizeof(target) - 1);
		if (n < 0)
			return copy_fail(c, errno, "readlink");
		target[n] = '\0';
		if (symlinkat(target, ddir, name) < 0)
			return copy_fail(c, errno, "symlink");
	} else if (mknodat(ddir, name, st->st_mode & (S_IFMT | 0777), st->st_rdev) < 0) {
		return copy_fail(c, errno, "mknod");
	}
	if (fchownat(ddir, name, st->st_uid, st->st_gid, AT_SYMLINK_NOFOLLOW) < 0)
		return copy_fail(c, errno, "chown");
	if (!S_ISLNK(st->st_mode) && fchmodat(ddir, name, st->st_mode & 07777, 0) < 0)
		return copy_fail(c, errno, "chmod");
	struct timespec ts[2] = { st->st_atim, st->st_mtim };
	if (utimensat(ddir, name, ts, AT_SYMLINK_NOFOLLOW) < 0)
		return copy_fail(c, errno, "set times");
	return 0;
}

static int dir_copy(struct copy *c, int sdir, int ddir);

static int entry_copy(struct copy *c, int sdir, int ddir, const char *name)
{
	struct stat st;
	if (fstatat(sdir, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return errno == ENOENT ? 0 : copy_fail(c, errno, "stat");
	if ((++c->prog.done % 500) == 0 && c->o && c->o->progress)
		c->o->progress(&c->prog, c->o->user);
	if (S_ISREG(st.st_mode))
		return file_copy(c, sdir, ddir, name, &st);
	if (!S_ISDIR(st.st_mode))
		return special_copy(c, sdir, ddir, name, &st);
	if (mkdirat(ddir, name, 0700) < 0)
		return copy_fail(c, errno, "mkdir");
	int s = openat(sdir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (s < 0)
		return copy_fail(c, errno, "open directory");
	int d = openat(ddir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (d < 0) {
		int e = errno;
		close(s);
		return copy_fail(c, e, "open new directory");
	}
	/* Another filesystem mounted in the source (a guest's /proc, a bind mount): not ours. */
	int r = st.st_dev == c->dev ? dir_copy(c, s, d) : 0;
	if (r == 0)
		r = meta_copy_fd(c, s, d, &st);
	close(s);
	close(d);
	return r;
}

static int dir_copy(struct copy *c, int sdir, int ddir)
{
	/* A fresh open file description: a dup would share (and move) the caller's offset. */
	int fd = openat(sdir, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	if (!d) {
		int e = errno;
		if (fd >= 0)
			close(fd);
		return copy_fail(c, e, "opendir");
	}
	size_t base = strlen(c->path);
	int r = 0;
	struct dirent *de;
	while (r == 0 && (de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		int n = snprintf(c->path + base, sizeof(c->path) - base, "%s%s", base ? "/" : "",
				 de->d_name);
		if (n < 0 || (size_t)n >= sizeof(c->path) - base) {
			r = copy_fail(c, ENAMETOOLONG, "path");
			break;
		}
		r = entry_copy(c, sdir, ddir, de->d_name);
		c->path[base] = '\0';
	}
	closedir(d);
	return r;
}

static unsigned long count_dir(int dfd, dev_t dev)
{
	int fd = openat(dfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	if (!d) {
		if (fd >= 0)
			close(fd);
		return 0;
	}
	unsigned long n = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		n++;
		if (de->d_type != DT_DIR)
			continue;
		int sub = openat(dirfd(d), de->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (sub < 0)
			continue;
		struct stat st;
		if (fstat(sub, &st) == 0 && st.st_dev == dev)
			n += count_dir(sub, dev);
		close(sub);
	}
	closedir(d);
	return n;
}

unsigned long copytree_count(int srcfd)
{
	struct stat st;
	return fstat(srcfd, &st) == 0 ? count_dir(srcfd, st.st_dev) : 0;
}

int copytree_copy(int srcfd, int dstfd, const struct copytree_opts *o, struct vsm_error *err)
{
	struct copy *c = calloc(1, sizeof(*c));
	if (!c)
		return vsm_error_set(err, ENOMEM, "clone: out of memory");
	c->o = o;
	c->err = err;
	c->dst_root = dstfd;
	struct stat st;
	int r;
	if (fstat(srcfd, &st) < 0) {
		r = vsm_error_sys(err, errno, "clone: stat source");
	} else {
		c->dev = st.st_dev;
		r = dir_copy(c, srcfd, dstfd);
		if (r == 0)
			r = meta_copy_fd(c, srcfd, dstfd, &st);
	}
	for (size_t i = 0; i < c->n_links; i++)
		free(c->links[i].path);
	free(c->links);
	free(c);
	return r;
}
