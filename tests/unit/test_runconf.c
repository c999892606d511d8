/* Proves what the runtime derives from a guest's configuration: init command per style, kill
 * sequence (with the busybox default), bounding set, setrlimit values, cgroup limits mapped from
 * rlimits, environment, and the clear refusals. */
#include "config_fixture.h"

#include <linux/capability.h>
#include <signal.h>
#include <sys/resource.h>

#include "backend/runconf.h"
#include "kernel/caps.h"

static void load_ok(const char *name, struct run_config *rc)
{
	struct vsm_error err = {0};
	if (run_config_load(name, NULL, rc, fx_warn, NULL, &err) < 0)
		fail_msg("run_config_load %s: %s", name, err.msg);
}

static void test_plain_defaults(void **state)
{
	fx_mkguest("g");
	fx_put("g/apps/init/style", "plain\n");
	struct run_config rc;
	load_ok("g", &rc);
	assert_string_equal(rc.start_argv[0], "/sbin/init");
	assert_null(rc.start_argv[1]);
	/* util-vserver's plain stop: ask the (SysV) init for runlevel 0. */
	assert_string_equal(rc.stop_argv[0], "/sbin/init");
	assert_string_equal(rc.stop_argv[1], "0");
	assert_string_equal(rc.nodename, "g");
	assert_int_equal(rc.nkillseq, 3);
	assert_int_equal(rc.killseq[0], SIGTERM);
	assert_int_equal(rc.killseq[1], -5);
	assert_int_equal(rc.killseq[2], SIGKILL);
	assert_int_equal(rc.bcaps, run_config_default_caps());
	assert_int_equal(rc.bcaps, 0xb44405fbULL);
	assert_false(rc.env_from_file);
	assert_string_equal(rc.env[0], "PATH=/bin:/usr/bin:/sbin:/usr/sbin");
	assert_false(rc.has_limits);
	assert_true(rc.virt_uptime); /* util-vserver applied virt_uptime to every guest */
	run_config_free(&rc);
}

static void test_plain_busybox_init_gets_no_init_0(void **state)
{
	fx_mkguest("p");
	fx_put("p/apps/init/style", "plain\n");
	/* A guest root whose /sbin/init is a symlink to busybox (absolute: resolved in the root). */
	char root[PATH_MAX + 32], link[PATH_MAX + 64];
	snprintf(root, sizeof(root), "%s/p", vsm_paths()->vdirbase);
	snprintf(link, sizeof(link), "%s/sbin", root);
	assert_int_equal(fs_mkdir_p(link, 0755, NULL), 0);
	snprintf(link, sizeof(link), "%s/bin", root);
	assert_int_equal(fs_mkdir_p(link, 0755, NULL), 0);
	snprintf(link, sizeof(link), "%s/bin/busybox", root);
	fclose(fopen(link, "w"));
	snprintf(link, sizeof(link), "%s/sbin/init", root);
	assert_int_equal(symlink("/bin/busybox", link), 0);
	struct run_config rc;
	load_ok("p", &rc);
	assert_null(rc.stop_argv);
	run_config_free(&rc);
}

static void test_busybox_style_and_runlevel(void **state)
{
	fx_mkguest("b");
	fx_put("b/apps/init/style", "busybox\n");
	fx_put("b/apps/init/runlevel", "3\n");
	struct run_config rc;
	load_ok("b", &rc);
	assert_string_equal(rc.start_argv[0], "/sbin/init");
	assert_string_equal(rc.start_argv[1], "3");
	/* busybox init reboots on SIGTERM: its default sequence starts with SIGUSR2. */
	assert_int_equal(rc.killseq[0], SIGUSR2);
	run_config_free(&rc);
}

static void test_cmd_overrides_and_killseq(void **state)
{
	fx_mkguest("c");
	fx_put("c/apps/init/style", "plain\n");
	fx_put("c/apps/init/cmd.start", "/bin/sh\n-c\necho hi; sleep 9\n");
	fx_put("c/apps/init/cmd.stop", "/bin/kill\n1\n");
	fx_put("c/apps/init/killseq", "INT\n2\nTERM\n1\nKILL\n");
	fx_put("c/apps/init/environment", "LANG=C\nPATH=/bin\n");
	fx_put("c/uts/nodename", "web.example\n");
	fx_put("c/bcapabilities", "NET_RAW\n!KILL\n");
	struct run_config rc;
	load_ok("c", &rc);
	assert_string_equal(rc.start_argv[2], "echo hi; sleep 9");
	assert_null(rc.start_argv[3]);
	assert_string_equal(rc.stop_argv[0], "/bin/kill");
	assert_int_equal(rc.nkillseq, 5);
	assert_int_equal(rc.killseq[0], SIGINT);
	assert_int_equal(rc.killseq[1], -2);
	assert_int_equal(rc.killseq[4], SIGKILL);
	assert_true(rc.env_from_file);
	assert_string_equal(rc.env[0], "LANG=C");
	assert_string_equal(rc.nodename, "web.example");
	assert_true(rc.bcaps & (1ULL << CAP_NET_RAW));
	assert_false(rc.bcaps & (1ULL << CAP_KILL));
	run_config_free(&rc);
}

