/* Capabilities through libcap: bounding set via the IAB API, inheritable and ambient empty. */
#ifndef VSM_KERNEL_CAPS_H
#define VSM_KERNEL_CAPS_H

#include <stdint.h>
#include "backend/error.h"

/* Capability number for NAME ("CHOWN", "cap_chown", "chown"; numbers refused). -EINVAL if
 * unknown to the running kernel. */
int caps_from_name(const char *name);
/* Number of capabilities the running kernel knows (cap_max_bits). */
int caps_count(void);

/* Limit the bounding set to the capabilities set in KEEP (bit N = capability N), empty the
 * inheritable and ambient sets, and reduce permitted and effective to KEEP. Needs CAP_SETPCAP. */
int caps_limit_to(uint64_t keep, struct vsm_error *err);

/* Bit mask of the calling process's bounding set. */
uint64_t caps_bounding_read(void);

#endif
