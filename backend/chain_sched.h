/* vsched's token bucket mapped onto the CPU controller of a running guest's cgroup:
 *   fill-rate F per interval I (tokens = jiffies of CPU)  -> a hard cap of F/I of one CPU:
 *     cpu.max "F*100000/I 100000" (v1: cpu.cfs_quota_us / cpu.cfs_period_us);
 *   prio-bias B (nice-like, -20..19)                       -> cpu.weight 100 * 1.25^-B, 1..10000
 *     (v1: cpu.shares from the same weight);
 *   tokens, tokens-min, tokens-max (bucket size)           -> ignored with a note: no burst bucket
 *     on cgroup v1, and cpu.max.burst is not the same thing;
 *   fill-rate2/interval2/idle-time, cpu-id, bucket-id      -> refused: no idle-time scheduling or
 *     per-CPU buckets on mainline (use cpuset for CPU placement). */
#ifndef VSM_CHAIN_SCHED_H
#define VSM_CHAIN_SCHED_H

#include <stdbool.h>
#include <stdint.h>
#include "backend/error.h"

struct vsched_opts {
	long fill_rate, interval, prio_bias;	/* -1 / LONG_MIN: not given */
	bool has_fill_rate, has_interval, has_prio_bias;
	bool ignored_bucket;			/* tokens* were given */
};

/* The cgroup figures for OPTS: quota/period in µs (*QUOTA UINT64_MAX: not set), weight (0: not
 * set). -EINVAL with a message for inconsistent values. */
int vsched_map(const struct vsched_opts *o, uint64_t *quota, uint64_t *period, uint64_t *weight,
	       struct vsm_error *err);
/* Apply to running guest NAME. */
int vsched_apply(const char *name, const struct vsched_opts *o, struct vsm_error *err);

#endif
