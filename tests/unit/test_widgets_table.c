/* Proves the table widget fits columns into 80 and fewer columns, sorts, keeps the selection on
 * its row across refreshes, and draws what a user should see (read back from an ncurses screen). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <curses.h>

#include "widgets/table.h"
#include "widgets/glyphs.h"
#include "widgets/input.h"
#include "widgets/help.h"
#include "widgets/dialog.h"

struct row { const char *name; int cpu; long id; };

static struct row rows[] = {
	{ "web", 30, 101 }, { "db", 5, 102 }, { "mail", 70, 103 }, { "dns", 5, 104 },
};

static const struct table_column cols[] = {
	{ "NAME", 12, 0, 0, false, false },
	{ "CPU%", 5, 0, 0, true, false },
	{ "UPTIME", 10, 0, 2, true, false },
	{ "IPS", 20, 0, 1, false, false },
	{ "COMMAND", 0, 10, 0, false, true },
};

static const char *cell(void *ctx, size_t r, int c, char *buf, size_t len)
{
	struct row *rs = ctx;
	switch (c) {
	case 0: return rs[r].name;
	case 1: snprintf(buf, len, "%d", rs[r].cpu); return buf;
	case 2: return "1:00";
	case 3: return "10.0.0.1/24";
	default: return "/sbin/init with a long argument list that will not fit";
	}
}

static int compare(void *ctx, size_t a, size_t b, int c)
{
	struct row *rs = ctx;
	if (c == 1)
		return (rs[a].cpu > rs[b].cpu) - (rs[a].cpu < rs[b].cpu);
	return strcmp(rs[a].name, rs[b].name);
}

static long row_id(void *ctx, size_t r) { return ((struct row *)ctx)[r].id; }

static const struct table_ops ops = { cell, compare, row_id };

static int sum_width(const struct table *t)
{
	int used = 0, shown = 0;
	for (int i = 0; i < t->ncols; i++)
		if (t->widths[i]) {
			used += t->widths[i];
			shown++;
		}
	return used + (shown ? shown - 1 : 0);
}

static void test_layout_fits_80_and_grows_flex(void **state)
{
	struct table t;
	table_init(&t, cols, 5, &ops, rows);
	table_layout(&t, 80);
	/* 12+5+10+20 + 4 separators = 51, the command column takes the other 29. */
	assert_int_equal(t.widths[4], 29);
	assert_int_equal(sum_width(&t), 80);
	table_layout(&t, 120);
	assert_int_equal(sum_width(&t), 120);
	table_free(&t);
}

static void test_layout_drops_highest_rank_first(void **state)
{
	struct table t;
	table_init(&t, cols, 5, &ops, rows);
	/* 12+5+10+20+10 + 4 = 61 wanted; at 50 the UPTIME column (drop 2) goes first. */
	table_layout(&t, 50);
	assert_int_equal(t.widths[2], 0);
	assert_int_equal(t.widths[3], 20);
	assert_true(sum_width(&t) <= 50);
	/* At 35 the IPS column goes too; the flexible column keeps its minimum or more. */
	table_layout(&t, 35);
	assert_int_equal(t.widths[3], 0);
	assert_true(t.widths[4] >= 10);
	assert_int_equal(t.widths[0], 12);
	assert_int_equal(sum_width(&t), 35);
	/* Narrower than the columns that are never dropped: cut from the right, never overflow. */
	table_layout(&t, 20);
	assert_true(sum_width(&t) <= 20);
	assert_int_equal(t.widths[0], 12);
	table_free(&t);
}

static void test_sort_and_selection_follows_row(void **state)
{
	struct table t;
	table_init(&t, cols, 5, &ops, rows);
	table_layout(&t, 80);
	assert_int_equal(table_set_rows(&t, 4), 0);
	assert_int_equal(table_selected_row(&t), 0); /* first row selected at start */
	assert_true(table_key(&t, KEY_DOWN));
	assert_int_equal(table_selected_row(&t), 1); /* db */
	t.sort_col = 1;
	t.sort_desc = true;
	table_sort(&t);
	/* mail 70, web 30, then the ties db and dns in the owner's order. */
	assert_int_equal(t.order[0], 2);
	assert_int_equal(t.order[1], 0);
	assert_int_equal(t.order[2], 1);
	assert_int_equal(t.order[3], 3);
	assert_int_equal(table_selected_row(&t), 1); /* still db */
	assert_int_equal(t.selected, 2);
	/* A refresh where db's CPU rises: it moves to the top and stays selected. */
	rows[1].cpu = 90;
	assert_int_equal(table_set_rows(&t, 4), 0);
	assert_int_equal(t.selected, 0);
	assert_int_equal(table_selected_row(&t), 1);
	rows[1].cpu = 5;
	/* Home/End and the empty table. */
	table_key(&t, KEY_END);
	assert_int_equal(t.selected, 3);
	table_key(&t, KEY_HOME);
	assert_int_equal(t.selected, 0);
	assert_false(table_key(&t, 'x'));
	assert_int_equal(table_set_rows(&t, 0), 0);
	assert_int_equal(table_selected_row(&t), -1);
	table_free(&t);
}

