/* The console's two tables as data for the table widget: columns, cell text, ordering, row ids
 * of the guest table and the process pane. */
#include <stdio.h>
#include <string.h>

#include "tui/tables.h"

/* Guest table. */

const struct table_column guest_cols[GC_N] = {
	[GC_NAME] = { "NAME", 12, 0, 0, false, false },
	[GC_CTX] = { "CTX", 5, 0, 3, true, false },
	[GC_STATE] = { "STATE", 7, 0, 0, false, false },
	[GC_PROCS] = { "PROCS", 5, 0, 0, true, false },
	[GC_CPU] = { "CPU%", 5, 0, 0, true, false },
	[GC_MEM] = { "MEM/LIMIT", 11, 0, 0, true, false },
	[GC_UPTIME] = { "UPTIME", 7, 0, 2, true, false },
	[GC_IPS] = { "IPS", 0, 6, 1, false, true },
};

static const char *guest_cell(void *ctx, size_t row, int col, char *buf, size_t len)
{
	const struct console *c = ctx;
	const struct snap_guest *g = &c->snap->guests[row];
	char a[16], b[16];
	switch (col) {
	case GC_NAME: return g->name;
	case GC_CTX: snprintf(buf, len, "%u", (unsigned)g->ctx); return buf;
	case GC_STATE: return row == SNAP_HOST ? "host" : g->running ? "running" : "stopped";
	case GC_PROCS: snprintf(buf, len, "%llu", (unsigned long long)g->nprocs); return buf;
	case GC_CPU: snprintf(buf, len, "%.1f", g->cpu_pct); return buf;
	case GC_MEM:
		if (!g->running && row != SNAP_HOST)
			return "-";
		format_bytes(a, sizeof(a), g->rss_bytes);
		format_bytes(b, sizeof(b), g->mem_limit);
		snprintf(buf, len, "%s/%s", a, b);
		return buf;
	case GC_UPTIME:
		if (!g->uptime_ms)
			return "-";
		format_duration(buf, len, g->uptime_ms);
		return buf;
	case GC_IPS: return g->ips;
	}
	return "";
}

static int cmp_u64(uint64_t a, uint64_t b) { return (a > b) - (a < b); }
static int cmp_dbl(double a, double b) { return (a > b) - (a < b); }

static int guest_compare(void *ctx, size_t a, size_t b, int col)
{
	const struct console *c = ctx;
	const struct snap_guest *x = &c->snap->guests[a], *y = &c->snap->guests[b];
	switch (col) {
	case GC_NAME: return strcmp(x->name, y->name);
	case GC_CTX: return cmp_u64(x->ctx, y->ctx);
	case GC_STATE: return (int)y->running - (int)x->running;
	case GC_PROCS: return cmp_u64(x->nprocs, y->nprocs);
	case GC_CPU: return cmp_dbl(x->cpu_pct, y->cpu_pct);
	case GC_MEM: return cmp_u64(x->rss_bytes, y->rss_bytes);
	case GC_UPTIME: return cmp_u64(x->uptime_ms, y->uptime_ms);
	case GC_IPS: return strcmp(x->ips, y->ips);
	}
	return 0;
}

/* Guests are named by a hash of their name, so the selection survives guests coming and going. */
long tables_name_id(const char *s)
{
	unsigned long h = 5381;
	while (*s)
		h = h * 33 + (unsigned char)*s++;
	return (long)(h & 0x7fffffffL);
}

static long guest_row_id(void *ctx, size_t row)
{
	const struct console *c = ctx;
	return tables_name_id(c->snap->guests[row].name);
}

const struct table_ops guest_ops = { guest_cell, guest_compare, guest_row_id };

/* Process pane. */

const struct table_column proc_cols[PC_N] = {
	[PC_PID] = { "PID", 7, 0, 0, true, false },
	[PC_GPID] = { "GPID", 6, 0, 2, true, false },
	[PC_GUEST] = { "GUEST", 8, 0, 0, false, false },
	[PC_USER] = { "USER", 8, 0, 1, false, false },
	[PC_STATE] = { "S", 1, 0, 0, false, false },
	[PC_CPU] = { "CPU%", 5, 0, 0, true, false },
	[PC_RSS] = { "RSS", 6, 0, 0, true, false },
	[PC_CMD] = { "COMMAND", 0, 12, 0, false, true },
};

static const struct snap_proc *row_proc(const struct console *c, size_t row)
{
	return &c->snap->procs[c->rows[row].proc];
}

static const char *proc_cell(void *ctx, size_t row, int col, char *buf, size_t len)
{
	const struct console *c = ctx;
	const struct snap_proc *p = row_proc(c, row);
	switch (col) {
	case PC_PID: snprintf(buf, len, "%d", (int)p->pid); return buf;
	case PC_GPID: snprintf(buf, len, "%d", (int)p->guest_pid); return buf;
	case PC_GUEST:
		return p->guest == SNAP_HOST ? "(host)" : c->snap->guests[p->guest].name;
	case PC_USER: return p->user;
	case PC_STATE: buf[0] = p->state; buf[1] = '\0'; return buf;
	case PC_CPU: snprintf(buf, len, "%.1f", p->cpu_pct); return buf;
	case PC_RSS: format_bytes(buf, len, p->rss_bytes); return buf;
	case PC_CMD:
		snprintf(buf, len, "%s%s", c->tree ? c->rows[row].prefix : "", p->cmdline);
		return buf;
	}
	return "";
}

static int proc_compare(void *ctx, size_t a, size_t b, int col)
{
	const struct console *c = ctx;
	const struct snap_proc *x = row_proc(c, a), *y = row_proc(c, b);
	switch (col) {
	case PC_PID: return cmp_u64((uint64_t)x->pid, (uint64_t)y->pid);
	case PC_GPID: return cmp_u64((uint64_t)x->guest_pid, (uint64_t)y->guest_pid);
	case PC_GUEST:
		return strcmp(c->snap->guests[x->guest].name, c->snap->guests[y->guest].name);
	case PC_USER: return strcmp(x->user, y->user);
	case PC_STATE: return (x->state > y->state) - (x->state < y->state);
	case PC_CPU: return cmp_dbl(x->cpu_pct, y->cpu_pct);
	case PC_RSS: return cmp_u64(x->rss_bytes, y->rss_bytes);
	case PC_CMD: return strcmp(x->cmdline, y->cmdline);
	}
	return 0;
}

static long proc_row_id(void *ctx, size_t row)
{
	return (long)row_proc(ctx, row)->pid;
}

const struct table_ops proc_ops = { proc_cell, proc_compare, proc_row_id };
