/* A small tar reader for `build -m template`. We do not hand the archive to tar(1): its
 * protections against members escaping the target are options and heuristics; here every
 * member is created through a directory fd resolved with RESOLVE_IN_ROOT, and ".." or absolute
 * member names are refused outright. */
#include "backend/tar_extract.h"
#include "backend/fsutil.h"

#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <unistd.h>

#define BLOCK 512
#define XATTRS_MAX 16

struct entry {
	char path[PATH_MAX];
	char link[PATH_MAX];
	char type;
	mode_t mode;
	uid_t uid;
	gid_t gid;
	unsigned long long size;
	struct timespec mtime;
	dev_t rdev;
	int n_xattrs;
	char *xname[XATTRS_MAX];
	char *xvalue[XATTRS_MAX];
	size_t xlen[XATTRS_MAX];
};

/* Pending overrides from GNU 'L'/'K' and pax 'x' headers, applied to the next member. */
struct pending {
	char path[PATH_MAX];
	char link[PATH_MAX];
	long long size;		/* -1: none */
	long long uid, gid;	/* -1: none */
	bool has_mtime;
	struct timespec mtime;
};

struct dirtime {
	char *path;
	struct timespec mtime;
};

struct tar {
	int in;
	int rootfd;
	const char *what;
	struct vsm_error *err;
	const struct tar_opts *o;
	struct tar_progress prog;
	struct dirtime *dirs;
	size_t n_dirs, cap_dirs;
};

