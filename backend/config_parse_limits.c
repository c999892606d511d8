/* Parsing rlimits/, ulimits/, cgroup/, spaces/ and spaces/user.range; and the reasons unknown or
 * unsupported util-vserver files are not honoured. */
#include "backend/config_parse.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

static const char *const limit_variants[LIMIT_NVARIANTS] = { "", "soft", "hard", "min" };

static struct guest_limit *limit_get(struct guest_limit **arr, size_t *n, int res)
{
	for (size_t i = 0; i < *n; i++)
		if ((*arr)[i].resource == res)
			return &(*arr)[i];
	struct guest_limit *nv = realloc(*arr, (*n + 1) * sizeof(*nv));
	if (!nv)
		return NULL;
	*arr = nv;
	memset(&nv[*n], 0, sizeof(nv[*n]));
	nv[*n].resource = res;
	return &nv[(*n)++];
}

/* Whole-guest limits map to the cgroup; a per-process limit belongs in ulimits/. */
static bool rlimit_is_mappable(int res)
{
	return res == RLIMIT_NPROC || res == RLIMIT_RSS || res == RLIMIT_AS;
}

static int parse_limit(struct guest_config *cfg, bool rl, const char *rel, const char *path,
		       const char *text, size_t len, struct vsm_error *err)
{
	char base[32];
	const char *file = strchr(rel, '/') + 1;
	const char *dot = strchr(file, '.');
	size_t n = dot ? (size_t)(dot - file) : strlen(file);
	int variant = LIMIT_BOTH;
	if (n >= sizeof(base))
		return config_error(err, path, 0, "unknown resource");
	memcpy(base, file, n);
	base[n] = '\0';
	if (dot) {
		for (variant = LIMIT_SOFT; variant < LIMIT_NVARIANTS; variant++)
			if (!strcmp(dot + 1, limit_variants[variant]))
				break;
		if (variant == LIMIT_NVARIANTS || (!rl && variant == LIMIT_MIN))
			return config_error(err, path, 0, "expected a file named <resource>%s",
					    rl ? "[.soft|.hard|.min]" : "[.soft|.hard]");
	}
	int res = config_rlimit_from_name(base);
	if (res < 0)
		return config_error(err, path, 0,
				    "unknown resource '%s' (expected as, core, cpu, data, fsize, locks, "
				    "memlock, msgqueue, nice, nofile, nproc, rss, rtprio, rttime, "
				    "sigpending, stack)", base);
	if (rl && !rlimit_is_mappable(res))
		return config_error(err, path, 0,
				    "rlimits/%s cannot be a whole-guest limit on mainline Linux (only "
				    "nproc, rss and as can); use ulimits/%s for a per-process limit",
				    base, base);
	if (rl && variant == LIMIT_MIN && res == RLIMIT_NPROC)
		return config_error(err, path, 0, "a minimum exists only for rss and as");
	char v[64];
	uint64_t val;
	int r = config_first_line(path, text, len, v, sizeof(v), err);
	if (r == 0)
		r = config_parse_u64_inf(path, 1, v, &val, err);
	if (r < 0)
		return r;
	struct guest_limit *l = rl ? limit_get(&cfg->rlimits, &cfg->n_rlimits, res)
				   : limit_get(&cfg->ulimits, &cfg->n_ulimits, res);
	if (!l)
		return vsm_error_set(err, ENOMEM, "%s: out of memory", path);
	l->set[variant] = true;
	l->val[variant] = val;
	return 0;
}

static const char *const knob_controllers[] = {
	"blkio", "cpu", "cpuacct", "cpuset", "devices", "freezer", "hugetlb", "io", "memory",
	"misc", "net_cls", "net_prio", "perf_event", "pids", "rdma", NULL,
};

static int parse_knob(struct guest_config *cfg, const char *rel, const char *path,
		      const char *text, size_t len, struct vsm_error *err)
{
	const char *name = rel + strlen("cgroup/");
	const char *dot = strchr(name, '.');
	bool ok = dot && dot[1] && strlen(name) < sizeof(cfg->knobs[0].name);
	for (const char *p = name; ok && *p; p++)
		ok = isascii((unsigned char)*p) &&
		     (islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '_' || *p == '.');
	bool known = false;
	for (int i = 0; ok && knob_controllers[i]; i++)
		known |= strlen(knob_controllers[i]) == (size_t)(dot - name) &&
			 !strncmp(name, knob_controllers[i], (size_t)(dot - name));
	if (!ok || !known)
		return config_error(err, path, 0,
				    "expected a knob file <controller>.<knob> with controller one of "
				    "blkio, cpu, cpuacct, cpuset, devices, freezer, hugetlb, io, memory, "
				    "misc, net_cls, net_prio, perf_event, pids, rdma");
	char v[256];
	int r = config_first_line(path, text, len, v, sizeof(v), err);
	if (r < 0)
		return r;
	if (!*v)
		return config_error(err, path, 1, "expected a value to write into %s", name);
	for (const char *p = v; *p; p++)
		if ((unsigned char)*p < 0x20)
			return config_error(err, path, 1, "expected printable text");
	struct guest_knob *k = NULL;
	for (size_t i = 0; i < cfg->n_knobs; i++)
		if (!strcmp(cfg->knobs[i].name, name))
			k = &cfg->knobs[i];
	if (!k) {
		struct guest_knob *nv = realloc(cfg->knobs, (cfg->n_knobs + 1) * sizeof(*nv));
		if (!nv)
			return vsm_error_set(err, ENOMEM, "%s: out of memory", path);
		cfg->knobs = nv;
		k = &nv[cfg->n_knobs++];
		snprintf(k->name, sizeof(k->name), "%s", name);
	}
	snprintf(k->value, sizeof(k->value), "%s", v);
	return 0;
}

