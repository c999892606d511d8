/* Loop block devices: attach an image file (LOOP_CONFIGURE, autoclear) and grow it online. */
#ifndef VSM_KERNEL_LOOP_H
#define VSM_KERNEL_LOOP_H

#include <stdbool.h>
#include <stddef.h>
#include "backend/error.h"

/* Attach IMAGE_FD to a free loop device with LO_FLAGS_AUTOCLEAR (the device detaches itself when
 * its last user, e.g. the mount, goes away). DEV gets "/dev/loopN". Returns the device fd. */
int loop_attach(int image_fd, bool readonly, char *dev, size_t len, struct vsm_error *err);
/* Re-read the backing file's size (after the image grew). */
int loop_set_capacity(int loop_fd, struct vsm_error *err);
/* The backing file of the loop device with minor MINOR into BUF; -ENOENT if it is not attached. */
int loop_backing_file(unsigned minor, char *buf, size_t len);

#endif
