/* The guest's mount tree, built in its new mount namespace before pivot_root: the root, fstab
 * entries, a fresh procfs, read-only sysfs, a minimal /dev and the masks over /proc and /sys. */
#ifndef VSM_GUEST_MOUNTS_H
#define VSM_GUEST_MOUNTS_H

#include <stdbool.h>
#include "backend/error.h"
#include "backend/runconf.h"

/* Build the tree for RC; CONSOLE is the host path of the pty slave to bind on /dev/console (may be
 * NULL). Returns an fd on the guest root mount, ready for mnt_pivot_root. Must run in the guest's
 * new mount, PID and network namespaces. */
int guest_mounts_setup(const struct run_config *rc, const char *console, struct vsm_error *err);

/* O_PATH fd on directory PATH inside ROOTFD (RESOLVE_IN_ROOT), creating a missing last component
 * when MKDIR_MISSING. */
int guest_mount_target(int rootfd, const char *path, bool mkdir_missing, struct vsm_error *err);

/* Mount the fstab entries E[0..N) under ROOTFD in order (/proc, /sys, /dev and /dev/pts entries are
 * skipped: start mounts those itself). Bind sources are host paths. */
int guest_fstab_mount(int rootfd, const struct guest_fstab_entry *e, size_t n,
		      struct vsm_error *err);

/* Paths masked (files get /dev/null, directories an empty read-only tmpfs) and made read-only. */
extern const char *const guest_masked_paths[];
extern const char *const guest_readonly_paths[];

#endif
