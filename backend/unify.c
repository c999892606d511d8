/* vunify: bucket the files of all guests by (filesystem, size, mode, owner), then by xxhash of
 * content and xattrs, and link each bucket's names to one inode after a byte-for-byte check
 * (unify_link_one). The hash never decides equality; it only keeps the comparisons few. */
#include "backend/unify.h"
#include "backend/unify_file.h"
#include "backend/unify_guest.h"
#include "backend/unify_scan.h"
#include "kernel/fsattr.h"

#include <fcntl.h>
#include <linux/fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct run {
	const struct unify_opts *o;
	struct unify_stats *st;
	struct unify_guests gs;
	struct unify_files files;
};

static void note(const struct run *r, const struct unify_file *f, const char *what)
{
	if (r->o->note)
		r->o->note(r->o->user, f ? r->gs.v[f->guest].name : NULL, f ? f->path : NULL, what);
}

static void note_skip(void *user, unsigned guest, const char *path, const char *why)
{
	const struct run *r = user;
	if (r->o->note)
		r->o->note(r->o->user, r->gs.v[guest].name, path, why);
}

static void note_error(struct run *r, const struct unify_file *f, const struct vsm_error *e)
{
	r->st->errors++;
	note(r, f, e->msg);
}

/* Order: the bucket key first, then inode, then guest (reference servers come after the named
 * guests in the table but are preferred as the shared copy, see pick_canonical). */
static int cmp_meta(const struct unify_file *a, const struct unify_file *b)
{
#define CMP(x) if (a->x != b->x) return a->x < b->x ? -1 : 1
	CMP(dev); CMP(size); CMP(mode); CMP(uid); CMP(gid);
	return 0;
}

static int cmp_bucket(const void *pa, const void *pb)
{
	const struct unify_file *a = pa, *b = pb;
	int c = cmp_meta(a, b);
	if (c)
		return c;
	CMP(bad); CMP(xhash); CMP(chash); CMP(ino); CMP(guest);
#undef CMP
	return 0;
}

/* Open F strictly and check it is still the inode the walk saw. */
static int file_open(struct run *r, const struct unify_file *f, struct stat *st)
{
	int fd = unify_open_strict(r->gs.v[f->guest].rootfd, f->path,
				   O_RDONLY | O_NONBLOCK | O_NOCTTY);
	if (fd < 0)
		return fd;
	if (fstat(fd, st) < 0 || !S_ISREG(st->st_mode) || st->st_ino != f->ino ||
	    st->st_dev != f->dev || st->st_size != f->size || st->st_mode != f->mode ||
	    st->st_uid != f->uid || st->st_gid != f->gid) {
		close(fd);
		return -ESTALE;
	}
	return fd;
}

/* Hash every inode of V[0..N) once (names of one inode are adjacent). */
static void hash_group(struct run *r, struct unify_file *v, size_t n)
{
	for (size_t i = 0; i < n;) {
		size_t j = i + 1;
		while (j < n && v[j].ino == v[i].ino)
			j++;
		uint64_t ch = 0, xh = 0;
		bool ok = false;
		for (size_t k = i; k < j && !ok; k++) {
			struct stat st;
			int fd = file_open(r, &v[k], &st);
			if (fd < 0)
				continue;
			ok = unify_hash_fd(fd, &ch, &xh) == 0;
			close(fd);
		}
		for (size_t k = i; k < j; k++) {
			v[k].hashed = true;
			v[k].bad = !ok;
			v[k].chash = ch;
			v[k].xhash = xh;
		}
		if (!ok)
			note(r, &v[i], "changed during the scan");
		i = j;
	}
}

static bool inode_in_two_guests(const struct unify_file *v, size_t n, ino_t ino)
{
	unsigned first = ~0u;
	for (size_t i = 0; i < n; i++) {
		if (v[i].ino != ino)
			continue;
		if (first == ~0u)
			first = v[i].guest;
		else if (v[i].guest != first)
			return true;
	}
	return false;
}

/* The inode the others get linked to: the one most names already share, then one of a reference
 * server, then the first named guest's. Returns an index into V. */
