/* The guests one vunify/vhashify run works on: root fd, exclude list (with dpkg conffiles), lock,
 * and the reference servers named by apps/vunify/refserver.*. */
#ifndef VSM_UNIFY_GUEST_H
#define VSM_UNIFY_GUEST_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include "backend/error.h"
#include "backend/guest_name.h"
#include "backend/unify.h"
#include "backend/unify_exclude.h"

struct unify_guest {
	char name[GUEST_NAME_MAX + 1];
	char root[PATH_MAX];
	int rootfd, lockfd;
	bool reference;		/* only a source of shared inodes, never changed by -R */
	unsigned long conffiles;
	char excl_source[PATH_MAX];
	struct unify_exclude excl;
};

struct unify_guests {
	struct unify_guest *v;
	size_t n;
};

/* Set up NAMES (locked, in this order), then their reference servers (unlocked, after them,
 * duplicates dropped). */
int unify_guests_open(struct unify_guests *gs, const char *const *names, size_t n,
		      const struct unify_opts *o, struct vsm_error *err);
void unify_guests_close(struct unify_guests *gs);

/* Open guest NAME's root directory (its config's vdir link, else <vdirbase>/NAME). */
int unify_guest_rootfd(const char *name, struct vsm_error *err);

#endif
