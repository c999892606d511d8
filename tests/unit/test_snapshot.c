/* Proves the collector on this machine's real /proc: the host row first, every process in one
 * row sorted by pid, sums that match, a child started between two refreshes appears with CPU% 0
 * and one that ended disappears, and a busy child shows CPU use. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "backend/snapshot.h"

static void test_host_row_and_sums(void **state)
{
	struct monitor *m;
	unsetenv("VSM_ROOT");
	assert_int_equal(monitor_open(&m, MONITOR_PROCS | MONITOR_CMDLINE | MONITOR_USERS, NULL), 0);
	assert_null(monitor_snapshot(m));
	assert_int_equal(monitor_refresh(m, NULL), 0);
	const struct snapshot *s = monitor_snapshot(m);
	assert_non_null(s);
	assert_true(s->nguests >= 1);
	assert_string_equal(s->guests[0].name, "root server");
	assert_int_equal(s->guests[0].ctx, 0);
	assert_true(s->nprocs > 1);
	uint64_t total = 0;
	for (size_t i = 0; i < s->nguests; i++)
		total += s->guests[i].nprocs;
	assert_int_equal(total, s->nprocs);
	for (size_t i = 1; i < s->nprocs; i++)
		assert_true(s->procs[i - 1].pid < s->procs[i].pid);
	long me = snapshot_proc_by_pid(s, getpid());
	assert_true(me >= 0);
	assert_string_equal(s->procs[me].user, "root");
	assert_int_equal(s->procs[me].ppid, getppid());
	assert_non_null(strstr(s->procs[me].cmdline, "test_snapshot"));
	assert_int_equal(snapshot_proc_by_pid(s, 0x7ffffff0), -1);
	assert_int_equal(snapshot_guest_by_name(s, "root server"), 0);
	assert_int_equal(snapshot_guest_by_ctx(s, 0), 0);
	monitor_close(m);
}

static void test_new_and_gone_and_cpu(void **state)
{
	struct monitor *m;
	assert_int_equal(monitor_open(&m, MONITOR_PROCS, NULL), 0);
	pid_t idle = fork();
	if (idle == 0) {
		pause();
		_exit(0);
	}
	assert_int_equal(monitor_refresh(m, NULL), 0);
	assert_true(snapshot_proc_by_pid(monitor_snapshot(m), idle) >= 0);
	pid_t busy = fork();
	if (busy == 0) {
		for (;;)
			;
	}
	kill(idle, SIGKILL);
	waitpid(idle, NULL, 0);
	struct timespec ts = { 0, 300 * 1000 * 1000 };
	nanosleep(&ts, NULL);
	assert_int_equal(monitor_refresh(m, NULL), 0);
	const struct snapshot *s = monitor_snapshot(m);
	assert_int_equal(snapshot_proc_by_pid(s, idle), -1);
	long b = snapshot_proc_by_pid(s, busy);
	assert_true(b >= 0);
	assert_true(s->procs[b].cpu_pct == 0); /* new since the previous refresh */
	nanosleep(&ts, NULL);
	assert_int_equal(monitor_refresh(m, NULL), 0);
	s = monitor_snapshot(m);
	b = snapshot_proc_by_pid(s, busy);
	assert_true(b >= 0);
	assert_true(s->interval_ms >= 250);
	assert_true(s->procs[b].cpu_pct > 5.0); /* spinning, on a 2-core machine shared with others */
	assert_true(s->guests[0].cpu_pct >= s->procs[b].cpu_pct);
	kill(busy, SIGKILL);
	waitpid(busy, NULL, 0);
	monitor_close(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_host_row_and_sums),
		cmocka_unit_test(test_new_and_gone_and_cpu),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
