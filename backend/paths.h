/* Every host path and kernel-global name vsm uses, re-based under VSM_ROOT for tests. */
#ifndef VSM_PATHS_H
#define VSM_PATHS_H

#include <limits.h>
#include <stddef.h>
#include "backend/error.h"

struct vsm_paths {
	char root[PATH_MAX];	 /* "" when not re-based */
	char confdir[PATH_MAX];	 /* /etc/vservers */
	char vdirbase[PATH_MAX]; /* /vservers (or .defaults/vdirbase) */
	char rundir[PATH_MAX];	 /* /run/vservers */
	char logdir[PATH_MAX];	 /* /var/log/vservers */
	char cachedir[PATH_MAX]; /* /var/cache/vservers */
	char pkgcache[PATH_MAX]; /* debootstrap package cache; VSM_CACHE overrides */
	char lockdir[PATH_MAX];	 /* /run/lock/vservers */
	char cgroup_base[32];	 /* "vsm" or "vsm-<8 hex of hash(root)>" */
	char ifprefix[12];	 /* host-side interface name prefix: "vsm" or "v<8 hex>" */
};

/* ROOT may be NULL: then $VSM_ROOT is used, and with neither the real host paths. */
int vsm_paths_init(struct vsm_paths *p, const char *root, struct vsm_error *err);
/* The process-wide paths, initialised on first use from $VSM_ROOT. */
const struct vsm_paths *vsm_paths(void);
/* Replace the process-wide paths (front ends call this after parsing --root). */
int vsm_paths_set_root(const char *root, struct vsm_error *err);

/* Per-guest derived paths; return 0 or -ENAMETOOLONG. */
int vsm_path_guest_conf(const struct vsm_paths *p, const char *name, char *buf, size_t len);
int vsm_path_guest_run(const struct vsm_paths *p, const char *name, char *buf, size_t len);
int vsm_path_guest_log(const struct vsm_paths *p, const char *name, char *buf, size_t len);
int vsm_path_guest_lock(const struct vsm_paths *p, const char *name, char *buf, size_t len);
/* Cgroup path relative to a hierarchy's root: "<cgroup_base>/<name>". */
int vsm_path_guest_cgroup(const struct vsm_paths *p, const char *name, char *buf, size_t len);

/* Locate a helper program (e.g. "vsm-monitor"): next to the running binary first (build/bin in
 * tests), then VSM_LIBEXECDIR. */
int vsm_path_helper(const char *prog, char *buf, size_t len);

#endif
