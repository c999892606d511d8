/* newt (S-Lang) inside the ncurses console: hand the terminal over and take it back, keeping the
 * console's SIGWINCH handler (newtInit replaces it and newtFinished leaves SIG_DFL behind;
 * reference/console.md §6). Standalone `vsm new`/`vsm edit` use the same calls without curses. */
#ifndef VSM_TUI_NEWT_SESSION_H
#define VSM_TUI_NEWT_SESSION_H

#include <signal.h>
#include <stdbool.h>

struct newt_session {
	bool curses;		/* an ncurses screen was active and must be restored */
	struct sigaction winch;	/* the handler to put back */
	struct sigaction hup, term; /* the console's quit handlers, put back at the end */
};

/* ASCII: plain + - | lines (serial lines without a working acsc); MONO: no colours. */
void newt_session_begin(struct newt_session *s, bool curses, bool ascii, bool mono);
void newt_session_end(struct newt_session *s);

/* Window geometry that fits the screen: WANT_W x WANT_H clipped to the screen minus a margin. */
void newt_session_fit(int want_w, int want_h, int *w, int *h);

#endif
