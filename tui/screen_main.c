/* The main screen: header, guest table, process pane of the selected guest (or of all guests,
 * as a list or a tree), status line and key bar. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/sysinfo.h>

#include "tui/console.h"
#include "widgets/bar.h"
#include "widgets/pane.h"
#include "widgets/text.h"

#define MIN_LINES 24
#define MIN_COLS 80

/* ---- guest table ---- */

enum { GC_NAME, GC_CTX, GC_STATE, GC_PROCS, GC_CPU, GC_MEM, GC_UPTIME, GC_IPS, GC_N };

static const struct table_column guest_cols[GC_N] = {
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
static long name_id(const char *s)
{
	unsigned long h = 5381;
	while (*s)
		h = h * 33 + (unsigned char)*s++;
	return (long)(h & 0x7fffffffL);
}

static long guest_row_id(void *ctx, size_t row)
{
	const struct console *c = ctx;
	return name_id(c->snap->guests[row].name);
}

static const struct table_ops guest_ops = { guest_cell, guest_compare, guest_row_id };

/* ---- process pane ---- */

enum { PC_PID, PC_GPID, PC_GUEST, PC_USER, PC_STATE, PC_CPU, PC_RSS, PC_CMD, PC_N };

static const struct table_column proc_cols[PC_N] = {
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

static const struct table_ops proc_ops = { proc_cell, proc_compare, proc_row_id };

void screen_main_init(struct console *c)
{
	table_init(&c->guests, guest_cols, GC_N, &guest_ops, c);
	table_init(&c->procs, proc_cols, PC_N, &proc_ops, c);
	c->procs.hidden[PC_GUEST] = true;
	c->procs.sort_col = PC_CPU;
	c->procs.sort_desc = true;
	c->guests.focused = true;
	c->focus = PANE_GUESTS;
}

void screen_main_free(struct console *c)
{
	table_free(&c->guests);
	table_free(&c->procs);
	free(c->rows);
	c->rows = NULL;
}

long screen_main_guest(const struct console *c)
{
	return c->snap ? table_selected_row(&c->guests) : -1;
}

long screen_main_proc(const struct console *c)
{
	long r = c->snap ? table_selected_row(&c->procs) : -1;
	return r < 0 ? -1 : (long)c->rows[r].proc;
}

static bool proc_wanted(const struct console *c, const struct snap_proc *p, long guest)
{
	if (!c->all_guests && (long)p->guest != guest)
		return false;
	if (c->filter[0] && !strstr(p->cmdline, c->filter) && !strstr(p->user, c->filter) &&
	    !strstr(p->comm, c->filter))
		return false;
	return true;
}

static int rows_reserve(struct console *c, size_t n)
{
	if (n <= c->rows_cap)
		return 0;
	struct proc_row *r = realloc(c->rows, n * sizeof(*r));
	if (!r)
		return -1;
	c->rows = r;
	c->rows_cap = n;
	return 0;
}

/* Order the chosen processes as a tree: a process's parent is the nearest listed ancestor, roots
 * and siblings by pid (the snapshot is sorted by pid). Iterative, so deep chains cannot overflow
 * the stack. */
static void rows_make_tree(struct console *c, const size_t *sel, size_t n)
{
	const struct snapshot *s = c->snap;
	size_t *parent = malloc(n * sizeof(*parent)), *first = malloc(n * sizeof(*first));
	size_t *next = malloc(n * sizeof(*next)), *stack = malloc(n * sizeof(*stack));
	size_t *depth = malloc(n * sizeof(*depth));
	if (!parent || !first || !next || !stack || !depth) {
		for (size_t i = 0; i < n; i++) {
			c->rows[i].proc = sel[i];
			c->rows[i].prefix[0] = '\0';
		}
		goto out;
	}
	const size_t NONE = (size_t)-1;
	/* sel is in pid order: find each parent's position by binary search over sel. */
	for (size_t i = 0; i < n; i++) {
		pid_t pp = s->procs[sel[i]].ppid;
		size_t lo = 0, hi = n;
		parent[i] = NONE;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			pid_t mp = s->procs[sel[mid]].pid;
			if (mp == pp) {
				parent[i] = mid != i ? mid : NONE;
				break;
			}
			if (mp < pp)
				lo = mid + 1;
			else
				hi = mid;
		}
		first[i] = next[i] = NONE;
	}
	/* Children lists in pid order: walk backwards, pushing to the front. */
	size_t roots = NONE;
	for (size_t k = n; k-- > 0;) {
		if (parent[k] == NONE) {
			next[k] = roots;
			roots = k;
		} else {
			next[k] = first[parent[k]];
			first[parent[k]] = k;
		}
	}
	/* Pre-order walk; the prefix of a row comes from its ancestors' "has a next sibling". */
	size_t sp = 0, out = 0;
	for (size_t r = roots; r != NONE; r = next[r]) {
		stack[sp++] = r;
		depth[r] = 0;
		while (sp > 0 && out < n) {
			size_t v = stack[--sp];
			struct proc_row *row = &c->rows[out++];
			row->proc = sel[v];
			row->prefix[0] = '\0';
			if (depth[v] > 0) {
				/* Ancestors from the top: vertical bar where one has siblings below. */
				const char *parts[24];
				size_t d = depth[v], np = 0;
				size_t a = v;
				while (d > 0 && np < 24) {
					if (a == v)
						parts[np++] = next[a] != NONE ? c->glyphs.tree_branch : c->glyphs.tree_last;
					else
						parts[np++] = next[a] != NONE ? c->glyphs.tree_vert : c->glyphs.tree_space;
					a = parent[a];
					d--;
				}
				size_t len = 0;
				for (size_t j = np; j-- > 0;) {
					size_t pl = strlen(parts[j]);
					if (len + pl + 1 >= sizeof(row->prefix))
						break;
					memcpy(row->prefix + len, parts[j], pl);
					len += pl;
				}
				row->prefix[len] = '\0';
			}
			/* Push the children, then reverse them on the stack so the lowest pid
			 * comes out first. */
			size_t base = sp;
			for (size_t ch = first[v]; ch != NONE; ch = next[ch]) {
				depth[ch] = depth[v] + 1;
				stack[sp++] = ch;
			}
			for (size_t i = base, j = sp; i + 1 < j; i++, j--) {
				size_t tmp = stack[i];
				stack[i] = stack[j - 1];
				stack[j - 1] = tmp;
			}
		}
	}
	c->nrows = out;
out:
	free(parent);
	free(first);
	free(next);
	free(stack);
	free(depth);
}

static void procs_rebuild(struct console *c)
{
	const struct snapshot *s = c->snap;
	long g = screen_main_guest(c);
	c->procs.hidden[PC_GUEST] = !c->all_guests;
	c->nrows = 0;
	if (!s || rows_reserve(c, s->nprocs ? s->nprocs : 1) < 0) {
		table_set_rows(&c->procs, 0);
		return;
	}
	size_t *sel = malloc((s->nprocs ? s->nprocs : 1) * sizeof(*sel));
	size_t n = 0;
	if (sel)
		for (size_t i = 0; i < s->nprocs; i++)
			if (proc_wanted(c, &s->procs[i], g))
				sel[n++] = i;
	if (c->tree && sel) {
		rows_make_tree(c, sel, n);
	} else {
		for (size_t i = 0; i < n; i++) {
			c->rows[i].proc = sel[i];
			c->rows[i].prefix[0] = '\0';
		}
		c->nrows = n;
	}
	free(sel);
	/* In tree mode the tree is the order; sorting would scatter it. */
	int saved = c->procs.sort_col;
	if (c->tree)
		c->procs.sort_col = -1;
	table_set_rows(&c->procs, c->nrows);
	c->procs.sort_col = saved;
	if (g >= 0)
		snprintf(c->guest_name, sizeof(c->guest_name), "%s", s->guests[g].name);
}

void screen_main_update(struct console *c)
{
	bool first = c->guests.nrows == 0;
	table_set_rows(&c->guests, c->snap ? c->snap->nguests : 0);
	/* At start the first guest is selected; the host row only when there is no guest. */
	if (first && c->snap && c->snap->nguests > 1)
		table_select_id(&c->guests, name_id(c->snap->guests[1].name));
	procs_rebuild(c);
}

/* ---- drawing ---- */

static void draw_header(struct console *c, int y, int width)
{
	char line[256], mem[16], tot[16], up[16];
	struct sysinfo si;
	unsigned running = 0, stopped = 0;
	const struct snapshot *s = c->snap;
	for (size_t i = 1; s && i < s->nguests; i++)
		s->guests[i].running ? running++ : stopped++;
	double l1 = 0, l5 = 0, l15 = 0;
	mem[0] = tot[0] = up[0] = '\0';
	if (sysinfo(&si) == 0) {
		double scale = 1.0 / (1 << SI_LOAD_SHIFT);
		l1 = si.loads[0] * scale;
		l5 = si.loads[1] * scale;
		l15 = si.loads[2] * scale;
		uint64_t unit = si.mem_unit ? si.mem_unit : 1;
		uint64_t used = (si.totalram - si.freeram - si.bufferram) * unit;
		format_bytes(mem, sizeof(mem), used);
		format_bytes(tot, sizeof(tot), (uint64_t)si.totalram * unit);
	}
	if (s)
		format_duration(up, sizeof(up), s->boot_uptime_ms);
	char host[64] = "";
	gethostname(host, sizeof(host) - 1);
	snprintf(line, sizeof(line), "vsm %.20s  load %.2f %.2f %.2f  mem %s/%s  guests %u running %u stopped  up %s",
		 host, l1, l5, l15, mem, tot, running, stopped, up);
	bar_draw_text(stdscr, y, 0, width, line, A_BOLD);
}

static const struct bar_key main_keys[] = {
	{ "F1", "Help" }, { "s", "Start" }, { "S", "Stop" }, { "r", "Restart" },
	{ "k", "Kill" }, { "K", "KillAll" }, { "t", "Tree" }, { "/", "Filter" },
	{ "o", "Sort" }, { "q", "Quit" },
};

static void draw_too_small(int lines, int cols)
{
	char msg[128];
	snprintf(msg, sizeof(msg), "vsm needs %dx%d; this terminal is %dx%d.", MIN_COLS, MIN_LINES,
		 cols, lines);
	for (int y = 0; y < lines; y++)
		text_put(stdscr, y, 0, cols, y == lines / 2 ? msg : "", false);
	if (lines > 1)
		text_put(stdscr, lines / 2 + 1, 0, cols, "Enlarge it, or press q to quit.", false);
}

void screen_main_draw(struct console *c)
{
	int lines = LINES, cols = COLS;
	werase(stdscr);
	if (lines < MIN_LINES || cols < MIN_COLS) {
		draw_too_small(lines, cols);
		return;
	}
	const struct snapshot *s = c->snap;
	size_t ng = s ? s->nguests : 0;
	/* header, 2 titles, 2 table headers, status, keys = 7 fixed lines. */
	int rest = lines - 7;
	int grows = (int)ng < 1 ? 1 : (int)ng;
	if (grows > rest / 2)
		grows = rest / 2;
	int y = 0;
	draw_header(c, y++, cols);

	char title[128];
	snprintf(title, sizeof(title), "Guests (%zu)", ng ? ng - 1 : 0);
	pane_draw_title(stdscr, y++, 0, cols, title, c->focus == PANE_GUESTS, &c->glyphs);
	table_layout(&c->guests, cols);
	table_draw(&c->guests, stdscr, y, 0, grows + 1);
	y += grows + 1;

	if (c->all_guests)
		snprintf(title, sizeof(title), "Processes: all guests%s%s%s", c->tree ? " (tree)" : "",
			 c->filter[0] ? ", filter " : "", c->filter);
	else
		snprintf(title, sizeof(title), "Processes: %s%s%s%s", c->guest_name,
			 c->tree ? " (tree)" : "", c->filter[0] ? ", filter " : "", c->filter);
	pane_draw_title(stdscr, y++, 0, cols, title, c->focus == PANE_PROCS, &c->glyphs);
	table_layout(&c->procs, cols);
	int prows = lines - 2 - y;
	table_draw(&c->procs, stdscr, y, 0, prows);
	y += prows;

	if (c->mode == MODE_FILTER) {
		input_draw(&c->input, stdscr, y, 0, cols);
	} else {
		bar_draw_text(stdscr, y, 0, cols, c->status, c->status_error ? A_BOLD : A_NORMAL);
	}
	bar_draw_keys(stdscr, y + 1, 0, cols, main_keys, (int)(sizeof(main_keys) / sizeof(main_keys[0])));

	switch (c->mode) {
	case MODE_HELP:
		help_draw(&c->help, stdscr, 1, 2, lines - 2, cols - 4, &c->glyphs);
		break;
	case MODE_SIGNAL:
		menu_draw(&c->menu, stdscr, lines, cols, &c->glyphs);
		break;
	case MODE_CONFIRM: {
		char q[160];
		const char *what = c->pending == ACT_STOP ? "Stop" :
				   c->pending == ACT_RESTART ? "Restart" : "Signal";
		if (c->pending == ACT_SIGNAL_GUEST)
			snprintf(q, sizeof(q), "Send SIG%s to every process of %s?",
				 action_signal_names[c->pending_signal], c->pending_guest);
		else
			snprintf(q, sizeof(q), "%s guest %s?", what, c->pending_guest);
		dialog_draw_confirm(stdscr, lines, cols, "Confirm", q, &c->glyphs);
		break;
	}
	default:
		break;
	}
}

void screen_main_key(struct console *c, int key)
{
	struct table *t = c->focus == PANE_GUESTS ? &c->guests : &c->procs;
	if (table_key(t, key)) {
		if (t == &c->guests)
			procs_rebuild(c);
		return;
	}
	switch (key) {
	case '\t':
		c->focus = c->focus == PANE_GUESTS ? PANE_PROCS : PANE_GUESTS;
		c->guests.focused = c->focus == PANE_GUESTS;
		c->procs.focused = c->focus == PANE_PROCS;
		break;
	case 'o':
		if (t == &c->procs && c->tree) {
			console_set_status(c, false, "Sorting is off in tree view (t switches back)");
			break;
		}
		table_sort_next(t);
		console_set_status(c, false, "Sorted by %s", t->sort_col >= 0 ? t->cols[t->sort_col].title : "nothing");
		break;
	case 'O':
		t->sort_desc = !t->sort_desc;
		table_sort(t);
		break;
	case 't':
		c->tree = !c->tree;
		procs_rebuild(c);
		break;
	case 'g':
		c->all_guests = !c->all_guests;
		procs_rebuild(c);
		break;
	default:
		break;
	}
}

void screen_main_filter_changed(struct console *c)
{
	procs_rebuild(c);
}
