/* Proves that every config key is read into struct guest_config with its value normalised, that
 * .defaults/ fills the inheritable keys only, and that unknown files are reported, not honoured. */
#include "config_fixture.h"

#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>

/* A guest using every key (the util-vserver layout, with a few spelling variants). */
static void put_full_guest(void)
{
	fx_put("web/context", "42\n");
	fx_put("web/name", "Web server\n");
	fx_put("web/disabled", "");
	fx_put("web/uts/nodename", "web.example.org\n");
	fx_put("web/uts/domainname", "example\n");
	fx_put("web/uts/machine", "i686\n");
	fx_put("web/interfaces/dev", "br0\n");
	fx_put("web/interfaces/prefix", "24\n");
	fx_put("web/interfaces/00/ip", "192.0.2.10\n");
	fx_put("web/interfaces/00/mask", "255.255.255.0\n");
	fx_put("web/interfaces/00/bcast", "192.0.2.255\n");
	fx_put("web/interfaces/00/name", "eth0\n");
	fx_put("web/interfaces/00/mac", "02:AA:bb:CC:dd:01\n");
	fx_put("web/interfaces/01/ip", "2001:DB8::0:1\n");
	fx_put("web/interfaces/01/prefix", "64\n");
	fx_put("web/interfaces/01/dev", "eth1\n");
	fx_put("web/interfaces/01/nodev", "");
	fx_put("web/interfaces/01/down", "");
	fx_put("web/interfaces/02/ip", "198.51.100.1\n");
	fx_put("web/interfaces/02/disabled", "");
	fx_put("web/bcapabilities", "# extra\nCAP_NET_RAW\n~sys_ptrace\n\nsys_time, NET_ADMIN\n");
	fx_put("web/ccapabilities", "raw_icmp\nutsname\n");
	fx_put("web/cflags", "virt_uptime\n~sched_pause\ninfo_init\n");
	fx_put("web/nflags", "hide_netif\n");
	fx_put("web/rlimits/nproc", "200\n");
	fx_put("web/rlimits/rss.hard", "inf\n");
	fx_put("web/rlimits/rss.min", "1000\n");
	fx_put("web/ulimits/nofile.soft", "1024\n");
	fx_put("web/ulimits/nofile.hard", "4096\n");
	fx_put("web/ulimits/core", "0\n");
	fx_put("web/cgroup/memory_max", "512M\n");
	fx_put("web/cgroup/memory_high", "256m\n");
	fx_put("web/cgroup/memory_swap_max", "max\n");
	fx_put("web/cgroup/cpu_quota", "50000\n");
	fx_put("web/cgroup/cpu_period", "100000\n");
	fx_put("web/cgroup/cpu_weight", "200\n");
	fx_put("web/cgroup/pids_max", "max\n");
	fx_put("web/cgroup/cpuset.cpus", "0-1\n");
	fx_put("web/cgroup/memory.swappiness", "10\n");
	fx_put("web/apps/init/style", "sysv\n");
	fx_put("web/apps/init/mark", "default\n");
	fx_put("web/apps/init/depends", "db\n# comment\ncache1\n");
	fx_put("web/apps/init/killseq", "SIGTERM\n5\nkill\n");
	fx_put("web/apps/init/cmd.start", "/sbin/init\n#notacomment\n\n--x\n\n");
	fx_put("web/apps/init/cmd.stop", "/sbin/halt\n");
	fx_put("web/apps/init/cmd.prepare", "/bin/true\n");
	fx_put("web/apps/init/environment", "LANG=C.UTF-8\n# c\nFOO=a=b\n");
	fx_put("web/apps/init/runlevel", "3\n");
	fx_put("web/apps/init/runlevel.start", "2\n");
	fx_put("web/apps/init/runlevel.stop", "6\n");
	fx_put("web/fstab", "# spec file type opts\nnone /proc proc defaults 0 0\n"
			    "/srv/data\t/data  none bind,ro\n");
	fx_put("web/spaces/net", "");
	fx_put("web/spaces/user", "");
	fx_put("web/spaces/user.range", "2752512 65536\n");
	fx_put("web/spaces/time", "0\n");
	fx_put("web/spaces/ipc", "db\n");
	fx_put("web/nice", "-5\n");
	fx_put("web/personality", "linux32\nADDR_NO_RANDOMIZE\n");
	fx_put("web/scripts/pre-start", "#!/bin/sh\n");
	char path[PATH_MAX * 2];
	snprintf(path, sizeof(path), "%s/web/scripts/pre-start", vsm_paths()->confdir);
	chmod(path, 0755);
	snprintf(path, sizeof(path), "%s/web/scripts/post-stop.d", vsm_paths()->confdir);
	assert_int_equal(fs_mkdir_p(path, 0755, NULL), 0);
	snprintf(path, sizeof(path), "%s/web/vdir", vsm_paths()->confdir);
	assert_int_equal(symlink("/srv/guests/web", path), 0);
}

