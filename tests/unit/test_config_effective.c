/* Proves the effective values: the flags util-vserver applied to every guest and their removal,
 * the bounding set from DESIGN's default plus bcapabilities, interface defaults, the time
 * namespace choice and the user-namespace id range. */
#include "config_fixture.h"

#include <sys/capability.h>
#include <sys/personality.h>
#include <sys/socket.h>

static void test_cflags_defaults_and_removal(void **state)
{
	struct guest_config c;
	fx_put("g/context", "5\n");
	fx_load("g", &c);
	assert_true(guest_config_has_cflag(&c, "fakeinit"));
	assert_true(guest_config_has_cflag(&c, "virt_uptime"));
	assert_false(guest_config_has_cflag(&c, "sched_pause"));
	assert_false(guest_config_has_cflag(&c, "no_new_privs"));
	assert_true(guest_config_wants_timens(&c));
	guest_config_free(&c);
	fx_put("g/cflags", "~virt_uptime\nsched_pause\nno_new_privs\n");
	fx_load("g", &c);
	assert_false(guest_config_has_cflag(&c, "virt_uptime"));
	assert_true(guest_config_has_cflag(&c, "sched_pause"));
	assert_true(guest_config_has_cflag(&c, "no_new_privs"));
	assert_false(guest_config_wants_timens(&c));
	guest_config_free(&c);
	fx_put("g/cflags", "!default\ndefault\n");	/* the last entry wins */
	fx_load("g", &c);
	assert_true(guest_config_has_cflag(&c, "virt_uptime"));
	guest_config_free(&c);
	fx_put("g/cflags", "~default\n");
	fx_put("g/spaces/time", "\n");			/* asked for explicitly */
	fx_load("g", &c);
	assert_false(guest_config_has_cflag(&c, "virt_uptime"));
	assert_true(guest_config_wants_timens(&c));
	guest_config_free(&c);
}

static void test_ccaps_defaults(void **state)
{
	struct guest_config c;
	fx_put("g/ccapabilities", "tiocsti\n~ping\n");
	fx_load("g", &c);
	assert_true(guest_config_has_ccap(&c, "tiocsti"));
	assert_false(guest_config_has_ccap(&c, "raw_icmp"));
	assert_true(guest_config_has_ccap(&c, "set_utsname"));
	assert_true(guest_config_has_ccap(&c, "audit_control"));
	guest_config_free(&c);
}

static void test_fixed_flags_cannot_be_removed(void **state)
{
	fx_put("g/cflags", "virt_uptime\n~fakeinit\n");
	fx_load_fails("g", "/g/cflags:2:", "cannot be removed", "PID namespace", NULL);
	fx_put("g/cflags", "!secure\n");
	fx_load_fails("g", "/g/cflags:1:", "spaces/net", NULL);
	fx_put("g/cflags", "virt_uptime\n");
	fx_put("g/nflags", "~hide_lback\n");
	fx_load_fails("g", "/g/nflags:1:", "own loopback", NULL);
}

static void test_bounding_set(void **state)
{
	struct guest_config c;
	uint64_t caps;
	struct vsm_error err = {0};
	fx_put("g/context", "5\n");
	fx_load("g", &c);
	assert_int_equal(guest_config_bounding_set(&c, &caps, &err), 0);
	assert_true(caps & (1ull << CAP_CHOWN));
	assert_true(caps & (1ull << CAP_SYS_BOOT));
	assert_true(caps & (1ull << CAP_AUDIT_WRITE));
	assert_false(caps & (1ull << CAP_SYS_ADMIN));
	assert_false(caps & (1ull << CAP_DAC_READ_SEARCH));
	assert_false(caps & (1ull << CAP_SYS_PTRACE));
	assert_false(caps & (1ull << CAP_NET_RAW));
	assert_int_equal(__builtin_popcountll(caps), 15);
	guest_config_free(&c);
	fx_put("g/bcapabilities", "NET_RAW\n!KILL\nCAP_SYS_TIME\n~net_raw\nnet_admin\n");
	fx_load("g", &c);
	assert_int_equal(guest_config_bounding_set(&c, &caps, &err), 0);
	assert_false(caps & (1ull << CAP_KILL));
	assert_false(caps & (1ull << CAP_NET_RAW));
	assert_true(caps & (1ull << CAP_SYS_TIME));
	assert_true(caps & (1ull << CAP_NET_ADMIN));
	assert_int_equal(__builtin_popcountll(caps), 16);
	guest_config_free(&c);
}

