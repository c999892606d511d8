/* What the runtime needs from a guest's configuration, derived from backend/config.h (which reads
 * and validates the files) and backend/cgroup_limits.h (the version-neutral limits). */
#ifndef VSM_RUNCONF_H
#define VSM_RUNCONF_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/resource.h>
#include "backend/cgroup_limits.h"
#include "backend/config.h"
#include "backend/error.h"
#include "backend/guest_name.h"

#define RUNCONF_MAX_RLIMITS 16
#define RUNCONF_MAX_KILLSEQ 16

struct run_rlimit {
	int resource;
	bool has_soft, has_hard;
	rlim_t soft, hard;
};

struct run_config {
	char name[GUEST_NAME_MAX + 1];
	char confdir[PATH_MAX];
	char vdir[PATH_MAX];
	char nodename[65], domainname[65];
	uint64_t bcaps;		 /* bounding set: the default set plus/minus bcapabilities */
	char style[32];		 /* plain, busybox, rescue, "" (cmd.* only) */
	char **start_argv;	 /* NULL-terminated, malloc'd */
	char **stop_argv;	 /* cmd.stop, or NULL */
	char **env;		 /* apps/init/environment lines (or the package default PATH) */
	bool env_from_file;
	int killseq[RUNCONF_MAX_KILLSEQ]; /* SIG, WAIT, SIG, ...: signals > 0, waits as -seconds */
	int nkillseq;
	struct run_rlimit ulimits[RUNCONF_MAX_RLIMITS];
	int nulimits;
	struct guest_limits limits; /* cgroup figures and raw cgroup/<ctrl>.<knob> files */
	bool has_limits;
	bool has_nice;
	int nice;
	bool virt_uptime;
	struct guest_fstab_entry *fstab; /* copied from the config */
	size_t n_fstab;
};

/* The default bounding set from DESIGN.md ("Fixed names"). */
uint64_t run_config_default_caps(void);

/* Load guest NAME's configuration (confdir from vsm_paths()). RESCUE_ARGV (NULL-terminated, may be
 * NULL) selects the rescue style with that command. Unknown config files are reported through
 * WARN (may be NULL). */
int run_config_load(const char *name, char *const *rescue_argv, struct run_config *rc,
		    config_warn_fn warn, void *warn_ctx, struct vsm_error *err);
void run_config_free(struct run_config *rc);

/* Parse one signal name or number ("TERM", "SIGTERM", "15"); -EINVAL otherwise. */
int run_config_signal(const char *s);

#endif
