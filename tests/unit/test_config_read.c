/* Proves the reading rules: CRLF, a missing final newline, a UTF-8 BOM and trailing blanks are
 * tolerated; scalars take the first line; lists skip comments and blank lines; a file over the
 * size limit is refused; the attribute table finds every key by file and by name. */
#include "config_fixture.h"

#include "backend/attrs.h"
#include "backend/config_internal.h"

static void test_tolerated_forms(void **state)
{
	static const char *const forms[] = {
		"42\n", "42", "42\r\n", "42\r", "\xef\xbb\xbf" "42\n", "42  \t\n", "  42\n",
		"42\nsecond line ignored\n", "\xef\xbb\xbf" "42 \r\n",
	};
	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		fx_put("g/context", forms[i]);
		struct guest_config c;
		fx_load("g", &c);
		if (c.context != 42)
			fail_msg("form %zu: context %d", i, c.context);
		guest_config_free(&c);
	}
}

static void test_list_tolerance(void **state)
{
	fx_put("g/bcapabilities", "\xef\xbb\xbf# caps\r\n\r\nNET_RAW  \r\n   # indented comment\r\n"
				  "\tSYS_TIME\r\n  \r\nKILL");
	fx_put("g/apps/init/cmd.start", "/sbin/init\r\nquiet \r\n");
	struct guest_config c;
	fx_load("g", &c);
	assert_int_equal(c.bcaps.n, 3);
	assert_string_equal(c.bcaps.v[0], "NET_RAW");
	assert_string_equal(c.bcaps.v[1], "SYS_TIME");
	assert_string_equal(c.bcaps.v[2], "KILL");
	assert_int_equal(c.init.cmd_start.n, 2);
	assert_string_equal(c.init.cmd_start.v[1], "quiet");
	guest_config_free(&c);
}

/* Line numbers count every physical line, comments, blanks and a BOM line included. */
static void test_line_numbers_with_crlf(void **state)
{
	fx_put("g/cflags", "\xef\xbb\xbf# c\r\n\r\nvirt_uptime\r\nvirt_load\r\n");
	fx_load_fails("g", "/g/cflags:4:", "virt_load", NULL);
}

static void test_size_limit(void **state)
{
	size_t n = CONFIG_FILE_MAX + 1;
	char *big = malloc(n + 1);
	assert_non_null(big);
	for (size_t i = 0; i < n; i++)
		big[i] = (i % 8 == 7) ? '\n' : 'a';
	big[n] = '\0';
	memcpy(big, "NET_RAW\n", 8);
	fx_put_len("g/bcapabilities", big, (ssize_t)n);
	fx_load_fails("g", "/g/bcapabilities", "more than the limit of 65536", NULL);
	/* Exactly at the limit is read (and here fails on content, not size). */
	fx_put_len("g/bcapabilities", big, CONFIG_FILE_MAX);
	fx_load_fails("g", "/g/bcapabilities:2:", "unknown capability", NULL);
	/* An unknown file is not read at all, so its size does not matter. */
	fx_put("g/bcapabilities", "NET_RAW\n");
	fx_put_len("g/huge.log", big, (ssize_t)n);
	struct guest_config c;
	fx_load("g", &c);
	guest_config_free(&c);
	assert_non_null(strstr(fx_warnings, "huge.log: ignored: unknown file"));
	free(big);
}

static void test_parse_file_direct(void **state)
{
	struct guest_config c;
	struct vsm_error err = {0};
	guest_config_init(&c, "g");
	const char *t = "7\n";
	assert_int_equal(guest_config_parse_file(&c, "nice", "nice", t, strlen(t), fx_warn, NULL,
						 &err), 0);
	assert_int_equal(c.nice, 7);
	t = "x";
	assert_int_equal(guest_config_parse_file(&c, "nice", "SRC", t, 1, fx_warn, NULL, &err),
			 -EINVAL);
	assert_string_equal(err.msg, "SRC:1: expected an integer -20..19, got 'x'");
	/* A second file for a list key replaces the list (guest over .defaults). */
	t = "NET_RAW\nKILL\n";
	assert_int_equal(guest_config_parse_file(&c, "bcapabilities", "b", t, strlen(t), fx_warn,
						 NULL, &err), 0);
	t = "SYS_TIME\n";
	assert_int_equal(guest_config_parse_file(&c, "bcapabilities", "b", t, strlen(t), fx_warn,
						 NULL, &err), 0);
	assert_int_equal(c.bcaps.n, 1);
	guest_config_free(&c);
}

