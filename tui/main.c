/* vsm: the console. Option parsing, terminal set-up and restore, and the main loop: refresh the
 * snapshot every interval, draw, wait for a key until the next refresh is due. */
#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>

#include "backend/paths.h"
#include "tui/console.h"

static volatile sig_atomic_t got_quit_signal;

static void on_quit_signal(int sig)
{
	got_quit_signal = sig;
}

static uint64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: vsm [--root DIR] [-d SECONDS] [-n N] [--ascii] [--mono] [--read-only]\n"
		"The vsm console: live guest table and process pane.\n"
		"  --root DIR      re-base every host path under DIR (as VSM_ROOT)\n"
		"  -d SECONDS      refresh interval (default 2, at least 0.1)\n"
		"  -n N            exit after N refreshes\n"
		"  --ascii         draw lines and trees with ASCII characters\n"
		"  --mono          no colours (the console uses none; kept for scripts)\n"
		"  --read-only     no start, stop or signal keys\n"
		"  -h, --help      this text\n"
		"Keys: F1 or ? inside the console.\n");
}

static int parse_options(struct console_options *o, int argc, char **argv)
{
	static const struct option longs[] = {
		{ "root", required_argument, NULL, 'R' },
		{ "delay", required_argument, NULL, 'd' },
		{ "iterations", required_argument, NULL, 'n' },
		{ "ascii", no_argument, NULL, 'A' },
		{ "mono", no_argument, NULL, 'M' },
		{ "read-only", no_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	o->interval_ms = 2000;
	int ch;
	char *end;
	while ((ch = getopt_long(argc, argv, "d:n:h", longs, NULL)) != -1) {
		switch (ch) {
		case 'R': o->root = optarg; break;
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
	if (c->mode == MODE_FILTER) {
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

static int console_refresh_data(struct console *c)
{
	struct vsm_error err = { 0 };
	if (monitor_refresh(c->mon, &err) < 0) {
		console_set_status(c, true, "refresh: %s", err.msg);
		return -1;
	}
	c->snap = monitor_snapshot(c->mon);
	screen_main_update(c);
	return 0;
}

static int console_run(struct console *c)
{
	uint64_t next = 0;
	long refreshes = 0;
	bool dirty = true;
	while (!c->quit && !got_quit_signal) {
		uint64_t now = now_ms();
		if (now >= next) {
			console_refresh_data(c);
			refreshes++;
			next = now + c->opt.interval_ms;
			dirty = true;
		}
		if (action_poll(c)) {
			/* A start or stop finished: show its effect now, not at the next tick. */
			console_refresh_data(c);
			dirty = true;
		}
		int wait;
		if (dirty && terminal_is_behind()) {
			wait = 100;	/* try again shortly; later frames replace this one */
		} else {
			if (dirty) {
				console_draw(c);
				doupdate();
				dirty = false;
			}
			if (c->opt.iterations && refreshes >= c->opt.iterations)
				break;
			now = now_ms();
			wait = next > now ? (int)(next - now) : 0;
			if (action_busy(c) && wait > 100)
				wait = 100;
		}
		wtimeout(stdscr, wait);
		int key = wgetch(stdscr);
		if (key == ERR)
			continue;
		if (key == 12) { /* Ctrl-L: forget what the terminal shows, paint it all again */
			clearok(curscr, TRUE);
			dirty = true;
			continue;
		}
		console_key(c, key);
		dirty = true;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct console c;
	memset(&c, 0, sizeof(c));
	setlocale(LC_ALL, "");
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
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "vsm: the console needs a terminal (use vserver-stat or vps for text)\n");
		return 1;
	}
	if (monitor_open(&c.mon, MONITOR_PROCS | MONITOR_CMDLINE | MONITOR_USERS | MONITOR_STOPPED,
			 &err) < 0) {
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

	terminal_setup(&c);
	screen_main_init(&c);
	console_set_status(&c, false, "F1 or ? for help");
	console_run(&c);
	endwin();

	action_cleanup(&c);
	screen_main_free(&c);
	monitor_close(c.mon);
	if (got_quit_signal)
		return 128 + got_quit_signal;
	return 0;
}
