/* Pane title rules. The focused pane's title is bracketed and bold, so focus shows without colour. */
#include "widgets/pane.h"

#include <stdio.h>
#include "widgets/text.h"

void pane_draw_title(WINDOW *w, int y, int x, int width, const char *title, bool focused,
		     const struct glyphs *g)
{
	if (width <= 0)
		return;
	char buf[256];
	snprintf(buf, sizeof(buf), focused ? "[ %s ]" : "  %s  ", title);
	int tw = text_width(buf);
	int lead = width > 4 ? 2 : 0;
	if (tw > width - lead)
		tw = width - lead;
	wattrset(w, A_NORMAL);
	mvwhline(w, y, x, g->hline, lead);
	wattrset(w, focused ? A_BOLD : A_NORMAL);
	text_put(w, y, x + lead, tw, buf, false);
	wattrset(w, A_NORMAL);
	if (width - lead - tw > 0)
		mvwhline(w, y, x + lead + tw, g->hline, width - lead - tw);
}
