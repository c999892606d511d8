/* Column-exact text output for table cells, titles and status lines. */
#include "widgets/text.h"

#include <string.h>
#include <stdlib.h>
#include <wchar.h>

/* Width of the next character at S (length *LEN bytes); invalid bytes count as one column. */
static int text_next(const char *s, size_t *len)
{
	mbstate_t st;
	wchar_t wc;
	memset(&st, 0, sizeof(st));
	size_t n = mbrtowc(&wc, s, MB_CUR_MAX, &st);
	if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
		*len = 1;
		return 1;
	}
	*len = n;
	int w = wcwidth(wc);
	return w < 0 ? 1 : w;
}

int text_width(const char *s)
{
	int cols = 0;
	size_t len;
	for (; *s; s += len)
		cols += text_next(s, &len);
	return cols;
}

/* Bytes of S that fit in COLS columns; their width in *WIDTH. */
static size_t text_fit_width(const char *s, int cols, int *width)
{
	size_t used = 0, len;
	int w = 0;
	while (s[used]) {
		int cw = text_next(s + used, &len);
		if (w + cw > cols)
			break;
		w += cw;
		used += len;
	}
	*width = w;
	return used;
}

size_t text_fit(const char *s, int cols)
{
	int w;
	return text_fit_width(s, cols, &w);
}

void text_put(WINDOW *w, int y, int x, int width, const char *s, bool right)
{
	if (width <= 0)
		return;
	int tw;
	size_t n = text_fit_width(s, width, &tw);
	int pad = width - tw;
	wmove(w, y, x);
	if (right)
		for (int i = 0; i < pad; i++)
			waddch(w, ' ');
	if (n)
		waddnstr(w, s, (int)n);
	if (!right)
		for (int i = 0; i < pad; i++)
			waddch(w, ' ');
}
