/* Proves that a bad value in any key is an error naming the file, the line and what was
 * expected, and that unmappable util-vserver flags are refused with the reason. */
#include "config_fixture.h"

struct bad {
	const char *rel;	/* under the guest dir "g/" */
	const char *text;
	const char *where;	/* "rel:line" expected in the message ("rel" alone: no line) */
	const char *what;	/* and this fragment */
};

static const struct bad bad_cases[] = {
	{ "context", "1\n", "context:1:", "expected an integer 2..49151" },
	{ "context", "49152\n", "context:1:", "2..49151" },
	{ "context", "12abc\n", "context:1:", "expected an integer" },
	{ "context", "\n", "context:1:", "expected an integer" },
	{ "name", "\x01x\n", "name:1:", "expected a non-empty line of text" },
	{ "uts/nodename", "bad host\n", "uts/nodename:1:", "expected a host name" },
	{ "uts/nodename", "01234567890123456789012345678901234567890123456789012345678901234\n",
	  "uts/nodename:1:", "expected a host name" },
	{ "uts/domainname", "\n", "uts/domainname:1:", "expected a host name" },
	{ "interfaces/dev", "way-too-long-ifname\n", "interfaces/dev:1:", "interface name" },
	{ "interfaces/bcast", "::1\n", "interfaces/bcast:1:", "IPv4 broadcast" },
	{ "interfaces/prefix", "129\n", "interfaces/prefix:1:", "0..128" },
	{ "interfaces/00/ip", "10.0.0.300\n", "interfaces/00/ip:1:", "IPv4 or IPv6 address" },
	{ "interfaces/00/ip", "10.0.0.1/24\n", "interfaces/00/ip:1:", "prefix goes in 'prefix'" },
	{ "interfaces/00/mask", "255.0.255.0\n", "interfaces/00/mask:1:", "contiguous" },
	{ "interfaces/00/mac", "02:00:00:00:00\n", "interfaces/00/mac:1:", "MAC address" },
	{ "interfaces/00/mac", "02:00:00:00:00:zz\n", "interfaces/00/mac:1:", "MAC address" },
	{ "interfaces/00/bcast", "fe80::1\n", "interfaces/00/bcast:1:", "IPv4 broadcast" },
	{ "interfaces/00/name", "a/b\n", "interfaces/00/name:1:", "interface name" },
	{ "interfaces/00/dev", "\n", "interfaces/00/dev:1:", "interface name" },
	{ "interfaces/x y/ip", "10.0.0.1\n", "interfaces/x y/ip", "must be a name like 00" },
	{ "interfaces/00/prefix", "24\n", "interfaces/00/ip", "every interface needs an address" },
	{ "bcapabilities", "NET_RAW\n# c\nNET_FLY\n", "bcapabilities:3:", "unknown capability" },
	{ "bcapabilities", "12\n", "bcapabilities:1:", "unknown capability" },
	{ "ccapabilities", "\nsecure_mount\n", "ccapabilities:2:", "cannot be mapped" },
	{ "ccapabilities", "frob\n", "ccapabilities:1:", "unknown context capability" },
	{ "cflags", "virt_uptime\nvirt_mem\n", "cflags:2:", "cannot be mapped onto mainline" },
	{ "cflags", "sched_hard\n", "cflags:1:", "cgroup/cpu_quota" },
	{ "cflags", "nosuchflag\n", "cflags:1:", "expected one of" },
	{ "nflags", "single_ip\n", "nflags:1:", "cannot be mapped" },
	{ "rlimits/nofile", "10\n", "rlimits/nofile", "use ulimits/nofile" },
	{ "rlimits/frob", "10\n", "rlimits/frob", "unknown resource" },
	{ "rlimits/nproc.min", "10\n", "rlimits/nproc.min", "only for rss and as" },
	{ "rlimits/rss.wrong", "10\n", "rlimits/rss.wrong", "[.soft|.hard|.min]" },
	{ "ulimits/nofile.min", "10\n", "ulimits/nofile.min", "[.soft|.hard]" },
	{ "ulimits/nofile", "-1\n", "ulimits/nofile:1:", "non-negative integer or 'inf'" },
	{ "ulimits/nofile", "ten\n", "ulimits/nofile:1:", "non-negative integer or 'inf'" },
	{ "cgroup/memory_max", "12Q\n", "cgroup/memory_max:1:", "size in bytes" },
	{ "cgroup/cpu_period", "max\n", "cgroup/cpu_period:1:", "1000..1000000" },
	{ "cgroup/cpu_weight", "0\n", "cgroup/cpu_weight:1:", "1..10000" },
	{ "cgroup/cpu_quota", "10\n", "cgroup/cpu_quota:1:", "or max" },
	{ "cgroup/pids_max", "x\n", "cgroup/pids_max:1:", "or 'inf'" },
	{ "cgroup/bogus.knob", "1\n", "cgroup/bogus.knob", "<controller>.<knob>" },
	{ "cgroup/cgroup.procs", "1\n", "cgroup/cgroup.procs", "<controller>.<knob>" },
	{ "cgroup/memory.max", "\n", "cgroup/memory.max:1:", "expected a value" },
	{ "apps/init/style", "upstart\n", "apps/init/style:1:", "unknown init style" },
	{ "apps/init/mark", "ok\nnot/ok\n", "apps/init/mark:2:", "character 4" },
	{ "apps/init/depends", "..\n", "apps/init/depends:1:", "guest name" },
	{ "apps/init/depends", "g\n", "apps/init/depends", "cannot depend on itself" },
	{ "apps/init/killseq", "TERM\nsoon\nKILL\n", "apps/init/killseq:2:", "wait in seconds" },
	{ "apps/init/killseq", "SIGFOO\n", "apps/init/killseq:1:", "signal name or number" },
	{ "apps/init/killseq", "TERM\n5\n", "apps/init/killseq:2:", "ends with a wait" },
	{ "apps/init/killseq", "65\n", "apps/init/killseq:1:", "1..64" },
	{ "apps/init/environment", "A=1\nnot an assignment\n", "apps/init/environment:2:",
	  "VAR=VALUE" },
	{ "apps/init/environment", "1A=x\n", "apps/init/environment:1:", "VAR=VALUE" },
	{ "apps/init/runlevel", "a b\n", "apps/init/runlevel:1:", "one word" },
	{ "apps/init/runlevel.start", "\n", "apps/init/runlevel.start:1:", "one word" },
	{ "apps/init/runlevel.stop", "x;y\n", "apps/init/runlevel.stop:1:", "one word" },
	{ "fstab", "# c\nproc /proc\n", "fstab:2:", "4 to 6 fields" },
	{ "fstab", "a /b c d 0 0 extra\n", "fstab:1:", "4 to 6 fields" },
	{ "fstab", "/x ../etc none bind\n", "fstab:1:", "absolute mount point" },
	{ "fstab", "/x /a/../../etc none bind\n", "fstab:1:", "without '..'" },
	{ "fstab", "/x /a none bind 0 x\n", "fstab:1:", "expected an integer 0..9" },
	{ "fstab", "/x /a n$ne bind\n", "fstab:1:", "filesystem type" },
	{ "spaces/pid", "0\n", "spaces/pid:1:", "cannot be shared" },
	{ "spaces/mnt", "0\n", "spaces/mnt:1:", "cannot be shared" },
	{ "spaces/net", "no/such\n", "spaces/net:1:", "expected empty (new namespace)" },
	{ "spaces/ipc", "g\n", "spaces/ipc:1:", "its own namespace" },
	{ "spaces/frob", "\n", "spaces/frob", "unknown namespace" },
	{ "spaces/user.range", "1000 65536\n", "spaces/user.range:1:", "BASE >= 65536" },
	{ "spaces/user.range", "100000\n", "spaces/user.range:1:", "BASE COUNT" },
	{ "nice", "20\n", "nice:1:", "-20..19" },
	{ "nice", "-21\n", "nice:1:", "-20..19" },
	{ "personality", "LINUX64\n", "personality:1:", "execution domain" },
	{ "personality", "LINUX\nFAST\n", "personality:2:", "personality flag" },
	{ "vdir", "not a link\n", "vdir", "expected a symlink" },
	{ "bcapabilities", "NET_RAW\n\0\n", "bcapabilities:2:", "NUL byte" },
};

