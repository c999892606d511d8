/* vlimit on vsm guests: cgroup knobs for the whole-guest limits, prlimit(2) for the rest. */
#include "backend/chain_limit.h"
#include "backend/chain.h"
#include "backend/paths.h"
#include "kernel/cgroup.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <unistd.h>

const struct vlimit_res vlimit_resources[] = {
	{ "cpu", RLIMIT_CPU, VLIMIT_PROCESS, RLIMIT_CPU, NULL },
	{ "fsize", RLIMIT_FSIZE, VLIMIT_PROCESS, RLIMIT_FSIZE, NULL },
	{ "data", RLIMIT_DATA, VLIMIT_PROCESS, RLIMIT_DATA, NULL },
	{ "stack", RLIMIT_STACK, VLIMIT_PROCESS, RLIMIT_STACK, NULL },
	{ "core", RLIMIT_CORE, VLIMIT_PROCESS, RLIMIT_CORE, NULL },
	{ "rss", RLIMIT_RSS, VLIMIT_MEMORY, 0, NULL },
	{ "nproc", RLIMIT_NPROC, VLIMIT_PIDS, 0, NULL },
	{ "nofile", RLIMIT_NOFILE, VLIMIT_PROCESS, RLIMIT_NOFILE, NULL },
	{ "memlock", RLIMIT_MEMLOCK, VLIMIT_PROCESS, RLIMIT_MEMLOCK, NULL },
	{ "as", RLIMIT_AS, VLIMIT_MEMORY, 0, NULL },
	{ "locks", RLIMIT_LOCKS, VLIMIT_PROCESS, RLIMIT_LOCKS, NULL },
	{ "msgqueue", RLIMIT_MSGQUEUE, VLIMIT_PROCESS, RLIMIT_MSGQUEUE, NULL },
	{ "nsock", 16, VLIMIT_NONE, 0, "mainline counts no sockets per guest; use nofile" },
	{ "openfd", 17, VLIMIT_NONE, 0, "mainline counts no descriptors per guest; use nofile" },
	{ "anon", 18, VLIMIT_NONE, 0, "use rss (memory.max of the guest's cgroup)" },
	{ "shmem", 19, VLIMIT_NONE, 0, "shared memory is charged to memory.max; use rss" },
	{ "semary", 20, VLIMIT_NONE, 0, "the guest's IPC namespace has its own kernel.sem sysctl" },
	{ "nsems", 21, VLIMIT_NONE, 0, "the guest's IPC namespace has its own kernel.sem sysctl" },
	{ "dentry", 22, VLIMIT_NONE, 0, "mainline has no dentry limit; memory.max covers them" },
	{ NULL, -1, VLIMIT_NONE, 0, NULL },
};

const struct vlimit_res *vlimit_find(const char *s)
{
	char *end;
	long n = strtol(s, &end, 10);
	bool num = *s && !*end;
	for (const struct vlimit_res *r = vlimit_resources; r->name; r++)
		if (num ? r->number == n : !strcasecmp(r->name, s))
			return r;
	return NULL;
}

int vlimit_parse_value(const char *s, uint64_t *v)
{
	if (!strcasecmp(s, "inf")) {
		*v = VLIMIT_INF;
		return 0;
	}
	if (!isdigit((unsigned char)*s))
		return -EINVAL;
	char *end;
	errno = 0;
	unsigned long long n = strtoull(s, &end, 10);
	if (errno)
		return -ERANGE;
	uint64_t mul = 1;
	if (*end == 'K' || *end == 'M')
		mul = *end == 'K' ? 1024ULL : 1024ULL * 1024;
	else if (*end == 'k' || *end == 'm')
		mul = *end == 'k' ? 1000ULL : 1000ULL * 1000;
	if (mul != 1)
		end++;
	if (*end)
		return -EINVAL;
	if (n > (VLIMIT_UNSET - 1) / mul)
		return -ERANGE;
	*v = n * mul;
	return 0;
}

