/* Inserting vps's CONTEXT column into ps output. util-vserver searched the header for the first
 * "PID" substring, so `-o ppid,pid` put the column after PPID; here the word must be PID. */
#include "backend/ps_column.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

int ps_column_find(const char *header, size_t len, struct ps_column *col)
{
	size_t i = 0;
	int field = 0;
	while (i < len) {
		while (i < len && is_blank(header[i]))
			i++;
		if (i >= len || header[i] == '\n')
			break;
		size_t s = i;
		while (i < len && !is_blank(header[i]) && header[i] != '\n')
			i++;
		if (i - s == 3 && !memcmp(header + s, "PID", 3)) {
			col->field = field;
			col->pid_end = i + 1;
			return 0;
		}
		field++;
	}
	return -ENOENT;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Parse the digits ending just before END (exclusive), preceded by a blank or the line start. */
static int pid_before(const char *row, size_t end, pid_t *pid)
{
	size_t s = end;
	while (s > 0 && is_digit(row[s - 1]))
		s--;
	if (s == end || end - s > 10 || (s > 0 && !is_blank(row[s - 1])))
		return -EINVAL;
	long v = 0;
	for (size_t i = s; i < end; i++)
		v = v * 10 + (row[i] - '0');
	if (v <= 0 || v > 0x7fffffff)
		return -EINVAL;
	*pid = (pid_t)v;
	return 0;
}

int ps_column_row(const struct ps_column *col, const char *row, size_t len, pid_t *pid, size_t *at)
{
	size_t e = col->pid_end - 1; /* just past the header's "PID": right-aligned values end here */
	if (e <= len && is_digit(row[e - 1]) && (e == len || is_blank(row[e])) &&
	    pid_before(row, e, pid) == 0) {
		*at = e < len ? e + 1 : len;
		return 0;
	}
	/* Not aligned: count fields. */
	size_t i = 0;
	for (int f = 0; i < len; f++) {
		while (i < len && is_blank(row[i]))
			i++;
		size_t s = i;
		while (i < len && !is_blank(row[i]))
			i++;
		if (s == i)
			break;
		if (f == col->field) {
			if (pid_before(row, i, pid) < 0)
				return -EINVAL;
			*at = i < len ? i + 1 : len;
			return 0;
		}
	}
	return -EINVAL;
}

size_t ps_column_cell(uint32_t ctx, bool err, const char *name, char *buf, size_t len)
{
	int n = err ? snprintf(buf, len, "  ERR %s", name ? name : "")
		    : snprintf(buf, len, "%5u %s", (unsigned)ctx, name ? name : "");
	if (n < 0)
		return 0;
	size_t l = (size_t)n < len ? (size_t)n : len - 1;
	size_t want = l < PS_CONTEXT_WIDTH ? PS_CONTEXT_WIDTH : l + 1;
	while (l < want && l + 1 < len)
		buf[l++] = ' ';
	buf[l] = '\0';
	return l;
}

size_t ps_column_header_cell(char *buf, size_t len)
{
	int n = snprintf(buf, len, "%-*s", PS_CONTEXT_WIDTH, "CONTEXT");
	return n < 0 ? 0 : (size_t)n < len ? (size_t)n : len - 1;
}
