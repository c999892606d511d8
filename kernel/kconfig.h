/* The running kernel's build configuration, from /proc/config.gz (zlib) or /boot/config-RELEASE. */
#ifndef VSM_KERNEL_KCONFIG_H
#define VSM_KERNEL_KCONFIG_H

#include <stddef.h>
#include "backend/error.h"

struct kconfig {
	char source[256];  /* the file it was read from */
	char *text;        /* the whole config, NUL-terminated */
	size_t len;
};

/* Load from PATH (NULL: /proc/config.gz, then /boot/config-`uname -r`). Gzip or plain text.
 * -ENOENT when the kernel exposes no config. */
int kconfig_load(struct kconfig *kc, const char *path, struct vsm_error *err);
void kconfig_free(struct kconfig *kc);
/* 'y', 'm', or 0 when OPTION ("CONFIG_VETH") is not set. */
char kconfig_value(const struct kconfig *kc, const char *option);

#endif
