/* Seccomp deny-list loading and the capability drop, in the order the kernel requires. */
#include "backend/guest_security.h"
#include "backend/fsutil.h"
#include "kernel/caps.h"
#include "kernel/seccomp.h"

#include <ctype.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef VSM_DATADIR
#define VSM_DATADIR "/usr/local/share/vsm"
#endif

static int deny_list_path(char *buf, size_t len)
{
	const char *env = getenv("VSM_SECCOMP_DENY");
	if (env && *env) {
		snprintf(buf, len, "%s", env);
		return 0;
	}
	/* In the build tree: <src>/build-variant/bin/PROG -> <src>/share/seccomp.deny. */
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n > 0) {
		self[n] = '\0';
		for (int up = 0; up < 3; up++) {
			char *s = strrchr(self, '/');
			if (!s)
				break;
			*s = '\0';
		}
		snprintf(buf, len, "%s/share/seccomp.deny", self);
		if (access(buf, R_OK) == 0)
			return 0;
	}
	snprintf(buf, len, "%s/seccomp.deny", VSM_DATADIR);
	return 0;
}

int guest_seccomp_build(void **filter, struct vsm_error *err)
{
	char path[PATH_MAX];
	deny_list_path(path, sizeof(path));
	char *data = NULL;
	size_t len;
	int r = fs_read_file_at(AT_FDCWD, path, 256 * 1024, &data, &len, err);
	if (r < 0)
		return vsm_error_prefix(err, "seccomp deny-list %s", path);
	const char *names[512];
	size_t n = 0;
	char *save = NULL;
	for (char *l = strtok_r(data, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		while (isspace((unsigned char)*l))
			l++;
		char *e = l + strlen(l);
		while (e > l && isspace((unsigned char)e[-1]))
			*--e = '\0';
		if (!*l || *l == '#')
			continue;
		if (n == sizeof(names) / sizeof(names[0])) {
			free(data);
			return vsm_error_set(err, E2BIG, "%s: too many entries", path);
		}
		names[n++] = l;
	}
	r = seccomp_filter_build(names, n, filter, err);
	free(data);
	return r;
}

int guest_security_apply(void *filter, uint64_t bcaps, struct vsm_error *err)
{
	int r = filter ? seccomp_filter_load(filter, err) : 0;
	return r < 0 ? r : caps_limit_to(bcaps, err);
}