static int parse_cglimit(struct guest_config *cfg, const struct attr *a, const char *path,
			 const char *text, size_t len, struct vsm_error *err)
{
	struct guest_cglimits *c = &cfg->cg;
	static const struct { const char *name; size_t val, has; bool allow_max; } map[] = {
#define M(f, mx) { "cgroup." #f, offsetof(struct guest_cglimits, f), \
		   offsetof(struct guest_cglimits, has_##f), mx }
		M(memory_max, true), M(memory_high, true), M(memory_swap_max, true),
		M(cpu_quota, true), M(cpu_period, false), M(cpu_weight, false), M(pids_max, true),
#undef M
	};
	char v[64];
	uint64_t val;
	int r = config_first_line(path, text, len, v, sizeof(v), err);
	if (r < 0)
		return r;
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		if (strcmp(map[i].name, a->name))
			continue;
		if (a->type == ATTR_SIZE) {
			r = config_parse_size(path, 1, v, &val, err);
		} else {
			r = config_parse_u64_inf(path, 1, v, &val, err);
			if (r == 0 && (val == CONFIG_UNLIMITED ? !map[i].allow_max
			    : (val < (uint64_t)a->min || val > (uint64_t)a->max)))
				r = config_error(err, path, 1, "expected %lld..%lld%s%s%s, got '%s'",
						 a->min, a->max, *a->unit ? " " : "", a->unit,
						 map[i].allow_max ? " or max" : "", v);
		}
		if (r < 0)
			return r;
		*(uint64_t *)((char *)c + map[i].val) = val;
		*(bool *)((char *)c + map[i].has) = true;
		return 0;
	}
	return config_error(err, path, 0, "internal: no cgroup limit %s", a->name);
}

static const char *const space_names[SPACE_NKINDS] = {
	"pid", "net", "user", "time", "uts", "ipc", "mnt", "cgroup",
};

static int parse_space(struct guest_config *cfg, const char *rel, const char *path,
		       const char *text, size_t len, struct vsm_error *err)
{
	const char *kind = rel + strlen("spaces/");
	int k = 0;
	while (k < SPACE_NKINDS && strcmp(space_names[k], kind))
		k++;
	if (k == SPACE_NKINDS)
		return config_error(err, path, 0,
				    "unknown namespace '%s' (expected pid, net, user, time, uts, ipc, "
				    "mnt or cgroup)", kind);
	char v[64];
	int r = config_first_line(path, text, len, v, sizeof(v), err);
	if (r < 0)
		return r;
	struct guest_space *s = &cfg->spaces[k];
	memset(s, 0, sizeof(*s));
	if (!*v) {
		s->mode = SPACE_NEW;
	} else if (!strcmp(v, "0")) {
		/* Sharing the host's pid, mount, uts, ipc or cgroup namespace would give the
		 * guest the host: only net, user and time can be the host's. */
		if (k != SPACE_NET && k != SPACE_USER && k != SPACE_TIME)
			return config_error(err, path, 1,
					    "the host's %s namespace cannot be shared with a guest "
					    "(0 is allowed for net, user and time)", kind);
		s->mode = SPACE_HOST;
	} else {
		struct vsm_error e2 = {0};
		if (guest_name_check(v, &e2) < 0)
			return config_error(err, path, 1,
					    "expected empty (new namespace), 0 (the host's) or a guest "
					    "name: %s", e2.msg);
		s->mode = SPACE_SHARE;
		snprintf(s->share, sizeof(s->share), "%s", v);
	}
	return 0;
}

static int parse_range(struct guest_config *cfg, const char *path, const char *text, size_t len,
		       struct vsm_error *err)
{
	char v[64];
	unsigned long long base, count;
	char tail;
	int r = config_first_line(path, text, len, v, sizeof(v), err);
	if (r < 0)
		return r;
	/* Host ids below 65536 are the host's own users: never map them into a guest. */
	if (sscanf(v, "%llu %llu %c", &base, &count, &tail) != 2 || !isdigit((unsigned char)v[0]) ||
	    base < 65536 || count < 1 || base + count > 4294967295ULL)
		return config_error(err, path, 1,
				    "expected 'BASE COUNT' with BASE >= 65536, COUNT >= 1 and "
				    "BASE+COUNT < 2^32, got '%.40s'", v);
	cfg->userns_base = base;
	cfg->userns_count = count;
	return 0;
}

int config_parse_limit_file(struct guest_config *cfg, const struct attr *a, const char *rel,
			    const char *path, const char *text, size_t len, struct vsm_error *err)
{
	switch (a->type) {
	case ATTR_LIMIT:
		return parse_limit(cfg, rel[0] == 'r', rel, path, text, len, err);
	case ATTR_KNOB:
		return parse_knob(cfg, rel, path, text, len, err);
	case ATTR_SIZE:
	case ATTR_U64:
		return parse_cglimit(cfg, a, path, text, len, err);
	case ATTR_SPACE:
		return parse_space(cfg, rel, path, text, len, err);
	case ATTR_RANGE:
		return parse_range(cfg, path, text, len, err);
	default:
		return config_error(err, path, 0, "internal: type %d", a->type);
	}
}

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
	{ "dlimits", "disk limits need project quotas (quota format v2), not supported" },
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
	{ "interfaces/bcast", "set bcast per interface" },
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
