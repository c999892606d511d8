/* A guest's fstab, mounted inside its root by fd: targets resolved with RESOLVE_IN_ROOT, so an
 * entry can never land outside the guest whatever symlinks the guest planted. */
#include "backend/guest_mounts.h"
#include "kernel/mount.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const struct {
	const char *word;
	unsigned set;
} attr_words[] = {
	{ "ro", VSM_MNT_RDONLY },     { "nosuid", VSM_MNT_NOSUID }, { "nodev", VSM_MNT_NODEV },
	{ "noexec", VSM_MNT_NOEXEC }, { "noatime", VSM_MNT_NOATIME },
	{ "nodiratime", VSM_MNT_NODIRATIME },
};
/* Words meaning nothing to the filesystem itself. */
static const char *const ignored_words[] = { "defaults", "rw", "suid", "dev", "exec", "auto",
					     "noauto", "user", "nouser", "relatime", "_netdev",
					     "nofail", "bind", "rbind", NULL };

struct fstab_opts {
	unsigned attrs;
	bool bind, rbind;
	char fsopts[512];
};

static void split_opts(const char *opts, struct fstab_opts *o)
{
	char copy[512], *save = NULL;
	snprintf(copy, sizeof(copy), "%s", opts);
	memset(o, 0, sizeof(*o));
	for (char *w = strtok_r(copy, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
		bool known = false;
		for (size_t i = 0; i < sizeof(attr_words) / sizeof(attr_words[0]); i++)
			if (!strcmp(w, attr_words[i].word))
				o->attrs |= attr_words[i].set, known = true;
		for (int i = 0; ignored_words[i]; i++)
			if (!strcmp(w, ignored_words[i]))
				known = true;
		o->bind |= !strcmp(w, "bind") || !strcmp(w, "rbind");
		o->rbind |= !strcmp(w, "rbind");
		if (!known) {
			size_t n = strlen(o->fsopts);
			snprintf(o->fsopts + n, sizeof(o->fsopts) - n, "%s%s", n ? "," : "", w);
		}
	}
}

static bool skipped_target(const char *dst)
{
	static const char *const own[] = { "/proc", "/sys", "/dev", "/dev/pts", NULL };
	for (int i = 0; own[i]; i++)
		if (!strcmp(dst, own[i]))
			return true;
	return false;
}

static int mount_entry(int rootfd, const char *src, const char *dst, const char *type,
		       const char *opts, int line, struct vsm_error *err)
{
	struct fstab_opts o;
	split_opts(opts, &o);
	if (!strcmp(type, "bind") || !strcmp(type, "none"))
		o.bind = o.bind || !strcmp(type, "bind");
	int mfd, r;
	if (o.bind) {
		mfd = mnt_clone_tree(AT_FDCWD, src, o.rbind, err);
		r = mfd < 0 ? mfd : (o.attrs ? mnt_set_attrs(mfd, o.attrs, 0, o.rbind, err) : 0);
	} else {
		mfd = mnt_new_fs(type, src, o.fsopts, o.attrs, err);
		r = mfd < 0 ? mfd : 0;
	}
	if (r == 0) {
		int tfd = guest_mount_target(rootfd, dst, true, err);
		r = tfd < 0 ? tfd : mnt_attach(mfd, tfd, err);
		if (tfd >= 0)
			close(tfd);
	}
	if (mfd >= 0)
		close(mfd);
	return r < 0 ? vsm_error_prefix(err, "fstab entry %d (%s on %s)", line, src, dst) : 0;
}

int guest_fstab_mount(int rootfd, const struct guest_fstab_entry *e, size_t n,
		      struct vsm_error *err)
{
	for (size_t i = 0; i < n; i++) {
		if (e[i].file[0] != '/')
			return vsm_error_set(err, EINVAL, "fstab entry %zu: target '%s' is not absolute",
					     i + 1, e[i].file);
		if (skipped_target(e[i].file))
			continue;
		int r = mount_entry(rootfd, e[i].spec, e[i].file, e[i].type,
				    e[i].options[0] ? e[i].options : "defaults", (int)i + 1, err);
		if (r < 0)
			return r;
	}
	return 0;
}
