/* One-line bars: the header line, the status line (messages and errors), the key bar. */
#ifndef VSM_WIDGETS_BAR_H
#define VSM_WIDGETS_BAR_H

#include <stdbool.h>
#include <curses.h>

struct bar_key {
	const char *key;	/* as printed: "F1", "s", "Tab" */
	const char *label;	/* "Help", "Start" */
};

/* TEXT across WIDTH columns with ATTR (A_NORMAL, A_REVERSE, A_BOLD…), padded with spaces. */
void bar_draw_text(WINDOW *w, int y, int x, int width, const char *text, attr_t attr);
/* "key label  key label …" with the keys in reverse video; keys that do not fit are left off
 * whole, never cut in half. */
void bar_draw_keys(WINDOW *w, int y, int x, int width, const struct bar_key *keys, int nkeys);

#endif
