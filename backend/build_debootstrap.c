/* Method `debootstrap -- -d SUITE [-m MIRROR] [-- extra debootstrap options]`: a real Debian
 * guest. Packages come through the shared cache (paths pkgcache, VSM_CACHE); debootstrap runs in
 * its own PID and mount namespaces so it and its mounts die with the builder, and its errors are
 * errors (util-vserver ignored them). */
#include "backend/build_exec.h"
#include "backend/build_method.h"
#include "backend/fsutil.h"

#include <ctype.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#define DEFAULT_MIRROR "http://deb.debian.org/debian"
#define EXTRA_MAX 32

struct deb_state {
	const char *suite;
	char mirror[1024];
	const char *extra[EXTRA_MAX];
	int n_extra;
	bool has_variant;
	/* progress */
	int phase;
	int lines;
};

static bool suite_is_valid(const char *s)
{
	if (!*s || strlen(s) > 64)
		return false;
	for (; *s; s++)
		if (!(isascii((unsigned char)*s) && (isalnum((unsigned char)*s) || *s == '-' || *s == '_')))
			return false;
	return true;
}

static bool mirror_is_valid(const char *m)
{
	static const char *const schemes[] = { "http://", "https://", "ftp://", "file:///", NULL };
	for (size_t i = 0; schemes[i]; i++)
		if (!strncmp(m, schemes[i], strlen(schemes[i])) && !strpbrk(m, " \t\n'\"\\"))
			return true;
	return false;
}

/* The mirror from .defaults/apps/debootstrap/mirror, as in util-vserver, else Debian's CDN. */
static void mirror_default(struct build_ctx *c, char *buf, size_t len)
{
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/.defaults/apps/debootstrap/mirror", c->paths->confdir);
	char *text = NULL;
	if (fs_read_file_at(AT_FDCWD, path, 4096, &text, NULL, NULL) == 0) {
		text[strcspn(text, "\r\n \t")] = '\0';
		if (mirror_is_valid(text)) {
			snprintf(buf, len, "%s", text);
			free(text);
			return;
		}
		free(text);
	}
	snprintf(buf, len, "%s", DEFAULT_MIRROR);
}

static int deb_parse(struct build_ctx *c, int argc, char **argv, struct vsm_error *err)
{
	struct deb_state *s = calloc(1, sizeof(*s));
	if (!s)
		return vsm_error_set(err, ENOMEM, "out of memory");
	c->mdata = s;
	int i = 0;
	for (; i < argc; i++) {
		if (!strcmp(argv[i], "--")) {
			i++;
			break;
		}
		if ((!strcmp(argv[i], "-d") || !strcmp(argv[i], "-m")) && i + 1 >= argc)
			return vsm_error_set(err, EINVAL, "debootstrap: %s needs an argument", argv[i]);
		if (!strcmp(argv[i], "-d")) {
			s->suite = argv[++i];
			if (!suite_is_valid(s->suite))
				return vsm_error_set(err, EINVAL, "debootstrap: -d '%s': expected a suite "
						     "name such as bookworm", s->suite);
		} else if (!strcmp(argv[i], "-m")) {
			const char *m = argv[++i];
			if (!mirror_is_valid(m))
				return vsm_error_set(err, EINVAL, "debootstrap: -m '%s': expected an "
						     "http://, https://, ftp:// or file:/// URL", m);
			snprintf(s->mirror, sizeof(s->mirror), "%s", m);
		} else {
			return vsm_error_set(err, EINVAL, "debootstrap: unknown argument '%s'; expected "
					     "-d SUITE [-m MIRROR] [-- extra debootstrap options]", argv[i]);
		}
	}
	for (; i < argc; i++) {
		/* Only options: a bare word would shift debootstrap's SUITE TARGET positionals. */
		if (argv[i][0] != '-' || s->n_extra >= EXTRA_MAX)
			return vsm_error_set(err, EINVAL, "debootstrap: extra argument '%s': expected "
					     "at most %d debootstrap options (each starting with -)",
					     argv[i], EXTRA_MAX);
		if (!strncmp(argv[i], "--variant", 9))
			s->has_variant = true;
		s->extra[s->n_extra++] = argv[i];
	}
	if (!s->suite)
		return vsm_error_set(err, EINVAL, "debootstrap: no suite: use -- -d SUITE "
				     "(e.g. -d bookworm)");
	if (!s->mirror[0])
		mirror_default(c, s->mirror, sizeof(s->mirror));
	return 0;
}

