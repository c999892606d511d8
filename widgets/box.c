/* Bordered overlay boxes drawn into the screen window (no extra windows: one diff per frame). */
#include "widgets/box.h"

#include <stdio.h>
#include "widgets/text.h"

void box_draw(WINDOW *w, int y, int x, int h, int width, const char *title, const struct glyphs *g)
{
	if (h < 2 || width < 2)
		return;
	wattrset(w, A_NORMAL);
	for (int i = 1; i < h - 1; i++) {
		mvwaddch(w, y + i, x, g->vline);
		text_put(w, y + i, x + 1, width - 2, "", false);
		mvwaddch(w, y + i, x + width - 1, g->vline);
	}
	mvwaddch(w, y, x, g->ul);
	mvwhline(w, y, x + 1, g->hline, width - 2);
	mvwaddch(w, y, x + width - 1, g->ur);
	mvwaddch(w, y + h - 1, x, g->ll);
	mvwhline(w, y + h - 1, x + 1, g->hline, width - 2);
	mvwaddch(w, y + h - 1, x + width - 1, g->lr);
	if (title && *title && width > 6) {
		char buf[128];
		snprintf(buf, sizeof(buf), " %s ", title);
		int tw = text_width(buf);
		if (tw > width - 4)
			tw = width - 4;
		wattrset(w, A_BOLD);
		text_put(w, y, x + 2, tw, buf, false);
		wattrset(w, A_NORMAL);
	}
}
