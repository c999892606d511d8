/* File descriptors: close everything above a bound before guest code runs. */
#ifndef VSM_KERNEL_FD_H
#define VSM_KERNEL_FD_H

/* Close every fd >= FIRST (close_range; a /proc/self/fd walk where the syscall is missing). */
int fd_close_from(int first);
/* Close every fd >= FIRST except KEEP. */
int fd_close_from_except(int first, int keep);

#endif
