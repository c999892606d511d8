/* Confirmation dialog and pick-one menu. */
#include "widgets/dialog.h"

#include "widgets/box.h"
#include "widgets/text.h"

#define KEY_ESC 27

void dialog_draw_confirm(WINDOW *w, int sh, int sw, const char *title, const char *question,
			 const struct glyphs *g)
{
	const char *buttons = "[y] Yes   [n] No";
	int width = text_width(question) + 6;
	if (width < text_width(buttons) + 6)
		width = text_width(buttons) + 6;
	if (width > sw)
		width = sw;
	int h = 6, y = (sh - h) / 2, x = (sw - width) / 2;
	box_draw(w, y, x, h, width, title, g);
	text_put(w, y + 2, x + 3, width - 6, question, false);
	int bw = text_width(buttons);
	wattrset(w, A_BOLD);
	text_put(w, y + 3, x + (width - bw) / 2, bw, buttons, false);
	wattrset(w, A_NORMAL);
}

enum dialog_result dialog_key_confirm(int key)
{
	switch (key) {
	case 'y': case 'Y': case '\n': case '\r': case KEY_ENTER:
		return DIALOG_YES;
	case 'n': case 'N': case 'q': case KEY_ESC:
		return DIALOG_NO;
	default:
		return DIALOG_OPEN;
	}
}

void menu_init(struct menu *m, const char *title, const char *const *items, int n, int selected)
{
	m->title = title;
	m->items = items;
	m->nitems = n;
	m->selected = selected >= 0 && selected < n ? selected : 0;
	m->top = 0;
}

void menu_draw(struct menu *m, WINDOW *w, int sh, int sw, const struct glyphs *g)
{
	int width = text_width(m->title) + 8;
	for (int i = 0; i < m->nitems; i++)
		if (text_width(m->items[i]) + 6 > width)
			width = text_width(m->items[i]) + 6;
	if (width > sw)
		width = sw;
	int h = m->nitems + 2;
	if (h > sh - 2)
		h = sh - 2;
	int rows = h - 2;
	if (rows < 1)
		return;
	if (m->selected < m->top)
		m->top = m->selected;
	if (m->selected >= m->top + rows)
		m->top = m->selected - rows + 1;
	int y = (sh - h) / 2, x = (sw - width) / 2;
	box_draw(w, y, x, h, width, m->title, g);
	for (int i = 0; i < rows && m->top + i < m->nitems; i++) {
		int idx = m->top + i;
		wattrset(w, idx == m->selected ? A_REVERSE : A_NORMAL);
		text_put(w, y + 1 + i, x + 2, width - 4, m->items[idx], false);
	}
	wattrset(w, A_NORMAL);
}

enum dialog_result menu_key(struct menu *m, int key)
{
	switch (key) {
	case KEY_UP: if (m->selected > 0) m->selected--; break;
	case KEY_DOWN: if (m->selected < m->nitems - 1) m->selected++; break;
	case KEY_PPAGE: m->selected = m->selected > 8 ? m->selected - 8 : 0; break;
	case KEY_NPAGE: m->selected = m->selected + 8 < m->nitems ? m->selected + 8 : m->nitems - 1; break;
	case KEY_HOME: m->selected = 0; break;
	case KEY_END: m->selected = m->nitems - 1; break;
	case '\n': case '\r': case KEY_ENTER: return DIALOG_YES;
	case 'q': case KEY_ESC: return DIALOG_NO;
	default: break;
	}
	return DIALOG_OPEN;
}
