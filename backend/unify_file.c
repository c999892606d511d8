/* File-level sharing steps (see unify_file.h). Every path is resolved below a guest root fd with
 * symlinks refused; everything after the open is fd-relative. */
#include "backend/unify_file.h"
#include "backend/fsutil.h"
#include "kernel/fsattr.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <linux/openat2.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/xattr.h>
#include <unistd.h>
#include <xxhash.h>

#define CHUNK (128 * 1024)
#define XATTR_LIST_MAX_LEN 65536

static int open_in_root(int rootfd, const char *path, int flags, bool symlinks)
{
	while (*path == '/')
		path++;
	return fs_openat2(rootfd, *path ? path : ".", flags | (symlinks ? 0 : O_NOFOLLOW), 0,
			  RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_XDEV |
				  (symlinks ? 0 : RESOLVE_NO_SYMLINKS));
}

int unify_open_strict(int rootfd, const char *path, int flags)
{
	return open_in_root(rootfd, path, flags, false);
}

static int open_parent(int rootfd, const char *path, int *dirfd, const char **base, bool symlinks)
{
	const char *slash = strrchr(path, '/');
	char dir[4096];
	size_t n = slash ? (size_t)(slash - path) : 0;
	if (n >= sizeof(dir))
		return -ENAMETOOLONG;
	memcpy(dir, path, n);
	dir[n] = '\0';
	*base = slash ? slash + 1 : path;
	if (!**base || !strcmp(*base, ".") || !strcmp(*base, ".."))
		return -EINVAL;
	int fd = open_in_root(rootfd, n ? dir : "/", O_RDONLY | O_DIRECTORY, symlinks);
	if (fd < 0)
		return fd;
	*dirfd = fd;
	return 0;
}

int unify_open_parent(int rootfd, const char *path, int *dirfd, const char **base)
{
	return open_parent(rootfd, path, dirfd, base, false);
}

/* Serialise FD's xattrs as sorted "name\0<len><value>" records, so two files compare and hash
 * the same whatever order the filesystem lists them in. */
static int cmp_cstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int xattr_blob(int fd, char **out, size_t *outlen)
{
	char names[XATTR_LIST_MAX_LEN];
	*out = NULL;
	*outlen = 0;
	ssize_t n = flistxattr(fd, names, sizeof(names));
	if (n < 0)
		return (errno == ENOTSUP) ? 0 : -errno;
	char *list[512];
	size_t cnt = 0;
	for (char *k = names; k < names + n && cnt < 512; k += strlen(k) + 1)
		list[cnt++] = k;
	if (!cnt)
		return 0;
	qsort(list, cnt, sizeof(*list), cmp_cstr);
	size_t cap = 4096, len = 0;
	char *buf = malloc(cap);
	if (!buf)
		return -ENOMEM;
	for (size_t i = 0; i < cnt; i++) {
		size_t nl = strlen(list[i]) + 1;
		for (;;) {
			size_t room = cap - len;
			if (room > nl + sizeof(uint32_t)) {
				ssize_t v = fgetxattr(fd, list[i], buf + len + nl + sizeof(uint32_t),
						      room - nl - sizeof(uint32_t));
				if (v >= 0) {
					uint32_t vl = (uint32_t)v;
					memcpy(buf + len, list[i], nl);
					memcpy(buf + len + nl, &vl, sizeof(vl));
					len += nl + sizeof(vl) + (size_t)v;
					break;
				}
				if (errno == ENODATA)	/* removed meanwhile */
					break;
				if (errno != ERANGE) {
					int e = errno;
					free(buf);
					return -e;
				}
			}
			if (cap > (16u << 20)) {
				free(buf);
				return -E2BIG;
			}
			char *nb = realloc(buf, cap * 2);
			if (!nb) {
				free(buf);
				return -ENOMEM;
			}
			buf = nb;
			cap *= 2;
		}
	}
	*out = buf;
	*outlen = len;
	return 0;
}

