/* dpkg conffiles of a guest, read on the host side from the guest tree's /var/lib/dpkg/status
 * (so the guest need not run; util-vserver ran `cat` inside a running guest). */
#ifndef VSM_UNIFY_CONFFILES_H
#define VSM_UNIFY_CONFFILES_H

#include <stddef.h>
#include "backend/error.h"

/* Called once per conffile path (absolute, as dpkg records it). Return <0 to stop. */
typedef int (*unify_conffile_fn)(const char *path, void *user);

/* Parse a dpkg status database held in TEXT (LEN bytes): every path listed in a `Conffiles:` field,
 * of every package paragraph. Lines that do not look like " /path md5 [flags]" are ignored.
 * Returns the number of paths or the callback's negative value. */
int unify_conffiles_parse(const char *text, size_t len, unify_conffile_fn fn, void *user);

/* Read ROOTFD/var/lib/dpkg/status, resolved inside the guest root (a symlinked status file cannot
 * lead out), and feed its conffiles to FN. A guest without a package database yields 0. */
int unify_conffiles_read(int rootfd, unify_conffile_fn fn, void *user, struct vsm_error *err);

#endif
