/* vsm: the console. Option parsing, terminal set-up and restore, and the main loop: refresh the
 * snapshot every interval, draw, wait for a key until the next refresh is due. */
#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <poll.h>
#include <sys/ioctl.h>

#include "backend/paths.h"
#include "tui/cmd.h"
#include "tui/console.h"
#include "tui/settings.h"
#include "tui/tables.h"
#include "tui/wizard.h"

static volatile sig_atomic_t got_quit_signal;
static const char *standalone_cmd, *standalone_arg;

static void on_quit_signal(int sig)
{
	got_quit_signal = sig;
}

/* A crash must not leave the terminal raw and invisible: restore it, then die of the same signal
 * (endwin is not async-signal-safe, but the process is ending anyway; htop does the same). */
static void on_fatal_signal(int sig)
{
	endwin();
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Settings file problems: on stderr now (seen after the console quits, or at once when it cannot
 * start), and the first one in the status line once the screen is up. */
struct settings_report {
	char first[256];
	int n;
};

static void settings_report(void *arg, const char *msg)
{
	struct settings_report *r = arg;
	fprintf(stderr, "vsm: %s\n", msg);
	if (!r->n++)
		snprintf(r->first, sizeof(r->first), "%s", msg);
}

static void settings_apply_to_screen(struct console *c)
{
	c->tree = c->opt.tree;
	c->all_guests = c->opt.all_guests;
	c->procs.hidden[PC_GUEST] = !c->all_guests;
	if (c->opt.sort_set)
		c->procs.sort_col = c->opt.sort_col;
	if (c->opt.sort_order_set)
		c->procs.sort_desc = c->opt.sort_desc;
	else if (c->opt.sort_set)	/* numbers read best biggest first, names A to Z */
		c->procs.sort_desc = c->opt.sort_col >= 0 && proc_cols[c->opt.sort_col].right;
}

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: vsm [--root DIR] [--guest NAME] [-d SECONDS] [-n N] [--ascii] [--mono] [--read-only]\n"
		"       vsm [--root DIR] [--ascii] [--mono] new         (the new-guest wizard)\n"
		"       vsm [--root DIR] [--ascii] [--mono] edit NAME   (the attribute editor)\n"
		"The vsm console: live guest table and process pane.\n"
		"  --root DIR      re-base every host path under DIR (as VSM_ROOT)\n"
		"  --guest NAME    select this guest at start (default: the first)\n"
		"  -d SECONDS      refresh interval (default 2, at least 0.1)\n"
		"  -n N            exit after N refreshes\n"
		"  --ascii         draw lines and trees with ASCII characters\n"
		"  --mono          no colours (the console uses none; kept for scripts)\n"
		"  --read-only     no start, stop or signal keys\n"
		"  -h, --help      this text\n"
		"Keys: F1 or ? inside the console. Settings: ~/.config/vsm/vsmrc (see vsm(1)).\n");
}

