/* Line-drawing glyphs: the terminal's alternate character set, UTF-8, or plain ASCII for serial
 * consoles and terminals whose line drawing cannot be trusted (vt100 attached late shows "qqqq"). */
#ifndef VSM_WIDGETS_GLYPHS_H
#define VSM_WIDGETS_GLYPHS_H

#include <stdbool.h>
#include <curses.h>

struct glyphs {
	bool ascii;		/* every glyph is a 7-bit character */
	chtype hline, vline;	/* rules and box sides */
	chtype ul, ur, ll, lr;	/* box corners */
	/* Tree prefixes drawn inside text cells, two columns wide each. */
	const char *tree_branch;	/* a child with siblings below it */
	const char *tree_last;		/* the last child */
	const char *tree_vert;		/* an ancestor with siblings still to come */
	const char *tree_space;		/* an ancestor that was the last child */
};

/* Decide once, after initscr(): ASCII when FORCE_ASCII, when TERM names a vt100-class or dumb
 * terminal, when the terminal has no line-drawing capability, or when the locale is not UTF-8
 * (as htop does: line drawing is then the least trustworthy part of the screen). */
void glyphs_init(struct glyphs *g, bool force_ascii);
/* The rule above is a pure function of these inputs, for tests. */
bool glyphs_want_ascii(const char *term, bool has_acs, bool utf8, bool force_ascii);

#endif
