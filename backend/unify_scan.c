/* The tree walk behind vunify/vhashify. Each directory is opened with O_NOFOLLOW|O_DIRECTORY
 * relative to its parent's fd and checked to be the inode the listing showed, so a guest that
 * swaps a directory for a symlink while we walk cannot move the walk out of its tree. */
#include "backend/unify_scan.h"
#include "backend/unify_file.h"
#include "kernel/fsattr.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/fs.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_DEPTH 256

struct walk {
	struct unify_exclude *excl;
	struct unify_files *out;
	unsigned guest;
	dev_t dev;
	bool clean;
	unify_skip_fn skip;
	void *user;
	struct vsm_error *err;
	char path[PATH_MAX];
};

void unify_files_free(struct unify_files *f)
{
	for (size_t i = 0; i < f->n; i++)
		free(f->v[i].path);
	free(f->v);
	memset(f, 0, sizeof(*f));
}

static void note(struct walk *w, const char *why)
{
	if (w->skip)
		w->skip(w->user, w->guest, w->path, why);
}

static int file_add(struct walk *w, const struct stat *st)
{
	struct unify_files *o = w->out;
	if (o->n == o->cap) {
		size_t cap = o->cap ? o->cap * 2 : 4096;
		struct unify_file *v = realloc(o->v, cap * sizeof(*v));
		if (!v)
			return vsm_error_sys(w->err, ENOMEM, "file list");
		o->v = v;
		o->cap = cap;
	}
	struct unify_file *f = &o->v[o->n];
	memset(f, 0, sizeof(*f));
	if (!(f->path = strdup(w->path)))
		return vsm_error_sys(w->err, ENOMEM, "file list");
	f->guest = w->guest;
	f->dev = st->st_dev;
	f->ino = st->st_ino;
	f->size = st->st_size;
	f->blocks = st->st_blocks;
	f->mode = st->st_mode;
	f->uid = st->st_uid;
	f->gid = st->st_gid;
	f->nlink = st->st_nlink;
	o->n++;
	return 0;
}

/* A temporary left by a killed run. It is removed only while its inode has another name, so
 * no data can go with it (a guest may name its own files like this). */
static void tmp_clean(struct walk *w, int dfd, const char *n)
{
	int fd = w->clean ? openat(dfd, n, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC) : -1;
	struct stat st;
	unsigned old = 0;
	if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_nlink > 1 &&
	    fsattr_change(fd, 0, FS_IMMUTABLE_FL, &old) == 0) {
		if (unlinkat(dfd, n, 0) == 0)
			note(w, "removed temporary of an interrupted run");
		if (old & FS_IMMUTABLE_FL)
			fsattr_change(fd, FS_IMMUTABLE_FL, 0, NULL);
	} else {
		note(w, "temporary of an interrupted run");
	}
	if (fd >= 0)
		close(fd);
}

static int walk_dir(struct walk *w, int dfd, size_t plen, bool excluded, int depth)
{
	if (depth > MAX_DEPTH) {
		note(w, "too deep");
		return 0;
	}
	int lfd = dup(dfd);
	DIR *d = lfd >= 0 ? fdopendir(lfd) : NULL;
	if (!d) {
		if (lfd >= 0)
			close(lfd);
		return vsm_error_sys(w->err, errno, "%s: opendir", plen ? w->path : "/");
	}
	int r = 0;
	struct dirent *de;
	while (r == 0 && (errno = 0, de = readdir(d))) {
		const char *n = de->d_name;
		if (!strcmp(n, ".") || !strcmp(n, ".."))
			continue;
		size_t nl = strlen(n);
		if (plen + 1 + nl >= sizeof(w->path))
			continue;
		w->path[plen] = '/';
		memcpy(w->path + plen + 1, n, nl + 1);
		size_t len = plen + 1 + nl;
		if (!strncmp(n, UNIFY_TMP_PREFIX, strlen(UNIFY_TMP_PREFIX))) {
			tmp_clean(w, dfd, n);
			continue;
		}
		struct stat st;
		if (fstatat(dfd, n, &st, AT_SYMLINK_NOFOLLOW) < 0)
			continue;	/* gone meanwhile */
		if (st.st_dev != w->dev) {
			note(w, "other filesystem");
			continue;
		}
		bool ex = unify_exclude_is_excluded(w->excl, w->path, excluded);
		if (S_ISDIR(st.st_mode)) {
			/* An excluded directory is still walked when `+` lines may name something
			 * below it. */
			if (ex && !w->excl->has_includes) {
				note(w, "excluded");
				continue;
			}
			int cfd = openat(dfd, n, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			struct stat cs;
			if (cfd < 0 || fstat(cfd, &cs) < 0 || cs.st_ino != st.st_ino ||
			    cs.st_dev != st.st_dev) {
				if (cfd >= 0)
					close(cfd);
				note(w, "changed during the walk");
				continue;
			}
			r = walk_dir(w, cfd, len, ex, depth + 1);
			close(cfd);
		} else if (!S_ISREG(st.st_mode)) {
			note(w, S_ISLNK(st.st_mode) ? "symlink" : "not a regular file");
		} else if (ex) {
			note(w, "excluded");
		} else if (st.st_size == 0) {
			note(w, "empty");
		} else {
			r = file_add(w, &st);
		}
	}
	if (r == 0 && errno)
		r = vsm_error_sys(w->err, errno, "%s: readdir", plen ? w->path : "/");
	closedir(d);
	return r;
}

int unify_scan_tree(int rootfd, unsigned guest, struct unify_exclude *excl, bool clean,
		    struct unify_files *out, unify_skip_fn skip, void *user, struct vsm_error *err)
{
	struct stat st;
	if (fstat(rootfd, &st) < 0)
		return vsm_error_sys(err, errno, "guest root: fstat");
	struct walk w = {
		.excl = excl, .out = out, .guest = guest, .dev = st.st_dev, .clean = clean,
		.skip = skip, .user = user, .err = err,
	};
	w.path[0] = '\0';
	return walk_dir(&w, rootfd, 0, false, 0);
}
