/* The configured guests: listing the config dir, lookup by name or context id. */
#include "backend/config_internal.h"

#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "backend/fsutil.h"
#include "backend/paths.h"

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void guest_list_free(char **names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

int guest_list(char ***names, size_t *n, struct vsm_error *err)
{
	*names = NULL;
	*n = 0;
	const char *confdir = vsm_paths()->confdir;
	DIR *d = opendir(confdir);
	if (!d)
		return errno == ENOENT ? 0 : vsm_error_sys(err, errno, "%s: opendir", confdir);
	char **v = NULL;
	size_t cnt = 0;
	int r = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		/* Valid names start with a letter or digit: .defaults, .distributions, build
		 * temporaries (dot-prefixed) and moved-aside "NAME.~EPOCH~" dirs never pass. */
		if (!guest_name_is_valid(de->d_name))
			continue;
		struct stat st;
		if (fstatat(dirfd(d), de->d_name, &st, 0) < 0 || !S_ISDIR(st.st_mode))
			continue;
		char **nv = realloc(v, (cnt + 1) * sizeof(*nv));
		if (!nv || !(nv[cnt] = strdup(de->d_name))) {
			v = nv ? nv : v;
			r = vsm_error_set(err, ENOMEM, "listing guests: out of memory");
			break;
		}
		v = nv;
		cnt++;
	}
	closedir(d);
	if (r < 0) {
		guest_list_free(v, cnt);
		return r;
	}
	if (cnt)
		qsort(v, cnt, sizeof(*v), name_cmp);
	*names = v;
	*n = cnt;
	return 0;
}

bool guest_exists(const char *name)
{
	char dir[PATH_MAX];
	struct stat st;
	return guest_name_is_valid(name) &&
	       vsm_path_guest_conf(vsm_paths(), name, dir, sizeof(dir)) == 0 &&
	       stat(dir, &st) == 0 && S_ISDIR(st.st_mode);
}

int guest_context_read(const char *name, int *ctx, struct vsm_error *err)
{
	*ctx = 0;
	char dir[PATH_MAX], path[PATH_MAX];
	if (vsm_path_guest_conf(vsm_paths(), name, dir, sizeof(dir)) < 0 ||
	    (size_t)snprintf(path, sizeof(path), "%s/context", dir) >= sizeof(path))
		return vsm_error_set(err, ENAMETOOLONG, "guest %s: path too long", name);
	char *text;
	size_t len;
	int r = fs_read_file_at(AT_FDCWD, path, CONFIG_FILE_MAX, &text, &len, err);
	if (r == -ENOENT)
		return 0;
	if (r < 0)
		return r;
	char line[32];
	long long v;
	r = config_first_line(path, text, len, line, sizeof(line), err);
	if (r == 0)
		r = config_parse_int(path, 1, line, CONTEXT_MIN, CONTEXT_MAX, &v, err);
	free(text);
	if (r == 0)
		*ctx = (int)v;
	return r;
}

int guest_find_by_context(int ctx, char *name, size_t len, struct vsm_error *err)
{
	char **names;
	size_t n;
	int r = guest_list(&names, &n, err);
	if (r < 0)
		return r;
	r = vsm_error_set(err, ENOENT, "no guest has context %d", ctx);
	for (size_t i = 0; i < n; i++) {
		int c;
		if (guest_context_read(names[i], &c, NULL) == 0 && c == ctx) {
			snprintf(name, len, "%s", names[i]);
			r = 0;
			break;
		}
	}
	if (r == 0 && err)
		vsm_error_clear(err);
	guest_list_free(names, n);
	return r;
}

int guest_lookup(const char *arg, char *name, size_t len, struct vsm_error *err)
{
	/* A name wins over a number: "42" may be a guest's name. */
	if (guest_exists(arg)) {
		if (strlen(arg) >= len)
			return vsm_error_set(err, ENAMETOOLONG, "guest name too long");
		snprintf(name, len, "%s", arg);
		return 0;
	}
	bool digits = *arg != '\0';
	for (const char *p = arg; *p; p++)
		digits &= isdigit((unsigned char)*p) != 0;
	if (digits && strlen(arg) < 7)
		return guest_find_by_context(atoi(arg), name, len, err);
	struct vsm_error e2 = {0};
	if (guest_name_check(arg, &e2) < 0)
		return vsm_error_set(err, EINVAL, "%s", e2.msg);
	return vsm_error_set(err, ENOENT, "guest %s: no such guest (no directory %s/%s)", arg,
			     vsm_paths()->confdir, arg);
}
