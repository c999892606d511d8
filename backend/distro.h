/* Distribution definitions for the wizard's debootstrap method: share/distributions/<suite>, one
 * key=value per line (name, suite, mirror, include). */
#ifndef VSM_DISTRO_H
#define VSM_DISTRO_H

#include <stddef.h>
#include "backend/error.h"

struct distro {
	char name[64];		/* "Debian 12 (bookworm)" */
	char suite[32];
	char mirror[256];
	char include[256];	/* --include= packages, comma-separated; "" none */
};

/* The definitions, sorted by file name, from the first directory of: $VSM_SHARE/distributions,
 * <program dir>/../../share/distributions (a build tree), /usr/local/share/vsm/distributions,
 * /usr/share/vsm/distributions. *N is 0 when none exists. */
int distro_list(struct distro **out, size_t *n, struct vsm_error *err);

#endif
