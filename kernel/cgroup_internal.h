/* Shared pieces of the cgroup drivers: paths, file I/O and the per-version operations that
 * kernel/cgroup.c dispatches to for each hierarchy of a layout. Not for use outside kernel/cgroup*. */
#ifndef VSM_KERNEL_CGROUP_INTERNAL_H
#define VSM_KERNEL_CGROUP_INTERNAL_H

#include <stddef.h>
#include "kernel/cgroup.h"

/* BUF = H->mount "/" REL ["/" FILE]. -ENAMETOOLONG when it does not fit. */
int cg_join(const struct cg_hierarchy *h, const char *rel, const char *file, char *buf, size_t len);
/* Write VALUE to the cgroup file PATH (O_TRUNC so fixture trees read back cleanly). */
int cg_write_path(const char *path, const char *value, struct vsm_error *err);
/* Read PATH into BUF, trailing newline stripped. -ENOENT is returned without touching ERR's text
 * beyond the path, so callers can probe for optional files. */
int cg_read_path(const char *path, char *buf, size_t len, struct vsm_error *err);
/* Does the comma- or space-separated LIST contain the word W? */
bool cg_list_has(const char *list, const char *w);
/* Append every pid listed in DIR/cgroup.procs and below it to *PIDS. */
int cg_procs_tree(const char *dir, pid_t **pids, size_t *n, size_t *cap, struct vsm_error *err);
/* rmdir DIR's sub-cgroups deepest first, then DIR. A missing DIR is fine. */
int cg_rmdir_tree(const char *dir, struct vsm_error *err);
/* Is the hierarchy a named one (name=systemd) without controllers? Used for membership only. */
bool cg_hierarchy_is_named(const struct cg_hierarchy *h);

/* v1 (one hierarchy per call). */
int cg_v1_create(const struct cg_hierarchy *h, const char *rel, struct vsm_error *err);
int cg_v1_freeze(const struct cg_hierarchy *h, const char *rel, bool frozen, struct vsm_error *err);
/* v2 (one hierarchy per call). */
int cg_v2_create(const struct cg_hierarchy *h, const char *rel, struct vsm_error *err);
int cg_v2_freeze(const struct cg_hierarchy *h, const char *rel, bool frozen, struct vsm_error *err);
/* Write cgroup.kill: 0, -ENOENT on kernels before 5.14. */
int cg_v2_kill(const struct cg_hierarchy *h, const char *rel, struct vsm_error *err);

#endif
