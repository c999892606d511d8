/* Shared between dlimit.c (config, usage) and dlimit_image.c (the image backend). */
#ifndef VSM_DLIMIT_INTERNAL_H
#define VSM_DLIMIT_INTERNAL_H

#include <sys/statvfs.h>
#include "backend/dlimit.h"

void dlimit_usage_from_statvfs(const struct statvfs *s, struct dlimit_usage *u);
int dlimit_cache_write(const char *name, const struct dlimit_usage *u, struct vsm_error *err);
/* Whether NAME's image is the filesystem mounted on VDIR; *MINOR gets its loop device's minor. */
bool dlimit_image_mounted(const char *name, const char *vdir, unsigned *minor);
/* Usage of a stopped guest's image, read through a read-only mount in a private namespace. */
int dlimit_image_statvfs(const char *name, struct dlimit_usage *u, struct vsm_error *err);

#endif
