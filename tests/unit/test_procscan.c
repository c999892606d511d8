/* Proves the /proc parsers on sample text (a comm with spaces and parentheses, negative fields,
 * NSpid nesting), the cmdline join, the guest-of-cgroup matching, and a scan of a fixture tree. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "backend/guest_of_pid.h"
#include "backend/procscan.h"

static void test_stat_plain(void **state)
{
	struct proc_stat st;
	const char *s = "1234 (sleep) S 1 1234 1234 0 -1 4194304 95 0 0 0 7 3 11 2 20 0 1 0 5000 "
			"2990080 410 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n";
	assert_int_equal(procscan_parse_stat(s, &st), 0);
	assert_int_equal(st.pid, 1234);
	assert_string_equal(st.comm, "sleep");
	assert_int_equal(st.state, 'S');
	assert_int_equal(st.ppid, 1);
	assert_int_equal(st.utime, 7);
	assert_int_equal(st.stime, 3);
	assert_int_equal(st.cutime, 11);
	assert_int_equal(st.cstime, 2);
	assert_int_equal(st.nice, 0);
	assert_int_equal(st.nthreads, 1);
	assert_int_equal(st.starttime, 5000);
	assert_int_equal(st.vsize, 2990080);
	assert_int_equal(st.rss, 410);
}

static void test_stat_hostile_comm(void **state)
{
	struct proc_stat st;
	/* A process can name itself anything up to 15 bytes, including ") R 1 (". */
	const char *s = "77 (a) R 9 (b c) Z 5 77 77 0 -1 0 0 0 0 0 100 200 0 0 39 19 3 0 42 8192 2 0\n";
	assert_int_equal(procscan_parse_stat(s, &st), 0);
	assert_string_equal(st.comm, "a) R 9 (b c");
	assert_int_equal(st.state, 'Z');
	assert_int_equal(st.ppid, 5);
	assert_int_equal(st.utime, 100);
	assert_int_equal(st.stime, 200);
	assert_int_equal(st.nice, 19);
	assert_int_equal(st.nthreads, 3);
	assert_int_equal(st.starttime, 42);
	/* Negative nice. */
	s = "8 (kworker/0:0H) I 2 0 0 0 -1 0 0 0 0 0 0 0 0 0 0 -20 1 0 10 0 0 0\n";
	assert_int_equal(procscan_parse_stat(s, &st), 0);
	assert_int_equal(st.nice, -20);
	assert_string_equal(st.comm, "kworker/0:0H");
}

static void test_stat_malformed(void **state)
{
	struct proc_stat st;
	assert_int_equal(procscan_parse_stat("", &st), -EINVAL);
	assert_int_equal(procscan_parse_stat("12 (x S 1 2 3", &st), -EINVAL);
	assert_int_equal(procscan_parse_stat("12 (x) S 1 2 3", &st), -EINVAL); /* truncated */
	assert_int_equal(procscan_parse_stat("abc (x) S 1", &st), -EINVAL);
}

static void test_status(void **state)
{
	struct proc_status st;
	const char *s = "Name:\tsleep\nUmask:\t0022\nState:\tS (sleeping)\nTgid:\t25752\nNgid:\t0\n"
			"Pid:\t25752\nPPid:\t25751\nTracerPid:\t0\nUid:\t1000\t1000\t1000\t1000\n"
			"Gid:\t0\t0\t0\t0\nNSpid:\t25752\t3\nNSpgid:\t25751\t2\n";
	assert_int_equal(procscan_parse_status(s, &st), 0);
	assert_int_equal(st.uid, 1000);
	assert_int_equal(st.nspid, 3);
	assert_int_equal(st.nslevels, 2);
	s = "Name:\tinit\nUid:\t0\t0\t0\t0\nNSpid:\t1\n";
	assert_int_equal(procscan_parse_status(s, &st), 0);
	assert_int_equal(st.nspid, 1);
	assert_int_equal(st.nslevels, 1);
	assert_int_equal(procscan_parse_status("Name:\tx\n", &st), -EINVAL);
}

