/* Loop devices through /dev/loop-control and LOOP_CONFIGURE (Linux 5.8). */
#include "kernel/loop.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/loop.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

int loop_attach(int image_fd, bool readonly, char *dev, size_t len, struct vsm_error *err)
{
	int ctl = open("/dev/loop-control", O_RDWR | O_CLOEXEC);
	if (ctl < 0)
		return vsm_error_sys(err, errno, "open /dev/loop-control");
	/* Another process may take the free device between GET_FREE and CONFIGURE: retry. */
	for (int tries = 0; tries < 20; tries++) {
		int n = ioctl(ctl, LOOP_CTL_GET_FREE);
		if (n < 0) {
			int e = errno;
			close(ctl);
			return vsm_error_sys(err, e, "LOOP_CTL_GET_FREE");
		}
		snprintf(dev, len, "/dev/loop%d", n);
		int fd = open(dev, (readonly ? O_RDONLY : O_RDWR) | O_CLOEXEC);
		if (fd < 0) {
			int e = errno;
			close(ctl);
			return vsm_error_sys(err, e, "open %s", dev);
		}
		struct loop_config cfg;
		memset(&cfg, 0, sizeof(cfg));
		cfg.fd = (unsigned)image_fd;
		cfg.info.lo_flags = LO_FLAGS_AUTOCLEAR | (readonly ? LO_FLAGS_READ_ONLY : 0);
		if (ioctl(fd, LOOP_CONFIGURE, &cfg) == 0) {
			close(ctl);
			return fd;
		}
		int e = errno;
		close(fd);
		if (e != EBUSY) {
			close(ctl);
			return vsm_error_sys(err, e, "LOOP_CONFIGURE %s", dev);
		}
	}
	close(ctl);
	return vsm_error_set(err, EBUSY, "no free loop device after 20 tries");
}

int loop_set_capacity(int loop_fd, struct vsm_error *err)
{
	if (ioctl(loop_fd, LOOP_SET_CAPACITY, 0) < 0)
		return vsm_error_sys(err, errno, "LOOP_SET_CAPACITY");
	return 0;
}

int loop_backing_file(unsigned minor, char *buf, size_t len)
{
	char p[64];
	snprintf(p, sizeof(p), "/sys/block/loop%u/loop/backing_file", minor);
	int fd = open(p, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -ENOENT;
	ssize_t n = read(fd, buf, len - 1);
	close(fd);
	if (n <= 0)
		return -ENOENT;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}
