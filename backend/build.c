/* The build driver: check options, lock, fill temporary directories through the method, write
 * the config, then rename both into place. Nothing of a failed build survives. */
#include "backend/build_method.h"
#include "backend/fsutil.h"
#include "backend/guest_name.h"
#include "backend/lock.h"
#include "backend/run_probe.h"

#include <ctype.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const struct build_method *const methods[] = {
	&build_method_skeleton, &build_method_busybox, &build_method_debootstrap,
	&build_method_clone,	&build_method_template,
};

const char *const build_method_names[] = { "skeleton", "busybox", "debootstrap", "clone",
					   "template", NULL };

/* util-vserver's init styles; an unknown one would only fail later, at start. */
static const char *const init_styles[] = { "sysv", "plain", "minit", "gentoo", "openrc", "arch",
					   NULL };

/* Test hook: VSM_BUILD_STALL=STAGE, STAGE@PERCENT or STAGE@+PERCENT (the first report at or
 * above) makes the builder stop there until killed, so the interrupted-build tests can kill it
 * at a known point. */
static void build_stall_point(const char *stage, int percent)
{
	const char *want = getenv("VSM_BUILD_STALL");
	if (!want || !*want)
		return;
	size_t n = strlen(stage);
	if (strncmp(want, stage, n) != 0)
		return;
	const char *at = want + n;
	if (*at == '@' && at[1] == '+') {
		if (percent < atoi(at + 2))
			return;
	} else if (*at == '@') {
		if (percent != atoi(at + 1))
			return;
	} else if (*at) {
		return;
	}
	for (;;)
		pause();
}

void build_report(struct build_ctx *c, const char *stage, int percent, const char *fmt, ...)
{
	if (!c->o->progress) {
		build_stall_point(stage, percent);
		return;
	}
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	struct build_progress p = { .stage = stage, .percent = percent, .message = msg };
	c->o->progress(&p, c->o->progress_user);
	build_stall_point(stage, percent);
}

static const struct build_method *method_find(const char *name)
{
	for (size_t i = 0; i < sizeof(methods) / sizeof(methods[0]); i++)
		if (name && !strcmp(methods[i]->name, name))
			return methods[i];
	return NULL;
}

/* RFC 1123 host name: labels of [A-Za-z0-9-], not starting or ending with '-', at most 64
 * characters in all (the UTS field size minus its NUL). */
static int hostname_check(const char *h, struct vsm_error *err)
{
	size_t n = strlen(h), label = 0;
	if (n == 0 || n > 64)
		return vsm_error_set(err, EINVAL, "--hostname '%s': must be 1..64 characters", h);
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)h[i];
		if (ch == '.') {
			if (label == 0 || h[i - 1] == '-')
				return vsm_error_set(err, EINVAL, "--hostname '%s': empty label or label "
						     "ending in '-'", h);
			label = 0;
		} else if (isascii(ch) && (isalnum(ch) || ch == '-')) {
			if (label == 0 && ch == '-')
				return vsm_error_set(err, EINVAL, "--hostname '%s': a label starts with '-'",
						     h);
			label++;
		} else {
			return vsm_error_set(err, EINVAL, "--hostname '%s': character %zu is not one of "
					     "A-Z a-z 0-9 - .", h, i + 1);
		}
	}
	if (h[n - 1] == '-' || h[n - 1] == '.')
		return vsm_error_set(err, EINVAL, "--hostname '%s': must not end in '-' or '.'", h);
	return 0;
}

static int flags_check(const char *flags, struct vsm_error *err)
{
	for (const char *p = flags; *p; p++)
		if (!(isascii((unsigned char)*p) && (isalnum((unsigned char)*p) || strchr("_,~!", *p))))
			return vsm_error_set(err, EINVAL, "--flags '%s': expected names separated by "
					     "commas (A-Z a-z 0-9 _, optional ~ or ! prefix)", flags);
	return 0;
}

