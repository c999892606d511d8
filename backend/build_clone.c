/* Method `clone -- --source GUEST|DIR`: copy an existing guest's root (or any directory) into a
 * new guest with a fresh context, hostname and config. The init style and kill sequence of a
 * source guest are kept unless --initstyle is given: a busybox clone must still stop with USR2. */
#include "backend/build_method.h"
#include "backend/copytree.h"
#include "backend/fsutil.h"
#include "backend/guest_name.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct clone_state {
	char source[PATH_MAX];		/* the source root */
	char source_conf[PATH_MAX];	/* the source guest's config dir, "" for a DIR */
	struct build_ctx *c;
	unsigned long total;
};

static int source_resolve(struct build_ctx *c, struct clone_state *s, const char *arg,
			  struct vsm_error *err)
{
	if (strchr(arg, '/')) {
		if (!realpath(arg, s->source))
			return vsm_error_sys(err, errno, "clone: --source %s", arg);
	} else {
		int r = guest_name_check(arg, err);
		if (r < 0)
			return vsm_error_prefix(err, "clone: --source (a guest name, or a directory "
						"given with a '/')");
		if (!strcmp(arg, c->name))
			return vsm_error_set(err, EINVAL, "clone: a guest cannot be cloned onto itself");
		vsm_path_guest_conf(c->paths, arg, s->source_conf, sizeof(s->source_conf));
		char link[PATH_MAX + 8];
		snprintf(link, sizeof(link), "%s/vdir", s->source_conf);
		if (!realpath(link, s->source))
			return vsm_error_sys(err, errno, "clone: --source %s: guest root %s", arg, link);
	}
	struct stat st;
	if (stat(s->source, &st) < 0 || !S_ISDIR(st.st_mode))
		return vsm_error_set(err, ENOTDIR, "clone: --source %s: %s is not a directory", arg,
				     s->source);
	if (!strcmp(s->source, "/"))
		return vsm_error_set(err, EINVAL, "clone: --source /: cloning the host is not a build "
				     "method");
	return 0;
}

static int clone_parse(struct build_ctx *c, int argc, char **argv, struct vsm_error *err)
{
	struct clone_state *s = calloc(1, sizeof(*s));
	if (!s)
		return vsm_error_set(err, ENOMEM, "out of memory");
	c->mdata = s;
	const char *src = NULL;
	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--source") && i + 1 < argc)
			src = argv[++i];
		else if (!strncmp(argv[i], "--source=", 9))
			src = argv[i] + 9;
		else
			return vsm_error_set(err, EINVAL, "clone: unexpected argument '%s'; expected "
					     "--source GUEST|DIR", argv[i]);
	}
	if (!src)
		return vsm_error_set(err, EINVAL, "clone: no source: use -- --source GUEST|DIR");
	return source_resolve(c, s, src, err);
}

static void clone_release(struct build_ctx *c)
{
	free(c->mdata);
	c->mdata = NULL;
}

static void clone_progress(const struct copytree_progress *p, void *user)
{
	struct clone_state *s = user;
	int pct = s->total ? 5 + (int)(85.0 * (double)p->done / (double)s->total) : -1;
	if (pct > 90)
		pct = 90;
	build_report(s->c, "clone", pct, "%lu of %lu entries copied", p->done, s->total);
}

/* Keep the source guest's init style and kill sequence (a one-line file each). */
static void inherit_init(struct build_ctx *c, struct clone_state *s)
{
	if (!s->source_conf[0])
		return;
	char path[PATH_MAX + 32];
	char *text = NULL;
	if (!c->o->initstyle) {
		snprintf(path, sizeof(path), "%s/apps/init/style", s->source_conf);
		if (fs_read_file_at(AT_FDCWD, path, 256, &text, NULL, NULL) == 0) {
			text[strcspn(text, "\r\n")] = '\0';
			snprintf(c->initstyle, sizeof(c->initstyle), "%s", text);
			free(text);
		}
	}
	snprintf(path, sizeof(path), "%s/apps/init/killseq", s->source_conf);
	if (fs_read_file_at(AT_FDCWD, path, sizeof(c->killseq) - 1, &text, NULL, NULL) == 0) {
		snprintf(c->killseq, sizeof(c->killseq), "%s", text);
		free(text);
	}
}

static int clone_populate(struct build_ctx *c, struct vsm_error *err)
{
	struct clone_state *s = c->mdata;
	s->c = c;
	int src = open(s->source, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (src < 0)
		return vsm_error_sys(err, errno, "clone: open %s", s->source);
	s->total = copytree_count(src);
	build_report(c, "clone", 4, "copying %lu entries from %s", s->total, s->source);
	struct copytree_opts o = { .progress = clone_progress, .user = s };
	int r = copytree_copy(src, c->rootfd, &o, err);
	close(src);
	if (r < 0)
		return r;
	build_report(c, "clone", 90, "copied %lu entries", s->total);
	inherit_init(c, s);
	return 0;
}

const struct build_method build_method_clone = {
	.name = "clone",
	.parse = clone_parse,
	.populate = clone_populate,
	.release = clone_release,
};