static void check_full_guest(const struct guest_config *c)
{
	assert_string_equal(c->name, "web");
	assert_int_equal(c->context, 42);
	assert_string_equal(c->display_name, "Web server");
	assert_true(c->disabled);
	assert_string_equal(c->vdir, "/srv/guests/web");
	assert_string_equal(c->uts_nodename, "web.example.org");
	assert_string_equal(c->uts_domainname, "example");
	assert_string_equal(c->uts_machine, "i686");
	assert_string_equal(c->iface_dev, "br0");
	assert_int_equal(c->iface_prefix, 24);
	assert_int_equal(c->n_ifaces, 3);
	const struct guest_iface *i0 = &c->ifaces[0], *i1 = &c->ifaces[1], *i2 = &c->ifaces[2];
	assert_string_equal(i0->id, "00");
	assert_string_equal(i0->ip, "192.0.2.10");
	assert_int_equal(i0->family, AF_INET);
	assert_int_equal(i0->prefix, 24);
	assert_string_equal(i0->bcast, "192.0.2.255");
	assert_string_equal(i0->name, "eth0");
	assert_string_equal(i0->mac, "02:aa:bb:cc:dd:01");
	assert_string_equal(i0->dev, "");
	assert_string_equal(i1->ip, "2001:db8::1");
	assert_int_equal(i1->family, AF_INET6);
	assert_int_equal(i1->prefix, 64);
	assert_string_equal(i1->dev, "eth1");
	assert_true(i1->nodev && i1->down && !i1->disabled);
	assert_true(i2->disabled);
	assert_int_equal(i2->prefix, -1);
	assert_int_equal(c->bcaps.n, 4);
	assert_string_equal(c->bcaps.v[0], "NET_RAW");
	assert_string_equal(c->bcaps.v[1], "!SYS_PTRACE");
	assert_string_equal(c->bcaps.v[2], "SYS_TIME");
	assert_string_equal(c->bcaps.v[3], "NET_ADMIN");
	assert_int_equal(c->ccaps.n, 2);
	assert_string_equal(c->ccaps.v[0], "raw_icmp");
	assert_string_equal(c->ccaps.v[1], "set_utsname");
	assert_int_equal(c->cflags.n, 3);
	assert_string_equal(c->cflags.v[1], "!sched_pause");
	assert_string_equal(c->cflags.v[2], "fakeinit");
	assert_string_equal(c->nflags.v[0], "hide_netif");
	assert_int_equal(c->n_rlimits, 2);
	assert_int_equal(c->rlimits[0].resource, RLIMIT_NPROC);
	assert_true(c->rlimits[0].set[LIMIT_BOTH]);
	assert_int_equal(c->rlimits[0].val[LIMIT_BOTH], 200);
	assert_int_equal(c->rlimits[1].resource, RLIMIT_RSS);
	assert_true(c->rlimits[1].val[LIMIT_HARD] == CONFIG_UNLIMITED);
	assert_int_equal(c->rlimits[1].val[LIMIT_MIN], 1000);
	assert_int_equal(c->n_ulimits, 2);
	assert_int_equal(c->ulimits[0].resource, RLIMIT_CORE);
	assert_int_equal(c->ulimits[1].val[LIMIT_SOFT], 1024);
	assert_int_equal(c->ulimits[1].val[LIMIT_HARD], 4096);
	assert_true(c->cg.has_memory_max && c->cg.memory_max == 512ull << 20);
	assert_true(c->cg.memory_high == 256ull << 20);
	assert_true(c->cg.memory_swap_max == CONFIG_UNLIMITED);
	assert_int_equal(c->cg.cpu_quota, 50000);
	assert_int_equal(c->cg.cpu_period, 100000);
	assert_int_equal(c->cg.cpu_weight, 200);
	assert_true(c->cg.has_pids_max && c->cg.pids_max == CONFIG_UNLIMITED);
	assert_int_equal(c->n_knobs, 2);
	assert_string_equal(c->knobs[0].name, "cpuset.cpus");
	assert_string_equal(c->knobs[0].value, "0-1");
	assert_string_equal(c->knobs[1].name, "memory.swappiness");
	assert_int_equal(c->init.style, INIT_STYLE_SYSV);
	assert_string_equal(c->init.mark.v[0], "default");
	assert_int_equal(c->init.depends.n, 2);
	assert_string_equal(c->init.depends.v[1], "cache1");
	assert_int_equal(c->init.killseq.n, 3);
	assert_string_equal(c->init.killseq.v[0], "15");
	assert_string_equal(c->init.killseq.v[1], "5");
	assert_string_equal(c->init.killseq.v[2], "9");
	assert_int_equal(c->init.cmd_start.n, 4);
	assert_string_equal(c->init.cmd_start.v[1], "#notacomment");
	assert_string_equal(c->init.cmd_start.v[2], "");
	assert_string_equal(c->init.cmd_start.v[3], "--x");
	assert_string_equal(c->init.cmd_stop.v[0], "/sbin/halt");
	assert_string_equal(c->init.cmd_prepare.v[0], "/bin/true");
	assert_int_equal(c->init.environment.n, 2);
	assert_string_equal(c->init.environment.v[1], "FOO=a=b");
	assert_string_equal(c->init.runlevel, "3");
	assert_string_equal(c->init.runlevel_start, "2");
	assert_string_equal(c->init.runlevel_stop, "6");
	assert_int_equal(c->n_fstab, 2);
	assert_string_equal(c->fstab[0].type, "proc");
	assert_string_equal(c->fstab[1].spec, "/srv/data");
	assert_string_equal(c->fstab[1].file, "/data");
	assert_string_equal(c->fstab[1].options, "bind,ro");
	assert_int_equal(c->fstab[1].passno, 0);
	assert_int_equal(c->spaces[SPACE_NET].mode, SPACE_NEW);
	assert_int_equal(c->spaces[SPACE_USER].mode, SPACE_NEW);
	assert_int_equal(c->spaces[SPACE_TIME].mode, SPACE_HOST);
	assert_int_equal(c->spaces[SPACE_IPC].mode, SPACE_SHARE);
	assert_string_equal(c->spaces[SPACE_IPC].share, "db");
	assert_int_equal(c->spaces[SPACE_PID].mode, SPACE_DEFAULT);
	assert_int_equal(c->userns_base, 2752512);
	assert_int_equal(c->userns_count, 65536);
	assert_true(c->has_nice);
	assert_int_equal(c->nice, -5);
	assert_int_equal(c->personality.n, 2);
	assert_string_equal(c->personality.v[0], "LINUX32");
	assert_int_equal(c->hooks, 1u << HOOK_PRE_START);
	assert_int_equal(c->hooks_dir, 1u << HOOK_POST_STOP);
}

