/* The built-in line editor behind struct input_ops. */
#include "widgets/input.h"

#include <string.h>
#include "widgets/text.h"

void input_init(struct input_line *in, const char *prompt, const char *initial,
		const struct input_ops *ops)
{
	memset(in, 0, sizeof(*in));
	in->ops = ops ? ops : &input_ops_basic;
	in->prompt = prompt ? prompt : "";
	if (initial) {
		strncpy(in->buf, initial, INPUT_MAX - 1);
		in->len = in->cur = strlen(in->buf);
	}
}

static enum input_result basic_key(struct input_line *in, int key)
{
	switch (key) {
	case '\n': case '\r': case KEY_ENTER:
		return INPUT_DONE;
	case 27:
		return INPUT_CANCEL;
	case KEY_BACKSPACE: case 127: case 8:
		if (in->cur > 0) {
			memmove(in->buf + in->cur - 1, in->buf + in->cur, in->len - in->cur + 1);
			in->cur--;
			in->len--;
		}
		break;
	case KEY_DC:
		if (in->cur < in->len) {
			memmove(in->buf + in->cur, in->buf + in->cur + 1, in->len - in->cur);
			in->len--;
		}
		break;
	case KEY_LEFT: if (in->cur > 0) in->cur--; break;
	case KEY_RIGHT: if (in->cur < in->len) in->cur++; break;
	case KEY_HOME: case 1: in->cur = 0; break;
	case KEY_END: case 5: in->cur = in->len; break;
	case 21: /* Ctrl-U */
		in->len = in->cur = 0;
		in->buf[0] = '\0';
		break;
	default:
		if (key >= 32 && key < 127 && in->len + 1 < INPUT_MAX) {
			memmove(in->buf + in->cur + 1, in->buf + in->cur, in->len - in->cur + 1);
			in->buf[in->cur++] = (char)key;
			in->len++;
		}
		break;
	}
	return INPUT_EDITING;
}

static void basic_draw(struct input_line *in, WINDOW *w, int y, int x, int width)
{
	int pw = text_width(in->prompt);
	if (pw > width)
		pw = width;
	wattrset(w, A_BOLD);
	text_put(w, y, x, pw, in->prompt, false);
	wattrset(w, A_NORMAL);
	int room = width - pw - 1;
	if (room < 1)
		return;
	/* Scroll so the cursor stays visible (the buffer is ASCII: bytes are columns). */
	size_t start = in->cur > (size_t)room ? in->cur - (size_t)room : 0;
	text_put(w, y, x + pw, width - pw, in->buf + start, false);
	wmove(w, y, x + pw + (int)(in->cur - start));
}

const struct input_ops input_ops_basic = { basic_key, basic_draw };
