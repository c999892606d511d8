/* Header, status and key bars. */
#include "widgets/bar.h"

#include "widgets/text.h"

void bar_draw_text(WINDOW *w, int y, int x, int width, const char *text, attr_t attr)
{
	wattrset(w, attr);
	text_put(w, y, x, width, text ? text : "", false);
	wattrset(w, A_NORMAL);
}

void bar_draw_keys(WINDOW *w, int y, int x, int width, const struct bar_key *keys, int nkeys)
{
	int cx = x, end = x + width;
	for (int i = 0; i < nkeys; i++) {
		int kw = text_width(keys[i].key), lw = text_width(keys[i].label);
		int need = kw + 1 + lw + (i ? 1 : 0);
		if (cx + need > end)
			break;
		if (i) {
			wattrset(w, A_NORMAL);
			mvwaddch(w, y, cx++, ' ');
		}
		wattrset(w, A_REVERSE);
		text_put(w, y, cx, kw, keys[i].key, false);
		cx += kw;
		wattrset(w, A_NORMAL);
		mvwaddch(w, y, cx++, ' ');
		text_put(w, y, cx, lw, keys[i].label, false);
		cx += lw;
	}
	wattrset(w, A_NORMAL);
	if (cx < end)
		text_put(w, y, cx, end - cx, "", false);
}
