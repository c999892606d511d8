/* The readline bridge of the input line (input_readline.h). */
#include "widgets/input_readline.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <readline/readline.h>
#include "widgets/text.h"

static unsigned char queue[64];
static size_t qhead, qlen;
static bool line_done;
static char *line_text;
static char hint[512];	/* completion choices, shown under the line */
static bool active;

static int queue_getc(FILE *f)
{
	if (!qlen)
		return EOF;	/* never reached: rl_callback_read_char is only called with input */
	unsigned char ch = queue[qhead];
	qhead = (qhead + 1) % sizeof(queue);
	qlen--;
	return ch;
}

static int queue_pending(void)
{
	return qlen > 0;
}

static void queue_push(const char *s)
{
	for (; *s && qlen < sizeof(queue); s++, qlen++)
		queue[(qhead + qlen) % sizeof(queue)] = (unsigned char)*s;
}

static void line_handler(char *line)
{
	free(line_text);
	line_text = line ? line : strdup("");
	line_done = true;
	/* Stop readline from printing a prompt for the next line. */
	rl_callback_handler_remove();
	active = false;
}

static void redisplay_nothing(void)
{
	/* The console draws the line from rl_line_buffer when it redraws. */
}

static void show_matches(char **matches, int n, int max)
{
	size_t k = 0;
	hint[0] = '\0';
	for (int i = 1; i <= n && k + 2 < sizeof(hint); i++)
		k += (size_t)snprintf(hint + k, sizeof(hint) - k, "%s%s", i > 1 ? "  " : "",
				      matches[i]);
}

static void settings_once(void)
{
	static bool done;
	if (done)
		return;
	done = true;
	rl_catch_signals = 0;
	rl_catch_sigwinch = 0;
	rl_change_environment = 0;	/* keep ncurses' idea of the size */
	rl_prep_term_function = NULL;
	rl_deprep_term_function = NULL;
	rl_getc_function = queue_getc;
	rl_input_available_hook = queue_pending;
	rl_redisplay_function = redisplay_nothing;
	rl_completion_display_matches_hook = show_matches;
	FILE *null = fopen("/dev/null", "w");
	if (null)
		rl_outstream = null;	/* bells and keypad strings go nowhere */
}

int input_readline_begin(struct input_line *in)
{
	settings_once();
	input_readline_end();
	qhead = qlen = 0;
	line_done = false;
	hint[0] = '\0';
	free(line_text);
	line_text = NULL;
	rl_callback_handler_install("", line_handler);
	active = true;
	in->buf[0] = '\0';
	in->len = in->cur = 0;
	return 0;
}

const char *input_readline_line(void)
{
	return line_text ? line_text : "";
}

void input_readline_end(void)
{
	if (!active)
		return;
	rl_callback_sigcleanup();	/* a half-typed key sequence or Ctrl-R search */
	rl_replace_line("", 0);
	rl_callback_handler_remove();
	active = false;
}

/* curses has decoded these; readline wants the bytes an xterm sends. */
static const char *key_bytes(int key, char *one)
{
	switch (key) {
	case KEY_LEFT: return "\033[D";
	case KEY_RIGHT: return "\033[C";
	case KEY_UP: return "\033[A";
	case KEY_DOWN: return "\033[B";
	case KEY_HOME: return "\033[H";
	case KEY_END: return "\033[F";
	case KEY_DC: return "\004";	/* delete-char at the cursor */
	case KEY_BACKSPACE: return "\177";
	case KEY_ENTER: return "\r";
	default:
		if (key < 0 || key > 255)
			return "";
		one[0] = (char)key;
		one[1] = '\0';
		return one;
	}
}

static enum input_result rl_key(struct input_line *in, int key)
{
	if (key == 27 || key == 7) {	/* Esc, Ctrl-G: abandon the line */
		input_readline_end();
		return INPUT_CANCEL;
	}
	/* Ctrl-D on an empty line would end input in a shell; here it just does nothing. */
	if (key == 4 && rl_end == 0)
		return INPUT_EDITING;
	char one[2];
	hint[0] = key == '\t' ? hint[0] : '\0';
	queue_push(key_bytes(key, one));
	while (qlen && !line_done)
		rl_callback_read_char();
	if (line_done) {
		snprintf(in->buf, INPUT_MAX, "%s", line_text);
		in->len = in->cur = strlen(in->buf);
		return INPUT_DONE;
	}
	snprintf(in->buf, INPUT_MAX, "%s", rl_line_buffer ? rl_line_buffer : "");
	in->len = strlen(in->buf);
	in->cur = (size_t)rl_point < in->len ? (size_t)rl_point : in->len;
	return INPUT_EDITING;
}

static void rl_draw(struct input_line *in, WINDOW *w, int y, int x, int width)
{
	const char *buf = active && rl_line_buffer ? rl_line_buffer : in->buf;
	size_t len = strlen(buf), cur = active ? (size_t)rl_point : in->cur;
	if (cur > len)
		cur = len;
	/* Ctrl-R shows readline's own search prompt instead of ours. */
	const char *prompt = active && rl_display_prompt && *rl_display_prompt ? rl_display_prompt
									      : in->prompt;
	int pw = text_width(prompt);
	if (pw > width / 2)
		pw = width / 2;
	if (hint[0] && y + 1 < LINES)
		text_put(w, y + 1, x, width, hint, false);
	wattrset(w, A_BOLD);
	text_put(w, y, x, pw, prompt, false);
	wattrset(w, A_NORMAL);
	int room = width - pw - 1;
	if (room < 1)
		return;
	/* Scroll so the cursor stays visible (commands are ASCII: bytes are columns). */
	size_t start = cur > (size_t)room ? cur - (size_t)room : 0;
	text_put(w, y, x + pw, width - pw, buf + start, false);
	wmove(w, y, x + pw + (int)(cur - start));
}

const struct input_ops input_ops_readline = { rl_key, rl_draw };
