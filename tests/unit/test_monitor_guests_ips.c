/* Proves the live views' address column lists only enabled interfaces, with interfaces/prefix
 * (the guest-wide default) and the family default applied, in interface order. */
#include "config_fixture.h"
#include "backend/monitor_guests.h"

static const char *ips_of_guest(struct monitor_guest_conf *v, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i].name, name))
			return v[i].ips;
	return NULL;
}

static void test_ips_enabled_with_effective_prefix(void **state)
{
	fx_put("web/context", "42\n");
	fx_put("web/interfaces/prefix", "24\n");
	fx_put("web/interfaces/00/ip", "10.1.2.3\n");
	fx_put("web/interfaces/01/ip", "10.1.2.4\n");
	fx_put("web/interfaces/01/prefix", "16\n");
	fx_put("web/interfaces/02/ip", "10.1.2.5\n");
	fx_put("web/interfaces/02/disabled", "");
	fx_put("db/interfaces/00/ip", "fd00::7\n");
	fx_put("db/interfaces/01/ip", "192.168.9.9\n");
	struct monitor_guest_conf *v;
	size_t n;
	struct vsm_error err = {0};
	assert_int_equal(monitor_guests_list(vsm_paths(), &v, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_string_equal(ips_of_guest(v, n, "web"), "10.1.2.3/24,10.1.2.4/16");
	assert_string_equal(ips_of_guest(v, n, "db"), "fd00::7/128,192.168.9.9/32");
	free(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_ips_enabled_with_effective_prefix, fx_setup,
						fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
