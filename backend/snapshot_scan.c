/* The /proc pass of the live data model: the pid listing, one stat read per PID, and the per-PID
 * cache (guest, in-guest pid, uid, command line) carried from one refresh to the next by a merge
 * walk over the two ascending pid lists. */
#include "backend/snapshot_internal.h"
#include "backend/guest_of_pid.h"
#include "backend/paths.h"

#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
		if (snapshot_grow(&m->pids, &m->cap_pids, m->npids + 1, sizeof(pid_t)) < 0)
			return -ENOMEM;
		if (m->npids && pid < m->pids[m->npids - 1])
			sorted = false;
		m->pids[m->npids++] = pid;
	}
	if (!sorted)
		qsort(m->pids, m->npids, sizeof(pid_t), cmp_pid);
	return 0;
}

int snapshot_name_intern(struct monitor *m, const char *name)
{
	for (size_t i = 0; i < m->nnames; i++)
		if (!strcmp(m->names[i].name, name))
			return (int)i;
	if (snapshot_grow(&m->names, &m->cap_names, m->nnames + 1, sizeof(*m->names)) < 0)
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
	if (snapshot_grow(&m->users, &m->cap_users, m->nusers + 1, sizeof(*m->users)) < 0)
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

static ino_t pidns_of(const struct monitor *m, pid_t pid)
{
	return guest_pidns_of(m->ps.procfd, pid);
}

/* The guest of a PID: its cgroup; failing that, the pid namespace of a running guest's init (a
 * guest started where no cgroup could be made is still isolated, and known, by that). */
static void pid_identify_guest(struct monitor *m, struct pid_cache *c)
{
	char name[SNAP_NAME_MAX];
	c->gname = -1;
	if (procscan_read(&m->ps, c->pid, "cgroup", m->buf, sizeof(m->buf)) > 0 &&
	    guest_of_cgroup_file(m->buf, vsm_paths()->cgroup_base, name, sizeof(name)) == 1) {
		c->gname = snapshot_name_intern(m, name);
		return;
	}
	ino_t ns = 0;
	for (size_t i = 0; i < m->nconf; i++) {
		if (!m->runs[i].pidns)
			continue;
		if (!ns && !(ns = pidns_of(m, c->pid)))
			return;
		if (ns == m->runs[i].pidns) {
			c->gname = snapshot_name_intern(m, m->conf[i].name);
			return;
		}
	}
}

/* The configured guests and their run records, once per refresh. */
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
int snapshot_acc_cover(struct monitor *m)
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
	p->utime_ms = snapshot_ticks_ms(m, st->utime);
	p->stime_ms = snapshot_ticks_ms(m, st->stime);
	p->cpu_pct = known && interval_ms ? 100.0 * (double)snapshot_ticks_ms(m, delta) / (double)interval_ms : 0;
	p->rss_bytes = st->rss * (uint64_t)m->pagesize;
	p->vsz_bytes = st->vsize;
	p->start_ms = snapshot_ticks_ms(m, st->starttime);
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
	a->user_ms += snapshot_ticks_ms(m, st->utime + st->cutime);
	a->sys_ms += snapshot_ticks_ms(m, st->stime + st->cstime);
	a->cpu_delta_ticks += delta;
	if (st->starttime < a->oldest_start)
		a->oldest_start = st->starttime;
	if (c->gname >= 0 && c->guest_pid == 1)
		a->init_pid = st->pid;
}

/* Read stat of every pid, carry the per-PID cache over (merge walk: both lists are ascending). */
int snapshot_scan_procs(struct monitor *m, uint64_t interval_ms)
{
	size_t oi = 0, nn = 0, np = 0;
	if (collect_pids(m) < 0)
		return -ENOMEM;
	if (snapshot_grow(&m->next, &m->cap_next, m->npids, sizeof(*m->next)) < 0)
		return -ENOMEM;
	if ((m->flags & MONITOR_PROCS) &&
	    snapshot_grow(&m->snap.procs, &m->cap_procs, m->npids, sizeof(*m->snap.procs)) < 0)
		return -ENOMEM;
	for (size_t k = 0; k < m->nacc; k++)
		m->acc[k] = (struct guest_acc){ .oldest_start = SNAP_NONE };
	if (snapshot_acc_cover(m) < 0)
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
				if (snapshot_acc_cover(m) < 0)
					return -ENOMEM;
			}
		} else {
			*c = (struct pid_cache){ .pid = pid, .starttime = st.starttime };
			snprintf(c->comm, sizeof(c->comm), "%s", st.comm);
			pid_identify(m, c, true);
			if (snapshot_acc_cover(m) < 0)
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

