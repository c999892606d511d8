/* Proves vserver-stat's size and time renderers over their whole ranges, the digit fixes against
 * util-vserver (centiseconds, day of year), and the row layout. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "backend/render.h"

static const char *tm(uint64_t ms)
{
	static char buf[32];
	render_time(ms, buf, sizeof(buf));
	return buf;
}

static const char *sz(uint64_t b)
{
	static char buf[32];
	render_size(b, buf, sizeof(buf));
	return buf;
}

#define SEC 1000ULL
#define MIN (60 * SEC)
#define HOUR (60 * MIN)
#define DAY (24 * HOUR)

static void test_time_minutes(void **state)
{
	assert_string_equal(tm(0), "0m00s00");
	assert_string_equal(tm(9), "0m00s00");
	assert_string_equal(tm(10), "0m00s01");
	assert_string_equal(tm(37860), "0m37s86");
	assert_string_equal(tm(59 * MIN + 59 * SEC + 999), "59m59s99");
}

/* util-vserver printed the milliseconds cut to two digits: 37.005 s as 0m37s05, 37.050 s as 0m37s50. */
static void test_time_centiseconds_fixed(void **state)
{
	assert_string_equal(tm(37005), "0m37s00");
	assert_string_equal(tm(37050), "0m37s05");
	assert_string_equal(tm(37500), "0m37s50");
	assert_string_equal(tm(37099), "0m37s09");
}

static void test_time_hours_days(void **state)
{
	assert_string_equal(tm(HOUR), "1h00m00");
	assert_string_equal(tm(5 * HOUR + MIN + SEC), "5h01m01");
	assert_string_equal(tm(23 * HOUR + 59 * MIN + 59 * SEC + 999), "23h59m59");
	assert_string_equal(tm(DAY), "1d00h00");
	assert_string_equal(tm(3 * DAY + 4 * HOUR), "3d04h00");
	assert_string_equal(tm(999 * DAY + 23 * HOUR + 59 * MIN), "999d23h59");
}

/* util-vserver printed a day of the year above 99 cut to two digits (105 as "10"). */
static void test_time_years_fixed(void **state)
{
	assert_string_equal(tm(1000 * DAY), "2y270d00");
	assert_string_equal(tm((3 * 365 + 105) * DAY + 7 * HOUR), "3y105d07");
	assert_string_equal(tm((3 * 365 + 5) * DAY), "3y005d00");
	assert_string_equal(tm((99 * 365 + 364) * DAY + 23 * HOUR), "99y364d23");
	assert_string_equal(tm(100 * 365 * DAY), "100y000d");
	assert_string_equal(tm(999ULL * 999 * DAY), "2734y091d");
	assert_string_equal(tm(999ULL * 999 * DAY + DAY), "INVALID");
	assert_string_equal(tm(UINT64_MAX), "INVALID");
}

static void test_time_never_wider_than_column(void **state)
{
	for (uint64_t v = 1; v < UINT64_MAX / 3; v = v * 3 + 7)
		assert_true(strlen(tm(v)) <= RENDER_TIME_WIDTH);
	for (uint64_t d = 0; d < 1200000; d += 997)
		assert_true(strlen(tm(d * DAY + 23 * HOUR + 59 * MIN)) <= RENDER_TIME_WIDTH);
}

static void test_size(void **state)
{
	assert_string_equal(sz(0), "0 ");
	assert_string_equal(sz(999), "999 ");
	assert_string_equal(sz(1000), "0.9K");
	assert_string_equal(sz(1024), "1K");
	assert_string_equal(sz(4700), "4.5K");
	assert_string_equal(sz(150ULL << 20), "150M");
	assert_string_equal(sz(5ULL << 29), "2.5G");
	assert_string_equal(sz(999ULL << 40), "999T");
	assert_string_equal(sz(1000ULL << 40), "0.9+");
	assert_string_equal(sz(UINT64_MAX), "9999+");
	for (uint64_t v = 1; v < UINT64_MAX / 3; v = v * 3 + 1)
		assert_true(strlen(sz(v)) <= RENDER_SIZE_WIDTH);
}

static void test_row_layout(void **state)
{
	char line[128];
	struct render_stat_row r = { .ctx = 0, .nprocs = 94, .vsz_bytes = 412ULL << 20,
				     .rss_bytes = 60ULL << 20, .user_ms = 37860, .sys_ms = 12340,
				     .uptime_ms = 3 * DAY + 4 * HOUR, .name = "root server" };
	render_stat_line(&r, line, sizeof(line));
	assert_string_equal(line, "0       94   412M    60M  0m37s86   0m12s34   3d04h00  root server");
	r = (struct render_stat_row){ .ctx = 40001, .nprocs = 12, .vsz_bytes = 98ULL << 20,
				      .rss_bytes = 21ULL << 20, .user_ms = 1230, .sys_ms = 980,
				      .uptime_ms = 5 * HOUR + MIN + SEC, .name = "web1" };
	render_stat_line(&r, line, sizeof(line));
	assert_string_equal(line, "40001   12    98M    21M  0m01s23   0m00s98   5h01m01  web1");
	/* Names are cut at 20 characters, as before. */
	r.name = "a-very-long-guest-name-indeed";
	render_stat_line(&r, line, sizeof(line));
	assert_string_equal(line + 55, "a-very-long-guest-na");
	/* A 5-digit context and a 5-digit count keep a blank between them (util-vserver merged them). */
	r.nprocs = 12345;
	render_stat_line(&r, line, sizeof(line));
	assert_memory_equal(line, "40001 12345", 11);
	assert_string_equal(render_stat_header, "CTX   PROC    VSZ    RSS  userTIME   sysTIME    UPTIME NAME");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_time_minutes),
		cmocka_unit_test(test_time_centiseconds_fixed),
		cmocka_unit_test(test_time_hours_days),
		cmocka_unit_test(test_time_years_fixed),
		cmocka_unit_test(test_time_never_wider_than_column),
		cmocka_unit_test(test_size),
		cmocka_unit_test(test_row_layout),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
