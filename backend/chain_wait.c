/* Waiting on a guest's monitor by pidfd: no polling of /proc, no pid-reuse race. */
#include "backend/chain_wait.h"
#include "backend/runrecord.h"
#include "kernel/ns.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Poll FD until readable or TIMEOUT_MS (< 0: forever). 1 readable, 0 timeout, -errno. */
static int wait_fd(int fd, int timeout_ms)
{
	long long end = timeout_ms < 0 ? -1 : now_ms() + timeout_ms;
	for (;;) {
		int left = end < 0 ? -1 : (int)(end - now_ms());
		if (end >= 0 && left < 0)
			left = 0;
		struct pollfd p = { .fd = fd, .events = POLLIN };
		int n = poll(&p, 1, left);
		if (n > 0)
			return 1;
		if (n == 0)
			return 0;
		if (errno != EINTR)
			return -errno;
	}
}

int chain_exit_status(const char *name)
{
	struct run_record rec;
	int sig, code;
	if (runrecord_read(name, &rec, NULL) < 0)
		return 0;
	if (sscanf(rec.exit, "init exited with status %d", &code) == 1)
		return code;
	if (sscanf(rec.exit, "killed by signal %d", &sig) == 1)
		return 128 + sig;
	return 0;
}

int chain_wait(const char *name, int timeout_ms, bool terminate, enum wait_result *res, int *rc,
	       struct vsm_error *err)
{
	struct run_record rec;
	if (runrecord_read(name, &rec, NULL) < 0 || !runrecord_monitor_alive(&rec))
		return vsm_error_set(err, ESRCH, "%s: the guest is not running", name);
	int mfd = ns_pidfd_open(rec.monitor_pid, err);
	if (mfd < 0)
		return mfd;
	if (proc_start_time(rec.monitor_pid) != rec.monitor_start) {
		close(mfd);
		return vsm_error_set(err, ESRCH, "%s: the guest is not running", name);
	}
	int r = wait_fd(mfd, timeout_ms);
	*res = WAIT_FINISHED;
	if (r == 0 && !terminate) {
		*res = WAIT_TIMEOUT;
	} else if (r == 0) {
		*res = WAIT_KILLED;
		/* The init of this boot: the end of a PID namespace's init kills all of it. */
		struct run_record now;
		int ifd = -1;
		if (runrecord_read(name, &now, NULL) == 0 && runrecord_init_alive(&now))
			ifd = ns_pidfd_open(now.init_pid, NULL);
		if (ifd >= 0 && proc_start_time(now.init_pid) == now.init_start)
			ns_pidfd_signal(ifd, SIGKILL);
		if (ifd >= 0)
			close(ifd);
		r = wait_fd(mfd, 30000);
		if (r == 0)
			r = vsm_error_set(err, ETIMEDOUT, "%s: the guest did not end within 30 s of SIGKILL",
					  name);
	}
	if (r < 0 && r != -ETIMEDOUT)
		r = vsm_error_sys(err, -r, "poll on the monitor's pidfd");
	close(mfd);
	if (r < 0)
		return r;
	*rc = *res == WAIT_FINISHED ? chain_exit_status(name) : 0;
	return 0;
}
