/* The collector behind every live view: one /proc pass per refresh. What cannot change during a
 * PID's life (its guest, its in-guest pid) is read once per new PID and kept; a refresh then reads
 * only /proc/PID/stat for known PIDs (reading status too would double the cost: console.md §4.2). */
#include "backend/snapshot_internal.h"
#include "backend/guest_of_pid.h"
#include "backend/paths.h"
#include "backend/runrecord.h"


#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int snapshot_grow(void *v, size_t *cap, size_t need, size_t size)
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
	m->have_layout = cg_detect(&m->lay, NULL, NULL, NULL) == 0;
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
	free(m->conf);
	free(m->runs);
	free(m->snap.procs);
	free(m->snap.guests);
	free(m);
}

const struct snapshot *monitor_snapshot(const struct monitor *m)
{
	return m->have_snap ? &m->snap : NULL;
}

static int guests_load(struct monitor *m, struct vsm_error *err)
{
	free(m->conf);
	free(m->runs);
	m->conf = NULL;
	m->runs = NULL;
	m->nconf = 0;
	int rc = monitor_guests_list(vsm_paths(), &m->conf, &m->nconf, err);
	if (rc < 0)
		return rc;
	m->runs = calloc(m->nconf + 1, sizeof(*m->runs));
	if (!m->runs)
		return vsm_error_sys(err, ENOMEM, "guest table");
	for (size_t i = 0; i < m->nconf; i++) {
		struct run_record rec;
		struct guest_run *r = &m->runs[i];
		if (runrecord_read(m->conf[i].name, &rec, NULL) < 0 || !rec.init_pid ||
		    !runrecord_init_alive(&rec))
			continue;
		r->alive = true;
		r->init_pid = rec.init_pid;
		r->start_time = rec.start_time;
		r->pidns = guest_pidns_of_guest(m->conf[i].name);
	}
	return 0;
}

/* Identity of a PID seen for the first time, or after an exec: guest, in-guest pid, uid. */
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
		uint64_t start = snapshot_ticks_ms(m, a->oldest_start);
		g->uptime_ms = s->boot_uptime_ms > start ? s->boot_uptime_ms - start : 0;
		g->started = s->wall - (time_t)(g->uptime_ms / 1000);
	}
	uint64_t cpu_ms = SNAP_NONE;
	char rel[PATH_MAX];
	struct cg_usage u;
	if (m->have_layout && g->running &&
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
		g->cpu_pct = pct(snapshot_ticks_ms(m, a->cpu_delta_ticks), s->interval_ms);
	if (seen) {
		seen->prev_cpu_ms = cpu_ms;
		seen->prev_taken_ms = s->taken_ms;
	}
}

/* The run record knows when the guest (re)started and its init, better than the oldest process. */
static void guest_fill_run(struct monitor *m, struct snap_guest *g, const struct guest_run *r)
{
	if (!r->alive || !g->running)
		return;
	g->init_pid = r->init_pid;
	if (r->start_time > 0 && r->start_time <= m->snap.wall) {
		g->started = r->start_time;
		g->uptime_ms = (uint64_t)(m->snap.wall - r->start_time) * 1000;
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
	const struct monitor_guest_conf *conf = m->conf;
	size_t nconf = m->nconf, n = 0;
	for (size_t i = 0; i < nconf; i++)
		snapshot_name_intern(m, conf[i].name);
	long *rowof = realloc(m->rowof, (m->nnames + 1) * sizeof(long));
	if (snapshot_acc_cover(m) < 0 || !rowof ||
	    snapshot_grow(&s->guests, &m->cap_guests, 1 + m->nnames, sizeof(*s->guests)) < 0) {
		if (rowof)
			m->rowof = rowof;
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
		int gn = snapshot_name_intern(m, conf[i].name);
		const struct guest_acc *a = &m->acc[gn + 1];
		if (a->nprocs == 0 && !(m->flags & MONITOR_STOPPED))
			continue;
		struct snap_guest *g = guest_row_add(m, &n, conf[i].name, gn);
		g->ctx = conf[i].ctx;
		snprintf(g->ips, sizeof(g->ips), "%s", conf[i].ips);
		guest_fill(m, g, a, gn);
		guest_fill_run(m, g, &m->runs[i]);
	}
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
	int rc = guests_load(m, err);
	if (rc < 0)
		return rc;
	if (snapshot_scan_procs(m, interval) < 0)
		return vsm_error_sys(err, ENOMEM, "scanning /proc");
	rc = build_guests(m, err);
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