static void test_bad_values(void **state)
{
	for (size_t i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		const struct bad *b = &bad_cases[i];
		char rel[256], where[300];
		fx_teardown(NULL);
		assert_int_equal(fx_setup(NULL), 0);
		snprintf(rel, sizeof(rel), "g/%s", b->rel);
		/* The NUL case needs an explicit length. */
		size_t len = strlen(b->text);
		if (!strcmp(b->what, "NUL byte"))
			len += 2;
		fx_put_len(rel, b->text, (ssize_t)len);
		snprintf(where, sizeof(where), "%s/g/%s", vsm_paths()->confdir, b->where);
		struct guest_config cfg;
		struct vsm_error err = {0};
		int r = guest_config_load("g", &cfg, 0, fx_warn, NULL, &err);
		if (r == 0) {
			guest_config_free(&cfg);
			fail_msg("case %zu (%s = '%s'): loaded; expected an error", i, b->rel, b->text);
		}
		if (!strstr(err.msg, where) || !strstr(err.msg, b->what))
			fail_msg("case %zu: message '%s' lacks '%s' or '%s'", i, err.msg, where,
				 b->what);
	}
}

/* Cross-key checks. */
static void test_soft_above_hard(void **state)
{
	fx_put("g/ulimits/nofile.soft", "2000\n");
	fx_put("g/ulimits/nofile.hard", "1000\n");
	fx_load_fails("g", "/g/ulimits/nofile.soft:1:", "no greater than the hard limit", NULL);
	fx_put("g/ulimits/nofile.hard", "inf\n");
	struct guest_config c;
	fx_load("g", &c);
	guest_config_free(&c);
	fx_put("g/ulimits/nofile", "100\n");	/* the plain file is the hard limit too */
	fx_put("g/ulimits/nofile.hard", "inf\n");
	fx_load("g", &c);			/* .hard wins over the plain file */
	guest_config_free(&c);
}

