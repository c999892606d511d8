/* Walking guest trees for vunify/vhashify: fd-relative, one filesystem, no symlink followed. */
#ifndef VSM_UNIFY_SCAN_H
#define VSM_UNIFY_SCAN_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include "backend/error.h"
#include "backend/unify_exclude.h"

/* One regular file seen by the walk. */
struct unify_file {
	char *path;		/* from the guest root, with a leading '/' */
	unsigned guest;		/* index into the caller's guest table */
	dev_t dev;
	ino_t ino;
	off_t size;
	off_t blocks;		/* st_blocks, for the bytes a link frees */
	mode_t mode;
	uid_t uid;
	gid_t gid;
	nlink_t nlink;
	uint64_t chash, xhash;	/* content and xattr buckets (valid when hashed) */
	bool hashed, bad;
};

struct unify_files {
	struct unify_file *v;
	size_t n, cap;
};

/* Called for each entry the walk does not take, for -v (WHY: "excluded", "symlink", ...). */
typedef void (*unify_skip_fn)(void *user, unsigned guest, const char *path, const char *why);

/* Add every regular, non-empty, non-excluded file below ROOTFD (on its filesystem) to OUT. With
 * CLEAN, temporaries of an interrupted run that are extra names of a surviving inode go. */
int unify_scan_tree(int rootfd, unsigned guest, struct unify_exclude *excl, bool clean,
		    struct unify_files *out, unify_skip_fn skip, void *user, struct vsm_error *err);
void unify_files_free(struct unify_files *f);

#endif
