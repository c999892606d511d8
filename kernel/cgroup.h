/* Cgroup drivers (v1 and v2): policy-free operations on one guest's cgroup in every hierarchy.
 * The caller passes a path relative to each hierarchy's root, e.g. "vsm-1a2b3c4d/web". */
#ifndef VSM_KERNEL_CGROUP_H
#define VSM_KERNEL_CGROUP_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include "backend/error.h"

enum cg_mode { CG_MODE_UNIFIED, CG_MODE_HYBRID, CG_MODE_LEGACY };

#define CG_MAX_HIERARCHIES 16

struct cg_hierarchy {
	char mount[4096];      /* mount point, e.g. /sys/fs/cgroup/memory */
	char controllers[128]; /* v1: comma list as mounted ("cpu", "memory", "name=systemd");
				  v2: the controllers the root offers (its cgroup.controllers) */
	bool v2;
};

struct cg_layout {
	enum cg_mode mode;
	int n;
	struct cg_hierarchy h[CG_MAX_HIERARCHIES];
};

/* Find the hierarchies from MOUNTINFO (NULL: /proc/self/mountinfo). FSROOT (NULL: "/sys/fs/cgroup")
 * decides the mode by statfs; a fixture tree in tmpfs is taken as v2 when FSROOT is given and
 * MOUNTINFO is NULL and FSROOT contains cgroup.controllers (tests of the v2 driver). */
int cg_detect(struct cg_layout *lay, const char *fsroot, const char *mountinfo,
	      struct vsm_error *err);
/* A layout holding one v2 hierarchy at DIR (a real cgroup2 mount or a fixture tree). */
int cg_layout_v2_at(struct cg_layout *lay, const char *dir, struct vsm_error *err);

/* Create REL in every hierarchy (parents too; v1 cpuset copies cpus/mems from the parent; v2 enables
 * the available controllers in each parent's subtree_control). Existing dirs are fine. */
int cg_create(const struct cg_layout *lay, const char *rel, struct vsm_error *err);
/* Move PID into REL in every hierarchy. */
int cg_attach(const struct cg_layout *lay, const char *rel, pid_t pid, struct vsm_error *err);
/* Which version drives CONTROLLER ("memory", "cpu", "io", "blkio", …): 1 or 2, 0 when no hierarchy
 * has it. Lets the policy pick v1 or v2 file names. */
int cg_controller_version(const struct cg_layout *lay, const char *controller);
/* Write VALUE to KNOB ("memory.max", "memory.limit_in_bytes", "pids.max", …) of REL in the hierarchy
 * that has the knob's controller (prefix before the dot; "cgroup." files go to the v2 hierarchy). */
int cg_set(const struct cg_layout *lay, const char *rel, const char *knob, const char *value,
	   struct vsm_error *err);
/* Read KNOB into BUF (trailing newline stripped). -ENOENT when no hierarchy has it. */
int cg_get(const struct cg_layout *lay, const char *rel, const char *knob, char *buf, size_t len,
	   struct vsm_error *err);
/* Every pid in REL and its descendants (from the first hierarchy that has REL). malloc'd array. */
int cg_pids(const struct cg_layout *lay, const char *rel, pid_t **pids, size_t *n,
	    struct vsm_error *err);
/* Send SIG to every process in REL (v2 with SIGKILL: cgroup.kill; otherwise a loop over procs). */
int cg_kill(const struct cg_layout *lay, const char *rel, int sig, struct vsm_error *err);
/* Freeze or thaw (v2 cgroup.freeze, v1 freezer.state). -ENOTSUP without a freezer. */
int cg_freeze(const struct cg_layout *lay, const char *rel, bool frozen, struct vsm_error *err);
/* rmdir REL (deepest first) in every hierarchy; -EBUSY while processes remain. */
int cg_destroy(const struct cg_layout *lay, const char *rel, struct vsm_error *err);
bool cg_exists(const struct cg_layout *lay, const char *rel);

/* Usage figures for vserver-stat and the console; a figure a hierarchy lacks is UINT64_MAX. */
struct cg_usage {
	uint64_t nprocs;      /* processes (pids.current or counted) */
	uint64_t mem_bytes;   /* RSS: v1 total_rss + total_mapped_file, v2 anon + file_mapped */
	uint64_t mem_limit;   /* memory.max / memory.limit_in_bytes, UINT64_MAX = none */
	uint64_t cpu_user_us; /* v2 cpu.stat user_usec, v1 cpuacct.usage_user / 1000 */
	uint64_t cpu_sys_us;
	uint64_t pids_limit;  /* UINT64_MAX = none */
};
int cg_usage_read(const struct cg_layout *lay, const char *rel, struct cg_usage *u,
		  struct vsm_error *err);

/* The cgroup of PID in the hierarchy that holds CONTROLLER ("" = v2 unified), read from
 * /proc/PID/cgroup. Used to tell which guest a process belongs to. */
int cg_pid_path(pid_t pid, const char *controller, char *buf, size_t len);

#endif