static void test_memory_high_above_max(void **state)
{
	fx_put("g/cgroup/memory_max", "1M\n");
	fx_put("g/cgroup/memory_high", "2M\n");
	fx_load_fails("g", "/g/cgroup/memory_high:1:", "memory_max", NULL);
}

static void test_ipv6_prefix_and_v4_range(void **state)
{
	fx_put("g/interfaces/00/ip", "10.0.0.1\n");
	fx_put("g/interfaces/00/prefix", "33\n");
	fx_load_fails("g", "/g/interfaces/00/prefix:1:", "0..32 for IPv4", NULL);
	fx_put("g/interfaces/00/ip", "fd00::1\n");
	struct guest_config c;
	fx_load("g", &c);
	assert_int_equal(c.ifaces[0].prefix, 33);
	guest_config_free(&c);
}

static void test_userns_range_needs_new_userns(void **state)
{
	fx_put("g/spaces/user.range", "131072 65536\n");
	fx_put("g/spaces/user", "0\n");
	fx_load_fails("g", "/g/spaces/user.range:1:", "new user namespace", NULL);
}

static void test_nonregular_file(void **state)
{
	char path[PATH_MAX * 2];
	fx_mkguest("g");
	snprintf(path, sizeof(path), "%s/g/nice", vsm_paths()->confdir);
	assert_int_equal(mkfifo(path, 0600), 0);
	fx_load_fails("g", "/g/nice", "expected a regular file", NULL);
	unlink(path);
	assert_int_equal(symlink("/nonexistent/x", path), 0);
	fx_load_fails("g", "/g/nice", "dangling symlink", NULL);
	unlink(path);
	snprintf(path, sizeof(path), "%s/g/run", vsm_paths()->confdir);
	assert_int_equal(symlink("relative/run", path), 0);
	fx_load_fails("g", "/g/run", "absolute path", NULL);
}

/* A failed load leaves nothing allocated (ASan checks) and the struct empty. */
static void test_failed_load_is_clean(void **state)
{
	fx_put("g/bcapabilities", "NET_RAW\n");
	fx_put("g/cflags", "virt_mem\n");
	struct guest_config c;
	struct vsm_error err = {0};
	assert_int_equal(guest_config_load("g", &c, 0, fx_warn, NULL, &err), -EINVAL);
	assert_int_equal(c.bcaps.n, 0);
	assert_null(c.bcaps.v);
	guest_config_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_bad_values, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_soft_above_hard, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_memory_high_above_max, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_ipv6_prefix_and_v4_range, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_userns_range_needs_new_userns, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_nonregular_file, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_failed_load_is_clean, fx_setup, fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
