/* Unpacking a tar archive (ustar, GNU long names, pax headers with xattrs) into a guest root.
 * Every entry is created relative to the root fd with its directory resolved inside the root, and
 * entries naming ".." or an absolute path are refused: nothing lands outside the root. */
#ifndef VSM_TAR_EXTRACT_H
#define VSM_TAR_EXTRACT_H

#include "backend/error.h"

struct tar_progress {
	unsigned long entries;
	unsigned long long bytes;	/* archive bytes read so far */
};

struct tar_opts {
	void (*progress)(const struct tar_progress *p, void *user);
	void *user;
};

/* Unpack the (uncompressed) tar stream on fd IN below ROOTFD. WHAT names the archive in errors. */
int tar_extract(int in, int rootfd, const char *what, const struct tar_opts *o,
		struct vsm_error *err);

/* Open ARCHIVE and return a fd giving its uncompressed tar stream: the file itself, or a pipe
 * from gzip/bzip2/xz/zstd chosen by the file's magic bytes (the child dies with us). *CHILD is
 * the decompressor's pid or -1. */
int tar_open_stream(const char *archive, int *child, struct vsm_error *err);
/* Wait for the decompressor; -EIO if it failed. */
int tar_close_stream(int fd, int child, const char *archive, struct vsm_error *err);

#endif
