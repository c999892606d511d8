/* vattribute's operations on a guest: read the four attribute sets of a running guest, and change
 * bounding capabilities, context capabilities and context flags in its config (and live where the
 * kernel allows it). */
#ifndef VSM_ATTR_OPS_H
#define VSM_ATTR_OPS_H

#include <stdbool.h>
#include <stdint.h>
#include "backend/config.h"
#include "backend/error.h"

struct attr_state {
	uint64_t bcaps;		/* CapBnd of the guest's init (/proc/PID/status) */
	uint64_t ccaps;		/* attr_ccap_bits: the secure default plus ccapabilities */
	uint64_t cflags;	/* attr_cflag_bits: the flags in effect (config_effective) */
	uint64_t umask;		/* attr_space_bits: namespaces the guest shares with the host */
};

/* Read the state of running guest NAME. -ESRCH when it does not run. */
int attr_get(const char *name, struct attr_state *st, struct vsm_error *err);

struct attr_change {
	uint64_t bval, bmask, cval, cmask, fval, fmask;	/* from attr_list_parse */
	bool secure;	/* util-vserver's --secure: safe bcaps, safe ccaps, hide_netif */
};

/* Apply CH to guest NAME's config (written atomically) and say through NOTE what takes effect
 * when: processes that already run keep their bounding set (a process can only drop its own
 * bounding capabilities), new entries (vserver exec, vcontext --migrate) get the new one at once,
 * sched_pause freezes or thaws a running guest at once, and the rest applies at the next start.
 * Flags and ccaps that mainline cannot honour fail with the config module's reason. */
int attr_set(const char *name, const struct attr_change *ch, config_warn_fn note, void *note_ctx,
	     struct vsm_error *err);

/* Apply CH to a loaded config only (no I/O; for tests and the console). */
int attr_change_config(struct guest_config *cfg, const struct attr_change *ch,
		       struct vsm_error *err);

#endif
