/* vhashify: share files through a per-filesystem hash store instead of pairwise. Each candidate
 * file is looked up in <store>/<2 hex>/<content hash>-<size>-<mode>-<uid>-<gid>-<xattr hash>-<n>;
 * an entry that is equal byte for byte becomes the inode the guest's name links to (the same
 * verified replace as vunify); without one, a private copy of the guest's file is added first
 * (util-vserver's default: the guest never shares the inode it wrote). */
#include "backend/unify.h"
#include "backend/fsutil.h"
#include "backend/paths.h"
#include "backend/unify_file.h"
#include "backend/unify_guest.h"
#include "backend/unify_scan.h"

#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_COLLISIONS 64

struct store {
	int fd;
	dev_t dev;
};

static void note(const struct unify_opts *o, const char *guest, const char *path, const char *what)
{
	if (o->note)
		o->note(o->user, guest, path, what);
}

static int store_open(const struct unify_opts *o, struct store *s, struct vsm_error *err)
{
	char path[PATH_MAX];
	if (o->hashdir)
		snprintf(path, sizeof(path), "%s", o->hashdir);
	else
		snprintf(path, sizeof(path), "%s/.hash", vsm_paths()->vdirbase);
	if (!o->dry_run) {
		int r = fs_mkdir_p(path, 0700, err);
		if (r < 0)
			return vsm_error_prefix(err, "hash store");
	}
	s->fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	struct stat st;
	if (s->fd < 0 && errno == ENOENT && o->dry_run) {
		/* A dry run before the first real one: the store would be made next to the
		 * guests, so it counts as empty and on their filesystem. */
		if (stat(vsm_paths()->vdirbase, &st) < 0)
			return vsm_error_sys(err, errno, "%s", vsm_paths()->vdirbase);
		s->dev = o->hashdir ? 0 : st.st_dev;
		return 0;
	}
	if (s->fd < 0 || fstat(s->fd, &st) < 0)
		return vsm_error_sys(err, errno, "hash store %s", path);
	s->dev = st.st_dev;
	return 0;
}

/* Link F (open as FD, hashes CH/XH) to its store entry, adding one when none matches. */
static void hashify_one(const struct unify_opts *o, struct unify_stats *st, struct store *s,
			const struct unify_guest *g, const struct unify_file *f, int fd, uint64_t ch,
			uint64_t xh)
{
	char sub[3], name[160];
	snprintf(sub, sizeof(sub), "%02x", (unsigned)(ch >> 56));
	if (!o->dry_run && mkdirat(s->fd, sub, 0700) < 0 && errno != EEXIST) {
		st->errors++;
		note(o, g->name, f->path, "hash store: mkdir failed");
		return;
	}
	int sfd = s->fd < 0 ? -1 : openat(s->fd, sub, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
					       O_CLOEXEC);
	for (int idx = 0; idx < MAX_COLLISIONS; idx++) {
		snprintf(name, sizeof(name), "%016" PRIx64 "-%jd-%o-%u-%u-%016" PRIx64 "-%d", ch,
			 (intmax_t)f->size, (unsigned)f->mode, (unsigned)f->uid, (unsigned)f->gid, xh,
			 idx);
		int cfd = sfd < 0 ? -1 : openat(sfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
						O_CLOEXEC);
		if (cfd < 0 && (sfd < 0 || errno == ENOENT)) {
			if (o->dry_run) {
				st->added++;
				note(o, g->name, f->path, "would add to the store");
				break;
			}
			struct vsm_error e = {0};
			int r = sfd < 0 ? vsm_error_set(&e, ENOENT, "hash store: no %s", sub)
					: unify_copy_to(sfd, name, fd, &e);
			if (r < 0 && r != -EEXIST) {
				st->errors++;
				note(o, g->name, f->path, e.msg);
				break;
			}
			/* Added (or another run added it meanwhile): link to this index. */
			if (r == 0)
				st->added++;
			idx--;
			continue;
		}
		if (cfd < 0)
			break;
		struct stat cst;
		enum unify_result res = UNIFY_DIFFERENT;
		unsigned long long freed = 0;
		struct stat expect = { .st_dev = f->dev, .st_ino = f->ino };
		struct vsm_error e = {0};
		int r = -1;
		if (fstat(cfd, &cst) == 0 && S_ISREG(cst.st_mode) && cst.st_dev == f->dev)
			r = unify_link_one(cfd, &cst, g->rootfd, f->path, &expect, o->dry_run, &res,
					   &freed, &e);
		close(cfd);
		if (r < 0) {
			st->errors++;
			note(o, g->name, f->path, e.msg[0] ? e.msg : "store entry unusable");
			break;
		}
		if (res == UNIFY_DIFFERENT)
			continue;	/* a hash collision: the next index */
		if (res == UNIFY_LINKED) {
			st->linked++;
			st->bytes_freed += freed;
			note(o, g->name, f->path, o->dry_run ? "would link" : "linked");
		} else if (res == UNIFY_ALREADY) {
			st->already++;
		} else {
			st->changed++;
			note(o, g->name, f->path, "changed during the run");
		}
		break;
	}
	if (sfd >= 0)
		close(sfd);
}

int unify_hashify(const char *const *names, size_t n, const struct unify_opts *o,
		  struct unify_stats *st, struct vsm_error *err)
{
	struct unify_opts go = *o;
	go.no_refservers = true;
	struct unify_guests gs;
	struct unify_files files = {0};
	struct store s = { .fd = -1 };
	memset(st, 0, sizeof(*st));
	int rc = unify_guests_open(&gs, names, n, &go, err);
	if (rc == 0)
		rc = store_open(o, &s, err);
	for (unsigned g = 0; rc == 0 && g < gs.n; g++) {
		rc = unify_scan_tree(gs.v[g].rootfd, g, &gs.v[g].excl, !o->dry_run, &files, NULL,
				     NULL, err);
		if (rc < 0)
			vsm_error_prefix(err, "%s", gs.v[g].name);
	}
	st->files = files.n;
	for (size_t i = 0; rc == 0 && i < files.n; i++) {
		const struct unify_file *f = &files.v[i];
		const struct unify_guest *g = &gs.v[f->guest];
		if (f->dev != s.dev) {
			note(o, g->name, f->path, "no hash store on its filesystem");
			continue;
		}
		int fd = unify_open_strict(g->rootfd, f->path, O_RDONLY | O_NONBLOCK | O_NOCTTY);
		struct stat fs;
		uint64_t ch, xh;
		if (fd < 0 || fstat(fd, &fs) < 0 || fs.st_ino != f->ino ||
		    unify_hash_fd(fd, &ch, &xh) < 0) {
			st->changed++;
			note(o, g->name, f->path, "changed during the scan");
		} else {
			hashify_one(o, st, &s, g, f, fd, ch, xh);
		}
		if (fd >= 0)
			close(fd);
	}
	if (s.fd >= 0)
		close(s.fd);
	unify_files_free(&files);
	unify_guests_close(&gs);
	return rc;
}
