/* Guest limits into cgroup files: the v1/v2 choice per controller, value conversions, raw knobs. */
#include "backend/cgroup_limits.h"

#include <ctype.h>
#include <dirent.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void guest_limits_init(struct guest_limits *l)
{
	memset(l, 0, sizeof(*l));
	l->mem_max = l->mem_high = l->swap_max = CGL_UNSET;
	l->cpu_quota_us = l->cpu_period_us = l->cpu_weight = CGL_UNSET;
	l->pids_max = l->io_weight = CGL_UNSET;
}

int guest_limits_parse(const char *s, uint64_t *v)
{
	if (!strcmp(s, "max") || !strcmp(s, "-1") || !strcmp(s, "unlimited") || !strcmp(s, "inf")) {
		*v = CGL_MAX;
		return 0;
	}
	if (!isdigit((unsigned char)s[0]))
		return -EINVAL;
	char *end;
	errno = 0;
	unsigned long long n = strtoull(s, &end, 10);
	if (errno)
		return -ERANGE;
	unsigned shift = 0;
	switch (toupper((unsigned char)*end)) {
	case 'K': shift = 10; break;
	case 'M': shift = 20; break;
	case 'G': shift = 30; break;
	case 'T': shift = 40; break;
	case '\0': break;
	default: return -EINVAL;
	}
	if (shift && end[1] != '\0' && !(toupper((unsigned char)end[1]) == 'B' && end[2] == '\0'))
		return -EINVAL;
	if (shift && n > (CGL_MAX - 1) >> shift)
		return -ERANGE;
	*v = (uint64_t)n << shift;
	return *v >= CGL_MAX ? -ERANGE : 0;
}

int guest_limits_add_raw(struct guest_limits *l, const char *knob, const char *value,
			 struct vsm_error *err)
{
	const char *dot = strchr(knob, '.');
	if (!dot || dot == knob || !dot[1] || strchr(knob, '/') || strstr(knob, ".."))
		return vsm_error_set(err, EINVAL, "cgroup knob \"%s\": expected <controller>.<file>", knob);
	if (l->n_raw == CGL_MAX_RAW)
		return vsm_error_set(err, E2BIG, "cgroup knob %s: more than %d raw knobs", knob, CGL_MAX_RAW);
	struct guest_limit_raw *r = &l->raw[l->n_raw];
	if (snprintf(r->knob, sizeof(r->knob), "%s", knob) >= (int)sizeof(r->knob) ||
	    snprintf(r->value, sizeof(r->value), "%s", value) >= (int)sizeof(r->value))
		return vsm_error_set(err, ENAMETOOLONG, "cgroup knob %s: name or value too long", knob);
	l->n_raw++;
	return 0;
}


int guest_limits_load_dir(struct guest_limits *l, const char *dir, struct vsm_error *err)
{
	struct dirent **ents;
	int n = scandir(dir, &ents, NULL, alphasort);
	if (n < 0)
		return errno == ENOENT ? 0 : vsm_error_sys(err, errno, "%s: scandir", dir);
	int r = 0;
	for (int i = 0; i < n; i++) {
		const char *name = ents[i]->d_name;
		char path[4096], line[256];
		if (r == 0 && name[0] != '.' && strchr(name, '.') && ents[i]->d_type != DT_DIR) {
			snprintf(path, sizeof(path), "%s/%s", dir, name);
			FILE *f = fopen(path, "re");
			if (!f) {
				r = vsm_error_sys(err, errno, "%s: open", path);
			} else {
				if (!fgets(line, sizeof(line), f))
					line[0] = '\0';
				fclose(f);
				line[strcspn(line, "\n")] = '\0';
				r = guest_limits_add_raw(l, name, line, err);
			}
		}
		free(ents[i]);
	}
	free(ents);
	return r;
}

