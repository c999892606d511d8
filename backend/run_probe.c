/* Fallback running check used by build --force and delete (see run_probe.h). */
#include "backend/run_probe.h"
#include "backend/fsutil.h"
#include "backend/paths.h"

#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

/* The pid files a run record may hold (monitor first: it outlives a rebooting init). */
static const char *const pid_files[] = { "monitor.pid", "pid", "init.pid", NULL };

static bool pid_is_alive(pid_t pid)
{
	return pid > 0 && (kill(pid, 0) == 0 || errno == EPERM);
}

bool run_probe_is_running(const char *name)
{
	char dir[PATH_MAX];
	if (vsm_path_guest_run(vsm_paths(), name, dir, sizeof(dir)) < 0)
		return false;
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (dfd < 0)
		return false;
	bool alive = false;
	for (size_t i = 0; pid_files[i] && !alive; i++) {
		char *buf = NULL;
		if (fs_read_file_at(dfd, pid_files[i], 64, &buf, NULL, NULL) < 0)
			continue;
		char *end;
		long pid = strtol(buf, &end, 10);
		if (end != buf && pid > 0 && pid < INT_MAX)
			alive = pid_is_alive((pid_t)pid);
		free(buf);
	}
	close(dfd);
	return alive;
}
