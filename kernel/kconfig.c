/* Reading the kernel config. gzread handles plain files too, so one path serves both forms. */
#include "kernel/kconfig.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <zlib.h>

static int load_one(struct kconfig *kc, const char *path)
{
	gzFile f = gzopen(path, "rb");
	if (!f)
		return errno ? -errno : -ENOENT;
	size_t cap = 1 << 16, n = 0;
	char *buf = malloc(cap + 1);
	int r;
	while (buf) {
		if (n == cap) {
			char *nb = realloc(buf, 2 * cap + 1);
			if (!nb) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = nb;
			cap *= 2;
		}
		r = gzread(f, buf + n, (unsigned)(cap - n));
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	gzclose(f);
	if (!buf)
		return -ENOMEM;
	buf[n] = '\0';
	kc->text = buf;
	kc->len = n;
	snprintf(kc->source, sizeof(kc->source), "%s", path);
	return 0;
}

int kconfig_load(struct kconfig *kc, const char *path, struct vsm_error *err)
{
	memset(kc, 0, sizeof(*kc));
	if (path) {
		int rc = load_one(kc, path);
		return rc < 0 ? vsm_error_sys(err, -rc, "reading kernel config %s", path) : 0;
	}
	if (load_one(kc, "/proc/config.gz") == 0)
		return 0;
	struct utsname u;
	char boot[300];
	uname(&u);
	snprintf(boot, sizeof(boot), "/boot/config-%s", u.release);
	if (load_one(kc, boot) == 0)
		return 0;
	return vsm_error_set(err, ENOENT, "no kernel config: neither /proc/config.gz (CONFIG_IKCONFIG_PROC) "
			     "nor %s", boot);
}

void kconfig_free(struct kconfig *kc)
{
	free(kc->text);
	kc->text = NULL;
}

char kconfig_value(const struct kconfig *kc, const char *option)
{
	size_t ol = strlen(option);
	for (const char *p = kc->text; p && *p;) {
		if (!strncmp(p, option, ol) && p[ol] == '=')
			return p[ol + 1] == 'y' || p[ol + 1] == 'm' ? p[ol + 1] : 0;
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return 0;
}
