/* Boxes for overlays (help, dialogs, menus), with ASCII or line-drawing borders. */
#ifndef VSM_WIDGETS_BOX_H
#define VSM_WIDGETS_BOX_H

#include <curses.h>
#include "widgets/glyphs.h"

/* Clear the H x W area at Y,X and draw a border with TITLE in the top edge. */
void box_draw(WINDOW *w, int y, int x, int h, int width, const char *title, const struct glyphs *g);

#endif
