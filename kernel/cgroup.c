/* The cgroup operations on a whole layout: each one runs the v1 or v2 driver on every hierarchy
 * (hybrid hosts have both), and knob files are routed to the hierarchy holding their controller. */
#include "kernel/cgroup_internal.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define CG_KILL_TIMEOUT_MS 5000

static int check_rel(const char *rel, struct vsm_error *err)
{
	/* REL comes from guest names, which are checked, but never let ".." climb out of a mount. */
	if (!rel || !*rel || strstr(rel, "..") || rel[0] == '/')
		return vsm_error_set(err, EINVAL, "cgroup path \"%s\": must be relative, without \"..\"",
				     rel ? rel : "");
	return 0;
}

int cg_create(const struct cg_layout *lay, const char *rel, struct vsm_error *err)
{
	int r = check_rel(rel, err);
	for (int i = 0; r == 0 && i < lay->n; i++)
		r = lay->h[i].v2 ? cg_v2_create(&lay->h[i], rel, err)
				 : cg_v1_create(&lay->h[i], rel, err);
	return r;
}

int cg_attach(const struct cg_layout *lay, const char *rel, pid_t pid, struct vsm_error *err)
{
	int r = check_rel(rel, err);
	char path[4096], val[32];
	snprintf(val, sizeof(val), "%d", (int)pid);
	for (int i = 0; r == 0 && i < lay->n; i++) {
		if (cg_join(&lay->h[i], rel, "cgroup.procs", path, sizeof(path)) < 0)
			return vsm_error_set(err, ENAMETOOLONG, "%s/%s: path too long", lay->h[i].mount, rel);
		r = cg_write_path(path, val, err);
	}
	return r;
}

bool cg_exists(const struct cg_layout *lay, const char *rel)
{
	char path[4096];
	struct stat st;
	if (check_rel(rel, NULL) < 0 || lay->n == 0)
		return false;
	for (int i = 0; i < lay->n; i++)
		if (cg_join(&lay->h[i], rel, NULL, path, sizeof(path)) == 0 && stat(path, &st) == 0 &&
		    S_ISDIR(st.st_mode))
			return true;
	return false;
}

/* The hierarchy that holds KNOB: the one listing its controller ("memory" for memory.max); files of
 * the cgroup core ("cgroup.*") and v2 files present without a controller (cpu.stat) go to v2. */
static const struct cg_hierarchy *knob_hierarchy(const struct cg_layout *lay, const char *knob)
{
	char ctrl[64];
	size_t l = strcspn(knob, ".");
	if (knob[l] != '.' || l == 0 || l >= sizeof(ctrl) || strchr(knob, '/'))
		return NULL;
	memcpy(ctrl, knob, l);
	ctrl[l] = '\0';
	const struct cg_hierarchy *v2 = NULL;
	for (int i = 0; i < lay->n; i++)
		if (lay->h[i].v2 && !v2)
			v2 = &lay->h[i];
	if (strcmp(ctrl, "cgroup") == 0)
		return v2 ? v2 : (lay->n ? &lay->h[0] : NULL);
	for (int i = 0; i < lay->n; i++)
		if (!cg_hierarchy_is_named(&lay->h[i]) && cg_list_has(lay->h[i].controllers, ctrl))
			return &lay->h[i];
	return v2;
}

int cg_controller_version(const struct cg_layout *lay, const char *controller)
{
	for (int i = 0; i < lay->n; i++)
		if (!cg_hierarchy_is_named(&lay->h[i]) && cg_list_has(lay->h[i].controllers, controller))
			return lay->h[i].v2 ? 2 : 1;
	return 0;
}

static int knob_path(const struct cg_layout *lay, const char *rel, const char *knob, char *path,
		     size_t len, struct vsm_error *err)
{
	int r = check_rel(rel, err);
	if (r < 0)
		return r;
	const struct cg_hierarchy *h = knob_hierarchy(lay, knob);
	if (!h)
		return vsm_error_set(err, ENOENT, "cgroup knob %s: no mounted hierarchy has controller "
				     "\"%.*s\"", knob, (int)strcspn(knob, "."), knob);
	if (cg_join(h, rel, knob, path, len) < 0)
		return vsm_error_set(err, ENAMETOOLONG, "%s/%s/%s: path too long", h->mount, rel, knob);
	return 0;
}

int cg_set(const struct cg_layout *lay, const char *rel, const char *knob, const char *value,
	   struct vsm_error *err)
{
	char path[4096];
	int r = knob_path(lay, rel, knob, path, sizeof(path), err);
	return r < 0 ? r : cg_write_path(path, value, err);
}

