/* The configured guests as the monitor lists them: name, context id and addresses from the
 * util-vserver config layout (CFG/context, CFG/interfaces/N/{ip,prefix}). */
#ifndef VSM_MONITOR_GUESTS_H
#define VSM_MONITOR_GUESTS_H

#include <stddef.h>
#include <stdint.h>
#include "backend/error.h"
#include "backend/paths.h"
#include "backend/snapshot.h"

struct monitor_guest_conf {
	char name[SNAP_NAME_MAX];
	uint32_t ctx;              /* 0 when the guest has no (valid) context file */
	char ips[SNAP_IPS_MAX];
};

/* Every guest directory under P->confdir (sorted by name). A missing confdir is no guests. */
int monitor_guests_list(const struct vsm_paths *p, struct monitor_guest_conf **out, size_t *n,
			struct vsm_error *err);
/* The context id of guest NAME (0 when it has none). */
uint32_t monitor_guest_ctx(const struct vsm_paths *p, const char *name);

/* Resolve what a user typed for a guest: a context id (the guest whose `context` file holds it) or
 * a guest name. 0 with NAME filled, -ENOENT (no guest has that context) or -EINVAL (bad name). */
int monitor_guest_resolve(const struct vsm_paths *p, const char *arg, char *name, size_t len,
			  struct vsm_error *err);

#endif
