/* Shared start-up and error printing for the classic tools (the only layer that prints). */
#ifndef VSM_CLI_H
#define VSM_CLI_H

#include "backend/error.h"

extern const char *cli_progname;

/* Set the program name, take leading `--root DIR` / `--root=DIR` options off argv and apply them
 * (VSM_ROOT otherwise). Exits with a message on a bad root. */
void cli_init(const char *progname, int *argc, char ***argv);

/* "PROG: MSG" on stderr. */
void cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A config_warn_fn (backend/config.h) for guest config loads: "PROG: NAME: warning: MSG" on
 * stderr, where ctx is the guest's name (const char *). */
void cli_config_warn(void *ctx, const char *msg);
/* "PROG: CONTEXT: ERR->msg" on stderr. */
void cli_print_error(const char *context, const struct vsm_error *err);

#endif
