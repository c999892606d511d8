/* cgroup v1 driver, one hierarchy at a time: mkdir each level (cpuset levels get the parent's cpus
 * and mems, or no task could join them) and the freezer. */
#include "kernel/cgroup_internal.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* A new cpuset starts with empty cpus and mems; copy them from the parent. */
static int cpuset_inherit(const char *parent, const char *dir, struct vsm_error *err)
{
	static const char *const files[] = { "cpuset.cpus", "cpuset.mems" };
	char ppath[4096], path[4096], val[4096];
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		int r = cg_read_path(path, val, sizeof(val), err);
		if (r < 0)
			return r;
		if (val[0])
			continue; /* already set (an existing cgroup): leave it */
		snprintf(ppath, sizeof(ppath), "%s/%s", parent, files[i]);
		r = cg_read_path(ppath, val, sizeof(val), err);
		if (r == 0)
			r = cg_write_path(path, val, err);
		if (r < 0)
			return r;
	}
	return 0;
}

int cg_v1_create(const struct cg_hierarchy *h, const char *rel, struct vsm_error *err)
{
	char dir[4096];
	if (cg_join(h, rel, NULL, dir, sizeof(dir)) < 0)
		return vsm_error_set(err, ENAMETOOLONG, "%s/%s: path too long", h->mount, rel);
	bool cpuset = cg_list_has(h->controllers, "cpuset");
	size_t base = strlen(h->mount);
	/* Walk REL one level at a time: dir[0..end) is the level, dir[0..prev) its parent. */
	for (size_t end = base + 1, prev = base; end <= strlen(dir); end++) {
		if (dir[end] != '/' && dir[end] != '\0')
			continue;
		char save = dir[end];
		dir[end] = '\0';
		int r = 0;
		if (mkdir(dir, 0755) < 0 && errno != EEXIST)
			r = vsm_error_sys(err, errno, "%s: mkdir", dir);
		if (r == 0 && cpuset) {
			char parent[4096];
			snprintf(parent, sizeof(parent), "%.*s", (int)prev, dir);
			r = cpuset_inherit(parent, dir, err);
		}
		dir[end] = save;
		if (r < 0)
			return r;
		prev = end;
	}
	return 0;
}

int cg_v1_freeze(const struct cg_hierarchy *h, const char *rel, bool frozen, struct vsm_error *err)
{
	char path[4096], state[64];
	if (cg_join(h, rel, "freezer.state", path, sizeof(path)) < 0)
		return vsm_error_set(err, ENAMETOOLONG, "%s/%s: path too long", h->mount, rel);
	const char *want = frozen ? "FROZEN" : "THAWED";
	int r = cg_write_path(path, want, err);
	if (r < 0)
		return r;
	/* FREEZING lasts until every task has stopped; wait, but never forever (a task in D state). */
	for (int i = 0; i < 200; i++) {
		r = cg_read_path(path, state, sizeof(state), err);
		if (r < 0)
			return r;
		if (strcmp(state, want) == 0)
			return 0;
		struct timespec ts = { 0, 5 * 1000 * 1000 };
		nanosleep(&ts, NULL);
	}
	return vsm_error_set(err, ETIMEDOUT, "%s: still %s after 1 s, wanted %s", path, state, want);
}