static size_t pick_canonical(const struct run *r, const struct unify_file *v, size_t n)
{
	size_t best = 0, best_cnt = 0;
	bool best_ref = false;
	unsigned best_guest = ~0u;
	for (size_t i = 0; i < n;) {
		size_t j = i + 1;
		bool ref = r->gs.v[v[i].guest].reference;
		unsigned guest = v[i].guest;
		while (j < n && v[j].ino == v[i].ino) {
			ref = ref || r->gs.v[v[j].guest].reference;
			guest = v[j].guest < guest ? v[j].guest : guest;
			j++;
		}
		size_t cnt = j - i;
		if (cnt > best_cnt || (cnt == best_cnt && ref && !best_ref) ||
		    (cnt == best_cnt && ref == best_ref && guest < best_guest)) {
			best = i;
			best_cnt = cnt;
			best_ref = ref;
			best_guest = guest;
		}
		i = j;
	}
	return best;
}

/* Link every name of V[0..N) (one content bucket) to one inode. */
static void link_bucket(struct run *r, struct unify_file *v, size_t n)
{
	size_t c = pick_canonical(r, v, n);
	struct stat cst;
	int cfd = -1;
	for (size_t k = c; k < n && v[k].ino == v[c].ino && cfd < 0; k++)
		cfd = file_open(r, &v[k], &cst);
	if (cfd < 0) {
		note(r, &v[c], "changed during the scan");
		r->st->changed++;
		return;
	}
	/* Freeze the shared copy before comparing against it: its content is then fixed for
	 * every comparison and link (unify_link_one lifts the flag only for each link). */
	unsigned cflags = 0;
	if (!r->o->dry_run && (fsattr_change(cfd, FS_IMMUTABLE_FL, 0, &cflags) < 0 ||
			       fstat(cfd, &cst) < 0)) {
		note(r, &v[c], "cannot set the immutable flag");
		r->st->errors++;
		close(cfd);
		return;
	}
	unsigned long linked = 0;
	for (size_t i = 0; i < n; i++) {
		if (v[i].ino == v[c].ino) {
			if (i != c)
				r->st->already++;
			continue;
		}
		struct stat expect = { .st_dev = v[i].dev, .st_ino = v[i].ino };
		enum unify_result res;
		unsigned long long freed = 0;
		struct vsm_error e = {0};
		int rc = unify_link_one(cfd, &cst, r->gs.v[v[i].guest].rootfd, v[i].path, &expect,
					r->o->dry_run, &res, &freed, &e);
		if (rc < 0) {
			note_error(r, &v[i], &e);
			continue;
		}
		switch (res) {
		case UNIFY_LINKED:
			r->st->linked++;
			linked++;
			r->st->bytes_freed += r->o->dry_run ? (unsigned long long)v[i].blocks * 512
							    : freed;
			note(r, &v[i], r->o->dry_run ? "would link" : "linked");
			break;
		case UNIFY_ALREADY:
			r->st->already++;
			break;
		case UNIFY_DIFFERENT:
			r->st->different++;
			note(r, &v[i], "different");
			break;
		case UNIFY_CHANGED:
			r->st->changed++;
			note(r, &v[i], "changed during the run");
			break;
		}
	}
	/* The flag stays on an inode that is shared now (also one a killed run left without its
	 * flag); a guest's own file that nothing was linked to gets its old flags back. */
	if (!r->o->dry_run) {
		struct stat now;
		bool shared = (linked || inode_in_two_guests(v, n, v[c].ino)) &&
			      fstat(cfd, &now) == 0 && now.st_nlink > 1;
		if (!shared && !(cflags & FS_IMMUTABLE_FL))
			fsattr_change(cfd, 0, FS_IMMUTABLE_FL, NULL);
	}
	close(cfd);
}

