/* Is a guest running, since when, with how many processes. */
#ifndef VSM_STATUS_H
#define VSM_STATUS_H

#include <stdbool.h>
#include <sys/types.h>
#include <time.h>
#include "backend/error.h"

struct guest_status {
	bool running;
	pid_t init_pid;
	pid_t monitor_pid;
	time_t start_time;
	int nprocs;	 /* processes in the guest, -1 unknown */
	char exit[160];	 /* how the last run ended, "" if unknown */
};

/* Running means: the recorded monitor and init both exist (same pid and start time). */
int guest_status_read(const char *name, struct guest_status *st, struct vsm_error *err);
bool guest_is_running(const char *name);

#endif
