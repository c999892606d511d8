/* What start needs from a guest's configuration. A stand-in reader behind one function until
 * backend/config.h lands; then run_config_load switches over to it. */
#ifndef VSM_RUNCONF_H
#define VSM_RUNCONF_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/resource.h>
#include "backend/error.h"
#include "backend/guest_name.h"

#define RUNCONF_MAX_RLIMITS 16
#define RUNCONF_MAX_KILLSEQ 16
#define RUNCONF_MAX_KNOBS 32

struct run_rlimit {
	int resource;
	bool has_soft, has_hard;
	rlim_t soft, hard;
};

struct run_knob {
	char name[64];
	char value[128];
};

struct run_config {
	char name[GUEST_NAME_MAX + 1];
	char confdir[PATH_MAX];
	char vdir[PATH_MAX];
	char nodename[65], domainname[65];
	uint64_t bcaps;		 /* bounding set: the default set plus/minus bcapabilities */
	char style[32];		 /* plain, rescue, "" (cmd.* only) */
	char **start_argv;	 /* NULL-terminated, malloc'd */
	char **stop_argv;	 /* cmd.stop, or NULL */
	char **env;		 /* apps/init/environment lines (or the package default PATH) */
	bool env_from_file;
	int killseq[RUNCONF_MAX_KILLSEQ]; /* SIG, WAIT, SIG, ...: signals > 0, waits as -seconds */
	int nkillseq;
	struct run_rlimit ulimits[RUNCONF_MAX_RLIMITS];
	int nulimits;
	struct run_knob knobs[RUNCONF_MAX_KNOBS]; /* cgroup/<knob> files, plus mapped limits */
	int nknobs;
	bool has_nice;
	int nice;
	bool virt_uptime;
	char *fstab; /* file contents or NULL */
};

/* The default bounding set from DESIGN.md ("Fixed names"). */
uint64_t run_config_default_caps(void);

/* Load guest NAME's configuration (confdir from vsm_paths()). RESCUE_ARGV (NULL-terminated, may be
 * NULL) selects the rescue style with that command. */
int run_config_load(const char *name, char *const *rescue_argv, struct run_config *rc,
		    struct vsm_error *err);
void run_config_free(struct run_config *rc);

/* Parse one signal name or number ("TERM", "SIGTERM", "15"); -EINVAL otherwise. */
int run_config_signal(const char *s);

#endif
