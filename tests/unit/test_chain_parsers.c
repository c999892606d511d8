/* Proves the chain tools' parsers: util-vserver's list syntax (~ ! ^N all none numbers, aliases,
 * case) and its printed form, vlimit's values (K/M/k/m, inf, overflow), the vsched mapping, and
 * the old single-file config reader (quotes, export, PROFILE blocks, shell it must not run). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <string.h>
#include <linux/capability.h>

#include "backend/attr_list.h"
#include "backend/attr_ops.h"
#include "backend/config.h"
#include "backend/chain_limit.h"
#include "backend/chain_sched.h"
#include "backend/convert_legacy.h"

static void parse_ok(const struct attr_bitname *t, const char *s, uint64_t v, uint64_t m)
{
	uint64_t gv = 1, gm = 1;
	struct vsm_error err = {0};
	if (attr_list_parse(t, "test", s, &gv, &gm, &err) != 0)
		fail_msg("'%s' refused: %s", s, err.msg);
	if (gv != v || gm != m)
		fail_msg("'%s': value %#llx mask %#llx, expected %#llx %#llx", s,
			 (unsigned long long)gv, (unsigned long long)gm, (unsigned long long)v,
			 (unsigned long long)m);
}

static void test_list_syntax(void **state)
{
	(void)state;
	parse_ok(attr_cflag_bits, "lock", 1, 1);
	parse_ok(attr_cflag_bits, "~lock", 0, 1);
	parse_ok(attr_cflag_bits, "!lock", 0, 1);
	parse_ok(attr_cflag_bits, "!!lock", 1, 1);		/* each prefix toggles */
	parse_ok(attr_cflag_bits, "~!~lock", 0, 1);
	parse_ok(attr_cflag_bits, "LOCK,Virt_Uptime", 1 | (1ULL << 17), 1 | (1ULL << 17));
	parse_ok(attr_cflag_bits, "info_init", 1 << 4, 1 << 4);	/* alias of fakeinit */
	parse_ok(attr_cflag_bits, "secure", 1ULL << 25, 1ULL << 25);
	parse_ok(attr_cflag_bits, "^38", 1ULL << 38, 1ULL << 38);
	parse_ok(attr_cflag_bits, "~^3", 0, 1ULL << 3);
	parse_ok(attr_cflag_bits, "none", 0, 0);
	parse_ok(attr_cflag_bits, "0x5", 5, 5);
	parse_ok(attr_cflag_bits, "010", 8, 8);			/* octal, as strtoul base 0 */
	parse_ok(attr_ccap_bits, "ping,mount", (1 << 8) | (1 << 16), (1 << 8) | (1 << 16));
	parse_ok(attr_space_bits, "net,~pid,fs", (1 << 4) | 1, (1 << 4) | (1 << 3) | 1);
	parse_ok(NULL, "CAP_NET_RAW", 1ULL << CAP_NET_RAW, 1ULL << CAP_NET_RAW);
	parse_ok(NULL, "net_raw,~sys_time", 1ULL << CAP_NET_RAW,
		 (1ULL << CAP_NET_RAW) | (1ULL << CAP_SYS_TIME));
	uint64_t v, m;
	assert_int_equal(attr_list_parse(attr_cflag_bits, "t", "all", &v, &m, NULL), 0);
	assert_true(m & (1ULL << 53));
	assert_int_equal(v, m);
	assert_int_equal(attr_list_parse(NULL, "t", "all", &v, &m, NULL), 0);
	assert_true(m & (1ULL << CAP_SYS_ADMIN));
}

static void parse_ok_lock_all(void **state)
{
	(void)state;
	uint64_t v, m;
	assert_int_equal(attr_list_parse(attr_cflag_bits, "t", "lock,~all,nproc", &v, &m, NULL), 0);
	assert_int_equal(v, 1 << 2);
	assert_true(m & 1);
}

static void test_list_errors(void **state)
{
	(void)state;
	static const char *const bad[] = { "bogus", "^64", "^", "^x", "0x", "12z", "cap_nope" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		uint64_t v, m;
		struct vsm_error err = {0};
		const struct attr_bitname *t = strncmp(bad[i], "cap_", 4) ? attr_cflag_bits : NULL;
		if (attr_list_parse(t, "--flag", bad[i], &v, &m, &err) != -EINVAL)
			fail_msg("'%s' accepted", bad[i]);
		assert_non_null(strstr(err.msg, "--flag"));
	}
	/* Capabilities are names; libcap would take a number, util-vserver's table did not. */
	uint64_t v, m;
	assert_int_equal(attr_list_parse(NULL, "--bcap", "NET_RAW,~12", &v, &m, NULL), 0);
	assert_int_equal(m & (1ULL << 12), 0ULL);	/* "~12" is the raw mask 12 = bits 2,3 */
	assert_int_equal(m, (1ULL << CAP_NET_RAW) | 12);
}