static int parse_options(struct console_options *o, int argc, char **argv)
{
	static const struct option longs[] = {
		{ "root", required_argument, NULL, 'R' },
		{ "guest", required_argument, NULL, 'g' },
		{ "delay", required_argument, NULL, 'd' },
		{ "iterations", required_argument, NULL, 'n' },
		{ "ascii", no_argument, NULL, 'A' },
		{ "mono", no_argument, NULL, 'M' },
		{ "read-only", no_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int ch;
	char *end;
	while ((ch = getopt_long(argc, argv, "d:n:h", longs, NULL)) != -1) {
		switch (ch) {
		case 'R': o->root = optarg; break;
		case 'g': o->guest = optarg; break;
		case 'd': {
			errno = 0;
			double s = strtod(optarg, &end);
			if (errno || *end || s < 0.1 || s > 3600) {
				fprintf(stderr, "vsm: -d: expected seconds between 0.1 and 3600, got '%s'\n", optarg);
				return -1;
			}
			o->interval_ms = (unsigned)(s * 1000 + 0.5);
			break;
		}
		case 'n':
			errno = 0;
			o->iterations = strtol(optarg, &end, 10);
			if (errno || *end || o->iterations < 1) {
				fprintf(stderr, "vsm: -n: expected a positive count, got '%s'\n", optarg);
				return -1;
			}
			break;
		case 'A': o->ascii = true; break;
		case 'M': o->mono = true; break;
		case 'r': o->read_only = true; break;
		case 'h': usage(stdout); exit(0);
		default: usage(stderr); return -1;
		}
	}
	/* `vsm new` and `vsm edit NAME` open the wizard or the editor on their own. */
	if (optind < argc && !strcmp(argv[optind], "new") && optind + 1 == argc) {
		standalone_cmd = "new";
		return 0;
	}
	if (optind < argc && !strcmp(argv[optind], "edit") && optind + 2 == argc) {
		standalone_cmd = "edit";
		standalone_arg = argv[optind + 1];
		return 0;
	}
	if (optind < argc) {
		fprintf(stderr, "vsm: unexpected argument '%s'\n", argv[optind]);
		return -1;
	}
	return 0;
}

/* Serial consoles often claim TERM=vt100, whose terminfo has no Home/End/PgUp/PgDn/F10, while the
 * emulator on the other end sends the usual xterm/VT220 sequences. Teach ncurses those sequences
 * when the terminfo entry did not already define them. */
static void keys_define_fallbacks(void)
{
	static const struct { const char *seq; int key; } extra[] = {
		{ "\033[1~", KEY_HOME }, { "\033[H", KEY_HOME }, { "\033OH", KEY_HOME },
		{ "\033[4~", KEY_END }, { "\033[F", KEY_END }, { "\033OF", KEY_END },
		{ "\033[5~", KEY_PPAGE }, { "\033[6~", KEY_NPAGE }, { "\033[3~", KEY_DC },
		{ "\033[11~", KEY_F(1) }, { "\033OP", KEY_F(1) }, { "\033[21~", KEY_F(10) },
	};
	for (size_t i = 0; i < sizeof(extra) / sizeof(extra[0]); i++)
		if (key_defined(extra[i].seq) == 0)
			define_key(extra[i].seq, extra[i].key);
}

static void terminal_setup(struct console *c)
{
	initscr();
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	/* Esc alone (dialogs, the filter line) should not wait a second for a sequence. */
	set_escdelay(50);
	curs_set(0);
	keys_define_fallbacks();
	/* Leave the cursor where the last change was: no cursor-parking bytes per frame. */
	leaveok(stdscr, TRUE);
	glyphs_init(&c->glyphs, c->opt.ascii);
}

/* Is the terminal behind? Then this frame is skipped rather than queued (9600 baud). The kernel's
 * output queue of the tty tells: above one screenful of bytes, wait. */
static bool terminal_is_behind(void)
{
	int queued = 0;
	if (ioctl(STDOUT_FILENO, TIOCOUTQ, &queued) < 0)
		return false;
	return queued > LINES * COLS;
}

static void console_draw(struct console *c)
{
	screen_main_draw(c);
	if (c->mode == MODE_FILTER || c->mode == MODE_EXEC || c->mode == MODE_COMMAND) {
		leaveok(stdscr, FALSE);
		curs_set(1);
		/* input_draw left the cursor at the editing point; draw the overlays first. */
		int y = LINES - 2;
		input_draw(&c->input, stdscr, y, 0, COLS);
	} else {
		leaveok(stdscr, TRUE);
		curs_set(0);
	}
	wnoutrefresh(stdscr);
}

/* A new snapshot from the collector: take it and rebuild the tables. Returns true when the
 * screen changed. */
static bool console_take_snapshot(struct console *c, long *count)
{
	struct vsm_error err = { 0 };
	int r = collector_take(c->col, &c->snap_copy, &err);
	if (r < 0) {
		console_set_status(c, true, "refresh: %s", err.msg);
		return true;
	}
	if (r == 0)
		return false;
	c->snap = &c->snap_copy;
	screen_main_update(c);
	(*count)++;
	return true;
}

/* Wait for a key, a new snapshot, or TIMEOUT_MS; keys are read without blocking afterwards, so
 * ncurses still decodes escape sequences and reports KEY_RESIZE. */
static void console_wait(struct console *c, int timeout_ms)
{
	struct pollfd fds[2] = {
		{ .fd = STDIN_FILENO, .events = POLLIN },
		{ .fd = collector_fd(c->col), .events = POLLIN },
	};
	(void)poll(fds, 2, timeout_ms);
}

static void console_run(struct console *c)
{
	long snapshots = 0;
	bool dirty = true;
	wtimeout(stdscr, 0);
	while (!c->quit && !got_quit_signal) {
		if (console_take_snapshot(c, &snapshots))
			dirty = true;
		if (cmd_prompt_poll(c))
			dirty = true;
		if (action_poll(c)) {
			/* A start or stop finished: show its effect now, not at the next tick. */
			collector_poke(c->col);
			dirty = true;
		}
		int key;
		while ((key = wgetch(stdscr)) != ERR) {
			if (key == 12) { /* Ctrl-L: forget what the terminal shows, paint it all again */
				clearok(curscr, TRUE);
			} else {
				console_key(c, key);
			}
			dirty = true;
			if (c->quit)
				break;
		}
		if (c->quit || got_quit_signal)
			break;
		int wait = -1;
		if (dirty && terminal_is_behind()) {
			wait = 100;	/* try again shortly; later frames replace this one */
		} else if (dirty) {
			console_draw(c);
			doupdate();
			dirty = false;
			if (c->opt.iterations && snapshots >= c->opt.iterations)
				break;
		}
		if ((action_busy(c) || cmd_prompt_busy()) && (wait < 0 || wait > 100))
			wait = 100;
		console_wait(c, wait);
	}
}

int main(int argc, char **argv)
{
	struct console c;
	memset(&c, 0, sizeof(c));
	setlocale(LC_ALL, "");
	/* -c, -f, shell, --json, -k or a script on stdin: the command language (tui/cmd_main.c). */
	if (cmd_main_wanted(argc, argv))
		return cmd_main(argc, argv);
	/* Defaults, then the settings file, then the command line: each overrides the one before. */
	c.opt.interval_ms = 2000;
	struct settings_report rep = { .n = 0 };
	char rc_path[4096];
	if (settings_path(rc_path, sizeof(rc_path)) == 0)
		settings_load(rc_path, &c.opt, settings_report, &rep);
	if (parse_options(&c.opt, argc, argv) < 0)
		return 2;
	struct vsm_error err = { 0 };
	if (c.opt.root) {
		if (vsm_paths_set_root(c.opt.root, &err) < 0) {
			fprintf(stderr, "vsm: --root: %s\n", err.msg);
			return 1;
		}
		/* The vserver children the lifecycle keys run must see the same root. */
		setenv("VSM_ROOT", c.opt.root, 1);
	}
	if (standalone_cmd && !strcmp(standalone_cmd, "new"))
		return wizard_standalone(c.opt.ascii, c.opt.mono);
	if (standalone_cmd)
		return editor_standalone(standalone_arg, c.opt.ascii, c.opt.mono);
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "vsm: the console needs a terminal (use vserver-stat or vps for text)\n");
		return 1;
	}
	if (collector_start(&c.col, MONITOR_PROCS | MONITOR_CMDLINE | MONITOR_USERS | MONITOR_STOPPED,
			    c.opt.interval_ms, &err) < 0) {
		fprintf(stderr, "vsm: %s\n", err.msg);
		return 1;
	}
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_quit_signal;
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: the signal ends the wait for a key and the loop sees the flag. */
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	sa.sa_handler = on_fatal_signal;
	sa.sa_flags = SA_RESETHAND;
	static const int fatal[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };
	for (size_t i = 0; i < sizeof(fatal) / sizeof(fatal[0]); i++)
		sigaction(fatal[i], &sa, NULL);

	terminal_setup(&c);
	screen_main_init(&c);
	settings_apply_to_screen(&c);
	if (rep.n > 1)
		console_set_status(&c, true, "%s (and %d more)", rep.first, rep.n - 1);
	else if (rep.n)
		console_set_status(&c, true, "%s", rep.first);
	else
		console_set_status(&c, false, "F1 or ? for help");
	console_run(&c);
	endwin();

	action_cleanup(&c);
	cmd_prompt_cleanup();
	screen_main_free(&c);
	collector_stop(c.col);
	snapshot_copy_free(&c.snap_copy);
	if (got_quit_signal)
		return 128 + got_quit_signal;
	return 0;
}
