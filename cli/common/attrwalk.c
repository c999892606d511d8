/* fd-relative visiting for setattr/showattr (see attrwalk.h). */
#include "cli/common/attrwalk.h"
#include "cli/common/cli.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int open_entry(int dirfd, const char *name, struct stat *st)
{
	if (fstatat(dirfd, name, st, AT_SYMLINK_NOFOLLOW) < 0)
		return -errno;
	if (!S_ISREG(st->st_mode) && !S_ISDIR(st->st_mode))
		return -1;	/* no flags on links and special files; not an error */
	int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	struct stat s2;
	if (fstat(fd, &s2) < 0 || s2.st_ino != st->st_ino || s2.st_dev != st->st_dev) {
		close(fd);
		return -ESTALE;	/* swapped between stat and open */
	}
	return fd;
}

static int walk_dir(int dfd, const char *display, dev_t dev, int depth,
		    const struct attrwalk_opts *o, attrwalk_fn fn, void *user)
{
	int lfd = dup(dfd), fails = 0;
	DIR *d = lfd >= 0 ? fdopendir(lfd) : NULL;
	if (!d) {
		cli_warn("%s: %s", display, strerror(errno));
		if (lfd >= 0)
			close(lfd);
		return 1;
	}
	struct dirent *de;
	while ((de = readdir(d))) {
		const char *n = de->d_name;
		if (!strcmp(n, ".") || !strcmp(n, "..") || (n[0] == '.' && !o->all))
			continue;
		char path[PATH_MAX];
		snprintf(path, sizeof(path), "%s/%s", display, n);
		struct stat st;
		int fd = open_entry(dfd, n, &st);
		if (fd < -1) {
			cli_warn("%s: %s", path, strerror(-fd));
			fails++;
			continue;
		}
		fails += fn(fd, path, &st, user);
		if (fd >= 0 && S_ISDIR(st.st_mode) && o->recursive && depth < 256 &&
		    !(o->one_fs && st.st_dev != dev))
			fails += walk_dir(fd, path, dev, depth + 1, o, fn, user);
		if (fd >= 0)
			close(fd);
	}
	closedir(d);
	return fails;
}

int attrwalk_path(const char *path, const struct attrwalk_opts *o, attrwalk_fn fn, void *user)
{
	struct stat st;
	int fd = open_entry(AT_FDCWD, path, &st);
	if (fd < -1) {
		cli_warn("%s: %s", path, strerror(-fd));
		return 1;
	}
	int fails = 0;
	bool is_dir = fd >= 0 && S_ISDIR(st.st_mode);
	if (!(is_dir && o->list_dirs))
		fails += fn(fd, path, &st, user);
	if (is_dir && (o->recursive || o->list_dirs))
		fails += walk_dir(fd, path, st.st_dev, 0, o, fn, user);
	if (fd >= 0)
		close(fd);
	return fails;
}
