/* The known names in config values: resources, signals, capabilities, flags, personalities.
 * Flags util-vserver had but mainline cannot provide are rejected here with the reason. */
#include "backend/config_internal.h"

#include <ctype.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/personality.h>
#include <sys/resource.h>
#include <sys/capability.h>

static const struct { const char *name; int res; } rlimit_names[] = {
	{ "as", RLIMIT_AS }, { "core", RLIMIT_CORE }, { "cpu", RLIMIT_CPU },
	{ "data", RLIMIT_DATA }, { "fsize", RLIMIT_FSIZE }, { "locks", RLIMIT_LOCKS },
	{ "memlock", RLIMIT_MEMLOCK }, { "msgqueue", RLIMIT_MSGQUEUE }, { "nice", RLIMIT_NICE },
	{ "nofile", RLIMIT_NOFILE }, { "nproc", RLIMIT_NPROC }, { "rss", RLIMIT_RSS },
	{ "rtprio", RLIMIT_RTPRIO }, { "rttime", RLIMIT_RTTIME },
	{ "sigpending", RLIMIT_SIGPENDING }, { "stack", RLIMIT_STACK },
};

int config_rlimit_from_name(const char *s)
{
	for (size_t i = 0; i < sizeof(rlimit_names) / sizeof(rlimit_names[0]); i++)
		if (!strcasecmp(s, rlimit_names[i].name))
			return rlimit_names[i].res;
	return -1;
}

const char *config_rlimit_name(int resource)
{
	for (size_t i = 0; i < sizeof(rlimit_names) / sizeof(rlimit_names[0]); i++)
		if (rlimit_names[i].res == resource)
			return rlimit_names[i].name;
	return NULL;
}

int config_signal_from_name(const char *s)
{
	if (isdigit((unsigned char)*s)) {
		char *end;
		long v = strtol(s, &end, 10);
		return (*end || v < 1 || v > 64) ? -1 : (int)v;
	}
	if (!strncasecmp(s, "SIG", 3))
		s += 3;
	for (int sig = 1; sig < NSIG && sig <= 64; sig++) {
		const char *abbrev = sigabbrev_np(sig);
		if (abbrev && !strcasecmp(s, abbrev))
			return sig;
	}
	return -1;
}

const char *config_signal_name(int sig)
{
	return sigabbrev_np(sig);
}

/* "!!x" toggles twice: count the prefixes, as util-vserver's list parser does. */
static const char *strip_removal(const char *s, bool *remove)
{
	*remove = false;
	while (*s == '!' || *s == '~') {
		*remove = !*remove;
		s++;
	}
	return s;
}

int config_cap_normalise(const char *path, int line, const char *s, char *out, size_t len,
			 struct vsm_error *err)
{
	bool remove;
	const char *name = strip_removal(s, &remove);
	char buf[64];
	/* cap_from_name wants the CAP_ prefix (it rejects "NET_RAW"). */
	if (strncasecmp(name, "CAP_", 4) == 0)
		name += 4;
	if (!*name || snprintf(buf, sizeof(buf), "cap_%s", name) >= (int)sizeof(buf))
		return config_error(err, path, line, "expected a capability name, got '%.40s'", s);
	cap_value_t cap;
	/* libcap also accepts plain numbers; a config names capabilities. */
	if (isdigit((unsigned char)*name) || cap_from_name(buf, &cap) < 0)
		return config_error(err, path, line,
				    "unknown capability '%.40s' (expected a name such as NET_RAW "
				    "or CAP_SYS_TIME)", s);
	char *up = buf + 4;
	for (char *p = up; *p; p++)
		*p = (char)toupper((unsigned char)*p);
	snprintf(out, len, "%s%s", remove ? "!" : "", up);
	return 0;
}

/* One flag: the name, what it maps to in vsm (NULL: cannot be mapped, HINT says why), and for
 * flags that are part of vsm's model, why a removal ("~flag") cannot be honoured. */
struct flag_def {
	const char *name;
	const char *alias_of;	/* canonical name when this is an alias */
	const char *maps_to;
	const char *hint;
	const char *fixed;	/* non-NULL: "!name" is refused with this reason */
};

