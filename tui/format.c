/* Short human-readable figures that fit the console's narrow columns. */
#include <stdio.h>
#include "tui/console.h"

void format_bytes(char *buf, size_t len, uint64_t bytes)
{
	static const char units[] = "BKMGTPE";
	if (bytes == SNAP_NONE) {
		snprintf(buf, len, "-");
		return;
	}
	double v = (double)bytes;
	int u = 0;
	while (v >= 1000.0 && u < 6) {
		v /= 1024.0;
		u++;
	}
	if (u > 0 && v < 10.0)
		snprintf(buf, len, "%.1f%c", v, units[u]);
	else
		snprintf(buf, len, "%.0f%c", v, units[u]);
}

void format_duration(char *buf, size_t len, uint64_t ms)
{
	uint64_t s = ms / 1000, m = s / 60, h = m / 60, d = h / 24;
	if (d > 0)
		snprintf(buf, len, "%llud%02lluh", (unsigned long long)d, (unsigned long long)(h % 24));
	else if (h > 0)
		snprintf(buf, len, "%lluh%02llum", (unsigned long long)h, (unsigned long long)(m % 60));
	else
		snprintf(buf, len, "%llum%02llus", (unsigned long long)m, (unsigned long long)(s % 60));
}
