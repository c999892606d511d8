/* cgroup v2 driver, one hierarchy at a time: mkdir each level after enabling the parent's available
 * controllers in its cgroup.subtree_control, cgroup.freeze (waiting on cgroup.events) and
 * cgroup.kill. Works on a real cgroup2 mount and on a fixture tree of plain files. */
#include "kernel/cgroup_internal.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Enable in DIR/cgroup.subtree_control every controller DIR/cgroup.controllers offers that is not
 * enabled yet. One write for all; on failure, one per controller so the error names the culprit. */
static int subtree_enable(const char *dir, struct vsm_error *err)
{
	char path[4096], avail[512], on[512], want[1024] = "";
	snprintf(path, sizeof(path), "%s/cgroup.controllers", dir);
	int r = cg_read_path(path, avail, sizeof(avail), err);
	if (r < 0)
		return r;
	snprintf(path, sizeof(path), "%s/cgroup.subtree_control", dir);
	r = cg_read_path(path, on, sizeof(on), err);
	if (r < 0)
		return r;
	size_t wl = 0;
	for (const char *p = avail; *p;) {
		size_t l = strcspn(p, " \n");
		char c[64];
		if (l > 0 && l < sizeof(c)) {
			memcpy(c, p, l);
			c[l] = '\0';
			if (!cg_list_has(on, c))
				wl += (size_t)snprintf(want + wl, sizeof(want) - wl, "%s+%s", wl ? " " : "", c);
		}
		p += l;
		p += strspn(p, " \n");
	}
	if (wl == 0)
		return 0;
	if (cg_write_path(path, want, NULL) == 0)
		return 0;
	for (char *p = want; *p;) {
		size_t l = strcspn(p, " ");
		char c[64];
		snprintf(c, sizeof(c), "%.*s", (int)l, p);
		r = cg_write_path(path, c, err);
		if (r < 0)
			return r;
		p += l;
		p += strspn(p, " ");
	}
	return 0;
}

int cg_v2_create(const struct cg_hierarchy *h, const char *rel, struct vsm_error *err)
{
	char dir[4096];
	if (cg_join(h, rel, NULL, dir, sizeof(dir)) < 0)
		return vsm_error_set(err, ENAMETOOLONG, "%s/%s: path too long", h->mount, rel);
	size_t base = strlen(h->mount);
	for (size_t end = base + 1; end <= strlen(dir); end++) {
		if (dir[end] != '/' && dir[end] != '\0')
			continue;
		char save = dir[end];
		dir[end] = '\0';
		/* The parent (everything before the last '/') must hand its controllers down first. */
		char *slash = strrchr(dir, '/');
		*slash = '\0';
		int r = subtree_enable(dir, err);
		*slash = '/';
		if (r == 0 && mkdir(dir, 0755) < 0 && errno != EEXIST)
			r = vsm_error_sys(err, errno, "%s: mkdir", dir);
		dir[end] = save;
		if (r < 0)
			return r;
	}
	return 0;
}

int cg_v2_freeze(const struct cg_hierarchy *h, const char *rel, bool frozen, struct vsm_error *err)
{
	char path[4096], events[1024];
	if (cg_join(h, rel, "cgroup.freeze", path, sizeof(path)) < 0)
		return vsm_error_set(err, ENAMETOOLONG, "%s/%s: path too long", h->mount, rel);
	int r = cg_write_path(path, frozen ? "1" : "0", err);
	if (r < 0)
		return r;
	/* The freeze completes asynchronously; cgroup.events says "frozen 1" once it has. */
	cg_join(h, rel, "cgroup.events", path, sizeof(path));
	const char *want = frozen ? "frozen 1" : "frozen 0";
	for (int i = 0; i < 200; i++) {
		r = cg_read_path(path, events, sizeof(events), err);
		if (r < 0)
			return r;
		const char *f = strstr(events, "frozen ");
		if (f && strncmp(f, want, strlen(want)) == 0)
			return 0;
		struct timespec ts = { 0, 5 * 1000 * 1000 };
		nanosleep(&ts, NULL);
	}
	return vsm_error_set(err, ETIMEDOUT, "%s: no \"%s\" after 1 s", path, want);
}

int cg_v2_kill(const struct cg_hierarchy *h, const char *rel, struct vsm_error *err)
{
	char path[4096];
	if (cg_join(h, rel, "cgroup.kill", path, sizeof(path)) < 0)
		return vsm_error_set(err, ENAMETOOLONG, "%s/%s: path too long", h->mount, rel);
	if (access(path, F_OK) < 0)
		return vsm_error_sys(err, errno, "%s: cgroup.kill needs Linux 5.14", path);
	return cg_write_path(path, "1", err);
}
