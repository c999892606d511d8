/* Per-interface network sysctls (/proc/sys/net/{ipv4,ipv6}/{conf,neigh}/IF/KEY) of the calling
 * process's network namespace. */
#ifndef VSM_KERNEL_NETCONF_H
#define VSM_KERNEL_NETCONF_H

#include "backend/error.h"

/* FAMILY "ipv4" or "ipv6"; TABLE "conf" or "neigh"; IFNAME an interface or "all". */
int netconf_set(const char *family, const char *table, const char *ifname, const char *key,
		const char *value, struct vsm_error *err);
/* The value as an integer, or -errno. */
int netconf_get(const char *family, const char *table, const char *ifname, const char *key,
		struct vsm_error *err);

#endif
