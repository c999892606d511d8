/* The per-user settings file ($XDG_CONFIG_HOME/vsm/vsmrc, default ~/.config/vsm/vsmrc): `key =
 * value` lines giving the console's starting state. The console only reads it, never writes it. */
#ifndef VSM_TUI_SETTINGS_H
#define VSM_TUI_SETTINGS_H

#include <stddef.h>

struct console_options;

/* Where the file is: $XDG_CONFIG_HOME/vsm/vsmrc when that is an absolute path, else
 * $HOME/.config/vsm/vsmrc. Returns -ENOENT when neither variable gives a path. */
int settings_path(char *buf, size_t len);

/* Apply the file at PATH to O. A missing file is no error. Each bad line is skipped and reported
 * through REPORT (a "FILE:LINE: what is wrong" message); returns the number of bad lines. */
int settings_load(const char *path, struct console_options *o,
		  void (*report)(void *arg, const char *msg), void *arg);

#endif
