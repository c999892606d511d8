/* Read-only scrollable text overlay. */
#include "widgets/pager.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "widgets/box.h"
#include "widgets/text.h"

void pager_free(struct pager *p)
{
	free(p->text);
	free(p->lines);
	p->text = NULL;
	p->lines = NULL;
	p->nlines = 0;
}

int pager_set_text(struct pager *p, const char *title, const char *text, size_t len)
{
	pager_free(p);
	snprintf(p->title, sizeof(p->title), "%s", title);
	p->text = malloc(len + 1);
	if (!p->text)
		return -ENOMEM;
	int n = 1;
	for (size_t i = 0; i < len; i++) {
		char ch = text[i];
		if (ch == '\n')
			n++;
		else if ((unsigned char)ch < 32 && ch != '\t')
			ch = '?';
		else if (ch == '\t')
			ch = ' ';
		p->text[i] = ch;
	}
	p->text[len] = '\0';
	p->lines = malloc((size_t)n * sizeof(*p->lines));
	if (!p->lines) {
		pager_free(p);
		return -ENOMEM;
	}
	p->nlines = 0;
	char *s = p->text;
	for (;;) {
		p->lines[p->nlines++] = s;
		char *nl = strchr(s, '\n');
		if (!nl)
			break;
		*nl = '\0';
		s = nl + 1;
	}
	/* A final newline does not make an empty last line. */
	if (p->nlines > 1 && p->lines[p->nlines - 1][0] == '\0')
		p->nlines--;
	p->top = -1;
	p->visible = 1;
	return 0;
}

static void pager_clamp(struct pager *p)
{
	if (p->top < 0 || p->top > p->nlines - p->visible)
		p->top = p->nlines - p->visible;
	if (p->top < 0)
		p->top = 0;
}

void pager_draw(struct pager *p, WINDOW *w, int y, int x, int height, int width,
		const struct glyphs *g)
{
	box_draw(w, y, x, height, width, p->title, g);
	p->visible = height > 3 ? height - 3 : 1;
	pager_clamp(p);
	for (int i = 0; i < p->visible && p->top + i < p->nlines; i++)
		text_put(w, y + 1 + i, x + 2, width - 4, p->lines[p->top + i], false);
	char foot[96];
	snprintf(foot, sizeof(foot), "lines %d-%d of %d; arrows/PgUp/PgDn/Home/End scroll, other keys close",
		 p->nlines ? p->top + 1 : 0, p->top + p->visible < p->nlines ? p->top + p->visible : p->nlines,
		 p->nlines);
	text_put(w, y + height - 2, x + 2, width - 4, foot, false);
}

bool pager_key(struct pager *p, int key)
{
	int page = p->visible > 1 ? p->visible - 1 : 1;
	pager_clamp(p);
	switch (key) {
	case KEY_UP: p->top--; break;
	case KEY_DOWN: p->top++; break;
	case KEY_PPAGE: p->top -= page; break;
	case KEY_NPAGE: p->top += page; break;
	case KEY_HOME: p->top = 0; break;
	case KEY_END: p->top = p->nlines; break;
	case KEY_RESIZE: break;
	default: return false;
	}
	if (p->top > p->nlines - p->visible)
		p->top = p->nlines - p->visible;
	if (p->top < 0)
		p->top = 0;
	return true;
}
