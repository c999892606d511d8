/* Deleting a guest: its root (immutable files included), config, run record, log and cache. */
#ifndef VSM_DELETE_H
#define VSM_DELETE_H

#include "backend/error.h"
#include "backend/config.h" /* guest_exists */

/* Delete guest NAME under its per-guest lock. -ENOENT when there is no such guest, -EBUSY while
 * it runs (callers stop it first). The config dir goes last, so a delete that fails half-way
 * (a mount inside the root, say) can be repeated. */
int guest_delete(const char *name, struct vsm_error *err);

#endif
