/* Guest status from the run record, checked against the live processes. */
#include "backend/status.h"
#include "backend/guest_cgroup.h"
#include "backend/runrecord.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Without a cgroup: count processes sharing init's PID namespace. */
static int count_in_pidns(pid_t init)
{
	char path[64];
	struct stat ref, st;
	snprintf(path, sizeof(path), "/proc/%d/ns/pid", (int)init);
	if (stat(path, &ref) < 0)
		return -1;
	DIR *d = opendir("/proc");
	if (!d)
		return -1;
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] < '1' || e->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/ns/pid", e->d_name);
		if (stat(path, &st) == 0 && st.st_ino == ref.st_ino && st.st_dev == ref.st_dev)
			n++;
	}
	closedir(d);
	return n;
}

int guest_status_read(const char *name, struct guest_status *st, struct vsm_error *err)
{
	memset(st, 0, sizeof(*st));
	st->nprocs = -1;
	struct run_record rec;
	if (runrecord_read(name, &rec, NULL) < 0)
		return 0;
	snprintf(st->exit, sizeof(st->exit), "%s", rec.exit);
	if (!runrecord_monitor_alive(&rec) || !runrecord_init_alive(&rec))
		return 0;
	st->running = true;
	st->init_pid = rec.init_pid;
	st->monitor_pid = rec.monitor_pid;
	st->start_time = rec.start_time;
	struct guest_cgroup *gc = guest_cgroup_open(name, NULL);
	st->nprocs = gc ? guest_cgroup_count(gc) : count_in_pidns(rec.init_pid);
	guest_cgroup_close(gc);
	return 0;
}

bool guest_is_running(const char *name)
{
	struct guest_status st;
	return guest_status_read(name, &st, NULL) == 0 && st.running;
}
