/* A scrollable read-only text box (a guest's log): lines of text in a bordered overlay. */
#ifndef VSM_WIDGETS_PAGER_H
#define VSM_WIDGETS_PAGER_H

#include <stdbool.h>
#include <stddef.h>
#include <curses.h>
#include "widgets/glyphs.h"

struct pager {
	char title[96];
	char *text;		/* owned: the lines, '\n' replaced by '\0' */
	char **lines;		/* owned: pointers into text */
	int nlines;
	int top;		/* first line shown; -1 = show the end */
	int visible;
};

/* Take TEXT (LEN bytes, copied); control characters other than tab become '?' so nothing in a log
 * can move the cursor or change the terminal. Starts at the end. 0 or -ENOMEM. */
int pager_set_text(struct pager *p, const char *title, const char *text, size_t len);
void pager_free(struct pager *p);
void pager_draw(struct pager *p, WINDOW *w, int y, int x, int height, int width,
		const struct glyphs *g);
/* Arrows/PgUp/PgDn/Home/End scroll; true while the pager stays open. */
bool pager_key(struct pager *p, int key);

#endif
