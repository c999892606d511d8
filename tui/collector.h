/* Collection off the input path: a thread refreshes the monitor at the console's interval and
 * hands each new snapshot over as a private copy, so a slow scan (thousands of processes, a busy
 * host) never makes keys lag. */
#ifndef VSM_TUI_COLLECTOR_H
#define VSM_TUI_COLLECTOR_H

#include <stdbool.h>
#include "backend/snapshot.h"

struct collector;

/* Start the thread; the first refresh begins at once. Returns 0 or -errno (ERR filled). */
int collector_start(struct collector **col, unsigned flags, unsigned interval_ms,
		    struct vsm_error *err);
/* Readable when a new snapshot is waiting (for poll()). */
int collector_fd(const struct collector *col);
/* Take the newest snapshot into DST (replacing what DST held). Returns 1 when there was a new
 * one, 0 when not, -errno when the last refresh failed (ERR says why). */
int collector_take(struct collector *col, struct snapshot *dst, struct vsm_error *err);
/* Ask for a refresh now (after a start or stop), not at the next tick. */
void collector_poke(struct collector *col);
void collector_stop(struct collector *col);

/* Free what collector_take put into a snapshot copy. */
void snapshot_copy_free(struct snapshot *s);

#endif
