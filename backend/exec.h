/* Running a command inside a running guest (`vserver NAME exec CMD…`). */
#ifndef VSM_EXEC_H
#define VSM_EXEC_H

#include "backend/error.h"
#include "backend/guest_cgroup.h"
#include "backend/runconf.h"

/* Join the guest whose init INIT_PIDFD refers to (cgroup, then every namespace at once through the
 * pidfd), fork a child inside its PID namespace and run ARGV there with the guest's capability set
 * and seccomp filter, fds above 2 closed and the DESIGN.md environment. Waits for it and returns
 * its status the shell way (exit code, or 128 + signal) in *STATUS. Changes the calling process's
 * namespaces for good: callers fork first if they need the host afterwards. */
int guest_exec_run(const struct run_config *rc, struct guest_cgroup *gc, int init_pidfd,
		   char *const argv[], int *status, struct vsm_error *err);

/* Same, with the command running as UID (and gid UID, no supplementary groups); UID < 0: root. */
int guest_exec_run_as(const struct run_config *rc, struct guest_cgroup *gc, int init_pidfd,
		      char *const argv[], long uid, int *status, struct vsm_error *err);

/* The `exec` command: look up the running guest NAME and run ARGV in it. */
int guest_exec(const char *name, char *const argv[], int *status, struct vsm_error *err);

#endif
