/* The collector behind every live view: one /proc pass per refresh. What cannot change during a
 * PID's life (its guest, its in-guest pid) is read once per new PID and kept; a refresh then reads
 * only /proc/PID/stat for known PIDs (reading status too would double the cost: console.md §4.2). */
#include "backend/snapshot.h"
#include "backend/guest_of_pid.h"
#include "backend/monitor_guests.h"
#include "backend/paths.h"
#include "backend/procscan.h"
#include "kernel/cgroup.h"

/* Until the cgroup drivers are on main these resolve to NULL and the figures come from the scan.
 * TODO(monitor): drop once kernel/cgroup_*.c are merged (a weak reference does not pull an archive
 * member into the link). */
#pragma weak cg_detect
#pragma weak cg_usage_read

#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* What is kept per PID between refreshes. */
struct pid_cache {
	pid_t pid;
	uint64_t starttime;  /* ticks after boot: a reused PID has another */
	int gname;           /* index into monitor.names, -1 for the host */
	pid_t guest_pid;
	uid_t uid;
	char comm[SNAP_COMM_MAX + 1]; /* an exec changes it: then status and cmdline are read again */
	char state;          /* a process that exits leaves its cgroup: read it again on 'Z' */
	char *cmdline;       /* malloc'd; NULL until read */
	uint64_t cpu_ticks;  /* utime + stime at the last refresh */
};

/* A guest name seen in a cgroup, with what CPU% needs from the previous refresh. */
struct guest_seen {
	char name[SNAP_NAME_MAX];
	uint64_t prev_cpu_ms; /* SNAP_NONE: no previous figure */
	uint64_t prev_taken_ms;
};

/* Per-guest sums over the scan, indexed by gname + 1 (0 = host). */
struct guest_acc {
	uint64_t nprocs, nthreads, vsz, rss_pages, user_ms, sys_ms;
	uint64_t cpu_delta_ticks, oldest_start;
	pid_t init_pid;
};

struct user_name {
	uid_t uid;
	char name[SNAP_USER_MAX];
};

struct monitor {
	unsigned flags;
	struct procscan ps;
	long hz, pagesize;
	struct cg_layout lay;
	bool have_layout;
	pid_t *pids;
	size_t npids, cap_pids;
	struct pid_cache *cache, *next;
	size_t ncache, cap_cache, cap_next;
	struct guest_seen *names;
	size_t nnames, cap_names;
	struct user_name *users;
	size_t nusers, cap_users;
	struct guest_acc *acc;  /* per-guest sums of the last scan, [0] = host */
	size_t nacc;
	long *rowof;             /* guest row of each name in names, -1 when not listed */
	struct snapshot snap;
	size_t cap_procs, cap_guests;
	bool have_snap;
	uint64_t host_prev_cpu_ms;
	char buf[4096];
};

/* Grow *V (elements of SIZE) to hold at least NEED. */
static int grow(void *v, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return 0;
	size_t n = *cap ? *cap : 64;
	while (n < need)
		n *= 2;
	void *nv = realloc(*(void **)v, n * size);
	if (!nv)
		return -ENOMEM;
	*(void **)v = nv;
	*cap = n;
	return 0;
}

static uint64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static uint64_t ticks_ms(const struct monitor *m, uint64_t ticks)
{
	return ticks * 1000 / (uint64_t)m->hz;
}

int monitor_open(struct monitor **mon, unsigned flags, struct vsm_error *err)
{
	struct monitor *m = calloc(1, sizeof(*m));
	if (!m)
		return vsm_error_sys(err, ENOMEM, "monitor");
	m->flags = flags;
	m->hz = sysconf(_SC_CLK_TCK);
	m->pagesize = sysconf(_SC_PAGESIZE);
	if (m->hz <= 0)
		m->hz = 100;
	int rc = procscan_open(&m->ps, NULL, err);
	if (rc < 0) {
		free(m);
		return rc;
	}
	/* Without a usable cgroup layout the guest figures come from the process scan alone. */
	m->have_layout = cg_detect && cg_detect(&m->lay, NULL, NULL, NULL) == 0;
	m->host_prev_cpu_ms = SNAP_NONE;
	*mon = m;
	return 0;
}

