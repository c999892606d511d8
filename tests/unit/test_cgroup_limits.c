/* Proves the limit mapping: struct guest_limits lands in v2 names on a v2 tree and in v1 names on a
 * v1 tree (fixtures laid out like each), raw knobs are translated across versions, values parse,
 * weights convert, and a figure that cannot be applied is an error naming the knob and value. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "backend/cgroup_limits.h"
#include "cg_fixture.h"

#define G "vsm-1/web"

static struct guest_limits full(void)
{
	struct guest_limits l;
	guest_limits_init(&l);
	l.mem_max = 512 << 20;
	l.mem_high = 400 << 20;
	l.swap_max = 256 << 20;
	l.cpu_quota_us = 50000;
	l.cpu_weight = 300;
	l.pids_max = 100;
	l.n_io_max = 1;
	l.io_max[0] = (struct guest_io_max){ 8, 0, 1 << 20, CGL_UNSET, CGL_UNSET, CGL_MAX };
	return l;
}

static void v2_layout(struct cg_layout *lay)
{
	fx_setup("cglim2");
	fx_v2_cgroup("", "cpu io memory pids\n");
	fx_v2_cgroup(G, "cpu io memory pids\n");
	struct vsm_error err = { 0 };
	assert_int_equal(cg_detect(lay, fx_root, NULL, &err), 0);
}

/* v1 hierarchies as on this machine: one per controller. */
static void v1_layout(struct cg_layout *lay, bool with_pids)
{
	static const char *const files[] = {
		"memory/" G "/memory.limit_in_bytes", "memory/" G "/memory.memsw.limit_in_bytes",
		"memory/" G "/memory.soft_limit_in_bytes", "cpu/" G "/cpu.cfs_period_us",
		"cpu/" G "/cpu.cfs_quota_us", "cpu/" G "/cpu.shares", "pids/" G "/pids.max",
		"blkio/" G "/blkio.throttle.read_bps_device",
		"blkio/" G "/blkio.throttle.write_bps_device",
		"blkio/" G "/blkio.throttle.read_iops_device",
		"blkio/" G "/blkio.throttle.write_iops_device", "memory/" G "/memory.swappiness" };
	static const char *const ctrls[] = { "memory", "cpu", "pids", "blkio" };
	fx_setup("cglim1");
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		fx_write(files[i], "-1\n");
	memset(lay, 0, sizeof(*lay));
	lay->mode = CG_MODE_LEGACY;
	for (size_t i = 0; i < 4; i++) {
		if (!with_pids && !strcmp(ctrls[i], "pids"))
			continue;
		struct cg_hierarchy *h = &lay->h[lay->n++];
		snprintf(h->mount, sizeof(h->mount), "%s/%s", fx_root, ctrls[i]);
		strcpy(h->controllers, ctrls[i]);
	}
}

static void test_parse(void **state)
{
	uint64_t v;
	assert_int_equal(guest_limits_parse("256M", &v), 0);
	assert_int_equal(v, 256ULL << 20);
	assert_int_equal(guest_limits_parse("2g", &v), 0);
	assert_int_equal(v, 2ULL << 30);
	assert_int_equal(guest_limits_parse("1KB", &v), 0);
	assert_int_equal(v, 1024);
	assert_int_equal(guest_limits_parse("12345", &v), 0);
	assert_int_equal(v, 12345);
	assert_int_equal(guest_limits_parse("max", &v), 0);
	assert_true(v == CGL_MAX);
	assert_int_equal(guest_limits_parse("-1", &v), 0);
	assert_true(v == CGL_MAX);
	assert_int_equal(guest_limits_parse("12x", &v), -EINVAL);
	assert_int_equal(guest_limits_parse("", &v), -EINVAL);
	assert_int_equal(guest_limits_parse("-5", &v), -EINVAL);
	assert_int_equal(guest_limits_parse("99999999999T", &v), -ERANGE);
}

static void test_weights(void **state)
{
	assert_int_equal(guest_limits_weight_to_shares(100), 1024); /* defaults meet */
	assert_int_equal(guest_limits_weight_to_shares(1), 10);
	assert_int_equal(guest_limits_weight_to_shares(10000), 102400);
	assert_int_equal(guest_limits_weight_to_shares(0), 10);
	assert_int_equal(guest_limits_shares_to_weight(1024), 100);
	assert_int_equal(guest_limits_shares_to_weight(2), 1);
	assert_int_equal(guest_limits_shares_to_weight(262144), 10000);
	assert_int_equal(guest_limits_shares_to_weight(2048), 200);
}

