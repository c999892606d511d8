/* Per-user history of the command language (~/.vsm_history), shared by vsm shell and the
 * console's `:` prompt: each line is appended at once, so a killed session keeps what was typed. */
#include "tui/cmd.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <readline/history.h>

#define HISTORY_KEEP 1000

static char hist_path[PATH_MAX];

void cmd_history_open(void)
{
	if (hist_path[0])
		return;
	const char *home = getenv("HOME");
	snprintf(hist_path, sizeof(hist_path), "%s/.vsm_history", home && *home ? home : ".");
	using_history();
	stifle_history(HISTORY_KEEP);
	struct stat st;
	if (stat(hist_path, &st) < 0)
		write_history(hist_path);	/* append_history needs the file to exist */
	else
		read_history(hist_path);
}

void cmd_history_note(const char *line)
{
	if (!line[strspn(line, " \t")])
		return;
	HIST_ENTRY *last = history_length ? history_get(history_base + history_length - 1) : NULL;
	if (last && !strcmp(last->line, line))
		return;
	add_history(line);
	append_history(1, hist_path);
}

void cmd_history_close(void)
{
	if (hist_path[0])
		history_truncate_file(hist_path, HISTORY_KEEP);
}
