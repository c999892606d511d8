/* Creating the guest: clone3 into new namespaces, build its mount tree, drop privileges and exec
 * its init. Run by the monitor, which stays the init's parent. */
#ifndef VSM_GUEST_BOOT_H
#define VSM_GUEST_BOOT_H

#include <sys/types.h>
#include "backend/error.h"
#include "backend/guest_cgroup.h"
#include "backend/runconf.h"

struct guest_boot {
	pid_t init_pid;
	int pidfd;	    /* pidfd of the init (close-on-exec) */
	int console_master; /* pty master: the guest console, read by the monitor */
	int console_slave;  /* kept open by the monitor */
};

/* Boot RC's guest into cgroup GC (may be NULL). Returns once init has exec'd (0) or setting up
 * failed (-errno, ERR says which step; the child is reaped). */
int guest_boot(const struct run_config *rc, struct guest_cgroup *gc, struct guest_boot *b,
	       struct vsm_error *err);

#endif
