/* Building guests: `vserver NAME build -m METHOD [options] -- [method args]`.
 * The CLI, the console's command mode and the wizard all fill struct build_opts and call
 * guest_build(); progress comes back through a callback, never printed here. */
#ifndef VSM_BUILD_H
#define VSM_BUILD_H

#include <stdbool.h>
#include <stddef.h>
#include "backend/error.h"

/* One progress report. STAGE is a short word ("prepare", "skeleton", "busybox", "debootstrap",
 * "clone", "template", "config", "commit", "done"); PERCENT is the whole build's progress
 * 0..100, or -1 when unknown; MESSAGE is one line of text (a debootstrap output line, …). */
struct build_progress {
	const char *stage;
	int percent;
	const char *message;
};
typedef void (*build_progress_fn)(const struct build_progress *p, void *user);

#define BUILD_IFACES_MAX 64

/* One `--interface [NAME=][DEV:]IP[/PREFIX]`. Empty strings and prefix -1 mean "not given". */
struct build_iface {
	char name[32];
	char dev[32];
	char ip[64];
	int prefix;
};

struct build_opts {
	const char *name;	/* guest name (checked with guest_name_check) */
	const char *method;	/* skeleton, busybox, debootstrap, clone, template */
	const char *hostname;	/* uts/nodename; default: the guest name */
	int context;		/* 0: pick the next free one */
	struct build_iface ifaces[BUILD_IFACES_MAX];
	size_t n_ifaces;
	const char *flags;	/* --flags a,b → cflags, one per line */
	const char *initstyle;	/* apps/init/style; default: the method's */
	const char *rootdir;	/* directory holding guest roots; default: paths vdirbase */
	bool force;		/* move an existing guest aside to <path>.~<epoch>~ */
	bool keep;		/* keep the temporary directories of a failed build */
	int margc;		/* method arguments (after `--`) */
	char **margv;
	build_progress_fn progress;
	void *progress_user;
};

/* Parse one --interface argument into IF. */
int build_iface_parse(const char *arg, struct build_iface *iface, struct vsm_error *err);

/* Build guest O->name. Takes the per-guest lock; on any failure nothing of the new guest is
 * left behind (unless O->keep). Returns 0 or -errno with ERR filled. */
int guest_build(const struct build_opts *o, struct vsm_error *err);

/* Remove temporaries of builds whose builder died (kill -9, crash, power loss), for every guest.
 * Listings call this; a build calls it for its own name. Skips guests whose lock is held. */
int build_cleanup_stale(struct vsm_error *err);

/* The method names, NULL-terminated (for usage texts and the wizard). */
extern const char *const build_method_names[];

#endif
