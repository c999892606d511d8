/* Inode flags (FS_IOC_GETFLAGS / FS_IOC_SETFLAGS): immutable, append-only and the rest chattr
 * shows. Policy-free: callers decide which flags to touch. */
#ifndef VSM_KERNEL_FSATTR_H
#define VSM_KERNEL_FSATTR_H

/* Read FD's flags into *FLAGS. Returns 0 or -errno (-ENOTTY: the filesystem has none). */
int fsattr_get(int fd, unsigned *flags);
/* Replace FD's flags with FLAGS. Returns 0 or -errno. */
int fsattr_set(int fd, unsigned flags);
/* Set the bits in SET and clear those in CLEAR; the previous flags go to *OLD when OLD is not
 * NULL. No ioctl is made when nothing would change. Returns 0 or -errno. */
int fsattr_change(int fd, unsigned set, unsigned clear, unsigned *old);

#endif