static int guest_cg(const char *name, struct cg_layout *lay, char *rel, size_t len,
		    struct vsm_error *err)
{
	int r = cg_detect(lay, NULL, NULL, err);
	if (r < 0)
		return r;
	return vsm_path_guest_cgroup(vsm_paths(), name, rel, len) < 0
		? vsm_error_set(err, ENAMETOOLONG, "cgroup path of %s", name) : 0;
}

/* Knob names for the figure P of a memory limit on the version driving "memory". */
static const char *mem_knob(const struct cg_layout *lay, int p)
{
	bool v2 = cg_controller_version(lay, "memory") == 2;
	if (p == VLIMIT_HARD)
		return v2 ? "memory.max" : "memory.limit_in_bytes";
	if (p == VLIMIT_SOFT)
		return v2 ? "memory.high" : "memory.soft_limit_in_bytes";
	return v2 ? "memory.low" : NULL;
}

/* A cgroup value: "max" and v1's page-rounded LONG_MAX are unlimited. */
static uint64_t cg_value(const char *s, uint64_t unit)
{
	if (!strcmp(s, "max"))
		return VLIMIT_INF;
	unsigned long long v = strtoull(s, NULL, 10);
	if (v >= (1ULL << 62))
		return VLIMIT_INF;
	return v / unit;
}

static uint64_t from_rlim(rlim_t v)
{
	return v == RLIM_INFINITY ? VLIMIT_INF : (uint64_t)v;
}

int vlimit_get(const char *name, const struct vlimit_res *r, struct vlimit_value *out,
	       struct vsm_error *err)
{
	for (int i = 0; i < 3; i++)
		out->v[i] = VLIMIT_UNSET;
	pid_t init;
	int pidfd;
	int rc = chain_guest_init(name, &init, &pidfd, err);
	if (rc < 0)
		return rc;
	if (r->kind == VLIMIT_PROCESS) {
		struct rlimit rl;
		if (prlimit(init, r->rlimit, NULL, &rl) < 0)
			rc = vsm_error_sys(err, errno, "prlimit on %s's init (pid %d)", name, (int)init);
		else {
			out->v[VLIMIT_SOFT] = from_rlim(rl.rlim_cur);
			out->v[VLIMIT_HARD] = from_rlim(rl.rlim_max);
		}
	} else if (r->kind != VLIMIT_NONE) {
		struct cg_layout lay;
		char rel[PATH_MAX], buf[64];
		rc = guest_cg(name, &lay, rel, sizeof(rel), err);
		if (rc == 0 && r->kind == VLIMIT_PIDS) {
			if (cg_get(&lay, rel, "pids.max", buf, sizeof(buf), NULL) == 0)
				out->v[VLIMIT_SOFT] = out->v[VLIMIT_HARD] = cg_value(buf, 1);
		} else if (rc == 0) {
			uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE);
			for (int p = 0; p < 3; p++) {
				const char *k = mem_knob(&lay, p);
				if (k && cg_get(&lay, rel, k, buf, sizeof(buf), NULL) == 0)
					out->v[p] = cg_value(buf, page);
			}
			/* A zero guarantee is no guarantee. */
			if (out->v[VLIMIT_MIN] == 0)
				out->v[VLIMIT_MIN] = VLIMIT_UNSET;
		}
	}
	close(pidfd);
	return rc;
}

