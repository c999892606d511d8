/* Help screen drawing and scrolling. */
#include "widgets/help.h"

#include "widgets/box.h"
#include "widgets/text.h"

void help_init(struct help_view *h, const char *title, const struct help_entry *e, int n)
{
	h->title = title;
	h->entries = e;
	h->nentries = n;
	h->top = 0;
	h->visible = 1;
}

void help_draw(struct help_view *h, WINDOW *w, int y, int x, int height, int width,
	       const struct glyphs *g)
{
	box_draw(w, y, x, height, width, h->title, g);
	h->visible = height - 3;
	if (h->visible < 1)
		h->visible = 1;
	if (h->top > h->nentries - h->visible)
		h->top = h->nentries - h->visible;
	if (h->top < 0)
		h->top = 0;
	int kw = 0;
	for (int i = 0; i < h->nentries; i++) {
		int n = h->entries[i].keys ? text_width(h->entries[i].keys) : 0;
		if (n > kw)
			kw = n;
	}
	int inner = width - 4;
	if (kw > inner / 2)
		kw = inner / 2;
	for (int line = 0; line < h->visible && h->top + line < h->nentries; line++) {
		const struct help_entry *e = &h->entries[h->top + line];
		int ly = y + 1 + line;
		if (!e->keys) {
			wattrset(w, A_BOLD);
			text_put(w, ly, x + 2, inner, e->text, false);
			wattrset(w, A_NORMAL);
			continue;
		}
		wattrset(w, A_BOLD);
		text_put(w, ly, x + 2, kw, e->keys, false);
		wattrset(w, A_NORMAL);
		text_put(w, ly, x + 2 + kw, 2, "", false);
		text_put(w, ly, x + 4 + kw, inner - kw - 2, e->text, false);
	}
	const char *foot = h->nentries > h->visible ? "Arrows/PgUp/PgDn scroll, any other key closes"
						    : "Any key closes";
	text_put(w, y + height - 2, x + 2, width - 4, foot, false);
}

bool help_key(struct help_view *h, int key)
{
	int page = h->visible > 1 ? h->visible - 1 : 1;
	switch (key) {
	case KEY_UP: h->top--; break;
	case KEY_DOWN: h->top++; break;
	case KEY_PPAGE: h->top -= page; break;
	case KEY_NPAGE: h->top += page; break;
	case KEY_HOME: h->top = 0; break;
	case KEY_END: h->top = h->nentries; break;
	case KEY_RESIZE: break;
	default: return false;
	}
	if (h->top > h->nentries - h->visible)
		h->top = h->nentries - h->visible;
	if (h->top < 0)
		h->top = 0;
	return true;
}