void monitor_close(struct monitor *m)
{
	if (!m)
		return;
	procscan_close(&m->ps);
	for (size_t i = 0; i < m->ncache; i++)
		free(m->cache[i].cmdline);
	free(m->cache);
	free(m->next);
	free(m->pids);
	free(m->names);
	free(m->users);
	free(m->acc);
	free(m->rowof);
	free(m->snap.procs);
	free(m->snap.guests);
	free(m);
}

const struct snapshot *monitor_snapshot(const struct monitor *m)
{
	return m->have_snap ? &m->snap : NULL;
}

static int cmp_pid(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;
	return (x > y) - (x < y);
}

/* All pids, ascending (/proc lists them so; a fixture tree may not). */
static int collect_pids(struct monitor *m)
{
	procscan_rewind(&m->ps);
	m->npids = 0;
	bool sorted = true;
	pid_t pid;
	while (procscan_next_pid(&m->ps, &pid) == 1) {
		if (grow(&m->pids, &m->cap_pids, m->npids + 1, sizeof(pid_t)) < 0)
			return -ENOMEM;
		if (m->npids && pid < m->pids[m->npids - 1])
			sorted = false;
		m->pids[m->npids++] = pid;
	}
	if (!sorted)
		qsort(m->pids, m->npids, sizeof(pid_t), cmp_pid);
	return 0;
}

static int name_intern(struct monitor *m, const char *name)
{
	for (size_t i = 0; i < m->nnames; i++)
		if (!strcmp(m->names[i].name, name))
			return (int)i;
	if (grow(&m->names, &m->cap_names, m->nnames + 1, sizeof(*m->names)) < 0)
		return -1;
	struct guest_seen *g = &m->names[m->nnames];
	snprintf(g->name, sizeof(g->name), "%s", name);
	g->prev_cpu_ms = SNAP_NONE;
	g->prev_taken_ms = 0;
	return (int)m->nnames++;
}

static const char *user_name(struct monitor *m, uid_t uid)
{
	for (size_t i = 0; i < m->nusers; i++)
		if (m->users[i].uid == uid)
			return m->users[i].name;
	if (grow(&m->users, &m->cap_users, m->nusers + 1, sizeof(*m->users)) < 0)
		return "?";
	struct user_name *u = &m->users[m->nusers++];
	struct passwd pw, *res = NULL;
	char buf[1024];
	u->uid = uid;
	if (getpwuid_r(uid, &pw, buf, sizeof(buf), &res) == 0 && res)
		snprintf(u->name, sizeof(u->name), "%s", pw.pw_name);
	else
		snprintf(u->name, sizeof(u->name), "%u", (unsigned)uid);
	return u->name;
}

/* The guest of a PID, from its cgroup. */
static void pid_identify_guest(struct monitor *m, struct pid_cache *c)
{
	char name[SNAP_NAME_MAX];
	c->gname = -1;
	if (procscan_read(&m->ps, c->pid, "cgroup", m->buf, sizeof(m->buf)) > 0 &&
	    guest_of_cgroup_file(m->buf, vsm_paths()->cgroup_base, name, sizeof(name)) == 1)
		c->gname = name_intern(m, name);
}

