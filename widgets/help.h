/* A scrollable help screen: sections of "keys  what they do" lines. */
#ifndef VSM_WIDGETS_HELP_H
#define VSM_WIDGETS_HELP_H

#include <stdbool.h>
#include <curses.h>
#include "widgets/glyphs.h"

struct help_entry {
	const char *keys;	/* NULL: TEXT is a section heading */
	const char *text;
};

struct help_view {
	const char *title;
	const struct help_entry *entries;
	int nentries;
	int top;	/* first entry shown */
	int visible;	/* from the last draw */
};

void help_init(struct help_view *h, const char *title, const struct help_entry *e, int n);
/* Fill the H x W area at Y,X with the help box. */
void help_draw(struct help_view *h, WINDOW *w, int y, int x, int height, int width,
	       const struct glyphs *g);
/* Arrows and paging scroll; true when the help stays open, false when the key closes it. */
bool help_key(struct help_view *h, int key);

#endif