int unify_hash_fd(int fd, uint64_t *content, uint64_t *xattrs)
{
	char *blob;
	size_t bl;
	int r = xattr_blob(fd, &blob, &bl);
	if (r < 0)
		return r;
	*xattrs = XXH3_64bits(blob ? blob : "", bl);
	free(blob);
	XXH3_state_t *s = XXH3_createState();
	char *buf = malloc(CHUNK);
	if (!s || !buf) {
		XXH3_freeState(s);
		free(buf);
		return -ENOMEM;
	}
	XXH3_64bits_reset(s);
	off_t off = 0;
	for (;;) {
		ssize_t n = pread(fd, buf, CHUNK, off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			r = -errno;
			break;
		}
		if (n == 0)
			break;
		XXH3_64bits_update(s, buf, (size_t)n);
		off += n;
	}
	if (r == 0)
		*content = XXH3_64bits_digest(s);
	XXH3_freeState(s);
	free(buf);
	return r;
}

static ssize_t read_full(int fd, char *buf, size_t len, off_t off)
{
	size_t got = 0;
	while (got < len) {
		ssize_t n = pread(fd, buf + got, len - got, off + (off_t)got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			break;
		got += (size_t)n;
	}
	return (ssize_t)got;
}

int unify_same_data(int a, int b)
{
	char *xa, *xb;
	size_t la, lb;
	int r = xattr_blob(a, &xa, &la);
	if (r < 0)
		return r;
	r = xattr_blob(b, &xb, &lb);
	if (r < 0) {
		free(xa);
		return r;
	}
	int same = la == lb && (la == 0 || memcmp(xa, xb, la) == 0);
	free(xa);
	free(xb);
	if (!same)
		return 0;
	char *ba = malloc(CHUNK), *bb = malloc(CHUNK);
	if (!ba || !bb) {
		free(ba);
		free(bb);
		return -ENOMEM;
	}
	r = 1;
	for (off_t off = 0;; off += CHUNK) {
		ssize_t na = read_full(a, ba, CHUNK, off), nb = read_full(b, bb, CHUNK, off);
		if (na < 0 || nb < 0) {
			r = na < 0 ? (int)na : (int)nb;
			break;
		}
		if (na != nb || memcmp(ba, bb, (size_t)na) != 0) {
			r = 0;
			break;
		}
		if (na < CHUNK)
			break;
	}
	free(ba);
	free(bb);
	return r;
}

static void tmp_name(char *buf, size_t len)
{
	static atomic_uint counter;
	snprintf(buf, len, UNIFY_TMP_PREFIX "%d.%u", (int)getpid(), atomic_fetch_add(&counter, 1));
}

static bool same_times(const struct stat *a, const struct stat *b)
{
	return a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec &&
	       a->st_size == b->st_size;
}

static bool same_meta(const struct stat *a, const struct stat *b)
{
	return a->st_mode == b->st_mode && a->st_uid == b->st_uid && a->st_gid == b->st_gid &&
	       a->st_size == b->st_size && a->st_dev == b->st_dev;
}

/* Put back the immutable flag of FD as OLD had it (only that bit). */
static void immutable_restore(int fd, unsigned old)
{
	if (old & FS_IMMUTABLE_FL)
		fsattr_change(fd, FS_IMMUTABLE_FL, 0, NULL);
	else
		fsattr_change(fd, 0, FS_IMMUTABLE_FL, NULL);
}

int unify_link_one(int cfd, const struct stat *cst, int rootfd, const char *path,
		   const struct stat *expect, bool dry, enum unify_result *res,
		   unsigned long long *freed, struct vsm_error *err)
{
	int dirfd = -1, tfd = -1, r;
	const char *base;
	unsigned told = 0, cold = 0;
	bool froze = false;
	*res = UNIFY_CHANGED;
	*freed = 0;
	r = unify_open_parent(rootfd, path, &dirfd, &base);
	if (r < 0)	/* moved, replaced by a symlink, or gone: not ours to chase */
		return 0;
	tfd = openat(dirfd, base, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	struct stat s0, s1;
	if (tfd < 0 || fstat(tfd, &s0) < 0 || !S_ISREG(s0.st_mode) || s0.st_dev != expect->st_dev ||
	    s0.st_ino != expect->st_ino)
		goto out;
	if (s0.st_ino == cst->st_ino) {
		*res = UNIFY_ALREADY;
		goto out;
	}
	*res = UNIFY_DIFFERENT;
	if (!same_meta(&s0, cst))
		goto out;
	if (!dry) {
		/* Freeze the target first: from here no writer (not even one holding an open fd)
		 * can change it, so what we compare is what we replace. */
		r = fsattr_change(tfd, FS_IMMUTABLE_FL, 0, &told);
		if (r < 0) {
			r = vsm_error_sys(err, -r, "%s: set immutable", path);
			goto out;
		}
		froze = true;
	}
	if (fstat(tfd, &s1) < 0 || !same_times(&s0, &s1)) {
		*res = UNIFY_CHANGED;
		goto out;
	}
	r = unify_same_data(cfd, tfd);
	if (r < 0) {
		r = vsm_error_sys(err, -r, "%s: compare", path);
		goto out;
	}
	struct stat s2;
	if (fstat(tfd, &s2) < 0 || !same_times(&s1, &s2)) {
		*res = UNIFY_CHANGED;
		r = 0;
		goto out;
	}
	if (r == 0)
		goto out;
	r = 0;
	*res = UNIFY_LINKED;
	if (dry) {
		*freed = s0.st_nlink == 1 ? (unsigned long long)s0.st_size : 0;
		goto out;
	}
	/* An immutable inode takes no new links: lift the flag on the shared inode for the link
	 * and the rename, and on the target for the rename over it. */
	char tmp[64];
	tmp_name(tmp, sizeof(tmp));
	r = fsattr_change(cfd, 0, FS_IMMUTABLE_FL, &cold);
	if (r < 0) {
		r = vsm_error_sys(err, -r, "%s: clear immutable on the shared copy", path);
		*res = UNIFY_DIFFERENT;
		goto out;
	}
	if (linkat(cfd, "", dirfd, tmp, AT_EMPTY_PATH) < 0) {
		r = vsm_error_sys(err, errno, "%s: link shared copy to %s", path, tmp);
		immutable_restore(cfd, cold);
		*res = UNIFY_DIFFERENT;
		goto out;
	}
	fsattr_change(tfd, 0, FS_IMMUTABLE_FL, NULL);
	if (renameat(dirfd, tmp, dirfd, base) < 0) {
		r = vsm_error_sys(err, errno, "%s: rename %s over it", path, tmp);
		unlinkat(dirfd, tmp, 0);
		fsattr_change(cfd, FS_IMMUTABLE_FL, 0, NULL);
		*res = UNIFY_DIFFERENT;
		goto out;
	}
	fsattr_change(cfd, FS_IMMUTABLE_FL, 0, NULL);
	/* The shared copy was writable for the instant of the link: a guest write landing there
	 * would now show in every guest. Not expected to happen; said loudly if it does. */
	struct stat cnow;
	if (fstat(cfd, &cnow) == 0 && !same_times(cst, &cnow))
		r = vsm_error_set(err, EIO, "%s: the shared copy changed while it was being linked "
				  "(run vunify -R on the guests sharing it)", path);
	/* The old inode is frozen again at once: a guest process still holding it open for
	 * writing must get EPERM, not write into a file no name leads to any more. A write that
	 * slipped into the instant it was not frozen is given back as a private copy. */
	fsattr_change(tfd, FS_IMMUTABLE_FL, 0, NULL);
	struct stat s3 = s1;
	if (fstat(tfd, &s3) == 0 && !same_times(&s1, &s3)) {
		froze = false;
		*res = UNIFY_CHANGED;
		r = unify_replace_with_copy(dirfd, base, cfd, tfd, err);
		goto out;
	}
	if (s3.st_nlink == 0) {
		froze = false;	/* nameless: it stays frozen until its last fd closes */
		*freed = (unsigned long long)s3.st_blocks * 512;
	}			/* else its other names get their old flag back at out: */
out:
	if (froze && tfd >= 0)
		immutable_restore(tfd, told);
	if (tfd >= 0)
		close(tfd);
	if (dirfd >= 0)
		close(dirfd);
	return r < 0 ? r : 0;
}

static int copy_xattrs(int src, int dst)
{
	char names[XATTR_LIST_MAX_LEN];
	ssize_t n = flistxattr(src, names, sizeof(names));
	if (n < 0)
		return errno == ENOTSUP ? 0 : -errno;
	char *val = malloc(XATTR_LIST_MAX_LEN);
	if (!val)
		return -ENOMEM;
	int r = 0;
	for (char *k = names; k < names + n; k += strlen(k) + 1) {
		ssize_t v = fgetxattr(src, k, val, XATTR_LIST_MAX_LEN);
		if (v < 0 && errno == ENODATA)
			continue;
		if (v < 0 || fsetxattr(dst, k, val, (size_t)v, 0) < 0) {
			r = -errno;
			break;
		}
	}
	free(val);
	return r;
}

/* A complete private copy of SRCFD as an unnamed file in DIRFD; returns its fd. */
static int copy_unnamed(int dirfd, int srcfd, const struct stat *st, struct vsm_error *err)
{
	int fd = openat(dirfd, ".", O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
	if (fd < 0)
		return vsm_error_sys(err, errno, "create unnamed file for the private copy");
	off_t off = 0;
	while (off < st->st_size) {
		ssize_t n = copy_file_range(srcfd, &off, fd, NULL, (size_t)(st->st_size - off), 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			int e = n < 0 ? errno : EIO;
			close(fd);
			return vsm_error_sys(err, e, "copy content");
		}
	}
	/* Owner, then mode (chown clears set-id bits), then xattrs (chown clears file
	 * capabilities), then times. */
	struct timespec ts[2] = { st->st_atim, st->st_mtim };
	int r = 0;
	if (fchown(fd, st->st_uid, st->st_gid) < 0 || fchmod(fd, st->st_mode & 07777) < 0)
		r = -errno;
	if (r == 0)
		r = copy_xattrs(srcfd, fd);
	if (r == 0 && futimens(fd, ts) < 0)
		r = -errno;
	if (r < 0) {
		close(fd);
		return vsm_error_sys(err, -r, "copy owner, mode, xattrs and times");
	}
	return fd;
}

int unify_replace_with_copy(int dirfd, const char *name, int vfd, int srcfd, struct vsm_error *err)
{
	struct stat st;
	if (fstat(srcfd, &st) < 0)
		return vsm_error_sys(err, errno, "%s: fstat", name);
	int fd = copy_unnamed(dirfd, srcfd, &st, err);
	if (fd < 0)
		return vsm_error_prefix(err, "%s", name);
	char tmp[64];
	tmp_name(tmp, sizeof(tmp));
	int r = 0;
	if (linkat(fd, "", dirfd, tmp, AT_EMPTY_PATH) < 0)
		r = vsm_error_sys(err, errno, "%s: link private copy to %s", name, tmp);
	close(fd);
	if (r < 0)
		return r;
	unsigned old = 0;
	fsattr_change(vfd, 0, FS_IMMUTABLE_FL, &old);
	if (renameat(dirfd, tmp, dirfd, name) < 0) {
		r = vsm_error_sys(err, errno, "%s: rename private copy over it", name);
		unlinkat(dirfd, tmp, 0);
	}
	/* The old inode keeps its flag while it is still shared; a last single name is private
	 * again and gets its guest's write access back. */
	struct stat vs;
	if ((old & FS_IMMUTABLE_FL) && fstat(vfd, &vs) == 0 && vs.st_nlink > 1)
		fsattr_change(vfd, FS_IMMUTABLE_FL, 0, NULL);
	return r;
}

int unify_unshare_path(int rootfd, const char *path, bool dry, bool *done, struct vsm_error *err)
{
	int dirfd = -1, fd = -1, r = 0;
	const char *base;
	unsigned flags = 0;
	struct stat st;
	*done = false;
	/* Package lists name paths through the guest's own symlinks (/bin -> usr/bin on merged
	 * /usr): follow them, but only inside the root and never for the last component. */
	if (open_parent(rootfd, path, &dirfd, &base, true) < 0)
		return 0;
	fd = openat(dirfd, base, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_nlink < 2 ||
	    fsattr_get(fd, &flags) < 0 || !(flags & FS_IMMUTABLE_FL))
		goto out;
	*done = true;
	if (!dry)
		r = unify_replace_with_copy(dirfd, base, fd, fd, err);
out:
	if (fd >= 0)
		close(fd);
	close(dirfd);
	return r;
}

int unify_copy_to(int dirfd, const char *name, int srcfd, struct vsm_error *err)
{
	struct stat st;
	if (fstat(srcfd, &st) < 0)
		return vsm_error_sys(err, errno, "%s: fstat", name);
	int fd = copy_unnamed(dirfd, srcfd, &st, err);
	if (fd < 0)
		return vsm_error_prefix(err, "%s", name);
	int r = 0;
	if (linkat(fd, "", dirfd, name, AT_EMPTY_PATH) < 0)
		r = errno == EEXIST ? -EEXIST : vsm_error_sys(err, errno, "%s: link copy", name);
	close(fd);
	return r;
}