static void test_sort_next_cycles_visible_columns(void **state)
{
	struct table t;
	table_init(&t, cols, 5, &ops, rows);
	table_layout(&t, 50); /* UPTIME hidden */
	table_set_rows(&t, 4);
	int seen[6] = { 0 };
	for (int i = 0; i < 6; i++) {
		table_sort_next(&t);
		seen[i] = t.sort_col;
	}
	assert_int_equal(seen[0], 0);
	assert_int_equal(seen[1], 1);
	assert_int_equal(seen[2], 3); /* skips the hidden column */
	assert_int_equal(seen[3], 4);
	assert_int_equal(seen[4], -1);
	table_free(&t);
}

static SCREEN *scr;

static int screen_setup(void **state)
{
	FILE *out = fopen("/dev/null", "w"), *in = fopen("/dev/null", "r");
	setenv("LINES", "24", 1);
	setenv("COLUMNS", "80", 1);
	scr = newterm("vt100", out, in);
	return scr ? 0 : -1;
}

static int screen_teardown(void **state)
{
	endwin();
	delscreen(scr);
	return 0;
}

static void screen_line(int y, char *buf, int n)
{
	mvwinnstr(stdscr, y, 0, buf, n);
	buf[n] = '\0';
}

static void test_draw_shows_header_rows_and_cuts_text(void **state)
{
	struct table t;
	char line[81];
	table_init(&t, cols, 5, &ops, rows);
	table_layout(&t, 80);
	t.sort_col = 0;
	table_set_rows(&t, 4);
	werase(stdscr);
	table_draw(&t, stdscr, 2, 0, 4);
	screen_line(2, line, 80);
	assert_non_null(strstr(line, "NAME^"));
	assert_non_null(strstr(line, "COMMAND"));
	screen_line(3, line, 80);
	assert_memory_equal(line, "db  ", 4);
	/* The command is cut at the edge, nothing wraps onto the next line. */
	assert_int_equal(strlen(line), 80);
	assert_non_null(strstr(line, "/sbin/init with"));
	screen_line(4, line, 80);
	assert_memory_equal(line, "dns ", 4);
	assert_int_equal(t.visible, 3);
	/* Selection scrolls: End moves the window so the last row is visible. */
	table_key(&t, KEY_END);
	werase(stdscr);
	table_draw(&t, stdscr, 2, 0, 4);
	screen_line(5, line, 80);
	assert_memory_equal(line, "web ", 4);
	assert_true((mvwinch(stdscr, 5, 0) & A_REVERSE) == 0); /* not focused: bold only */
	table_free(&t);
}

static void test_glyphs_choose_ascii(void **state)
{
	assert_true(glyphs_want_ascii("vt100", true, true, false));
	assert_true(glyphs_want_ascii("vt102", true, true, false));
	assert_true(glyphs_want_ascii("xterm-256color", true, true, true));
	assert_true(glyphs_want_ascii("xterm", false, true, false));
	assert_true(glyphs_want_ascii("xterm-256color", true, false, false)); /* C locale */
	assert_false(glyphs_want_ascii("xterm-256color", true, true, false));
	assert_false(glyphs_want_ascii("linux", true, true, false));
	assert_false(glyphs_want_ascii("vt100x", true, true, false));
}

static void test_input_edits_and_finishes(void **state)
{
	struct input_line in;
	input_init(&in, "/", NULL, NULL);
	const int keys[] = { 'w', 'e', 'x', KEY_BACKSPACE, 'b', KEY_HOME, 'a', KEY_END };
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		assert_int_equal(input_key(&in, keys[i]), INPUT_EDITING);
	assert_string_equal(in.buf, "aweb");
	assert_int_equal(input_key(&in, '\n'), INPUT_DONE);
	assert_int_equal(input_key(&in, 27), INPUT_CANCEL);
}

static void test_dialogs_and_help_keys(void **state)
{
	assert_int_equal(dialog_key_confirm('y'), DIALOG_YES);
	assert_int_equal(dialog_key_confirm(27), DIALOG_NO);
	assert_int_equal(dialog_key_confirm(KEY_RESIZE), DIALOG_OPEN);
	static const char *const items[] = { "TERM", "KILL", "HUP" };
	struct menu m;
	menu_init(&m, "Signal", items, 3, 0);
	assert_int_equal(menu_key(&m, KEY_DOWN), DIALOG_OPEN);
	assert_int_equal(menu_key(&m, KEY_DOWN), DIALOG_OPEN);
	assert_int_equal(menu_key(&m, KEY_DOWN), DIALOG_OPEN);
	assert_int_equal(m.selected, 2);
	assert_int_equal(menu_key(&m, '\n'), DIALOG_YES);
	static const struct help_entry he[] = { { NULL, "Moving" }, { "Up", "up" }, { "q", "quit" } };
	struct help_view h;
	help_init(&h, "Help", he, 3);
	assert_true(help_key(&h, KEY_DOWN));
	assert_true(help_key(&h, KEY_RESIZE));
	assert_false(help_key(&h, 'q'));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layout_fits_80_and_grows_flex),
		cmocka_unit_test(test_layout_drops_highest_rank_first),
		cmocka_unit_test(test_sort_and_selection_follows_row),
		cmocka_unit_test(test_sort_next_cycles_visible_columns),
		cmocka_unit_test(test_draw_shows_header_rows_and_cuts_text),
		cmocka_unit_test(test_glyphs_choose_ascii),
		cmocka_unit_test(test_input_edits_and_finishes),
		cmocka_unit_test(test_dialogs_and_help_keys),
	};
	return cmocka_run_group_tests(tests, screen_setup, screen_teardown);
}
