/* Reading share/distributions/ (see distro.h). */
#include "backend/distro.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "backend/fsutil.h"

static void distro_set(struct distro *d, const char *key, const char *val)
{
	if (!strcmp(key, "name"))
		snprintf(d->name, sizeof(d->name), "%s", val);
	else if (!strcmp(key, "suite"))
		snprintf(d->suite, sizeof(d->suite), "%s", val);
	else if (!strcmp(key, "mirror"))
		snprintf(d->mirror, sizeof(d->mirror), "%s", val);
	else if (!strcmp(key, "include"))
		snprintf(d->include, sizeof(d->include), "%s", val);
}

static int distro_read(const char *dir, const char *file, struct distro *d, struct vsm_error *err)
{
	char path[PATH_MAX], *text;
	snprintf(path, sizeof(path), "%s/%s", dir, file);
	int r = fs_read_file_at(AT_FDCWD, path, 16 * 1024, &text, NULL, err);
	if (r < 0)
		return r;
	memset(d, 0, sizeof(*d));
	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
		char *eq = strchr(line, '=');
		if (line[0] == '#' || !eq)
			continue;
		*eq = '\0';
		distro_set(d, line, eq + 1);
	}
	free(text);
	if (!d->suite[0])
		snprintf(d->suite, sizeof(d->suite), "%s", file);
	if (!d->name[0])
		snprintf(d->name, sizeof(d->name), "%s", d->suite);
	return 0;
}

#ifndef VSM_DATADIR
#define VSM_DATADIR "/usr/local/share/vsm"
#endif

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int distro_dir(char *buf, size_t len)
{
	const char *env = getenv("VSM_SHARE");
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	/* The installed copy is under VSM_DATADIR (PREFIX/share/vsm, see SConstruct). */
	const char *cands[4] = { NULL, NULL, VSM_DATADIR "/distributions",
				 "/usr/share/vsm/distributions" };
	char c0[PATH_MAX], c1[PATH_MAX];
	if (env) {
		snprintf(c0, sizeof(c0), "%s/distributions", env);
		cands[0] = c0;
	}
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash)
			*slash = '\0';
		snprintf(c1, sizeof(c1), "%s/../../share/distributions", exe);
		cands[1] = c1;
	}
	for (size_t i = 0; i < 4; i++)
		if (cands[i] && access(cands[i], R_OK | X_OK) == 0) {
			snprintf(buf, len, "%s", cands[i]);
			return 0;
		}
	return -ENOENT;
}

int distro_list(struct distro **out, size_t *n, struct vsm_error *err)
{
	*out = NULL;
	*n = 0;
	char dir[PATH_MAX];
	if (distro_dir(dir, sizeof(dir)) < 0)
		return 0;
	DIR *d = opendir(dir);
	if (!d)
		return vsm_error_sys(err, errno, "%s: opendir", dir);
	char *names[64];
	size_t k = 0;
	struct dirent *e;
	while ((e = readdir(d)) && k < 64)
		if (e->d_name[0] != '.' && e->d_type != DT_DIR)
			names[k++] = strdup(e->d_name);
	closedir(d);
	qsort(names, k, sizeof(names[0]), name_cmp);
	struct distro *v = calloc(k ? k : 1, sizeof(*v));
	int r = v ? 0 : vsm_error_set(err, ENOMEM, "out of memory");
	for (size_t i = 0; i < k; i++) {
		if (r == 0 && names[i] && distro_read(dir, names[i], &v[*n], err) == 0)
			(*n)++;
		free(names[i]);
	}
	if (r < 0) {
		free(v);
		return r;
	}
	*out = v;
	return 0;
}
