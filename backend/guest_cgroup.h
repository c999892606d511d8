/* A guest's cgroup in every hierarchy: create with the configured knobs, attach, kill, remove.
 * Uses the kernel/cgroup.h drivers; where none is linked in, guests run without a cgroup. */
#ifndef VSM_GUEST_CGROUP_H
#define VSM_GUEST_CGROUP_H

#include <stdbool.h>
#include <sys/types.h>
#include "backend/error.h"
#include "backend/runconf.h"

struct guest_cgroup;
/* Detect the layout for guest NAME. Returns NULL (and no error) when unsupported. */
struct guest_cgroup *guest_cgroup_open(const char *name, struct vsm_error *err);
void guest_cgroup_close(struct guest_cgroup *gc);

/* Create the cgroup and write the knobs (rc->knobs) before anything runs in it. */
int guest_cgroup_setup(struct guest_cgroup *gc, const struct run_config *rc, struct vsm_error *err);
int guest_cgroup_attach(struct guest_cgroup *gc, pid_t pid, struct vsm_error *err);
/* Signal every process in the cgroup; number of processes seen (0 when empty or absent). */
int guest_cgroup_signal(struct guest_cgroup *gc, int sig);
/* SIGKILL whatever is left, wait up to TIMEOUT_MS for it to go, then remove the cgroup. */
int guest_cgroup_destroy(struct guest_cgroup *gc, int timeout_ms, struct vsm_error *err);
/* Number of processes in the cgroup, -1 when unknown. */
int guest_cgroup_count(struct guest_cgroup *gc);

#endif
