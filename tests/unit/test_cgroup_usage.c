/* Proves the v1 usage figures (memory.stat total_rss + total_mapped_file, cpuacct in ns or ticks,
 * LONG_MAX limits as none) and the hybrid fallback to v2's cpu.stat, on fixture trees. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include <unistd.h>

#include "kernel/cgroup.h"
#include "cg_fixture.h"

static struct cg_layout lay;

static void add(const char *dir, const char *ctrls, bool v2)
{
	struct cg_hierarchy *h = &lay.h[lay.n++];
	snprintf(h->mount, sizeof(h->mount), "%s/%s", fx_root, dir);
	snprintf(h->controllers, sizeof(h->controllers), "%s", ctrls);
	h->v2 = v2;
}

static int setup(void **state)
{
	fx_setup("cgusage");
	memset(&lay, 0, sizeof(lay));
	lay.mode = CG_MODE_HYBRID;
	add("memory", "memory", false);
	add("cpuacct", "cpuacct", false);
	add("pids", "pids", false);
	add("unified", "", true);
	fx_write("memory/g/cgroup.procs", "100\n101\n");
	fx_write("memory/g/memory.stat", "cache 999\nrss 5\nmapped_file 6\ntotal_cache 999\n"
					 "total_rss 8192000\ntotal_mapped_file 409600\n");
	fx_write("memory/g/memory.limit_in_bytes", "9223372036854771712\n");
	fx_write("cpuacct/g/cpuacct.usage_user", "2500000000\n");
	fx_write("cpuacct/g/cpuacct.usage_sys", "1500000\n");
	fx_write("pids/g/pids.max", "max\n");
	fx_write("unified/g/cpu.stat", "usage_usec 9\nuser_usec 7\nsystem_usec 2\n");
	return 0;
}

static int teardown(void **state)
{
	fx_teardown();
	return 0;
}

static void test_v1_figures(void **state)
{
	struct cg_usage u;
	struct vsm_error err = { 0 };
	assert_int_equal(cg_usage_read(&lay, "g", &u, &err), 0);
	assert_int_equal(u.nprocs, 2);
	assert_int_equal(u.mem_bytes, 8192000 + 409600);
	assert_true(u.mem_limit == UINT64_MAX);
	assert_int_equal(u.cpu_user_us, 2500000);
	assert_int_equal(u.cpu_sys_us, 1500);
	assert_true(u.pids_limit == UINT64_MAX);

	fx_write("memory/g/memory.limit_in_bytes", "268435456\n");
	fx_write("pids/g/pids.max", "300\n");
	assert_int_equal(cg_usage_read(&lay, "g", &u, &err), 0);
	assert_int_equal(u.mem_limit, 268435456);
	assert_int_equal(u.pids_limit, 300);
}

static void test_cpuacct_ticks(void **state)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/cpuacct/g/cpuacct.usage_user", fx_root);
	unlink(path);
	fx_write("cpuacct/g/cpuacct.stat", "user 250\nsystem 40\n");
	struct cg_usage u;
	assert_int_equal(cg_usage_read(&lay, "g", &u, NULL), 0);
	long hz = sysconf(_SC_CLK_TCK);
	assert_int_equal(u.cpu_user_us, 250 * (1000000 / hz));
	assert_int_equal(u.cpu_sys_us, 40 * (1000000 / hz));
}

static void test_hybrid_cpu_from_v2(void **state)
{
	lay.h[1] = lay.h[3]; /* no cpuacct hierarchy */
	lay.n = 3;
	struct cg_usage u;
	assert_int_equal(cg_usage_read(&lay, "g", &u, NULL), 0);
	assert_int_equal(u.cpu_user_us, 7);
	assert_int_equal(u.cpu_sys_us, 2);
	/* No memory.stat: the figure is unknown, not zero. */
	char path[512];
	snprintf(path, sizeof(path), "%s/memory/g/memory.stat", fx_root);
	unlink(path);
	assert_int_equal(cg_usage_read(&lay, "g", &u, NULL), 0);
	assert_true(u.mem_bytes == UINT64_MAX);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_v1_figures, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cpuacct_ticks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hybrid_cpu_from_v2, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
