/* Proves the v2 driver's file handling on a fixture tree laid out like cgroup2: subtree_control on
 * create, controller files (memory.max, cpu.max, cpu.weight, pids.max, io.max), freeze, kill,
 * recursive procs and the usage figures from memory.stat and cpu.stat. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/stat.h>

#include "kernel/cgroup.h"
#include "cg_fixture.h"

#define ALL "cpuset cpu io memory hugetlb pids rdma misc"

static struct cg_layout lay;

static int setup(void **state)
{
	fx_setup("cgv2");
	fx_v2_cgroup("", ALL "\n");
	fx_v2_cgroup("vsm-1/web", ALL "\n"); /* as if the kernel had made it */
	fx_write("vsm-1/cgroup.controllers", ALL "\n");
	fx_write("vsm-1/cgroup.subtree_control", "");
	struct vsm_error err = { 0 };
	return cg_detect(&lay, fx_root, NULL, &err);
}

static int teardown(void **state)
{
	fx_teardown();
	return 0;
}

static void test_create_enables_controllers(void **state)
{
	struct vsm_error err = { 0 };
	assert_int_equal(cg_create(&lay, "vsm-1/web", &err), 0);
	const char *want = "+cpuset +cpu +io +memory +hugetlb +pids +rdma +misc";
	assert_string_equal(fx_read("cgroup.subtree_control"), want);
	assert_string_equal(fx_read("vsm-1/cgroup.subtree_control"), want);
	assert_string_equal(fx_read("vsm-1/web/cgroup.subtree_control"), ""); /* the leaf: none */
	assert_true(cg_exists(&lay, "vsm-1/web"));
	assert_false(cg_exists(&lay, "vsm-1/db"));

	/* A parent that already hands every controller down is not written again. */
	fx_write("cgroup.subtree_control", "cpuset cpu io memory hugetlb pids rdma misc\n");
	fx_write("vsm-1/cgroup.subtree_control", "cpu memory\n");
	assert_int_equal(cg_create(&lay, "vsm-1/web", &err), 0);
	assert_string_equal(fx_read("cgroup.subtree_control"), ALL);
	assert_string_equal(fx_read("vsm-1/cgroup.subtree_control"),
			    "+cpuset +io +hugetlb +pids +rdma +misc");

	/* A missing level is made with mkdir. */
	assert_int_equal(cg_create(&lay, "newguest", &err), 0);
	struct stat st;
	char path[512];
	snprintf(path, sizeof(path), "%s/newguest", fx_root);
	assert_int_equal(stat(path, &st), 0);
	assert_true(S_ISDIR(st.st_mode));

	/* A parent without cgroup.controllers is not a cgroup: the error names the file. */
	assert_int_equal(cg_create(&lay, "newguest/sub", &err), -ENOENT);
	assert_non_null(strstr(err.msg, "newguest/cgroup.controllers"));
}

static void test_controller_files(void **state)
{
	struct vsm_error err = { 0 };
	const char *g = "vsm-1/web";
	assert_int_equal(cg_set(&lay, g, "memory.max", "536870912", &err), 0);
	assert_int_equal(cg_set(&lay, g, "cpu.max", "50000 100000", &err), 0);
	assert_int_equal(cg_set(&lay, g, "cpu.weight", "250", &err), 0);
	assert_int_equal(cg_set(&lay, g, "pids.max", "64", &err), 0);
	assert_int_equal(cg_set(&lay, g, "io.max", "8:0 rbps=1048576 wiops=100", &err), 0);
	assert_string_equal(fx_read("vsm-1/web/memory.max"), "536870912");
	assert_string_equal(fx_read("vsm-1/web/cpu.max"), "50000 100000");
	assert_string_equal(fx_read("vsm-1/web/cpu.weight"), "250");
	assert_string_equal(fx_read("vsm-1/web/pids.max"), "64");
	assert_string_equal(fx_read("vsm-1/web/io.max"), "8:0 rbps=1048576 wiops=100");
	char buf[64];
	assert_int_equal(cg_get(&lay, g, "cpu.max", buf, sizeof(buf), &err), 0);
	assert_string_equal(buf, "50000 100000");
	/* v1 names do not exist on v2: the error names the path and the value. */
	assert_int_equal(cg_set(&lay, g, "memory.limit_in_bytes", "1", &err), -ENOENT);
	assert_non_null(strstr(err.msg, "vsm-1/web/memory.limit_in_bytes"));
	assert_int_equal(cg_get(&lay, g, "memory.nothing", buf, sizeof(buf), &err), -ENOENT);
}

