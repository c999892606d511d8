/* A pane's title rule: "--[ Title ]------" across the pane's width, marking the focused pane. */
#ifndef VSM_WIDGETS_PANE_H
#define VSM_WIDGETS_PANE_H

#include <stdbool.h>
#include <curses.h>
#include "widgets/glyphs.h"

void pane_draw_title(WINDOW *w, int y, int x, int width, const char *title, bool focused,
		     const struct glyphs *g);

#endif
