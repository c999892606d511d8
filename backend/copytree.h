/* Copying a directory tree fd-relative, never following its symlinks, keeping owners, modes,
 * times, hard links, xattrs (ACLs and file capabilities included), devices and fifos. */
#ifndef VSM_COPYTREE_H
#define VSM_COPYTREE_H

#include "backend/error.h"

struct copytree_progress {
	unsigned long done;	/* entries copied so far */
	unsigned long total;	/* entries counted beforehand (0 if not counted) */
};

struct copytree_opts {
	/* Called every few hundred entries. */
	void (*progress)(const struct copytree_progress *p, void *user);
	void *user;
};

/* Count the entries below SRCFD (same filesystem only), for progress. */
unsigned long copytree_count(int srcfd);

/* Copy the contents of directory SRCFD into the empty directory DSTFD. Mount points inside the
 * source become empty directories. Immutable/append-only flags are not copied: the copy is the
 * new guest's own (vunify can share files again). */
int copytree_copy(int srcfd, int dstfd, const struct copytree_opts *o, struct vsm_error *err);

#endif
