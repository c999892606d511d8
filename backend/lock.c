/* Per-guest lock: flock on a file in the lock directory (released by the kernel on death). */
#include "backend/lock.h"
#include "backend/fsutil.h"
#include "backend/paths.h"

#include <fcntl.h>
#include <limits.h>
#include <sys/file.h>
#include <unistd.h>

int guest_lock(const char *name, bool wait, struct vsm_error *err)
{
	const struct vsm_paths *p = vsm_paths();
	char path[PATH_MAX];
	if (vsm_path_guest_lock(p, name, path, sizeof(path)) < 0)
		return vsm_error_set(err, ENAMETOOLONG, "%s: lock path too long", name);
	int r = fs_mkdir_p(p->lockdir, 0755, err);
	if (r < 0)
		return r;
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return vsm_error_sys(err, errno, "%s: open lock %s", name, path);
	while (flock(fd, LOCK_EX | (wait ? 0 : LOCK_NB)) < 0) {
		if (errno == EINTR)
			continue;
		int e = errno;
		close(fd);
		if (e == EWOULDBLOCK)
			return vsm_error_set(err, EBUSY,
					     "%s: another vserver command is working on this guest", name);
		return vsm_error_sys(err, e, "%s: lock %s", name, path);
	}
	return fd;
}

void guest_unlock(int fd)
{
	if (fd >= 0)
		close(fd);
}
