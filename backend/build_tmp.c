/* Temporary build directories: naming, owner liveness, and removal of those a dead builder left.
 * A name carries the builder's pid and start time, so a recycled pid never keeps one alive. */
#include "backend/build_method.h"
#include "backend/fsutil.h"
#include "backend/guest_name.h"
#include "backend/lock.h"
#include "backend/runrecord.h" /* proc_start_time */

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define TMP_TAG ".vsmbuild."

int build_tmp_path(const char *dir, const char *name, char *buf, size_t len)
{
	pid_t self = getpid();
	int n = snprintf(buf, len, "%s/.%s" TMP_TAG "%d.%llu", dir, name, (int)self,
			 proc_start_time(self));
	return (n < 0 || (size_t)n >= len) ? -ENAMETOOLONG : 0;
}

/* Parse ".NAME.vsmbuild.PID.START"; NAME goes to NAMEBUF. False if ENTRY is not one. */
static bool tmp_parse(const char *entry, char *namebuf, size_t len, pid_t *pid,
		      unsigned long long *start)
{
	if (entry[0] != '.')
		return false;
	const char *tag = strstr(entry, TMP_TAG);
	if (!tag)
		return false;
	size_t n = (size_t)(tag - entry - 1);
	if (n == 0 || n >= len)
		return false;
	memcpy(namebuf, entry + 1, n);
	namebuf[n] = '\0';
	char *end;
	long p = strtol(tag + strlen(TMP_TAG), &end, 10);
	if (*end != '.' || p <= 0)
		return false;
	*pid = (pid_t)p;
	*start = strtoull(end + 1, &end, 10);
	return *end == '\0' && guest_name_is_valid(namebuf);
}

static bool tmp_owner_alive(pid_t pid, unsigned long long start)
{
	return proc_start_time(pid) == start && start != 0;
}

/* Remove ROOT only if its last component is a build temporary (never follow a tampered marker
 * somewhere else). */
static int tmp_root_remove(const char *root, struct vsm_error *err)
{
	const char *base = strrchr(root, '/');
	char name[GUEST_NAME_MAX + 1];
	pid_t pid;
	unsigned long long start;
	if (!base || root[0] != '/' || !tmp_parse(base + 1, name, sizeof(name), &pid, &start))
		return 0;
	return fs_remove_tree(root, err);
}

int build_tmp_discard(int confdirfd, const char *tmpname, struct vsm_error *err)
{
	char name[GUEST_NAME_MAX + 1];
	pid_t pid;
	unsigned long long start;
	if (!tmp_parse(tmpname, name, sizeof(name), &pid, &start))
		return vsm_error_set(err, EINVAL, "%s: not a build temporary", tmpname);
	int fd = openat(confdirfd, tmpname, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? 0 : vsm_error_sys(err, errno, "open %s", tmpname);
	char target[PATH_MAX];
	int r = 0;
	ssize_t n = readlinkat(fd, BUILD_MARK_ROOT, target, sizeof(target) - 1);
	if (n > 0) {
		target[n] = '\0';
		r = tmp_root_remove(target, err);
	}
	/* Killed half-way through the commit: the root already has its final name but the config
	 * never got there, so the root is ours and unreachable. */
	struct stat st;
	if (r == 0 && fstatat(fd, BUILD_MARK_COMMIT, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	    fstatat(confdirfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0 && errno == ENOENT) {
		n = readlinkat(fd, "vdir", target, sizeof(target) - 1);
		if (n > 0 && target[0] == '/') {
			target[n] = '\0';
			r = fs_remove_tree(target, err);
		}
	}
	close(fd);
	if (r < 0)
		return r;
	return fs_remove_tree_at(confdirfd, tmpname, err);
}

/* Visit the temporaries in DIR: for each whose owner is dead (and, with ONLY, whose guest is
 * ONLY), call FN. */
static int tmp_scan(const char *dir, const char *only,
		    int (*fn)(int dirfd, const char *entry, const char *name, struct vsm_error *),
		    struct vsm_error *err)
{
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return errno == ENOENT ? 0 : vsm_error_sys(err, errno, "open %s", dir);
	DIR *d = fdopendir(dfd);
	if (!d) {
		close(dfd);
		return vsm_error_sys(err, errno, "opendir %s", dir);
	}
	int r = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		char name[GUEST_NAME_MAX + 1];
		pid_t pid;
		unsigned long long start;
		if (!tmp_parse(de->d_name, name, sizeof(name), &pid, &start))
			continue;
		if ((only && strcmp(only, name)) || tmp_owner_alive(pid, start))
			continue;
		int rr = fn(dirfd(d), de->d_name, name, err);
		if (rr < 0 && r == 0)
			r = rr;
	}
	closedir(d);
	return r;
}

static int discard_conf(int dirfd, const char *entry, const char *name, struct vsm_error *err)
{
	return build_tmp_discard(dirfd, entry, err);
}

static int discard_root(int dirfd, const char *entry, const char *name, struct vsm_error *err)
{
	return fs_remove_tree_at(dirfd, entry, err);
}

int build_cleanup_name(const char *name, const char *rootdir, struct vsm_error *err)
{
	const struct vsm_paths *p = vsm_paths();
	int r = tmp_scan(p->confdir, name, discard_conf, err);
	if (r == 0)
		r = tmp_scan(rootdir, name, discard_root, err);
	return r;
}

/* Lock the guest first: its guardian may still be cleaning up, or a new build may be running. */
static int discard_conf_locked(int dirfd, const char *entry, const char *name,
			       struct vsm_error *err)
{
	int lock = guest_lock(name, false, NULL);
	if (lock < 0)
		return 0;
	int r = build_tmp_discard(dirfd, entry, err);
	guest_unlock(lock);
	return r;
}

static int discard_root_locked(int dirfd, const char *entry, const char *name,
			       struct vsm_error *err)
{
	int lock = guest_lock(name, false, NULL);
	if (lock < 0)
		return 0;
	int r = fs_remove_tree_at(dirfd, entry, err);
	guest_unlock(lock);
	return r;
}

int build_cleanup_stale(struct vsm_error *err)
{
	const struct vsm_paths *p = vsm_paths();
	int r = tmp_scan(p->confdir, NULL, discard_conf_locked, err);
	int r2 = tmp_scan(p->vdirbase, NULL, discard_root_locked, err);
	return r < 0 ? r : r2;
}