/* Identity of a PID seen for the first time, or after an exec: guest, in-guest pid, uid. */
static void pid_identify(struct monitor *m, struct pid_cache *c, bool new_pid)
{
	if (new_pid)
		pid_identify_guest(m, c);
	struct proc_status st = { .uid = 0, .nspid = c->pid };
	if (procscan_read(&m->ps, c->pid, "status", m->buf, sizeof(m->buf)) > 0 &&
	    procscan_parse_status(m->buf, &st) == 0) {
		c->uid = st.uid;
		c->guest_pid = st.nslevels ? st.nspid : c->pid;
	} else if (new_pid) {
		c->uid = 0;
		c->guest_pid = c->pid;
	}
	free(c->cmdline);
	c->cmdline = NULL;
	if (m->flags & MONITOR_CMDLINE) {
		ssize_t n = procscan_read(&m->ps, c->pid, "cmdline", m->buf, sizeof(m->buf));
		if (n > 0 && procscan_cmdline_join(m->buf, (size_t)n) > 0)
			c->cmdline = strdup(m->buf);
		else if (asprintf(&c->cmdline, "[%s]", c->comm) < 0)
			c->cmdline = NULL;
	}
}

/* Make the sums table cover every interned name (a name can be interned mid-scan). */
static int acc_cover(struct monitor *m)
{
	size_t need = m->nnames + 1;
	if (need <= m->nacc)
		return 0;
	struct guest_acc *na = realloc(m->acc, need * sizeof(*na));
	if (!na)
		return -ENOMEM;
	for (size_t k = m->nacc; k < need; k++)
		na[k] = (struct guest_acc){ .oldest_start = SNAP_NONE };
	m->acc = na;
	m->nacc = need;
	return 0;
}

static void proc_row_fill(struct monitor *m, struct snap_proc *p, const struct proc_stat *st,
			  const struct pid_cache *c, bool known, uint64_t delta, uint64_t interval_ms)
{
	p->pid = st->pid;
	p->guest_pid = c->guest_pid;
	p->ppid = st->ppid;
	p->guest = (size_t)(c->gname + 1); /* becomes the guest row index in procs_link */
	p->ctx = 0;
	p->uid = c->uid;
	if (m->flags & MONITOR_USERS)
		snprintf(p->user, sizeof(p->user), "%s", user_name(m, c->uid));
	else
		snprintf(p->user, sizeof(p->user), "%u", (unsigned)c->uid);
	p->state = st->state;
	p->nice = st->nice;
	p->nthreads = st->nthreads;
	p->utime_ms = ticks_ms(m, st->utime);
	p->stime_ms = ticks_ms(m, st->stime);
	p->cpu_pct = known && interval_ms ? 100.0 * (double)ticks_ms(m, delta) / (double)interval_ms : 0;
	p->rss_bytes = st->rss * (uint64_t)m->pagesize;
	p->vsz_bytes = st->vsize;
	p->start_ms = ticks_ms(m, st->starttime);
	snprintf(p->comm, sizeof(p->comm), "%s", st->comm);
	p->cmdline = c->cmdline ? c->cmdline : p->comm;
}

static void acc_add(struct monitor *m, struct guest_acc *a, const struct proc_stat *st,
		    const struct pid_cache *c, uint64_t delta)
{
	a->nprocs++;
	a->nthreads += st->nthreads;
	a->vsz += st->vsize;
	a->rss_pages += st->rss;
	a->user_ms += ticks_ms(m, st->utime + st->cutime);
	a->sys_ms += ticks_ms(m, st->stime + st->cstime);
	a->cpu_delta_ticks += delta;
	if (st->starttime < a->oldest_start)
		a->oldest_start = st->starttime;
	if (c->gname >= 0 && c->guest_pid == 1)
		a->init_pid = st->pid;
}