static int read_full(struct tar *t, void *buf, size_t n)
{
	char *p = buf;
	while (n > 0) {
		ssize_t r = read(t->in, p, n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return vsm_error_sys(t->err, errno, "%s: read", t->what);
		if (r == 0)
			return vsm_error_set(t->err, EIO, "%s: archive ends in the middle of a member",
					     t->what);
		p += r;
		n -= (size_t)r;
		t->prog.bytes += (unsigned long long)r;
	}
	return 0;
}

/* Skip SIZE bytes of data plus padding to the block boundary. */
static int skip_data(struct tar *t, unsigned long long size)
{
	char buf[BLOCK * 16];
	unsigned long long left = (size + BLOCK - 1) / BLOCK * BLOCK;
	while (left > 0) {
		size_t n = left > sizeof(buf) ? sizeof(buf) : (size_t)left;
		int r = read_full(t, buf, n);
		if (r < 0)
			return r;
		left -= n;
	}
	return 0;
}

/* Octal field, or GNU base-256 when the top bit of the first byte is set. */
static unsigned long long num_field(const char *f, size_t len)
{
	unsigned long long v = 0;
	if ((unsigned char)f[0] & 0x80) {
		v = (unsigned char)f[0] & 0x7f;
		for (size_t i = 1; i < len; i++)
			v = (v << 8) | (unsigned char)f[i];
		return v;
	}
	size_t i = 0;
	while (i < len && (f[i] == ' ' || f[i] == '\0'))
		i++;
	for (; i < len && f[i] >= '0' && f[i] <= '7'; i++)
		v = v * 8 + (unsigned)(f[i] - '0');
	return v;
}

static bool checksum_ok(const unsigned char *h)
{
	unsigned long want = (unsigned long)num_field((const char *)h + 148, 8), sum = 0;
	for (int i = 0; i < BLOCK; i++)
		sum += (i >= 148 && i < 156) ? ' ' : h[i];
	return sum == want;
}

/* Read a data block of SIZE bytes (a long name or pax header) into a malloc'd NUL-terminated
 * buffer. */
static int read_blob(struct tar *t, unsigned long long size, char **out)
{
	if (size > (1u << 20))
		return vsm_error_set(t->err, EFBIG, "%s: extended header of %llu bytes", t->what, size);
	size_t padded = (size_t)((size + BLOCK - 1) / BLOCK * BLOCK);
	char *buf = malloc(padded + 1);
	if (!buf)
		return vsm_error_set(t->err, ENOMEM, "%s: out of memory", t->what);
	int r = read_full(t, buf, padded);
	if (r < 0) {
		free(buf);
		return r;
	}
	buf[size] = '\0';
	*out = buf;
	return 0;
}

static void entry_free_xattrs(struct entry *e)
{
	for (int i = 0; i < e->n_xattrs; i++) {
		free(e->xname[i]);
		free(e->xvalue[i]);
	}
	e->n_xattrs = 0;
}

/* pax records "LEN key=value\n". */
static int pax_parse(struct tar *t, char *buf, size_t size, struct pending *p, struct entry *e)
{
	size_t off = 0;
	while (off < size) {
		char *end;
		unsigned long len = strtoul(buf + off, &end, 10);
		if (*end != ' ' || len == 0 || off + len > size || buf[off + len - 1] != '\n')
			return vsm_error_set(t->err, EINVAL, "%s: malformed pax header", t->what);
		char *key = end + 1, *rec_end = buf + off + len - 1;
		char *eq = memchr(key, '=', (size_t)(rec_end - key));
		if (!eq)
			return vsm_error_set(t->err, EINVAL, "%s: malformed pax record", t->what);
		*eq = '\0';
		*rec_end = '\0';
		const char *val = eq + 1;
		size_t vlen = (size_t)(rec_end - val);
		if (!strcmp(key, "path"))
			snprintf(p->path, sizeof(p->path), "%s", val);
		else if (!strcmp(key, "linkpath"))
			snprintf(p->link, sizeof(p->link), "%s", val);
		else if (!strcmp(key, "size"))
			p->size = strtoll(val, NULL, 10);
		else if (!strcmp(key, "uid"))
			p->uid = strtoll(val, NULL, 10);
		else if (!strcmp(key, "gid"))
			p->gid = strtoll(val, NULL, 10);
		else if (!strcmp(key, "mtime")) {
			char *frac;
			p->mtime.tv_sec = strtoll(val, &frac, 10);
			p->mtime.tv_nsec = 0;
			if (*frac == '.') {
				long ns = 0;
				int digits = 0;
				for (frac++; *frac >= '0' && *frac <= '9' && digits < 9; frac++, digits++)
					ns = ns * 10 + (*frac - '0');
				while (digits++ < 9)
					ns *= 10;
				p->mtime.tv_nsec = ns;
			}
			p->has_mtime = true;
		} else if (!strncmp(key, "SCHILY.xattr.", 13) && e->n_xattrs < XATTRS_MAX) {
			e->xname[e->n_xattrs] = strdup(key + 13);
			e->xvalue[e->n_xattrs] = malloc(vlen ? vlen : 1);
			if (!e->xname[e->n_xattrs] || !e->xvalue[e->n_xattrs])
				return vsm_error_set(t->err, ENOMEM, "%s: out of memory", t->what);
			memcpy(e->xvalue[e->n_xattrs], val, vlen);
			e->xlen[e->n_xattrs++] = vlen;
		}
		off += len;
	}
	return 0;
}

/* Normalise a member name in place: drop "./" and empty components; refuse ".." and absolute
 * names. "" (the archive's "./") means the root itself. */
static int name_clean(struct tar *t, char *path, const char *kind)
{
	if (path[0] == '/')
		return vsm_error_set(t->err, EPERM, "%s: %s '%s' is an absolute path: refused (it "
				     "would escape the guest root)", t->what, kind, path);
	char out[PATH_MAX];
	size_t o = 0;
	for (char *s = path; *s;) {
		char *slash = strchr(s, '/');
		size_t n = slash ? (size_t)(slash - s) : strlen(s);
		if (n == 2 && s[0] == '.' && s[1] == '.')
			return vsm_error_set(t->err, EPERM, "%s: %s '%s' contains '..': refused (it "
					     "would escape the guest root)", t->what, kind, path);
		if (n > 0 && !(n == 1 && s[0] == '.')) {
			if (o + n + 2 >= sizeof(out))
				return vsm_error_set(t->err, ENAMETOOLONG, "%s: name too long", t->what);
			if (o)
				out[o++] = '/';
			memcpy(out + o, s, n);
			o += n;
		}
		s += n;
		while (*s == '/')
			s++;
	}
	out[o] = '\0';
	memcpy(path, out, o + 1);
	return 0;
}

/* Directory fd of PATH's parent, resolved inside the root; *BASE gets the last component. */
static int parent_open(struct tar *t, const char *path, const char **base)
{
	const char *slash = strrchr(path, '/');
	char dir[PATH_MAX];
	if (slash) {
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
		*base = slash + 1;
	} else {
		snprintf(dir, sizeof(dir), ".");
		*base = path;
	}
	int fd = fs_open_in_root(t->rootfd, dir, O_RDONLY | O_DIRECTORY, 0, NULL);
	if (fd < 0)
		return vsm_error_sys(t->err, -fd, "%s: member %s: its directory '%s' does not resolve "
				     "to a directory inside the guest root (symlinks count from the "
				     "guest's /)", t->what, path, dir);
	return fd;
}

static int meta_apply(struct tar *t, int dfd, const char *base, const struct entry *e)
{
	const char *name = base[0] ? base : ".";
	if (fchownat(dfd, name, e->uid, e->gid, AT_SYMLINK_NOFOLLOW) < 0)
		return vsm_error_sys(t->err, errno, "%s: chown %s", t->what, e->path);
	if (e->type != '2' && fchmodat(dfd, name, e->mode & 07777, 0) < 0)
		return vsm_error_sys(t->err, errno, "%s: chmod %s", t->what, e->path);
	if (e->type != '2') {
		for (int i = 0; i < e->n_xattrs; i++) {
			int fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK |
					O_NOCTTY | (e->type == '5' ? O_DIRECTORY : 0));
			if (fd < 0)
				break;
			int r = fsetxattr(fd, e->xname[i], e->xvalue[i], e->xlen[i], 0);
			int er = errno;
			close(fd);
			if (r < 0 && er != ENOTSUP)
				return vsm_error_sys(t->err, er, "%s: setxattr %s on %s", t->what,
						     e->xname[i], e->path);
		}
	}
	struct timespec ts[2] = { e->mtime, e->mtime };
	if (e->type != '5' && utimensat(dfd, name, ts, AT_SYMLINK_NOFOLLOW) < 0)
		return vsm_error_sys(t->err, errno, "%s: set times of %s", t->what, e->path);
	return 0;
}