static void test_every_key_is_read(void **state)
{
	put_full_guest();
	struct guest_config c;
	fx_load("web", &c);
	check_full_guest(&c);
	assert_int_equal(fx_nwarnings, 0);
	guest_config_free(&c);
}

static void test_default_links(void **state)
{
	fx_put("web/context", "42\n");
	struct guest_config c;
	fx_load("web", &c);
	char want[PATH_MAX * 2];
	snprintf(want, sizeof(want), "%s/vservers/web", fx_root);
	assert_string_equal(c.vdir, want);
	snprintf(want, sizeof(want), "%s/run/vservers/web", fx_root);
	assert_string_equal(c.run, want);
	snprintf(want, sizeof(want), "%s/var/cache/vservers/web", fx_root);
	assert_string_equal(c.cache, want);
	guest_config_free(&c);
}

static void test_defaults_fallback(void **state)
{
	fx_put(".defaults/nice", "10\n");
	fx_put(".defaults/bcapabilities", "NET_RAW\n");
	fx_put(".defaults/cgroup/pids_max", "300\n");
	fx_put(".defaults/cgroup/cpu.shares", "512\n");
	fx_put(".defaults/ulimits/nofile", "1000\n");
	fx_put(".defaults/apps/init/style", "plain\n");
	fx_put(".defaults/context", "99\n");		/* identity: never inherited */
	fx_put(".defaults/uts/nodename", "x\n");	/* identity: never inherited */
	fx_put(".defaults/context.next", "50\n");	/* other .defaults files: no warning */
	fx_put(".defaults/apps/debootstrap/mirror", "http://deb.debian.org/debian\n");
	fx_put("web/bcapabilities", "SYS_TIME\n");	/* the guest's own list replaces */
	fx_put("web/cgroup/cpu.shares", "1024\n");
	struct guest_config c;
	fx_load("web", &c);
	assert_true(c.has_nice);
	assert_int_equal(c.nice, 10);
	assert_int_equal(c.bcaps.n, 1);
	assert_string_equal(c.bcaps.v[0], "SYS_TIME");
	assert_true(c.cg.has_pids_max);
	assert_int_equal(c.cg.pids_max, 300);
	assert_int_equal(c.n_knobs, 1);
	assert_string_equal(c.knobs[0].value, "1024");
	assert_int_equal(c.n_ulimits, 1);
	assert_int_equal(c.init.style, INIT_STYLE_PLAIN);
	assert_int_equal(c.context, 0);
	assert_string_equal(c.uts_nodename, "");
	assert_int_equal(fx_nwarnings, 0);
	guest_config_free(&c);

	struct vsm_error err = {0};
	assert_int_equal(guest_config_load("web", &c, CONFIG_LOAD_NO_DEFAULTS, fx_warn, NULL, &err),
			 0);
	assert_false(c.has_nice);
	assert_false(c.cg.has_pids_max);
	guest_config_free(&c);
}

