/* FS_IOC_GETFLAGS / FS_IOC_SETFLAGS. The ioctl argument is an int despite <linux/fs.h> saying
 * long (ioctl_iflags(2)); passing a long would read garbage on big-endian 64-bit. */
#include "kernel/fsattr.h"

#include <errno.h>
#include <linux/fs.h>
#include <sys/ioctl.h>

int fsattr_get(int fd, unsigned *flags)
{
	int v = 0;
	if (ioctl(fd, FS_IOC_GETFLAGS, &v) < 0)
		return -errno;
	*flags = (unsigned)v;
	return 0;
}

int fsattr_set(int fd, unsigned flags)
{
	int v = (int)flags;
	if (ioctl(fd, FS_IOC_SETFLAGS, &v) < 0)
		return -errno;
	return 0;
}

int fsattr_change(int fd, unsigned set, unsigned clear, unsigned *old)
{
	unsigned cur = 0;
	int r = fsattr_get(fd, &cur);
	if (r < 0)
		return r;
	if (old)
		*old = cur;
	unsigned want = (cur | set) & ~clear;
	return want == cur ? 0 : fsattr_set(fd, want);
}
