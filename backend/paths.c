/* Host paths and kernel-global names, derived from one optional root (VSM_ROOT / --root). */
#include "backend/paths.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xxhash.h>

#ifndef VSM_LIBEXECDIR
#define VSM_LIBEXECDIR "/usr/local/libexec/vsm"
#endif

static struct vsm_paths global_paths;
static int global_paths_ready;

static int join(char *buf, size_t len, const char *a, const char *b)
{
	int n = snprintf(buf, len, "%s%s", a, b);
	return (n < 0 || (size_t)n >= len) ? -ENAMETOOLONG : 0;
}

int vsm_paths_init(struct vsm_paths *p, const char *root, struct vsm_error *err)
{
	memset(p, 0, sizeof(*p));
	if (!root)
		root = getenv("VSM_ROOT");
	if (root && *root) {
		if (root[0] != '/')
			return vsm_error_set(err, EINVAL, "root %s: must be an absolute path", root);
		char canon[PATH_MAX];
		/* Canonical so that /tmp/x and /tmp/x/ give one hash, hence one cgroup base. */
		if (!realpath(root, canon)) {
			size_t n = strlen(root);
			if (n >= sizeof(canon))
				return vsm_error_set(err, ENAMETOOLONG, "root %s: path too long", root);
			memcpy(canon, root, n + 1);
			while (n > 1 && canon[n - 1] == '/')
				canon[--n] = '\0';
		}
		if (strcmp(canon, "/") != 0) {
			if (join(p->root, sizeof(p->root), canon, "") < 0)
				return vsm_error_set(err, ENAMETOOLONG, "root %s: path too long", root);
			unsigned h = (unsigned)(XXH3_64bits(canon, strlen(canon)) >> 32);
			snprintf(p->cgroup_base, sizeof(p->cgroup_base), "vsm-%08x", h);
			snprintf(p->ifprefix, sizeof(p->ifprefix), "v%08x", h);
		}
	}
	if (!p->cgroup_base[0]) {
		strcpy(p->cgroup_base, "vsm");
		strcpy(p->ifprefix, "vsm");
	}
	if (join(p->confdir, PATH_MAX, p->root, "/etc/vservers") < 0 ||
	    join(p->vdirbase, PATH_MAX, p->root, "/vservers") < 0 ||
	    join(p->rundir, PATH_MAX, p->root, "/run/vservers") < 0 ||
	    join(p->logdir, PATH_MAX, p->root, "/var/log/vservers") < 0 ||
	    join(p->cachedir, PATH_MAX, p->root, "/var/cache/vservers") < 0 ||
	    join(p->lockdir, PATH_MAX, p->root, "/run/lock/vservers") < 0)
		return vsm_error_set(err, ENAMETOOLONG, "root %s: path too long", root);
	const char *cache = getenv("VSM_CACHE");
	if (cache && *cache) {
		if (join(p->pkgcache, PATH_MAX, cache, "") < 0)
			return vsm_error_set(err, ENAMETOOLONG, "VSM_CACHE: path too long");
	} else if (join(p->pkgcache, PATH_MAX, p->cachedir, "/debootstrap") < 0) {
		return vsm_error_set(err, ENAMETOOLONG, "root %s: path too long", root);
	}
	/* .defaults/vdirbase may move the guest roots elsewhere (a symlink, as in util-vserver). */
	char link[PATH_MAX], target[PATH_MAX];
	if (join(link, sizeof(link), p->confdir, "/.defaults/vdirbase") == 0) {
		ssize_t n = readlink(link, target, sizeof(target) - 1);
		if (n > 0 && target[0] == '/') {
			target[n] = '\0';
			join(p->vdirbase, PATH_MAX, target, "");
		}
	}
	return 0;
}

const struct vsm_paths *vsm_paths(void)
{
	if (!global_paths_ready) {
		if (vsm_paths_init(&global_paths, NULL, NULL) < 0)
			vsm_paths_init(&global_paths, "", NULL);
		global_paths_ready = 1;
	}
	return &global_paths;
}

int vsm_paths_set_root(const char *root, struct vsm_error *err)
{
	struct vsm_paths p;
	int r = vsm_paths_init(&p, root, err);
	if (r < 0)
		return r;
	global_paths = p;
	global_paths_ready = 1;
	/* Children (the monitor, hooks) must see the same root. */
	if (root && *root)
		setenv("VSM_ROOT", root, 1);
	return 0;
}

static int guest_path(char *buf, size_t len, const char *dir, const char *name, const char *suffix)
{
	int n = snprintf(buf, len, "%s/%s%s", dir, name, suffix);
	return (n < 0 || (size_t)n >= len) ? -ENAMETOOLONG : 0;
}

int vsm_path_guest_conf(const struct vsm_paths *p, const char *name, char *buf, size_t len)
{
	return guest_path(buf, len, p->confdir, name, "");
}

int vsm_path_guest_run(const struct vsm_paths *p, const char *name, char *buf, size_t len)
{
	return guest_path(buf, len, p->rundir, name, "");
}

int vsm_path_guest_log(const struct vsm_paths *p, const char *name, char *buf, size_t len)
{
	return guest_path(buf, len, p->logdir, name, ".log");
}

int vsm_path_guest_lock(const struct vsm_paths *p, const char *name, char *buf, size_t len)
{
	return guest_path(buf, len, p->lockdir, name, ".lock");
}

int vsm_path_guest_cgroup(const struct vsm_paths *p, const char *name, char *buf, size_t len)
{
	return guest_path(buf, len, p->cgroup_base, name, "");
}

int vsm_path_helper(const char *prog, char *buf, size_t len)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n > 0) {
		self[n] = '\0';
		char *slash = strrchr(self, '/');
		if (slash) {
			*slash = '\0';
			if (snprintf(buf, len, "%s/%s", self, prog) < (int)len && access(buf, X_OK) == 0)
				return 0;
		}
	}
	int r = snprintf(buf, len, "%s/%s", VSM_LIBEXECDIR, prog);
	return (r < 0 || (size_t)r >= len) ? -ENAMETOOLONG : 0;
}
