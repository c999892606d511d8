/* A user of a guest, resolved from the guest's own /etc/passwd and /etc/group (never host NSS). */
#ifndef VSM_GUEST_USER_H
#define VSM_GUEST_USER_H

#include "backend/exec.h"

/* The files are read through the guest root (fs_open_in_root), must be regular files of at most
 * 4 MiB, and lines that are not valid (binary, too long, bad numbers) are skipped. USER is a name
 * or a number; a number not in passwd runs as that uid with gid = uid and no groups. Fills the
 * ids, home and user name of O. */
int guest_user_resolve(const char *vdir, const char *user, struct guest_exec_opts *o,
		       struct vsm_error *err);

#endif