static int set_process(const char *name, const struct vlimit_res *r, const struct vlimit_value *val,
		       int *nprocs, struct vsm_error *err)
{
	if (val->v[VLIMIT_MIN] != VLIMIT_UNSET)
		return vsm_error_set(err, EINVAL, "%s: a minimum exists only for rss and as", r->name);
	struct cg_layout lay;
	char rel[PATH_MAX];
	pid_t *pids = NULL;
	size_t n = 0;
	int rc = guest_cg(name, &lay, rel, sizeof(rel), err);
	if (rc == 0)
		rc = cg_pids(&lay, rel, &pids, &n, err);
	if (rc < 0)
		return rc;
	*nprocs = 0;
	for (size_t i = 0; i < n; i++) {
		struct rlimit rl;
		if (prlimit(pids[i], r->rlimit, NULL, &rl) < 0)
			continue;	/* gone meanwhile */
		if (val->v[VLIMIT_HARD] != VLIMIT_UNSET)
			rl.rlim_max = val->v[VLIMIT_HARD] == VLIMIT_INF ? RLIM_INFINITY : val->v[VLIMIT_HARD];
		if (val->v[VLIMIT_SOFT] != VLIMIT_UNSET)
			rl.rlim_cur = val->v[VLIMIT_SOFT] == VLIMIT_INF ? RLIM_INFINITY : val->v[VLIMIT_SOFT];
		/* As exec-ulimit did: a soft limit never exceeds the hard one. */
		if (rl.rlim_max != RLIM_INFINITY && (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur > rl.rlim_max))
			rl.rlim_cur = rl.rlim_max;
		if (prlimit(pids[i], r->rlimit, &rl, NULL) < 0) {
			if (errno == ESRCH)
				continue;
			rc = vsm_error_sys(err, errno, "prlimit(%s) on pid %d of %s", r->name,
					   (int)pids[i], name);
			break;
		}
		(*nprocs)++;
	}
	free(pids);
	return rc;
}

int vlimit_set(const char *name, const struct vlimit_res *r, const struct vlimit_value *val,
	       int *nprocs, struct vsm_error *err)
{
	*nprocs = 0;
	if (r->kind == VLIMIT_NONE)
		return vsm_error_set(err, EOPNOTSUPP, "%s cannot be limited on mainline Linux: %s",
				     r->name, r->why);
	pid_t init;
	int pidfd;
	int rc = chain_guest_init(name, &init, &pidfd, err);
	if (rc < 0)
		return rc;
	close(pidfd);
	if (r->kind == VLIMIT_PROCESS)
		return set_process(name, r, val, nprocs, err);
	struct cg_layout lay;
	char rel[PATH_MAX], buf[32];
	if ((rc = guest_cg(name, &lay, rel, sizeof(rel), err)) < 0)
		return rc;
	if (r->kind == VLIMIT_PIDS) {
		if (val->v[VLIMIT_MIN] != VLIMIT_UNSET)
			return vsm_error_set(err, EINVAL, "nproc: a minimum exists only for rss and as");
		/* pids.max has one figure: the hard limit, else the soft one. */
		uint64_t v = val->v[VLIMIT_HARD] != VLIMIT_UNSET ? val->v[VLIMIT_HARD] : val->v[VLIMIT_SOFT];
		if (v == VLIMIT_INF)
			snprintf(buf, sizeof(buf), "max");
		else
			snprintf(buf, sizeof(buf), "%" PRIu64, v);
		return cg_set(&lay, rel, "pids.max", buf, err);
	}
	uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE);
	for (int p = 0; p < 3; p++) {
		uint64_t v = val->v[p];
		if (v == VLIMIT_UNSET)
			continue;
		const char *k = mem_knob(&lay, p);
		if (!k)
			return vsm_error_set(err, EOPNOTSUPP, "%s.min: cgroup v1 has no memory guarantee "
					     "(memory.low is cgroup v2 only)", r->name);
		bool v2 = cg_controller_version(&lay, "memory") == 2;
		if (v == VLIMIT_INF)
			snprintf(buf, sizeof(buf), v2 ? "max" : "-1");
		else if (v > UINT64_MAX / page)
			return vsm_error_set(err, ERANGE, "%s: %" PRIu64 " pages is too large", r->name, v);
		else
			snprintf(buf, sizeof(buf), "%" PRIu64, v * page);
		if ((rc = cg_set(&lay, rel, k, buf, err)) < 0)
			return rc;
	}
	return 0;
}
