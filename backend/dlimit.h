/* Per-guest disk limits (util-vserver's dlimits/<x>/{directory,space_total,inodes_total,reserved}):
 * the backend is chosen by probing — filesystem project quotas where the kernel has quota support,
 * else an image-backed root: a sparse ext4 image loop-mounted on the guest's vdir while it runs. */
#ifndef VSM_DLIMIT_H
#define VSM_DLIMIT_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "backend/error.h"

struct dlimit {
	char directory[PATH_MAX];  /* the limited tree: the guest's vdir */
	uint64_t space_total_kb;   /* 1 KiB blocks */
	uint64_t inodes_total;
	unsigned reserved_pct;     /* blocks reserved for root, percent */
};

struct dlimit_usage {
	uint64_t space_used_kb, space_total_kb, inodes_used, inodes_total;
};

enum dlimit_backend { DLIMIT_BACKEND_IMAGE, DLIMIT_BACKEND_QUOTA };

/* Which backend this host uses; WHY says why project quotas are not used. */
enum dlimit_backend dlimit_probe(char *why, size_t len);
const char *dlimit_backend_name(enum dlimit_backend b);

/* The guest's limit from its config: 0, -ENOENT when it has none, other -errno on a bad entry. */
int dlimit_load(const char *name, struct dlimit *dl, struct vsm_error *err);
int dlimit_save(const char *name, const struct dlimit *dl, struct vsm_error *err);

/* The guest's root image, "<vdirbase>/.dlimits/NAME.img", and the guest root (vdir). */
int dlimit_image_path(const char *name, char *buf, size_t len);
int dlimit_vdir(const char *name, char *buf, size_t len);
bool dlimit_has_image(const char *name);

/* vdlimit --set: make the image from the current tree (stopped guest), resize it (shrink only
 * while stopped, grow online while running), then save the config. */
int dlimit_set(const char *name, const struct dlimit *want, struct vsm_error *err);
/* vdlimit --remove (stopped guest): copy the tree back out of the image, delete it and the config. */
int dlimit_remove(const char *name, struct vsm_error *err);

/* Start: mount the image on the vdir (no-op for a guest without one). Stop: record the usage in
 * the cache and unmount; the autoclear loop device goes with the mount. */
int dlimit_root_prepare(const char *name, struct vsm_error *err);
void dlimit_root_release(const char *name);
/* Delete: the image goes with the guest. */
int dlimit_image_delete(const char *name, struct vsm_error *err);

/* Usage: live (statvfs) while mounted, else the figures recorded at stop or after a resize.
 * -ENOENT when the guest has no limit. */
int dlimit_usage_get(const char *name, struct dlimit_usage *u, struct vsm_error *err);

/* Same without ever mounting: live figures or the recorded ones, else -ENOENT (for the monitor's
 * refresh, which must stay cheap). */
int dlimit_usage_peek(const char *name, struct dlimit_usage *u);

/* vdu: space (1 KiB blocks actually allocated) and inodes under DIR, hard links counted once,
 * not crossing mount points. */
int dlimit_du(const char *dir, uint64_t *kb, uint64_t *inodes, struct vsm_error *err);

#endif