#define FLAG(n, a, m, h, ...) { .name = n, .alias_of = a, .maps_to = m, .hint = h, __VA_ARGS__ }

static const struct flag_def cflag_defs[] = {
	FLAG("fakeinit", NULL, "always on: the init is PID 1 of the guest's PID namespace", NULL,
	  .fixed = "every guest has its own PID namespace"),
	FLAG("info_init", "fakeinit", NULL, NULL),
	FLAG("hide_mount", NULL, "always on: private mount namespace with pivot_root", NULL,
	  .fixed = "every guest has its own mount namespace"),
	FLAG("namespace", NULL, "always on (util-vserver ignored it too)", NULL,
	  .fixed = "every guest has its own mount namespace"),
	FLAG("info_nspace", "namespace", NULL, NULL),
	FLAG("hide_netif", NULL, "a network namespace (spaces/net)", NULL,
	  .fixed = "write 0 into spaces/net for the host's network"),
	FLAG("secure", "hide_netif", NULL, NULL),
	FLAG("virt_uptime", NULL, "a time namespace with the boot clock offset to the start", NULL),
	FLAG("sched_pause", NULL, "the guest's cgroup is frozen after start", NULL),
	FLAG("nproc", NULL, "rlimits/nproc becomes pids.max of the guest's cgroup", NULL),
	FLAG("sc_helper", NULL, "always on: reboot/halt in the guest end its init; the monitor acts",
	  NULL, .fixed = "reboot in a PID namespace always ends the guest's init"),
	FLAG("reboot_kill", NULL, "always on: the end of the PID namespace kills every process", NULL,
	  .fixed = "the end of a PID namespace always kills every process in it"),
	FLAG("default", NULL, "virt_uptime plus sc_helper", NULL),
	FLAG("private", NULL, "vserver enter/exec refuse the guest", NULL),
	FLAG("no_new_privs", NULL, "PR_SET_NO_NEW_PRIVS on the guest's init (vsm extension)", NULL),
	FLAG("lock", NULL, NULL, "mainline has no 'no more context switches' bit; use spaces/user"),
	FLAG("info_lock", "lock", NULL, NULL),
	FLAG("ulimit", NULL, NULL, "per-context ulimits do not exist; use rlimits/ or cgroup/"),
	FLAG("sched_hard", NULL, NULL, "use cgroup/cpu_quota and cgroup/cpu_period"),
	FLAG("sched_prio", NULL, NULL, "use cgroup/cpu_weight"),
	FLAG("virt_mem", NULL, NULL, "no /proc/meminfo virtualisation; limit with cgroup/memory_max"),
	FLAG("virt_cpu", NULL, NULL, "no /proc/stat virtualisation on mainline"),
	FLAG("virt_load", NULL, NULL, "no /proc/loadavg virtualisation on mainline"),
	FLAG("virt_time", NULL, NULL, "a time namespace cannot change CLOCK_REALTIME"),
	FLAG("hide_vinfo", NULL, NULL, "there is no vserver /proc info to hide"),
	FLAG("state_setup", NULL, NULL, "an internal util-vserver state bit"),
	FLAG("state_init", NULL, NULL, "an internal util-vserver state bit"),
	FLAG("state_admin", NULL, NULL, "an internal util-vserver state bit"),
	FLAG("persistent", NULL, NULL, "a guest ends with its init; there is no empty context"),
	FLAG("fork_rss", NULL, NULL, "use cgroup/memory_max"),
	FLAG("prolific", NULL, NULL, "guests cannot create contexts"),
	FLAG("igneg_nice", NULL, NULL, "no mainline equivalent"),
	FLAG("igneg_ionice", NULL, NULL, "no mainline equivalent"),
	FLAG(NULL, NULL, NULL, NULL),
};

