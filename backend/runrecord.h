/* The run record in /run/vservers/NAME/: who runs the guest, since when, and how it ended. */
#ifndef VSM_RUNRECORD_H
#define VSM_RUNRECORD_H

#include <stdbool.h>
#include <sys/types.h>
#include <time.h>
#include "backend/error.h"

#define RUNRECORD_SOCK "monitor.sock"

struct run_record {
	pid_t monitor_pid;		  /* 0 when absent */
	unsigned long long monitor_start; /* /proc/PID/stat starttime, against pid reuse */
	pid_t init_pid;			  /* host pid of the guest's init, 0 when absent */
	unsigned long long init_start;
	time_t start_time;		  /* when the current boot began */
	bool stop_requested;
	char exit[160];			  /* last exit: "halt", "reboot", "stopped", "exited 1", ... */
};

/* Run directory of NAME (created when CREATE). */
int runrecord_dir(const char *name, bool create, char *buf, size_t len, struct vsm_error *err);
/* Read what exists; missing files leave fields zero. -ENOENT when there is no run dir. */
int runrecord_read(const char *name, struct run_record *rec, struct vsm_error *err);

int runrecord_write_monitor(const char *name, pid_t pid, struct vsm_error *err);
int runrecord_write_init(const char *name, pid_t pid, struct vsm_error *err);
int runrecord_write_exit(const char *name, const char *reason, struct vsm_error *err);
int runrecord_set_stop_requested(const char *name, bool on, struct vsm_error *err);
/* Forget the running state (init, monitor, socket, stop marker); the exit record stays. */
void runrecord_clear_running(const char *name);

/* starttime (field 22 of /proc/PID/stat), 0 if the process does not exist. */
unsigned long long proc_start_time(pid_t pid);
/* The recorded monitor / init still exists (same pid, same start time). */
bool runrecord_monitor_alive(const struct run_record *rec);
bool runrecord_init_alive(const struct run_record *rec);

#endif
