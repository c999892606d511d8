/* Shared by the chain tools (vattribute, vlimit, vuname, vcontext, vspace, vwait, ...): a
 * "context" is a guest, named by its context id or its name; a running guest is reached through a
 * pidfd on its init; after acting, a tool replaces itself with the rest of its command line. */
#ifndef VSM_CHAIN_H
#define VSM_CHAIN_H

#include <stddef.h>
#include <sys/types.h>
#include "backend/error.h"

/* util-vserver's exit code for a tool's own failure (bad usage, unknown context, ...). */
#define CHAIN_EXIT_FAILURE 255

/* Resolve ARG (context id or guest name) to a configured guest. -ENOENT with a message naming
 * ARG when no guest matches. */
int chain_guest_resolve(const char *arg, char *name, size_t len, struct vsm_error *err);

/* The running guest NAME's init: host pid in *INIT and a pidfd on it in *PIDFD (checked against
 * the run record's start time, so a reused pid is never taken). -ESRCH when it does not run. */
int chain_guest_init(const char *name, pid_t *init, int *pidfd, struct vsm_error *err);

/* execvp ARGV[0]; returns only on failure (-errno, ERR says which program). */
int chain_exec(char *const argv[], struct vsm_error *err);

#endif
