/* Proves vps's CONTEXT insertion over real ps outputs (procps 4 on Debian 12: ax, -ef, axf, aux,
 * -eo, -o ppid,pid, -eLf), including rows shifted by a long user name and the PID-last case. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "backend/ps_column.h"

/* Insert the cell for (CTX, NAME) into ROW as vps does; returns the new line. */
static const char *insert(const char *header, const char *row, uint32_t ctx, const char *name)
{
	static char out[512];
	struct ps_column col;
	char cell[64];
	pid_t pid;
	size_t at;
	assert_int_equal(ps_column_find(header, strlen(header), &col), 0);
	if (ps_column_row(&col, row, strlen(row), &pid, &at) < 0)
		return NULL;
	size_t n = ps_column_cell(ctx, false, name, cell, sizeof(cell));
	snprintf(out, sizeof(out), "%.*s%.*s%s", (int)at, row, (int)n, cell, row + at);
	return out;
}

static pid_t row_pid(const char *header, const char *row)
{
	struct ps_column col;
	pid_t pid = -1;
	size_t at;
	assert_int_equal(ps_column_find(header, strlen(header), &col), 0);
	assert_int_equal(ps_column_row(&col, row, strlen(row), &pid, &at), 0);
	return pid;
}

static void test_ax(void **state)
{
	const char *h = "  PID TTY      STAT   TIME COMMAND";
	assert_string_equal(insert(h, "    2 ?        S      0:00 [kthreadd]", 0, "MAIN"),
			    "    2     0 MAIN          ?        S      0:00 [kthreadd]");
	assert_string_equal(insert(h, "25752 ?        S      0:00 sleep 1000", 4201, "vps1"),
			    "25752  4201 vps1          ?        S      0:00 sleep 1000");
	char hc[64];
	ps_column_header_cell(hc, sizeof(hc));
	assert_string_equal(hc, "CONTEXT             ");
}

static void test_ef_and_aux(void **state)
{
	const char *h = "UID        PID  PPID  C STIME TTY          TIME CMD";
	assert_int_equal(row_pid(h, "root         2     0  0 17:38 ?        00:00:00 [kthreadd]"), 2);
	assert_string_equal(insert(h, "root       123     1  0 17:38 ?        00:00:00 cron", 7, "web"),
			    "root       123     7 web               1  0 17:38 ?        00:00:00 cron");
	/* A user name longer than the column pushes the row right: found by field. */
	assert_int_equal(row_pid(h, "averylonguser   4567     1  0 17:38 ?        00:00:00 x"), 4567);
	const char *a = "USER       PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND";
	assert_int_equal(row_pid(a, "root         1  0.7  0.0  53128 14252 ?        S<Ll 17:38   0:06 /init"), 1);
}

static void test_forest_threads_custom(void **state)
{
	const char *f = "  PID TTY      STAT   TIME COMMAND";
	assert_int_equal(row_pid(f, "    3 ?        S      0:00  \\_ [pool_workqueue_release]"), 3);
	const char *l = "UID        PID  PPID   LWP  C NLWP STIME TTY          TIME CMD";
	assert_int_equal(row_pid(l, "root         1     0    61  0   18 17:38 ?        00:00:00 /init"), 1);
	/* PPID before PID: util-vserver's substring search picked PPID; the word match does not. */
	const char *o = " PPID   PID COMMAND";
	assert_string_equal(insert(o, "    0     2 kthreadd", 0, "MAIN"),
			    "    0     2     0 MAIN          kthreadd");
	/* PID last on the line. */
	const char *last = "COMMAND           PID";
	assert_int_equal(row_pid(last, "kthreadd            2"), 2);
}

static void test_no_pid_column(void **state)
{
	struct ps_column col;
	const char *h = "COMMAND";
	assert_int_equal(ps_column_find(h, strlen(h), &col), -ENOENT);
	h = " PPID TPGID COMMAND";
	assert_int_equal(ps_column_find(h, strlen(h), &col), -ENOENT);
	/* A row without a number where the pid should be. */
	h = "  PID TTY";
	assert_int_equal(ps_column_find(h, strlen(h), &col), 0);
	pid_t pid;
	size_t at;
	assert_int_equal(ps_column_row(&col, "  abc ?", 7, &pid, &at), -EINVAL);
}

static void test_cell(void **state)
{
	char c[64];
	assert_int_equal(ps_column_cell(0, false, "MAIN", c, sizeof(c)), 20);
	assert_string_equal(c, "    0 MAIN          ");
	assert_int_equal(ps_column_cell(49151, false, "a-name-of-twenty-chars", c, sizeof(c)), 29);
	assert_string_equal(c, "49151 a-name-of-twenty-chars ");
	ps_column_cell(0, true, "", c, sizeof(c));
	assert_string_equal(c, "  ERR               ");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ax),
		cmocka_unit_test(test_ef_and_aux),
		cmocka_unit_test(test_forest_threads_custom),
		cmocka_unit_test(test_no_pid_column),
		cmocka_unit_test(test_cell),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