static int opts_check(const struct build_opts *o, struct vsm_error *err)
{
	int r = guest_name_check(o->name, err);
	if (r < 0)
		return r;
	if (!o->method)
		return vsm_error_set(err, EINVAL, "no build method: use -m skeleton|busybox|"
				     "debootstrap|clone|template");
	if (!method_find(o->method))
		return vsm_error_set(err, EINVAL, "unknown build method '%s'; expected one of "
				     "skeleton, busybox, debootstrap, clone, template", o->method);
	if (o->hostname && (r = hostname_check(o->hostname, err)) < 0)
		return r;
	if (o->context != 0 && (o->context < 2 || o->context > 49151))
		return vsm_error_set(err, ERANGE, "--context %d: static context ids are 2..49151",
				     o->context);
	if (o->flags && (r = flags_check(o->flags, err)) < 0)
		return r;
	if (o->initstyle) {
		size_t i = 0;
		while (init_styles[i] && strcmp(init_styles[i], o->initstyle))
			i++;
		if (!init_styles[i])
			return vsm_error_set(err, EINVAL, "--initstyle '%s': expected one of sysv, plain, "
					     "minit, gentoo, openrc, arch", o->initstyle);
	}
	if (o->rootdir && o->rootdir[0] != '/')
		return vsm_error_set(err, EINVAL, "--rootdir '%s': must be an absolute path",
				     o->rootdir);
	return 0;
}

static int path_join(char *buf, size_t len, const char *dir, const char *name)
{
	int n = snprintf(buf, len, "%s/%s", dir, name);
	return (n < 0 || (size_t)n >= len) ? -ENAMETOOLONG : 0;
}

static bool path_exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

/* --force: rename an existing PATH to PATH.~EPOCH~. */
static int move_aside(const char *path, time_t epoch, struct vsm_error *err)
{
	if (!path_exists(path))
		return 0;
	char aside[PATH_MAX + 32];
	snprintf(aside, sizeof(aside), "%s.~%lld~", path, (long long)epoch);
	if (path_exists(aside))
		return vsm_error_set(err, EEXIST, "--force: %s already exists", aside);
	if (rename(path, aside) < 0)
		return vsm_error_sys(err, errno, "--force: rename %s to %s", path, aside);
	return 0;
}

/* --keep: give a failed build's directories visible names so nothing mistakes them for live
 * temporaries (which the next build would remove). */
static void keep_failed(struct build_ctx *c)
{
	char dst[PATH_MAX + 48];
	long long now = (long long)time(NULL);
	snprintf(dst, sizeof(dst), "%s.failed.~%lld~", c->root_final, now);
	rename(c->root_tmp, dst);
	char root_kept[PATH_MAX + 48];
	memcpy(root_kept, dst, sizeof(dst));
	snprintf(dst, sizeof(dst), "%s.failed.~%lld~", c->conf_final, now);
	if (rename(c->conf_tmp, dst) == 0) {
		unlinkat(c->conffd, BUILD_MARK_ROOT, 0);
		build_report(c, "keep", -1, "kept the failed build: %s and %s", root_kept, dst);
	}
}

static int dir_fsync(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	fsync(fd);
	close(fd);
	return 0;
}

static int commit(struct build_ctx *c, const char *rootdir, struct vsm_error *err)
{
	build_report(c, "commit", 98, "moving %s into place", c->root_final);
	if (c->o->force) {
		time_t now = time(NULL);
		int r = move_aside(c->conf_final, now, err);
		if (r == 0)
			r = move_aside(c->root_final, now, err);
		if (r < 0)
			return r;
	}
	int r = fs_write_atomic(c->conffd, BUILD_MARK_COMMIT, "", 0, 0600, err);
	if (r < 0)
		return r;
	if (rename(c->root_tmp, c->root_final) < 0)
		return vsm_error_sys(err, errno, "rename %s to %s", c->root_tmp, c->root_final);
	build_report(c, "commit", 99, "root in place, moving %s into place", c->conf_final);
	if (rename(c->conf_tmp, c->conf_final) < 0) {
		int e = errno;
		rename(c->root_final, c->root_tmp);
		return vsm_error_sys(err, e, "rename %s to %s", c->conf_tmp, c->conf_final);
	}
	unlinkat(c->conffd, BUILD_MARK_COMMIT, 0);
	unlinkat(c->conffd, BUILD_MARK_ROOT, 0);
	dir_fsync(rootdir);
	dir_fsync(c->paths->confdir);
	return 0;
}

