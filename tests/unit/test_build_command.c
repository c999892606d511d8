/* Proves the wizard's summary line (build_command_format) is the DESIGN build syntax, with the
 * words the shell would split or expand quoted, and reports the length a truncated buffer lacks. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "backend/build_command.h"

static void test_debootstrap_line(void **state)
{
	char *margv[] = { "-d", "bookworm", "-m", "http://deb.debian.org/debian", "--",
			  "--include=sysvinit-core,cron", NULL };
	struct build_opts o = { .name = "db", .method = "debootstrap", .hostname = "db.example",
				.context = 40001, .margc = 6, .margv = margv };
	o.n_ifaces = 1;
	strcpy(o.ifaces[0].dev, "eth0");
	strcpy(o.ifaces[0].ip, "10.0.0.5");
	o.ifaces[0].prefix = 24;
	char buf[512];
	build_command_format(&o, buf, sizeof(buf));
	assert_string_equal(buf, "vserver db build -m debootstrap --hostname db.example --context "
			    "40001 --interface eth0:10.0.0.5/24 -- -d bookworm -m "
			    "http://deb.debian.org/debian -- --include=sysvinit-core,cron");
}

static void test_quoting_and_truncation(void **state)
{
	char *margv[] = { "-t", "/srv/my images/it's.tar", NULL };
	struct build_opts o = { .name = "t1", .method = "template", .margc = 2, .margv = margv,
				.initstyle = "plain", .flags = "no_new_privs,virt_uptime" };
	char buf[256];
	size_t n = build_command_format(&o, buf, sizeof(buf));
	assert_string_equal(buf, "vserver t1 build -m template --flags no_new_privs,virt_uptime "
			    "--initstyle plain -- -t '/srv/my images/it'\\''s.tar'");
	assert_int_equal(n, strlen(buf));
	char small[10];
	assert_int_equal(build_command_format(&o, small, sizeof(small)), n);
	assert_string_equal(small, "vserver t");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_debootstrap_line),
		cmocka_unit_test(test_quoting_and_truncation),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
