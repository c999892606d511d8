/* Internals of the live data model shared by snapshot.c (the guest table, refresh) and
 * snapshot_scan.c (the per-PID cache and the /proc pass). */
#ifndef VSM_SNAPSHOT_INTERNAL_H
#define VSM_SNAPSHOT_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>
#include "backend/monitor_guests.h"
#include "backend/procscan.h"
#include "backend/snapshot.h"
#include "kernel/cgroup.h"

struct pid_cache {
	pid_t pid;
	uint64_t starttime;  /* ticks after boot: a reused PID has another */
	int gname;           /* index into monitor.names, -1 for the host */
	pid_t guest_pid;
	uid_t uid;
	char comm[SNAP_COMM_MAX + 1]; /* an exec changes it: then status and cmdline are read again */
	char state;          /* a process that exits leaves its cgroup: read it again on 'Z' */
	char *cmdline;       /* malloc'd; NULL until read */
	uint64_t cpu_ticks;  /* utime + stime at the last refresh */
};

/* A guest name seen in a cgroup, with what CPU% needs from the previous refresh. */
struct guest_seen {
	char name[SNAP_NAME_MAX];
	uint64_t prev_cpu_ms; /* SNAP_NONE: no previous figure */
	uint64_t prev_taken_ms;
};

/* Per-guest sums over the scan, indexed by gname + 1 (0 = host). */
struct guest_acc {
	uint64_t nprocs, nthreads, vsz, rss_pages, user_ms, sys_ms;
	uint64_t cpu_delta_ticks, oldest_start;
	pid_t init_pid;
};

/* A configured guest's run record, for the start time and the pid-namespace fallback. */
struct guest_run {
	bool alive;          /* the recorded init still exists */
	pid_t init_pid;
	time_t start_time;
	ino_t pidns;         /* inode of the init's pid namespace, 0 if unknown */
};

struct user_name {
	uid_t uid;
	char name[SNAP_USER_MAX];
};

struct monitor {
	unsigned flags;
	struct procscan ps;
	long hz, pagesize;
	struct cg_layout lay;
	bool have_layout;
	pid_t *pids;
	size_t npids, cap_pids;
	struct pid_cache *cache, *next;
	size_t ncache, cap_cache, cap_next;
	struct guest_seen *names;
	size_t nnames, cap_names;
	struct user_name *users;
	size_t nusers, cap_users;
	struct guest_acc *acc;  /* per-guest sums of the last scan, [0] = host */
	size_t nacc;
	long *rowof;             /* guest row of each name in names, -1 when not listed */
	struct monitor_guest_conf *conf; /* the configured guests, read at the start of a refresh */
	size_t nconf;
	struct guest_run *runs;  /* their run records (parallel to conf) */
	struct snapshot snap;
	size_t cap_procs, cap_guests;
	bool have_snap;
	uint64_t host_prev_cpu_ms;
	char buf[4096];
};

/* Grow *V (elements of SIZE) to hold at least NEED. */

/* Grow *V (elements of SIZE) to hold at least NEED. */
int snapshot_grow(void *v, size_t *cap, size_t need, size_t size);

static inline uint64_t snapshot_ticks_ms(const struct monitor *m, uint64_t ticks)
{
	return ticks * 1000 / (uint64_t)m->hz;
}

/* Index of guest NAME in monitor.names, added when new; -1 on allocation failure. */
int snapshot_name_intern(struct monitor *m, const char *name);
/* Make the sums table cover every interned name. */
int snapshot_acc_cover(struct monitor *m);
/* The pid listing and the stat pass: fills the per-PID cache, the sums and (with MONITOR_PROCS)
 * the process rows. -ENOMEM. */
int snapshot_scan_procs(struct monitor *m, uint64_t interval_ms);

#endif
