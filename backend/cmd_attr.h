/* Attributes by name for `get`, `set`, `unset` and `export`: the attribute table's names
 * ("uts.nodename", "cgroup.memory_max"), config paths with '/' written as '.' ("apps.init.style",
 * "interfaces.00.ip", "rlimits.nproc.hard"), and cgroup v1/v2 file names translated to vsm's
 * version-neutral keys ("memory.max" and "memory.limit_in_bytes" both mean cgroup/memory_max). */
#ifndef VSM_CMD_ATTR_H
#define VSM_CMD_ATTR_H
#include <stdbool.h>
#include <stddef.h>
#include "backend/attrs.h"
#include "backend/error.h"

enum attr_conv {
	ATTR_CONV_NONE,
	ATTR_CONV_SHARES,	/* v1 cpu.shares given: stored as cpu_weight */
	ATTR_CONV_CPU_MAX,	/* v2 cpu.max "QUOTA|max [PERIOD]": cpu_quota and cpu_period */
};
struct attr_ref {
	const struct attr *a;
	char rel[256];		/* file under the guest's config dir */
	enum attr_conv conv;
};
/* What a set did, for the report. */
enum attr_effect {
	ATTR_EFFECT_STOPPED,	/* the guest is stopped: used at its next start */
	ATTR_EFFECT_APPLIED,	/* written into the running guest (cgroup limits) */
	ATTR_EFFECT_READ_WHEN_USED,	/* live, read each time it is used (killseq, cmd.stop...) */
	ATTR_EFFECT_NEXT_START,	/* the guest runs; the change waits for its next start */
};

/* Resolve NAME. -ENOENT with a message when no attribute has that name. */
int attr_ref_resolve(const char *name, struct attr_ref *ref, struct vsm_error *err);
/* The stored value as the language writes it: one-line files without the newline, lists as
 * they are stored (one item per line), flags "on"/"off", links their target. *SET false (and
 * "") when the file does not exist. Malloc'd. */
int attr_value_get(const char *guest, const struct attr_ref *ref, char **value, bool *set,
		   struct vsm_error *err);
/* Validate VALUE against the whole config, write it atomically, and apply it to the running
 * guest where the table says it is live. On any error nothing is written. */
int attr_value_set(const char *guest, const struct attr_ref *ref, const char *value,
		   enum attr_effect *effect, struct vsm_error *err);
/* Remove the key's file (the default applies again). */
int attr_value_unset(const char *guest, const struct attr_ref *ref, enum attr_effect *effect,
		     struct vsm_error *err);
/* The dotted name of config file REL ("uts/nodename" -> "uts.nodename"), into BUF. */
void attr_rel_to_name(const char *rel, char *buf, size_t len);
/* Every cgroup v1/v2 file name that is translated, NULL-terminated (completion). */
extern const char *const attr_cgroup_aliases[];
#endif
