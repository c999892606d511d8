/* `vserver NAME delete` below the front end: checks, then removal in an order that can be
 * repeated after a failure. */
#include "backend/delete.h"
#include "backend/dlimit.h"
#include "backend/config.h"
#include "backend/build.h"
#include "backend/build_method.h"
#include "backend/fsutil.h"
#include "backend/guest_name.h"
#include "backend/lock.h"
#include "backend/paths.h"
#include "backend/run_probe.h"

#include <dirent.h>
#include <stdbool.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Is A equal to B or an ancestor of it? (both canonical, no trailing slash) */
static bool path_covers(const char *a, const char *b)
{
	size_t n = strlen(a);
	if (n == 1 && a[0] == '/')
		return true;
	return !strncmp(a, b, n) && (b[n] == '\0' || b[n] == '/');
}

/* A vdir link is guest-controlled config an admin may have edited: it must never lead delete to
 * wipe a directory that is not one guest's own tree: the host's system directories, vsm's own
 * config/run/log/cache directories (or the directory holding all guest roots), or another guest's
 * root. Checked on the canonical path, re-based roots included. */
static int root_check_deletable(const char *link, const char *root, const char *name,
				struct vsm_error *err)
{
	static const char *const system_trees[] = { "/usr", "/etc", "/boot", "/bin", "/sbin", "/lib",
		"/lib32", "/lib64", "/libx32", "/proc", "/sys", "/dev", "/run" };
	static const char *const system_dirs[] = { "/home", "/root", "/var", "/var/lib", "/var/log",
		"/var/cache", "/var/tmp", "/srv", "/opt", "/tmp", "/mnt", "/media" };
	const char *second = strchr(root + 1, '/');
	if (!strcmp(root, "/") || !second || !second[1])
		goto refuse;
	for (size_t i = 0; i < sizeof(system_trees) / sizeof(system_trees[0]); i++)
		if (path_covers(system_trees[i], root) || path_covers(root, system_trees[i]))
			goto refuse;
	for (size_t i = 0; i < sizeof(system_dirs) / sizeof(system_dirs[0]); i++)
		if (path_covers(root, system_dirs[i]))
			goto refuse;
	const struct vsm_paths *p = vsm_paths();
	const char *const own[] = { p->root, p->confdir, p->vdirbase, p->rundir, p->logdir,
				    p->cachedir, p->lockdir, p->pkgcache };
	for (size_t i = 0; i < sizeof(own) / sizeof(own[0]); i++) {
		char canon[PATH_MAX];
		if (!own[i][0] || !realpath(own[i], canon))
			continue;
		/* Roots may live below the re-based root and vdirbase, never in vsm's own dirs. */
		if (path_covers(root, canon) || (i != 0 && i != 2 && path_covers(canon, root)))
			goto refuse;
	}
	char **names = NULL;
	size_t n = 0;
	if (guest_list(&names, &n, NULL) == 0) {
		bool clash = false;
		for (size_t i = 0; i < n; i++) {
			char other_link[PATH_MAX], other[PATH_MAX];
			if (!clash && strcmp(names[i], name) != 0 &&
			    vsm_path_guest_conf(p, names[i], other_link, sizeof(other_link) - 5) == 0) {
				strcat(other_link, "/vdir");
				if (realpath(other_link, other) &&
				    (path_covers(root, other) || path_covers(other, root)))
					clash = true;
			}
		}
		guest_list_free(names, n);
		if (clash)
			return vsm_error_set(err, EPERM,
					     "%s: %s overlaps another guest's root; refusing to delete "
					     "it as the root of guest %s", link, root, name);
	}
	return 0;
refuse:
	return vsm_error_set(err, EPERM,
			     "%s: refusing to delete %s as the root of guest %s: it is not a guest's "
			     "own tree", link, root, name);
}

/* The guest root from CONF/vdir, refusing anything that cannot be a guest's own tree. */
static int root_resolve(const char *conf, const char *name, char *root, size_t len,
			struct vsm_error *err)
{
	char link[PATH_MAX + 8], target[PATH_MAX];
	snprintf(link, sizeof(link), "%s/vdir", conf);
	ssize_t n = readlink(link, target, sizeof(target) - 1);
	if (n < 0)
		return errno == ENOENT ? -ENOENT : vsm_error_sys(err, errno, "%s: readlink", link);
	target[n] = '\0';
	if (target[0] != '/')
		return vsm_error_set(err, EINVAL, "%s: '%s' is not an absolute path", link, target);
	if (!realpath(target, root)) {
		if (errno == ENOENT)
			return -ENOENT;
		return vsm_error_sys(err, errno, "%s: resolve %s", link, target);
	}
	(void)len;
	return root_check_deletable(link, root, name, err);
}

static int remove_path(const char *path, struct vsm_error *err)
{
	int r = fs_remove_tree(path, err);
	return r == -ENOENT ? 0 : r;
}

/* NAME.log and its rotated copies (NAME.log.1, …). */
static int logs_remove(const struct vsm_paths *p, const char *name, struct vsm_error *err)
{
	DIR *d = opendir(p->logdir);
	if (!d)
		return 0;
	char prefix[GUEST_NAME_MAX + 8];
	snprintf(prefix, sizeof(prefix), "%s.log", name);
	size_t pl = strlen(prefix);
	int r = 0;
	struct dirent *de;
	while ((de = readdir(d)))
		if (!strncmp(de->d_name, prefix, pl) && (!de->d_name[pl] || de->d_name[pl] == '.'))
			if (fs_remove_tree_at(dirfd(d), de->d_name, err) < 0)
				r = -err->code;
	closedir(d);
	return r;
}

static int delete_locked(const char *name, struct vsm_error *err)
{
	const struct vsm_paths *p = vsm_paths();
	char conf[PATH_MAX], root[PATH_MAX], run[PATH_MAX], cache[PATH_MAX + GUEST_NAME_MAX + 2];
	vsm_path_guest_conf(p, name, conf, sizeof(conf));
	vsm_path_guest_run(p, name, run, sizeof(run));
	snprintf(cache, sizeof(cache), "%s/%s", p->cachedir, name);
	build_cleanup_name(name, p->vdirbase, NULL);
	if (!guest_exists(name))
		return vsm_error_set(err, ENOENT, "no guest %s (no config dir %s)", name, conf);
	if (run_probe_is_running(name))
		return vsm_error_set(err, EBUSY, "guest %s is running; stop it first (or use --force)",
				     name);
	int r = root_resolve(conf, name, root, sizeof(root), err);
	if (r < 0 && r != -ENOENT)
		return r;
	if (r == 0 && (r = remove_path(root, err)) < 0)
		return vsm_error_prefix(err, "guest %s: root", name);
	if ((r = dlimit_image_delete(name, err)) < 0)
		return vsm_error_prefix(err, "guest %s: root image", name);
	if ((r = remove_path(cache, err)) < 0 || (r = remove_path(run, err)) < 0 ||
	    (r = logs_remove(p, name, err)) < 0)
		return r;
	if ((r = remove_path(conf, err)) < 0)
		return vsm_error_prefix(err, "guest %s: config", name);
	return 0;
}

int guest_delete(const char *name, struct vsm_error *err)
{
	int r = guest_name_check(name, err);
	if (r < 0)
		return r;
	int lock = guest_lock(name, false, err);
	if (lock == -EBUSY)
		lock = guest_lock(name, true, err);
	if (lock < 0)
		return lock;
	r = delete_locked(name, err);
	guest_unlock(lock);
	return r;
}