static uint64_t clamp(uint64_t v, uint64_t lo, uint64_t hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

uint64_t guest_limits_weight_to_shares(uint64_t weight)
{
	return clamp(clamp(weight, 1, 10000) * 1024 / 100, 2, 262144);
}

uint64_t guest_limits_shares_to_weight(uint64_t shares)
{
	return clamp(clamp(shares, 2, 262144) * 100 / 1024, 1, 10000);
}

static uint64_t weight_to_blkio(uint64_t weight)
{
	return clamp(clamp(weight, 1, 10000) * 5, 10, 1000);
}

/* A figure as v1 or v2 writes it: "no limit" is "-1" in v1 files, "max" in v2 ones. */
static const char *fmt(char *buf, size_t len, uint64_t v, int ver)
{
	if (v == CGL_MAX)
		snprintf(buf, len, "%s", ver == 2 ? "max" : "-1");
	else
		snprintf(buf, len, "%" PRIu64, v);
	return buf;
}

static int put(const struct cg_layout *lay, const char *rel, const char *what, const char *knob,
	       const char *value, struct vsm_error *err)
{
	int r = cg_set(lay, rel, knob, value, err);
	if (r < 0)
		vsm_error_prefix(err, "cgroup %s: %s %s=%s", rel, what, knob, value);
	return r;
}

static int need(const struct cg_layout *lay, const char *rel, const char *ctrl, const char *alt,
		const char *what, uint64_t v, struct vsm_error *err)
{
	int ver = cg_controller_version(lay, ctrl);
	if (ver == 0 && alt)
		ver = cg_controller_version(lay, alt);
	if (ver == 0) {
		char b[32];
		return vsm_error_set(err, ENOENT, "cgroup %s: %s %s is configured but no cgroup "
				     "hierarchy has the %s controller", rel, what, fmt(b, sizeof(b), v, 2),
				     ctrl);
	}
	return ver;
}

static int apply_memory(const struct cg_layout *lay, const char *rel, const struct guest_limits *l,
			struct vsm_error *err)
{
	char b1[32], b2[32];
	uint64_t any = l->mem_max != CGL_UNSET ? l->mem_max
		       : l->mem_high != CGL_UNSET ? l->mem_high : l->swap_max;
	if (any == CGL_UNSET)
		return 0;
	int ver = need(lay, rel, "memory", NULL, "memory limit", any, err), r = 0;
	if (ver < 0)
		return ver;
	if (ver == 2) {
		if (l->mem_max != CGL_UNSET)
			r = put(lay, rel, "memory max", "memory.max", fmt(b1, 32, l->mem_max, 2), err);
		if (r == 0 && l->mem_high != CGL_UNSET)
			r = put(lay, rel, "memory high", "memory.high", fmt(b1, 32, l->mem_high, 2), err);
		if (r == 0 && l->swap_max != CGL_UNSET)
			r = put(lay, rel, "swap max", "memory.swap.max", fmt(b1, 32, l->swap_max, 2), err);
		return r;
	}
	/* v1 limits RAM+swap together: memsw must stay >= limit, so order the writes to suit. */
	const char *memsw = NULL;
	if (l->swap_max != CGL_UNSET) {
		if (l->mem_max == CGL_UNSET)
			return vsm_error_set(err, EINVAL, "cgroup %s: a swap limit needs a memory limit on "
					     "cgroup v1 (memsw = memory + swap)", rel);
		uint64_t sum = l->mem_max == CGL_MAX || l->swap_max == CGL_MAX ? CGL_MAX
			       : l->mem_max + l->swap_max;
		memsw = fmt(b2, 32, sum, 1);
	}
	if (l->mem_max != CGL_UNSET) {
		const char *v = fmt(b1, 32, l->mem_max, 1);
		r = cg_set(lay, rel, "memory.limit_in_bytes", v, err);
		if (r == -EINVAL && memsw) {
			r = put(lay, rel, "swap max", "memory.memsw.limit_in_bytes", memsw, err);
			memsw = NULL;
			if (r == 0)
				r = cg_set(lay, rel, "memory.limit_in_bytes", v, err);
		}
		if (r < 0)
			vsm_error_prefix(err, "cgroup %s: memory max memory.limit_in_bytes=%s", rel, v);
	}
	if (r == 0 && memsw)
		r = put(lay, rel, "swap max", "memory.memsw.limit_in_bytes", memsw, err);
	if (r == 0 && l->mem_high != CGL_UNSET)
		r = put(lay, rel, "memory high", "memory.soft_limit_in_bytes",
			fmt(b1, 32, l->mem_high, 1), err);
	return r;
}

static int apply_cpu(const struct cg_layout *lay, const char *rel, const struct guest_limits *l,
		     struct vsm_error *err)
{
	char b1[32], b2[64];
	uint64_t any = l->cpu_quota_us != CGL_UNSET ? l->cpu_quota_us
		       : l->cpu_period_us != CGL_UNSET ? l->cpu_period_us : l->cpu_weight;
	if (any == CGL_UNSET)
		return 0;
	int ver = need(lay, rel, "cpu", NULL, "cpu limit", any, err), r = 0;
	if (ver < 0)
		return ver;
	uint64_t period = l->cpu_period_us == CGL_UNSET ? 100000 : l->cpu_period_us;
	uint64_t quota = l->cpu_quota_us == CGL_UNSET ? CGL_MAX : l->cpu_quota_us;
	bool cap = l->cpu_quota_us != CGL_UNSET || l->cpu_period_us != CGL_UNSET;
	if (cap && ver == 2) {
		snprintf(b2, sizeof(b2), "%s %" PRIu64, fmt(b1, 32, quota, 2), period);
		r = put(lay, rel, "cpu quota", "cpu.max", b2, err);
	} else if (cap) {
		/* A new period can be refused while the old quota/period ratio is too large (crun's
		 * note): then write the quota first. */
		snprintf(b2, sizeof(b2), "%" PRIu64, period);
		fmt(b1, 32, quota, 1);
		if (cg_set(lay, rel, "cpu.cfs_period_us", b2, NULL) == 0)
			r = put(lay, rel, "cpu quota", "cpu.cfs_quota_us", b1, err);
		else if ((r = put(lay, rel, "cpu quota", "cpu.cfs_quota_us", b1, err)) == 0)
			r = put(lay, rel, "cpu period", "cpu.cfs_period_us", b2, err);
	}
	if (r == 0 && l->cpu_weight != CGL_UNSET) {
		if (ver == 2)
			r = put(lay, rel, "cpu weight", "cpu.weight",
				fmt(b1, 32, clamp(l->cpu_weight, 1, 10000), 2), err);
		else
			r = put(lay, rel, "cpu weight", "cpu.shares",
				fmt(b1, 32, guest_limits_weight_to_shares(l->cpu_weight), 1), err);
	}
	return r;
}

/* Write VALUE to the first of KNOBS the cgroup has. */
static int put_first(const struct cg_layout *lay, const char *rel, const char *what,
		     const char *const knobs[2], const char *value, struct vsm_error *err)
{
	int r = cg_set(lay, rel, knobs[0], value, err);
	if (r == -ENOENT)
		r = cg_set(lay, rel, knobs[1], value, err);
	if (r == -ENOENT)
		return vsm_error_set(err, ENOENT, "cgroup %s: %s %s: neither %s nor %s exists (no "
				     "proportional I/O scheduler?)", rel, what, value, knobs[0], knobs[1]);
	if (r < 0)
		vsm_error_prefix(err, "cgroup %s: %s=%s", rel, what, value);
	return r;
}

static int apply_io(const struct cg_layout *lay, const char *rel, const struct guest_limits *l,
		    struct vsm_error *err)
{
	if (l->io_weight == CGL_UNSET && l->n_io_max == 0)
		return 0;
	int ver = need(lay, rel, "io", "blkio", "io limit",
		       l->io_weight != CGL_UNSET ? l->io_weight : 0, err), r = 0;
	if (ver < 0)
		return ver;
	char b[64];
	if (l->io_weight != CGL_UNSET) {
		static const char *const v2k[2] = { "io.weight", "io.bfq.weight" };
		static const char *const v1k[2] = { "blkio.weight", "blkio.bfq.weight" };
		if (ver == 2)
			snprintf(b, sizeof(b), "default %" PRIu64, clamp(l->io_weight, 1, 10000));
		else
			snprintf(b, sizeof(b), "%" PRIu64, weight_to_blkio(l->io_weight));
		r = put_first(lay, rel, "io weight", ver == 2 ? v2k : v1k, b, err);
	}
	for (int i = 0; r == 0 && i < l->n_io_max; i++) {
		const struct guest_io_max *d = &l->io_max[i];
		const uint64_t vals[4] = { d->rbps, d->wbps, d->riops, d->wiops };
		static const char *const v2n[4] = { "rbps", "wbps", "riops", "wiops" };
		static const char *const v1n[4] = {
			"blkio.throttle.read_bps_device", "blkio.throttle.write_bps_device",
			"blkio.throttle.read_iops_device", "blkio.throttle.write_iops_device" };
		char line[256], num[32];
		int o = snprintf(line, sizeof(line), "%u:%u", d->major, d->minor);
		for (int k = 0; k < 4; k++) {
			if (vals[k] == CGL_UNSET)
				continue;
			if (ver == 2) {
				o += snprintf(line + o, sizeof(line) - (size_t)o, " %s=%s", v2n[k],
					      fmt(num, 32, vals[k], 2));
				continue;
			}
			/* v1: one file per figure, "0" removes a limit. */
			snprintf(b, sizeof(b), "%u:%u %" PRIu64, d->major, d->minor,
				 vals[k] == CGL_MAX ? 0 : vals[k]);
			r = put(lay, rel, "io max", v1n[k], b, err);
			if (r < 0)
				return r;
		}
		if (ver == 2 && strchr(line, '='))
			r = put(lay, rel, "io max", "io.max", line, err);
	}
	return r;
}

/* Well-known knobs that have a counterpart in the other version (configs written for v1 hosts
 * keep working on v2 hosts and the other way round). */
enum conv { CONV_BYTES, CONV_WEIGHT_CPU, CONV_WEIGHT_IO };
static const struct { const char *v1, *v2; enum conv conv; } knob_map[] = {
	{ "memory.limit_in_bytes", "memory.max", CONV_BYTES },
	{ "memory.soft_limit_in_bytes", "memory.high", CONV_BYTES },
	{ "cpu.shares", "cpu.weight", CONV_WEIGHT_CPU },
	{ "blkio.weight", "io.weight", CONV_WEIGHT_IO },
};

static int apply_raw(const struct cg_layout *lay, const char *rel, const struct guest_limit_raw *k,
		     struct vsm_error *err)
{
	char ctrl[64];
	snprintf(ctrl, sizeof(ctrl), "%.*s", (int)strcspn(k->knob, "."), k->knob);
	int ver = cg_controller_version(lay, ctrl);
	if (ver == 0 && !strcmp(ctrl, "blkio"))
		ver = cg_controller_version(lay, "io") ? 2 : 0;
	if (ver == 0 && !strcmp(ctrl, "io"))
		ver = cg_controller_version(lay, "blkio") ? 1 : 0;
	for (size_t i = 0; ver && i < sizeof(knob_map) / sizeof(knob_map[0]); i++) {
		bool from_v1 = !strcmp(k->knob, knob_map[i].v1), from_v2 = !strcmp(k->knob, knob_map[i].v2);
		if (!(from_v1 && ver == 2) && !(from_v2 && ver == 1))
			continue;
		const char *to = ver == 2 ? knob_map[i].v2 : knob_map[i].v1;
		char val[64];
		uint64_t v;
		const char *in = k->value;
		if (knob_map[i].conv == CONV_WEIGHT_IO && !strncmp(in, "default ", 8))
			in += 8;
		if (guest_limits_parse(in, &v) < 0)
			return vsm_error_set(err, EINVAL, "cgroup %s: %s=%s: not a number, cannot convert "
					     "it to %s", rel, k->knob, k->value, to);
		if (knob_map[i].conv == CONV_WEIGHT_CPU && v != CGL_MAX)
			v = ver == 2 ? guest_limits_shares_to_weight(v) : guest_limits_weight_to_shares(v);
		if (knob_map[i].conv == CONV_WEIGHT_IO && v != CGL_MAX)
			v = ver == 2 ? clamp(v / 5, 1, 10000) : weight_to_blkio(v);
		if (knob_map[i].conv == CONV_WEIGHT_IO && ver == 2)
			snprintf(val, sizeof(val), "default %" PRIu64, v);
		else
			fmt(val, sizeof(val), v, ver);
		return put(lay, rel, k->knob, to, val, err);
	}
	return put(lay, rel, "knob", k->knob, k->value, err);
}

int guest_limits_apply(const struct cg_layout *lay, const char *rel, const struct guest_limits *l,
		       struct vsm_error *err)
{
	int r = apply_memory(lay, rel, l, err);
	if (r == 0)
		r = apply_cpu(lay, rel, l, err);
	if (r == 0 && l->pids_max != CGL_UNSET) {
		char b[32];
		r = need(lay, rel, "pids", NULL, "process limit", l->pids_max, err);
		if (r > 0)
			r = put(lay, rel, "process limit", "pids.max", fmt(b, 32, l->pids_max, 2), err);
	}
	if (r == 0)
		r = apply_io(lay, rel, l, err);
	for (int i = 0; r == 0 && i < l->n_raw; i++)
		r = apply_raw(lay, rel, &l->raw[i], err);
	return r;
}

int guest_cgroup_create(const struct vsm_paths *p, const struct cg_layout *lay, const char *name,
			char *rel, size_t len, struct vsm_error *err)
{
	if (vsm_path_guest_cgroup(p, name, rel, len) < 0)
		return vsm_error_set(err, ENAMETOOLONG, "guest %s: cgroup path too long", name);
	int r = cg_create(lay, rel, err);
	if (r < 0)
		vsm_error_prefix(err, "guest %s: create cgroup %s", name, rel);
	return r;
}
