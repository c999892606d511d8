/* vsched onto cpu.max/cpu.weight (mapping in chain_sched.h and doc/lowlevel-tools.md). */
#include "backend/chain_sched.h"
#include "backend/cgroup_limits.h"
#include "backend/chain.h"
#include "backend/paths.h"
#include "kernel/cgroup.h"

#include <errno.h>
#include <unistd.h>

#define VSCHED_PERIOD 100000

int vsched_map(const struct vsched_opts *o, uint64_t *quota, uint64_t *period, uint64_t *weight,
	       struct vsm_error *err)
{
	*quota = UINT64_MAX;
	*period = VSCHED_PERIOD;
	*weight = 0;
	if (o->has_fill_rate != o->has_interval)
		return vsm_error_set(err, EINVAL, "--fill-rate and --interval go together (the cap is "
				     "fill-rate/interval of one CPU)");
	if (o->has_fill_rate) {
		if (o->fill_rate < 0 || o->interval <= 0)
			return vsm_error_set(err, EINVAL, "--fill-rate must be >= 0 and --interval > 0");
		if (o->fill_rate >= o->interval) {
			*quota = CGL_MAX;	/* a full CPU or more: no cap */
		} else {
			uint64_t q = (uint64_t)o->fill_rate * VSCHED_PERIOD / (uint64_t)o->interval;
			/* The kernel's smallest quota is 1 ms. */
			*quota = q < 1000 ? 1000 : q;
		}
	}
	if (o->has_prio_bias) {
		if (o->prio_bias < -20 || o->prio_bias > 19)
			return vsm_error_set(err, EINVAL, "--prio-bias: expected -20..19");
		/* Like nice: each step is about 25% more or less CPU share. */
		double w = 100.0;
		for (long i = 0; i < (o->prio_bias < 0 ? -o->prio_bias : o->prio_bias); i++)
			w = o->prio_bias < 0 ? w * 1.25 : w / 1.25;
		*weight = w < 1 ? 1 : w > 10000 ? 10000 : (uint64_t)(w + 0.5);
	}
	return 0;
}

int vsched_apply(const char *name, const struct vsched_opts *o, struct vsm_error *err)
{
	uint64_t quota, period, weight;
	int r = vsched_map(o, &quota, &period, &weight, err);
	if (r < 0)
		return r;
	pid_t init;
	int pidfd;
	if ((r = chain_guest_init(name, &init, &pidfd, err)) < 0)
		return r;
	close(pidfd);
	struct cg_layout lay;
	char rel[PATH_MAX];
	if ((r = cg_detect(&lay, NULL, NULL, err)) < 0)
		return r;
	if (vsm_path_guest_cgroup(vsm_paths(), name, rel, sizeof(rel)) < 0)
		return vsm_error_set(err, ENAMETOOLONG, "cgroup path of %s", name);
	struct guest_limits l;
	guest_limits_init(&l);
	if (quota != UINT64_MAX) {
		l.cpu_quota_us = quota;
		l.cpu_period_us = period;
	}
	if (weight)
		l.cpu_weight = weight;
	return guest_limits_apply(&lay, rel, &l, err);
}
