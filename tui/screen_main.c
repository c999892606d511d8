/* The main screen: header, guest table, process pane of the selected guest (or of all guests,
 * as a list or a tree), status line and key bar. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/sysinfo.h>

#include "tui/console.h"
#include "tui/tables.h"
#include "widgets/bar.h"
#include "widgets/pane.h"
#include "widgets/text.h"

#define MIN_LINES 24
#define MIN_COLS 80

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
	pager_free(&c->pager);
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
		proc_tree_order(c, sel, n);
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
	if (first && c->snap && c->snap->nguests > 1 &&
	    !(c->opt.guest && table_select_id(&c->guests, tables_name_id(c->opt.guest))))
		table_select_id(&c->guests, tables_name_id(c->snap->guests[1].name));
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
	char host[24] = "";
	gethostname(host, sizeof(host) - 1);
	/* The host name and the uptime are the first to go when the line is too long. */
	for (int parts = 2; parts >= 0; parts--) {
		snprintf(line, sizeof(line), "%s%s%sload %.2f %.2f %.2f  mem %s/%s  guests %u running %u stopped%s%s",
			 parts == 2 ? "vsm " : "", parts == 2 ? host : "", parts == 2 ? "  " : "",
			 l1, l5, l15, mem, tot, running, stopped, parts >= 1 ? "  up " : "",
			 parts >= 1 ? up : "");
		if (text_width(line) <= width)
			break;
	}
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
	/* The tree is in parent order: no column is marked as sorted while it shows. */
	int sorted = c->procs.sort_col;
	if (c->tree)
		c->procs.sort_col = -1;
	table_draw(&c->procs, stdscr, y, 0, prows);
	c->procs.sort_col = sorted;
	y += prows;

	if (c->mode == MODE_FILTER || c->mode == MODE_EXEC || c->mode == MODE_COMMAND) {
		input_draw(&c->input, stdscr, y, 0, cols);
	} else {
		bar_draw_text(stdscr, y, 0, cols, c->status, c->status_error ? A_BOLD : A_NORMAL);
	}
	bar_draw_keys(stdscr, y + 1, 0, cols, main_keys, (int)(sizeof(main_keys) / sizeof(main_keys[0])));

	switch (c->mode) {
	case MODE_HELP:
		help_draw(&c->help, stdscr, 1, 2, lines - 2, cols - 4, &c->glyphs);
		break;
	case MODE_LOG:
		pager_draw(&c->pager, stdscr, 1, 0, lines - 2, cols, &c->glyphs);
		break;
	case MODE_SIGNAL:
		menu_draw(&c->menu, stdscr, lines, cols, &c->glyphs);
		break;
	case MODE_CONFIRM: {
		char q[160];
		const char *what = c->pending == ACT_STOP ? "Stop" :
				   c->pending == ACT_RESTART ? "Restart" : "Signal";
		if (c->pending == ACT_DELETE)
			snprintf(q, sizeof(q), "Delete guest %s: its files, config and log?", c->pending_guest);
		else if (c->pending == ACT_SIGNAL_GUEST)
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
