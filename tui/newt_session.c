/* Entering and leaving newt from the console (see newt_session.h). */
#include "tui/newt_session.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <curses.h>
#include <newt.h>
#include <slang.h>

static struct termios saved_tty;
static bool have_saved_tty;

/* newt's loop never looks at the console's quit flag, so a hangup (the SSH session or the tmux
 * server went away) would leave it spinning on a dead terminal, and SIGTERM would leave the
 * terminal in the forms' mode. Leave at once instead, with the terminal modes put back
 * (tcsetattr and write are async-signal-safe). A build child cleans up through its guardian. */
static void on_newt_quit_signal(int sig)
{
	if (have_saved_tty) {
		tcsetattr(STDIN_FILENO, TCSANOW, &saved_tty);
		static const char reset[] = "\033[?1049l\033[?25h\r\n";
		ssize_t ignored = write(STDOUT_FILENO, reset, sizeof(reset) - 1);
		(void)ignored;
	}
	_exit(128 + sig);
}

void newt_session_begin(struct newt_session *s, bool curses, bool ascii, bool mono)
{
	memset(s, 0, sizeof(*s));
	s->curses = curses;
	sigaction(SIGWINCH, NULL, &s->winch);
	have_saved_tty = tcgetattr(STDIN_FILENO, &saved_tty) == 0;
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_newt_quit_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGHUP, &sa, &s->hup);
	sigaction(SIGTERM, &sa, &s->term);
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
	sigaction(SIGHUP, &s->hup, NULL);
	sigaction(SIGTERM, &s->term, NULL);
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
