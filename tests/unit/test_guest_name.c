/* Proves the guest name rules: the accepted character set and length, and a message that says
 * which rule a refused name breaks; and that the config API refuses such names everywhere. */
#include "config_fixture.h"

static void test_valid_names(void **state)
{
	static const char *const ok[] = {
		"web", "w", "7", "2nd", "db-1", "db_1", "a.b", "A.B-c_d",
		"abcdefghijklmnopqrstuvwxyz012345", /* 32 */
	};
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		struct vsm_error err = {0};
		if (guest_name_check(ok[i], &err) != 0)
			fail_msg("'%s' refused: %s", ok[i], err.msg);
	}
}

static void test_invalid_names(void **state)
{
	static const struct { const char *name, *why; } bad[] = {
		{ "", "empty" },
		{ "abcdefghijklmnopqrstuvwxyz0123456", "at most 32" },
		{ ".defaults", "start with a letter or digit" },
		{ "-x", "start with a letter or digit" },
		{ "_x", "start with a letter or digit" },
		{ "a/b", "character 2" },
		{ "a b", "character 2" },
		{ "web\n", "character 4" },
		{ "wéb", "character 2" },
		{ "a..b", "'..'" },
		{ "web.", "end in '.'" },
		{ "..", "start with a letter or digit" },
		{ "old.~17~", "character 5" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct vsm_error err = {0};
		assert_int_equal(guest_name_check(bad[i].name, &err), -EINVAL);
		if (!strstr(err.msg, bad[i].why))
			fail_msg("'%s': message '%s' lacks '%s'", bad[i].name, err.msg, bad[i].why);
		assert_false(guest_name_is_valid(bad[i].name));
	}
}

static void test_config_api_refuses_bad_names(void **state)
{
	struct guest_config c;
	struct vsm_error err = {0};
	assert_int_equal(guest_config_load("../../etc", &c, 0, fx_warn, NULL, &err), -EINVAL);
	assert_non_null(strstr(err.msg, "guest name"));
	guest_config_init(&c, "a..b");
	assert_int_equal(guest_config_save(&c, &err), -EINVAL);
	assert_false(guest_exists("../etc"));
	char name[64];
	assert_int_equal(guest_lookup("x/y", name, sizeof(name), &err), -EINVAL);
	/* A name in a list value is checked by the same rules. */
	fx_put("g/apps/init/depends", "ok\n-bad\n");
	fx_load_fails("g", "/g/apps/init/depends:2:", "start with a letter or digit", NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_names),
		cmocka_unit_test(test_invalid_names),
		cmocka_unit_test_setup_teardown(test_config_api_refuses_bad_names, fx_setup,
						fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
