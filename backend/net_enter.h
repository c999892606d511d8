/* chbind on namespaces: move the calling process into a running guest's network namespace, the
 * guest found by name/context or by the addresses it owns; nothing else of the guest is joined. */
#ifndef VSM_NET_ENTER_H
#define VSM_NET_ENTER_H

#include <stddef.h>
#include "backend/error.h"
#include "backend/guest_name.h"

/* NID (NULL: find the guest by IPS) is a guest name or context id. IPS are "IP" or "IP/PREFIX";
 * each must be an address of that guest's config, and present in its namespace. On success the
 * caller is in the guest's network namespace and GUEST holds its name. */
int net_enter_guest(const char *nid, char *const *ips, size_t n_ips, char *guest, size_t glen,
		    struct vsm_error *err);

#endif
