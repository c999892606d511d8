/* vps: where ps printed its PID column, and the CONTEXT cell util-vserver inserted after it. */
#ifndef VSM_PS_COLUMN_H
#define VSM_PS_COLUMN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define PS_CONTEXT_WIDTH 20  /* the CONTEXT column: 5-digit ctx, a blank, the name; padded */

struct ps_column {
	size_t pid_end;  /* offset in the header just past "PID" and the blank after it */
	int field;       /* index of the PID field among the header's blank-separated words */
};

/* Find the PID column in ps's HEADER (the word "PID" exactly, so PPID/TPGID do not match).
 * 0 or -ENOENT when the output has none. */
int ps_column_find(const char *header, size_t len, struct ps_column *col);

/* The pid on ROW and the offset where the CONTEXT cell goes: the header's offset when the row is
 * aligned with it, else just past the row's own PID field (a long value earlier in the row shifts
 * the rest). 0 or -EINVAL when the row has no pid there. */
int ps_column_row(const struct ps_column *col, const char *row, size_t len, pid_t *pid, size_t *at);

/* The cell for a row: ctx right-aligned in 5, a blank, NAME (may be ""), blank-padded to 20 or
 * followed by one blank when longer. ERR: "  ERR " in place of the number. Returns its length. */
size_t ps_column_cell(uint32_t ctx, bool err, const char *name, char *buf, size_t len);
/* The header cell: "CONTEXT" padded to 20. */
size_t ps_column_header_cell(char *buf, size_t len);

#endif