/* Make room for a new non-directory member: tar semantics replace an existing file. */
static int replace_prepare(struct tar *t, int dfd, const char *base, const struct entry *e)
{
	struct stat st;
	if (fstatat(dfd, base, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return 0;
	if (S_ISDIR(st.st_mode))
		return vsm_error_set(t->err, EEXIST, "%s: member %s would replace a directory",
				     t->what, e->path);
	if (unlinkat(dfd, base, 0) < 0)
		return vsm_error_sys(t->err, errno, "%s: replace %s", t->what, e->path);
	return 0;
}

static int file_write(struct tar *t, int dfd, const char *base, const struct entry *e)
{
	int fd = openat(dfd, base, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return vsm_error_sys(t->err, errno, "%s: create %s", t->what, e->path);
	char buf[BLOCK * 64];
	unsigned long long left = e->size;
	int r = 0;
	while (left > 0 && r == 0) {
		size_t want = left > sizeof(buf) ? sizeof(buf) : (size_t)((left + BLOCK - 1) / BLOCK *
									  BLOCK);
		if ((r = read_full(t, buf, want)) < 0)
			break;
		size_t n = left < want ? (size_t)left : want;
		for (size_t o = 0; o < n;) {
			ssize_t w = write(fd, buf + o, n - o);
			if (w < 0 && errno == EINTR)
				continue;
			if (w < 0) {
				r = vsm_error_sys(t->err, errno, "%s: write %s", t->what, e->path);
				break;
			}
			o += (size_t)w;
		}
		left -= n;
	}
	if (close(fd) < 0 && r == 0)
		r = vsm_error_sys(t->err, errno, "%s: close %s", t->what, e->path);
	return r;
}

static int dirtime_add(struct tar *t, const struct entry *e)
{
	if (t->n_dirs == t->cap_dirs) {
		size_t cap = t->cap_dirs ? t->cap_dirs * 2 : 64;
		struct dirtime *n = realloc(t->dirs, cap * sizeof(*n));
		if (!n)
			return vsm_error_set(t->err, ENOMEM, "%s: out of memory", t->what);
		t->dirs = n;
		t->cap_dirs = cap;
	}
	char *p = strdup(e->path);
	if (!p)
		return vsm_error_set(t->err, ENOMEM, "%s: out of memory", t->what);
	t->dirs[t->n_dirs++] = (struct dirtime){ p, e->mtime };
	return 0;
}

static int member_create(struct tar *t, struct entry *e)
{
	int r = name_clean(t, e->path, "member");
	if (r < 0)
		return r;
	if (e->type == '1' && (r = name_clean(t, e->link, "hard link target")) < 0)
		return r;
	if (!e->path[0] && e->type != '5')
		return vsm_error_set(t->err, EINVAL, "%s: a member that is not a directory names the "
				     "root", t->what);
	const char *base;
	int dfd = e->path[0] ? parent_open(t, e->path, &base)
			     : (base = "", fcntl(t->rootfd, F_DUPFD_CLOEXEC, 0));
	if (dfd < 0)
		return dfd;
	switch (e->type) {
	case '5':
		if (base[0] && mkdirat(dfd, base, 0700) < 0 && errno != EEXIST)
			r = vsm_error_sys(t->err, errno, "%s: mkdir %s", t->what, e->path);
		if (r == 0)
			r = dirtime_add(t, e);
		break;
	case '0': case '7': case '\0':
		if ((r = replace_prepare(t, dfd, base, e)) == 0)
			r = file_write(t, dfd, base, e);
		break;
	case '1': {
		const char *lbase;
		int ldfd = parent_open(t, e->link, &lbase);
		if (ldfd < 0) {
			r = ldfd;
			break;
		}
		if ((r = replace_prepare(t, dfd, base, e)) == 0 && linkat(ldfd, lbase, dfd, base, 0) < 0)
			r = vsm_error_sys(t->err, errno, "%s: hard link %s to %s", t->what, e->path,
					  e->link);
		close(ldfd);
		close(dfd);
		return r;	/* a hard link shares its target's metadata */
	}
	case '2':
		if ((r = replace_prepare(t, dfd, base, e)) == 0 && symlinkat(e->link, dfd, base) < 0)
			r = vsm_error_sys(t->err, errno, "%s: symlink %s", t->what, e->path);
		break;
	case '3': case '4': case '6': {
		mode_t fmt = e->type == '3' ? S_IFCHR : e->type == '4' ? S_IFBLK : S_IFIFO;
		if ((r = replace_prepare(t, dfd, base, e)) == 0 &&
		    mknodat(dfd, base, fmt | (e->mode & 0777), e->rdev) < 0)
			r = vsm_error_sys(t->err, errno, "%s: mknod %s", t->what, e->path);
		break;
	}
	default:
		close(dfd);
		return skip_data(t, e->size);
	}
	if (r == 0)
		r = meta_apply(t, dfd, base, e);
	close(dfd);
	return r;
}

/* Directory times last: creating their contents changed them. */
static int dirtimes_apply(struct tar *t)
{
	int r = 0;
	for (size_t i = t->n_dirs; i-- > 0;) {
		struct timespec ts[2] = { t->dirs[i].mtime, t->dirs[i].mtime };
		int fd = t->dirs[i].path[0]
				 ? fs_open_in_root(t->rootfd, t->dirs[i].path, O_RDONLY | O_DIRECTORY,
						   0, NULL)
				 : fcntl(t->rootfd, F_DUPFD_CLOEXEC, 0);
		if (fd >= 0) {
			futimens(fd, ts);
			close(fd);
		}
		free(t->dirs[i].path);
	}
	free(t->dirs);
	return r;
}

static void header_to_entry(const unsigned char *h, struct entry *e)
{
	const char *c = (const char *)h;
	char name[101], prefix[156];
	memcpy(name, c, 100);
	name[100] = '\0';
	memcpy(prefix, c + 345, 155);
	prefix[155] = '\0';
	if (!memcmp(c + 257, "ustar", 5) && prefix[0] && c[257 + 5] == '\0')
		snprintf(e->path, sizeof(e->path), "%s/%s", prefix, name);
	else
		snprintf(e->path, sizeof(e->path), "%s", name);
	memcpy(e->link, c + 157, 100);
	e->link[100] = '\0';
	e->type = c[156];
	e->mode = (mode_t)num_field(c + 100, 8);
	e->uid = (uid_t)num_field(c + 108, 8);
	e->gid = (gid_t)num_field(c + 116, 8);
	e->size = num_field(c + 124, 12);
	e->mtime = (struct timespec){ .tv_sec = (time_t)num_field(c + 136, 12) };
	e->rdev = makedev((unsigned)num_field(c + 329, 8), (unsigned)num_field(c + 337, 8));
}

static int tar_loop(struct tar *t)
{
	unsigned char h[BLOCK];
	struct pending p = { .size = -1, .uid = -1, .gid = -1 };
	struct entry *e = calloc(1, sizeof(*e));
	if (!e)
		return vsm_error_set(t->err, ENOMEM, "%s: out of memory", t->what);
	int r = 0, zeros = 0;
	while (r == 0) {
		if ((r = read_full(t, h, BLOCK)) < 0)
			break;
		bool zero = true;
		for (int i = 0; i < BLOCK && zero; i++)
			zero = h[i] == 0;
		if (zero) {
			if (++zeros == 2)
				break;
			continue;
		}
		zeros = 0;
		if (!checksum_ok(h)) {
			r = vsm_error_set(t->err, EINVAL, "%s: bad header checksum at byte %llu: not a "
					  "tar archive, or a damaged one", t->what, t->prog.bytes - BLOCK);
			break;
		}
		header_to_entry(h, e);	/* keeps xattrs a preceding pax header gave */
		char type = e->type;
		if (type == 'L' || type == 'K' || type == 'x') {
			char *blob = NULL;
			if ((r = read_blob(t, e->size, &blob)) < 0)
				break;
			if (type == 'L')
				snprintf(p.path, sizeof(p.path), "%s", blob);
			else if (type == 'K')
				snprintf(p.link, sizeof(p.link), "%s", blob);
			else
				r = pax_parse(t, blob, (size_t)e->size, &p, e);
			free(blob);
			continue;
		}
		if (type == 'g') {
			r = skip_data(t, e->size);
			continue;
		}
		if (p.path[0])
			snprintf(e->path, sizeof(e->path), "%s", p.path);
		if (p.link[0])
			snprintf(e->link, sizeof(e->link), "%s", p.link);
		if (p.size >= 0)
			e->size = (unsigned long long)p.size;
		if (p.uid >= 0)
			e->uid = (uid_t)p.uid;
		if (p.gid >= 0)
			e->gid = (gid_t)p.gid;
		if (p.has_mtime)
			e->mtime = p.mtime;
		p = (struct pending){ .size = -1, .uid = -1, .gid = -1 };
		if (e->type == '1' || e->type == '2')
			e->size = 0;
		r = member_create(t, e);
		entry_free_xattrs(e);
		/* Data carried by members that hold none on disk is skipped. */
		if (r == 0 && e->size && (e->type == '3' || e->type == '4' || e->type == '5' ||
					  e->type == '6'))
			r = skip_data(t, e->size);
		if (++t->prog.entries % 500 == 0 && t->o && t->o->progress)
			t->o->progress(&t->prog, t->o->user);
	}
	entry_free_xattrs(e);
	free(e);
	return r;
}

int tar_extract(int in, int rootfd, const char *what, const struct tar_opts *o,
		struct vsm_error *err)
{
	struct tar t = { .in = in, .rootfd = rootfd, .what = what, .err = err, .o = o };
	int r = tar_loop(&t);
	dirtimes_apply(&t);
	return r;
}

static const struct {
	const unsigned char magic[6];
	size_t len;
	const char *prog;
} decompressors[] = {
	{ { 0x1f, 0x8b }, 2, "gzip" },
	{ { 'B', 'Z', 'h' }, 3, "bzip2" },
	{ { 0xfd, '7', 'z', 'X', 'Z', 0 }, 6, "xz" },
	{ { 0x28, 0xb5, 0x2f, 0xfd }, 4, "zstd" },
};

int tar_open_stream(const char *archive, int *child, struct vsm_error *err)
{
	*child = -1;
	int fd = open(archive, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return vsm_error_sys(err, errno, "template: open %s", archive);
	unsigned char magic[6] = {0};
	if (pread(fd, magic, sizeof(magic), 0) < 0) {
		int e = errno;
		close(fd);
		return vsm_error_sys(err, e, "template: read %s", archive);
	}
	const char *prog = NULL;
	for (size_t i = 0; i < sizeof(decompressors) / sizeof(decompressors[0]); i++)
		if (!memcmp(magic, decompressors[i].magic, decompressors[i].len))
			prog = decompressors[i].prog;
	if (!prog)
		return fd;
	int p[2];
	if (pipe2(p, O_CLOEXEC) < 0) {
		int e = errno;
		close(fd);
		return vsm_error_sys(err, e, "template: pipe");
	}
	pid_t parent = getpid();
	pid_t pid = fork();
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent)
			_exit(127);
		dup2(fd, 0);
		dup2(p[1], 1);
		execlp(prog, prog, "-dc", (char *)NULL);
		fprintf(stderr, "template: %s -dc: %s\n", prog, strerror(errno));
		_exit(127);
	}
	int e = errno;
	close(fd);
	close(p[1]);
	if (pid < 0) {
		close(p[0]);
		return vsm_error_sys(err, e, "template: fork %s", prog);
	}
	*child = pid;
	return p[0];
}

int tar_close_stream(int fd, int child, const char *archive, struct vsm_error *err)
{
	close(fd);
	if (child <= 0)
		return 0;
	int st;
	while (waitpid(child, &st, 0) < 0)
		if (errno != EINTR)
			return vsm_error_sys(err, errno, "template: wait for decompressor");
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
		return 0;
	return vsm_error_set(err, EIO, "template: decompressing %s failed (status %d)", archive,
			     WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
}
