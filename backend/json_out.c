/* JSON objects for the live data model. Unknown figures and absent limits are null, never a magic
 * number, so scripts need not know SNAP_NONE. */
#include "backend/json_out.h"

#include <string.h>

static json_t *json_figure(uint64_t v)
{
	return v == SNAP_NONE ? json_null() : json_integer((json_int_t)v);
}

static json_t *json_ips(const char *ips)
{
	json_t *a = json_array();
	const char *p = ips;
	while (a && *p) {
		size_t n = strcspn(p, ",");
		if (n)
			json_array_append_new(a, json_stringn(p, n));
		p += n;
		if (*p == ',')
			p++;
	}
	return a;
}

json_t *json_guest(const struct snap_guest *g)
{
	return json_pack("{s:s, s:i, s:s, s:s, s:b, s:I, s:I, s:I, s:o, s:o, s:o, s:I, s:I, s:f, "
			 "s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
			 "kind", "guest", "schema", JSON_SCHEMA_VERSION,
			 "name", g->name,
			 "state", g->running ? "running" : "stopped",
			 "host", g->ctx == 0 && !strcmp(g->name, "root server"),
			 "ctx", (json_int_t)g->ctx,
			 "nprocs", (json_int_t)g->nprocs,
			 "nthreads", (json_int_t)g->nthreads,
			 "vsz_bytes", json_figure(g->vsz_bytes),
			 "rss_bytes", json_figure(g->rss_bytes),
			 "mem_limit_bytes", json_figure(g->mem_limit),
			 "cpu_user_ms", (json_int_t)g->cpu_user_ms,
			 "cpu_sys_ms", (json_int_t)g->cpu_sys_ms,
			 "cpu_pct", g->cpu_pct,
			 "uptime_ms", (json_int_t)g->uptime_ms,
			 "pids_limit", json_figure(g->pids_limit),
			 "init_pid", g->init_pid ? json_integer(g->init_pid) : json_null(),
			 "ips", json_ips(g->ips),
			 "disk_used_kb", json_figure(g->disk_used_kb),
			 "disk_limit_kb", json_figure(g->disk_limit_kb),
			 "inodes_used", json_figure(g->inodes_used),
			 "inodes_limit", json_figure(g->inodes_limit));
}

json_t *json_process(const struct snapshot *s, const struct snap_proc *p)
{
	const struct snap_guest *g = p->guest < s->nguests ? &s->guests[p->guest] : NULL;
	char state[2] = { p->state, '\0' };
	return json_pack("{s:s, s:i, s:i, s:i, s:i, s:s?, s:I, s:i, s:s, s:s, s:i, s:i, s:f, s:I, s:I, "
			 "s:I, s:I, s:I, s:s, s:s}",
			 "kind", "process", "schema", JSON_SCHEMA_VERSION,
			 "pid", (int)p->pid,
			 "guest_pid", (int)p->guest_pid,
			 "ppid", (int)p->ppid,
			 "guest", g && p->guest != SNAP_HOST ? g->name : NULL,
			 "ctx", (json_int_t)p->ctx,
			 "uid", (int)p->uid,
			 "user", p->user,
			 "state", state,
			 "nice", p->nice,
			 "nthreads", (int)p->nthreads,
			 "cpu_pct", p->cpu_pct,
			 "utime_ms", (json_int_t)p->utime_ms,
			 "stime_ms", (json_int_t)p->stime_ms,
			 "rss_bytes", (json_int_t)p->rss_bytes,
			 "vsz_bytes", (json_int_t)p->vsz_bytes,
			 "start_ms", (json_int_t)p->start_ms,
			 "comm", p->comm,
			 "cmdline", p->cmdline ? p->cmdline : p->comm);
}

json_t *json_snapshot(const struct snapshot *s, bool with_procs)
{
	json_t *guests = json_array();
	for (size_t i = 0; guests && i < s->nguests; i++)
		json_array_append_new(guests, json_guest(&s->guests[i]));
	json_t *o = json_pack("{s:s, s:i, s:I, s:I, s:I, s:i, s:o, s:o}",
			      "kind", "snapshot", "schema", JSON_SCHEMA_VERSION,
			      "time", (json_int_t)s->wall,
			      "interval_ms", (json_int_t)s->interval_ms,
			      "uptime_ms", (json_int_t)s->boot_uptime_ms,
			      "ncpu", (int)s->ncpu,
			      "mem_total_bytes", json_figure(s->mem_total),
			      "guests", guests);
	if (o && with_procs) {
		json_t *procs = json_array();
		for (size_t i = 0; procs && i < s->nprocs; i++)
			json_array_append_new(procs, json_process(s, &s->procs[i]));
		json_object_set_new(o, "processes", procs);
	}
	return o;
}
