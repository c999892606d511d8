/* Writing text into a fixed number of terminal columns (multibyte-aware, never past the cell). */
#ifndef VSM_WIDGETS_TEXT_H
#define VSM_WIDGETS_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <curses.h>

/* Display columns of S (UTF-8 in a UTF-8 locale; a byte each otherwise). */
int text_width(const char *s);
/* Bytes of S that fit in COLS columns. */
size_t text_fit(const char *s, int cols);
/* Put S at Y,X padded or cut to exactly WIDTH columns, right-aligned when RIGHT. */
void text_put(WINDOW *w, int y, int x, int width, const char *s, bool right);

#endif
