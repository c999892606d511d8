/* The util-vserver files vsm recognises but does not honour, each with the reason the loader's
 * warning gives (doc/config.md explains the choices). */
#include "backend/config_parse.h"

#include <string.h>

/* util-vserver files vsm knows about but does not honour, with the reason (doc/config.md). */
static const struct { const char *pat; const char *why; } unsupported[] = {
	{ "ncontext", "network contexts are network namespaces; ncontext is not used" },
	{ "tag", "filesystem tagging has no mainline equivalent (use spaces/user)" },
	{ "noncontext", "every guest has its own network namespace or spaces/net 0" },
	{ "legacy", "the legacy single-file format is not supported" },
	{ "noisy", "not supported: use the front end's --verbose" },
	{ "flags", "the old name of cflags is not read: rename it to cflags" },
	{ "capabilities", "the 2.4-era capability list is not read: use bcapabilities" },
	{ "ncapabilities", "network capabilities have no mainline equivalent" },
	{ "umask", "namespace unsharing inside guests is governed by bcapabilities" },
	{ "badness", "not supported: write memory.oom.group through cgroup/ instead" },
	{ "keepfds", "vsm always closes inherited descriptors" },
	{ "schedule", "the token bucket scheduler is gone: use cgroup/cpu_*" },
	{ "sched", "the token bucket scheduler is gone: use cgroup/cpu_*" },
	{ "ionice", "not supported yet: use cgroup/io.weight" },
	{ "cpuset", "use cgroup/cpuset.cpus and cgroup/cpuset.mems" },
	{ "sysctl", "not supported: set sysctls inside the guest" },
	{ "netns", "every guest gets its own network namespace (spaces/net)" },
	{ "hostname", "the old name of uts/nodename is not read: move it" },
	{ "domainname", "the old name of uts/domainname is not read: move it" },
	{ "fstab.remote", "not supported: all fstab mounts are done in the host's network" },
	{ "fstab.local", "deprecated alias, not read: use fstab" },
	{ "namespace", "vsm always uses a mount namespace" },
	{ "nonamespace", "vsm always uses a mount namespace" },
	{ "namespace-cleanup", "not needed: the mount namespace is private" },
	{ "nonamespace-cleanup", "not needed: the mount namespace is private" },
	{ "namespace-cleanup-skip", "not needed: the mount namespace is private" },
	{ "nocgroup", "every guest has its own cgroup" },
	{ "cgroup/name", "the guest's cgroup name is fixed (vsm/<name>)" },
	{ "cgroup/mnt", "cgroup hierarchies are found in /proc/self/mountinfo" },
	{ "cgroup/subsys", "all available controllers are used" },
	{ "cgroup/inherit", "cpuset.cpus and cpuset.mems are always inherited" },
	{ "cgroup/base", "the cgroup base is fixed by the root (DESIGN)" },
	{ "cgroup/per-ss", "hierarchies are handled per controller automatically" },
	{ "spaces/mask", "use one file per namespace under spaces/" },
	{ "interfaces/*/scope", "util-vserver read but never used it" },
	{ "interfaces/*/peer", "point-to-point addresses are not supported" },
	{ "interfaces/*/extip", "not supported" },
	{ "interfaces/*/indirect", "the dummy-device hack is not needed with network namespaces" },
	{ "interfaces/*/vlandev", "802.1q devices are not created by vsm" },
	{ "interfaces/*/novlandev", "802.1q devices are not created by vsm" },
	{ "interfaces/*/only_ip", "the old name of nodev is not read: rename it" },
	{ "interfaces/*/tun", "tun/tap creation is not supported" },
	{ "interfaces/*/tap", "tun/tap creation is not supported" },
	{ "interfaces/lback", "every guest has its own loopback" },
	{ "interfaces/scope", "util-vserver read but never used it" },
	{ "interfaces/extip", "not supported" },
	{ "interfaces/vlandev", "802.1q devices are not created by vsm" },
	{ "interfaces/novlandev", "802.1q devices are not created by vsm" },
	{ "apps/init/cmd.start-sync", "the monitor reports start; no sync helper is needed" },
	{ "apps/init/cmd.stop-sync", "the monitor reports stop; no sync helper is needed" },
	{ "apps/init/sync", "the monitor reports start; no sync helper is needed" },
	{ "apps/init/mtab", "/etc/mtab is a link to /proc/self/mounts" },
	{ "apps/init/tty", "enter always uses a fresh pty" },
	{ "apps/vshelper", "the per-guest monitor replaces vshelper" },
	{ "apps/vshelper-methods", "the per-guest monitor replaces vshelper" },
	{ "apps/vdevmap", "device access is set with cgroup/devices.* knobs" },
	{ "apps/vlogin", "enter always uses a fresh pty" },
};

const char *config_unsupported_reason(const char *rel)
{
	for (size_t i = 0; i < sizeof(unsupported) / sizeof(unsupported[0]); i++) {
		size_t n = strlen(unsupported[i].pat);
		/* A pattern names a file or a whole directory. */
		if (attr_file_matches(unsupported[i].pat, rel) ||
		    (!strchr(unsupported[i].pat, '*') && !strncmp(rel, unsupported[i].pat, n) &&
		     rel[n] == '/'))
			return unsupported[i].why;
	}
	return NULL;
}

const char *config_unknown_reason(const char *rel)
{
	const char *why = config_unsupported_reason(rel);
	return why ? why : "unknown file";
}
