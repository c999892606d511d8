/* Writing struct guest_config back to its directory: every file atomically (fs_write_atomic),
 * known files whose key is unset removed, so a load after a save gives the same struct. */
#include "backend/config_parse.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "backend/fsutil.h"
#include "backend/paths.h"

struct out {
	char *buf;
	size_t len, cap;
	bool oom;
};

static void out_add(struct out *o, const char *s)
{
	size_t n = strlen(s);
	if (o->len + n + 2 > o->cap) {
		size_t cap = (o->cap + n + 2) * 2;
		char *nb = realloc(o->buf, cap);
		if (!nb) {
			o->oom = true;
			return;
		}
		o->buf = nb;
		o->cap = cap;
	}
	memcpy(o->buf + o->len, s, n);
	o->len += n;
	o->buf[o->len++] = '\n';
	o->buf[o->len] = '\0';
}

/* Renders a struct as files. With VISIT set, each file's text goes to VISIT instead of onto
 * disk and nothing is removed: that serves get (the editor), the listing of set keys, and the
 * check a save runs first (every text through the parser, so an invalid struct is refused before
 * anything is written and the rules live only in the parser). */
struct saver {
	const char *dir;
	struct vsm_error *err;
	config_visit_fn visit;
	void *visit_ctx;
};

static int path_of(struct saver *s, const char *rel, char *path)
{
	if ((size_t)snprintf(path, PATH_MAX, "%s/%s", s->dir, rel) >= PATH_MAX)
		return vsm_error_set(s->err, ENAMETOOLONG, "%s/%s: path too long", s->dir, rel);
	return 0;
}

static int remove_rel(struct saver *s, const char *rel)
{
	char path[PATH_MAX];
	int r = path_of(s, rel, path);
	if (s->visit)
		return r;
	if (r == 0 && unlink(path) < 0 && errno != ENOENT)
		r = vsm_error_sys(s->err, errno, "%s: unlink", path);
	return r;
}

/* Write REL with TEXT (NULL: remove it), creating parent directories. */
static int write_rel(struct saver *s, const char *rel, const char *text, size_t len)
{
	if (!text)
		return remove_rel(s, rel);
	char path[PATH_MAX];
	int r = path_of(s, rel, path);
	if (r < 0)
		return r;
	if (s->visit)
		return s->visit(s->visit_ctx, rel, text, len, false, s->err);
	char *slash = strrchr(path, '/');
	*slash = '\0';
	r = fs_mkdir_p(path, 0755, s->err);
	*slash = '/';
	return r < 0 ? r : fs_write_atomic(AT_FDCWD, path, text, len, 0644, s->err);
}

static int write_line(struct saver *s, const char *rel, const char *line)
{
	if (!line)
		return remove_rel(s, rel);
	struct out o = {0};
	out_add(&o, line);
	int r = o.oom ? vsm_error_set(s->err, ENOMEM, "out of memory")
		      : write_rel(s, rel, o.buf, o.len);
	free(o.buf);
	return r;
}

static int write_list(struct saver *s, const char *rel, const struct str_list *l)
{
	if (!l->n)
		return remove_rel(s, rel);
	struct out o = {0};
	for (size_t i = 0; i < l->n; i++)
		out_add(&o, l->v[i]);
	int r = o.oom ? vsm_error_set(s->err, ENOMEM, "out of memory")
		      : write_rel(s, rel, o.buf, o.len);
	free(o.buf);
	return r;
}

static int write_link(struct saver *s, const char *rel, const char *target)
{
	if (!*target)
		return remove_rel(s, rel);
	char path[PATH_MAX];
	int r = path_of(s, rel, path);
	if (r == 0 && target[0] != '/')
		r = config_error(s->err, path, 0, "expected a symlink to an absolute path");
	if (r < 0)
		return r;
	if (s->visit)
		return s->visit(s->visit_ctx, rel, target, strlen(target), true, s->err);
	return fs_symlink_atomic(target, path, s->err);
}

/* A scalar of the table as text; NULL when unset. */
static const char *format_scalar(const struct attr *a, const void *base, char *buf, size_t len)
{
	const char *field = (const char *)base + a->offset;
	switch (a->type) {
	case ATTR_INT:
	case ATTR_PREFIX:
		if (*(const int *)field == (a->type == ATTR_INT ? 0 : -1))
			return NULL;
		snprintf(buf, len, "%d", *(const int *)field);
		return buf;
	case ATTR_FLAG:
		return *(const bool *)field ? "" : NULL;
	case ATTR_MASK:
		return NULL; /* stored as prefix; the prefix file is written instead */
	default:
		return *field ? field : NULL;
	}
}

