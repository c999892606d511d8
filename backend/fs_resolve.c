/* Resolving a path inside a guest root (security.md rule 1). openat2 does it in the kernel; where
 * openat2 is missing (kernels before 5.6, or a seccomp filter that answers ENOSYS, which is how
 * tests/security/run.sh forces this path) the same RESOLVE_* rules are applied by a walk that
 * opens one component at a time with O_NOFOLLOW from the directory before it, reads symlinks
 * itself and restarts their targets from the root, and never asks the kernel for "..": the walk
 * keeps the fds of the directories it came through and pops one, so a directory renamed away
 * during the walk cannot lead it out of the root. */
#include "backend/fsutil.h"

#include <fcntl.h>
#include <limits.h>
#include <linux/magic.h>
#include <linux/openat2.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#define WALK_MAX_DEPTH 256
#define WALK_MAX_LINKS 40

static int openat2_missing = -1; /* -1 unknown, 0 works, 1 ENOSYS seen */

/* A procfs link whose target is not a plain relative path ("self", "1234/task/1234", "self/net")
 * is a magic link (fd/N, cwd, root, exe, ns/NAME): it jumps to an object, not a path. */
static bool is_magic_link(int fd, const char *target)
{
	struct statfs sfs;
	if (fstatfs(fd, &sfs) < 0 || sfs.f_type != PROC_SUPER_MAGIC)
		return false;
	return target[0] == '/' || strchr(target, ':') != NULL;
}

/* The mount FD is on (statx STATX_MNT_ID, 5.8+), 0 if the kernel cannot say. */
static unsigned long long mount_id_of(int fd)
{
	struct statx stx;
	if (statx(fd, "", AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW, STATX_MNT_ID, &stx) < 0 ||
	    !(stx.stx_mask & STATX_MNT_ID))
		return 0;
	return stx.stx_mnt_id;
}

struct walk {
	int stack[WALK_MAX_DEPTH];
	int depth; /* stack[0] is the root (not owned), stack[1..depth-1] are owned */
	dev_t root_dev;
	unsigned long long root_mnt;
	unsigned long long resolve;
};

static void walk_pop_to(struct walk *w, int depth)
{
	while (w->depth > depth)
		close(w->stack[--w->depth]);
}

/* Prepend TARGET to the unresolved REST (in place, REST has room for PATH_MAX). */
static int rest_prepend(char *rest, const char *target)
{
	size_t tl = strlen(target), rl = strlen(rest);
	size_t sep = rl > 0; /* "a" + "" stays "a": no trailing slash invented */
	if (tl + sep + rl + 1 > PATH_MAX)
		return -ENAMETOOLONG;
	memmove(rest + tl + sep, rest, rl + 1);
	memcpy(rest, target, tl);
	if (sep)
		rest[tl] = '/';
	return 0;
}

/* Final open of COMP in DIRFD with the caller's FLAGS, checked to be the object PATHFD found. */
static int walk_final(int dirfd, const char *comp, int pathfd, int flags, mode_t mode)
{
	struct stat a, b;
	if (fstat(pathfd, &a) < 0)
		return -errno;
	if ((flags & O_DIRECTORY) && !S_ISDIR(a.st_mode))
		return -ENOTDIR;
	if (flags & O_PATH) {
		int fd = fcntl(pathfd, F_DUPFD_CLOEXEC, 0);
		return fd < 0 ? -errno : fd;
	}
	int fd = openat(dirfd, comp, flags | O_NOFOLLOW | O_CLOEXEC, mode);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &b) < 0 || a.st_dev != b.st_dev || a.st_ino != b.st_ino) {
		close(fd);
		return -EAGAIN; /* swapped under us */
	}
	return fd;
}

