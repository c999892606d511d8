/* Context ids for new guests: static 2..49151 as in util-vserver, never a duplicate. The scan
 * covers every directory in the config dir, build temporaries included, and the new `context`
 * file is written before the allocation lock is released, so concurrent builds see each other.
 * (To switch to backend/config's config_context_next once it is on main.) */
#include "backend/build_method.h"
#include "backend/fsutil.h"
#include "backend/lock.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CTX_MIN 2
#define CTX_MAX 49151
#define CTX_START 40000	/* util-vserver's context.start */

/* The first line of DIRFD/NAME as an integer in range, or 0. */
static int read_ctx(int dirfd, const char *name)
{
	char *buf = NULL;
	if (fs_read_file_at(dirfd, name, 64, &buf, NULL, NULL) < 0)
		return 0;
	char *end;
	long v = strtol(buf, &end, 10);
	int ok = end != buf && (*end == '\0' || *end == '\n' || *end == '\r' || *end == ' ');
	free(buf);
	return (ok && v >= CTX_MIN && v <= CTX_MAX) ? (int)v : 0;
}

/* Mark the contexts in use in USED and name the owner of WANT in OWNER. */
static int ctx_scan(const char *confdir, unsigned char *used, int want, char *owner,
		    size_t olen, struct vsm_error *err)
{
	DIR *d = opendir(confdir);
	if (!d)
		return errno == ENOENT ? 0 : vsm_error_sys(err, errno, "opendir %s", confdir);
	struct dirent *de;
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..") ||
		    !strcmp(de->d_name, ".defaults") || !strcmp(de->d_name, ".distributions"))
			continue;
		int gfd = openat(dirfd(d), de->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (gfd < 0)
			continue;
		int ctx = read_ctx(gfd, "context");
		close(gfd);
		if (!ctx)
			continue;
		used[ctx / 8] |= (unsigned char)(1u << (ctx % 8));
		if (ctx == want)
			snprintf(owner, olen, "%s", de->d_name);
	}
	closedir(d);
	return 0;
}

static bool ctx_used(const unsigned char *used, int ctx)
{
	return used[ctx / 8] & (1u << (ctx % 8));
}

static int ctx_pick(struct build_ctx *c, struct vsm_error *err)
{
	unsigned char used[CTX_MAX / 8 + 1] = {0};
	char owner[256] = "";
	int r = ctx_scan(c->paths->confdir, used, c->o->context, owner, sizeof(owner), err);
	if (r < 0)
		return r;
	if (c->o->context) {
		if (ctx_used(used, c->o->context))
			return vsm_error_set(err, EEXIST, "--context %d: already used by %s/%s",
					     c->o->context, c->paths->confdir, owner);
		return c->o->context;
	}
	int start = CTX_START;
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/.defaults", c->paths->confdir);
	int dfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		int next = read_ctx(dfd, "context.next");
		if (next)
			start = next;
		close(dfd);
	}
	for (int i = 0; i <= CTX_MAX - CTX_MIN; i++) {
		int ctx = CTX_MIN + (start - CTX_MIN + i) % (CTX_MAX - CTX_MIN + 1);
		if (!ctx_used(used, ctx))
			return ctx;
	}
	return vsm_error_set(err, ENOSPC, "no free context id left in %d..%d", CTX_MIN, CTX_MAX);
}

int build_context_assign(struct build_ctx *c, struct vsm_error *err)
{
	/* Not a valid guest name, so it never collides with a guest's lock. */
	int lock = guest_lock(".context-alloc", true, err);
	if (lock < 0)
		return lock;
	int ctx = ctx_pick(c, err);
	int r = ctx;
	if (ctx > 0) {
		char buf[32];
		snprintf(buf, sizeof(buf), "%d\n", ctx);
		r = fs_write_atomic(c->conffd, "context", buf, strlen(buf), 0644, err);
	}
	if (r >= 0 && !c->o->context) {
		char path[PATH_MAX], buf[32];
		snprintf(path, sizeof(path), "%s/.defaults", c->paths->confdir);
		snprintf(buf, sizeof(buf), "%d\n", ctx >= CTX_MAX ? CTX_MIN : ctx + 1);
		if ((r = fs_mkdir_p(path, 0755, err)) == 0) {
			int dfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
			if (dfd < 0)
				r = vsm_error_sys(err, errno, "open %s", path);
			else {
				r = fs_write_atomic(dfd, "context.next", buf, strlen(buf), 0644, err);
				close(dfd);
			}
		}
	}
	guest_unlock(lock);
	if (r < 0)
		return r;
	c->context = ctx;
	return 0;
}