/* Read stat of every pid, carry the per-PID cache over (merge walk: both lists are ascending). */
static int scan_procs(struct monitor *m, uint64_t interval_ms)
{
	size_t oi = 0, nn = 0, np = 0;
	if (grow(&m->next, &m->cap_next, m->npids, sizeof(*m->next)) < 0)
		return -ENOMEM;
	if ((m->flags & MONITOR_PROCS) &&
	    grow(&m->snap.procs, &m->cap_procs, m->npids, sizeof(*m->snap.procs)) < 0)
		return -ENOMEM;
	for (size_t k = 0; k < m->nacc; k++)
		m->acc[k] = (struct guest_acc){ .oldest_start = SNAP_NONE };
	if (acc_cover(m) < 0)
		return -ENOMEM;
	for (size_t i = 0; i < m->npids; i++) {
		pid_t pid = m->pids[i];
		struct proc_stat st;
		char sbuf[1024];
		if (procscan_read(&m->ps, pid, "stat", sbuf, sizeof(sbuf)) <= 0 ||
		    procscan_parse_stat(sbuf, &st) < 0)
			continue; /* gone since the listing */
		while (oi < m->ncache && m->cache[oi].pid < pid) {
			free(m->cache[oi].cmdline);
			m->cache[oi++].cmdline = NULL;
		}
		struct pid_cache *c = &m->next[nn++];
		bool known = oi < m->ncache && m->cache[oi].pid == pid &&
			     m->cache[oi].starttime == st.starttime;
		uint64_t ticks = st.utime + st.stime, delta = 0;
		if (known) {
			*c = m->cache[oi];
			m->cache[oi++].cmdline = NULL;
			delta = ticks >= c->cpu_ticks ? ticks - c->cpu_ticks : 0;
			if (strcmp(c->comm, st.comm)) { /* exec'd: user and command may differ now */
				snprintf(c->comm, sizeof(c->comm), "%s", st.comm);
				pid_identify(m, c, false);
			}
			if (st.state == 'Z' && c->state != 'Z') {
				pid_identify_guest(m, c);
				if (acc_cover(m) < 0)
					return -ENOMEM;
			}
		} else {
			*c = (struct pid_cache){ .pid = pid, .starttime = st.starttime };
			snprintf(c->comm, sizeof(c->comm), "%s", st.comm);
			pid_identify(m, c, true);
			if (acc_cover(m) < 0)
				return -ENOMEM;
		}
		c->cpu_ticks = ticks;
		c->state = st.state;
		acc_add(m, &m->acc[c->gname + 1], &st, c, delta);
		if (m->flags & MONITOR_PROCS)
			proc_row_fill(m, &m->snap.procs[np++], &st, c, known, delta, interval_ms);
	}
	for (; oi < m->ncache; oi++)
		free(m->cache[oi].cmdline);
	struct pid_cache *t = m->cache;
	size_t tc = m->cap_cache;
	m->cache = m->next;
	m->cap_cache = m->cap_next;
	m->ncache = nn;
	m->next = t;
	m->cap_next = tc;
	m->snap.nprocs = np;
	return 0;
}

static uint64_t read_uptime_ms(void)
{
	char buf[64];
	FILE *f = fopen("/proc/uptime", "re");
	double up = 0;
	if (f) {
		if (fgets(buf, sizeof(buf), f))
			up = strtod(buf, NULL);
		fclose(f);
	}
	return (uint64_t)(up * 1000);
}

static uint64_t read_memtotal(void)
{
	char line[128];
	uint64_t kb = 0;
	FILE *f = fopen("/proc/meminfo", "re");
	if (!f)
		return SNAP_NONE;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "MemTotal: %lu kB", &kb) == 1)
			break;
	fclose(f);
	return kb ? kb * 1024 : SNAP_NONE;
}

static double pct(uint64_t delta_ms, uint64_t interval_ms)
{
	return interval_ms ? 100.0 * (double)delta_ms / (double)interval_ms : 0;
}