/* Walk the sorted file list by metadata groups, hash groups that could share, link buckets. */
static void process(struct run *r)
{
	struct unify_file *v = r->files.v;
	size_t n = r->files.n;
	qsort(v, n, sizeof(*v), cmp_bucket);
	for (size_t i = 0; i < n;) {
		size_t j = i + 1;
		while (j < n && cmp_meta(&v[i], &v[j]) == 0)
			j++;
		bool several_inodes = false, several_guests = false;
		for (size_t k = i + 1; k < j; k++) {
			several_inodes = several_inodes || v[k].ino != v[i].ino;
			several_guests = several_guests || v[k].guest != v[i].guest;
		}
		if (several_inodes || several_guests) {
			hash_group(r, v + i, j - i);
			qsort(v + i, j - i, sizeof(*v), cmp_bucket);
			for (size_t a = i; a < j;) {
				size_t b = a + 1;
				while (b < j && v[b].bad == v[a].bad && v[b].xhash == v[a].xhash &&
				       v[b].chash == v[a].chash)
					b++;
				/* Duplicates inside one guest alone stay as they are: sharing is
				 * between guests. */
				bool cross = false;
				for (size_t k = a + 1; k < b && !cross; k++)
					cross = v[k].guest != v[a].guest;
				if (!v[a].bad && cross)
					link_bucket(r, v + a, b - a);
				a = b;
			}
		}
		i = j;
	}
}

/* After the run: how many bytes of the named guests' files share an inode with another name. */
static void count_shared(struct run *r)
{
	for (size_t i = 0; i < r->files.n; i++) {
		struct unify_file *f = &r->files.v[i];
		if (r->gs.v[f->guest].reference)
			continue;
		struct stat st;
		int fd = unify_open_strict(r->gs.v[f->guest].rootfd, f->path, O_RDONLY | O_NONBLOCK);
		if (fd < 0)
			continue;
		if (fstat(fd, &st) == 0 && st.st_nlink > 1)
			r->st->bytes_shared += (unsigned long long)st.st_size;
		close(fd);
	}
}

static int revert_guest(struct run *r, unsigned gi)
{
	for (size_t i = 0; i < r->files.n; i++) {
		struct unify_file *f = &r->files.v[i];
		if (f->guest != gi || f->nlink < 2)
			continue;
		bool done = false;
		struct vsm_error e = {0};
		if (unify_unshare_path(r->gs.v[gi].rootfd, f->path, r->o->dry_run, &done, &e) < 0)
			note_error(r, f, &e);
		else if (done) {
			r->st->reverted++;
			note(r, f, r->o->dry_run ? "would copy back" : "private copy");
		}
	}
	return 0;
}

int unify_guests(const char *const *names, size_t n, const struct unify_opts *o,
		 struct unify_stats *st, struct vsm_error *err)
{
	struct run r = { .o = o, .st = st };
	memset(st, 0, sizeof(*st));
	int rc = unify_guests_open(&r.gs, names, n, o, err);
	if (rc < 0)
		goto out;
	for (unsigned g = 0; g < r.gs.n; g++) {
		if (o->revert && r.gs.v[g].reference)
			continue;
		struct unify_exclude none;
		unify_exclude_init(&none);
		/* -R gives back every shared file, excluded or not: nothing else may share it. */
		rc = unify_scan_tree(r.gs.v[g].rootfd, g, o->revert ? &none : &r.gs.v[g].excl,
				     !o->dry_run && !r.gs.v[g].reference, &r.files, note_skip, &r,
				     err);
		if (rc < 0) {
			vsm_error_prefix(err, "%s", r.gs.v[g].name);
			goto out;
		}
	}
	st->files = r.files.n;
	if (o->revert) {
		for (unsigned g = 0; g < r.gs.n; g++)
			if (!r.gs.v[g].reference)
				revert_guest(&r, g);
	} else {
		process(&r);
		count_shared(&r);
	}
out:
	unify_files_free(&r.files);
	unify_guests_close(&r.gs);
	return rc;
}

int unify_unshare_paths(const char *name, const char *const *paths, size_t n, bool dry,
			unsigned long *done, struct vsm_error *err)
{
	struct unify_opts o = { .dry_run = dry, .no_refservers = true, .no_pkgmgmt = true };
	struct unify_guests gs;
	*done = 0;
	int rc = unify_guests_open(&gs, &name, 1, &o, err);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		bool d = false;
		rc = unify_unshare_path(gs.v[0].rootfd, paths[i], dry, &d, err);
		if (rc < 0)
			vsm_error_prefix(err, "%s", name);
		*done += d;
	}
	unify_guests_close(&gs);
	return rc;
}
