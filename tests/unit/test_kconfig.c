/* Proves the kernel config reader on gzip and plain files (=y, =m, "is not set", absent, values
 * that are not tristates) and that a missing file is -ENOENT with a message. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "kernel/kconfig.h"

static const char text[] = "#\n# Automatically generated file\n#\nCONFIG_PID_NS=y\nCONFIG_VETH=m\n"
			   "# CONFIG_IPVLAN is not set\nCONFIG_LOCALVERSION=\"-vsm\"\nCONFIG_NR_CPUS=64\n"
			   "CONFIG_PID_NS_EXTRA=y\n";

static void check(const struct kconfig *kc)
{
	assert_int_equal(kconfig_value(kc, "CONFIG_PID_NS"), 'y');
	assert_int_equal(kconfig_value(kc, "CONFIG_VETH"), 'm');
	assert_int_equal(kconfig_value(kc, "CONFIG_IPVLAN"), 0);
	assert_int_equal(kconfig_value(kc, "CONFIG_QFMT_V2"), 0);
	assert_int_equal(kconfig_value(kc, "CONFIG_LOCALVERSION"), 0);
	assert_int_equal(kconfig_value(kc, "CONFIG_NR_CPUS"), 0);
	assert_int_equal(kconfig_value(kc, "CONFIG_PID"), 0); /* a prefix of another option */
}

static void test_plain_and_gzip(void **state)
{
	char plain[] = "/tmp/vsm-kconfig.XXXXXX";
	int fd = mkstemp(plain);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, sizeof(text) - 1), (ssize_t)sizeof(text) - 1);
	close(fd);
	struct kconfig kc;
	assert_int_equal(kconfig_load(&kc, plain, NULL), 0);
	assert_string_equal(kc.source, plain);
	check(&kc);
	kconfig_free(&kc);

	char gz[64];
	snprintf(gz, sizeof(gz), "%s.gz", plain);
	gzFile g = gzopen(gz, "wb");
	assert_non_null(g);
	assert_int_equal(gzwrite(g, text, sizeof(text) - 1), (int)sizeof(text) - 1);
	gzclose(g);
	assert_int_equal(kconfig_load(&kc, gz, NULL), 0);
	check(&kc);
	kconfig_free(&kc);
	unlink(plain);
	unlink(gz);
}

static void test_missing(void **state)
{
	struct kconfig kc;
	struct vsm_error err = {0};
	assert_int_equal(kconfig_load(&kc, "/nonexistent/vsm/config.gz", &err), -ENOENT);
	assert_non_null(strstr(err.msg, "/nonexistent/vsm/config.gz"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_and_gzip),
		cmocka_unit_test(test_missing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
