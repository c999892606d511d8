/* Setting up the guests of a unify run (see unify_guest.h). */
#include "backend/unify_guest.h"
#include "backend/lock.h"
#include "backend/paths.h"
#include "backend/unify_conffiles.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int conffile_exclude(const char *path, void *user)
{
	return unify_exclude_add_exact(user, path);
}

/* util-vserver's switch: apps/vunify/pkgmgmt-ignore in the guest or .defaults turns the
 * package-manager exclusion off, pkgmgmt-force (guest first) turns it back on. */
static bool pkgmgmt_wanted(const char *cfgdir, const char *defaults)
{
	char p[PATH_MAX];
	const char *dirs[2] = { cfgdir, defaults };
	for (int i = 0; i < 2; i++) {
		snprintf(p, sizeof(p), "%s/apps/vunify/pkgmgmt-force", dirs[i]);
		if (access(p, F_OK) == 0)
			return true;
		snprintf(p, sizeof(p), "%s/apps/vunify/pkgmgmt-ignore", dirs[i]);
		if (access(p, F_OK) == 0)
			return false;
	}
	return true;
}

/* The root of the guest configured in CFGDIR, into ROOT. */
static void guest_root_path(const char *name, const char *cfgdir, char *root, size_t len)
{
	char link[PATH_MAX];
	snprintf(link, sizeof(link), "%s/vdir", cfgdir);
	ssize_t l = readlink(link, root, len - 1);
	if (l > 0)
		root[l] = '\0';
	else
		snprintf(root, len, "%s/%s", vsm_paths()->vdirbase, name);
}

int unify_guest_rootfd(const char *name, struct vsm_error *err)
{
	char cfgdir[PATH_MAX], root[PATH_MAX];
	int r = guest_name_check(name, err);
	if (r < 0)
		return r;
	vsm_path_guest_conf(vsm_paths(), name, cfgdir, sizeof(cfgdir));
	guest_root_path(name, cfgdir, root, sizeof(root));
	int fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	return fd < 0 ? vsm_error_sys(err, errno, "%s: guest root %s", name, root) : fd;
}

static int guest_setup(struct unify_guest *g, const char *name, const char *cfgdir, bool reference,
		       const struct unify_opts *o, struct vsm_error *err)
{
	const struct vsm_paths *p = vsm_paths();
	char defaults[PATH_MAX];
	memset(g, 0, sizeof(*g));
	g->rootfd = g->lockfd = -1;
	unify_exclude_init(&g->excl);
	snprintf(g->name, sizeof(g->name), "%s", name);
	g->reference = reference;
	snprintf(defaults, sizeof(defaults), "%s/.defaults", p->confdir);
	guest_root_path(name, cfgdir, g->root, sizeof(g->root));
	g->rootfd = open(g->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (g->rootfd < 0)
		return vsm_error_sys(err, errno, "%s: guest root %s", name, g->root);
	int r = unify_exclude_load(&g->excl, cfgdir, defaults, g->excl_source,
				   sizeof(g->excl_source), err);
	if (r < 0)
		return vsm_error_prefix(err, "%s: exclude list", name);
	if (!o->no_pkgmgmt && pkgmgmt_wanted(cfgdir, defaults)) {
		r = unify_conffiles_read(g->rootfd, conffile_exclude, &g->excl, err);
		if (r < 0)
			return vsm_error_prefix(err, "%s: dpkg conffiles", name);
		g->conffiles = (unsigned long)r;
	}
	return 0;
}

static int guests_grow(struct unify_guests *gs, struct vsm_error *err)
{
	struct unify_guest *v = realloc(gs->v, (gs->n + 1) * sizeof(*v));
	if (!v)
		return vsm_error_sys(err, ENOMEM, "guest table");
	gs->v = v;
	return 0;
}

static bool same_root(const struct unify_guests *gs, const char *root)
{
	struct stat a, b;
	if (stat(root, &a) < 0)
		return false;
	for (size_t i = 0; i < gs->n; i++)
		if (fstat(gs->v[i].rootfd, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino)
			return true;
	return false;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Reference servers of guest CFGDIR: symlinks refserver.* to other guests' config dirs. */
static int refservers_add(struct unify_guests *gs, const char *cfgdir, const struct unify_opts *o,
			  struct vsm_error *err)
{
	char dir[PATH_MAX];
	snprintf(dir, sizeof(dir), "%s/apps/vunify", cfgdir);
	DIR *d = opendir(dir);
	if (!d)
		return 0;
	char *names[64];
	size_t n = 0;
	struct dirent *de;
	while ((de = readdir(d)) && n < 64)
		if (!strncmp(de->d_name, "refserver.", 10))
			names[n++] = strdup(de->d_name);
	closedir(d);
	qsort(names, n, sizeof(*names), cmp_name);
	int r = 0;
	for (size_t i = 0; i < n && r == 0; i++) {
		char link[PATH_MAX], target[PATH_MAX];
		if (!names[i])
			continue;
		snprintf(link, sizeof(link), "%s/%s", dir, names[i]);
		if (!realpath(link, target)) {
			r = vsm_error_sys(err, errno, "%s: reference server", link);
			break;
		}
		const char *base = strrchr(target, '/');
		base = base ? base + 1 : target;
		if ((r = guests_grow(gs, err)) < 0)
			break;
		struct unify_guest *g = &gs->v[gs->n];
		r = guest_setup(g, base, target, true, o, err);
		if (r == 0 && same_root(gs, g->root)) {
			close(g->rootfd);
			unify_exclude_free(&g->excl);
			continue;
		}
		gs->n++;	/* even on error, so close frees it */
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	return r;
}

int unify_guests_open(struct unify_guests *gs, const char *const *names, size_t n,
		      const struct unify_opts *o, struct vsm_error *err)
{
	const struct vsm_paths *p = vsm_paths();
	memset(gs, 0, sizeof(*gs));
	for (size_t i = 0; i < n; i++) {
		char cfgdir[PATH_MAX];
		int r = guest_name_check(names[i], err);
		if (r < 0)
			return r;
		if (vsm_path_guest_conf(p, names[i], cfgdir, sizeof(cfgdir)) < 0 ||
		    access(cfgdir, F_OK) < 0)
			return vsm_error_set(err, ENOENT, "%s: no such guest (%s)", names[i], cfgdir);
		if ((r = guests_grow(gs, err)) < 0)
			return r;
		struct unify_guest *g = &gs->v[gs->n++];
		r = guest_setup(g, names[i], cfgdir, false, o, err);
		if (r < 0)
			return r;
		if (!o->dry_run && (g->lockfd = guest_lock(names[i], true, err)) < 0)
			return vsm_error_prefix(err, "%s", names[i]);
	}
	for (size_t i = 0; i < n && !o->no_refservers; i++) {
		char cfgdir[PATH_MAX];
		vsm_path_guest_conf(p, names[i], cfgdir, sizeof(cfgdir));
		int r = refservers_add(gs, cfgdir, o, err);
		if (r < 0)
			return r;
	}
	return 0;
}

void unify_guests_close(struct unify_guests *gs)
{
	for (size_t i = 0; i < gs->n; i++) {
		struct unify_guest *g = &gs->v[i];
		if (g->rootfd >= 0)
			close(g->rootfd);
		if (g->lockfd >= 0)
			guest_unlock(g->lockfd);
		unify_exclude_free(&g->excl);
	}
	free(gs->v);
	memset(gs, 0, sizeof(*gs));
}