static void test_list_format(void **state)
{
	(void)state;
	char buf[256];
	attr_list_format(attr_cflag_bits, (1ULL << 17) | (1 << 4) | (1ULL << 25) | (1ULL << 40), buf,
			 sizeof(buf));
	assert_string_equal(buf, "fakeinit,virt_uptime,hide_netif,^40");
	attr_list_format(attr_ccap_bits, (1 << 8) | 1, buf, sizeof(buf));
	assert_string_equal(buf, "set_utsname,raw_icmp");
	attr_list_format(NULL, (1ULL << CAP_CHOWN) | (1ULL << CAP_NET_RAW) | (1ULL << 63), buf,
			 sizeof(buf));
	assert_string_equal(buf, "CHOWN,NET_RAW,^63");
	attr_list_format(attr_space_bits, 0, buf, sizeof(buf));
	assert_string_equal(buf, "");
	attr_list_format(attr_cflag_bits, ~0ULL, buf, 8);
	assert_int_equal(strlen(buf), 7);
}

static void test_vlimit_values(void **state)
{
	(void)state;
	static const struct { const char *s; uint64_t v; } ok[] = {
		{ "0", 0 }, { "100", 100 }, { "2K", 2048 }, { "2k", 2000 }, { "3M", 3 * 1048576ULL },
		{ "3m", 3000000 }, { "inf", VLIMIT_INF }, { "INF", VLIMIT_INF },
	};
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		uint64_t v = 0;
		assert_int_equal(vlimit_parse_value(ok[i].s, &v), 0);
		assert_int_equal(v, ok[i].v);
	}
	static const char *const bad[] = { "", "-1", "1G", "1KK", "x", "1 ", "18446744073709551615",
					   "99999999999999999M" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		uint64_t v;
		if (vlimit_parse_value(bad[i], &v) == 0)
			fail_msg("'%s' accepted", bad[i]);
	}
	assert_string_equal(vlimit_find("NOFILE")->name, "nofile");
	assert_string_equal(vlimit_find("6")->name, "nproc");
	assert_int_equal(vlimit_find("nsock")->kind, VLIMIT_NONE);
	assert_null(vlimit_find("bogus"));
}

static void test_vsched_map(void **state)
{
	(void)state;
	uint64_t q, p, w;
	struct vsched_opts o = { .fill_rate = 1, .interval = 4, .has_fill_rate = true,
				 .has_interval = true };
	assert_int_equal(vsched_map(&o, &q, &p, &w, NULL), 0);
	assert_int_equal(q, 25000);
	assert_int_equal(p, 100000);
	assert_int_equal(w, 0);
	o.fill_rate = 1;
	o.interval = 1000;	/* below the kernel's 1 ms minimum */
	assert_int_equal(vsched_map(&o, &q, &p, &w, NULL), 0);
	assert_int_equal(q, 1000);
	o.fill_rate = 8;
	o.interval = 4;		/* two CPUs' worth: no cap */
	assert_int_equal(vsched_map(&o, &q, &p, &w, NULL), 0);
	assert_int_equal(q, UINT64_MAX - 1);
	struct vsched_opts b = { .prio_bias = 0, .has_prio_bias = true };
	assert_int_equal(vsched_map(&b, &q, &p, &w, NULL), 0);
	assert_int_equal(w, 100);
	assert_int_equal(q, UINT64_MAX);
	b.prio_bias = -1;
	assert_int_equal(vsched_map(&b, &q, &p, &w, NULL), 0);
	assert_int_equal(w, 125);
	b.prio_bias = 19;
	assert_int_equal(vsched_map(&b, &q, &p, &w, NULL), 0);
	assert_int_equal(w, 1);
	b.prio_bias = 30;
	assert_int_equal(vsched_map(&b, &q, &p, &w, NULL), -EINVAL);
	struct vsched_opts half = { .fill_rate = 1, .has_fill_rate = true };
	assert_int_equal(vsched_map(&half, &q, &p, &w, NULL), -EINVAL);
}

