/* File-level steps of sharing: strict opens inside a guest root, content and xattr hashing and
 * comparison, the safe link-replace and the private copy (un-share). Used by vunify, vhashify,
 * `vunify -R` and vapt-get. */
#ifndef VSM_UNIFY_FILE_H
#define VSM_UNIFY_FILE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>
#include "backend/error.h"

/* Names of our temporaries in guest directories; the walk skips them. */
#define UNIFY_TMP_PREFIX ".vunify-tmp."

/* Open PATH (absolute from the guest root) below ROOTFD refusing every symlink and mount crossing
 * on the way (openat2 RESOLVE_IN_ROOT | RESOLVE_NO_SYMLINKS | RESOLVE_NO_XDEV): a guest that swaps
 * a directory for a symlink makes the open fail instead of leading the host elsewhere. */
int unify_open_strict(int rootfd, const char *path, int flags);
/* Open PATH's parent directory strictly (*DIRFD) and return a pointer to PATH's last component. */
int unify_open_parent(int rootfd, const char *path, int *dirfd, const char **base);

/* xxhash of FD's content (XXH3-64) and of its extended attributes (names and values, sorted). */
int unify_hash_fd(int fd, uint64_t *content, uint64_t *xattrs);
/* 1 when A and B hold the same bytes and the same xattrs, 0 when not, -errno on errors. */
int unify_same_data(int a, int b);

enum unify_result {
	UNIFY_LINKED,		/* the name now refers to the shared inode (or would, in a dry run) */
	UNIFY_ALREADY,		/* it already did */
	UNIFY_DIFFERENT,	/* content, xattrs or metadata differ: left alone */
	UNIFY_CHANGED,		/* the file changed or moved since the scan: left alone */
};

/* Make PATH in the guest ROOTFD a hard link of the inode open as CFD (whose fstat is CST), if
 * PATH is still the inode EXPECT describes and is equal to it byte for byte. The target is made
 * immutable before the comparison, so no writer can change it unseen; the link goes to a
 * temporary name in the same directory and is renamed over PATH, so PATH always names a complete
 * file. The shared inode ends immutable. *FREED gets the bytes released (0 when the old inode
 * lives on elsewhere). DRY compares only. */
int unify_link_one(int cfd, const struct stat *cst, int rootfd, const char *path,
		   const struct stat *expect, bool dry, enum unify_result *res,
		   unsigned long long *freed, struct vsm_error *err);

/* Give NAME in DIRFD (currently the inode VFD) a private copy of SRCFD's content, owner, mode,
 * xattrs and times: copy into an unnamed file, link it to a temporary name, rename it over NAME.
 * VFD's immutable flag is lifted for the rename and put back while it stays shared. */
int unify_replace_with_copy(int dirfd, const char *name, int vfd, int srcfd, struct vsm_error *err);

/* Create NAME in DIRFD as a complete copy of SRCFD (content, owner, mode, xattrs, times); it
 * appears only once complete. -EEXIST (message not filled) when NAME exists. */
int unify_copy_to(int dirfd, const char *name, int srcfd, struct vsm_error *err);

/* Un-share PATH in guest ROOTFD when it is a shared (immutable, multiply linked) regular file.
 * *DONE tells whether it was. Directory symlinks on the way are followed inside the root (dpkg's
 * lists name /bin/x where /bin is a link to usr/bin); the file itself never is. */
int unify_unshare_path(int rootfd, const char *path, bool dry, bool *done, struct vsm_error *err);

#endif