static void deb_release(struct build_ctx *c)
{
	free(c->mdata);
	c->mdata = NULL;
}

/* debootstrap has no progress protocol on its normal output: estimate from its phases. */
static const struct {
	const char *prefix;
	int from, to;
} phases[] = {
	{ "I: Retrieving", 5, 40 },   { "I: Validating", 5, 40 },
	{ "I: Extracting", 40, 55 },  { "I: Unpacking", 55, 75 },
	{ "I: Configuring", 75, 93 }, { "I: Base system installed", 94, 94 },
};

struct deb_line {
	struct build_ctx *c;
	struct deb_state *s;
};

static void deb_line(void *user, const char *line)
{
	struct deb_line *d = user;
	struct deb_state *s = d->s;
	for (size_t i = 0; i < sizeof(phases) / sizeof(phases[0]); i++) {
		if (strncmp(line, phases[i].prefix, strlen(phases[i].prefix)))
			continue;
		if ((int)i > s->phase && phases[i].from > phases[s->phase].from) {
			s->phase = (int)i;
			s->lines = 0;
		}
		break;
	}
	int pct = phases[s->phase].from + s->lines++ / 3;
	if (pct > phases[s->phase].to)
		pct = phases[s->phase].to;
	build_report(d->c, "debootstrap", pct, "%s", line);
}

/* One debootstrap at a time per package cache: debootstrap does not guard concurrent writes
 * to its --cache-dir. */
static int cache_lock(struct build_ctx *c, const char *dir, struct vsm_error *err)
{
	int r = fs_mkdir_p(dir, 0755, err);
	if (r < 0)
		return r;
	char path[PATH_MAX + 16];
	snprintf(path, sizeof(path), "%s/.vsm-lock", dir);
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0)
		return vsm_error_sys(err, errno, "open %s", path);
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		build_report(c, "debootstrap", 2, "waiting for the package cache %s (another "
			     "debootstrap uses it)", dir);
		while (flock(fd, LOCK_EX) < 0) {
			if (errno != EINTR) {
				int e = errno;
				close(fd);
				return vsm_error_sys(err, e, "lock %s", path);
			}
		}
	}
	return fd;
}

static int deb_populate(struct build_ctx *c, struct vsm_error *err)
{
	struct deb_state *s = c->mdata;
	const char *cache = c->paths->pkgcache;
	int lock = cache_lock(c, cache, err);
	if (lock < 0)
		return lock;
	char cache_opt[PATH_MAX + 16];
	snprintf(cache_opt, sizeof(cache_opt), "--cache-dir=%s", cache);
	char *argv[EXTRA_MAX + 8];
	int n = 0;
	argv[n++] = "debootstrap";
	argv[n++] = cache_opt;
	if (!s->has_variant)
		argv[n++] = "--variant=minbase";
	for (int i = 0; i < s->n_extra; i++)
		argv[n++] = (char *)s->extra[i];
	argv[n++] = (char *)s->suite;
	argv[n++] = c->root_tmp;
	argv[n++] = s->mirror;
	argv[n] = NULL;
	build_report(c, "debootstrap", 3, "debootstrap %s%s from %s (package cache %s)", s->suite,
		     s->has_variant ? "" : " (minbase)", s->mirror, cache);
	struct deb_line d = { .c = c, .s = s };
	char *env[] = { "DEBIAN_FRONTEND=noninteractive", NULL };
	struct build_cmd cmd = { .argv = argv, .env = env, .isolate = true, .line = deb_line,
				 .user = &d };
	int r = build_exec(&cmd, err);
	close(lock);
	if (r < 0)
		return vsm_error_prefix(err, "debootstrap %s from %s", s->suite, s->mirror);
	/* debootstrap copies the host's hosts file; the guest gets its own. */
	c->hosts_replace = true;
	return 0;
}

const struct build_method build_method_debootstrap = {
	.name = "debootstrap",
	.parse = deb_parse,
	.populate = deb_populate,
	.release = deb_release,
};
