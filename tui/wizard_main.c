/* Where the wizard and the editor are opened from: the console's n and a keys, and the
 * standalone `vsm new` and `vsm edit NAME`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tui/console.h"
#include "tui/editor.h"
#include "tui/newt_session.h"
#include "tui/wizard.h"

static int wizard_once(bool curses, bool ascii, bool mono, char *status, size_t len)
{
	struct newt_session ns;
	struct wizard *w = calloc(1, sizeof(*w));
	if (!w) {
		snprintf(status, len, "New guest: out of memory");
		return -1;
	}
	newt_session_begin(&ns, curses, ascii, mono);
	int r = wizard_run(w);
	newt_session_end(&ns);
	if (r == 0)
		snprintf(status, len, "New guest %s built", w->built_name);
	else if (r == 1)
		snprintf(status, len, "New guest: cancelled, nothing was created");
	else
		snprintf(status, len, "New guest: the build failed");
	wizard_free(w);
	free(w);
	return r;
}

int wizard_console(struct console *c)
{
	char status[200];
	int r = wizard_once(true, c->opt.ascii, c->opt.mono, status, sizeof(status));
	console_set_status(c, r < 0, "%s", status);
	collector_poke(c->col);
	return r;
}

int editor_console(struct console *c, const char *name)
{
	char status[300] = "";
	struct newt_session ns;
	newt_session_begin(&ns, true, c->opt.ascii, c->opt.mono);
	int r = editor_run(name, status, sizeof(status));
	newt_session_end(&ns);
	console_set_status(c, r < 0, "%s", status);
	collector_poke(c->col);
	return r;
}

static bool have_terminal(void)
{
	if (isatty(STDIN_FILENO) && isatty(STDOUT_FILENO))
		return true;
	fprintf(stderr, "vsm: the wizard and the editor need a terminal (use vserver build, "
		"or edit the files under /etc/vservers)\n");
	return false;
}

int wizard_standalone(bool ascii, bool mono)
{
	if (!have_terminal())
		return 1;
	char status[200];
	int r = wizard_once(false, ascii, mono, status, sizeof(status));
	printf("vsm: %s\n", status);
	return r == 0 ? 0 : r == 1 ? 1 : 2;
}

int editor_standalone(const char *name, bool ascii, bool mono)
{
	if (!have_terminal())
		return 1;
	char status[300] = "";
	struct newt_session ns;
	newt_session_begin(&ns, false, ascii, mono);
	int r = editor_run(name, status, sizeof(status));
	newt_session_end(&ns);
	printf("vsm: %s\n", status);
	return r == 0 ? 0 : r == 1 ? 1 : 2;
}
