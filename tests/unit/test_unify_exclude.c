/* Proves the vunify exclude-list matcher follows util-vserver's syntax: +/-/~ prefixes, first match
 * wins, unmatched paths inherit their directory's verdict, conffiles excluded exactly. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "backend/unify_exclude.h"

static struct unify_exclude parse(const char *text)
{
	struct unify_exclude x;
	struct vsm_error err = {0};
	unify_exclude_init(&x);
	assert_int_equal(unify_exclude_parse(&x, text, strlen(text), "test", &err), 0);
	return x;
}

static void test_prefixes_and_comments(void **state)
{
	struct unify_exclude x = parse("# comment\n\n+/etc/termcap  \n-/etc/*\n~/etc/shadow\n/var\n");
	assert_int_equal(x.n_rules, 4);
	assert_int_equal(unify_exclude_match(&x, "/etc/termcap"), UNIFY_INCLUDE);
	assert_int_equal(unify_exclude_match(&x, "/etc/passwd"), UNIFY_EXCLUDE);
	/* `/etc/ *` comes first, so the `~` line never decides /etc/shadow. */
	assert_int_equal(unify_exclude_match(&x, "/etc/shadow"), UNIFY_EXCLUDE);
	assert_int_equal(unify_exclude_match(&x, "/var"), UNIFY_EXCLUDE);
	assert_int_equal(unify_exclude_match(&x, "/var/lib"), UNIFY_NOMATCH);
	assert_int_equal(unify_exclude_match(&x, "/usr/bin/ls"), UNIFY_NOMATCH);
	unify_exclude_free(&x);
}

static void test_skip_prefix(void **state)
{
	struct unify_exclude x = parse("~/root/.ssh/id*\n");
	assert_int_equal(unify_exclude_match(&x, "/root/.ssh/id_rsa"), UNIFY_SKIP);
	assert_true(unify_exclude_is_excluded(&x, "/root/.ssh/id_rsa", false));
	assert_int_equal(unify_exclude_match(&x, "/root/.ssh/known_hosts"), UNIFY_NOMATCH);
	unify_exclude_free(&x);
}

static void test_star_crosses_slashes(void **state)
{
	/* No FNM_PATHNAME, as util-vserver: a star covers whole subtrees. */
	struct unify_exclude x = parse("/etc/*\n/*/ls-R\n");
	assert_int_equal(unify_exclude_match(&x, "/etc/ssh/sshd_config"), UNIFY_EXCLUDE);
	assert_int_equal(unify_exclude_match(&x, "/usr/share/texmf/ls-R"), UNIFY_EXCLUDE);
	assert_int_equal(unify_exclude_match(&x, "/etc"), UNIFY_NOMATCH);
	unify_exclude_free(&x);
}

static void test_inherits_directory_verdict(void **state)
{
	struct unify_exclude x = parse("+/var/lib/shared\n/var\n");
	/* The walk carries "excluded" down from /var. */
	bool var = unify_exclude_is_excluded(&x, "/var", false);
	assert_true(var);
	assert_true(unify_exclude_is_excluded(&x, "/var/lib", var));
	assert_true(unify_exclude_is_excluded(&x, "/var/lib/dpkg/status", true));
	assert_false(unify_exclude_is_excluded(&x, "/var/lib/shared", true));
	assert_false(unify_exclude_is_excluded(&x, "/usr/bin/ls", false));
	assert_true(x.has_includes);
	unify_exclude_free(&x);
}

static void test_first_match_wins(void **state)
{
	struct unify_exclude x = parse("/usr/bin/*\n+/usr/bin/ls\n");
	assert_int_equal(unify_exclude_match(&x, "/usr/bin/ls"), UNIFY_EXCLUDE);
	unify_exclude_free(&x);
	x = parse("+/usr/bin/ls\n/usr/bin/*\n");
	assert_int_equal(unify_exclude_match(&x, "/usr/bin/ls"), UNIFY_INCLUDE);
	unify_exclude_free(&x);
}

static void test_exact_entries_beat_patterns(void **state)
{
	struct unify_exclude x = parse("+/etc/*\n");
	assert_int_equal(unify_exclude_add_exact(&x, "/etc/default/[x]"), 0);
	assert_int_equal(unify_exclude_add_exact(&x, "/etc/a.conf"), 0);
	assert_int_equal(unify_exclude_match(&x, "/etc/a.conf"), UNIFY_EXCLUDE);
	/* Exact: brackets are not a pattern. */
	assert_int_equal(unify_exclude_match(&x, "/etc/default/[x]"), UNIFY_EXCLUDE);
	assert_int_equal(unify_exclude_match(&x, "/etc/default/x"), UNIFY_INCLUDE);
	assert_int_equal(unify_exclude_match(&x, "/etc/b.conf"), UNIFY_INCLUDE);
	unify_exclude_free(&x);
}

static void test_relative_pattern_refused(void **state)
{
	struct unify_exclude x;
	struct vsm_error err = {0};
	unify_exclude_init(&x);
	const char *t = "/ok\n+etc/passwd\n";
	assert_int_equal(unify_exclude_parse(&x, t, strlen(t), "list", &err), -EINVAL);
	assert_non_null(strstr(err.msg, "list:2"));
	unify_exclude_free(&x);
}

static void test_shipped_list_parses(void **state)
{
	/* scons runs the tests from the top of the tree; the build-tree lookup covers the rest. */
	if (access("share/vunify-exclude", R_OK) == 0)
		setenv("VSM_VUNIFY_EXCLUDE", "share/vunify-exclude", 1);
	struct unify_exclude x;
	struct vsm_error err = {0};
	unify_exclude_init(&x);
	assert_int_equal(unify_exclude_load(&x, NULL, NULL, NULL, 0, &err), 0);
	assert_true(unify_exclude_is_excluded(&x, "/etc/passwd", false));
	assert_false(unify_exclude_is_excluded(&x, "/etc/termcap", false));
	assert_false(unify_exclude_is_excluded(&x, "/usr/bin/ls", false));
	assert_true(unify_exclude_is_excluded(&x, "/var/lib/dpkg/status", true));
	unify_exclude_free(&x);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_prefixes_and_comments),
		cmocka_unit_test(test_skip_prefix),
		cmocka_unit_test(test_star_crosses_slashes),
		cmocka_unit_test(test_inherits_directory_verdict),
		cmocka_unit_test(test_first_match_wins),
		cmocka_unit_test(test_exact_entries_beat_patterns),
		cmocka_unit_test(test_relative_pattern_refused),
		cmocka_unit_test(test_shipped_list_parses),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
