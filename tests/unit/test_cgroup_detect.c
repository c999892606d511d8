/* Proves cgroup detection: mode and hierarchies from hybrid, unified and legacy mount tables,
 * a fixture tree taken as v2, knob routing between versions, and the /proc/PID/cgroup lookup. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kernel/cgroup.h"
#include "cg_fixture.h"

/* The samples live next to this file; tests run from the top of the tree. */
static const char *sample(const char *name)
{
	static char path[512];
	const char *f = __FILE__;
	const char *slash = strrchr(f, '/');
	snprintf(path, sizeof(path), "%.*s/data/%s", slash ? (int)(slash - f) : 1, slash ? f : ".",
		 name);
	return path;
}

static const struct cg_hierarchy *by_mount(const struct cg_layout *lay, const char *mount)
{
	for (int i = 0; i < lay->n; i++)
		if (!strcmp(lay->h[i].mount, mount))
			return &lay->h[i];
	return NULL;
}

static void test_hybrid(void **state)
{
	struct cg_layout lay;
	struct vsm_error err = { 0 };
	assert_int_equal(cg_detect(&lay, NULL, sample("mountinfo-hybrid"), &err), 0);
	assert_int_equal(lay.mode, CG_MODE_HYBRID);
	/* 8 v1 hierarchies (the bind-mounted freezer copy is the same one) + the unified one. */
	assert_int_equal(lay.n, 9);
	const struct cg_hierarchy *h = by_mount(&lay, "/sys/fs/cgroup/cpu,cpuacct");
	assert_non_null(h);
	assert_false(h->v2);
	assert_string_equal(h->controllers, "cpu,cpuacct");
	h = by_mount(&lay, "/sys/fs/cgroup/systemd");
	assert_non_null(h);
	assert_string_equal(h->controllers, "name=systemd"); /* xattr dropped */
	h = by_mount(&lay, "/sys/fs/cgroup/cpuset");
	assert_string_equal(h->controllers, "cpuset"); /* clone_children dropped */
	assert_null(by_mount(&lay, "/srv/freezer copy"));
	h = by_mount(&lay, "/mnt/my hugetlb"); /* \040 unescaped */
	assert_non_null(h);
	assert_string_equal(h->controllers, "hugetlb");
	assert_true(lay.h[lay.n - 1].v2);
	assert_string_equal(lay.h[lay.n - 1].mount, "/sys/fs/cgroup/unified");

	assert_int_equal(cg_controller_version(&lay, "cpuacct"), 1);
	assert_int_equal(cg_controller_version(&lay, "memory"), 1);
	assert_int_equal(cg_controller_version(&lay, "io"), 0);
	assert_int_equal(cg_controller_version(&lay, "systemd"), 0);
}

static void test_unified(void **state)
{
	struct cg_layout lay;
	struct vsm_error err = { 0 };
	assert_int_equal(cg_detect(&lay, NULL, sample("mountinfo-unified"), &err), 0);
	assert_int_equal(lay.mode, CG_MODE_UNIFIED);
	assert_int_equal(lay.n, 1);
	assert_true(lay.h[0].v2);
	assert_string_equal(lay.h[0].mount, "/sys/fs/cgroup");
}

static void test_legacy(void **state)
{
	struct cg_layout lay;
	struct vsm_error err = { 0 };
	assert_int_equal(cg_detect(&lay, "/cgroup", sample("mountinfo-legacy"), &err), 0);
	assert_int_equal(lay.mode, CG_MODE_LEGACY);
	assert_int_equal(lay.n, 7);
	for (int i = 0; i < lay.n; i++)
		assert_false(lay.h[i].v2);
	/* release_agent=… is a mount option, not a controller. */
	assert_string_equal(by_mount(&lay, "/cgroup/openrc")->controllers, "name=openrc");
	assert_string_equal(by_mount(&lay, "/cgroup/cpu")->controllers, "cpu");
	assert_int_equal(cg_controller_version(&lay, "blkio"), 1);
	assert_int_equal(cg_controller_version(&lay, "openrc"), 0);
}

