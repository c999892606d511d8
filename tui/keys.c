/* Key dispatch: overlays first (help, dialogs, the filter line), then the main screen. Keys that
 * later issues take (`:` command mode, `n` wizard, `a` attribute editor) are deliberately unbound
 * so those modes can be added as new `enum console_mode` values. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "tui/console.h"

void console_set_status(struct console *c, bool error, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(c->status, sizeof(c->status), fmt, ap);
	va_end(ap);
	c->status_error = error;
}

/* The guest a lifecycle key acts on, or NULL (with a status message) when it cannot act. */
static const char *key_target_guest(struct console *c)
{
	long g = screen_main_guest(c);
	if (g < 0) {
		console_set_status(c, true, "No guest selected");
		return NULL;
	}
	if (g == SNAP_HOST) {
		console_set_status(c, true, "The host row is not a guest");
		return NULL;
	}
	return c->snap->guests[g].name;
}

static bool key_writable(struct console *c)
{
	if (c->opt.read_only)
		console_set_status(c, true, "Read-only console (--read-only)");
	return !c->opt.read_only;
}

static void key_lifecycle(struct console *c, enum console_action act)
{
	const char *name;
	if (!key_writable(c) || !(name = key_target_guest(c)))
		return;
	snprintf(c->pending_guest, sizeof(c->pending_guest), "%s", name);
	c->pending = act;
	if (act == ACT_START) {
		action_run(c);
		return;
	}
	c->mode = act == ACT_SIGNAL_GUEST ? MODE_SIGNAL : MODE_CONFIRM;
	if (c->mode == MODE_SIGNAL)
	{
		snprintf(c->menu_title, sizeof(c->menu_title), "Signal guest %s", name);
		menu_init(&c->menu, c->menu_title, action_signal_names, action_signal_count, 0);
	}
}

static void key_signal_proc(struct console *c)
{
	if (!key_writable(c))
		return;
	long p = screen_main_proc(c);
	if (p < 0) {
		console_set_status(c, true, "No process selected");
		return;
	}
	const struct snap_proc *sp = &c->snap->procs[p];
	c->pending = ACT_SIGNAL_PROC;
	c->pending_pid = sp->pid;
	snprintf(c->pending_guest, sizeof(c->pending_guest), "%s", sp->comm);
	snprintf(c->menu_title, sizeof(c->menu_title), "Signal %d %s", (int)sp->pid, sp->comm);
	menu_init(&c->menu, c->menu_title, action_signal_names, action_signal_count, 0);
	c->mode = MODE_SIGNAL;
}

static void key_main(struct console *c, int key)
{
	switch (key) {
	case 'q': case KEY_F(10):
		c->quit = true;
		break;
	case '?': case KEY_F(1):
		help_init(&c->help, "vsm help", console_help, console_help_count);
		c->mode = MODE_HELP;
		break;
	case 's': key_lifecycle(c, ACT_START); break;
	case 'S': key_lifecycle(c, ACT_STOP); break;
	case 'r': key_lifecycle(c, ACT_RESTART); break;
	case 'K': key_lifecycle(c, ACT_SIGNAL_GUEST); break;
	case 'k': key_signal_proc(c); break;
	case '/':
		input_init(&c->input, "Filter: ", c->filter, NULL);
		c->mode = MODE_FILTER;
		break;
	default:
		screen_main_key(c, key);
		break;
	}
}

void console_key(struct console *c, int key)
{
	enum dialog_result r;
	if (key == KEY_RESIZE)
		return;	/* every mode redraws at the new size */
	switch (c->mode) {
	case MODE_MAIN:
		key_main(c, key);
		break;
	case MODE_HELP:
		if (!help_key(&c->help, key))
			c->mode = MODE_MAIN;
		break;
	case MODE_CONFIRM:
		r = dialog_key_confirm(key);
		if (r == DIALOG_OPEN)
			break;
		c->mode = MODE_MAIN;
		if (r == DIALOG_YES)
			action_run(c);
		else
			console_set_status(c, false, "Cancelled");
		break;
	case MODE_SIGNAL:
		r = menu_key(&c->menu, key);
		if (r == DIALOG_OPEN)
			break;
		c->mode = MODE_MAIN;
		if (r == DIALOG_NO) {
			console_set_status(c, false, "Cancelled");
			break;
		}
		c->pending_signal = c->menu.selected;
		/* A whole guest is asked about once more; one process is not. */
		if (c->pending == ACT_SIGNAL_GUEST)
			c->mode = MODE_CONFIRM;
		else
			action_run(c);
		break;
	case MODE_FILTER:
		switch (input_key(&c->input, key)) {
		case INPUT_DONE:
			snprintf(c->filter, sizeof(c->filter), "%s", c->input.buf);
			c->mode = MODE_MAIN;
			screen_main_filter_changed(c);
			console_set_status(c, false, c->filter[0] ? "Filter: %s" : "Filter off", c->filter);
			break;
		case INPUT_CANCEL:
			c->mode = MODE_MAIN;
			break;
		case INPUT_EDITING:
			break;
		}
		break;
	}
}
