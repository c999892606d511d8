/* Writing into a guest root under construction. The tree may come from a tarball, a clone or a
 * distribution installer, so every path is resolved inside the root (openat2 RESOLVE_IN_ROOT):
 * a symlink in the tree can never send a host-side write outside it. */
#include "backend/build_method.h"
#include "backend/fsutil.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Split PATH into its directory (or ".") and last component. */
static int path_split(const char *path, char *dir, size_t len, const char **base)
{
	const char *slash = strrchr(path, '/');
	if (!slash) {
		snprintf(dir, len, ".");
		*base = path;
		return 0;
	}
	if ((size_t)(slash - path) >= len)
		return -ENAMETOOLONG;
	snprintf(dir, len, "%.*s", (int)(slash - path), path);
	if (!dir[0])
		snprintf(dir, len, "/");
	*base = slash + 1;
	return **base ? 0 : -EINVAL;
}

int build_root_mkdir(struct build_ctx *c, const char *path, mode_t mode, struct vsm_error *err)
{
	char prefix[PATH_MAX];
	size_t n = strlen(path);
	if (n >= sizeof(prefix))
		return vsm_error_set(err, ENAMETOOLONG, "%s: path too long", path);
	memcpy(prefix, path, n + 1);
	for (size_t i = 1; i <= n; i++) {
		if (prefix[i] != '/' && prefix[i] != '\0')
			continue;
		char saved = prefix[i];
		prefix[i] = '\0';
		const char *base;
		char dir[PATH_MAX];
		if (path_split(prefix, dir, sizeof(dir), &base) < 0)
			return vsm_error_set(err, EINVAL, "%s: bad path", path);
		int dfd = fs_open_in_root(c->rootfd, dir, O_RDONLY | O_DIRECTORY, 0, err);
		if (dfd < 0)
			return dfd;
		int r = 0;
		if (mkdirat(dfd, base, mode) == 0) {
			/* Exact modes (1777 for tmp) whatever the umask. */
			if (fchmodat(dfd, base, mode, 0) < 0)
				r = vsm_error_sys(err, errno, "%s: chmod", prefix);
		} else if (errno != EEXIST) {
			r = vsm_error_sys(err, errno, "%s: mkdir in guest root", prefix);
		}
		close(dfd);
		if (r < 0)
			return r;
		prefix[i] = saved;
	}
	return 0;
}

int build_root_write(struct build_ctx *c, const char *path, const char *text, mode_t mode,
		     struct vsm_error *err)
{
	char dir[PATH_MAX];
	const char *base;
	if (path_split(path, dir, sizeof(dir), &base) < 0)
		return vsm_error_set(err, EINVAL, "%s: bad path", path);
	int dfd = fs_open_in_root(c->rootfd, dir, O_RDONLY | O_DIRECTORY, 0, err);
	if (dfd < 0)
		return dfd;
	int r = fs_write_atomic(dfd, base, text, strlen(text), mode, err);
	close(dfd);
	if (r < 0)
		vsm_error_prefix(err, "guest root /%s", path);
	return r;
}

int build_root_symlink(struct build_ctx *c, const char *target, const char *path,
		       struct vsm_error *err)
{
	char dir[PATH_MAX];
	const char *base;
	if (path_split(path, dir, sizeof(dir), &base) < 0)
		return vsm_error_set(err, EINVAL, "%s: bad path", path);
	int dfd = fs_open_in_root(c->rootfd, dir, O_RDONLY | O_DIRECTORY, 0, err);
	if (dfd < 0)
		return dfd;
	int r = 0;
	if (symlinkat(target, dfd, base) < 0)
		r = vsm_error_sys(err, errno, "guest root /%s: symlink to %s", path, target);
	close(dfd);
	return r;
}
