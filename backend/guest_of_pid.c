/* A process's guest, from its cgroup path: guests are identified by cgroup, never by anything a
 * process inside the guest could rename (its comm, its hostname). */
#include "backend/guest_of_pid.h"
#include "backend/guest_name.h"
#include "backend/paths.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int guest_of_cgroup_path(const char *path, const char *base, char *name, size_t len)
{
	size_t bl = strlen(base);
	if (path[0] != '/' || strncmp(path + 1, base, bl) || path[1 + bl] != '/')
		return 0;
	const char *n = path + 2 + bl;
	size_t nl = strcspn(n, "/\n");
	if (nl == 0 || nl >= len)
		return 0;
	memcpy(name, n, nl);
	name[nl] = '\0';
	/* A directory that is not a valid guest name was not made by vsm. */
	return guest_name_is_valid(name) ? 1 : 0;
}

int guest_of_cgroup_file(const char *text, const char *base, char *name, size_t len)
{
	for (const char *line = text; line && *line;) {
		const char *c1 = strchr(line, ':');
		const char *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
		const char *nl = strchr(line, '\n');
		if (c2 && (!nl || c2 < nl) && guest_of_cgroup_path(c2 + 1, base, name, len))
			return 1;
		line = nl ? nl + 1 : NULL;
	}
	return 0;
}

int guest_of_pid(pid_t pid, char *name, size_t len)
{
	char path[64], buf[4096];
	snprintf(path, sizeof(path), "/proc/%d/cgroup", (int)pid);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	int e = errno;
	close(fd);
	if (n < 0)
		return -e;
	buf[n] = '\0';
	return guest_of_cgroup_file(buf, vsm_paths()->cgroup_base, name, len);
}
