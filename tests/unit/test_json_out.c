/* Proves the guest, process and snapshot JSON schemas: field names and types, null for unknown
 * figures and absent limits, the address list, and the process list only when asked for. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "backend/json_out.h"

static struct snap_guest guests[2] = {
	{ .name = "root server", .ctx = 0, .running = true, .nprocs = 90, .vsz_bytes = 1000,
	  .rss_bytes = 2000, .mem_limit = 8000, .pids_limit = SNAP_NONE, .cpu_user_ms = 5,
	  .cpu_sys_ms = 6, .uptime_ms = 7, .init_pid = 1 },
	{ .name = "web", .ctx = 4101, .running = true, .nprocs = 3, .nthreads = 4,
	  .vsz_bytes = 300, .rss_bytes = SNAP_NONE, .mem_limit = SNAP_NONE, .pids_limit = 100,
	  .cpu_pct = 12.5, .init_pid = 555, .ips = "10.0.0.2/24,fd00::2/64" },
};
static struct snap_proc procs[2] = {
	{ .pid = 1, .guest_pid = 1, .guest = 0, .user = "root", .state = 'S', .comm = "init",
	  .cmdline = "/sbin/init" },
	{ .pid = 555, .guest_pid = 1, .ppid = 554, .guest = 1, .ctx = 4101, .uid = 33,
	  .user = "www-data", .state = 'R', .nice = -5, .cpu_pct = 50.0, .rss_bytes = 4096,
	  .comm = "a b)", .cmdline = "a b) --x" },
};
static struct snapshot snap = { .wall = 1700000000, .interval_ms = 2000, .ncpu = 2,
				.mem_total = SNAP_NONE, .nguests = 2, .guests = guests, .nprocs = 2,
				.procs = procs };

static void test_guest(void **state)
{
	json_t *g = json_guest(&guests[1]);
	assert_non_null(g);
	assert_string_equal(json_string_value(json_object_get(g, "kind")), "guest");
	assert_int_equal(json_integer_value(json_object_get(g, "schema")), JSON_SCHEMA_VERSION);
	assert_string_equal(json_string_value(json_object_get(g, "name")), "web");
	assert_string_equal(json_string_value(json_object_get(g, "state")), "running");
	assert_true(json_is_false(json_object_get(g, "host")));
	assert_int_equal(json_integer_value(json_object_get(g, "ctx")), 4101);
	assert_int_equal(json_integer_value(json_object_get(g, "nprocs")), 3);
	assert_true(json_is_null(json_object_get(g, "rss_bytes")));
	assert_true(json_is_null(json_object_get(g, "mem_limit_bytes")));
	assert_int_equal(json_integer_value(json_object_get(g, "pids_limit")), 100);
	assert_true(json_real_value(json_object_get(g, "cpu_pct")) == 12.5);
	json_t *ips = json_object_get(g, "ips");
	assert_int_equal(json_array_size(ips), 2);
	assert_string_equal(json_string_value(json_array_get(ips, 1)), "fd00::2/64");
	json_decref(g);
	g = json_guest(&guests[0]);
	assert_true(json_is_true(json_object_get(g, "host")));
	assert_int_equal(json_array_size(json_object_get(g, "ips")), 0);
	json_decref(g);
}

static void test_process(void **state)
{
	json_t *p = json_process(&snap, &procs[1]);
	assert_non_null(p);
	assert_string_equal(json_string_value(json_object_get(p, "kind")), "process");
	assert_int_equal(json_integer_value(json_object_get(p, "pid")), 555);
	assert_int_equal(json_integer_value(json_object_get(p, "guest_pid")), 1);
	assert_string_equal(json_string_value(json_object_get(p, "guest")), "web");
	assert_string_equal(json_string_value(json_object_get(p, "user")), "www-data");
	assert_string_equal(json_string_value(json_object_get(p, "state")), "R");
	assert_int_equal(json_integer_value(json_object_get(p, "nice")), -5);
	assert_string_equal(json_string_value(json_object_get(p, "comm")), "a b)");
	json_decref(p);
	p = json_process(&snap, &procs[0]);
	assert_true(json_is_null(json_object_get(p, "guest")));
	json_decref(p);
}

static void test_snapshot(void **state)
{
	json_t *s = json_snapshot(&snap, false);
	assert_string_equal(json_string_value(json_object_get(s, "kind")), "snapshot");
	assert_int_equal(json_array_size(json_object_get(s, "guests")), 2);
	assert_null(json_object_get(s, "processes"));
	assert_true(json_is_null(json_object_get(s, "mem_total_bytes")));
	assert_int_equal(json_integer_value(json_object_get(s, "interval_ms")), 2000);
	json_decref(s);
	s = json_snapshot(&snap, true);
	assert_int_equal(json_array_size(json_object_get(s, "processes")), 2);
	char *text = json_dumps(s, JSON_COMPACT);
	assert_non_null(strstr(text, "\"cmdline\":\"a b) --x\""));
	free(text);
	json_decref(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_guest),
		cmocka_unit_test(test_process),
		cmocka_unit_test(test_snapshot),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
