/* Signals for vkill and the console's `k`/`K`: through a pidfd, so a PID reused between the scan
 * and the kill is never hit, and only after checking that the process is the guest's. */
#ifndef VSM_PROC_SIGNAL_H
#define VSM_PROC_SIGNAL_H

#include <sys/types.h>
#include "backend/error.h"

/* Send SIG to host PID. With GUEST set, refuse (-EPERM) a process outside that guest's cgroup.
 * -ESRCH when the process is gone or has exited (a zombie). */
int proc_signal(pid_t pid, const char *guest, int sig, struct vsm_error *err);

/* Signal number of "TERM", "SIGTERM", "15" (case-insensitive); -EINVAL when unknown. */
int proc_signal_parse(const char *s);

#endif
