/* Proves guest listing, lookup by name or context id, and context id allocation (never a
 * duplicate, skips ids in use, advances .defaults/context.next, wraps, refuses when full). */
#include "config_fixture.h"

#include <sys/wait.h>

static void test_list_skips_non_guests(void **state)
{
	fx_mkguest("web");
	fx_mkguest("db");
	fx_mkguest("2nd");
	fx_mkguest(".defaults");
	fx_mkguest(".distributions");
	fx_mkguest(".web.build-1234");	/* a build temporary */
	fx_mkguest("old.~1700000000~");	/* moved aside by --force */
	fx_put("notadir", "x\n");
	char **names;
	size_t n;
	struct vsm_error err = {0};
	assert_int_equal(guest_list(&names, &n, &err), 0);
	assert_int_equal(n, 3);
	assert_string_equal(names[0], "2nd");
	assert_string_equal(names[1], "db");
	assert_string_equal(names[2], "web");
	guest_list_free(names, n);
	assert_true(guest_exists("web"));
	assert_false(guest_exists("notadir"));
	assert_false(guest_exists(".defaults"));
}

static void test_list_without_confdir(void **state)
{
	char **names;
	size_t n = 99;
	assert_int_equal(guest_list(&names, &n, NULL), 0);
	assert_int_equal(n, 0);
	guest_list_free(names, n);
}

static void test_lookup_by_name_and_context(void **state)
{
	fx_put("web/context", "42\n");
	fx_put("db/context", "7\n");
	fx_put("7/context", "100\n");	/* a guest named "7": the name wins */
	char name[GUEST_NAME_MAX + 1];
	struct vsm_error err = {0};
	assert_int_equal(guest_lookup("web", name, sizeof(name), &err), 0);
	assert_string_equal(name, "web");
	assert_int_equal(guest_lookup("42", name, sizeof(name), &err), 0);
	assert_string_equal(name, "web");
	assert_int_equal(guest_lookup("7", name, sizeof(name), &err), 0);
	assert_string_equal(name, "7");
	assert_int_equal(guest_lookup("100", name, sizeof(name), &err), 0);
	assert_string_equal(name, "7");
	assert_int_equal(guest_lookup("99", name, sizeof(name), &err), -ENOENT);
	assert_non_null(strstr(err.msg, "context 99"));
	assert_int_equal(guest_lookup("nosuch", name, sizeof(name), &err), -ENOENT);
	assert_non_null(strstr(err.msg, "nosuch"));
	assert_int_equal(guest_lookup("bad/name", name, sizeof(name), &err), -EINVAL);
	int ctx;
	assert_int_equal(guest_context_read("db", &ctx, &err), 0);
	assert_int_equal(ctx, 7);
}

static void test_context_next_skips_used(void **state)
{
	int ctx;
	struct vsm_error err = {0};
	/* Without context.next: util-vserver's context.start. */
	fx_put("a/context", "40000\n");
	assert_int_equal(config_context_next(&ctx, &err), 0);
	assert_int_equal(ctx, 40001);
	fx_put(".defaults/context.next", "2\n");
	fx_put("b/context", "2\n");
	fx_put("c/context", "3\n");
	fx_put("d/context", "5\n");
	assert_int_equal(config_context_next(&ctx, &err), 0);
	assert_int_equal(ctx, 4);
	fx_put("e/context", "4\n");
	assert_int_equal(config_context_next(&ctx, &err), 0);
	assert_int_equal(ctx, 6);
	/* context.next was advanced, even though 6 was never written to a guest */
	assert_int_equal(config_context_next(&ctx, &err), 0);
	assert_int_equal(ctx, 7);
	char path[PATH_MAX * 2];
	snprintf(path, sizeof(path), "%s/.defaults/context.next", vsm_paths()->confdir);
	char *text;
	assert_int_equal(fs_read_file_at(AT_FDCWD, path, 100, &text, NULL, NULL), 0);
	assert_string_equal(text, "8\n");
	free(text);
}

static void test_context_next_from_file_and_wrap(void **state)
{
	fx_put(".defaults/context.next", "49150\n");
	fx_put("x/context", "49151\n");
	fx_put("y/context", "2\n");
	int ctx;
	struct vsm_error err = {0};
	assert_int_equal(config_context_next(&ctx, &err), 0);
	assert_int_equal(ctx, 49150);
	assert_int_equal(config_context_next(&ctx, &err), 0);
	assert_int_equal(ctx, 3); /* 49151 used, wrap, 2 used */
}

static void test_context_next_bad_file(void **state)
{
	fx_put(".defaults/context.next", "1\n");
	int ctx;
	struct vsm_error err = {0};
	assert_int_equal(config_context_next(&ctx, &err), -EINVAL);
	assert_non_null(strstr(err.msg, "context.next:1:"));
	assert_non_null(strstr(err.msg, "2..49151"));
}

/* Concurrent allocators (separate processes) never get the same id. */
static void test_context_next_concurrent_unique(void **state)
{
	int fds[2];
	assert_int_equal(pipe(fds), 0);
	enum { KIDS = 4, EACH = 10 };
	for (int k = 0; k < KIDS; k++) {
		pid_t pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			for (int i = 0; i < EACH; i++) {
				int ctx = 0;
				config_context_next(&ctx, NULL);
				if (write(fds[1], &ctx, sizeof(ctx)) != sizeof(ctx))
					_exit(1);
			}
			_exit(0);
		}
	}
	close(fds[1]);
	unsigned char seen[CONTEXT_MAX + 1] = {0};
	int ctx, got = 0;
	while (read(fds[0], &ctx, sizeof(ctx)) == sizeof(ctx)) {
		assert_true(ctx >= CONTEXT_MIN && ctx <= CONTEXT_MAX);
		assert_false(seen[ctx]);
		seen[ctx] = 1;
		got++;
	}
	close(fds[0]);
	while (wait(NULL) > 0)
		;
	assert_int_equal(got, KIDS * EACH);
}

static void test_context_check(void **state)
{
	fx_put("web/context", "10\n");
	struct vsm_error err = {0};
	assert_int_equal(config_context_check(11, NULL, &err), 0);
	assert_int_equal(config_context_check(10, NULL, &err), -EEXIST);
	assert_non_null(strstr(err.msg, "web"));
	assert_int_equal(config_context_check(10, "web", &err), 0);
	assert_int_equal(config_context_check(1, NULL, &err), -ERANGE);
	assert_int_equal(config_context_check(49152, NULL, &err), -ERANGE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_list_skips_non_guests, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_list_without_confdir, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_lookup_by_name_and_context, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_context_next_skips_used, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_context_next_from_file_and_wrap, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_context_next_bad_file, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_context_next_concurrent_unique, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_context_check, fx_setup, fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
