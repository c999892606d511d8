/* Proves the verdicts over probe results: ok only when every probe a feature needs is present,
 * unavailable naming the missing probe, unknown when a probe could not tell; and that the kernel
 * config list marks the options vsm cannot run without as required. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "backend/sysinfo.h"

static const struct sysinfo_verdict *find(const struct sysinfo_verdict *v, size_t n, const char *f)
{
	for (size_t i = 0; i < n; i++)
		if (strstr(v[i].feature, f))
			return &v[i];
	fail_msg("no verdict for %s", f);
	return NULL;
}

static void test_verdicts(void **state)
{
	struct probe p[] = {
		{ .name = "namespaces", .state = PROBE_YES }, { .name = "cgroup", .state = PROBE_YES },
		{ .name = "veth", .state = PROBE_YES },       { .name = "bridge", .state = PROBE_NO },
		{ .name = "ipvlan", .state = PROBE_UNKNOWN }, { .name = "openat2", .state = PROBE_NO },
	};
	struct sysinfo_verdict v[32];
	size_t n = sysinfo_verdicts(p, sizeof(p) / sizeof(*p), v, 32);
	assert_true(n > 10);
	assert_int_equal(find(v, n, "guests (namespaces")->state, PROBE_YES);
	assert_null(find(v, n, "guests (namespaces")->missing);
	assert_int_equal(find(v, n, "routed networking")->state, PROBE_YES);
	const struct sysinfo_verdict *b = find(v, n, "bridged networking");
	assert_int_equal(b->state, PROBE_NO);
	assert_string_equal(b->missing, "bridge");
	assert_int_equal(find(v, n, "ipvlan")->state, PROBE_UNKNOWN);
	const struct sysinfo_verdict *o = find(v, n, "openat2");
	assert_int_equal(o->state, PROBE_NO);
	assert_true(o->required);
	/* A probe missing from the list cannot be vouched for. */
	assert_int_equal(find(v, n, "seccomp")->state, PROBE_UNKNOWN);
}

static void test_kconfig_list(void **state)
{
	bool pid_ns = false, ipvlan_optional = false;
	for (const struct sysinfo_kopt *o = sysinfo_kconfig_options; o->option; o++) {
		assert_memory_equal(o->option, "CONFIG_", 7);
		if (!strcmp(o->option, "CONFIG_PID_NS"))
			pid_ns = o->required;
		if (!strcmp(o->option, "CONFIG_IPVLAN"))
			ipvlan_optional = !o->required;
	}
	assert_true(pid_ns);
	assert_true(ipvlan_optional);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_verdicts),
		cmocka_unit_test(test_kconfig_list),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
