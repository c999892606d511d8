/* New mount API wrappers (fsopen/fsconfig/fsmount, open_tree, move_mount, mount_setattr). Raw
 * syscalls: glibc 2.36's sys/mount.h cannot be combined with linux/mount.h. */
#include "kernel/mount.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/mount.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef MNT_DETACH
#define MNT_DETACH 2
#endif

static int sys_fsconfig(int fd, unsigned cmd, const char *key, const void *val, int aux)
{
	return (int)syscall(SYS_fsconfig, fd, cmd, key, val, aux);
}

int mnt_make_private(struct vsm_error *err)
{
	struct mount_attr a = { .propagation = MS_PRIVATE };
	if (syscall(SYS_mount_setattr, AT_FDCWD, "/", AT_RECURSIVE, &a, sizeof(a)) < 0)
		return vsm_error_sys(err, errno, "mount_setattr(/, MS_PRIVATE, recursive)");
	return 0;
}

int mnt_clone_tree(int dfd, const char *path, bool recursive, struct vsm_error *err)
{
	unsigned flags = OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | (recursive ? AT_RECURSIVE : 0);
	if (!*path)
		flags |= AT_EMPTY_PATH;
	int fd = (int)syscall(SYS_open_tree, dfd, path, flags);
	if (fd < 0)
		return vsm_error_sys(err, errno, "open_tree(%s, OPEN_TREE_CLONE)", *path ? path : "fd");
	return fd;
}

static int configure(int fsfd, const char *type, const char *source, const char *opts,
		     struct vsm_error *err)
{
	if (source && sys_fsconfig(fsfd, FSCONFIG_SET_STRING, "source", source, 0) < 0)
		return vsm_error_sys(err, errno, "fsconfig(%s, source=%s)", type, source);
	if (!opts || !*opts)
		return 0;
	char *copy = strdup(opts), *save = NULL;
	if (!copy)
		return vsm_error_sys(err, ENOMEM, "fsconfig(%s)", type);
	int r = 0;
	for (char *o = strtok_r(copy, ",", &save); o; o = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(o, '=');
		int s;
		if (eq) {
			*eq = '\0';
			s = sys_fsconfig(fsfd, FSCONFIG_SET_STRING, o, eq + 1, 0);
		} else {
			s = sys_fsconfig(fsfd, FSCONFIG_SET_FLAG, o, NULL, 0);
		}
		if (s < 0) {
			r = vsm_error_sys(err, errno, "fsconfig(%s, option %s)", type, o);
			break;
		}
	}
	free(copy);
	return r;
}

int mnt_new_fs(const char *type, const char *source, const char *opts, unsigned attrs,
	       struct vsm_error *err)
{
	int fsfd = (int)syscall(SYS_fsopen, type, FSOPEN_CLOEXEC);
	if (fsfd < 0)
		return vsm_error_sys(err, errno, "fsopen(%s)", type);
	int r = configure(fsfd, type, source, opts, err);
	if (r == 0 && sys_fsconfig(fsfd, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0)
		r = vsm_error_sys(err, errno, "fsconfig(%s, CREATE)", type);
	int mfd = -1;
	if (r == 0) {
		mfd = (int)syscall(SYS_fsmount, fsfd, FSMOUNT_CLOEXEC, attrs);
		if (mfd < 0)
			r = vsm_error_sys(err, errno, "fsmount(%s)", type);
	}
	close(fsfd);
	return r < 0 ? r : mfd;
}

int mnt_set_attrs(int mfd, unsigned set, unsigned clear, bool recursive, struct vsm_error *err)
{
	struct mount_attr a = { .attr_set = set, .attr_clr = clear };
	unsigned flags = AT_EMPTY_PATH | (recursive ? AT_RECURSIVE : 0);
	if (syscall(SYS_mount_setattr, mfd, "", flags, &a, sizeof(a)) < 0)
		return vsm_error_sys(err, errno, "mount_setattr(set 0x%x, clear 0x%x)", set, clear);
	return 0;
}

int mnt_attach(int mfd, int targetfd, struct vsm_error *err)
{
	if (syscall(SYS_move_mount, mfd, "", targetfd, "",
		    MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0)
		return vsm_error_sys(err, errno, "move_mount");
	return 0;
}

int mnt_pivot_root(int rootfd, struct vsm_error *err)
{
	if (fchdir(rootfd) < 0)
		return vsm_error_sys(err, errno, "fchdir(new root)");
	/* pivot_root(".", "."): the old root ends up stacked on "." and is detached right away. */
	if (syscall(SYS_pivot_root, ".", ".") < 0)
		return vsm_error_sys(err, errno, "pivot_root");
	if (syscall(SYS_umount2, ".", MNT_DETACH) < 0)
		return vsm_error_sys(err, errno, "umount2(old root, MNT_DETACH)");
	if (chdir("/") < 0)
		return vsm_error_sys(err, errno, "chdir(/)");
	return 0;
}
