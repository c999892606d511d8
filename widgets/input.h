/* A one-line text input (filter, later the `:` command line). Its behaviour sits behind a small
 * ops table so the readline bridge of the command mode can replace the built-in editor without
 * the screens changing. */
#ifndef VSM_WIDGETS_INPUT_H
#define VSM_WIDGETS_INPUT_H

#include <stddef.h>
#include <curses.h>

#define INPUT_MAX 256

enum input_result {
	INPUT_EDITING,
	INPUT_DONE,	/* Enter: buf holds the line */
	INPUT_CANCEL,	/* Esc */
};

struct input_line;

struct input_ops {
	enum input_result (*key)(struct input_line *in, int key);
	void (*draw)(struct input_line *in, WINDOW *w, int y, int x, int width);
};

struct input_line {
	const struct input_ops *ops;
	const char *prompt;
	char buf[INPUT_MAX];
	size_t len;
	size_t cur;	/* cursor, byte offset */
	void *priv;	/* for a replacement editor */
};

/* The built-in editor: printable ASCII, Backspace, Delete, Left/Right, Home/End, Ctrl-U. */
extern const struct input_ops input_ops_basic;

void input_init(struct input_line *in, const char *prompt, const char *initial,
		const struct input_ops *ops);
static inline enum input_result input_key(struct input_line *in, int key)
{
	return in->ops->key(in, key);
}
/* Draws the line and leaves the terminal cursor at the editing point. */
static inline void input_draw(struct input_line *in, WINDOW *w, int y, int x, int width)
{
	in->ops->draw(in, w, y, x, width);
}

#endif
