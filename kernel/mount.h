/* The new mount API on fds: fresh filesystems, detached clones, attaching by fd, pivot_root. */
#ifndef VSM_KERNEL_MOUNT_H
#define VSM_KERNEL_MOUNT_H

#include <stdbool.h>
#include <stdint.h>
#include "backend/error.h"

/* Mount attributes (MOUNT_ATTR_* values from linux/mount.h, repeated so callers need not include
 * it: glibc 2.36's sys/mount.h and linux/mount.h collide). */
#define VSM_MNT_RDONLY 0x00000001
#define VSM_MNT_NOSUID 0x00000002
#define VSM_MNT_NODEV 0x00000004
#define VSM_MNT_NOEXEC 0x00000008
#define VSM_MNT_NOATIME 0x00000010
#define VSM_MNT_NODIRATIME 0x00000080

/* Make every mount in this (new) namespace private, so nothing propagates back to the host. */
int mnt_make_private(struct vsm_error *err);

/* A detached copy of the mount at DFD/PATH (open_tree OPEN_TREE_CLONE, recursive if asked).
 * PATH "" means DFD itself. Returns the mount fd. */
int mnt_clone_tree(int dfd, const char *path, bool recursive, struct vsm_error *err);

/* A new filesystem of TYPE: SOURCE (may be NULL), OPTS a comma list of key=value or flag words
 * handed to fsconfig, ATTRS VSM_MNT_* flags. Returns the detached mount fd. */
int mnt_new_fs(const char *type, const char *source, const char *opts, unsigned attrs,
	       struct vsm_error *err);

/* Change attributes of the detached or attached mount MFD (recursively when asked). */
int mnt_set_attrs(int mfd, unsigned set, unsigned clear, bool recursive, struct vsm_error *err);

/* Attach the detached mount MFD on top of the directory or file TARGETFD (an O_PATH fd). */
int mnt_attach(int mfd, int targetfd, struct vsm_error *err);

/* Make ROOTFD (a mount's root directory) the process's root: pivot_root with the old root
 * detached, so there is no path back to the host tree. */
int mnt_pivot_root(int rootfd, struct vsm_error *err);

#endif
