/* Sortable table: column fitting, ordering, selection that follows its row, drawing. */
#include "widgets/table.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "widgets/text.h"

void table_init(struct table *t, const struct table_column *cols, int ncols,
		const struct table_ops *ops, void *ctx)
{
	memset(t, 0, sizeof(*t));
	t->cols = cols;
	t->ncols = ncols > TABLE_MAX_COLS ? TABLE_MAX_COLS : ncols;
	t->ops = ops;
	t->ctx = ctx;
	t->sort_col = -1;
}

void table_free(struct table *t)
{
	free(t->order);
	t->order = NULL;
	t->order_cap = t->nrows = 0;
}

void table_layout(struct table *t, int width)
{
	int flex = -1, used = 0, shown = 0;
	t->layout_width = width < 0 ? 0 : width;
	for (int i = 0; i < t->ncols; i++) {
		const struct table_column *c = &t->cols[i];
		if (t->hidden[i]) {
			t->widths[i] = 0;
			continue;
		}
		if (c->flex && flex < 0) {
			flex = i;
			t->widths[i] = c->min_width > 0 ? c->min_width : 1;
		} else {
			t->widths[i] = c->width;
		}
		used += t->widths[i];
		shown++;
	}
	used += shown > 0 ? shown - 1 : 0;
	/* Drop the highest-ranked droppable column (the rightmost on ties) until it fits. */
	while (used > width) {
		int victim = -1;
		for (int i = 0; i < t->ncols; i++)
			if (t->widths[i] > 0 && t->cols[i].drop > 0 &&
			    (victim < 0 || t->cols[i].drop >= t->cols[victim].drop))
				victim = i;
		if (victim < 0)
			break;
		used -= t->widths[victim] + (shown > 1 ? 1 : 0);
		t->widths[victim] = 0;
		shown--;
	}
	/* Still too wide: cut columns from the right. */
	for (int i = t->ncols - 1; i >= 0 && used > width; i--) {
		if (t->widths[i] == 0)
			continue;
		int over = used - width;
		if (t->widths[i] > over) {
			t->widths[i] -= over;
			used = width;
		} else {
			used -= t->widths[i] + (shown > 1 ? 1 : 0);
			t->widths[i] = 0;
			shown--;
		}
	}
	if (flex >= 0 && t->widths[flex] > 0 && used < width) {
		int grow = width - used;
		int cap = t->cols[flex].width;
		if (cap > 0 && t->widths[flex] + grow > cap)
			grow = cap - t->widths[flex];
		if (grow > 0)
			t->widths[flex] += grow;
	}
}

static int table_cmp(const void *pa, const void *pb, void *arg)
{
	const struct table *t = arg;
	size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
	int r = t->ops->compare(t->ctx, a, b, t->sort_col);
	if (t->sort_desc)
		r = -r;
	/* Ties keep the owner's order so rows do not jump between refreshes. */
	return r ? r : (a < b ? -1 : a > b);
}

static void table_clamp(struct table *t)
{
	if (t->nrows == 0) {
		t->selected = t->top = 0;
		return;
	}
	if (t->selected >= t->nrows)
		t->selected = t->nrows - 1;
	size_t vis = t->visible > 0 ? (size_t)t->visible : 1;
	if (t->selected < t->top)
		t->top = t->selected;
	if (t->selected >= t->top + vis)
		t->top = t->selected - vis + 1;
	if (t->top + vis > t->nrows)
		t->top = t->nrows > vis ? t->nrows - vis : 0;
}

static void table_remember(struct table *t)
{
	t->have_selection = t->nrows > 0 && t->ops->row_id;
	if (t->have_selection)
		t->selected_id = t->ops->row_id(t->ctx, t->order[t->selected]);
}

bool table_select_id(struct table *t, long id)
{
	if (!t->ops->row_id)
		return false;
	for (size_t i = 0; i < t->nrows; i++) {
		if (t->ops->row_id(t->ctx, t->order[i]) == id) {
			t->selected = i;
			table_clamp(t);
			table_remember(t);
			return true;
		}
	}
	return false;
}

