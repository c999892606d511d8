/* Chooses between ACS, UTF-8 and ASCII line drawing. */
#include "widgets/glyphs.h"

#include <langinfo.h>
#include <string.h>
#include <term.h>

bool glyphs_want_ascii(const char *term, bool has_acs, bool utf8, bool force_ascii)
{
	if (force_ascii || !has_acs || !utf8 || !term || !*term)
		return true;
	/* The DEC terminals and their emulations over serial lines: the alternate charset is
	 * switched by escape sequences a late-attached console misses, so lines turn into letters. */
	static const char *const plain[] = { "vt52", "vt100", "vt102", "vt220", "dumb", "unknown" };
	for (size_t i = 0; i < sizeof(plain) / sizeof(plain[0]); i++) {
		size_t n = strlen(plain[i]);
		if (strncmp(term, plain[i], n) == 0 && (term[n] == '\0' || term[n] == '-'))
			return true;
	}
	return false;
}

void glyphs_init(struct glyphs *g, bool force_ascii)
{
	const char *acsc = tigetstr("acsc");
	bool has_acs = acsc && acsc != (char *)-1 && *acsc;
	const char *term = termname();
	bool utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	g->ascii = glyphs_want_ascii(term, has_acs, utf8, force_ascii);
	if (g->ascii) {
		g->hline = '-';
		g->vline = '|';
		g->ul = g->ur = g->ll = g->lr = '+';
		g->tree_branch = "|-";
		g->tree_last = "`-";
		g->tree_vert = "| ";
		g->tree_space = "  ";
		return;
	}
	g->hline = ACS_HLINE;
	g->vline = ACS_VLINE;
	g->ul = ACS_ULCORNER;
	g->ur = ACS_URCORNER;
	g->ll = ACS_LLCORNER;
	g->lr = ACS_LRCORNER;
	g->tree_branch = "\u251c\u2500";
	g->tree_last = "\u2514\u2500";
	g->tree_vert = "\u2502 ";
	g->tree_space = "  ";
}