/* Fill a guest row from the scan sums and, where the kernel keeps them, the cgroup's figures. */
static void guest_fill(struct monitor *m, struct snap_guest *g, const struct guest_acc *a, int gname)
{
	const struct snapshot *s = &m->snap;
	g->nprocs = a->nprocs;
	g->nthreads = a->nthreads;
	g->vsz_bytes = a->vsz;
	g->rss_bytes = a->rss_pages * (uint64_t)m->pagesize;
	g->cpu_user_ms = a->user_ms;
	g->cpu_sys_ms = a->sys_ms;
	g->mem_limit = SNAP_NONE;
	g->pids_limit = SNAP_NONE;
	g->running = a->nprocs > 0;
	g->init_pid = a->init_pid;
	g->uptime_ms = 0;
	g->started = 0;
	if (a->oldest_start != SNAP_NONE) {
		uint64_t start = ticks_ms(m, a->oldest_start);
		g->uptime_ms = s->boot_uptime_ms > start ? s->boot_uptime_ms - start : 0;
		g->started = s->wall - (time_t)(g->uptime_ms / 1000);
	}
	uint64_t cpu_ms = SNAP_NONE;
	char rel[PATH_MAX];
	struct cg_usage u;
	if (m->have_layout && cg_usage_read && g->running &&
	    vsm_path_guest_cgroup(vsm_paths(), g->name, rel, sizeof(rel)) == 0 &&
	    cg_usage_read(&m->lay, rel, &u, NULL) == 0) {
		if (u.mem_bytes != UINT64_MAX)
			g->rss_bytes = u.mem_bytes;
		g->mem_limit = u.mem_limit;
		g->pids_limit = u.pids_limit;
		if (u.cpu_user_us != UINT64_MAX && u.cpu_sys_us != UINT64_MAX) {
			g->cpu_user_ms = u.cpu_user_us / 1000;
			g->cpu_sys_ms = u.cpu_sys_us / 1000;
			cpu_ms = g->cpu_user_ms + g->cpu_sys_ms;
		}
	}
	struct guest_seen *seen = gname >= 0 ? &m->names[gname] : NULL;
	/* The cgroup's counter is exact (it includes processes that ended meanwhile), but only when
	 * the previous figure is from the previous snapshot. */
	if (cpu_ms != SNAP_NONE && seen && seen->prev_cpu_ms != SNAP_NONE && s->interval_ms &&
	    seen->prev_taken_ms == s->taken_ms - s->interval_ms)
		g->cpu_pct = pct(cpu_ms >= seen->prev_cpu_ms ? cpu_ms - seen->prev_cpu_ms : 0,
				 s->interval_ms);
	else
		g->cpu_pct = pct(ticks_ms(m, a->cpu_delta_ticks), s->interval_ms);
	if (seen) {
		seen->prev_cpu_ms = cpu_ms;
		seen->prev_taken_ms = s->taken_ms;
	}
}

static int cmp_guest_name(const void *a, const void *b)
{
	return strcmp(((const struct snap_guest *)a)->name, ((const struct snap_guest *)b)->name);
}

static struct snap_guest *guest_row_add(struct monitor *m, size_t *n, const char *name, int gn)
{
	struct snap_guest *g = &m->snap.guests[(*n)++];
	memset(g, 0, sizeof(*g));
	snprintf(g->name, sizeof(g->name), "%s", name);
	if (gn >= 0)
		m->rowof[gn] = 1; /* listed; the real row index is set after sorting */
	return g;
}