int cg_get(const struct cg_layout *lay, const char *rel, const char *knob, char *buf, size_t len,
	   struct vsm_error *err)
{
	char path[4096];
	int r = knob_path(lay, rel, knob, path, sizeof(path), err);
	return r < 0 ? r : cg_read_path(path, buf, len, err);
}

int cg_pids(const struct cg_layout *lay, const char *rel, pid_t **pids, size_t *n,
	    struct vsm_error *err)
{
	*pids = NULL;
	*n = 0;
	int r = check_rel(rel, err);
	if (r < 0)
		return r;
	char path[4096];
	struct stat st;
	for (int i = 0; i < lay->n; i++) {
		if (cg_join(&lay->h[i], rel, NULL, path, sizeof(path)) < 0 || stat(path, &st) < 0)
			continue;
		size_t cap = 0;
		r = cg_procs_tree(path, pids, n, &cap, err);
		if (r < 0) {
			free(*pids);
			*pids = NULL;
			*n = 0;
		}
		return r;
	}
	return vsm_error_set(err, ENOENT, "cgroup %s: not found in any hierarchy", rel);
}

/* The freezer to use: v1 freezer hierarchy where mounted, else v2's cgroup.freeze. */
static const struct cg_hierarchy *freezer_hierarchy(const struct cg_layout *lay)
{
	for (int i = 0; i < lay->n; i++)
		if (!lay->h[i].v2 && cg_list_has(lay->h[i].controllers, "freezer"))
			return &lay->h[i];
	for (int i = 0; i < lay->n; i++)
		if (lay->h[i].v2)
			return &lay->h[i];
	return NULL;
}

int cg_freeze(const struct cg_layout *lay, const char *rel, bool frozen, struct vsm_error *err)
{
	int r = check_rel(rel, err);
	if (r < 0)
		return r;
	const struct cg_hierarchy *h = freezer_hierarchy(lay);
	if (!h)
		return vsm_error_set(err, ENOTSUP, "cgroup %s: no freezer (no v1 freezer hierarchy, no "
				     "cgroup2)", rel);
	return h->v2 ? cg_v2_freeze(h, rel, frozen, err) : cg_v1_freeze(h, rel, frozen, err);
}

static long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* One pass: freeze (so nothing forks between reading the list and signalling), signal every pid,
 * thaw (frozen tasks only die once thawed). Returns the number of pids signalled. */
static int kill_pass(const struct cg_layout *lay, const char *rel, int sig, struct vsm_error *err)
{
	bool frozen = cg_freeze(lay, rel, true, NULL) == 0;
	pid_t *pids;
	size_t n;
	int r = cg_pids(lay, rel, &pids, &n, err);
	if (r == 0) {
		for (size_t i = 0; i < n; i++)
			if (kill(pids[i], sig) < 0 && errno != ESRCH && r == 0)
				r = vsm_error_sys(err, errno, "cgroup %s: kill(%d, %d)", rel,
						  (int)pids[i], sig);
		free(pids);
	}
	if (frozen)
		cg_freeze(lay, rel, false, NULL);
	return r < 0 ? r : (int)n;
}

int cg_kill(const struct cg_layout *lay, const char *rel, int sig, struct vsm_error *err)
{
	int r = check_rel(rel, err);
	if (r < 0)
		return r;
	if (!cg_exists(lay, rel))
		return 0;
	if (sig == SIGKILL)
		for (int i = 0; i < lay->n; i++)
			if (lay->h[i].v2)
				cg_v2_kill(&lay->h[i], rel, NULL); /* old kernels: the loop below */
	if (sig != SIGKILL) {
		r = kill_pass(lay, rel, sig, err);
		return r < 0 ? r : 0;
	}
	long deadline = now_ms() + CG_KILL_TIMEOUT_MS;
	for (;;) {
		r = kill_pass(lay, rel, sig, err);
		if (r <= 0)
			return r;
		if (now_ms() > deadline)
			return vsm_error_set(err, EBUSY, "cgroup %s: %d process(es) still there %d ms after "
					     "SIGKILL", rel, r, CG_KILL_TIMEOUT_MS);
		usleep(20 * 1000);
	}
}

int cg_destroy(const struct cg_layout *lay, const char *rel, struct vsm_error *err)
{
	int r = check_rel(rel, err);
	char path[4096];
	for (int i = 0; r == 0 && i < lay->n; i++) {
		if (cg_join(&lay->h[i], rel, NULL, path, sizeof(path)) < 0)
			return vsm_error_set(err, ENAMETOOLONG, "%s/%s: path too long", lay->h[i].mount, rel);
		r = cg_rmdir_tree(path, err);
	}
	return r;
}
