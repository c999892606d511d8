/* vspace/vnamespace: new namespaces for a program, or a running guest's namespaces joined.
 * Masks use attr_space_bits (bit 0 mnt, 1 uts, 2 ipc, 3 pid, 4 net, 5 user, 6 cgroup, 7 time). */
#ifndef VSM_CHAIN_SPACE_H
#define VSM_CHAIN_SPACE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include "backend/error.h"

#define SPACE_ALL 0xffULL

/* CLONE_NEW* flags for MASK. */
int space_clone_flags(uint64_t mask);
/* Namespaces process PID shares with the calling process (a mask). */
uint64_t space_shared_with(pid_t pid);

/* unshare(2) the spaces of MASK. *FORK_NEEDED: pid and time namespaces only take effect for
 * children, so the caller must fork before running the program. */
int space_new(uint64_t mask, bool *fork_needed, struct vsm_error *err);

/* Join the spaces of MASK of running guest NAME through a pidfd on its init, all at once; spaces
 * the guest shares with the host are left out (*JOINED says which were joined). *FORK_NEEDED as
 * above. The caller becomes non-dumpable first (security.md: the guest must not ptrace it), and
 * its descriptors above 2 are closed once inside. */
int space_enter(const char *name, uint64_t mask, uint64_t *joined, bool *fork_needed,
		struct vsm_error *err);

/* Fork: in the child *CHILD is true; the parent waits and puts the child's status the shell way
 * (exit code, or 128 + signal) in *STATUS. */
int space_fork_wait(bool *child, int *status, struct vsm_error *err);

#endif
