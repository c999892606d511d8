/* Disk limits: config (dlimits/<x>/…), the backend probe, the usage cache and vdu's tree walk. */
#include "backend/dlimit.h"
#include "backend/dlimit_internal.h"
#include "backend/fsutil.h"
#include "backend/paths.h"
#include "kernel/kconfig.h"

#include <dirent.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

enum dlimit_backend dlimit_probe(char *why, size_t len)
{
	/* Project quotas on ext4/xfs need quota support and (ext4) the v2 quota format. */
	struct kconfig kc;
	if (kconfig_load(&kc, NULL, NULL) < 0) {
		snprintf(why, len, "the kernel exposes no config to probe quota support in");
		return DLIMIT_BACKEND_IMAGE;
	}
	char q = kconfig_value(&kc, "CONFIG_QUOTA"), v2 = kconfig_value(&kc, "CONFIG_QFMT_V2");
	kconfig_free(&kc);
	if (q != 'y') {
		snprintf(why, len, "the kernel has no quota support (CONFIG_QUOTA)");
		return DLIMIT_BACKEND_IMAGE;
	}
	if (!v2) {
		snprintf(why, len, "the kernel lacks quota format v2 (CONFIG_QFMT_V2)");
		return DLIMIT_BACKEND_IMAGE;
	}
	/* The project-quota backend is not implemented yet: the image backend serves every host. */
	snprintf(why, len, "project quotas are available but not implemented in vsm yet");
	return DLIMIT_BACKEND_IMAGE;
}

const char *dlimit_backend_name(enum dlimit_backend b)
{
	return b == DLIMIT_BACKEND_QUOTA ? "quota" : "image";
}

static int conf_dir(const char *name, char *buf, size_t len)
{
	int n = snprintf(buf, len, "%s/%s/dlimits", vsm_paths()->confdir, name);
	return (n < 0 || (size_t)n >= len) ? -ENAMETOOLONG : 0;
}

int dlimit_vdir(const char *name, char *buf, size_t len)
{
	char link[PATH_MAX + 8];
	snprintf(link, sizeof(link), "%s/%s/vdir", vsm_paths()->confdir, name);
	ssize_t n = readlink(link, buf, len - 1);
	if (n > 0 && buf[0] == '/') {
		buf[n] = '\0';
		return 0;
	}
	n = snprintf(buf, len, "%s/%s", vsm_paths()->vdirbase, name);
	return (n < 0 || (size_t)n >= len) ? -ENAMETOOLONG : 0;
}

int dlimit_image_path(const char *name, char *buf, size_t len)
{
	int n = snprintf(buf, len, "%s/.dlimits/%s.img", vsm_paths()->vdirbase, name);
	return (n < 0 || (size_t)n >= len) ? -ENAMETOOLONG : 0;
}

bool dlimit_has_image(const char *name)
{
	char img[PATH_MAX];
	return dlimit_image_path(name, img, sizeof(img)) == 0 && access(img, F_OK) == 0;
}

static int read_u64(int dfd, const char *file, uint64_t *v, const char *where, struct vsm_error *err)
{
	char *text = NULL;
	size_t len;
	int r = fs_read_file_at(dfd, file, 64, &text, &len, err);
	if (r < 0)
		return vsm_error_set(err, -r, "%s/%s: %s", where, file,
				     r == -ENOENT ? "missing (all four files are required)" : err->msg);
	char *end;
	errno = 0;
	unsigned long long x = strtoull(text, &end, 10);
	while (*end == '\n' || *end == ' ')
		end++;
	r = (errno || end == text || *end || text[0] == '-') ? -EINVAL : 0;
	free(text);
	if (r < 0)
		return vsm_error_set(err, EINVAL, "%s/%s: not a non-negative number", where, file);
	*v = x;
	return 0;
}

