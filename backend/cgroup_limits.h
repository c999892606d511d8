/* Guest resource limits and how they land in cgroup files: one description, written with v1 or v2
 * names depending on which version drives each controller (mapping in doc/cgroups.md). */
#ifndef VSM_CGROUP_LIMITS_H
#define VSM_CGROUP_LIMITS_H

#include <stddef.h>
#include <stdint.h>
#include "backend/error.h"
#include "backend/paths.h"
#include "kernel/cgroup.h"

#define CGL_UNSET UINT64_MAX	   /* not configured: the file is left alone */
#define CGL_MAX (UINT64_MAX - 1)   /* configured as "no limit" ("max" / "-1") */
#define CGL_MAX_IO_DEVICES 8
#define CGL_MAX_RAW 32

struct guest_io_max {
	unsigned major, minor;
	uint64_t rbps, wbps, riops, wiops; /* each CGL_UNSET, CGL_MAX or a limit */
};

struct guest_limit_raw {
	char knob[64];	 /* "<controller>.<file>", e.g. "memory.swappiness" */
	char value[256];
};

struct guest_limits {
	uint64_t mem_max;	/* bytes */
	uint64_t mem_high;	/* bytes: v2 throttles above it; v1 soft limit */
	uint64_t swap_max;	/* bytes of swap on top of RAM (v1: memsw = mem_max + swap_max) */
	uint64_t cpu_quota_us;	/* µs of CPU per period; CGL_MAX = no cap */
	uint64_t cpu_period_us; /* CGL_UNSET: 100000 */
	uint64_t cpu_weight;	/* 1..10000, 100 = default (v1 cpu.shares = weight * 1024 / 100) */
	uint64_t pids_max;
	uint64_t io_weight;	/* 1..10000, 100 = default (v1 blkio weight = weight * 5, 10..1000) */
	int n_io_max;
	struct guest_io_max io_max[CGL_MAX_IO_DEVICES];
	int n_raw;		/* raw knobs, written after the figures above, in order */
	struct guest_limit_raw raw[CGL_MAX_RAW];
};

/* Everything CGL_UNSET, nothing raw. */
void guest_limits_init(struct guest_limits *l);
/* Parse a size or count: digits with an optional K/M/G/T (×1024) suffix, or "max", "-1",
 * "unlimited" (CGL_MAX). */
int guest_limits_parse(const char *s, uint64_t *v);
/* Add a raw "<controller>.<file>" = VALUE pair (cgroup/ config files). */
int guest_limits_add_raw(struct guest_limits *l, const char *knob, const char *value,
			 struct vsm_error *err);
/* Read every "<controller>.<file>" in the config directory DIR (util-vserver's cgroup/; its own
 * settings mnt, subsys, inherit, name, base, per-ss have no dot and are skipped). The first line of
 * each file is the value. A missing DIR adds nothing. */
int guest_limits_load_dir(struct guest_limits *l, const char *dir, struct vsm_error *err);

/* v1 and v2 weight conversions (systemd's: the defaults 100 and 1024/500 map onto each other). */
uint64_t guest_limits_weight_to_shares(uint64_t weight);
uint64_t guest_limits_shares_to_weight(uint64_t shares);

/* Write L into the cgroup REL of LAY, each figure under the name of the cgroup version that drives
 * its controller; raw knobs named for the other version are translated where a mapping exists. A
 * configured figure whose controller is missing is an error naming it, never silently dropped. */
int guest_limits_apply(const struct cg_layout *lay, const char *rel, const struct guest_limits *l,
		       struct vsm_error *err);

/* Create the cgroup of guest NAME ("<cgroup_base>/<name>", DESIGN.md) in every hierarchy of LAY;
 * its path relative to each hierarchy goes into REL. */
int guest_cgroup_create(const struct vsm_paths *p, const struct cg_layout *lay, const char *name,
			char *rel, size_t len, struct vsm_error *err);

#endif