static void test_cmdline_join(void **state)
{
	char buf[64];
	memcpy(buf, "sleep\0" "1000\0", 11);
	assert_int_equal(procscan_cmdline_join(buf, 11), 10);
	assert_string_equal(buf, "sleep 1000");
	memcpy(buf, "a\nb\tc\0\0\0", 8);
	assert_int_equal(procscan_cmdline_join(buf, 8), 5);
	assert_string_equal(buf, "a b c");
}

static void test_guest_of_cgroup(void **state)
{
	char name[64];
	assert_int_equal(guest_of_cgroup_path("/vsm/web", "vsm", name, sizeof(name)), 1);
	assert_string_equal(name, "web");
	assert_int_equal(guest_of_cgroup_path("/vsm/web/init.scope", "vsm", name, sizeof(name)), 1);
	assert_string_equal(name, "web");
	assert_int_equal(guest_of_cgroup_path("/vsm", "vsm", name, sizeof(name)), 0);
	assert_int_equal(guest_of_cgroup_path("/vsm/", "vsm", name, sizeof(name)), 0);
	assert_int_equal(guest_of_cgroup_path("/vsm-1a2b3c4d/web", "vsm", name, sizeof(name)), 0);
	assert_int_equal(guest_of_cgroup_path("/user.slice/vsm/web", "vsm", name, sizeof(name)), 0);
	assert_int_equal(guest_of_cgroup_path("/vsm/..", "vsm", name, sizeof(name)), 0);
	const char *file = "9:name=systemd:/\n8:pids:/vsm-1a2b3c4d/db\n4:memory:/vsm-1a2b3c4d/db\n0::/\n";
	assert_int_equal(guest_of_cgroup_file(file, "vsm-1a2b3c4d", name, sizeof(name)), 1);
	assert_string_equal(name, "db");
	assert_int_equal(guest_of_cgroup_file(file, "vsm", name, sizeof(name)), 0);
	/* A zombie: the kernel shows the root. */
	assert_int_equal(guest_of_cgroup_file("8:pids:/\n0::/\n", "vsm", name, sizeof(name)), 0);
}

static void put(const char *dir, const char *rel, const char *text)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void test_scan_fixture(void **state)
{
	char dir[] = "/tmp/vsm-procscan.XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[512];
	const char *pids[] = { "300", "7", "42" };
	for (int i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, pids[i]);
		assert_int_equal(mkdir(path, 0755), 0);
	}
	snprintf(path, sizeof(path), "%s/self", dir);
	assert_int_equal(mkdir(path, 0755), 0);
	put(dir, "sys", "not a pid");
	put(dir, "42/stat", "42 (x y) S 1 0 0 0 -1 0 0 0 0 0 1 2 0 0 20 0 1 0 9 100 3 0\n");
	struct procscan ps;
	assert_int_equal(procscan_open(&ps, dir, NULL), 0);
	int seen = 0;
	pid_t pid;
	long sum = 0;
	while (procscan_next_pid(&ps, &pid) == 1) {
		seen++;
		sum += pid;
	}
	assert_int_equal(seen, 3);
	assert_int_equal(sum, 349);
	char buf[256];
	assert_true(procscan_read(&ps, 42, "stat", buf, sizeof(buf)) > 0);
	struct proc_stat st;
	assert_int_equal(procscan_parse_stat(buf, &st), 0);
	assert_string_equal(st.comm, "x y");
	assert_int_equal(procscan_read(&ps, 7, "stat", buf, sizeof(buf)), -ENOENT);
	procscan_rewind(&ps);
	assert_int_equal(procscan_next_pid(&ps, &pid), 1);
	procscan_close(&ps);
	snprintf(path, sizeof(path), "rm -rf %s", dir);
	assert_int_equal(system(path), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stat_plain),
		cmocka_unit_test(test_stat_hostile_comm),
		cmocka_unit_test(test_stat_malformed),
		cmocka_unit_test(test_status),
		cmocka_unit_test(test_cmdline_join),
		cmocka_unit_test(test_guest_of_cgroup),
		cmocka_unit_test(test_scan_fixture),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
