/* Stopping a guest: the kill sequence run by the monitor, and the `stop` client. */
#ifndef VSM_STOP_H
#define VSM_STOP_H

#include <stdbool.h>
#include "backend/error.h"
#include "backend/guest_cgroup.h"
#include "backend/runconf.h"

/* WAIT_EXIT returns true once init has exited, waiting at most TIMEOUT_MS (the monitor keeps
 * logging the console meanwhile); it also returns (false) as soon as EXTRA_FD (-1: none) becomes
 * readable, e.g. the pidfd of a stop command that ended. */
typedef bool (*stop_wait_fn)(void *ctx, int timeout_ms, int extra_fd);

/* The monitor's side: cmd.stop inside the guest where configured, then apps/init/killseq (first
 * signal to init only, later ones to init and every process in the guest cgroup), then SIGKILL.
 * Bounded in time. Returns true when init is gone. */
bool stop_sequence_run(const struct run_config *rc, int init_pidfd, struct guest_cgroup *gc,
		       stop_wait_fn wait_exit, void *ctx);

/* Upper bound of stop_sequence_run for RC, in milliseconds. */
int stop_sequence_bound_ms(const struct run_config *rc);

/* The `stop` command: ask the monitor, or clean up a guest whose monitor is gone. *WAS_RUNNING
 * tells whether anything was running. Takes the guest lock. */
int guest_stop(const char *name, bool *was_running, struct vsm_error *err);

/* Remove what a dead monitor left: kill an orphaned init, remove the cgroup, clear the record.
 * Caller holds the lock. Returns 1 if something was cleaned, 0 if nothing, -errno. */
int guest_cleanup_stale(const char *name, struct vsm_error *err);

#endif
