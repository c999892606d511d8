/* Kernel feature probes for vserver-info's SYSINFO: each asks the running kernel directly (a
 * syscall, a file, a netlink request in a throw-away network namespace), never the config alone. */
#ifndef VSM_KERNEL_PROBE_H
#define VSM_KERNEL_PROBE_H

#include <stddef.h>

enum probe_state { PROBE_NO = 0, PROBE_YES = 1, PROBE_UNKNOWN = 2 };

struct probe {
	const char *name;      /* FEATURE name: "openat2", "ipvlan", … */
	const char *what;      /* one line on what it is */
	enum probe_state state;
	char detail[192];      /* what was found, e.g. the namespaces or controllers present */
};

#define PROBE_MAX 32

/* Run every probe into OUT (at most MAX); returns how many. */
size_t probe_all(struct probe *out, size_t max);
/* Index of probe NAME in P, or -1. */
long probe_find(const struct probe *p, size_t n, const char *name);

#endif
