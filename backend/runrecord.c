/* Run record files, each written atomically; the monitor's start time guards against pid reuse so
 * a record whose monitor is gone is recognised as stale. */
#include "backend/runrecord.h"
#include "backend/fsutil.h"
#include "backend/paths.h"

#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int runrecord_dir(const char *name, bool create, char *buf, size_t len, struct vsm_error *err)
{
	if (vsm_path_guest_run(vsm_paths(), name, buf, len) < 0)
		return vsm_error_set(err, ENAMETOOLONG, "%s: run dir path too long", name);
	return create ? fs_mkdir_p(buf, 0700, err) : 0;
}

static int put(const char *name, const char *file, const char *text, struct vsm_error *err)
{
	char dir[PATH_MAX], path[PATH_MAX + 64];
	int r = runrecord_dir(name, true, dir, sizeof(dir), err);
	if (r < 0)
		return r;
	snprintf(path, sizeof(path), "%s/%s", dir, file);
	return fs_write_atomic_path(path, text, strlen(text), 0644, err);
}

unsigned long long proc_start_time(pid_t pid)
{
	char path[64], buf[1024];
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	/* comm may hold spaces and parens: fields restart after the last ')'. */
	char *p = strrchr(buf, ')');
	if (!p)
		return 0;
	p++;
	/* A zombie has ended: it only waits for a parent (or a non-reaping PID 1) to collect it. */
	if (p[0] == ' ' && (p[1] == 'Z' || p[1] == 'X'))
		return 0;
	for (int field = 3; field < 22 && p; field++)
		p = strchr(p + 1, ' ');
	return p ? strtoull(p + 1, NULL, 10) : 0;
}

static int put_pid(const char *name, const char *file, pid_t pid, struct vsm_error *err)
{
	char text[64];
	snprintf(text, sizeof(text), "%d %llu\n", (int)pid, proc_start_time(pid));
	return put(name, file, text, err);
}

int runrecord_write_monitor(const char *name, pid_t pid, struct vsm_error *err)
{
	return put_pid(name, "monitor.pid", pid, err);
}

int runrecord_write_init(const char *name, pid_t pid, struct vsm_error *err)
{
	char text[32];
	snprintf(text, sizeof(text), "%lld\n", (long long)time(NULL));
	int r = put(name, "start.time", text, err);
	return r < 0 ? r : put_pid(name, "init.pid", pid, err);
}

int runrecord_write_exit(const char *name, const char *reason, struct vsm_error *err)
{
	char text[200];
	snprintf(text, sizeof(text), "%s\n", reason);
	return put(name, "exit", text, err);
}

int runrecord_set_stop_requested(const char *name, bool on, struct vsm_error *err)
{
	if (on)
		return put(name, "stop-requested", "1\n", err);
	char dir[PATH_MAX], path[PATH_MAX + 64];
	if (runrecord_dir(name, false, dir, sizeof(dir), err) < 0)
		return -ENAMETOOLONG;
	snprintf(path, sizeof(path), "%s/stop-requested", dir);
	unlink(path);
	return 0;
}

void runrecord_clear_running(const char *name)
{
	static const char *const files[] = { "init.pid", "monitor.pid", "stop-requested",
					     RUNRECORD_SOCK, "start.time" };
	char dir[PATH_MAX], path[PATH_MAX + 64];
	if (runrecord_dir(name, false, dir, sizeof(dir), NULL) < 0)
		return;
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		unlink(path);
	}
}

static int get(int dfd, const char *file, char *buf, size_t len)
{
	int fd = openat(dfd, file, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return -errno;
	ssize_t n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -EIO;
	buf[n] = '\0';
	char *nl = strchr(buf, '\n');
	if (nl)
		*nl = '\0';
	return 0;
}

int runrecord_read(const char *name, struct run_record *rec, struct vsm_error *err)
{
	memset(rec, 0, sizeof(*rec));
	char dir[PATH_MAX], buf[200];
	int r = runrecord_dir(name, false, dir, sizeof(dir), err);
	if (r < 0)
		return r;
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return -errno;
	int pid;
	unsigned long long st;
	if (get(dfd, "monitor.pid", buf, sizeof(buf)) == 0 && sscanf(buf, "%d %llu", &pid, &st) == 2)
		rec->monitor_pid = pid, rec->monitor_start = st;
	if (get(dfd, "init.pid", buf, sizeof(buf)) == 0 && sscanf(buf, "%d %llu", &pid, &st) == 2)
		rec->init_pid = pid, rec->init_start = st;
	if (get(dfd, "start.time", buf, sizeof(buf)) == 0)
		rec->start_time = (time_t)strtoll(buf, NULL, 10);
	rec->stop_requested = faccessat(dfd, "stop-requested", F_OK, AT_SYMLINK_NOFOLLOW) == 0;
	if (get(dfd, "exit", buf, sizeof(buf)) == 0)
		snprintf(rec->exit, sizeof(rec->exit), "%s", buf);
	close(dfd);
	return 0;
}

bool runrecord_monitor_alive(const struct run_record *rec)
{
	return rec->monitor_pid > 0 && rec->monitor_start &&
	       proc_start_time(rec->monitor_pid) == rec->monitor_start;
}

bool runrecord_init_alive(const struct run_record *rec)
{
	return rec->init_pid > 0 && rec->init_start &&
	       proc_start_time(rec->init_pid) == rec->init_start;
}
