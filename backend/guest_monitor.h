/* The per-guest monitor (DESIGN.md "Fixed names"): creates the guest, stays its parent, reaps it,
 * records how it ended, logs its console, restarts it on reboot and answers stop/status over a unix
 * socket in the run directory. */
#ifndef VSM_GUEST_MONITOR_H
#define VSM_GUEST_MONITOR_H

#include <stdbool.h>
#include <stddef.h>
#include "backend/error.h"

/* Run the monitor for NAME in the calling process until the guest has ended for good. The guest's
 * console output and the monitor's own messages go to LOG_FD. READY_FD (-1: none) gets "ok\n" once
 * init runs or "error: MSG\n" if the first boot fails, then is closed; LOCK_FD (-1: none) is the
 * guest lock handed over by start, released at the same time. RESCUE_ARGV selects the rescue
 * style. Returns 0 when the guest ended normally, -errno when it could not be started. */
int monitor_run(const char *name, int log_fd, int ready_fd, int lock_fd, char *const *rescue_argv,
		struct vsm_error *err);

/* Client side: send COMMAND ("stop", "status") to NAME's monitor and read its one-line reply into
 * REPLY. TIMEOUT_MS bounds the whole exchange. -ECONNREFUSED / -ENOENT when no monitor listens. */
int monitor_request(const char *name, const char *command, char *reply, size_t len, int timeout_ms,
		    struct vsm_error *err);

/* Socket plumbing (monitor_socket.c). */
struct sockaddr_un;
int monitor_socket_path(const char *name, struct sockaddr_un *sa, struct vsm_error *err);
/* Bind and listen on NAME's socket (a stale one is replaced); returns the fd. */
int monitor_socket_listen(const char *name, struct vsm_error *err);

#endif
