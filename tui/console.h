/* The console's state, shared by its screens. Collection (struct monitor, in backend/) and drawing
 * (widgets/) meet here and nowhere else. */
#ifndef VSM_TUI_CONSOLE_H
#define VSM_TUI_CONSOLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "backend/snapshot.h"
#include "widgets/dialog.h"
#include "widgets/glyphs.h"
#include "widgets/help.h"
#include "widgets/input.h"
#include "widgets/table.h"

struct console_options {
	const char *root;	/* --root, NULL for $VSM_ROOT or the host paths */
	unsigned interval_ms;	/* -d SECONDS */
	long iterations;	/* -n N: refreshes before exiting, 0 = run until q */
	bool ascii;		/* --ascii */
	bool mono;		/* --mono */
	bool read_only;		/* --read-only: no lifecycle or signal keys */
};

/* What has the keyboard: the main screen or an overlay on top of it. */
enum console_mode {
	MODE_MAIN,
	MODE_HELP,
	MODE_CONFIRM,	/* a yes/no question about `pending` */
	MODE_SIGNAL,	/* the signal menu for `pending` */
	MODE_FILTER,	/* the filter input line */
};

/* An action waiting for a dialog answer. */
enum console_action {
	ACT_NONE,
	ACT_START,
	ACT_STOP,
	ACT_RESTART,
	ACT_SIGNAL_PROC,
	ACT_SIGNAL_GUEST,
};

enum pane { PANE_GUESTS, PANE_PROCS };

/* One row of the process pane: an index into the snapshot's processes, and its tree prefix. */
struct proc_row {
	size_t proc;
	char prefix[48];
};

struct console {
	struct console_options opt;
	struct monitor *mon;
	const struct snapshot *snap;
	struct glyphs glyphs;

	struct table guests;
	struct table procs;
	struct proc_row *rows;	/* the process pane's rows, in table order when not sorted */
	size_t nrows, rows_cap;
	char guest_name[SNAP_NAME_MAX];	/* the guest the process pane shows */

	enum pane focus;
	bool tree;		/* process pane as a tree */
	bool all_guests;	/* process pane lists every guest's processes */
	char filter[INPUT_MAX];	/* substring the process command or user must contain */

	enum console_mode mode;
	enum console_action pending;
	char pending_guest[SNAP_NAME_MAX];
	pid_t pending_pid;
	int pending_signal;
	struct help_view help;
	struct menu menu;
	char menu_title[64];
	struct input_line input;

	struct {
		pid_t pid;		/* 0: no job */
		int fd;			/* its stdout+stderr */
		enum console_action act;
		char guest[SNAP_NAME_MAX];
		char out[512];		/* the tail of what it printed */
		size_t outlen;
	} job;

	char status[256];	/* the last action's result or error */
	bool status_error;
	bool quit;
};

/* screen_main.c */
void screen_main_init(struct console *c);
void screen_main_free(struct console *c);
/* A new snapshot arrived: rebuild both tables' rows. */
void screen_main_update(struct console *c);
/* Draw the whole screen into stdscr (ncurses sends only what changed). */
void screen_main_draw(struct console *c);
/* Keys of the main screen; overlays are handled in keys.c. */
void screen_main_key(struct console *c, int key);
/* The filter changed: rebuild the process rows. */
void screen_main_filter_changed(struct console *c);
/* The guest row selected (index into the snapshot), or -1. */
long screen_main_guest(const struct console *c);
/* The process selected (index into the snapshot's processes), or -1. */
long screen_main_proc(const struct console *c);

/* keys.c: the key dispatcher for every mode. */
void console_key(struct console *c, int key);
void console_set_status(struct console *c, bool error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* actions.c: what the lifecycle and signal keys do. Start/stop/restart call guest_start/guest_stop
 * in a child process, so the screen keeps refreshing while they wait and nothing below can touch
 * the terminal; action_poll collects the result line for the status line. Signals go through
 * proc_signal (pidfd, guest check). */
void action_run(struct console *c);
/* Call from the main loop; true when a running job finished (the screen should refresh). */
bool action_poll(struct console *c);
bool action_busy(const struct console *c);
/* Kill and reap a job still running at exit. */
void action_cleanup(struct console *c);
extern const char *const action_signal_names[];
extern const int action_signal_numbers[];
extern const int action_signal_count;

/* help_text.c */
extern const struct help_entry console_help[];
extern const int console_help_count;

/* format.c: short human figures for 5-8 column cells. */
void format_bytes(char *buf, size_t len, uint64_t bytes);
void format_duration(char *buf, size_t len, uint64_t ms);

#endif