static const struct flag_def ccap_defs[] = {
	FLAG("set_utsname", NULL, "the guest has its own UTS namespace", NULL),
	FLAG("utsname", "set_utsname", NULL, NULL),
	FLAG("raw_icmp", NULL, "net.ipv4.ping_group_range in the guest's netns", NULL),
	FLAG("icmp", "raw_icmp", NULL, NULL),
	FLAG("ping", "raw_icmp", NULL, NULL),
	FLAG("audit_control", NULL,
	  "AUDIT_WRITE stays in the bounding set; AUDIT_CONTROL via bcapabilities", NULL),
	FLAG("tiocsti", NULL, "the seccomp filter lets TIOCSTI through", NULL),
	FLAG("set_rlimit", NULL, NULL, "add SYS_RESOURCE to bcapabilities"),
	FLAG("rlimit", "set_rlimit", NULL, NULL),
	FLAG("fs_security", NULL, NULL, "no mainline equivalent"),
	FLAG("fs_trusted", NULL, NULL, "no mainline equivalent"),
	FLAG("syslog", NULL, NULL, "add SYSLOG to bcapabilities (the kernel log is host-wide)"),
	FLAG("oom_adjust", NULL, NULL, "add SYS_RESOURCE to bcapabilities"),
	FLAG("secure_mount", NULL, NULL, "mounting needs SYS_ADMIN; use fstab or spaces/user"),
	FLAG("mount", "secure_mount", NULL, NULL),
	FLAG("secure_remount", NULL, NULL, "remounting needs SYS_ADMIN; use fstab"),
	FLAG("remount", "secure_remount", NULL, NULL),
	FLAG("binary_mount", NULL, NULL, "no mainline equivalent"),
	FLAG("dev_mount", NULL, NULL, "no mainline equivalent"),
	FLAG("quota_ctl", NULL, NULL, "no mainline equivalent"),
	FLAG("admin_mapper", NULL, NULL, "no mainline equivalent"),
	FLAG("admin_cloop", NULL, NULL, "no mainline equivalent"),
	FLAG("kthread", NULL, NULL, "no mainline equivalent"),
	FLAG("namespace", NULL, NULL, "unsharing namespaces needs SYS_ADMIN; use spaces/user"),
	FLAG(NULL, NULL, NULL, NULL),
};

static const struct flag_def nflag_defs[] = {
	FLAG("hide_netif", NULL, "always on: the guest has its own network namespace", NULL,
	  .fixed = "write 0 into spaces/net for the host's network"),
	FLAG("hide_lback", NULL, "always on: the guest has its own loopback", NULL,
	  .fixed = "a network namespace always has its own loopback"),
	FLAG("lback_remap", NULL, "always on: the guest has its own loopback", NULL,
	  .fixed = "a network namespace always has its own loopback"),
	FLAG("remap_lback", "lback_remap", NULL, NULL),
	FLAG("lback_allow", NULL, "always on: the guest has its own loopback", NULL,
	  .fixed = "a network namespace always has its own loopback"),
	FLAG("single_ip", NULL, NULL, "addresses come from interfaces/; there is no single-IP mode"),
	FLAG("lock", NULL, NULL, "no mainline equivalent"),
	FLAG("info_lock", "lock", NULL, NULL),
	FLAG("private", NULL, NULL, "no mainline equivalent"),
	FLAG("info_private", "private", NULL, NULL),
	FLAG("state_setup", NULL, NULL, "an internal util-vserver state bit"),
	FLAG("state_admin", NULL, NULL, "an internal util-vserver state bit"),
	FLAG("sc_helper", NULL, NULL, "no mainline equivalent"),
	FLAG("persistent", NULL, NULL, "a network namespace lives with its guest"),
	FLAG(NULL, NULL, NULL, NULL),
};

static const struct flag_def *flag_table(enum flag_kind kind)
{
	return kind == FLAGS_CFLAGS ? cflag_defs : kind == FLAGS_CCAPS ? ccap_defs : nflag_defs;
}

static const char *flag_file(enum flag_kind kind)
{
	return kind == FLAGS_CFLAGS ? "context flag" :
	       kind == FLAGS_CCAPS ? "context capability" : "network flag";
}

