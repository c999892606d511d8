/* Proves that a root re-bases every host path and gives kernel-global names of its own. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "backend/paths.h"

static void test_no_root_uses_host_paths(void **state)
{
	struct vsm_paths p;
	unsetenv("VSM_ROOT");
	unsetenv("VSM_CACHE");
	assert_int_equal(vsm_paths_init(&p, NULL, NULL), 0);
	assert_string_equal(p.confdir, "/etc/vservers");
	assert_string_equal(p.rundir, "/run/vservers");
	assert_string_equal(p.logdir, "/var/log/vservers");
	assert_string_equal(p.pkgcache, "/var/cache/vservers/debootstrap");
	assert_string_equal(p.cgroup_base, "vsm");
}

static void test_root_rebases_everything(void **state)
{
	struct vsm_paths p;
	assert_int_equal(vsm_paths_init(&p, "/nonexistent/vsmtest/", NULL), 0);
	assert_string_equal(p.confdir, "/nonexistent/vsmtest/etc/vservers");
	assert_string_equal(p.vdirbase, "/nonexistent/vsmtest/vservers");
	assert_string_equal(p.rundir, "/nonexistent/vsmtest/run/vservers");
	assert_string_equal(p.cachedir, "/nonexistent/vsmtest/var/cache/vservers");
	assert_string_equal(p.lockdir, "/nonexistent/vsmtest/run/lock/vservers");
	assert_int_equal(strlen(p.cgroup_base), 12);
	assert_memory_equal(p.cgroup_base, "vsm-", 4);

	struct vsm_paths q;
	assert_int_equal(vsm_paths_init(&q, "/nonexistent/vsmtest", NULL), 0);
	assert_string_equal(p.cgroup_base, q.cgroup_base); /* trailing slash: same root */
	assert_int_equal(vsm_paths_init(&q, "/nonexistent/other", NULL), 0);
	assert_string_not_equal(p.cgroup_base, q.cgroup_base);
	assert_string_not_equal(p.ifprefix, q.ifprefix);
	assert_true(strlen(q.ifprefix) <= 9);
}

static void test_relative_root_refused(void **state)
{
	struct vsm_paths p;
	struct vsm_error err = {0};
	assert_int_equal(vsm_paths_init(&p, "relative/dir", &err), -EINVAL);
	assert_non_null(strstr(err.msg, "absolute"));
}

static void test_cache_override(void **state)
{
	struct vsm_paths p;
	setenv("VSM_CACHE", "/shared/cache", 1);
	assert_int_equal(vsm_paths_init(&p, "/nonexistent/x", NULL), 0);
	assert_string_equal(p.pkgcache, "/shared/cache");
	unsetenv("VSM_CACHE");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_root_uses_host_paths),
		cmocka_unit_test(test_root_rebases_everything),
		cmocka_unit_test(test_relative_root_refused),
		cmocka_unit_test(test_cache_override),
	};
	return cmocka_run_group_tests_name("paths", tests, NULL, NULL);
}