static void test_iface_effective(void **state)
{
	fx_put("g/interfaces/dev", "br0\n");
	fx_put("g/interfaces/prefix", "24\n");
	fx_put("g/interfaces/bcast", "10.0.0.255\n");
	fx_put("g/interfaces/a/ip", "10.0.0.2\n");
	fx_put("g/interfaces/b/ip", "fd00::2\n");
	fx_put("g/interfaces/c/ip", "10.0.0.3\n");
	fx_put("g/interfaces/c/prefix", "8\n");
	fx_put("g/interfaces/c/dev", "eth9\n");
	fx_put("g/interfaces/d/ip", "10.0.0.4\n");
	fx_put("g/interfaces/d/nodev", "");
	struct guest_config c;
	struct guest_iface f;
	fx_load("g", &c);
	guest_config_iface_effective(&c, 0, &f);
	assert_string_equal(f.dev, "br0");
	assert_int_equal(f.prefix, 24);
	assert_string_equal(f.bcast, "10.0.0.255");
	guest_config_iface_effective(&c, 1, &f);
	assert_int_equal(f.family, AF_INET6);
	assert_int_equal(f.prefix, 24);	/* 24 fits IPv6 too */
	assert_string_equal(f.bcast, "");	/* no broadcast in IPv6 */
	guest_config_iface_effective(&c, 2, &f);
	assert_string_equal(f.dev, "eth9");
	assert_int_equal(f.prefix, 8);
	guest_config_iface_effective(&c, 3, &f);
	assert_string_equal(f.dev, "");
	assert_int_equal(c.ifaces[0].prefix, -1);	/* the loaded struct is untouched */
	guest_config_free(&c);
	fx_put("g/interfaces/prefix", "64\n");
	fx_load("g", &c);
	guest_config_iface_effective(&c, 0, &f);
	assert_int_equal(f.prefix, 32);	/* 64 cannot apply to IPv4 */
	guest_config_iface_effective(&c, 1, &f);
	assert_int_equal(f.prefix, 64);
	guest_config_free(&c);
}

static void test_userns_range_and_style(void **state)
{
	struct guest_config c;
	uint64_t base, count;
	struct vsm_error err = {0};
	fx_mkguest("g");
	fx_load("g", &c);
	assert_int_equal(guest_config_userns_range(&c, &base, &count, &err), -EINVAL);
	assert_non_null(strstr(err.msg, "spaces/user.range"));
	assert_int_equal(guest_config_init_style(&c), INIT_STYLE_SYSV);
	guest_config_free(&c);
	fx_put("g/context", "3\n");
	fx_load("g", &c);
	assert_int_equal(guest_config_userns_range(&c, &base, &count, &err), 0);
	assert_int_equal(base, 3 * 65536);
	assert_int_equal(count, 65536);
	guest_config_free(&c);
	fx_put("g/spaces/user.range", "1000000 1000\n");
	fx_put("g/apps/init/style", "plain\n");
	fx_load("g", &c);
	assert_int_equal(guest_config_userns_range(&c, &base, &count, &err), 0);
	assert_int_equal(base, 1000000);
	assert_int_equal(count, 1000);
	assert_int_equal(guest_config_init_style(&c), INIT_STYLE_PLAIN);
	unsigned long p = 99;
	assert_false(guest_config_personality(&c, &p));
	guest_config_free(&c);
	fx_put("g/personality", "linux32\nADDR_NO_RANDOMIZE\n");
	fx_load("g", &c);
	assert_true(guest_config_personality(&c, &p));
	assert_int_equal(p, PER_LINUX32 | ADDR_NO_RANDOMIZE);
	guest_config_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_cflags_defaults_and_removal, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_ccaps_defaults, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_fixed_flags_cannot_be_removed, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_bounding_set, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_iface_effective, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_userns_range_and_style, fx_setup, fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
