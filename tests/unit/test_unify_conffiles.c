/* Proves the dpkg status parser finds every conffile path (blanks in paths, obsolete and
 * remove-on-upgrade flags, newconffile) and nothing from other fields or malformed lines. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "backend/unify_conffiles.h"

struct seen {
	char paths[16][256];
	int n;
};

static int collect(const char *path, void *user)
{
	struct seen *s = user;
	if (s->n < 16)
		strcpy(s->paths[s->n], path);
	s->n++;
	return 0;
}

static const char status[] =
	"Package: base-files\n"
	"Status: install ok installed\n"
	"Conffiles:\n"
	" /etc/debian_version 0123456789abcdef0123456789abcdef\n"
	" /etc/host.conf 89408008f2585c957c031716600d5a80\n"
	"Description: Debian base system miscellaneous files\n"
	" /etc/not-a-conffile 0123456789abcdef0123456789abcdef\n"
	"\n"
	"Package: cron\n"
	"Conffiles:\n"
	" /etc/cron.d/e2scrub all 0123456789abcdef0123456789abcdef\n"
	" /etc/init.d/cron 0123456789abcdef0123456789abcdef obsolete\n"
	" /etc/x.conf 0123456789abcdef0123456789abcdef remove-on-upgrade\n"
	" /etc/new.conf newconffile\n"
	" /etc/broken notahash\n"
	" relative/path 0123456789abcdef0123456789abcdef\n"
	"Version: 3.0\n"
	"\r\n"
	"Package: last\n"
	"conffiles:\n"
	" /etc/last 0123456789abcdef0123456789abcdef";

static void test_all_conffiles_found(void **state)
{
	struct seen s = {0};
	assert_int_equal(unify_conffiles_parse(status, strlen(status), collect, &s), 7);
	assert_string_equal(s.paths[0], "/etc/debian_version");
	assert_string_equal(s.paths[1], "/etc/host.conf");
	assert_string_equal(s.paths[2], "/etc/cron.d/e2scrub all");
	assert_string_equal(s.paths[3], "/etc/init.d/cron");
	assert_string_equal(s.paths[4], "/etc/x.conf");
	assert_string_equal(s.paths[5], "/etc/new.conf");
	assert_string_equal(s.paths[6], "/etc/last");
}

static void test_empty_and_no_conffiles(void **state)
{
	struct seen s = {0};
	assert_int_equal(unify_conffiles_parse("", 0, collect, &s), 0);
	const char *t = "Package: a\nStatus: install ok installed\n\nPackage: b\n";
	assert_int_equal(unify_conffiles_parse(t, strlen(t), collect, &s), 0);
	assert_int_equal(s.n, 0);
}

static int stop_at_two(const char *path, void *user)
{
	int *n = user;
	return ++*n == 2 ? -ECANCELED : 0;
}

static void test_callback_stops(void **state)
{
	int n = 0;
	assert_int_equal(unify_conffiles_parse(status, strlen(status), stop_at_two, &n), -ECANCELED);
	assert_int_equal(n, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_all_conffiles_found),
		cmocka_unit_test(test_empty_and_no_conffiles),
		cmocka_unit_test(test_callback_stops),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