static void test_freeze_kill_procs(void **state)
{
	struct vsm_error err = { 0 };
	const char *g = "vsm-1/web";
	/* The kernel reports completion in cgroup.events; the fixture plays the kernel's part. */
	fx_write("vsm-1/web/cgroup.events", "populated 1\nfrozen 1\n");
	assert_int_equal(cg_freeze(&lay, g, true, &err), 0);
	assert_string_equal(fx_read("vsm-1/web/cgroup.freeze"), "1");
	fx_write("vsm-1/web/cgroup.events", "populated 1\nfrozen 0\n");
	assert_int_equal(cg_freeze(&lay, g, false, &err), 0);
	assert_string_equal(fx_read("vsm-1/web/cgroup.freeze"), "0");

	/* Procs of the cgroup and of its children (pids that cannot exist, so kill() finds none). */
	fx_write("vsm-1/web/cgroup.procs", "2147483601\n2147483602\n");
	fx_v2_cgroup("vsm-1/web/sub", "");
	fx_write("vsm-1/web/sub/cgroup.procs", "2147483603\n");
	pid_t *pids;
	size_t n;
	assert_int_equal(cg_pids(&lay, g, &pids, &n, &err), 0);
	assert_int_equal(n, 3);
	assert_int_equal(pids[0], 2147483601);
	assert_int_equal(pids[1], 2147483602);
	assert_int_equal(pids[2], 2147483603);
	free(pids);

	/* SIGTERM: one pass (gone pids are not an error). */
	fx_write("vsm-1/web/cgroup.events", "populated 1\nfrozen 0\n");
	assert_int_equal(cg_kill(&lay, g, SIGTERM, &err), 0);
	/* SIGKILL goes through cgroup.kill first. The fixture never empties, so the loop gives up
	 * after its bound and says how many remain. */
	assert_int_equal(cg_kill(&lay, g, SIGKILL, &err), -EBUSY);
	assert_string_equal(fx_read("vsm-1/web/cgroup.kill"), "1");
	assert_non_null(strstr(err.msg, "3 process(es)"));
}

static void test_usage(void **state)
{
	struct vsm_error err = { 0 };
	fx_write("vsm-1/web/cgroup.procs", "11\n12\n");
	fx_write("vsm-1/web/sub/cgroup.procs", "13\n");
	fx_write("vsm-1/web/memory.stat", "anon 4096000\nfile 9000000\nkernel 100\n"
					  "file_mapped 1024000\nfile_dirty 0\n");
	fx_write("vsm-1/web/cpu.stat", "usage_usec 900000\nuser_usec 600000\nsystem_usec 300000\n"
				       "nr_periods 0\n");
	fx_write("vsm-1/web/memory.max", "max\n");
	fx_write("vsm-1/web/pids.max", "64\n");
	struct cg_usage u;
	assert_int_equal(cg_usage_read(&lay, "vsm-1/web", &u, &err), 0);
	assert_int_equal(u.nprocs, 3);
	assert_int_equal(u.mem_bytes, 4096000 + 1024000);
	assert_true(u.mem_limit == UINT64_MAX);
	assert_int_equal(u.cpu_user_us, 600000);
	assert_int_equal(u.cpu_sys_us, 300000);
	assert_int_equal(u.pids_limit, 64);
	fx_write("vsm-1/web/memory.max", "268435456\n");
	fx_write("vsm-1/web/pids.max", "max\n");
	assert_int_equal(cg_usage_read(&lay, "vsm-1/web", &u, &err), 0);
	assert_int_equal(u.mem_limit, 268435456);
	assert_true(u.pids_limit == UINT64_MAX);
	assert_int_equal(cg_usage_read(&lay, "vsm-1/none", &u, &err), -ENOENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_create_enables_controllers),
		cmocka_unit_test(test_controller_files),
		cmocka_unit_test(test_freeze_kill_procs),
		cmocka_unit_test(test_usage),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