static void test_apply_v2(void **state)
{
	struct cg_layout lay;
	struct vsm_error err = { 0 };
	v2_layout(&lay);
	struct guest_limits l = full();
	l.io_weight = 200;
	assert_int_equal(guest_limits_add_raw(&l, "memory.swappiness", "10", &err), 0);
	/* memory.swappiness does not exist in v2: the error names it. Then without it. */
	assert_int_equal(guest_limits_apply(&lay, G, &l, &err), -ENOENT);
	assert_non_null(strstr(err.msg, "memory.swappiness=10"));
	l.n_raw = 0;
	assert_int_equal(guest_limits_apply(&lay, G, &l, &err), 0);
	assert_string_equal(fx_read(G "/memory.max"), "536870912");
	assert_string_equal(fx_read(G "/memory.high"), "419430400");
	assert_string_equal(fx_read(G "/memory.swap.max"), "268435456"); /* swap only, not RAM+swap */
	assert_string_equal(fx_read(G "/cpu.max"), "50000 100000");
	assert_string_equal(fx_read(G "/cpu.weight"), "300");
	assert_string_equal(fx_read(G "/pids.max"), "100");
	assert_string_equal(fx_read(G "/io.weight"), "default 200");
	assert_string_equal(fx_read(G "/io.max"), "8:0 rbps=1048576 wiops=max");

	/* No quota but a period: "max PERIOD"; no limit is "max". */
	guest_limits_init(&l);
	l.cpu_period_us = 20000;
	l.mem_max = CGL_MAX;
	l.pids_max = CGL_MAX;
	assert_int_equal(guest_limits_apply(&lay, G, &l, &err), 0);
	assert_string_equal(fx_read(G "/cpu.max"), "max 20000");
	assert_string_equal(fx_read(G "/memory.max"), "max");
	assert_string_equal(fx_read(G "/pids.max"), "max");
	fx_teardown();
}

static void test_raw_v1_names_on_v2(void **state)
{
	struct cg_layout lay;
	struct vsm_error err = { 0 };
	v2_layout(&lay);
	struct guest_limits l;
	guest_limits_init(&l);
	assert_int_equal(guest_limits_add_raw(&l, "memory.limit_in_bytes", "128M", &err), 0);
	assert_int_equal(guest_limits_add_raw(&l, "cpu.shares", "2048", &err), 0);
	assert_int_equal(guest_limits_add_raw(&l, "blkio.weight", "250", &err), 0);
	assert_int_equal(guest_limits_add_raw(&l, "memory.soft_limit_in_bytes", "-1", &err), 0);
	assert_int_equal(guest_limits_add_raw(&l, "pids.max", "77", &err), 0);
	assert_int_equal(guest_limits_apply(&lay, G, &l, &err), 0);
	assert_string_equal(fx_read(G "/memory.max"), "134217728");
	assert_string_equal(fx_read(G "/cpu.weight"), "200");
	assert_string_equal(fx_read(G "/io.weight"), "default 50");
	assert_string_equal(fx_read(G "/memory.high"), "max");
	assert_string_equal(fx_read(G "/pids.max"), "77");

	guest_limits_init(&l);
	assert_int_equal(guest_limits_add_raw(&l, "cpu.shares", "lots", &err), 0);
	assert_int_equal(guest_limits_apply(&lay, G, &l, &err), -EINVAL);
	assert_non_null(strstr(err.msg, "cpu.shares=lots"));
	guest_limits_init(&l);
	assert_int_equal(guest_limits_add_raw(&l, "memory.oom_control", "1", &err), 0);
	assert_int_equal(guest_limits_apply(&lay, G, &l, &err), -ENOENT);
	assert_non_null(strstr(err.msg, "memory.oom_control=1"));
	assert_non_null(strstr(err.msg, G "/memory.oom_control"));
	assert_int_equal(guest_limits_add_raw(&l, "nodot", "1", &err), -EINVAL);
	assert_int_equal(guest_limits_add_raw(&l, "memory.x/../y", "1", &err), -EINVAL);
	fx_teardown();
}

