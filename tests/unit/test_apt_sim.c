/* Proves vapt-get finds the packages an apt-get simulation would install, upgrade, reinstall or
 * remove, and nothing from the other lines apt prints. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "backend/apt_unshare.h"

static int collect(const char *pkg, void *user)
{
	char *buf = user;
	strcat(buf, pkg);
	strcat(buf, " ");
	return 0;
}

static void test_sim_output(void **state)
{
	const char *t =
		"NOTE: This is only a simulation!\n"
		"Reading package lists...\n"
		"The following packages will be REINSTALLED:\n"
		"  hello\n"
		"0 upgraded, 0 newly installed, 1 reinstalled, 0 to remove and 0 not upgraded.\n"
		"Inst hello [2.10-3] (2.10-3 Debian:12.5/stable [amd64])\n"
		"Inst libc6 [2.36-9] (2.36-9+deb12u4 Debian-Security:12/stable-security [amd64])\n"
		"Inst libfoo:i386 (1.0 Debian:12/stable [i386])\n"
		"Remv nano [7.2-1]\n"
		"Purg vim-tiny [2:9.0.1378-2]\n"
		"Conf hello (2.10-3 Debian:12.5/stable [amd64])\n"
		"Inst Evil/../../x (1)\n"
		"Inst\n";
	char buf[512] = "";
	assert_int_equal(apt_sim_parse(t, strlen(t), collect, buf), 5);
	assert_string_equal(buf, "hello libc6 libfoo:i386 nano vim-tiny ");
}

static void test_nothing_to_do(void **state)
{
	const char *t = "Reading package lists...\n0 upgraded, 0 newly installed.\n";
	char buf[64] = "";
	assert_int_equal(apt_sim_parse(t, strlen(t), collect, buf), 0);
	assert_int_equal(apt_sim_parse("", 0, collect, buf), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sim_output),
		cmocka_unit_test(test_nothing_to_do),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
