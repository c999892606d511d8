/* The per-guest lock serialising build, start, stop, restart and delete of one guest. */
#ifndef VSM_LOCK_H
#define VSM_LOCK_H

#include <stdbool.h>
#include "backend/error.h"

/* Take the lock on guest NAME: flock(LOCK_EX) on <lockdir>/NAME.lock. With WAIT false, -EBUSY at
 * once when another process holds it. Returns the lock fd (>= 0, close-on-exec) or -errno. The
 * kernel drops the lock when the holder dies, so kill -9 never leaves a stale lock. */
int guest_lock(const char *name, bool wait, struct vsm_error *err);
void guest_unlock(int fd);

#endif
