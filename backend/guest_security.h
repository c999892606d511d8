/* A guest's seccomp filter (share/seccomp.deny) and capability bounding set, applied by the
 * process that becomes the guest's init or joins the guest. */
#ifndef VSM_GUEST_SECURITY_H
#define VSM_GUEST_SECURITY_H

#include <stdint.h>
#include "backend/error.h"

/* Build the filter from the deny-list (found next to the build tree's share/ in tests, else in
 * VSM_DATADIR; $VSM_SECCOMP_DENY overrides the file). */
int guest_seccomp_build(void **filter, struct vsm_error *err);

/* Load FILTER, then limit capabilities to BCAPS (bounding = permitted = effective, inheritable and
 * ambient empty). The filter goes first: loading it without no_new_privs needs CAP_SYS_ADMIN. */
int guest_security_apply(void *filter, uint64_t bcaps, struct vsm_error *err);

#endif
