/* What the wizard shows about the host: memory and CPU totals, and its network devices. */
#ifndef VSM_HOST_INFO_H
#define VSM_HOST_INFO_H

#include <stddef.h>
#include <stdint.h>
#include "backend/error.h"

struct host_totals {
	uint64_t mem_bytes;	/* MemTotal */
	uint64_t swap_bytes;
	int cpus;		/* online CPUs */
	uint64_t pid_max;	/* kernel.pid_max */
};

int host_totals_read(struct host_totals *t, struct vsm_error *err);

#define HOST_DEV_NAME 16
/* Names of the host's links (not loopback, not vsm's own guest-side veth ends) in index order;
 * at most MAX. Returns the count or -errno. */
int host_devices_list(char (*names)[HOST_DEV_NAME], int max, struct vsm_error *err);

#endif
