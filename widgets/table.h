/* A sortable, scrollable table that fits its columns to the width it is given. It knows nothing
 * of what its rows are: the owner supplies cell text, a comparison and a stable row id. */
#ifndef VSM_WIDGETS_TABLE_H
#define VSM_WIDGETS_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <curses.h>

#define TABLE_MAX_COLS 16

struct table_column {
	const char *title;
	int width;	/* columns wanted; for the flexible column, the most it needs (0 = any) */
	int min_width;	/* the flexible column never shrinks below this */
	int drop;	/* 0 = always shown; otherwise columns with the highest value go first
			   when the table is too narrow */
	bool right;	/* right-aligned (numbers) */
	bool flex;	/* takes the space left over (at most one column) */
};

struct table;

struct table_ops {
	/* Text of cell (ROW, COL) into BUF (LEN bytes); return BUF or a constant string. */
	const char *(*cell)(void *ctx, size_t row, int col, char *buf, size_t len);
	/* <0, 0, >0 comparing rows A and B on column COL (ascending). NULL: the column is not
	 * sortable and rows keep the owner's order. */
	int (*compare)(void *ctx, size_t a, size_t b, int col);
	/* A value that names the same row from one refresh to the next (a pid, a guest index). */
	long (*row_id)(void *ctx, size_t row);
};

struct table {
	const struct table_column *cols;
	int ncols;
	const struct table_ops *ops;
	void *ctx;

	bool hidden[TABLE_MAX_COLS];	/* set by the owner: left out of the layout */
	int widths[TABLE_MAX_COLS];	/* from table_layout: 0 = column hidden */
	int layout_width;

	size_t nrows;
	size_t *order;		/* display position -> owner's row index */
	size_t order_cap;
	size_t selected;	/* display position */
	size_t top;		/* first display position on screen */
	long selected_id;	/* follows the row across refreshes and re-sorts */
	bool have_selection;
	int visible;		/* rows that fit, from the last draw */

	int sort_col;		/* -1: the owner's order */
	bool sort_desc;
	bool focused;
};

void table_init(struct table *t, const struct table_column *cols, int ncols,
		const struct table_ops *ops, void *ctx);
void table_free(struct table *t);

/* Fit the columns into WIDTH terminal columns (one space between columns): drop columns by their
 * `drop` rank until the rest fits, then give the flexible column what is left. */
void table_layout(struct table *t, int width);

/* The owner's rows changed (a refresh): take NROWS rows, sort them, keep the selection on the
 * same row id when it is still there, else on the same position. Returns 0 or -ENOMEM. */
int table_set_rows(struct table *t, size_t nrows);
/* Re-sort after sort_col/sort_desc changed, keeping the selected row. */
void table_sort(struct table *t);
/* Sort by the next sortable visible column (wraps to "no sort"). */
void table_sort_next(struct table *t);

/* Arrows, PgUp/PgDn, Home/End. Returns true when the key was used. */
bool table_key(struct table *t, int key);

/* The owner's index of the selected row, or -1 when the table is empty. */
long table_selected_row(const struct table *t);
/* Select the row with this id; false when no row has it. */
bool table_select_id(struct table *t, long id);

/* Draw the header line at Y and rows below it, HEIGHT lines in all, X..X+layout_width. Only
 * writes the cells of this area; ncurses sends the terminal only what changed. */
void table_draw(struct table *t, WINDOW *w, int y, int x, int height);

#endif