int config_flag_normalise(enum flag_kind kind, const char *path, int line, const char *s,
			  char *out, size_t len, struct vsm_error *err)
{
	bool remove;
	const char *name = strip_removal(s, &remove);
	const struct flag_def *t = flag_table(kind);
	for (const struct flag_def *d = t; d->name; d++) {
		if (strcasecmp(name, d->name) != 0)
			continue;
		const struct flag_def *c = d;
		if (d->alias_of)
			for (c = t; c->name && strcmp(c->name, d->alias_of); c++)
				;
		if (!c->maps_to)
			return config_error(err, path, line,
					    "%s '%s' cannot be mapped onto mainline Linux: %s",
					    flag_file(kind), d->name, c->hint);
		if (remove && c->fixed)
			return config_error(err, path, line, "%s '%s' cannot be removed: %s",
					    flag_file(kind), d->name, c->fixed);
		snprintf(out, len, "%s%s", remove ? "!" : "", c->name);
		return 0;
	}
	char known[200] = "";
	size_t used = 0;
	for (const struct flag_def *d = t; d->name && used < sizeof(known) - 20; d++)
		if (d->maps_to)
			used += (size_t)snprintf(known + used, sizeof(known) - used, "%s%s",
						 used ? ", " : "", d->name);
	return config_error(err, path, line, "unknown %s '%.30s' (expected one of %s)",
			    flag_file(kind), s, known);
}

static const struct { const char *name; long value; } personality_domains[] = {
	{ "LINUX", PER_LINUX }, { "LINUX_32BIT", PER_LINUX_32BIT }, { "LINUX32", PER_LINUX32 },
	{ "LINUX32_3GB", PER_LINUX32_3GB }, { "SVR4", PER_SVR4 }, { "SVR3", PER_SVR3 },
	{ "SCOSVR3", PER_SCOSVR3 }, { "OSR5", PER_OSR5 }, { "WYSEV386", PER_WYSEV386 },
	{ "ISCR4", PER_ISCR4 }, { "BSD", PER_BSD }, { "SUNOS", PER_SUNOS },
	{ "XENIX", PER_XENIX }, { "IRIX32", PER_IRIX32 }, { "IRIXN32", PER_IRIXN32 },
	{ "IRIX64", PER_IRIX64 }, { "RISCOS", PER_RISCOS }, { "SOLARIS", PER_SOLARIS },
	{ "UW7", PER_UW7 }, { "OSF4", PER_OSF4 }, { "HPUX", PER_HPUX },
};

static const struct { const char *name; long value; } personality_flags[] = {
	{ "MMAP_PAGE_ZERO", MMAP_PAGE_ZERO }, { "ADDR_LIMIT_32BIT", ADDR_LIMIT_32BIT },
	{ "ADDR_LIMIT_3GB", ADDR_LIMIT_3GB }, { "SHORT_INODE", SHORT_INODE },
	{ "WHOLE_SECONDS", WHOLE_SECONDS }, { "STICKY_TIMEOUTS", STICKY_TIMEOUTS },
	{ "UNAME26", UNAME26 }, { "ADDR_COMPAT_LAYOUT", ADDR_COMPAT_LAYOUT },
	{ "READ_IMPLIES_EXEC", READ_IMPLIES_EXEC }, { "ADDR_NO_RANDOMIZE", ADDR_NO_RANDOMIZE },
	{ "FDPIC_FUNCPTRS", FDPIC_FUNCPTRS },
};

long config_personality_domain(const char *s)
{
	for (size_t i = 0; i < sizeof(personality_domains) / sizeof(personality_domains[0]); i++)
		if (!strcasecmp(s, personality_domains[i].name))
			return personality_domains[i].value;
	return -1;
}

long config_personality_flag(const char *s)
{
	for (size_t i = 0; i < sizeof(personality_flags) / sizeof(personality_flags[0]); i++)
		if (!strcasecmp(s, personality_flags[i].name))
			return personality_flags[i].value;
	return -1;
}

bool config_flag_info(enum flag_kind kind, size_t i, const char **name, const char **maps_to,
		      const char **hint, const char **fixed)
{
	const struct flag_def *t = flag_table(kind);
	for (const struct flag_def *d = t; d->name; d++) {
		if (d->alias_of)
			continue;
		if (i-- == 0) {
			*name = d->name;
			*maps_to = d->maps_to;
			*hint = d->hint;
			*fixed = d->fixed;
			return true;
		}
	}
	return false;
}
