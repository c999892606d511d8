/* Namespaces: clone3 into new namespaces with a pidfd, time namespace offsets, setns by pidfd. */
#ifndef VSM_KERNEL_NS_H
#define VSM_KERNEL_NS_H

#include <stdint.h>
#include <sys/types.h>
#include "backend/error.h"

/* clone3 with FLAGS (CLONE_NEW*) and CLONE_PIDFD, exit signal SIGCHLD; with CGROUP_FD >= 0 (a cgroup
 * v2 directory) also CLONE_INTO_CGROUP, so the child starts life in that cgroup. Returns the child's
 * pid in the parent (and its pidfd in *PIDFD, close-on-exec), 0 in the child, -errno on failure. */
pid_t ns_clone(uint64_t flags, int cgroup_fd, int *pidfd, struct vsm_error *err);

/* Give the children of the calling process a new time namespace whose CLOCK_MONOTONIC and
 * CLOCK_BOOTTIME start near zero (uptime inside counts from now). Must be called before the clone. */
int ns_timens_for_children_reset(struct vsm_error *err);

/* Join the namespaces NSTYPES (CLONE_NEW* mask) of the process PIDFD refers to, all at once. */
int ns_enter_pidfd(int pidfd, int nstypes, struct vsm_error *err);

/* pidfd_open/pidfd_send_signal wrappers. */
int ns_pidfd_open(pid_t pid, struct vsm_error *err);
int ns_pidfd_signal(int pidfd, int sig);

/* Bring up the loopback interface of the calling process's network namespace. */
int ns_loopback_up(struct vsm_error *err);

#endif