static void test_limits(void **state)
{
	fx_mkguest("l");
	fx_put("l/apps/init/style", "plain\n");
	fx_put("l/ulimits/nofile", "321\n");
	fx_put("l/ulimits/core.soft", "0\n");
	fx_put("l/ulimits/core.hard", "inf\n");
	fx_put("l/rlimits/nproc", "50\n");
	fx_put("l/cgroup/memory_max", "64M\n");
	struct run_config rc;
	load_ok("l", &rc);
	bool nofile = false, core = false;
	for (int i = 0; i < rc.nulimits; i++) {
		if (rc.ulimits[i].resource == RLIMIT_NOFILE) {
			nofile = true;
			assert_int_equal(rc.ulimits[i].soft, 321);
			assert_int_equal(rc.ulimits[i].hard, 321);
		}
		if (rc.ulimits[i].resource == RLIMIT_CORE) {
			core = true;
			assert_int_equal(rc.ulimits[i].soft, 0);
			assert_true(rc.ulimits[i].hard == RLIM_INFINITY);
		}
	}
	assert_true(nofile && core);
	assert_true(rc.has_limits);
	assert_int_equal(rc.limits.pids_max, 50);
	assert_int_equal(rc.limits.mem_max, 64ULL << 20);
	run_config_free(&rc);
}

static void test_rescue(void **state)
{
	fx_mkguest("r");
	struct run_config rc;
	struct vsm_error err = {0};
	char *none[] = { NULL };
	/* Rescue works even where the style is not supported (no style file = sysv). */
	assert_int_equal(run_config_load("r", none, &rc, fx_warn, NULL, &err), 0);
	assert_string_equal(rc.start_argv[0], "/bin/sleep");
	assert_string_equal(rc.style, "rescue");
	run_config_free(&rc);
	char *cmd[] = { "/bin/sh", "-i", NULL };
	assert_int_equal(run_config_load("r", cmd, &rc, fx_warn, NULL, &err), 0);
	assert_string_equal(rc.start_argv[1], "-i");
	run_config_free(&rc);
}

static void test_refusals(void **state)
{
	struct run_config rc;
	struct vsm_error err = {0};
	fx_mkguest("s");
	fx_put("s/apps/init/style", "plain\n");
	fx_put("s/apps/init/killseq", "TERM\n5\n");
	memset(&err, 0, sizeof(err));
	assert_true(run_config_load("s", NULL, &rc, fx_warn, NULL, &err) < 0);
	assert_non_null(strstr(err.msg, "killseq"));
	assert_true(run_config_load("nosuch", NULL, &rc, fx_warn, NULL, &err) < 0);
}

/* No style file is sysv: the guest's init at runlevel 3, stopped with runlevel 0; a runlevel file
 * and runlevel.stop change both. */
static void test_sysv_default(void **state)
{
	struct run_config rc;
	fx_mkguest("v");
	load_ok("v", &rc);
	assert_string_equal(rc.style, "sysv");
	assert_string_equal(rc.start_argv[0], "/sbin/init");
	assert_string_equal(rc.start_argv[1], "3");
	assert_string_equal(rc.stop_argv[1], "0");
	run_config_free(&rc);
	fx_put("v/apps/init/runlevel", "2\n");
	fx_put("v/apps/init/runlevel.stop", "6\n");
	load_ok("v", &rc);
	assert_string_equal(rc.start_argv[1], "2");
	assert_string_equal(rc.stop_argv[1], "6");
	run_config_free(&rc);
}

/* A guest whose /sbin/init leads to systemd is refused with a message, not started to hang;
 * minit without /sbin/minit is refused too. */
static void test_systemd_and_minit_refused(void **state)
{
	struct run_config rc;
	struct vsm_error err = {0};
	fx_mkguest("d");
	char p[PATH_MAX + 64];
	snprintf(p, sizeof(p), "%s/d/lib/systemd", vsm_paths()->vdirbase);
	assert_int_equal(fs_mkdir_p(p, 0755, NULL), 0);
	snprintf(p, sizeof(p), "%s/d/sbin", vsm_paths()->vdirbase);
	assert_int_equal(fs_mkdir_p(p, 0755, NULL), 0);
	snprintf(p, sizeof(p), "%s/d/lib/systemd/systemd", vsm_paths()->vdirbase);
	fclose(fopen(p, "w"));
	snprintf(p, sizeof(p), "%s/d/sbin/init", vsm_paths()->vdirbase);
	assert_int_equal(symlink("/lib/systemd/systemd", p), 0);
	assert_true(run_config_load("d", NULL, &rc, fx_warn, NULL, &err) < 0);
	assert_non_null(strstr(err.msg, "systemd"));
	fx_put("d/apps/init/style", "minit\n");
	memset(&err, 0, sizeof(err));
	assert_true(run_config_load("d", NULL, &rc, fx_warn, NULL, &err) < 0);
	assert_non_null(strstr(err.msg, "/sbin/minit"));
}

static void test_signal_names(void **state)
{
	assert_int_equal(run_config_signal("TERM"), SIGTERM);
	assert_int_equal(run_config_signal("sigusr2"), SIGUSR2);
	assert_int_equal(run_config_signal("9"), SIGKILL);
	assert_true(run_config_signal("NOPE") < 0);
	assert_true(run_config_signal("0") < 0);
	assert_true(run_config_signal("99") < 0);
	assert_int_equal(caps_from_name("net_raw"), CAP_NET_RAW);
	assert_int_equal(caps_from_name("CAP_SYS_BOOT"), CAP_SYS_BOOT);
	assert_true(caps_from_name("42") < 0);
	assert_true(caps_from_name("bogus") < 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_plain_defaults, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_plain_busybox_init_gets_no_init_0, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_busybox_style_and_runlevel, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_cmd_overrides_and_killseq, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_limits, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_rescue, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_refusals, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_sysv_default, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_systemd_and_minit_refused, fx_setup, fx_teardown),
		cmocka_unit_test(test_signal_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
