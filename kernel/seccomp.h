/* Seccomp: a default-allow filter denying a list of syscalls, built with libseccomp. */
#ifndef VSM_KERNEL_SECCOMP_H
#define VSM_KERNEL_SECCOMP_H

#include <stddef.h>
#include "backend/error.h"


/* Build the filter: every syscall in NAMES (N of them) fails with EPERM; names this architecture
 * lacks are skipped. Always added, with argument checks: clone/unshare with CLONE_NEWUSER → EPERM,
 * clone3 → ENOSYS (its flags live in memory seccomp cannot read, so libc falls back to clone),
 * umount2(MNT_FORCE) → EPERM. x86 compat ABIs are added so 32-bit guest binaries run. NNP stays off.
 * Returns an opaque handle (free with seccomp_filter_free). */
int seccomp_filter_build(const char *const *names, size_t n, void **out, struct vsm_error *err);
/* Load the built filter into the calling thread (needs CAP_SYS_ADMIN since NNP stays off). */
int seccomp_filter_load(void *filter, struct vsm_error *err);
void seccomp_filter_free(void *filter);

#endif
