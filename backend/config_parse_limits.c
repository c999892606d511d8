/* Parsing the limit-like keys: rlimits/, ulimits/, cgroup/, spaces/ and spaces/user.range. */
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
		     (islower((unsigned char)*p) || isdigit((unsigned char)*p) || strchr("_.", *p));
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
