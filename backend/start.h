/* The `start` command: take the lock, recover from stale state, hand the guest to a monitor. */
#ifndef VSM_START_H
#define VSM_START_H

#include <stdbool.h>
#include "backend/config.h"
#include "backend/error.h"

struct start_opts {
	bool foreground;	  /* run the monitor in this process (systemd units) */
	char *const *rescue_argv; /* NULL, or the rescue command (may be empty: /bin/sleep 900) */
	config_warn_fn warn;	  /* unknown config files (may be NULL) */
	void *warn_ctx;
};

/* Returns 0 once the guest's init runs (foreground: once the guest has ended), -EALREADY when it
 * was running already, another -errno with ERR set when it could not start. */
int guest_start(const char *name, const struct start_opts *opts, struct vsm_error *err);

#endif