static int build_guests(struct monitor *m, struct vsm_error *err)
{
	struct snapshot *s = &m->snap;
	struct monitor_guest_conf *conf = NULL;
	size_t nconf = 0, n = 0;
	int rc = monitor_guests_list(vsm_paths(), &conf, &nconf, err);
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < nconf; i++)
		name_intern(m, conf[i].name);
	long *rowof = realloc(m->rowof, (m->nnames + 1) * sizeof(long));
	if (acc_cover(m) < 0 || !rowof ||
	    grow(&s->guests, &m->cap_guests, 1 + m->nnames, sizeof(*s->guests)) < 0) {
		if (rowof)
			m->rowof = rowof;
		free(conf);
		return vsm_error_sys(err, ENOMEM, "guest table");
	}
	m->rowof = rowof;
	for (size_t i = 0; i < m->nnames; i++)
		rowof[i] = -1;

	struct snap_guest *h = guest_row_add(m, &n, "root server", -1);
	guest_fill(m, h, &m->acc[0], -1);
	h->running = true;
	h->uptime_ms = s->boot_uptime_ms;
	h->started = s->wall - (time_t)(s->boot_uptime_ms / 1000);
	h->init_pid = 1;
	h->mem_limit = s->mem_total;
	/* Configured guests, then guests found in a cgroup without a config (left over or made by
	 * hand), so that every process is accounted to exactly one row. */
	for (size_t i = 0; i < nconf; i++) {
		int gn = name_intern(m, conf[i].name);
		const struct guest_acc *a = &m->acc[gn + 1];
		if (a->nprocs == 0 && !(m->flags & MONITOR_STOPPED))
			continue;
		struct snap_guest *g = guest_row_add(m, &n, conf[i].name, gn);
		g->ctx = conf[i].ctx;
		snprintf(g->ips, sizeof(g->ips), "%s", conf[i].ips);
		guest_fill(m, g, a, gn);
	}
	free(conf);
	for (size_t gn = 0; gn < m->nnames; gn++)
		if (rowof[gn] < 0 && m->acc[gn + 1].nprocs > 0)
			guest_fill(m, guest_row_add(m, &n, m->names[gn].name, (int)gn), &m->acc[gn + 1],
				   (int)gn);
	qsort(s->guests + 1, n - 1, sizeof(*s->guests), cmp_guest_name);
	s->nguests = n;
	for (size_t i = 1; i < n; i++)
		for (size_t gn = 0; gn < m->nnames; gn++)
			if (rowof[gn] >= 0 && !strcmp(m->names[gn].name, s->guests[i].name)) {
				rowof[gn] = (long)i;
				break;
			}
	return 0;
}

/* Point each process row at its guest row. */
static void procs_link(struct monitor *m)
{
	struct snapshot *s = &m->snap;
	for (size_t i = 0; i < s->nprocs; i++) {
		struct snap_proc *p = &s->procs[i];
		size_t ai = p->guest;
		long row = ai ? m->rowof[ai - 1] : -1;
		p->guest = row > 0 ? (size_t)row : SNAP_HOST;
		p->ctx = s->guests[p->guest].ctx;
	}
}

int monitor_refresh(struct monitor *m, struct vsm_error *err)
{
	struct snapshot *s = &m->snap;
	uint64_t t = now_ms();
	uint64_t interval = m->have_snap ? t - s->taken_ms : 0;
	s->taken_ms = t;
	s->wall = time(NULL);
	s->interval_ms = interval;
	s->boot_uptime_ms = read_uptime_ms();
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	s->ncpu = ncpu > 0 ? (unsigned)ncpu : 1;
	s->mem_total = read_memtotal();
	if (collect_pids(m) < 0)
		return vsm_error_sys(err, ENOMEM, "listing /proc");
	if (scan_procs(m, interval) < 0)
		return vsm_error_sys(err, ENOMEM, "scanning /proc");
	int rc = build_guests(m, err);
	if (rc < 0)
		return rc;
	procs_link(m);
	m->have_snap = true;
	return 0;
}

long snapshot_guest_by_name(const struct snapshot *s, const char *name)
{
	for (size_t i = 0; i < s->nguests; i++)
		if (!strcmp(s->guests[i].name, name))
			return (long)i;
	return -1;
}

long snapshot_guest_by_ctx(const struct snapshot *s, uint32_t ctx)
{
	for (size_t i = 0; i < s->nguests; i++)
		if (s->guests[i].ctx == ctx)
			return (long)i;
	return -1;
}

long snapshot_proc_by_pid(const struct snapshot *s, pid_t pid)
{
	size_t lo = 0, hi = s->nprocs;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->procs[mid].pid == pid)
			return (long)mid;
		if (s->procs[mid].pid < pid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}