int dlimit_load(const char *name, struct dlimit *dl, struct vsm_error *err)
{
	char dir[PATH_MAX];
	if (conf_dir(name, dir, sizeof(dir)) < 0)
		return vsm_error_set(err, ENAMETOOLONG, "%s: path too long", name);
	DIR *d = opendir(dir);
	if (!d)
		return errno == ENOENT ? -ENOENT : vsm_error_sys(err, errno, "opendir %s", dir);
	/* util-vserver allows several entries; vsm limits the guest root, so the first one counts. */
	char first[256] = "";
	struct dirent *de;
	while ((de = readdir(d)))
		if (de->d_name[0] != '.' && (!first[0] || strcmp(de->d_name, first) < 0))
			snprintf(first, sizeof(first), "%s", de->d_name);
	closedir(d);
	if (!first[0])
		return -ENOENT;
	char where[PATH_MAX + 300];
	snprintf(where, sizeof(where), "%s/%s", dir, first);
	int dfd = open(where, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return vsm_error_sys(err, errno, "open %s", where);
	memset(dl, 0, sizeof(*dl));
	if (access(where, F_OK) == 0 && faccessat(dfd, "disabled", F_OK, 0) == 0) {
		close(dfd);
		return -ENOENT;
	}
	char *text = NULL;
	size_t len;
	uint64_t res = 0;
	int r = fs_read_file_at(dfd, "directory", PATH_MAX, &text, &len, err);
	if (r < 0) {
		r = vsm_error_set(err, -r, "%s/directory: missing (all four files are required)", where);
	} else {
		text[strcspn(text, "\n")] = '\0';
		snprintf(dl->directory, sizeof(dl->directory), "%s", text);
		free(text);
		if ((r = read_u64(dfd, "space_total", &dl->space_total_kb, where, err)) == 0 &&
		    (r = read_u64(dfd, "inodes_total", &dl->inodes_total, where, err)) == 0 &&
		    (r = read_u64(dfd, "reserved", &res, where, err)) == 0 && res > 50)
			r = vsm_error_set(err, EINVAL, "%s/reserved: %" PRIu64 "%% is more than 50%%",
					  where, res);
		dl->reserved_pct = (unsigned)res;
	}
	close(dfd);
	return r;
}

int dlimit_save(const char *name, const struct dlimit *dl, struct vsm_error *err)
{
	char dir[PATH_MAX], path[PATH_MAX + 32], buf[PATH_MAX + 2];
	if (conf_dir(name, dir, sizeof(dir)) < 0)
		return vsm_error_set(err, ENAMETOOLONG, "%s: path too long", name);
	/* Keep the name of an existing entry; a new one is "0". */
	DIR *d = opendir(dir);
	char entry[256] = "0";
	if (d) {
		struct dirent *de;
		char first[256] = "";
		while ((de = readdir(d)))
			if (de->d_name[0] != '.' && (!first[0] || strcmp(de->d_name, first) < 0))
				snprintf(first, sizeof(first), "%s", de->d_name);
		closedir(d);
		if (first[0])
			snprintf(entry, sizeof(entry), "%s", first);
	}
	snprintf(path, sizeof(path), "%s/%s", dir, entry);
	int r = fs_mkdir_p(path, 0755, err);
	if (r < 0)
		return r;
	struct { const char *file; char val[PATH_MAX + 2]; } f[4];
	f[0].file = "directory";
	snprintf(f[0].val, sizeof(f[0].val), "%s\n", dl->directory);
	f[1].file = "space_total";
	snprintf(f[1].val, sizeof(f[1].val), "%" PRIu64 "\n", dl->space_total_kb);
	f[2].file = "inodes_total";
	snprintf(f[2].val, sizeof(f[2].val), "%" PRIu64 "\n", dl->inodes_total);
	f[3].file = "reserved";
	snprintf(f[3].val, sizeof(f[3].val), "%u\n", dl->reserved_pct);
	for (int i = 0; i < 4; i++) {
		snprintf(buf, sizeof(buf), "%s/%s", path, f[i].file);
		if ((r = fs_write_atomic_path(buf, f[i].val, strlen(f[i].val), 0644, err)) < 0)
			return r;
	}
	return 0;
}

static int cache_path(const char *name, char *buf, size_t len)
{
	int n = snprintf(buf, len, "%s/%s/dlimits", vsm_paths()->cachedir, name);
	return (n < 0 || (size_t)n >= len) ? -ENAMETOOLONG : 0;
}

void dlimit_usage_from_statvfs(const struct statvfs *s, struct dlimit_usage *u)
{
	uint64_t k = s->f_frsize / 1024;
	u->space_total_kb = (uint64_t)s->f_blocks * k;
	u->space_used_kb = (uint64_t)(s->f_blocks - s->f_bfree) * k;
	u->inodes_total = s->f_files;
	u->inodes_used = s->f_files - s->f_ffree;
}

int dlimit_cache_write(const char *name, const struct dlimit_usage *u, struct vsm_error *err)
{
	char path[PATH_MAX], dir[PATH_MAX], buf[256];
	if (cache_path(name, path, sizeof(path)) < 0)
		return vsm_error_set(err, ENAMETOOLONG, "%s: path too long", name);
	snprintf(dir, sizeof(dir), "%s/%s", vsm_paths()->cachedir, name);
	int r = fs_mkdir_p(dir, 0755, err);
	if (r < 0)
		return r;
	int n = snprintf(buf, sizeof(buf),
			 "space_used=%" PRIu64 "\nspace_total=%" PRIu64 "\ninodes_used=%" PRIu64
			 "\ninodes_total=%" PRIu64 "\n",
			 u->space_used_kb, u->space_total_kb, u->inodes_used, u->inodes_total);
	return fs_write_atomic_path(path, buf, (size_t)n, 0644, err);
}

static int cache_read(const char *name, struct dlimit_usage *u)
{
	char path[PATH_MAX];
	if (cache_path(name, path, sizeof(path)) < 0)
		return -ENAMETOOLONG;
	FILE *f = fopen(path, "re");
	if (!f)
		return -errno;
	char key[32];
	unsigned long long v;
	int got = 0;
	while (fscanf(f, "%31[a-z_]=%llu\n", key, &v) == 2) {
		if (!strcmp(key, "space_used"))
			u->space_used_kb = v, got |= 1;
		else if (!strcmp(key, "space_total"))
			u->space_total_kb = v, got |= 2;
		else if (!strcmp(key, "inodes_used"))
			u->inodes_used = v, got |= 4;
		else if (!strcmp(key, "inodes_total"))
			u->inodes_total = v, got |= 8;
	}
	fclose(f);
	return got == 15 ? 0 : -EINVAL;
}

int dlimit_usage_peek(const char *name, struct dlimit_usage *u)
{
	memset(u, 0, sizeof(*u));
	char vdir[PATH_MAX];
	struct statvfs s;
	if (!dlimit_has_image(name))
		return -ENOENT;
	if (dlimit_vdir(name, vdir, sizeof(vdir)) == 0 && dlimit_image_mounted(name, vdir, NULL) &&
	    statvfs(vdir, &s) == 0) {
		dlimit_usage_from_statvfs(&s, u);
		return 0;
	}
	return cache_read(name, u) == 0 ? 0 : -ENOENT;
}

int dlimit_usage_get(const char *name, struct dlimit_usage *u, struct vsm_error *err)
{
	memset(u, 0, sizeof(*u));
	if (!dlimit_has_image(name))
		return -ENOENT;
	char vdir[PATH_MAX];
	struct statvfs s;
	if (dlimit_vdir(name, vdir, sizeof(vdir)) == 0 && dlimit_image_mounted(name, vdir, NULL) &&
	    statvfs(vdir, &s) == 0) {
		dlimit_usage_from_statvfs(&s, u);
		return 0;
	}
	if (cache_read(name, u) == 0)
		return 0;
	/* No record yet (an image made by hand): read it from a private mount. */
	int r = dlimit_image_statvfs(name, u, err);
	if (r == 0)
		dlimit_cache_write(name, u, NULL);
	return r;
}

/* Inode numbers already counted (hard links), a small open-addressing set. */
struct seen {
	uint64_t *v;
	size_t cap, n;
};

static bool seen_add(struct seen *s, uint64_t ino)
{
	if (s->n * 2 >= s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 1024;
		uint64_t *v = calloc(cap, sizeof(*v));
		if (!v)
			return true;
		for (size_t i = 0; i < s->cap; i++)
			if (s->v[i])
				for (size_t j = s->v[i] % cap;; j = (j + 1) % cap)
					if (!v[j]) {
						v[j] = s->v[i];
						break;
					}
		free(s->v);
		s->v = v;
		s->cap = cap;
	}
	uint64_t key = ino + 1;
	for (size_t j = key % s->cap;; j = (j + 1) % s->cap) {
		if (s->v[j] == key)
			return false;
		if (!s->v[j]) {
			s->v[j] = key;
			s->n++;
			return true;
		}
	}
}

static int du_walk(int dfd, dev_t dev, struct seen *seen, uint64_t *blocks, uint64_t *inodes,
		   int depth, struct vsm_error *err)
{
	if (depth > 256)
		return vsm_error_set(err, ELOOP, "directory tree deeper than 256 levels");
	DIR *d = fdopendir(dfd);
	if (!d) {
		int e = errno;
		close(dfd);
		return vsm_error_sys(err, e, "fdopendir");
	}
	struct dirent *de;
	int r = 0;
	while (r == 0 && (de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		struct stat st;
		if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0 || st.st_dev != dev)
			continue;
		if (st.st_nlink > 1 && !S_ISDIR(st.st_mode) && !seen_add(seen, st.st_ino))
			continue;
		*blocks += (uint64_t)st.st_blocks;
		(*inodes)++;
		if (S_ISDIR(st.st_mode)) {
			int c = openat(dirfd(d), de->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (c >= 0)
				r = du_walk(c, dev, seen, blocks, inodes, depth + 1, err);
		}
	}
	closedir(d);
	return r;
}

int dlimit_du(const char *dir, uint64_t *kb, uint64_t *inodes, struct vsm_error *err)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return vsm_error_sys(err, errno, "open %s", dir);
	struct stat st;
	if (fstat(fd, &st) < 0) {
		int e = errno;
		close(fd);
		return vsm_error_sys(err, e, "stat %s", dir);
	}
	struct seen seen = { 0 };
	uint64_t blocks = (uint64_t)st.st_blocks, n = 1;
	int r = du_walk(fd, st.st_dev, &seen, &blocks, &n, 0, err);
	free(seen.v);
	if (r < 0)
		return vsm_error_prefix(err, "%s", dir);
	*kb = blocks / 2;
	*inodes = n;
	return 0;
}
