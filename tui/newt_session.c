/* Entering and leaving newt from the console (see newt_session.h). */
#include "tui/newt_session.h"

#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <curses.h>
#include <newt.h>
#include <slang.h>

void newt_session_begin(struct newt_session *s, bool curses, bool ascii, bool mono)
{
	memset(s, 0, sizeof(*s));
	s->curses = curses;
	sigaction(SIGWINCH, NULL, &s->winch);
	if (curses) {
		def_prog_mode();
		endwin();
	}
	/* Ctrl-S/Ctrl-Q must reach the forms, not stop the terminal. */
	setenv("NEWT_NOFLOWCTRL", "1", 1);
	if (mono)
		setenv("NEWT_MONO", "1", 1);
	newtInit();
	if (ascii) {
		/* In UTF-8 mode S-Lang draws Unicode box characters whatever the terminal says;
		 * without UTF-8 and without the alternate character set it falls back to + - |.
		 * The line characters are chosen when the screen is set up: set it up again
		 * (every text of the wizard and the editor is ASCII). */
		SLsmg_reset_smg();
		SLtt_Has_Alt_Charset = 0;
		SLtt_Graphics_Char_Pairs = NULL;
		SLutf8_enable(0);
		SLsmg_init_smg();
	}
	newtCls();
	newtPushHelpLine("  Tab/arrows move   Space toggles   Enter selects   F1 help   F12 next");
}

void newt_session_end(struct newt_session *s)
{
	newtPopHelpLine();
	newtFinished();
	/* newtFinished leaves SIGWINCH at SIG_DFL: put the console's handler back, or ncurses never
	 * reports KEY_RESIZE again. */
	sigaction(SIGWINCH, &s->winch, NULL);
	if (s->curses) {
		reset_prog_mode();
		/* A resize while newt had the screen reached S-Lang, not ncurses: tell it now. */
		struct winsize ws;
		if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row && ws.ws_col &&
		    (ws.ws_row != LINES || ws.ws_col != COLS))
			resizeterm(ws.ws_row, ws.ws_col);
		clearok(curscr, TRUE);
		refresh();
	}
}

void newt_session_fit(int want_w, int want_h, int *w, int *h)
{
	int cols = 80, rows = 24;
	newtGetScreenSize(&cols, &rows);
	*w = want_w < cols - 4 ? want_w : cols - 4;
	*h = want_h < rows - 4 ? want_h : rows - 4;
	if (*w < 20)
		*w = 20;
	if (*h < 6)
		*h = 6;
}
