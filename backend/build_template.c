/* Method `template -- -t TARBALL [-t TARBALL…]`: unpack archives (plain, gzip, bzip2, xz, zstd)
 * into the new root with vsm's own tar reader, which refuses members escaping the root. */
#include "backend/build_method.h"
#include "backend/tar_extract.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define TARBALLS_MAX 8

struct template_state {
	char *tarballs[TARBALLS_MAX];
	int n;
	struct build_ctx *c;
	int index;
};

static int template_parse(struct build_ctx *c, int argc, char **argv, struct vsm_error *err)
{
	struct template_state *s = calloc(1, sizeof(*s));
	if (!s)
		return vsm_error_set(err, ENOMEM, "out of memory");
	c->mdata = s;
	for (int i = 0; i < argc; i++) {
		const char *t = NULL;
		if (!strcmp(argv[i], "-t") && i + 1 < argc)
			t = argv[++i];
		else if (!strncmp(argv[i], "--template=", 11))
			t = argv[i] + 11;
		else
			return vsm_error_set(err, EINVAL, "template: unexpected argument '%s'; expected "
					     "-t TARBALL", argv[i]);
		if (s->n >= TARBALLS_MAX)
			return vsm_error_set(err, E2BIG, "template: at most %d tarballs", TARBALLS_MAX);
		s->tarballs[s->n] = realpath(t, NULL);
		if (!s->tarballs[s->n])
			return vsm_error_sys(err, errno, "template: -t %s", t);
		struct stat st;
		if (stat(s->tarballs[s->n], &st) < 0 || !S_ISREG(st.st_mode))
			return vsm_error_set(err, EINVAL, "template: -t %s: not a regular file", t);
		s->n++;
	}
	if (s->n == 0)
		return vsm_error_set(err, EINVAL, "template: no archive: use -- -t TARBALL");
	return 0;
}

static void template_release(struct build_ctx *c)
{
	struct template_state *s = c->mdata;
	if (s)
		for (int i = 0; i < s->n; i++)
			free(s->tarballs[i]);
	free(s);
	c->mdata = NULL;
}

static void template_progress(const struct tar_progress *p, void *user)
{
	struct template_state *s = user;
	build_report(s->c, "template", 5 + 85 * s->index / s->n, "%s: %lu entries, %llu MiB read",
		     s->tarballs[s->index], p->entries, p->bytes >> 20);
}

/* What the runtime mounts over needs to exist whatever the archive held. */
static const char *const mount_points[] = { "dev", "dev/pts", "dev/shm", "proc", "sys", "tmp",
					    "etc", NULL };

static int template_populate(struct build_ctx *c, struct vsm_error *err)
{
	struct template_state *s = c->mdata;
	s->c = c;
	for (s->index = 0; s->index < s->n; s->index++) {
		const char *tb = s->tarballs[s->index];
		build_report(c, "template", 5 + 85 * s->index / s->n, "unpacking %s", tb);
		int child;
		int fd = tar_open_stream(tb, &child, err);
		if (fd < 0)
			return fd;
		struct tar_opts o = { .progress = template_progress, .user = s };
		int r = tar_extract(fd, c->rootfd, tb, &o, err);
		struct vsm_error e2 = {0};
		int r2 = tar_close_stream(fd, child, tb, &e2);
		if (r < 0)
			return r;
		if (r2 < 0) {
			*err = e2;
			return r2;
		}
	}
	for (size_t i = 0; mount_points[i]; i++) {
		int r = build_root_mkdir(c, mount_points[i], !strcmp(mount_points[i], "tmp") ? 01777
							     : 0755, err);
		if (r < 0)
			return r;
	}
	build_report(c, "template", 90, "unpacked %d archive%s", s->n, s->n > 1 ? "s" : "");
	return 0;
}

const struct build_method build_method_template = {
	.name = "template",
	.parse = template_parse,
	.populate = template_populate,
	.release = template_release,
};
