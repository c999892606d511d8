/* Which cgroup a process is in, from /proc/PID/cgroup: how the monitor tells a guest's processes. */
#include "kernel/cgroup_internal.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

int cg_pid_path(pid_t pid, const char *controller, char *buf, size_t len)
{
	char path[64], line[4096];
	snprintf(path, sizeof(path), "/proc/%d/cgroup", (int)pid);
	FILE *f = fopen(path, "re");
	if (!f)
		return errno == ENOENT ? -ESRCH : -errno;
	int r = -ENOENT;
	/* Lines are "ID:CONTROLLERS:PATH"; v2's is "0::PATH". PATH may itself contain ':'. */
	while (r == -ENOENT && fgets(line, sizeof(line), f)) {
		char *c = strchr(line, ':'), *p = c ? strchr(c + 1, ':') : NULL;
		if (!p)
			continue;
		*p++ = '\0';
		c++;
		p[strcspn(p, "\n")] = '\0';
		bool match = controller[0] ? cg_list_has(c, controller) : (c[0] == '\0' &&
									 strncmp(line, "0:", 2) == 0);
		if (!match)
			continue;
		size_t l = strlen(p);
		if (l >= len) {
			r = -ENAMETOOLONG;
		} else {
			memcpy(buf, p, l + 1);
			r = 0;
		}
	}
	fclose(f);
	return r;
}
