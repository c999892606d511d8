/* The live data model: one snapshot of every guest and process, taken from one /proc scan, that the
 * console panes, vps, vserver-stat and the JSON output all read (htop's Machine/Table split: this side
 * collects, it never draws). */
#ifndef VSM_SNAPSHOT_H
#define VSM_SNAPSHOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>
#include "backend/error.h"

#define SNAP_NAME_MAX 64   /* guest names are shorter (guest_name.h); "root server" fits */
#define SNAP_USER_MAX 33   /* login names are at most 32 bytes */
#define SNAP_COMM_MAX 16   /* the kernel's TASK_COMM_LEN */
#define SNAP_IPS_MAX 256   /* comma-separated addresses from the config */

/* "Unknown / not applicable / no limit" for the uint64_t figures below. */
#define SNAP_NONE UINT64_MAX

/* Index 0 of snapshot.guests is always the host. */
#define SNAP_HOST 0

/* One guest row (vserver-stat's line, the console's guest table). */
struct snap_guest {
	char name[SNAP_NAME_MAX];  /* guest name; "root server" for the host row */
	uint32_t ctx;              /* context id from the guest's config `context` file; 0 = host,
				      0 also when a guest has no `context` file */
	bool running;              /* true when its cgroup holds at least one process */
	uint64_t nprocs;           /* processes in the guest (cgroup figure, else counted in the scan) */
	uint64_t nthreads;         /* threads, summed over its processes in the scan */
	uint64_t vsz_bytes;        /* sum of its processes' virtual sizes (as util-vserver's VSZ) */
	uint64_t rss_bytes;        /* memory in use: cgroup RSS (anon + mapped file) for a guest,
				      sum of process RSS for the host; SNAP_NONE if unknown */
	uint64_t mem_limit;        /* memory limit in bytes, SNAP_NONE = no limit (host: MemTotal) */
	uint64_t pids_limit;       /* pids.max, SNAP_NONE = no limit */
	uint64_t cpu_user_ms;      /* CPU time used in user mode since the guest started (cgroup),
				      host: utime + cutime summed over host processes */
	uint64_t cpu_sys_ms;       /* same, kernel mode */
	double cpu_pct;            /* CPU use between the previous snapshot and this one, in percent of
				      one CPU (200.0 = two CPUs busy); 0 on the first snapshot */
	uint64_t uptime_ms;        /* time since the guest started (its run record, else its oldest
				      process's start time); host: since boot; 0 when stopped */
	time_t started;            /* wall-clock start time (seconds since the epoch), 0 when stopped */
	pid_t init_pid;            /* host pid of the guest's init (in-guest pid 1), 0 if none seen;
				      host: 1 */
	char ips[SNAP_IPS_MAX];    /* the config's interface addresses, "a.b.c.d/p,…"; "" for none */
	uint64_t disk_used_kb;     /* disk limit (dlimits): space used in 1 KiB blocks, live while
				      running, as recorded at stop otherwise; SNAP_NONE = no limit */
	uint64_t disk_limit_kb;    /* the configured space_total; SNAP_NONE = no limit */
	uint64_t inodes_used;      /* inodes used in the limited root; SNAP_NONE = no limit */
	uint64_t inodes_limit;     /* inodes the limited root has; SNAP_NONE = no limit */
};

/* One process row (vps's line, the console's process pane). */
struct snap_proc {
	pid_t pid;                 /* host pid */
	pid_t guest_pid;           /* pid inside the guest's pid namespace (last NSpid field of
				      /proc/PID/status); equals pid for host processes */
	pid_t ppid;                /* host pid of the parent */
	size_t guest;              /* index into snapshot.guests (SNAP_HOST for host processes) */
	uint32_t ctx;              /* that guest's context id, copied for sorting and filters */
	uid_t uid;                 /* real uid as the host sees it */
	char user[SNAP_USER_MAX];  /* host user name of uid, or the number when it has no name */
	char state;                /* one-letter kernel state: R S D Z T t I X … */
	int nice;                  /* nice value, -20..19 */
	unsigned nthreads;         /* threads in the process */
	uint64_t utime_ms;         /* CPU time in user mode since the process started */
	uint64_t stime_ms;         /* CPU time in kernel mode */
	double cpu_pct;            /* CPU use since the previous snapshot, percent of one CPU; 0 for
				      a process new in this snapshot */
	uint64_t rss_bytes;        /* resident set size */
	uint64_t vsz_bytes;        /* virtual size */
	uint64_t start_ms;         /* start time, milliseconds after boot */
	char comm[SNAP_COMM_MAX + 1]; /* kernel command name (may contain spaces and parentheses) */
	const char *cmdline;       /* arguments joined by spaces, "[comm]" for kernel threads and
				      zombies; owned by the snapshot; never NULL */
};

/* One refresh. Arrays are owned by the snapshot and valid until the monitor's next refresh. */
struct snapshot {
	uint64_t taken_ms;         /* CLOCK_MONOTONIC when the scan started */
	time_t wall;               /* wall-clock time of the scan */
	uint64_t interval_ms;      /* time since the previous snapshot (CPU% base); 0 on the first */
	uint64_t boot_uptime_ms;   /* host uptime (/proc/uptime) */
	unsigned ncpu;             /* online CPUs */
	uint64_t mem_total;        /* host MemTotal in bytes */
	size_t nguests;            /* guests[0] is the host; then guests by name */
	struct snap_guest *guests;
	size_t nprocs;             /* processes sorted by host pid */
	struct snap_proc *procs;
};

/* What a refresh reads: the guest table alone (vserver-stat) needs only stat of each process and the
 * cgroup figures; the process pane also needs command lines and user names. */
enum monitor_flags {
	MONITOR_PROCS = 1 << 0,    /* keep the per-process table in the snapshot */
	MONITOR_CMDLINE = 1 << 1,  /* read /proc/PID/cmdline (else cmdline is comm) */
	MONITOR_USERS = 1 << 2,    /* resolve user names */
	MONITOR_STOPPED = 1 << 3,  /* list configured guests that are stopped too */
};

/* The collector: keeps what cannot change during a PID's life (its guest, its in-guest pid) from one
 * refresh to the next, and the previous figures for CPU%. */
struct monitor;

int monitor_open(struct monitor **mon, unsigned flags, struct vsm_error *err);
/* Scan /proc once and the guests' cgroups; the result replaces the previous snapshot. */
int monitor_refresh(struct monitor *mon, struct vsm_error *err);
/* The latest snapshot (NULL before the first refresh); valid until the next refresh or close. */
const struct snapshot *monitor_snapshot(const struct monitor *mon);
void monitor_close(struct monitor *mon);

/* False when no cgroup hierarchy could be found: guest memory and CPU figures then come from the
 * process scan (sums of RSS and of utime/stime), which front ends may want to mention. */
bool monitor_uses_cgroups(const struct monitor *mon);

/* Lookups on a snapshot: index of the guest NAME or context CTX, or -1. */
long snapshot_guest_by_name(const struct snapshot *s, const char *name);
long snapshot_guest_by_ctx(const struct snapshot *s, uint32_t ctx);
/* Index of host pid PID in procs (binary search), or -1. */
long snapshot_proc_by_pid(const struct snapshot *s, pid_t pid);

#endif
