/* What the probed kernel features mean for vsm: a verdict per vsm feature and the kernel config
 * options it checks, lxc-checkconfig style (policy; the probes themselves are in kernel/probe.c). */
#ifndef VSM_SYSINFO_H
#define VSM_SYSINFO_H

#include <stdbool.h>
#include <stddef.h>
#include "kernel/probe.h"

struct sysinfo_verdict {
	const char *feature;   /* the vsm feature, e.g. "ipvlan interfaces" */
	const char *needs;     /* probe names it depends on, blank-separated */
	bool required;         /* vsm cannot run guests without it */
	enum probe_state state; /* YES: usable; NO: not on this kernel; UNKNOWN: could not tell */
	const char *missing;   /* the first probe that is not YES, or NULL */
};

/* Fill OUT from the probes P; returns the count (at most MAX). */
size_t sysinfo_verdicts(const struct probe *p, size_t n, struct sysinfo_verdict *out, size_t max);

struct sysinfo_kopt {
	const char *option;    /* "CONFIG_VETH" */
	bool required;
	const char *why;       /* what needs it */
};
extern const struct sysinfo_kopt sysinfo_kconfig_options[]; /* ends with option == NULL */

#endif