static int walk_open(int rootfd, const char *path, int flags, mode_t mode, unsigned long long resolve)
{
	struct walk w = { .depth = 1, .resolve = resolve };
	w.stack[0] = rootfd;
	struct stat st;
	if (fstat(rootfd, &st) < 0)
		return -errno;
	w.root_dev = st.st_dev;
	w.root_mnt = (resolve & RESOLVE_NO_XDEV) ? mount_id_of(rootfd) : 0;
	char *rest = malloc(PATH_MAX * 2);
	if (!rest)
		return -ENOMEM;
	if (strlen(path) >= PATH_MAX) {
		free(rest);
		return -ENAMETOOLONG;
	}
	strcpy(rest, path);
	if (rest[0] == '/' && !(resolve & RESOLVE_IN_ROOT)) {
		free(rest);
		return -EXDEV; /* RESOLVE_BENEATH: absolute paths are refused */
	}
	int links = 0, r = -ENOENT;
	char comp[NAME_MAX + 1];
	for (;;) {
		char *p = rest;
		while (*p == '/')
			p++;
		if (!*p) {
			/* Nothing left: the object is the directory on top. */
			int top = w.stack[w.depth - 1];
			if (flags & O_CREAT) {
				r = -EISDIR;
			} else if (flags & O_PATH) {
				r = fcntl(top, F_DUPFD_CLOEXEC, 0);
				r = r < 0 ? -errno : r;
			} else {
				r = openat(top, ".", flags | O_CLOEXEC, mode);
				r = r < 0 ? -errno : r;
			}
			break;
		}
		size_t n = strcspn(p, "/");
		if (n > NAME_MAX) {
			r = -ENAMETOOLONG;
			break;
		}
		memcpy(comp, p, n);
		comp[n] = '\0';
		bool trailing = p[n] == '/';
		memmove(rest, p + n, strlen(p + n) + 1);
		char *q = rest;
		while (*q == '/')
			q++;
		bool last = !*q;
		int top = w.stack[w.depth - 1];
		if (!strcmp(comp, "."))
			continue;
		if (!strcmp(comp, "..")) {
			if (w.depth > 1)
				walk_pop_to(&w, w.depth - 1);
			else if (!(resolve & RESOLVE_IN_ROOT)) {
				r = -EXDEV;
				break;
			}
			continue;
		}
		int fd = openat(top, comp, O_PATH | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0) {
			r = -errno;
			if (r == -ENOENT && last && (flags & O_CREAT) && !trailing) {
				r = openat(top, comp, flags | O_NOFOLLOW | O_CLOEXEC, mode);
				r = r < 0 ? -errno : r;
			}
			break;
		}
		if (fstat(fd, &st) < 0) {
			r = -errno;
			close(fd);
			break;
		}
		if (S_ISLNK(st.st_mode)) {
			if (last && !trailing && (flags & O_NOFOLLOW)) {
				r = (flags & O_PATH) ? fd : (close(fd), -ELOOP);
				break;
			}
			char target[PATH_MAX];
			ssize_t tl = readlinkat(fd, "", target, sizeof(target) - 1);
			if (tl < 0) {
				r = -errno;
				close(fd);
				break;
			}
			target[tl] = '\0';
			if (tl == 0) {
				close(fd);
				r = -ENOENT;
				break;
			}
			bool magic = is_magic_link(top, target);
			close(fd);
			if ((resolve & RESOLVE_NO_SYMLINKS) || (magic && (resolve & RESOLVE_NO_MAGICLINKS)) ||
			    ++links > WALK_MAX_LINKS) {
				r = -ELOOP;
				break;
			}
			if (target[0] == '/') {
				if (!(resolve & RESOLVE_IN_ROOT)) {
					r = -EXDEV;
					break;
				}
				walk_pop_to(&w, 1);
			}
			if ((r = rest_prepend(rest, target)) < 0)
				break;
			continue;
		}
		/* st_dev alone misses a bind mount of the same filesystem. */
		if ((resolve & RESOLVE_NO_XDEV) &&
		    (st.st_dev != w.root_dev || (w.root_mnt && mount_id_of(fd) != w.root_mnt))) {
			r = -EXDEV;
			close(fd);
			break;
		}
		if (last) {
			if (trailing && !S_ISDIR(st.st_mode))
				r = -ENOTDIR;
			else if ((flags & O_CREAT) && (flags & O_EXCL))
				r = -EEXIST;
			else
				r = walk_final(top, comp, fd, flags & ~O_CREAT, mode);
			close(fd);
			break;
		}
		if (!S_ISDIR(st.st_mode)) {
			r = -ENOTDIR;
			close(fd);
			break;
		}
		if (w.depth >= WALK_MAX_DEPTH) {
			r = -ENAMETOOLONG;
			close(fd);
			break;
		}
		w.stack[w.depth++] = fd;
	}
	walk_pop_to(&w, 1);
	free(rest);
	return r;
}

int fs_openat2(int dirfd, const char *path, int flags, mode_t mode, unsigned long long resolve)
{
	if (openat2_missing != 1) {
		struct open_how how = {
			.flags = (unsigned long long)(flags | O_CLOEXEC),
			.mode = (flags & (O_CREAT | O_TMPFILE)) ? mode : 0,
			.resolve = resolve,
		};
		int fd;
		/* With RESOLVE_IN_ROOT/BENEATH the kernel answers EAGAIN when any rename or mount
		 * happened on the system while it resolved "..": a retry is the documented answer. */
		for (int i = 0; i < 64; i++) {
			fd = (int)syscall(SYS_openat2, dirfd, path, &how, sizeof(how));
			if (fd >= 0 || errno != EAGAIN)
				break;
		}
		if (fd >= 0 || errno != ENOSYS) {
			openat2_missing = 0;
			return fd < 0 ? -errno : fd;
		}
		openat2_missing = 1;
	}
	int r;
	/* A rename race makes the final check fail: try again a few times, then give up. */
	for (int i = 0; i < 8; i++)
		if ((r = walk_open(dirfd, path, flags, mode, resolve)) != -EAGAIN)
			break;
	return r;
}

bool fs_openat2_is_fallback(void)
{
	return openat2_missing == 1;
}
