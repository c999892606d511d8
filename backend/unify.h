/* vunify and vhashify: share identical files between guests as hard links of one immutable inode
 * (DESIGN.md "Fixed names": byte-for-byte equality; xxhash only buckets), and give them back
 * (-R). The walk, the file steps and the lists live in unify_scan.c, unify_file.c,
 * unify_exclude.c and unify_conffiles.c. */
#ifndef VSM_UNIFY_H
#define VSM_UNIFY_H

#include <stdbool.h>
#include <stddef.h>
#include "backend/error.h"

struct unify_opts {
	bool dry_run;		/* compare, count, change nothing */
	bool revert;		/* -R: private copies back for the named guests */
	bool no_refservers;	/* ignore apps/vunify/refserver.* */
	bool no_pkgmgmt;	/* do not exclude dpkg conffiles */
	const char *hashdir;	/* vhashify: the hash store (NULL: <vdirbase>/.hash) */
	/* Verbose notes: GUEST and PATH may be NULL; never called when NULL. */
	void (*note)(void *user, const char *guest, const char *path, const char *what);
	void *user;
};

struct unify_stats {
	unsigned long files;		/* regular files considered */
	unsigned long linked;		/* names newly pointed at a shared inode */
	unsigned long already;		/* names that already shared */
	unsigned long different;	/* candidates found different byte for byte or in xattrs */
	unsigned long changed;		/* candidates that changed during the run: left alone */
	unsigned long reverted;		/* -R: names given a private copy */
	unsigned long added;		/* vhashify: new store entries (copies) */
	unsigned long errors;
	unsigned long long bytes_freed;	/* disk blocks released by the links */
	unsigned long long bytes_shared;/* size of the names that share an inode after the run */
};

/* Unify guests NAMES[0..N) with each other and with their reference servers. Errors on single
 * files are counted and noted, not fatal; a guest that cannot be set up is. */
int unify_guests(const char *const *names, size_t n, const struct unify_opts *o,
		 struct unify_stats *st, struct vsm_error *err);

/* Link every candidate file of NAMES through the hash store (vhashify). */
int unify_hashify(const char *const *names, size_t n, const struct unify_opts *o,
		  struct unify_stats *st, struct vsm_error *err);

/* Un-share the listed paths of guest NAME (vapt-get before a package operation). */
int unify_unshare_paths(const char *name, const char *const *paths, size_t n, bool dry,
			unsigned long *done, struct vsm_error *err);

#endif
