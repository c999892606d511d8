/* The help screen's text: every key the console answers to. */
#include "tui/console.h"

const struct help_entry console_help[] = {
	{ NULL, "Moving" },
	{ "Up Down", "select the previous / next row" },
	{ "PgUp PgDn", "a page up / down" },
	{ "Home End", "the first / last row" },
	{ "Tab", "switch between the guest table and the process pane" },
	{ NULL, "Guests (the selected one)" },
	{ "s", "start the guest" },
	{ "S", "stop the guest (asks first)" },
	{ "r", "restart the guest (asks first)" },
	{ "K", "send a signal to every process of the guest (asks first)" },
	{ NULL, "Processes" },
	{ "k", "send a signal to the selected process (signal menu)" },
	{ "t", "show processes as a tree / as a list" },
	{ "g", "processes of the selected guest / of all guests" },
	{ "/", "filter processes by command or user (empty: no filter)" },
	{ NULL, "Display" },
	{ "o", "sort the focused table by the next column" },
	{ "O", "reverse the sort order" },
	{ "Ctrl-L", "repaint the whole screen" },
	{ "F1 ?", "this help" },
	{ "q F10", "quit" },
};
const int console_help_count = sizeof(console_help) / sizeof(console_help[0]);
