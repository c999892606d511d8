/* Columns and widget callbacks of the guest table and the process pane. */
#ifndef VSM_TUI_TABLES_H
#define VSM_TUI_TABLES_H

#include "tui/console.h"

enum { GC_NAME, GC_CTX, GC_STATE, GC_PROCS, GC_CPU, GC_MEM, GC_UPTIME, GC_IPS, GC_N };
enum { PC_PID, PC_GPID, PC_GUEST, PC_USER, PC_STATE, PC_CPU, PC_RSS, PC_CMD, PC_N };

extern const struct table_column guest_cols[GC_N];
extern const struct table_column proc_cols[PC_N];
extern const struct table_ops guest_ops;	/* rows: snapshot guests */
extern const struct table_ops proc_ops;		/* rows: console.rows */

/* A guest's row id: a hash of its name, so the selection survives guests coming and going. */
long tables_name_id(const char *name);

/* proc_tree.c: put the processes SEL[0..N) (indices into the snapshot, in pid order) into
 * c->rows in tree order with their prefixes; sets c->nrows. */
void proc_tree_order(struct console *c, const size_t *sel, size_t n);

#endif
