/* vwait: block until a guest has ended for good (its monitor exits: a reboot is no end). */
#ifndef VSM_CHAIN_WAIT_H
#define VSM_CHAIN_WAIT_H

#include <stdbool.h>
#include "backend/error.h"

enum wait_result { WAIT_FINISHED, WAIT_KILLED, WAIT_TIMEOUT };

/* Wait for running guest NAME through a pidfd on its monitor. TIMEOUT_MS < 0: no timeout. On
 * timeout with TERMINATE the guest's init gets SIGKILL (which ends its PID namespace) and the end
 * is awaited: WAIT_KILLED. On WAIT_FINISHED *RC is the init's exit status from the run record
 * (halt and stop: 0; killed by a signal: 128 + signal). -ESRCH when the guest does not run. */
int chain_wait(const char *name, int timeout_ms, bool terminate, enum wait_result *res, int *rc,
	       struct vsm_error *err);

/* How guest NAME last ended, from its run record, the shell way (0 when unknown). */
int chain_exit_status(const char *name);

#endif
