/* Walk a guest's config dir (cmd_attr_walk.h), fd-relative so a symlinked directory inside the
 * config dir is never followed. */
#include "backend/cmd_attr_walk.h"
#include "backend/config.h"
#include "backend/fsutil.h"
#include "backend/paths.h"

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct walk {
	const char *guest;
	attr_walk_fn fn;
	void *ctx;
	int depth;
};

static int name_cmp(const void *a, const void *b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;
	/* "ip" first: an interface directory is only valid once it has an address. */
	if (!strcmp(x, "ip") != !strcmp(y, "ip"))
		return !strcmp(x, "ip") ? -1 : 1;
	return strcmp(x, y);
}

static void walk_file(struct walk *w, int dfd, const char *name, const char *rel,
		      const struct stat *st)
{
	const struct attr *a = attr_find_file(rel);
	if (S_ISLNK(st->st_mode)) {
		char t[PATH_MAX], def[PATH_MAX * 2];
		ssize_t n = readlinkat(dfd, name, t, sizeof(t) - 1);
		if (n < 0 || !strcmp(rel, "run") || !strcmp(rel, "cache"))
			return;
		t[n] = '\0';
		snprintf(def, sizeof(def), "%s/%s", vsm_paths()->vdirbase, w->guest);
		if (!strcmp(rel, "vdir") && !strcmp(t, def))
			return;
		w->fn(w->ctx, rel, a, t, a ? NULL : "an unknown link");
		return;
	}
	if (!S_ISREG(st->st_mode))
		return;
	if (!a) {
		w->fn(w->ctx, rel, NULL, "", "not a known key");
		return;
	}
	if (a->type == ATTR_HOOK) {
		w->fn(w->ctx, rel, a, "", "a hook program");
		return;
	}
	if (a->type == ATTR_FLAG) {
		w->fn(w->ctx, rel, a, "on", NULL);
		return;
	}
	char *text = NULL;
	if (fs_read_file_at(dfd, name, CONFIG_FILE_MAX, &text, NULL, NULL) < 0) {
		w->fn(w->ctx, rel, a, "", "unreadable");
		return;
	}
	size_t n = strlen(text);
	while (n && text[n - 1] == '\n')
		text[--n] = '\0';
	w->fn(w->ctx, rel, a, text, NULL);
	free(text);
}

static int walk_dir(struct walk *w, int dfd, const char *prefix, struct vsm_error *err)
{
	DIR *d = fdopendir(dfd);
	if (!d) {
		close(dfd);
		return vsm_error_sys(err, errno, "%s: opendir", prefix);
	}
	char **names = NULL;
	size_t n = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;	/* ., .., and the temporaries of atomic writes */
		char **v = realloc(names, (n + 1) * sizeof(*v));
		if (!v || !(v[n] = strdup(de->d_name))) {
			free(v ? v : names);
			closedir(d);
			return vsm_error_set(err, ENOMEM, "out of memory");
		}
		names = v;
		n++;
	}
	if (n) /* qsort must not get NULL, even for no elements */
		qsort(names, n, sizeof(*names), name_cmp);
	int r = 0;
	for (size_t i = 0; i < n; i++) {
		char rel[PATH_MAX];
		snprintf(rel, sizeof(rel), "%s%s%s", prefix, *prefix ? "/" : "", names[i]);
		struct stat st;
		if (r == 0 && fstatat(dirfd(d), names[i], &st, AT_SYMLINK_NOFOLLOW) == 0) {
			if (S_ISDIR(st.st_mode) && w->depth < 4) {
				int sub = openat(dirfd(d), names[i],
						 O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
				if (sub >= 0) {
					w->depth++;
					r = walk_dir(w, sub, rel, err);
					w->depth--;
				}
			} else {
				walk_file(w, dirfd(d), names[i], rel, &st);
			}
		}
		free(names[i]);
	}
	free(names);
	closedir(d);
	return r;
}

int attr_walk(const char *guest, attr_walk_fn fn, void *ctx, struct vsm_error *err)
{
	char dir[PATH_MAX];
	vsm_path_guest_conf(vsm_paths(), guest, dir, sizeof(dir));
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return vsm_error_sys(err, errno, "%s", dir);
	struct walk w = { guest, fn, ctx, 0 };
	return walk_dir(&w, dfd, "", err);
}
