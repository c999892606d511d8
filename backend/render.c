/* vserver-stat's size and time rendering. util-vserver printed every two-digit field as the value's
 * first two decimal digits, so the centiseconds showed milliseconds (37.050 s as "37s50") and a day
 * of the year above 99 lost its last digit; here each field holds the value it names. */
#include "backend/render.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

const char render_stat_header[] = "CTX   PROC    VSZ    RSS  userTIME   sysTIME    UPTIME NAME";

size_t render_size(uint64_t bytes, char *buf, size_t len)
{
	static const char suffixes[] = " KMGT+";
	uint64_t val = bytes;
	unsigned tenth = 0;
	size_t i = 0;

	/* Divide while the value has four digits; the last suffix takes whatever is left. */
	while (val >= 1000 && i < sizeof(suffixes) - 2) {
		tenth = (unsigned)(10 * (val & 1023) / 1024);
		val >>= 10;
		i++;
	}
	if (val > 9999)
		val = 9999;
	if (val >= 1000)
		tenth = 0;
	int n = tenth ? snprintf(buf, len, "%" PRIu64 ".%u%c", val, tenth, suffixes[i])
		      : snprintf(buf, len, "%" PRIu64 "%c", val, suffixes[i]);
	return n < 0 ? 0 : (size_t)n < len ? (size_t)n : len - 1;
}

size_t render_time(uint64_t ms, char *buf, size_t len)
{
	unsigned cs = (unsigned)(ms % 1000 / 10);
	uint64_t t = ms / 1000;
	unsigned ss = (unsigned)(t % 60);
	t /= 60;
	unsigned mm = (unsigned)(t % 60);
	t /= 60;
	unsigned hh = (unsigned)(t % 24);
	uint64_t days = t / 24;
	int n;

	if (days > 999 * 999)
		n = snprintf(buf, len, "INVALID");
	else if (days > 999 && days / 365 < 100)
		n = snprintf(buf, len, "%" PRIu64 "y%03ud%02u", days / 365, (unsigned)(days % 365), hh);
	else if (days > 999) /* 100 years and more: the hours would overflow the column */
		n = snprintf(buf, len, "%" PRIu64 "y%03ud", days / 365, (unsigned)(days % 365));
	else if (days > 0)
		n = snprintf(buf, len, "%" PRIu64 "d%02uh%02u", days, hh, mm);
	else if (hh > 0)
		n = snprintf(buf, len, "%uh%02um%02u", hh, mm, ss);
	else
		n = snprintf(buf, len, "%um%02us%02u", mm, ss, cs);
	return n < 0 ? 0 : (size_t)n < len ? (size_t)n : len - 1;
}

/* Copy TEXT right-aligned so that it ends just before column END. */
static void put_right(char *line, size_t end, const char *text, size_t n)
{
	memcpy(line + end - n, text, n);
}

size_t render_stat_line(const struct render_stat_row *row, char *line, size_t len)
{
	char tmp[32];
	size_t n;

	if (len < 80)
		return 0;
	memset(line, ' ', 80);
	n = (size_t)snprintf(tmp, sizeof(tmp), "%" PRIu32, row->ctx);
	memcpy(line, tmp, n);
	size_t ctx_end = n;
	n = (size_t)snprintf(tmp, sizeof(tmp), "%" PRIu64, row->nprocs);
	/* util-vserver let a 5-digit context run into a 5-digit count; keep one blank between them. */
	size_t proc_end = 10;
	if (proc_end < ctx_end + 1 + n)
		proc_end = ctx_end + 1 + n;
	size_t shift = proc_end - 10;
	put_right(line, proc_end, tmp, n);
	n = render_size(row->vsz_bytes, tmp, sizeof(tmp));
	put_right(line, shift + 17, tmp, n);
	n = render_size(row->rss_bytes, tmp, sizeof(tmp));
	put_right(line, shift + 24, tmp, n);
	n = render_time(row->user_ms, tmp, sizeof(tmp));
	put_right(line, shift + 33, tmp, n);
	n = render_time(row->sys_ms, tmp, sizeof(tmp));
	put_right(line, shift + 43, tmp, n);
	n = render_time(row->uptime_ms, tmp, sizeof(tmp));
	put_right(line, shift + 53, tmp, n);
	const char *name = row->name ? row->name : "";
	n = strnlen(name, RENDER_NAME_MAX);
	memcpy(line + shift + 55, name, n);
	n += shift + 55;
	line[n] = '\0';
	return n;
}
