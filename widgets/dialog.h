/* Modal overlays that never block the main loop: the owner keeps the state, draws it every frame
 * (so a resize while a dialog is open just redraws it) and feeds it keys. */
#ifndef VSM_WIDGETS_DIALOG_H
#define VSM_WIDGETS_DIALOG_H

#include <curses.h>
#include "widgets/glyphs.h"

enum dialog_result {
	DIALOG_OPEN,	/* still waiting */
	DIALOG_YES,	/* confirmed, or a menu item chosen */
	DIALOG_NO,	/* refused or cancelled (Esc) */
};

/* "Stop guest web?  [y] Yes  [n] No", centred in the SH x SW screen. */
void dialog_draw_confirm(WINDOW *w, int sh, int sw, const char *title, const char *question,
			 const struct glyphs *g);
/* y/Y/Enter confirm; n/N/Esc/q refuse; anything else keeps the dialog open. */
enum dialog_result dialog_key_confirm(int key);

struct menu {
	const char *title;
	const char *const *items;
	int nitems;
	int selected;
	int top;
};

void menu_init(struct menu *m, const char *title, const char *const *items, int n, int selected);
void menu_draw(struct menu *m, WINDOW *w, int sh, int sw, const struct glyphs *g);
/* Arrows/PgUp/PgDn/Home/End move, Enter chooses (m->selected), Esc/q cancels. */
enum dialog_result menu_key(struct menu *m, int key);

#endif