static int save_scalar(struct saver *s, const struct attr *a, const void *base, const char *rel)
{
	char buf[64];
	const char *v = format_scalar(a, base, buf, sizeof(buf));
	if (a->type == ATTR_LINK)
		return write_link(s, rel, (const char *)base + a->offset);
	if (a->type == ATTR_FLAG)
		return v ? write_rel(s, rel, "", 0) : remove_rel(s, rel);
	return write_line(s, rel, v);
}

static bool iface_present(const struct guest_config *cfg, const char *id)
{
	for (size_t i = 0; i < cfg->n_ifaces; i++)
		if (!strcmp(cfg->ifaces[i].id, id))
			return true;
	return false;
}

/* Interfaces no longer in CFG go, whole directories at a time. */
static int prune_ifaces(struct saver *s, const struct guest_config *cfg)
{
	char path[PATH_MAX];
	int r = path_of(s, "interfaces", path);
	DIR *d = r < 0 || s->visit ? NULL : opendir(path);
	if (!d)
		return r;
	struct dirent *de;
	int dfd = dirfd(d);
	while (r == 0 && (de = readdir(d))) {
		struct stat st;
		if (de->d_name[0] == '.' || fstatat(dfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0 ||
		    !S_ISDIR(st.st_mode) || iface_present(cfg, de->d_name))
			continue;
		r = fs_remove_tree_at(dfd, de->d_name, s->err);
	}
	closedir(d);
	return r;
}

static int save_ifaces(struct saver *s, const struct guest_config *cfg)
{
	int r = prune_ifaces(s, cfg);
	for (size_t i = 0; r == 0 && i < cfg->n_ifaces; i++) {
		for (size_t k = 0; r == 0 && k < attr_count; k++) {
			const struct attr *a = &attr_table[k];
			if (a->scope != SCOPE_IFACE)
				continue;
			char rel[128];
			snprintf(rel, sizeof(rel), "interfaces/%s/%s", cfg->ifaces[i].id,
				 strrchr(a->file, '/') + 1);
			r = save_scalar(s, a, &cfg->ifaces[i], rel);
		}
	}
	return r;
}

static int save_limits(struct saver *s, const char *sub, const struct guest_limit *l, size_t n)
{
	static const char *const suffix[LIMIT_NVARIANTS] = { "", ".soft", ".hard", ".min" };
	static const char *const names[] = {
		"as", "core", "cpu", "data", "fsize", "locks", "memlock", "msgqueue", "nice",
		"nofile", "nproc", "rss", "rtprio", "rttime", "sigpending", "stack",
	};
	int r = 0;
	for (size_t i = 0; r == 0 && i < sizeof(names) / sizeof(names[0]); i++) {
		int res = config_rlimit_from_name(names[i]);
		const struct guest_limit *g = NULL;
		for (size_t j = 0; j < n; j++)
			if (l[j].resource == res)
				g = &l[j];
		for (int v = 0; r == 0 && v < LIMIT_NVARIANTS; v++) {
			char rel[64], val[32];
			snprintf(rel, sizeof(rel), "%s/%s%s", sub, names[i], suffix[v]);
			if (g && g->set[v])
				config_format_u64_inf(g->val[v], val, sizeof(val));
			r = write_line(s, rel, g && g->set[v] ? val : NULL);
		}
	}
	return r;
}

static bool knob_present(const struct guest_config *cfg, const char *name)
{
	for (size_t i = 0; i < cfg->n_knobs; i++)
		if (!strcmp(cfg->knobs[i].name, name))
			return true;
	return false;
}

static int save_cgroup(struct saver *s, const struct guest_config *cfg)
{
	char path[PATH_MAX];
	int r = path_of(s, "cgroup", path);
	DIR *d = r < 0 || s->visit ? NULL : opendir(path);
	if (d) {
		struct dirent *de;
		while (r == 0 && (de = readdir(d))) {
			/* Knob files only: the names with a dot that we did not keep. */
			if (de->d_name[0] == '.' || !strchr(de->d_name, '.') ||
			    knob_present(cfg, de->d_name))
				continue;
			if (unlinkat(dirfd(d), de->d_name, 0) < 0 && errno != ENOENT)
				r = vsm_error_sys(s->err, errno, "%s/%s: unlink", path, de->d_name);
		}
		closedir(d);
	}
	for (size_t i = 0; r == 0 && i < cfg->n_knobs; i++) {
		char rel[128];
		snprintf(rel, sizeof(rel), "cgroup/%s", cfg->knobs[i].name);
		r = write_line(s, rel, cfg->knobs[i].value);
	}
	const struct guest_cglimits *c = &cfg->cg;
	const struct { const char *rel; bool has; uint64_t v; } lim[] = {
		{ "cgroup/memory_max", c->has_memory_max, c->memory_max },
		{ "cgroup/memory_high", c->has_memory_high, c->memory_high },
		{ "cgroup/memory_swap_max", c->has_memory_swap_max, c->memory_swap_max },
		{ "cgroup/cpu_quota", c->has_cpu_quota, c->cpu_quota },
		{ "cgroup/cpu_period", c->has_cpu_period, c->cpu_period },
		{ "cgroup/cpu_weight", c->has_cpu_weight, c->cpu_weight },
		{ "cgroup/pids_max", c->has_pids_max, c->pids_max },
	};
	for (size_t i = 0; r == 0 && i < sizeof(lim) / sizeof(lim[0]); i++) {
		char val[32];
		if (lim[i].v == CONFIG_UNLIMITED)
			snprintf(val, sizeof(val), "max");
		else
			config_format_u64_inf(lim[i].v, val, sizeof(val));
		r = write_line(s, lim[i].rel, lim[i].has ? val : NULL);
	}
	return r;
}

static int save_spaces(struct saver *s, const struct guest_config *cfg)
{
	static const char *const kinds[SPACE_NKINDS] = {
		"pid", "net", "user", "time", "uts", "ipc", "mnt", "cgroup",
	};
	int r = 0;
	for (int k = 0; r == 0 && k < SPACE_NKINDS; k++) {
		char rel[32];
		snprintf(rel, sizeof(rel), "spaces/%s", kinds[k]);
		const struct guest_space *sp = &cfg->spaces[k];
		const char *v = sp->mode == SPACE_NEW ? "" : sp->mode == SPACE_HOST ? "0"
			      : sp->mode == SPACE_SHARE ? sp->share : NULL;
		r = v && !*v ? write_rel(s, rel, "", 0) : write_line(s, rel, v);
	}
	char range[64];
	snprintf(range, sizeof(range), "%llu %llu", (unsigned long long)cfg->userns_base,
		 (unsigned long long)cfg->userns_count);
	return r < 0 ? r : write_line(s, "spaces/user.range", cfg->userns_count ? range : NULL);
}

static int save_init(struct saver *s, const struct guest_config *cfg)
{
	const struct guest_init *in = &cfg->init;
	int r;
	if (in->style == INIT_STYLE_UNSET)
		r = remove_rel(s, "apps/init/style");
	else if (in->style == INIT_STYLE_NONE)
		r = write_rel(s, "apps/init/style", "", 0);
	else
		r = write_line(s, "apps/init/style", attr_init_styles[in->style - INIT_STYLE_NONE]);
	/* killseq holds numbers; names read better in the file. */
	struct str_list ks = {0};
	for (size_t i = 0; r == 0 && i < in->killseq.n; i++) {
		const char *name = i % 2 ? NULL : config_signal_name(atoi(in->killseq.v[i]));
		char buf[32];
		snprintf(buf, sizeof(buf), "%s", name ? name : in->killseq.v[i]);
		if (str_list_add(&ks, buf) < 0)
			r = vsm_error_set(s->err, ENOMEM, "out of memory");
	}
	if (r == 0)
		r = write_list(s, "apps/init/killseq", &ks);
	str_list_free(&ks);
	const struct { const char *rel; const struct str_list *l; } lists[] = {
		{ "apps/init/mark", &in->mark }, { "apps/init/depends", &in->depends },
		{ "apps/init/cmd.start", &in->cmd_start }, { "apps/init/cmd.stop", &in->cmd_stop },
		{ "apps/init/cmd.prepare", &in->cmd_prepare },
		{ "apps/init/environment", &in->environment },
	};
	for (size_t i = 0; r == 0 && i < sizeof(lists) / sizeof(lists[0]); i++)
		r = write_list(s, lists[i].rel, lists[i].l);
	return r;
}

static int save_misc(struct saver *s, const struct guest_config *cfg)
{
	int r = write_list(s, "bcapabilities", &cfg->bcaps);
	if (r == 0)
		r = write_list(s, "ccapabilities", &cfg->ccaps);
	if (r == 0)
		r = write_list(s, "cflags", &cfg->cflags);
	if (r == 0)
		r = write_list(s, "nflags", &cfg->nflags);
	if (r == 0)
		r = write_list(s, "personality", &cfg->personality);
	char buf[1100];
	snprintf(buf, sizeof(buf), "%d", cfg->nice);
	if (r == 0)
		r = write_line(s, "nice", cfg->has_nice ? buf : NULL);
	struct str_list fstab = {0};
	for (size_t i = 0; r == 0 && i < cfg->n_fstab; i++) {
		const struct guest_fstab_entry *e = &cfg->fstab[i];
		snprintf(buf, sizeof(buf), "%s\t%s\t%s\t%s\t%d %d", e->spec, e->file, e->type,
			 e->options, e->freq, e->passno);
		if (str_list_add(&fstab, buf) < 0)
			r = vsm_error_set(s->err, ENOMEM, "out of memory");
	}
	if (r == 0)
		r = write_list(s, "fstab", &fstab);
	str_list_free(&fstab);
	return r;
}

static int save_all(struct saver *s, const struct guest_config *cfg)
{
	int r = 0;
	for (size_t k = 0; r == 0 && k < attr_count; k++)
		if (attr_table[k].scope == SCOPE_GUEST)
			r = save_scalar(s, &attr_table[k], cfg, attr_table[k].file);
	if (r == 0)
		r = save_ifaces(s, cfg);
	if (r == 0)
		r = save_misc(s, cfg);
	if (r == 0)
		r = save_limits(s, "rlimits", cfg->rlimits, cfg->n_rlimits);
	if (r == 0)
		r = save_limits(s, "ulimits", cfg->ulimits, cfg->n_ulimits);
	if (r == 0)
		r = save_cgroup(s, cfg);
	if (r == 0)
		r = save_spaces(s, cfg);
	if (r == 0)
		r = save_init(s, cfg);
	return r;
}

struct check {
	const char *dir;
	struct guest_config scratch;
};

static int check_file(void *ctx, const char *rel, const char *text, size_t len, bool link,
		      struct vsm_error *err)
{
	struct check *c = ctx;
	char path[PATH_MAX];
	if (link)
		return 0; /* checked by write_link */
	snprintf(path, sizeof(path), "%s/%s", c->dir, rel);
	return guest_config_parse_file(&c->scratch, rel, path, text, len, NULL, NULL, err);
}

int guest_config_save_dir(const struct guest_config *cfg, const char *dir, struct vsm_error *err)
{
	struct check c = { .dir = dir };
	guest_config_init(&c.scratch, cfg->name);
	struct saver s = { dir, err, check_file, &c };
	int r = guest_config_validate(cfg, dir, err);
	if (r == 0)
		r = save_all(&s, cfg);
	guest_config_free(&c.scratch);
	s.visit = NULL;
	if (r == 0)
		r = fs_mkdir_p(dir, 0755, err);
	if (r == 0)
		r = save_all(&s, cfg);
	return r;
}

int guest_config_visit(const struct guest_config *cfg, config_visit_fn visit, void *ctx,
		       struct vsm_error *err)
{
	struct saver s = { cfg->name, err, visit, ctx };
	return save_all(&s, cfg);
}

struct capture {
	const char *rel;
	char *text;
};

static int capture_file(void *ctx, const char *rel, const char *text, size_t len, bool link,
			struct vsm_error *err)
{
	struct capture *c = ctx;
	if (strcmp(rel, c->rel) || c->text)
		return 0;
	c->text = strndup(text, len);
	return c->text ? 0 : vsm_error_set(err, ENOMEM, "out of memory");
}

int guest_config_get_file(const struct guest_config *cfg, const char *rel, char **text,
			  struct vsm_error *err)
{
	struct capture c = { rel, NULL };
	int r = guest_config_visit(cfg, capture_file, &c, err);
	if (r == 0 && !c.text)
		r = -ENOENT;
	if (r < 0) {
		free(c.text);
		c.text = NULL;
	}
	*text = c.text;
	return r;
}

int guest_config_save(const struct guest_config *cfg, struct vsm_error *err)
{
	int r = guest_name_check(cfg->name, err);
	if (r < 0)
		return r;
	char dir[PATH_MAX];
	if (vsm_path_guest_conf(vsm_paths(), cfg->name, dir, sizeof(dir)) < 0)
		return vsm_error_set(err, ENAMETOOLONG, "guest %s: path too long", cfg->name);
	return guest_config_save_dir(cfg, dir, err);
}
