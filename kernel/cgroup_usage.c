/* Usage figures of one cgroup for vserver-stat and the console, from whichever hierarchy holds each
 * controller: memory.stat, cpuacct (v1) or cpu.stat (v2), pids.max, cgroup.procs. */
#include "kernel/cgroup_internal.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const struct cg_hierarchy *find(const struct cg_layout *lay, const char *ctrl, int want_v2)
{
	for (int i = 0; i < lay->n; i++)
		if ((want_v2 < 0 || lay->h[i].v2 == want_v2) && !cg_hierarchy_is_named(&lay->h[i]) &&
		    (!ctrl || cg_list_has(lay->h[i].controllers, ctrl)))
			return &lay->h[i];
	return NULL;
}

/* KEY's value in a "key value" per line file (memory.stat, cpu.stat, cpuacct.stat). */
static bool stat_key(const char *text, const char *key, uint64_t *v)
{
	size_t kl = strlen(key);
	for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (strncmp(p, key, kl) == 0 && p[kl] == ' ') {
			*v = strtoull(p + kl + 1, NULL, 10);
			return true;
		}
	return false;
}

static int read_file(const struct cg_hierarchy *h, const char *rel, const char *file, char *buf,
		     size_t len)
{
	char path[4096];
	if (!h || cg_join(h, rel, file, path, sizeof(path)) < 0)
		return -ENOENT;
	return cg_read_path(path, buf, len, NULL);
}

/* "max", v1's "-1" and v1's page-rounded LONG_MAX all mean no limit. */
static uint64_t parse_limit(const char *s)
{
	if (strcmp(s, "max") == 0 || s[0] == '-')
		return UINT64_MAX;
	uint64_t v = strtoull(s, NULL, 10);
	return v >= 0x7FFFFFFFFFFFF000ULL ? UINT64_MAX : v;
}

static void usage_memory(const struct cg_layout *lay, const char *rel, struct cg_usage *u)
{
	const struct cg_hierarchy *h = find(lay, "memory", -1);
	char buf[8192];
	uint64_t a, b;
	if (read_file(h, rel, "memory.stat", buf, sizeof(buf)) == 0) {
		if (!h->v2 && stat_key(buf, "total_rss", &a) && stat_key(buf, "total_mapped_file", &b))
			u->mem_bytes = a + b;
		else if (h->v2 && stat_key(buf, "anon", &a) && stat_key(buf, "file_mapped", &b))
			u->mem_bytes = a + b;
	}
	if (h && read_file(h, rel, h->v2 ? "memory.max" : "memory.limit_in_bytes", buf,
			   sizeof(buf)) == 0)
		u->mem_limit = parse_limit(buf);
}

static void usage_cpu(const struct cg_layout *lay, const char *rel, struct cg_usage *u)
{
	char buf[4096];
	uint64_t a, b;
	const struct cg_hierarchy *h = find(lay, "cpuacct", 0);
	if (h) {
		if (read_file(h, rel, "cpuacct.usage_user", buf, sizeof(buf)) == 0) {
			u->cpu_user_us = strtoull(buf, NULL, 10) / 1000;
			if (read_file(h, rel, "cpuacct.usage_sys", buf, sizeof(buf)) == 0)
				u->cpu_sys_us = strtoull(buf, NULL, 10) / 1000;
			return;
		}
		/* Older kernels: USER_HZ ticks only. */
		long hz = sysconf(_SC_CLK_TCK);
		if (hz > 0 && read_file(h, rel, "cpuacct.stat", buf, sizeof(buf)) == 0 &&
		    stat_key(buf, "user", &a) && stat_key(buf, "system", &b)) {
			u->cpu_user_us = a * (1000000ULL / (uint64_t)hz);
			u->cpu_sys_us = b * (1000000ULL / (uint64_t)hz);
			return;
		}
	}
	/* v2 keeps cpu.stat's usage figures even with no cpu controller enabled. */
	h = find(lay, NULL, 1);
	if (read_file(h, rel, "cpu.stat", buf, sizeof(buf)) == 0 && stat_key(buf, "user_usec", &a) &&
	    stat_key(buf, "system_usec", &b)) {
		u->cpu_user_us = a;
		u->cpu_sys_us = b;
	}
}

int cg_usage_read(const struct cg_layout *lay, const char *rel, struct cg_usage *u,
		  struct vsm_error *err)
{
	u->nprocs = u->mem_bytes = u->mem_limit = UINT64_MAX;
	u->cpu_user_us = u->cpu_sys_us = u->pids_limit = UINT64_MAX;
	/* Processes, not tasks: pids.current would count threads too. */
	pid_t *pids;
	size_t n;
	int r = cg_pids(lay, rel, &pids, &n, err);
	if (r < 0)
		return r;
	free(pids);
	u->nprocs = n;
	usage_memory(lay, rel, u);
	usage_cpu(lay, rel, u);
	char buf[64];
	if (read_file(find(lay, "pids", -1), rel, "pids.max", buf, sizeof(buf)) == 0)
		u->pids_limit = parse_limit(buf);
	return 0;
}