/* Everything from the temporary directories to the commit; the caller holds the lock. */
static int build_locked(struct build_ctx *c, const char *rootdir, struct vsm_error *err)
{
	int r = build_cleanup_name(c->name, rootdir, err);
	if (r < 0)
		return r;
	bool exists = path_exists(c->conf_final) || path_exists(c->root_final);
	if (exists && !c->o->force)
		return vsm_error_set(err, EEXIST, "guest %s exists (%s, %s); use --force to move it "
				     "aside", c->name, c->conf_final, c->root_final);
	if (exists && run_probe_is_running(c->name))
		return vsm_error_set(err, EBUSY, "guest %s is running; stop it before rebuilding",
				     c->name);
	if ((r = fs_mkdir_p(c->paths->confdir, 0755, err)) < 0 ||
	    (r = fs_mkdir_p(rootdir, 0755, err)) < 0)
		return r;
	if (build_tmp_path(c->paths->confdir, c->name, c->conf_tmp, sizeof(c->conf_tmp)) < 0 ||
	    build_tmp_path(rootdir, c->name, c->root_tmp, sizeof(c->root_tmp)) < 0)
		return vsm_error_set(err, ENAMETOOLONG, "%s: temporary path too long", c->name);

	/* Order matters for crash recovery: the config temporary first, recording where the root
	 * temporary goes, then the guardian, then the root. */
	if (mkdir(c->conf_tmp, 0755) < 0)
		return vsm_error_sys(err, errno, "mkdir %s", c->conf_tmp);
	c->conffd = open(c->conf_tmp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (c->conffd < 0) {
		r = vsm_error_sys(err, errno, "open %s", c->conf_tmp);
		rmdir(c->conf_tmp);
		return r;
	}
	struct build_guard guard = { .pid = -1, .fd = -1 };
	if (symlinkat(c->root_tmp, c->conffd, BUILD_MARK_ROOT) < 0)
		r = vsm_error_sys(err, errno, "%s: symlink %s", c->conf_tmp, BUILD_MARK_ROOT);
	if (r == 0)
		r = build_guard_start(c, &guard, err);
	if (r == 0 && mkdir(c->root_tmp, 0755) < 0)
		r = vsm_error_sys(err, errno, "mkdir %s", c->root_tmp);
	if (r == 0) {
		c->rootfd = open(c->root_tmp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (c->rootfd < 0)
			r = vsm_error_sys(err, errno, "open %s", c->root_tmp);
	}
	if (r == 0)
		r = build_context_assign(c, err);
	if (r == 0) {
		build_report(c, c->m->name, 2, "filling %s", c->root_tmp);
		r = c->m->populate(c, err);
	}
	if (r == 0) {
		build_report(c, "config", 95, "writing %s", c->conf_final);
		r = build_identity_write(c, err);
	}
	if (r == 0)
		r = build_config_write(c, err);
	if (r == 0)
		r = commit(c, rootdir, err);
	if (r < 0) {
		if (c->o->keep) {
			keep_failed(c);
		} else {
			struct vsm_error e2 = {0};
			int dfd = open(c->paths->confdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
			const char *base = strrchr(c->conf_tmp, '/') + 1;
			if (dfd >= 0) {
				build_tmp_discard(dfd, base, &e2);
				close(dfd);
			}
		}
	}
	build_guard_stop(&guard);
	return r;
}

int guest_build(const struct build_opts *o, struct vsm_error *err)
{
	int r = opts_check(o, err);
	if (r < 0)
		return r;
	struct build_ctx c = {
		.o = o, .m = method_find(o->method), .paths = vsm_paths(), .name = o->name,
		.hostname = o->hostname ? o->hostname : o->name, .rootfd = -1, .conffd = -1,
	};
	snprintf(c.initstyle, sizeof(c.initstyle), "%s",
		 o->initstyle ? o->initstyle : c.m->initstyle ? c.m->initstyle : "");
	snprintf(c.killseq, sizeof(c.killseq), "%s", c.m->killseq ? c.m->killseq : "");
	const char *rootdir = o->rootdir ? o->rootdir : c.paths->vdirbase;
	if (path_join(c.root_final, sizeof(c.root_final), rootdir, o->name) < 0 ||
	    vsm_path_guest_conf(c.paths, o->name, c.conf_final, sizeof(c.conf_final)) < 0)
		return vsm_error_set(err, ENAMETOOLONG, "%s: path too long", o->name);
	build_report(&c, "prepare", 0, "building %s with method %s", o->name, o->method);
	if (c.m->parse && (r = c.m->parse(&c, o->margc, o->margv, err)) < 0)
		goto out;
	int lock = guest_lock(o->name, false, err);
	if (lock == -EBUSY) {
		build_report(&c, "prepare", 0, "waiting for another command on %s", o->name);
		lock = guest_lock(o->name, true, err);
	}
	if (lock < 0) {
		r = lock;
		goto out;
	}
	r = build_locked(&c, rootdir, err);
	guest_unlock(lock);
	if (r == 0)
		build_report(&c, "done", 100, "guest %s built in %s", o->name, c.root_final);
out:
	if (c.rootfd >= 0)
		close(c.rootfd);
	if (c.conffd >= 0)
		close(c.conffd);
	if (c.m->release)
		c.m->release(&c);
	if (r < 0)
		vsm_error_prefix(err, "%s: build", o->name);
	return r;
}