static void test_unknown_files_warn(void **state)
{
	fx_put("web/context", "42\n");
	fx_put("web/frobnicate", "1\n");
	fx_put("web/sched/fill-rate", "1\n");
	fx_put("web/cgroup/name", "x\n");
	fx_put("web/flags", "lock\n");
	fx_put("web/interfaces/00/ip", "10.0.0.1\n");
	fx_put("web/interfaces/00/peer", "10.0.0.2\n");
	fx_put("web/scripts/pre-start", "echo sourced\n");	/* not executable */
	fx_put("web/scripts/pre-start.rpmnew", "x\n");		/* backup: skipped quietly */
	fx_put("web/scripts/bogus", "x\n");
	fx_put("web/apps/vunify/exclude", "/etc\n");		/* read by vunify */
	fx_put("web/.nice.tmp123", "garbage\n");		/* our own in-flight write */
	struct guest_config c;
	fx_load("web", &c);
	assert_int_equal(c.context, 42);
	assert_int_equal(c.hooks, 0);
	assert_int_equal(c.n_knobs, 0);
	assert_int_equal(c.cflags.n, 0);
	assert_false(c.has_nice);
	guest_config_free(&c);
	assert_int_equal(fx_nwarnings, 7);
	assert_non_null(strstr(fx_warnings, "/web/frobnicate: ignored: unknown file"));
	assert_non_null(strstr(fx_warnings, "/web/sched/: ignored: the token bucket"));
	assert_non_null(strstr(fx_warnings, "/web/cgroup/name: ignored: "));
	assert_non_null(strstr(fx_warnings, "/web/flags: ignored: the old name of cflags"));
	assert_non_null(strstr(fx_warnings, "/web/interfaces/00/peer: ignored"));
	assert_non_null(strstr(fx_warnings, "pre-start: ignored: not an executable"));
	assert_non_null(strstr(fx_warnings, "/web/scripts/bogus: ignored: unknown hook"));
}

static void test_risky_caps_warn(void **state)
{
	fx_put("web/bcapabilities", "SYS_PTRACE\nDAC_READ_SEARCH\n!DAC_READ_SEARCH\n");
	struct guest_config c;
	fx_load("web", &c);
	guest_config_free(&c);
	assert_int_equal(fx_nwarnings, 2);
	assert_non_null(strstr(fx_warnings, "/web/bcapabilities: SYS_PTRACE lets"));
	assert_non_null(strstr(fx_warnings, "/web/bcapabilities: DAC_READ_SEARCH lets"));
}

static void test_missing_guest(void **state)
{
	struct guest_config c;
	struct vsm_error err = {0};
	assert_int_equal(guest_config_load("ghost", &c, 0, fx_warn, NULL, &err), -ENOENT);
	assert_non_null(strstr(err.msg, "ghost"));
	assert_int_equal(guest_config_load("../etc", &c, 0, fx_warn, NULL, &err), -EINVAL);
}

static void test_init_style_empty_and_busybox(void **state)
{
	fx_put("a/apps/init/style", "\n");
	fx_put("b/apps/init/style", "BusyBox\n");
	struct guest_config c;
	fx_load("a", &c);
	assert_int_equal(c.init.style, INIT_STYLE_NONE);
	guest_config_free(&c);
	fx_load("b", &c);
	assert_int_equal(c.init.style, INIT_STYLE_BUSYBOX);
	guest_config_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_every_key_is_read, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_default_links, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_defaults_fallback, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_unknown_files_warn, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_missing_guest, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_risky_caps_warn, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_init_style_empty_and_busybox, fx_setup,
						fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
