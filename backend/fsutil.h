/* File helpers used across the backend: atomic writes, bounded reads, tree removal. */
#ifndef VSM_FSUTIL_H
#define VSM_FSUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include "backend/error.h"

/* Write NAME in DIRFD atomically: temp file in the same directory, fsync, rename, fsync dir. */
int fs_write_atomic(int dirfd, const char *name, const void *buf, size_t len, mode_t mode,
		    struct vsm_error *err);
/* Same, by absolute or cwd-relative path. */
int fs_write_atomic_path(const char *path, const void *buf, size_t len, mode_t mode,
			 struct vsm_error *err);
/* Atomically (re)point symlink PATH at TARGET. */
int fs_symlink_atomic(const char *target, const char *path, struct vsm_error *err);

/* Read a whole file of at most MAX bytes into a NUL-terminated malloc'd buffer. A larger file is
 * refused with EFBIG. Returns 0 or -errno (-ENOENT is not filled into ERR's message twice). */
int fs_read_file_at(int dirfd, const char *name, size_t max, char **out, size_t *len,
		    struct vsm_error *err);

/* mkdir -p with MODE for the created components. */
int fs_mkdir_p(const char *path, mode_t mode, struct vsm_error *err);

/* rm -rf below DIRFD/NAME without following symlinks, clearing FS_IMMUTABLE_FL and
 * FS_APPEND_FL where set (guests and vunify leave such files). Does not cross mount points. */
int fs_remove_tree_at(int dirfd, const char *name, struct vsm_error *err);
int fs_remove_tree(const char *path, struct vsm_error *err);

/* Open PATH inside the tree ROOTFD as if ROOTFD were "/": openat2 RESOLVE_IN_ROOT |
 * RESOLVE_NO_MAGICLINKS, so guest symlinks can never lead the host out of the guest. */
int fs_open_in_root(int rootfd, const char *path, int flags, mode_t mode, struct vsm_error *err);

/* openat2(DIRFD, PATH, FLAGS, MODE, RESOLVE) returning the fd or -errno. Without openat2 (ENOSYS:
 * an old kernel, or the seccomp filter of tests/security/no-openat2) an fd-relative walk applies
 * RESOLVE_IN_ROOT, RESOLVE_BENEATH, RESOLVE_NO_SYMLINKS, RESOLVE_NO_MAGICLINKS and RESOLVE_NO_XDEV
 * itself (backend/fs_resolve.c). */
int fs_openat2(int dirfd, const char *path, int flags, mode_t mode, unsigned long long resolve);
/* True once the walk has been used because openat2 answered ENOSYS. */
bool fs_openat2_is_fallback(void);

#endif
