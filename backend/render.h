/* vserver-stat's fixed-width rendering of sizes, times and rows (util-vserver's layout, with its
 * digit-truncation faults fixed: see doc/monitoring.md). */
#ifndef VSM_RENDER_H
#define VSM_RENDER_H

#include <stddef.h>
#include <stdint.h>

#define RENDER_SIZE_WIDTH 7   /* VSZ and RSS columns */
#define RENDER_TIME_WIDTH 9   /* userTIME, sysTIME, UPTIME columns (plus one blank) */
#define RENDER_NAME_MAX 20    /* NAME column */

/* The header line, without newline. */
extern const char render_stat_header[];

/* BYTES as util-vserver showed them: divided by 1024 until below 1000, suffix ' ', K, M, G, T or +,
 * one truncated decimal when it is not 0, at most 9999 ("4.5K", "999 ", "150M"). BUF gets the bare
 * text (no padding); returns its length. LEN must be at least 8. */
size_t render_size(uint64_t bytes, char *buf, size_t len);

/* MS milliseconds as "<m>m<ss>s<cc>", "<h>h<mm>m<ss>", "<d>d<hh>h<mm>", "<y>y<ddd>d<hh>" or (from 100
 * years) "<y>y<ddd>d"; "INVALID" above 999*999 days. Never wider than 9. LEN at least 10. */
size_t render_time(uint64_t ms, char *buf, size_t len);

/* One vserver-stat row: CTX, PROC, VSZ, RSS, userTIME, sysTIME, UPTIME, NAME at util-vserver's
 * columns. LINE must hold at least 80 bytes; returns the length (no newline). */
struct render_stat_row {
	uint32_t ctx;
	uint64_t nprocs;
	uint64_t vsz_bytes;
	uint64_t rss_bytes;
	uint64_t user_ms, sys_ms, uptime_ms;
	const char *name;
};
size_t render_stat_line(const struct render_stat_row *row, char *line, size_t len);

#endif
