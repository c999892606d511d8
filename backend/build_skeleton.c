/* Method `skeleton`: an empty system tree with base files. The runtime mounts a fresh /dev,
 * /proc and /sys at start, so those are only directories here. */
#include "backend/build_method.h"
#include "backend/fsutil.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define VSM_MARK "# written by vsm build"

static const struct {
	const char *path;
	mode_t mode;
} tree[] = {
	{ "bin", 0755 },     { "sbin", 0755 },	    { "lib", 0755 },	  { "usr", 0755 },
	{ "usr/bin", 0755 }, { "usr/sbin", 0755 },  { "usr/lib", 0755 },  { "usr/share", 0755 },
	{ "etc", 0755 },     { "etc/init.d", 0755 }, { "root", 0700 },	  { "home", 0755 },
	{ "tmp", 01777 },    { "var", 0755 },	    { "var/log", 0755 },  { "var/tmp", 01777 },
	{ "var/lib", 0755 }, { "var/spool", 0755 }, { "var/cache", 0755 }, { "run", 0755 },
	{ "run/lock", 01777 }, { "proc", 0555 },    { "sys", 0555 },	  { "dev", 0755 },
	{ "dev/pts", 0755 }, { "dev/shm", 01777 },  { "mnt", 0755 },	  { "opt", 0755 },
	{ "srv", 0755 },
};

static const struct {
	const char *path;
	mode_t mode;
	const char *text;
} base_files[] = {
	{ "etc/passwd", 0644,
	  "root:x:0:0:root:/root:/bin/sh\n"
	  "daemon:x:1:1:daemon:/usr/sbin:/bin/false\n"
	  "nobody:x:65534:65534:nobody:/nonexistent:/bin/false\n" },
	{ "etc/shadow", 0640,
	  "root:*:20000:0:99999:7:::\n"
	  "daemon:*:20000:0:99999:7:::\n"
	  "nobody:*:20000:0:99999:7:::\n" },
	{ "etc/group", 0644,
	  "root:x:0:\ndaemon:x:1:\nadm:x:4:\ntty:x:5:\nshadow:x:42:\nusers:x:100:\n"
	  "nogroup:x:65534:\n" },
	{ "etc/fstab", 0644,
	  "# The host mounts /proc, /sys, /dev and the entries of this guest's fstab in its\n"
	  "# vsm config dir at start; nothing to mount from inside.\n" },
	{ "etc/nsswitch.conf", 0644,
	  "passwd: files\ngroup: files\nshadow: files\nhosts: files dns\nnetworks: files\n" },
	{ "etc/shells", 0644, "/bin/sh\n" },
};

int build_skeleton_populate(struct build_ctx *c, struct vsm_error *err)
{
	int r;
	for (size_t i = 0; i < sizeof(tree) / sizeof(tree[0]); i++)
		if ((r = build_root_mkdir(c, tree[i].path, tree[i].mode, err)) < 0)
			return r;
	/* As on current Debian: /var/run and /var/lock live in /run. */
	if ((r = build_root_symlink(c, "../run", "var/run", err)) < 0 ||
	    (r = build_root_symlink(c, "../run/lock", "var/lock", err)) < 0)
		return r;
	for (size_t i = 0; i < sizeof(base_files) / sizeof(base_files[0]); i++)
		if ((r = build_root_write(c, base_files[i].path, base_files[i].text, base_files[i].mode,
					  err)) < 0)
			return r;
	/* Name resolution as on the host (util-vserver copied it too); optional. */
	char *resolv = NULL;
	if (fs_read_file_at(AT_FDCWD, "/etc/resolv.conf", 64 * 1024, &resolv, NULL, NULL) == 0) {
		r = build_root_write(c, "etc/resolv.conf", resolv, 0644, err);
		free(resolv);
		if (r < 0)
			return r;
	}
	build_report(c, "skeleton", 10, "directory tree and base files written");
	return 0;
}

/* True if the guest's FILE exists and was not written by vsm (then it is the guest's own). */
static bool root_file_is_foreign(struct build_ctx *c, const char *file)
{
	/* O_NONBLOCK and a type check: a FIFO or device planted in a cloned tree must not hang or
	 * drive the build; anything but a regular file counts as the guest's own. */
	int fd = fs_open_in_root(c->rootfd, file, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY, 0,
				 NULL);
	if (fd == -ELOOP || fd == -ENXIO)
		return true;
	if (fd < 0)
		return false;
	struct stat st;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return true;
	}
	char buf[4096];
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n < 0)
		return true;
	buf[n] = '\0';
	return strstr(buf, VSM_MARK) == NULL;
}

int build_identity_write(struct build_ctx *c, struct vsm_error *err)
{
	char text[512];
	snprintf(text, sizeof(text), "%s\n", c->hostname);
	int r = build_root_mkdir(c, "etc", 0755, err);
	if (r == 0)
		r = build_root_write(c, "etc/hostname", text, 0644, err);
	if (r < 0)
		return r;
	/* A tarball's or a clone's own hosts file is kept; one of ours, none, or the host's copy
	 * debootstrap leaves (c->hosts_replace) is (re)written. */
	if (!c->hosts_replace && root_file_is_foreign(c, "etc/hosts"))
		return 0;
	char shortname[128];
	snprintf(shortname, sizeof(shortname), "%s", c->hostname);
	char *dot = strchr(shortname, '.');
	if (dot)
		*dot = '\0';
	snprintf(text, sizeof(text),
		 VSM_MARK " for guest %s\n"
		 "127.0.0.1\tlocalhost\n"
		 "127.0.1.1\t%s%s%s\n"
		 "::1\t\tlocalhost ip6-localhost ip6-loopback\n",
		 c->name, c->hostname, strcmp(shortname, c->hostname) ? " " : "",
		 strcmp(shortname, c->hostname) ? shortname : "");
	return build_root_write(c, "etc/hosts", text, 0644, err);
}

static int skeleton_populate(struct build_ctx *c, struct vsm_error *err)
{
	return build_skeleton_populate(c, err);
}

const struct build_method build_method_skeleton = {
	.name = "skeleton",
	.populate = skeleton_populate,
};