void table_sort(struct table *t)
{
	for (size_t i = 0; i < t->nrows; i++)
		t->order[i] = i;
	if (t->sort_col >= 0 && t->sort_col < t->ncols && t->ops->compare && t->nrows > 1)
		qsort_r(t->order, t->nrows, sizeof(t->order[0]), table_cmp, t);
	if (!(t->have_selection && table_select_id(t, t->selected_id))) {
		table_clamp(t);
		table_remember(t);
	}
}

int table_set_rows(struct table *t, size_t nrows)
{
	if (nrows > t->order_cap) {
		size_t cap = nrows < 64 ? 64 : nrows * 2;
		size_t *o = realloc(t->order, cap * sizeof(*o));
		if (!o)
			return -ENOMEM;
		t->order = o;
		t->order_cap = cap;
	}
	t->nrows = nrows;
	table_sort(t);
	return 0;
}

void table_sort_next(struct table *t)
{
	for (int i = t->sort_col + 1; i < t->ncols; i++) {
		if (t->widths[i] > 0 || t->layout_width == 0) {
			t->sort_col = i;
			table_sort(t);
			return;
		}
	}
	t->sort_col = -1;
	table_sort(t);
}

bool table_key(struct table *t, int key)
{
	size_t page = t->visible > 1 ? (size_t)t->visible - 1 : 1;
	switch (key) {
	case KEY_UP:
		if (t->selected > 0)
			t->selected--;
		break;
	case KEY_DOWN:
		t->selected++;
		break;
	case KEY_PPAGE:
		t->selected = t->selected > page ? t->selected - page : 0;
		break;
	case KEY_NPAGE:
		t->selected += page;
		break;
	case KEY_HOME:
		t->selected = 0;
		break;
	case KEY_END:
		t->selected = t->nrows ? t->nrows - 1 : 0;
		break;
	default:
		return false;
	}
	table_clamp(t);
	table_remember(t);
	return true;
}

long table_selected_row(const struct table *t)
{
	return t->nrows ? (long)t->order[t->selected] : -1;
}

static void table_draw_header(struct table *t, WINDOW *w, int y, int x)
{
	int cx = x;
	wattrset(w, A_REVERSE);
	for (int i = 0; i < t->ncols; i++) {
		if (t->widths[i] == 0)
			continue;
		char title[64];
		const char *mark = "";
		if (i == t->sort_col)
			mark = t->sort_desc ? "v" : "^";
		snprintf(title, sizeof(title), "%s%s", t->cols[i].title, mark);
		text_put(w, y, cx, t->widths[i], title, t->cols[i].right);
		cx += t->widths[i];
		if (cx < x + t->layout_width) {
			mvwaddch(w, y, cx, ' ');
			cx++;
		}
	}
	while (cx < x + t->layout_width)
		mvwaddch(w, y, cx++, ' ');
	wattrset(w, A_NORMAL);
}

void table_draw(struct table *t, WINDOW *w, int y, int x, int height)
{
	if (height <= 0)
		return;
	table_draw_header(t, w, y, x);
	t->visible = height - 1;
	table_clamp(t);
	char buf[512];
	for (int line = 0; line < t->visible; line++) {
		size_t pos = t->top + (size_t)line;
		int cx = x, ly = y + 1 + line;
		if (pos >= t->nrows) {
			wattrset(w, A_NORMAL);
			wmove(w, ly, x);
			for (int i = 0; i < t->layout_width; i++)
				waddch(w, ' ');
			continue;
		}
		bool sel = pos == t->selected;
		wattrset(w, sel ? (t->focused ? A_REVERSE : A_BOLD) : A_NORMAL);
		for (int i = 0; i < t->ncols; i++) {
			if (t->widths[i] == 0)
				continue;
			const char *s = t->ops->cell(t->ctx, t->order[pos], i, buf, sizeof(buf));
			text_put(w, ly, cx, t->widths[i], s ? s : "", t->cols[i].right);
			cx += t->widths[i];
			if (cx < x + t->layout_width)
				mvwaddch(w, ly, cx++, ' ');
		}
		while (cx < x + t->layout_width)
			mvwaddch(w, ly, cx++, ' ');
	}
	wattrset(w, A_NORMAL);
}
