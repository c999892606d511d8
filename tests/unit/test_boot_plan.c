/* Proves start-vservers' plan: which guests count (vdir, not disabled), mark matching with
 * negation, dependencies pulled in and started first, failures propagated along a chain, the
 * reverse order for a stop, and a cycle broken rather than stuck. */
#include "config_fixture.h"

#include "backend/boot_plan.h"

static void guest(const char *name, const char *marks, const char *deps)
{
	char rel[128], path[PATH_MAX + 64];
	fx_mkguest(name);
	snprintf(path, sizeof(path), "%s/%s/vdir", vsm_paths()->confdir, name);
	assert_int_equal(symlink("/nonexistent", path), 0);
	if (marks) {
		snprintf(rel, sizeof(rel), "%s/apps/init/mark", name);
		fx_put(rel, marks);
	}
	if (deps) {
		snprintf(rel, sizeof(rel), "%s/apps/init/depends", name);
		fx_put(rel, deps);
	}
}

static void test_marks_and_usable(void **state)
{
	guest("a", "web\ndefault\n", NULL);
	guest("b", "# comment\n  web  \n", NULL);
	guest("c", NULL, NULL);
	fx_mkguest("novdir");
	guest("off", "web\n", NULL);
	fx_put("off/disabled", "");
	struct boot_plan p;
	struct vsm_error err = {0};
	assert_int_equal(boot_plan_load(&p, false, &err), 0);
	assert_int_equal(p.n, 3);
	assert_null(boot_plan_find(&p, "novdir"));
	assert_null(boot_plan_find(&p, "off"));
	struct boot_guest *a = boot_plan_find(&p, "a"), *b = boot_plan_find(&p, "b"),
			  *c = boot_plan_find(&p, "c");
	assert_true(boot_marks_match(a, "web"));
	assert_true(boot_marks_match(b, "web"));
	assert_true(boot_marks_match(a, "web,default"));
	assert_false(boot_marks_match(b, "web,default"));
	assert_true(boot_marks_match(b, "web,!default"));
	assert_true(boot_marks_match(c, "~web"));
	assert_false(boot_marks_match(c, "we"));
	assert_false(boot_is_marked(c));
	boot_plan_free(&p);
}

static void test_start_order_and_failure(void **state)
{
	guest("a", NULL, "b\n");
	guest("b", NULL, "c\n");
	guest("c", NULL, NULL);
	guest("d", NULL, NULL);
	struct boot_plan p;
	struct vsm_error err = {0};
	assert_int_equal(boot_plan_load(&p, false, &err), 0);
	boot_plan_find(&p, "a")->selected = true;
	assert_int_equal(boot_plan_add_deps(&p, &err), 0);
	assert_true(boot_plan_find(&p, "c")->selected);
	assert_false(boot_plan_find(&p, "d")->selected);
	struct boot_guest *g = boot_plan_next(&p);
	assert_string_equal(g->name, "c");
	g->state = BOOT_ACTIVE;
	assert_null(boot_plan_next(&p));
	g->state = BOOT_FAILED;
	/* b and a are not attempted: the failure runs along the chain in one call. */
	assert_null(boot_plan_next(&p));
	assert_int_equal(boot_plan_find(&p, "a")->state, BOOT_FAILED);
	assert_non_null(strstr(boot_plan_find(&p, "b")->why, "dependency c failed"));
	assert_true(boot_plan_finished(&p));
	boot_plan_free(&p);
}

static void test_stop_order_and_cycle(void **state)
{
	guest("a", NULL, "b\n");
	guest("b", NULL, NULL);
	guest("x", NULL, "y\n");
	guest("y", NULL, "x\n");
	struct boot_plan p;
	struct vsm_error err = {0};
	assert_int_equal(boot_plan_load(&p, true, &err), 0);
	boot_plan_find(&p, "a")->selected = boot_plan_find(&p, "b")->selected = true;
	struct boot_guest *g = boot_plan_next(&p);
	assert_string_equal(g->name, "a"); /* the dependent stops first */
	g->state = BOOT_OK;
	assert_string_equal(boot_plan_next(&p)->name, "b");
	boot_plan_next(&p)->state = BOOT_OK;
	boot_plan_find(&p, "x")->selected = boot_plan_find(&p, "y")->selected = true;
	assert_null(boot_plan_next(&p));
	g = boot_plan_break_cycle(&p);
	assert_non_null(g);
	g->state = BOOT_OK;
	assert_non_null(boot_plan_next(&p));
	boot_plan_free(&p);
	/* A dependency that names no guest is an error on a start. */
	guest("z", NULL, "nosuch\n");
	assert_int_equal(boot_plan_load(&p, false, &err), 0);
	boot_plan_find(&p, "z")->selected = true;
	assert_true(boot_plan_add_deps(&p, &err) < 0);
	assert_non_null(strstr(err.msg, "nosuch"));
	boot_plan_free(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_marks_and_usable, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_start_order_and_failure, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_stop_order_and_cycle, fx_setup, fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