static void test_legacy_conf(void **state)
{
	(void)state;
	const char *text =
		"# comment\n"
		"\n"
		"IPROOT=\"eth0:1.2.3.4/24 5.6.7.8\"\n"
		"  export S_HOSTNAME='web'   # trailing comment\n"
		"S_FLAGS=lock\\ nproc\n"
		"S_NICE=5\n"
		"S_NICE=7\n"
		"S_DOMAINNAME=\"$(hostname -d)\"\n"
		"echo hello\n"
		"case \"$PROFILE\" in\n"
		"  prod) S_CONTEXT=9 ;;\n"
		"esac\n"
		"ULIMIT=\"-HS -u 100\"\n";
	struct legacy_conf c;
	assert_int_equal(legacy_conf_parse(text, strlen(text), &c, NULL), 0);
	assert_string_equal(legacy_conf_get(&c, "IPROOT")->val, "eth0:1.2.3.4/24 5.6.7.8");
	assert_int_equal(legacy_conf_get(&c, "IPROOT")->line, 3);
	assert_string_equal(legacy_conf_get(&c, "S_HOSTNAME")->val, "web");
	assert_string_equal(legacy_conf_get(&c, "S_FLAGS")->val, "lock nproc");
	assert_string_equal(legacy_conf_get(&c, "S_NICE")->val, "7");	/* the later one wins */
	assert_null(legacy_conf_get(&c, "S_DOMAINNAME"));		/* never run */
	assert_null(legacy_conf_get(&c, "S_CONTEXT"));			/* inside the PROFILE case */
	assert_int_equal(c.profile_line, 10);
	assert_int_equal(c.skipped_line, 8);
	assert_string_equal(legacy_conf_get(&c, "ULIMIT")->val, "-HS -u 100");
	assert_int_equal(legacy_conf_get(&c, "ULIMIT")->line, 13);
	legacy_conf_free(&c);

	const char *unterminated = "A='x\nB=2\n";
	assert_int_equal(legacy_conf_parse(unterminated, strlen(unterminated), &c, NULL), 0);
	assert_null(legacy_conf_get(&c, "A"));
	assert_string_equal(legacy_conf_get(&c, "B")->val, "2");
	assert_int_equal(c.skipped_line, 1);
	legacy_conf_free(&c);

	assert_string_equal(legacy_ulimit_resource('u'), "nproc");
	assert_string_equal(legacy_ulimit_resource('n'), "nofile");
	assert_string_equal(legacy_ulimit_resource('v'), "as");
	assert_null(legacy_ulimit_resource('z'));
}

/* --set on a config: bounding set as the difference to the default, flags through the parser. */
static void test_attr_change_config(void **state)
{
	(void)state;
	struct guest_config cfg;
	guest_config_init(&cfg, "unit");
	struct vsm_error err = {0};
	struct attr_change ch = {0};
	assert_int_equal(attr_list_parse(NULL, "--bcap", "NET_RAW,~CHOWN", &ch.bval, &ch.bmask, NULL), 0);
	assert_int_equal(attr_list_parse(attr_cflag_bits, "--flag", "sched_pause,~virt_uptime",
					 &ch.fval, &ch.fmask, NULL), 0);
	assert_int_equal(attr_list_parse(attr_ccap_bits, "--ccap", "~ping", &ch.cval, &ch.cmask, NULL), 0);
	if (attr_change_config(&cfg, &ch, &err) != 0)
		fail_msg("%s", err.msg);
	assert_int_equal(cfg.bcaps.n, 2);
	assert_string_equal(cfg.bcaps.v[0], "!CHOWN");
	assert_string_equal(cfg.bcaps.v[1], "NET_RAW");
	assert_int_equal(cfg.cflags.n, 2);
	assert_string_equal(cfg.cflags.v[0], "sched_pause");	/* bit order */
	assert_string_equal(cfg.cflags.v[1], "!virt_uptime");
	assert_false(guest_config_has_cflag(&cfg, "virt_uptime"));
	assert_int_equal(cfg.ccaps.n, 1);
	assert_string_equal(cfg.ccaps.v[0], "!raw_icmp");
	/* Adding NET_RAW again and removing it: the entry is replaced, not duplicated. */
	struct attr_change again = {0};
	assert_int_equal(attr_list_parse(NULL, "--bcap", "~NET_RAW,CHOWN", &again.bval, &again.bmask,
					 NULL), 0);
	assert_int_equal(attr_change_config(&cfg, &again, &err), 0);
	assert_int_equal(cfg.bcaps.n, 0);
	/* A flag mainline cannot honour: refused with the config module's reason. */
	struct attr_change bad = {0};
	assert_int_equal(attr_list_parse(attr_cflag_bits, "--flag", "virt_mem", &bad.fval, &bad.fmask,
					 NULL), 0);
	assert_int_equal(attr_change_config(&cfg, &bad, &err), -EINVAL);
	assert_non_null(strstr(err.msg, "cgroup/memory_max"));
	/* Bits without a name cannot be carried into a config. */
	struct attr_change raw = { .fval = 1ULL << 60, .fmask = 1ULL << 60 };
	assert_int_equal(attr_change_config(&cfg, &raw, &err), -EINVAL);
	assert_non_null(strstr(err.msg, "^60"));
	guest_config_free(&cfg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_list_syntax),
		cmocka_unit_test(parse_ok_lock_all),
		cmocka_unit_test(test_list_errors),
		cmocka_unit_test(test_list_format),
		cmocka_unit_test(test_vlimit_values),
		cmocka_unit_test(test_vsched_map),
		cmocka_unit_test(test_legacy_conf),
		cmocka_unit_test(test_attr_change_config),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