static void test_no_cgroups(void **state)
{
	struct cg_layout lay;
	struct vsm_error err = { 0 };
	fx_setup("cgdetect");
	fx_write("mountinfo", "22 1 8:1 / / rw,relatime - ext4 /dev/sda1 rw\n");
	char path[512];
	snprintf(path, sizeof(path), "%s/mountinfo", fx_root);
	assert_int_equal(cg_detect(&lay, NULL, path, &err), -ENOENT);
	assert_non_null(strstr(err.msg, "no cgroup"));
	assert_int_equal(cg_detect(&lay, NULL, "/nonexistent/mountinfo", &err), -ENOENT);
	assert_non_null(strstr(err.msg, "/nonexistent/mountinfo"));
	fx_teardown();
}

static void test_fixture_is_v2(void **state)
{
	struct cg_layout lay;
	struct vsm_error err = { 0 };
	fx_setup("cgdetect");
	fx_v2_cgroup("", "cpuset cpu io memory pids\n");
	assert_int_equal(cg_detect(&lay, fx_root, NULL, &err), 0);
	assert_int_equal(lay.mode, CG_MODE_UNIFIED);
	assert_int_equal(lay.n, 1);
	assert_true(lay.h[0].v2);
	assert_string_equal(lay.h[0].mount, fx_root);
	assert_string_equal(lay.h[0].controllers, "cpuset cpu io memory pids");
	assert_int_equal(cg_controller_version(&lay, "io"), 2);
	assert_int_equal(cg_controller_version(&lay, "blkio"), 0);
	fx_teardown();
}

/* Knobs go to the hierarchy holding their controller; cgroup.* core files to v2. */
static void test_knob_routing(void **state)
{
	struct cg_layout lay = { .mode = CG_MODE_HYBRID, .n = 3 };
	struct vsm_error err = { 0 };
	fx_setup("cgroute");
	snprintf(lay.h[0].mount, sizeof(lay.h[0].mount), "%s/memory", fx_root);
	strcpy(lay.h[0].controllers, "memory");
	snprintf(lay.h[1].mount, sizeof(lay.h[1].mount), "%s/systemd", fx_root);
	strcpy(lay.h[1].controllers, "name=systemd");
	snprintf(lay.h[2].mount, sizeof(lay.h[2].mount), "%s/unified", fx_root);
	lay.h[2].v2 = true;
	fx_write("memory/g/memory.limit_in_bytes", "9223372036854771712\n");
	fx_write("unified/g/cgroup.freeze", "0\n");
	fx_write("unified/g/cpu.stat", "usage_usec 5\n");
	assert_int_equal(cg_set(&lay, "g", "memory.limit_in_bytes", "1048576", &err), 0);
	assert_string_equal(fx_read("memory/g/memory.limit_in_bytes"), "1048576");
	assert_int_equal(cg_set(&lay, "g", "cgroup.freeze", "1", &err), 0);
	assert_string_equal(fx_read("unified/g/cgroup.freeze"), "1");
	char buf[64];
	assert_int_equal(cg_get(&lay, "g", "cpu.stat", buf, sizeof(buf), &err), 0);
	assert_string_equal(buf, "usage_usec 5");
	assert_int_equal(cg_set(&lay, "g", "memory.max", "1", &err), -ENOENT);
	assert_non_null(strstr(err.msg, "/memory/g/memory.max"));
	assert_int_equal(cg_set(&lay, "../x", "memory.max", "1", &err), -EINVAL);
	assert_int_equal(cg_set(&lay, "g", "memory/../../x", "1", &err), -ENOENT);
	fx_teardown();
}

static void test_pid_path(void **state)
{
	char buf[4096];
	/* Every process has a v2 line ("0::…") on kernels with cgroup2, even a hybrid host. */
	assert_int_equal(cg_pid_path(getpid(), "", buf, sizeof(buf)), 0);
	assert_int_equal(buf[0], '/');
	assert_int_equal(cg_pid_path(getpid(), "no_such_controller", buf, sizeof(buf)), -ENOENT);
	assert_int_equal(cg_pid_path(getpid(), "", buf, 1), -ENAMETOOLONG);
	pid_t child = fork();
	if (child == 0)
		_exit(0);
	waitpid(child, NULL, 0);
	assert_int_equal(cg_pid_path(child, "", buf, sizeof(buf)), -ESRCH);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hybrid),		cmocka_unit_test(test_unified),
		cmocka_unit_test(test_legacy),		cmocka_unit_test(test_no_cgroups),
		cmocka_unit_test(test_fixture_is_v2),	cmocka_unit_test(test_knob_routing),
		cmocka_unit_test(test_pid_path),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
