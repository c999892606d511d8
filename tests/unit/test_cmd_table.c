/* Proves the command table: every command has a usage line starting with its name and a help
 * text, names and aliases are unique; cmd_run refuses unknown commands and wrong argument counts
 * with the usage line and without running anything; --json is per command and stops at `--`;
 * attribute names resolve to the right config files (friendly, dotted, cgroup v1/v2); and
 * create/set/get/unset/export work on a throw-away root, refusing bad values without writing. */
#include "config_fixture.h"

#include "backend/cmd_attr.h"
#include "backend/command.h"

static char outbuf[65536];
static size_t outlen;

static void buf_write(void *ctx, const char *b, size_t n)
{
	if (outlen + n >= sizeof(outbuf))
		n = sizeof(outbuf) - outlen - 1;
	memcpy(outbuf + outlen, b, n);
	outlen += n;
	outbuf[outlen] = '\0';
}

static struct cmd_out out = { .write = buf_write };

static int run(const char *const *words, struct vsm_error *err)
{
	char *argv[32];
	int argc = 0;
	for (; words[argc]; argc++)
		argv[argc] = strdup(words[argc]);
	argv[argc] = NULL;
	struct cmd_ctx cx = { .out = &out };
	outlen = 0;
	outbuf[0] = '\0';
	vsm_error_clear(err);
	int rc = cmd_run(&cx, argc, argv, err);
	for (int i = 0; argv[i]; i++)
		free(argv[i]);
	return rc;
}
#define RUN(err, ...) run((const char *const[]){ __VA_ARGS__, NULL }, err)

static void test_entries(void **state)
{
	size_t n = 0;
	for (; vsm_commands[n]; n++) {
		const struct vsm_command *c = vsm_commands[n];
		assert_non_null(c->name);
		assert_non_null(c->exec);
		assert_non_null(c->usage);
		if (strncmp(c->usage, c->name, strlen(c->name)) != 0)
			fail_msg("%s: usage '%s' does not start with the name", c->name, c->usage);
		if (!c->help || strlen(c->help) < 20)
			fail_msg("%s: no help text", c->name);
		assert_true(c->max_args < 0 || c->max_args >= c->min_args);
		assert_ptr_equal(cmd_find(c->name), c);
		for (size_t k = 0; c->aliases && c->aliases[k]; k++)
			assert_ptr_equal(cmd_find(c->aliases[k]), c);
		for (size_t m = 0; m < n; m++)
			assert_string_not_equal(vsm_commands[m]->name, c->name);
	}
	assert_true(n >= 17);
	static const char *const needed[] = { "start", "stop", "restart", "enter", "exec", "build",
		"delete", "list", "status", "ps", "stat", "info", "get", "set", "export", "help", "unify",
		"net", "create", "unset", NULL };
	for (size_t i = 0; needed[i]; i++)
		if (!cmd_find(needed[i]))
			fail_msg("no command %s", needed[i]);
}

static void test_dispatch_errors(void **state)
{
	struct vsm_error err;
	assert_int_equal(RUN(&err, "frobnicate", "x"), CMD_USAGE);
	assert_non_null(strstr(err.msg, "unknown command 'frobnicate'"));
	assert_int_equal(RUN(&err, "st\x01rt"), CMD_USAGE);
	assert_non_null(strstr(err.msg, "st\\x01rt"));
	assert_int_equal(RUN(&err, "start"), CMD_USAGE);
	assert_non_null(strstr(err.msg, "start: too few arguments (usage: start NAME...)"));
	assert_int_equal(RUN(&err, "get", "a", "b", "c"), CMD_USAGE);
	assert_non_null(strstr(err.msg, "too many arguments (usage: get NAME ATTR)"));
	assert_int_equal(RUN(&err, "set", "a", "b"), CMD_USAGE);
	assert_int_equal(RUN(&err, "list", "extra"), CMD_USAGE);
	/* --json does not count as an argument; after -- it is one. */
	assert_int_equal(RUN(&err, "help", "--json", "list"), CMD_OK);
	assert_int_equal(RUN(&err, "help", "list", "--", "--json"), CMD_USAGE);
	/* enter needs a terminal; this context has none. */
	assert_int_equal(RUN(&err, "enter", "web"), CMD_FAIL);
	assert_non_null(strstr(err.msg, "needs a terminal"));
	assert_int_equal(RUN(&err, "help"), CMD_OK);
	for (size_t i = 0; vsm_commands[i]; i++)
		assert_non_null(strstr(outbuf, vsm_commands[i]->usage));
	assert_int_equal(RUN(&err, "help", "set"), CMD_OK);
	assert_non_null(strstr(outbuf, "usage: set NAME ATTR VALUE"));
}

static void expect_rel(const char *name, const char *rel, enum attr_conv conv)
{
	struct attr_ref ref;
	struct vsm_error err = { 0 };
	if (attr_ref_resolve(name, &ref, &err) < 0)
		fail_msg("%s: %s", name, err.msg);
	assert_string_equal(ref.rel, rel);
	assert_non_null(ref.a);
	assert_int_equal(ref.conv, conv);
}

