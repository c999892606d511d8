/* vsm's feature table over the kernel probes. */
#include "backend/sysinfo.h"

#include <stdio.h>
#include <string.h>

static const struct sysinfo_verdict table[] = {
	{ "guests (namespaces, pivot_root)", "namespaces cgroup", true, 0, NULL },
	{ "safe paths into guests (openat2)", "openat2", true, 0, NULL },
	{ "mounts into guests (new mount API)", "mount-api", true, 0, NULL },
	{ "race-free signals, enter (pidfd)", "pidfd", true, 0, NULL },
	{ "seccomp deny-list", "seccomp", true, 0, NULL },
	{ "memory and process limits", "memory pids", true, 0, NULL },
	{ "CPU limits and shares", "cpu", false, 0, NULL },
	{ "unprivileged guests (user namespaces)", "userns", false, 0, NULL },
	{ "virt_uptime flag (time namespace)", "timens", false, 0, NULL },
	{ "sched_pause flag, freeze (freezer)", "freezer", false, 0, NULL },
	{ "overlay build method", "overlayfs", false, 0, NULL },
	{ "routed networking (veth)", "veth", false, 0, NULL },
	{ "bridged networking (bridge + veth)", "bridge veth", false, 0, NULL },
	{ "macvlan interfaces", "macvlan", false, 0, NULL },
	{ "ipvlan interfaces", "ipvlan", false, 0, NULL },
	{ "disk limits (project quotas)", "quota", false, 0, NULL },
};

size_t sysinfo_verdicts(const struct probe *p, size_t n, struct sysinfo_verdict *out, size_t max)
{
	size_t k = 0;
	for (size_t i = 0; i < sizeof(table) / sizeof(*table) && k < max; i++) {
		struct sysinfo_verdict v = table[i];
		v.state = PROBE_YES;
		char needs[64];
		snprintf(needs, sizeof(needs), "%s", v.needs);
		char *save = NULL;
		for (char *w = strtok_r(needs, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
			long j = probe_find(p, n, w);
			enum probe_state s = j < 0 ? PROBE_UNKNOWN : p[j].state;
			if (s != PROBE_YES && v.state == PROBE_YES) {
				v.state = s;
				v.missing = j < 0 ? NULL : p[j].name;
			} else if (s == PROBE_NO) {
				v.state = PROBE_NO;
				v.missing = p[j].name;
			}
		}
		out[k++] = v;
	}
	return k;
}

const struct sysinfo_kopt sysinfo_kconfig_options[] = {
	{ "CONFIG_NAMESPACES", true, "guests" },
	{ "CONFIG_UTS_NS", true, "guest hostnames" },
	{ "CONFIG_IPC_NS", true, "guest IPC isolation" },
	{ "CONFIG_PID_NS", true, "guest process isolation" },
	{ "CONFIG_NET_NS", true, "guest networking" },
	{ "CONFIG_CGROUPS", true, "guest identity and limits" },
	{ "CONFIG_MEMCG", true, "memory limits, vserver-stat RSS" },
	{ "CONFIG_CGROUP_PIDS", true, "process limits (nproc)" },
	{ "CONFIG_SECCOMP", true, "seccomp deny-list" },
	{ "CONFIG_SECCOMP_FILTER", true, "seccomp deny-list" },
	{ "CONFIG_VETH", true, "guest networking" },
	{ "CONFIG_USER_NS", false, "unprivileged guests" },
	{ "CONFIG_TIME_NS", false, "virt_uptime" },
	{ "CONFIG_CGROUP_FREEZER", false, "sched_pause, freeze (v1)" },
	{ "CONFIG_CGROUP_CPUACCT", false, "vserver-stat CPU times (v1)" },
	{ "CONFIG_CGROUP_SCHED", false, "CPU shares" },
	{ "CONFIG_CFS_BANDWIDTH", false, "CPU limits" },
	{ "CONFIG_CPUSETS", false, "CPU pinning" },
	{ "CONFIG_BLK_CGROUP", false, "I/O limits" },
	{ "CONFIG_BRIDGE", false, "bridged networking" },
	{ "CONFIG_MACVLAN", false, "macvlan interfaces" },
	{ "CONFIG_IPVLAN", false, "ipvlan interfaces" },
	{ "CONFIG_OVERLAY_FS", false, "overlay build method" },
	{ "CONFIG_QUOTA", false, "disk limits" },
	{ "CONFIG_QFMT_V2", false, "disk limits (project quotas)" },
	{ "CONFIG_IKCONFIG_PROC", false, "this check (/proc/config.gz)" },
	{ NULL, false, NULL },
};
