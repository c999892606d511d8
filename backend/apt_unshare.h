/* vapt-get's preparation: which files a package operation will replace, and un-sharing them so
 * dpkg's link-backup and rename-over work (an immutable shared inode refuses both). */
#ifndef VSM_APT_UNSHARE_H
#define VSM_APT_UNSHARE_H

#include <stdbool.h>
#include <stddef.h>
#include "backend/error.h"

/* Called with each package name ("hello", "libc6:amd64"). Return <0 to stop. */
typedef int (*apt_pkg_fn)(const char *pkg, void *user);

/* Parse the output of `apt-get -s …` (TEXT, LEN bytes): every package of an "Inst", "Remv" or
 * "Purg" line (upgrades, reinstalls, removals — all of them rewrite or drop the package's files).
 * Returns the number of packages or the callback's negative value. */
int apt_sim_parse(const char *text, size_t len, apt_pkg_fn fn, void *user);

/* Called with each path a package owns. */
typedef int (*apt_path_fn)(const char *path, void *user);

/* Feed the paths of PKG's dpkg file list (/var/lib/dpkg/info/PKG.list, or PKG:ARCH.list for an
 * unqualified name) to FN, read inside the guest root ROOTFD. A package without a list (not
 * installed yet) yields 0. */
int apt_pkg_files(int rootfd, const char *pkg, apt_path_fn fn, void *user, struct vsm_error *err);

/* Run `apt-get -s ARGS` inside running guest NAME, then un-share every shared file of every
 * package it would touch. *FILES gets the number un-shared, *PKGS the packages. */
int apt_unshare_for(const char *name, char *const args[], bool dry, unsigned long *files,
		    unsigned long *pkgs, struct vsm_error *err);

/* Run `apt-get ARGS` inside running guest NAME with the caller's stdio; *STATUS as a shell. */
int apt_run(const char *name, char *const args[], int *status, struct vsm_error *err);

#endif