static void test_numbers_and_sizes(void **state)
{
	uint64_t v;
	struct vsm_error err = {0};
	assert_int_equal(config_parse_size("p", 1, "1k", &v, &err), 0);
	assert_int_equal(v, 1024);
	assert_int_equal(config_parse_size("p", 1, "3GB", &v, &err), 0);
	assert_true(v == 3ull << 30);
	assert_int_equal(config_parse_size("p", 1, "MAX", &v, &err), 0);
	assert_true(v == CONFIG_UNLIMITED);
	assert_int_equal(config_parse_size("p", 1, "99999999999T", &v, &err), -EINVAL);
	assert_int_equal(config_parse_size("p", 1, "-1", &v, &err), -EINVAL);
	assert_int_equal(config_parse_size("p", 1, "", &v, &err), -EINVAL);
	assert_int_equal(config_parse_u64_inf("p", 1, "18446744073709551615", &v, &err), -EINVAL);
	assert_int_equal(config_parse_u64_inf("p", 1, "18446744073709551616", &v, &err), -EINVAL);
	assert_int_equal(config_parse_u64_inf("p", 1, "+5", &v, &err), -EINVAL);
	long long n;
	assert_int_equal(config_parse_int("p", 3, " 5", 0, 9, &n, &err), -EINVAL);
	assert_string_equal(err.msg, "p:3: expected an integer 0..9, got ' 5'");
	assert_int_equal(config_signal_from_name("sigusr2"), 12);
	assert_int_equal(config_signal_from_name("HUP"), 1);
	assert_int_equal(config_signal_from_name("0"), -1);
}

/* The table has an entry for every key the loader knows, and its lookups agree. */
static void test_attr_table(void **state)
{
	static const char *const files[] = {
		"context", "name", "vdir", "run", "cache", "disabled", "uts/nodename",
		"uts/domainname", "uts/sysname", "uts/release", "uts/version", "uts/machine",
		"interfaces/dev", "interfaces/prefix", "interfaces/mask", "interfaces/bcast",
		"interfaces/00/ip",
		"interfaces/00/prefix", "interfaces/00/mask", "interfaces/00/dev",
		"interfaces/00/name", "interfaces/00/mac", "interfaces/00/bcast",
		"interfaces/00/disabled", "interfaces/00/nodev", "interfaces/00/down",
		"bcapabilities", "ccapabilities", "cflags", "nflags", "personality", "nice",
		"rlimits/nproc", "ulimits/nofile.soft", "cgroup/memory_max", "cgroup/memory_high",
		"cgroup/memory_swap_max", "cgroup/cpu_quota", "cgroup/cpu_period",
		"cgroup/cpu_weight", "cgroup/pids_max", "cgroup/cpu.shares", "apps/init/style",
		"apps/init/mark", "apps/init/depends", "apps/init/killseq", "apps/init/cmd.start",
		"apps/init/cmd.stop", "apps/init/cmd.prepare", "apps/init/environment",
		"apps/init/runlevel", "apps/init/runlevel.start", "apps/init/runlevel.stop",
		"fstab", "spaces/pid", "spaces/user.range", "scripts/pre-start",
	};
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		const struct attr *a = attr_find_file(files[i]);
		if (!a)
			fail_msg("no attribute for %s", files[i]);
		assert_ptr_equal(attr_find(a->name), a);
		assert_non_null(a->help);
		assert_true(*a->help);
	}
	assert_string_equal(attr_find_file("cgroup/memory_max")->name, "cgroup.memory_max");
	assert_string_equal(attr_find_file("cgroup/memory.max")->name, "cgroup.*");
	assert_string_equal(attr_find_file("spaces/user.range")->name, "spaces.user.range");
	assert_null(attr_find_file("interfaces/00/ip/x"));
	assert_null(attr_find_file("interfaces//ip"));
	assert_null(attr_find_file("frob"));
	assert_null(attr_find("frob"));
	/* Names are unique. */
	for (size_t i = 0; i < attr_count; i++)
		for (size_t j = i + 1; j < attr_count; j++)
			assert_string_not_equal(attr_table[i].name, attr_table[j].name);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_tolerated_forms, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_list_tolerance, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_line_numbers_with_crlf, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_size_limit, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_parse_file_direct, fx_setup, fx_teardown),
		cmocka_unit_test(test_numbers_and_sizes),
		cmocka_unit_test(test_attr_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
