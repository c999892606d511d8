/* Guest cgroups through the kernel/cgroup.h drivers. A host without cgroups still starts guests,
 * isolated by their PID namespace, unless the guest asks for limits. */
#include "backend/guest_cgroup.h"
#include "backend/paths.h"
#include "kernel/cgroup.h"

#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>


struct guest_cgroup {
	struct cg_layout lay;
	char rel[PATH_MAX];
};

struct guest_cgroup *guest_cgroup_open(const char *name, struct vsm_error *err)
{
	struct guest_cgroup *gc = calloc(1, sizeof(*gc));
	if (!gc)
		return NULL;
	if (cg_detect(&gc->lay, NULL, NULL, err) < 0 || gc->lay.n == 0 ||
	    vsm_path_guest_cgroup(vsm_paths(), name, gc->rel, sizeof(gc->rel)) < 0) {
		free(gc);
		return NULL;
	}
	return gc;
}

void guest_cgroup_close(struct guest_cgroup *gc)
{
	free(gc);
}

/* v1 and v2 name the memory limit differently; config files may use either. */
static const char *knob_for_layout(const struct cg_layout *lay, const char *knob)
{
	bool memory_v2 = false;
	for (int i = 0; i < lay->n; i++)
		if (strstr(lay->h[i].controllers, "memory"))
			memory_v2 = lay->h[i].v2;
	if (memory_v2 && !strcmp(knob, "memory.limit_in_bytes"))
		return "memory.max";
	if (!memory_v2 && !strcmp(knob, "memory.max"))
		return "memory.limit_in_bytes";
	return knob;
}

int guest_cgroup_setup(struct guest_cgroup *gc, const struct run_config *rc, struct vsm_error *err)
{
	if (!gc)
		return 0;
	int r = cg_create(&gc->lay, gc->rel, err);
	if (r < 0)
		return vsm_error_prefix(err, "%s: cgroup %s", rc->name, gc->rel);
	for (int i = 0; i < rc->nknobs; i++) {
		const char *knob = knob_for_layout(&gc->lay, rc->knobs[i].name);
		r = cg_set(&gc->lay, gc->rel, knob, rc->knobs[i].value, err);
		if (r < 0)
			return vsm_error_prefix(err, "%s: cgroup/%s", rc->name, rc->knobs[i].name);
	}
	return 0;
}

int guest_cgroup_attach(struct guest_cgroup *gc, pid_t pid, struct vsm_error *err)
{
	return gc ? cg_attach(&gc->lay, gc->rel, pid, err) : 0;
}

int guest_cgroup_count(struct guest_cgroup *gc)
{
	if (!gc || !cg_exists(&gc->lay, gc->rel))
		return gc ? 0 : -1;
	pid_t *pids = NULL;
	size_t n = 0;
	if (cg_pids(&gc->lay, gc->rel, &pids, &n, NULL) < 0)
		return 0;
	free(pids);
	return (int)n;
}

int guest_cgroup_signal(struct guest_cgroup *gc, int sig)
{
	int n = guest_cgroup_count(gc);
	if (n > 0)
		cg_kill(&gc->lay, gc->rel, sig, NULL);
	return n < 0 ? 0 : n;
}

int guest_cgroup_destroy(struct guest_cgroup *gc, int timeout_ms, struct vsm_error *err)
{
	if (!gc || !cg_exists(&gc->lay, gc->rel))
		return 0;
	struct timespec ts = { 0, 20 * 1000 * 1000 };
	for (int waited = 0; guest_cgroup_count(gc) > 0; waited += 20) {
		if (waited >= timeout_ms)
			return vsm_error_set(err, EBUSY, "cgroup %s: processes remain after %d ms",
					     gc->rel, timeout_ms);
		cg_kill(&gc->lay, gc->rel, SIGKILL, NULL);
		nanosleep(&ts, NULL);
	}
	/* rmdir can race the last exit being accounted: retry briefly. */
	int r = 0;
	for (int i = 0; i < 50; i++) {
		r = cg_destroy(&gc->lay, gc->rel, err);
		if (r != -EBUSY)
			break;
		nanosleep(&ts, NULL);
	}
	return r;
}