static void test_apply_v1(void **state)
{
	struct cg_layout lay;
	struct vsm_error err = { 0 };
	v1_layout(&lay, true);
	struct guest_limits l = full();
	assert_int_equal(guest_limits_add_raw(&l, "memory.swappiness", "10", &err), 0);
	assert_int_equal(guest_limits_add_raw(&l, "memory.max", "64M", &err), 0); /* v2 name */
	assert_int_equal(guest_limits_apply(&lay, G, &l, &err), 0);
	assert_string_equal(fx_read("memory/" G "/memory.memsw.limit_in_bytes"), "805306368");
	assert_string_equal(fx_read("memory/" G "/memory.soft_limit_in_bytes"), "419430400");
	assert_string_equal(fx_read("cpu/" G "/cpu.cfs_period_us"), "100000");
	assert_string_equal(fx_read("cpu/" G "/cpu.cfs_quota_us"), "50000");
	assert_string_equal(fx_read("cpu/" G "/cpu.shares"), "3072");
	assert_string_equal(fx_read("pids/" G "/pids.max"), "100");
	assert_string_equal(fx_read("blkio/" G "/blkio.throttle.read_bps_device"), "8:0 1048576");
	assert_string_equal(fx_read("blkio/" G "/blkio.throttle.write_iops_device"), "8:0 0");
	assert_string_equal(fx_read("blkio/" G "/blkio.throttle.write_bps_device"), "-1");
	assert_string_equal(fx_read("memory/" G "/memory.swappiness"), "10");
	/* The raw v2 name came last and was translated. */
	assert_string_equal(fx_read("memory/" G "/memory.limit_in_bytes"), "67108864");

	guest_limits_init(&l);
	l.mem_max = CGL_MAX;
	l.swap_max = CGL_MAX;
	l.cpu_quota_us = CGL_MAX;
	assert_int_equal(guest_limits_apply(&lay, G, &l, &err), 0);
	assert_string_equal(fx_read("memory/" G "/memory.limit_in_bytes"), "-1");
	assert_string_equal(fx_read("memory/" G "/memory.memsw.limit_in_bytes"), "-1");
	assert_string_equal(fx_read("cpu/" G "/cpu.cfs_quota_us"), "-1");

	/* Errors name the knob and the value. */
	guest_limits_init(&l);
	l.swap_max = 1 << 20;
	assert_int_equal(guest_limits_apply(&lay, G, &l, &err), -EINVAL);
	assert_non_null(strstr(err.msg, "swap limit needs a memory limit"));
	guest_limits_init(&l);
	l.io_weight = 100;
	assert_int_equal(guest_limits_apply(&lay, G, &l, &err), -ENOENT);
	assert_non_null(strstr(err.msg, "blkio.weight"));
	assert_non_null(strstr(err.msg, "500"));
	fx_teardown();

	v1_layout(&lay, false);
	guest_limits_init(&l);
	l.pids_max = 50;
	assert_int_equal(guest_limits_apply(&lay, G, &l, &err), -ENOENT);
	assert_non_null(strstr(err.msg, "process limit 50"));
	assert_non_null(strstr(err.msg, "pids controller"));
	fx_teardown();
}

static void test_load_dir(void **state)
{
	struct guest_limits l;
	struct vsm_error err = { 0 };
	guest_limits_init(&l);
	fx_setup("cgdir");
	fx_write("cgroup/memory.limit_in_bytes", "256M\nignored second line\n");
	fx_write("cgroup/cpu.shares", "512\n");
	fx_write("cgroup/name", "other\n");  /* util-vserver's own settings: no dot */
	fx_write("cgroup/per-ss", "");
	char dir[512];
	snprintf(dir, sizeof(dir), "%s/cgroup", fx_root);
	assert_int_equal(guest_limits_load_dir(&l, dir, &err), 0);
	assert_int_equal(l.n_raw, 2);
	assert_string_equal(l.raw[0].knob, "cpu.shares");
	assert_string_equal(l.raw[0].value, "512");
	assert_string_equal(l.raw[1].knob, "memory.limit_in_bytes");
	assert_string_equal(l.raw[1].value, "256M");
	snprintf(dir, sizeof(dir), "%s/none", fx_root);
	assert_int_equal(guest_limits_load_dir(&l, dir, &err), 0);
	assert_int_equal(l.n_raw, 2);
	fx_teardown();
}

static void test_guest_cgroup_create(void **state)
{
	struct vsm_paths p;
	struct vsm_error err = { 0 };
	struct cg_layout lay;
	assert_int_equal(vsm_paths_init(&p, "/nonexistent/vsmtest", &err), 0);
	fx_setup("cgname");
	fx_v2_cgroup("", "memory pids\n");
	assert_int_equal(cg_detect(&lay, fx_root, NULL, &err), 0);
	fx_v2_cgroup(p.cgroup_base, "memory pids\n");
	char rel[256], want[256];
	assert_int_equal(guest_cgroup_create(&p, &lay, "web", rel, sizeof(rel), &err), 0);
	snprintf(want, sizeof(want), "%s/web", p.cgroup_base);
	assert_string_equal(rel, want);
	assert_true(cg_exists(&lay, rel));
	assert_string_equal(fx_read("cgroup.subtree_control"), "+memory +pids");
	fx_teardown();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),	     cmocka_unit_test(test_weights),
		cmocka_unit_test(test_apply_v2),    cmocka_unit_test(test_raw_v1_names_on_v2),
		cmocka_unit_test(test_apply_v1),    cmocka_unit_test(test_load_dir),
		cmocka_unit_test(test_guest_cgroup_create),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