static void test_attr_names(void **state)
{
	expect_rel("uts.nodename", "uts/nodename", ATTR_CONV_NONE);
	expect_rel("init.style", "apps/init/style", ATTR_CONV_NONE);
	expect_rel("apps.init.style", "apps/init/style", ATTR_CONV_NONE);
	expect_rel("apps.init.cmd.start", "apps/init/cmd.start", ATTR_CONV_NONE);
	expect_rel("interfaces.00.ip", "interfaces/00/ip", ATTR_CONV_NONE);
	expect_rel("interfaces.dev", "interfaces/dev", ATTR_CONV_NONE);
	expect_rel("rlimits.nproc.hard", "rlimits/nproc.hard", ATTR_CONV_NONE);
	expect_rel("spaces.user.range", "spaces/user.range", ATTR_CONV_NONE);
	expect_rel("spaces.net", "spaces/net", ATTR_CONV_NONE);
	expect_rel("memory.max", "cgroup/memory_max", ATTR_CONV_NONE);
	expect_rel("memory.limit_in_bytes", "cgroup/memory_max", ATTR_CONV_NONE);
	expect_rel("cpu.shares", "cgroup/cpu_weight", ATTR_CONV_SHARES);
	expect_rel("cpu.max", "cgroup/cpu_quota", ATTR_CONV_CPU_MAX);
	expect_rel("cgroup.memory.swappiness", "cgroup/memory.swappiness", ATTR_CONV_NONE);
	struct attr_ref ref;
	struct vsm_error err = { 0 };
	assert_int_equal(attr_ref_resolve("no.such.thing", &ref, &err), -ENOENT);
	assert_non_null(strstr(err.msg, "unknown attribute 'no.such.thing'"));
	assert_int_equal(attr_ref_resolve("interfaces....ip", &ref, &err), -ENOENT);
}

static void file_expect(const char *rel, const char *text)
{
	char path[PATH_MAX * 2], *got = NULL;
	snprintf(path, sizeof(path), "%s/%s", vsm_paths()->confdir, rel);
	int r = fs_read_file_at(AT_FDCWD, path, 4096, &got, NULL, NULL);
	if (!text) {
		assert_int_equal(r, -ENOENT);
		return;
	}
	assert_int_equal(r, 0);
	assert_string_equal(got, text);
	free(got);
}

static void test_set_get(void **state)
{
	struct vsm_error err;
	assert_int_equal(RUN(&err, "create", "g1"), CMD_OK);
	assert_int_equal(RUN(&err, "create", "g1"), CMD_FAIL);
	assert_int_equal(RUN(&err, "set", "g1", "uts.nodename", "www1"), CMD_OK);
	file_expect("g1/uts/nodename", "www1\n");
	assert_int_equal(RUN(&err, "get", "g1", "uts.nodename"), CMD_OK);
	assert_string_equal(outbuf, "www1\n");
	assert_int_equal(RUN(&err, "set", "g1", "memory.max", "512M"), CMD_OK);
	file_expect("g1/cgroup/memory_max", "512M\n");
	assert_int_equal(RUN(&err, "set", "g1", "cpu.shares", "2048"), CMD_OK);
	file_expect("g1/cgroup/cpu_weight", "200\n");
	assert_int_equal(RUN(&err, "set", "g1", "bcapabilities", "NET_RAW,SYS_TIME"), CMD_OK);
	file_expect("g1/bcapabilities", "NET_RAW\nSYS_TIME\n");
	assert_int_equal(RUN(&err, "set", "g1", "disabled", "on"), CMD_OK);
	file_expect("g1/disabled", "");
	assert_int_equal(RUN(&err, "get", "g1", "disabled"), CMD_OK);
	assert_string_equal(outbuf, "on\n");
	assert_int_equal(RUN(&err, "set", "g1", "disabled", "off"), CMD_OK);
	file_expect("g1/disabled", NULL);
	/* Bad values: an error from the config parser, nothing written. */
	assert_int_equal(RUN(&err, "set", "g1", "nice", "99"), CMD_FAIL);
	assert_true(err.msg[0] != '\0');
	file_expect("g1/nice", NULL);
	assert_int_equal(RUN(&err, "set", "g1", "uts.nodename", "bad name!"), CMD_FAIL);
	file_expect("g1/uts/nodename", "www1\n");
	assert_int_equal(RUN(&err, "set", "g1", "bcapabilities", "NOT_A_CAP"), CMD_FAIL);
	file_expect("g1/bcapabilities", "NET_RAW\nSYS_TIME\n");
	assert_int_equal(RUN(&err, "set", "g1", "no.such", "x"), CMD_FAIL);
	assert_int_equal(RUN(&err, "set", "nosuch", "nice", "1"), CMD_FAIL);
	assert_non_null(strstr(err.msg, "nosuch: no such guest"));
	assert_int_equal(RUN(&err, "unset", "g1", "uts.nodename"), CMD_OK);
	file_expect("g1/uts/nodename", NULL);
	/* JSON mode. */
	assert_int_equal(RUN(&err, "get", "--json", "g1", "memory.max"), CMD_OK);
	assert_non_null(strstr(outbuf, "\"kind\":\"attribute\""));
	assert_non_null(strstr(outbuf, "\"value\":\"512M\""));
	assert_int_equal(RUN(&err, "export", "g1"), CMD_OK);
	assert_non_null(strstr(outbuf, "create g1\n"));
	assert_non_null(strstr(outbuf, "set g1 bcapabilities 'NET_RAW\nSYS_TIME'\n"));
	assert_non_null(strstr(outbuf, "set g1 cgroup.memory_max 512M\n"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_entries),
		cmocka_unit_test(test_dispatch_errors),
		cmocka_unit_test(test_attr_names),
		cmocka_unit_test_setup_teardown(test_set_get, fx_setup, fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
