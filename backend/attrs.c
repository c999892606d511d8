/* The attribute table: one row per guest config key (see attrs.h). */
#include "backend/attrs.h"

#include <stddef.h>
#include <string.h>

#include "backend/config_internal.h"

const char *const attr_init_styles[] = {
	"", "sysv", "plain", "minit", "gentoo", "openrc", "arch", "busybox", NULL,
};

#define ROW(n, f, t, lo, hi, u, h, lv, inh, ...) { .name = n, .file = f, .type = t, .min = lo, \
	.max = hi, .unit = u, .help = h, .live = lv, .inherit = inh, __VA_ARGS__ }
#define G(field) .scope = SCOPE_GUEST, .offset = offsetof(struct guest_config, field), \
	.size = sizeof(((struct guest_config *)0)->field)
#define I(field) .scope = SCOPE_IFACE, .offset = offsetof(struct guest_iface, field), \
	.size = sizeof(((struct guest_iface *)0)->field)
#define CODE .scope = SCOPE_CODE

/* Order: as documented in vservers(5). */
const struct attr attr_table[] = {
	/* identity */
	ROW("context", "context", ATTR_INT, CONTEXT_MIN, CONTEXT_MAX, "",
	  "static context id, unique among guests", false, false, G(context)),
	ROW("name", "name", ATTR_STR, 0, 63, "", "display name (the directory name is the identity)",
	  false, false, G(display_name), .str = STR_TEXT),
	ROW("vdir", "vdir", ATTR_LINK, 0, 0, "", "symlink to the guest's root directory",
	  false, false, G(vdir)),
	ROW("run", "run", ATTR_LINK, 0, 0, "", "symlink to the guest's runtime directory",
	  false, false, G(run)),
	ROW("cache", "cache", ATTR_LINK, 0, 0, "", "symlink to the guest's cache directory",
	  false, false, G(cache)),
	ROW("disabled", "disabled", ATTR_FLAG, 0, 0, "", "flag: the guest is not started",
	  true, false, G(disabled)),

	/* uts */
	ROW("uts.nodename", "uts/nodename", ATTR_STR, 0, 64, "", "host name inside the guest",
	  false, false, G(uts_nodename), .str = STR_HOSTNAME),
	ROW("uts.domainname", "uts/domainname", ATTR_STR, 0, 64, "", "NIS domain name",
	  false, true, G(uts_domainname), .str = STR_HOSTNAME),
	ROW("uts.sysname", "uts/sysname", ATTR_STR, 0, 64, "",
	  "reported by uname -s (kept, not applied: mainline cannot change it)", false, true,
	  G(uts_sysname), .str = STR_TEXT),
	ROW("uts.release", "uts/release", ATTR_STR, 0, 64, "",
	  "reported by uname -r (kept, not applied: mainline cannot change it)", false, true,
	  G(uts_release), .str = STR_TEXT),
	ROW("uts.version", "uts/version", ATTR_STR, 0, 64, "",
	  "reported by uname -v (kept, not applied: mainline cannot change it)", false, true,
	  G(uts_version), .str = STR_TEXT),
	ROW("uts.machine", "uts/machine", ATTR_STR, 0, 64, "", "reported by uname -m (x86_64 or a "
	  "32-bit name via personality)", false, true, G(uts_machine), .str = STR_TEXT),

	/* network */
	ROW("interfaces.dev", "interfaces/dev", ATTR_STR, 0, 15, "", "default host device",
	  false, false, G(iface_dev), .str = STR_IFNAME),
	ROW("interfaces.prefix", "interfaces/prefix", ATTR_PREFIX, 0, 128, "bits",
	  "default prefix length", false, false, G(iface_prefix)),
	ROW("interfaces.mask", "interfaces/mask", ATTR_MASK, 0, 32, "",
	  "default IPv4 netmask (stored as prefix)", false, false, G(iface_prefix)),
	ROW("interfaces.bcast", "interfaces/bcast", ATTR_IP, 0, 0, "",
	  "default IPv4 broadcast", false, false, G(iface_bcast)),
	ROW("interfaces.*.ip", "interfaces/*/ip", ATTR_IP, 0, 0, "", "address (required)",
	  false, false, I(ip)),
	ROW("interfaces.*.prefix", "interfaces/*/prefix", ATTR_PREFIX, 0, 128, "bits",
	  "prefix length", false, false, I(prefix)),
	ROW("interfaces.*.mask", "interfaces/*/mask", ATTR_MASK, 0, 32, "",
	  "IPv4 netmask (stored as prefix)", false, false, I(prefix)),
	ROW("interfaces.*.dev", "interfaces/*/dev", ATTR_STR, 0, 15, "", "host device",
	  false, false, I(dev), .str = STR_IFNAME),
	ROW("interfaces.*.name", "interfaces/*/name", ATTR_STR, 0, 15, "",
	  "interface name inside the guest", false, false, I(name), .str = STR_IFNAME),
	ROW("interfaces.*.mac", "interfaces/*/mac", ATTR_MAC, 0, 0, "", "MAC address",
	  false, false, I(mac)),
	ROW("interfaces.*.bcast", "interfaces/*/bcast", ATTR_IP, 0, 0, "", "IPv4 broadcast",
	  false, false, I(bcast)),
	ROW("interfaces.*.gateway", "interfaces/*/gateway", ATTR_IP, 0, 0, "",
	  "default route inside the guest (same family as ip)", false, false, I(gateway)),
	ROW("interfaces.*.mode", "interfaces/*/mode", ATTR_STR, 0, 15, "",
	  "veth (routed, default), bridge, macvlan or ipvlan", false, false, I(mode),
	  .str = STR_TOKEN),
	ROW("interfaces.*.disabled", "interfaces/*/disabled", ATTR_FLAG, 0, 0, "",
	  "flag: skip this interface", false, false, I(disabled)),
	ROW("interfaces.*.nodev", "interfaces/*/nodev", ATTR_FLAG, 0, 0, "",
	  "flag: no host device; the address is set up inside the guest only",
	  false, false, I(nodev)),
	ROW("interfaces.*.down", "interfaces/*/down", ATTR_FLAG, 0, 0, "",
	  "flag: leave the link down", false, false, I(down)),

	/* security */
	ROW("bcapabilities", "bcapabilities", ATTR_CAPS, 0, 0, "",
	  "capabilities added to (or with !, removed from) the default bounding set",
	  false, true, CODE),
	ROW("ccapabilities", "ccapabilities", ATTR_FLAGS, FLAGS_CCAPS, 0, "",
	  "util-vserver context capabilities that have a mainline mapping", false, true, CODE),
	ROW("cflags", "cflags", ATTR_FLAGS, FLAGS_CFLAGS, 0, "",
	  "util-vserver context flags that have a mainline mapping", false, true, CODE),
	ROW("nflags", "nflags", ATTR_FLAGS, FLAGS_NFLAGS, 0, "",
	  "util-vserver network flags that have a mainline mapping", false, true, CODE),
	ROW("personality", "personality", ATTR_PERSONALITY, 0, 0, "",
	  "execution domain, then flags, one per line", false, true, CODE),
	ROW("nice", "nice", ATTR_INT, -20, 19, "", "nice value of the guest's init",
	  true, true, CODE),

	/* limits */
	ROW("rlimits.*", "rlimits/*", ATTR_LIMIT, 0, 0, "",
	  "whole-guest limits: nproc, rss, as (mapped to the cgroup)", true, true, CODE),
	ROW("ulimits.*", "ulimits/*", ATTR_LIMIT, 0, 0, "",
	  "setrlimit on the guest's init: <res>, <res>.soft, <res>.hard", false, true, CODE),
	ROW("dlimits.*.directory", "dlimits/*/directory", ATTR_STR, 0, 4095, "",
	  "disk limit: the limited tree (the guest's vdir); set with vdlimit", false, false, CODE,
	  .str = STR_TEXT),
	ROW("dlimits.*.space_total", "dlimits/*/space_total", ATTR_U64, 1024, 1LL << 40, "KiB",
	  "disk limit: space (image size; grows online, shrinks stopped); set with vdlimit", true,
	  false, CODE),
	ROW("dlimits.*.inodes_total", "dlimits/*/inodes_total", ATTR_U64, 0, 1LL << 32, "",
	  "disk limit: inodes (fixed when the image is made; 0 = mke2fs default)", false, false, CODE),
	ROW("dlimits.*.reserved", "dlimits/*/reserved", ATTR_U64, 0, 50, "%",
	  "disk limit: blocks reserved for root", true, false, CODE),
	ROW("cgroup.memory_max", "cgroup/memory_max", ATTR_SIZE, 0, 0, "bytes",
	  "hard memory limit (memory.max / memory.limit_in_bytes)", true, true, CODE),
	ROW("cgroup.memory_high", "cgroup/memory_high", ATTR_SIZE, 0, 0, "bytes",
	  "memory throttling point (memory.high / memory.soft_limit_in_bytes)", true, true, CODE),
	ROW("cgroup.memory_swap_max", "cgroup/memory_swap_max", ATTR_SIZE, 0, 0, "bytes",
	  "swap limit (memory.swap.max / memsw minus memory)", true, true, CODE),
	ROW("cgroup.cpu_quota", "cgroup/cpu_quota", ATTR_U64, 1000, 1000000000LL, "us",
	  "CPU time per period (cpu.max / cpu.cfs_quota_us); max = no cap", true, true, CODE),
	ROW("cgroup.cpu_period", "cgroup/cpu_period", ATTR_U64, 1000, 1000000, "us",
	  "CPU accounting period (default 100000)", true, true, CODE),
	ROW("cgroup.cpu_weight", "cgroup/cpu_weight", ATTR_U64, 1, 10000, "",
	  "relative CPU weight (cpu.weight; cpu.shares = weight*1024/100 on v1)", true, true, CODE),
	ROW("cgroup.pids_max", "cgroup/pids_max", ATTR_U64, 1, 4194304, "",
	  "maximum number of tasks (pids.max); max = no cap", true, true, CODE),
	ROW("cgroup.*", "cgroup/*", ATTR_KNOB, 0, 0, "",
	  "raw knob <controller>.<knob>, written into the guest's cgroup", true, true, CODE),

	/* init */
	ROW("init.style", "apps/init/style", ATTR_ENUM, 0, 0, "",
	  "how the guest boots and stops", false, true, CODE, .values = attr_init_styles),
	ROW("init.mark", "apps/init/mark", ATTR_NAMES, 0, 0, "",
	  "groups started together (`default`: at host boot)", true, false, CODE),
	ROW("init.depends", "apps/init/depends", ATTR_NAMES, 0, 0, "",
	  "guests started before this one", true, false, CODE),
	ROW("init.killseq", "apps/init/killseq", ATTR_KILLSEQ, 0, 0, "",
	  "stop sequence: SIG WAIT SIG ..., one token per line", true, true, CODE),
	ROW("init.cmd.start", "apps/init/cmd.start", ATTR_ARGV, 0, 0, "",
	  "start command (argv, one element per line); overrides the style", false, false, CODE),
	ROW("init.cmd.stop", "apps/init/cmd.stop", ATTR_ARGV, 0, 0, "",
	  "stop command (argv, one element per line); overrides the style", true, false, CODE),
	ROW("init.cmd.prepare", "apps/init/cmd.prepare", ATTR_ARGV, 0, 0, "",
	  "command run inside the guest before the start command", false, false, CODE),
	ROW("init.environment", "apps/init/environment", ATTR_ENV, 0, 0, "",
	  "VAR=VAL lines added to the init's environment", false, true, CODE),
	ROW("init.runlevel", "apps/init/runlevel", ATTR_STR, 0, 31, "", "runlevel for start and stop",
	  false, true, G(init.runlevel), .str = STR_TOKEN),
	ROW("init.runlevel.start", "apps/init/runlevel.start", ATTR_STR, 0, 31, "",
	  "runlevel for start", false, true, G(init.runlevel_start), .str = STR_TOKEN),
	ROW("init.runlevel.stop", "apps/init/runlevel.stop", ATTR_STR, 0, 31, "",
	  "runlevel for stop", false, true, G(init.runlevel_stop), .str = STR_TOKEN),

	/* mounts, namespaces, hooks */
	ROW("fstab", "fstab", ATTR_FSTAB, 0, 0, "",
	  "mounts inside the guest: spec file type options [freq [passno]]", false, false, CODE),
	ROW("spaces.*", "spaces/*", ATTR_SPACE, 0, 0, "",
	  "namespace: empty = new, 0 = the host's (net, user, time), NAME = share a guest's",
	  false, true, CODE),
	ROW("spaces.user.range", "spaces/user.range", ATTR_RANGE, 0, 0, "",
	  "host uid/gid BASE COUNT for a user-namespace guest (default context*65536 65536)",
	  false, false, CODE),
	ROW("scripts.*", "scripts/*", ATTR_HOOK, 0, 0, "",
	  "executable hook run with arguments HOOK NAME", true, false, CODE),
};

const size_t attr_count = sizeof(attr_table) / sizeof(attr_table[0]);

const struct attr *attr_find(const char *name)
{
	for (size_t i = 0; i < attr_count; i++)
		if (!strcmp(attr_table[i].name, name))
			return &attr_table[i];
	return NULL;
}

bool attr_file_matches(const char *pat, const char *rel)
{
	while (*pat && *rel) {
		if (*pat == '*') {
			if (*rel == '/')
				return false;	/* an empty component */
			const char *slash = strchr(rel, '/');
			rel = slash ? slash : rel + strlen(rel);
			pat++;
			continue;
		}
		if (*pat != *rel)
			return false;
		pat++;
		rel++;
	}
	return !*pat && !*rel;
}

const struct attr *attr_find_file(const char *rel)
{
	/* Exact names first, so cgroup/memory_max is not taken for the cgroup/ * knob pattern. */
	for (size_t i = 0; i < attr_count; i++)
		if (!strchr(attr_table[i].file, '*') && !strcmp(attr_table[i].file, rel))
			return &attr_table[i];
	for (size_t i = 0; i < attr_count; i++)
		if (strchr(attr_table[i].file, '*') && attr_file_matches(attr_table[i].file, rel))
			return &attr_table[i];
	return NULL;
}
