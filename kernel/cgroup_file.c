/* Cgroup file helpers shared by the v1 and v2 drivers: paths, single-value reads and writes, the
 * recursive cgroup.procs walk and deepest-first removal. */
#include "kernel/cgroup_internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int cg_join(const struct cg_hierarchy *h, const char *rel, const char *file, char *buf, size_t len)
{
	while (rel && *rel == '/')
		rel++;
	int n = snprintf(buf, len, "%s%s%s%s%s", h->mount, rel && *rel ? "/" : "", rel ? rel : "",
			 file ? "/" : "", file ? file : "");
	return (n < 0 || (size_t)n >= len) ? -ENAMETOOLONG : 0;
}

int cg_write_path(const char *path, const char *value, struct vsm_error *err)
{
	int fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
	if (fd < 0)
		return vsm_error_sys(err, errno, "%s: open for writing", path);
	size_t len = strlen(value);
	ssize_t n;
	do
		n = write(fd, value, len);
	while (n < 0 && errno == EINTR);
	int r = 0;
	if (n < 0)
		r = vsm_error_sys(err, errno, "%s: write \"%s\"", path, value);
	else if ((size_t)n != len)
		r = vsm_error_set(err, EIO, "%s: short write of \"%s\"", path, value);
	close(fd);
	return r;
}

int cg_read_path(const char *path, char *buf, size_t len, struct vsm_error *err)
{
	if (len == 0)
		return vsm_error_set(err, EINVAL, "%s: no room to read into", path);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return vsm_error_sys(err, errno, "%s: open", path);
	size_t got = 0;
	int r = 0;
	while (got < len - 1) {
		ssize_t n = read(fd, buf + got, len - 1 - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			r = vsm_error_sys(err, errno, "%s: read", path);
			break;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	buf[r < 0 ? 0 : got] = '\0';
	while (got > 0 && buf[got - 1] == '\n')
		buf[--got] = '\0';
	return r;
}

bool cg_list_has(const char *list, const char *w)
{
	size_t wl = strlen(w);
	if (wl == 0)
		return false;
	for (const char *p = list; *p;) {
		size_t l = strcspn(p, ", \n");
		if (l == wl && memcmp(p, w, wl) == 0)
			return true;
		p += l;
		p += strspn(p, ", \n");
	}
	return false;
}

bool cg_hierarchy_is_named(const struct cg_hierarchy *h)
{
	if (h->v2)
		return false;
	/* A named hierarchy lists only name=X (and no controllers) among its options. */
	for (const char *p = h->controllers; *p;) {
		size_t l = strcspn(p, ",");
		if (l > 0 && strncmp(p, "name=", 5) != 0)
			return false;
		p += l;
		p += strspn(p, ",");
	}
	return true;
}

static int procs_append(const char *dir, pid_t **pids, size_t *n, size_t *cap,
			struct vsm_error *err)
{
	char path[4096];
	if (snprintf(path, sizeof(path), "%s/cgroup.procs", dir) >= (int)sizeof(path))
		return vsm_error_set(err, ENAMETOOLONG, "%s: path too long", dir);
	FILE *f = fopen(path, "re");
	if (!f)
		return vsm_error_sys(err, errno, "%s: open", path);
	long v;
	int r = 0;
	while (fscanf(f, "%ld", &v) == 1) {
		if (*n == *cap) {
			size_t nc = *cap ? *cap * 2 : 32;
			pid_t *np = realloc(*pids, nc * sizeof(**pids));
			if (!np) {
				r = vsm_error_set(err, ENOMEM, "%s: out of memory", path);
				break;
			}
			*pids = np;
			*cap = nc;
		}
		(*pids)[(*n)++] = (pid_t)v;
	}
	fclose(f);
	return r;
}

int cg_procs_tree(const char *dir, pid_t **pids, size_t *n, size_t *cap, struct vsm_error *err)
{
	int r = procs_append(dir, pids, n, cap, err);
	if (r < 0)
		return r;
	DIR *d = opendir(dir);
	if (!d)
		return vsm_error_sys(err, errno, "%s: opendir", dir);
	struct dirent *e;
	char sub[4096];
	while (r == 0 && (e = readdir(d))) {
		if (e->d_type != DT_DIR || !strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (snprintf(sub, sizeof(sub), "%s/%s", dir, e->d_name) >= (int)sizeof(sub))
			r = vsm_error_set(err, ENAMETOOLONG, "%s/%s: path too long", dir, e->d_name);
		else
			r = cg_procs_tree(sub, pids, n, cap, err);
		/* A child cgroup removed while we walk is not an error. */
		if (r == -ENOENT)
			r = 0;
	}
	closedir(d);
	return r;
}

int cg_rmdir_tree(const char *dir, struct vsm_error *err)
{
	DIR *d = opendir(dir);
	if (!d)
		return errno == ENOENT ? 0 : vsm_error_sys(err, errno, "%s: opendir", dir);
	struct dirent *e;
	char sub[4096];
	int r = 0;
	while (r == 0 && (e = readdir(d))) {
		if (e->d_type != DT_DIR || !strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (snprintf(sub, sizeof(sub), "%s/%s", dir, e->d_name) >= (int)sizeof(sub))
			r = vsm_error_set(err, ENAMETOOLONG, "%s/%s: path too long", dir, e->d_name);
		else
			r = cg_rmdir_tree(sub, err);
	}
	closedir(d);
	if (r == 0 && rmdir(dir) < 0 && errno != ENOENT)
		r = vsm_error_sys(err, errno, "%s: rmdir", dir);
	return r;
}
