/* Visiting files for setattr/showattr: fd-relative, never following a symlink below the named
 * path (a guest may have planted them), optionally recursive and on one filesystem. */
#ifndef VSM_CLI_ATTRWALK_H
#define VSM_CLI_ATTRWALK_H

#include <stdbool.h>
#include <sys/stat.h>

/* FD is the file opened O_RDONLY|O_NOFOLLOW (-1 for symlinks and special files, which carry no
 * flags); DISPLAY its path for output. Return 0 to go on, 1 to note a failure and go on. */
typedef int (*attrwalk_fn)(int fd, const char *display, const struct stat *st, void *user);

struct attrwalk_opts {
	bool recursive;		/* -R */
	bool list_dirs;		/* a directory argument lists its entries (showattr without -d) */
	bool all;		/* also entries starting with '.' */
	bool one_fs;		/* -x: do not descend into other filesystems */
};

/* Visit PATH (and, as the options say, what is below it). Returns the number of failures. */
int attrwalk_path(const char *path, const struct attrwalk_opts *o, attrwalk_fn fn, void *user);

#endif
