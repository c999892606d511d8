/* Stopping guests. The monitor runs the kill sequence (it is init's parent and sees the exit at
 * once); the `stop` client only asks, and cleans up after a monitor that is gone. */
#include "backend/stop.h"
#include "backend/exec.h"
#include "backend/guest_monitor.h"
#include "backend/lock.h"
#include "backend/net.h"
#include "backend/runrecord.h"
#include "kernel/ns.h"

#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define STOP_CMD_TIMEOUT_MS 30000
#define STOP_FINAL_WAIT_MS 5000

int stop_sequence_bound_ms(const struct run_config *rc)
{
	int ms = STOP_FINAL_WAIT_MS + (rc->stop_argv ? STOP_CMD_TIMEOUT_MS : 0);
	for (int i = 0; i < rc->nkillseq; i++)
		if (rc->killseq[i] <= 0)
			ms += -rc->killseq[i] * 1000;
	return ms;
}

/* The stop command runs inside the guest in a child of the monitor. */
static pid_t stop_command_spawn(const struct run_config *rc, int init_pidfd,
				struct guest_cgroup *gc)
{
	pid_t pid = fork();
	if (pid != 0)
		return pid;
	struct vsm_error err = {0};
	int status = 1;
	if (guest_exec_run(rc, gc, init_pidfd, rc->stop_argv, &status, &err) < 0)
		/* This child's stderr is the monitor's log. */
		dprintf(STDERR_FILENO, "vsm-monitor %s: stop command: %s\n", rc->name, err.msg);
	_exit(status);
}

bool stop_sequence_run(const struct run_config *rc, int init_pidfd, struct guest_cgroup *gc,
		       stop_wait_fn wait_exit, void *ctx)
{
	bool gone = false;
	if (rc->stop_argv) {
		pid_t helper = stop_command_spawn(rc, init_pidfd, gc);
		int hfd = helper > 0 ? ns_pidfd_open(helper, NULL) : -1;
		if (hfd >= 0) {
			struct timespec t0, t1;
			clock_gettime(CLOCK_MONOTONIC, &t0);
			gone = wait_exit(ctx, STOP_CMD_TIMEOUT_MS, hfd);
			int st = -1;
			if (!gone && waitpid(helper, &st, WNOHANG) == helper && WIFEXITED(st) &&
			    WEXITSTATUS(st) == 0) {
				/* The command worked and started a shutdown (`init 0` returns at once):
				 * give it the rest of the time. A failed command goes straight on. */
				clock_gettime(CLOCK_MONOTONIC, &t1);
				long el = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
				if (el < STOP_CMD_TIMEOUT_MS)
					gone = wait_exit(ctx, STOP_CMD_TIMEOUT_MS - (int)el, -1);
			}
			close(hfd);
		}
		if (helper > 0) {
			kill(helper, SIGKILL);
			waitpid(helper, NULL, 0);
		}
	}
	bool first = true;
	int last = 0;
	for (int i = 0; i < rc->nkillseq && !gone; i++) {
		int v = rc->killseq[i];
		if (v > 0) {
			/* The first signal is init's own clean-shutdown request; later ones go to every
			 * process of the guest, as util-vserver's kill sequence does. */
			ns_pidfd_signal(init_pidfd, v);
			if (!first)
				guest_cgroup_signal(gc, v);
			first = false;
			last = v;
			gone = wait_exit(ctx, 0, -1);
		} else {
			gone = wait_exit(ctx, -v * 1000, -1);
		}
	}
	if (!gone && last != SIGKILL) {
		/* SIGKILL of a PID namespace's init takes every process in it along. */
		ns_pidfd_signal(init_pidfd, SIGKILL);
		guest_cgroup_signal(gc, SIGKILL);
	}
	return gone || wait_exit(ctx, STOP_FINAL_WAIT_MS, -1);
}

static int wait_pidfd(int pidfd, int timeout_ms)
{
	struct pollfd p = { pidfd, POLLIN, 0 };
	return poll(&p, 1, timeout_ms);
}

int guest_cleanup_stale(const char *name, struct vsm_error *err)
{
	struct run_record rec;
	if (runrecord_read(name, &rec, NULL) < 0)
		return 0;
	if (runrecord_monitor_alive(&rec))
		return vsm_error_set(err, EBUSY, "%s: the monitor (pid %d) is alive", name,
				     (int)rec.monitor_pid);
	int cleaned = rec.monitor_pid || rec.init_pid;
	if (runrecord_init_alive(&rec)) {
		/* An init that outlived its monitor (it cleared its parent-death signal). */
		int pidfd = ns_pidfd_open(rec.init_pid, NULL);
		if (pidfd >= 0 && proc_start_time(rec.init_pid) == rec.init_start) {
			ns_pidfd_signal(pidfd, SIGKILL);
			wait_pidfd(pidfd, STOP_FINAL_WAIT_MS);
		}
		if (pidfd >= 0)
			close(pidfd);
	}
	struct guest_cgroup *gc = guest_cgroup_open(name, NULL);
	if (gc) {
		if (guest_cgroup_count(gc) > 0)
			cleaned = 1;
		int r = guest_cgroup_destroy(gc, STOP_FINAL_WAIT_MS, err);
		guest_cgroup_close(gc);
		if (r < 0)
			return r;
	}
	/* Host-side links and proxy entries of a guest whose monitor died (or was killed). */
	int nr = net_guest_teardown(name, err);
	if (nr < 0)
		return nr;
	if (cleaned) {
		runrecord_clear_running(name);
		runrecord_write_exit(name, "cleaned up after the monitor had gone", NULL);
	}
	return cleaned;
}

/* The monitor's process, until it exits (after answering it still removes the cgroup). */
static void wait_monitor_exit(const struct run_record *rec, int timeout_ms)
{
	int fd = ns_pidfd_open(rec->monitor_pid, NULL);
	if (fd < 0)
		return;
	if (proc_start_time(rec->monitor_pid) == rec->monitor_start)
		wait_pidfd(fd, timeout_ms);
	close(fd);
}

int guest_stop(const char *name, bool *was_running, struct vsm_error *err)
{
	*was_running = false;
	int lock = guest_lock(name, true, err);
	if (lock < 0)
		return lock;
	struct run_record rec;
	int r = 0;
	runrecord_read(name, &rec, NULL);
	if (runrecord_monitor_alive(&rec)) {
		*was_running = true;
		struct run_config rc;
		int bound = 60000;
		if (run_config_load(name, NULL, &rc, NULL, NULL, NULL) == 0) {
			bound = stop_sequence_bound_ms(&rc) + 10000;
			run_config_free(&rc);
		}
		char reply[200];
		r = monitor_request(name, "stop", reply, sizeof(reply), bound, err);
		/* A monitor that went away mid-request is checked below like any other. */
		if (r == -EPIPE || r == -ECONNRESET || r == -ECONNREFUSED || r == -ENOENT)
			r = 0;
		if (r == 0)
			wait_monitor_exit(&rec, 10000);
	}
	if (r == 0) {
		int c = guest_cleanup_stale(name, err);
		if (c < 0)
			r = c;
		else if (c > 0)
			*was_running = true;
	}
	guest_unlock(lock);
	return r;
}
