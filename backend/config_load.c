/* Loading a guest's config directory: walk it, dispatch each file to the parser, apply
 * .defaults/ for the inheritable keys, fill the default links, validate. */
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

const char *const guest_hook_names[HOOK_COUNT] = {
	"initialize", "prepre-start", "pre-start", "post-start", "pre-stop", "post-stop",
	"postpost-stop",
};

void guest_config_init(struct guest_config *cfg, const char *name)
{
	memset(cfg, 0, sizeof(*cfg));
	if (name)
		snprintf(cfg->name, sizeof(cfg->name), "%s", name);
	cfg->iface_prefix = -1;
}

void guest_config_free(struct guest_config *cfg)
{
	struct str_list *lists[] = {
		&cfg->bcaps, &cfg->ccaps, &cfg->cflags, &cfg->nflags, &cfg->personality,
		&cfg->init.mark, &cfg->init.depends, &cfg->init.killseq, &cfg->init.cmd_start,
		&cfg->init.cmd_stop, &cfg->init.cmd_prepare, &cfg->init.environment,
	};
	for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++)
		str_list_free(lists[i]);
	free(cfg->ifaces);
	free(cfg->rlimits);
	free(cfg->ulimits);
	free(cfg->knobs);
	free(cfg->fstab);
	char name[sizeof(cfg->name)];
	memcpy(name, cfg->name, sizeof(name));
	guest_config_init(cfg, name);
}

struct walk {
	struct guest_config *cfg;
	bool defaults;		/* reading .defaults/: only inheritable keys, others skipped */
	config_warn_fn warn;
	void *warn_ctx;
	struct vsm_error *err;
};

/* Our own in-flight atomic writes (".NAME.tmpPID") and editor/package backups. */
static bool is_temporary(const char *name)
{
	size_t n = strlen(name);
	const char *t = strstr(name, ".tmp");
	if (name[0] == '.' && t && t[4] && strspn(t + 4, "0123456789") == strlen(t + 4))
		return true;
	return (n && name[n - 1] == '~') || strstr(name, ".rpmnew") || strstr(name, ".rpmsave") ||
	       strstr(name, ".rpmorig") || strstr(name, ".cfsaved") || strstr(name, ".dpkg-");
}

/* Is REL a directory some key lives under ("interfaces", "interfaces/00", "apps/init")? */
static bool is_known_dir(const char *rel)
{
	size_t comps = 1;
	for (const char *p = rel; *p; p++)
		comps += *p == '/';
	for (size_t i = 0; i < attr_count; i++) {
		char pat[128];
		snprintf(pat, sizeof(pat), "%s", attr_table[i].file);
		size_t c = 0;
		char *p = pat;
		for (; *p; p++)
			if (*p == '/' && ++c == comps)
				break;
		if (!*p)
			continue; /* the pattern has no more components than REL */
		*p = '\0';
		if (attr_file_matches(pat, rel))
			return true;
	}
	return false;
}

static int read_link(struct walk *w, const char *path, char *field, size_t size)
{
	ssize_t n = readlink(path, field, size - 1);
	if (n < 0)
		return vsm_error_sys(w->err, errno, "%s: readlink", path);
	field[n] = '\0';
	if (field[0] != '/') {
		field[0] = '\0';
		return config_error(w->err, path, 0, "expected a symlink to an absolute path");
	}
	return 0;
}

static int load_file(struct walk *w, const char *path, const char *rel)
{
	const struct attr *a = attr_find_file(rel);
	const char *why = config_unsupported_reason(rel);
	if (w->defaults && (!a || !a->inherit || why))
		return 0;
	if (!a || why) {
		/* Not read at all, so a stray large file costs nothing. */
		config_warnf(w->warn, w->warn_ctx, "%s: ignored: %s", path,
			     config_unknown_reason(rel));
		return 0;
	}
	char *text = NULL;
	size_t len = 0;
	int r = fs_read_file_at(AT_FDCWD, path, CONFIG_FILE_MAX, &text, &len, w->err);
	if (r == -ENOENT)
		return 0; /* removed while we walked */
	if (r < 0)
		return r;
	r = guest_config_parse_file(w->cfg, rel, path, text, len, w->warn, w->warn_ctx, w->err);
	free(text);
	return r;
}

static void load_hook(struct walk *w, const char *path, const char *name, const struct stat *st)
{
	char base[64];
	snprintf(base, sizeof(base), "%s", name);
	bool is_dir = S_ISDIR(st->st_mode);
	size_t n = strlen(base);
	if (is_dir && n > 2 && !strcmp(base + n - 2, ".d"))
		base[n - 2] = '\0';
	for (int h = 0; h < HOOK_COUNT; h++) {
		if (strcmp(base, guest_hook_names[h]) || (is_dir && !strcmp(base, name)))
			continue;
		if (is_dir)
			w->cfg->hooks_dir |= 1u << h;
		else if (S_ISREG(st->st_mode) && (st->st_mode & 0111))
			w->cfg->hooks |= 1u << h;
		else
			config_warnf(w->warn, w->warn_ctx,
				     "%s: ignored: not an executable file (vsm runs hooks as "
				     "programs and never sources them)", path);
		return;
	}
	config_warnf(w->warn, w->warn_ctx, "%s: ignored: unknown hook (expected initialize, "
		     "prepre-start, pre-start, post-start, pre-stop, post-stop, postpost-stop)",
		     path);
}

static int walk_dir(struct walk *w, const char *dir, const char *prefix, int depth);

static int walk_entry(struct walk *w, const char *dir, const char *prefix, const char *name,
		      int depth)
{
	char path[PATH_MAX], rel[PATH_MAX];
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >= sizeof(path) ||
	    (size_t)snprintf(rel, sizeof(rel), "%s%s", prefix, name) >= sizeof(rel))
		return vsm_error_set(w->err, ENAMETOOLONG, "%s/%s: path too long", dir, name);
	struct stat st;
	if (lstat(path, &st) < 0)
		return errno == ENOENT ? 0 : vsm_error_sys(w->err, errno, "%s: stat", path);
	if (!strcmp(rel, "vdir") || !strcmp(rel, "run") || !strcmp(rel, "cache")) {
		if (w->defaults)
			return 0;
		if (!S_ISLNK(st.st_mode))
			return config_error(w->err, path, 0, "expected a symlink to an absolute path");
		char *field = rel[0] == 'v' ? w->cfg->vdir : rel[0] == 'r' ? w->cfg->run
									   : w->cfg->cache;
		return read_link(w, path, field, PATH_MAX);
	}
	/* Other symlinks are followed: admins link shared files into config dirs. */
	if (S_ISLNK(st.st_mode) && stat(path, &st) < 0)
		return config_error(w->err, path, 0, "dangling symlink");
	if (!strcmp(prefix, "scripts/")) {
		if (!w->defaults)
			load_hook(w, path, name, &st);
		return 0;
	}
	if (!strcmp(rel, "apps/vunify"))
		return 0; /* read by vunify (refserver links, exclude lists) */
	if (!strcmp(rel, "dlimits"))
		return 0; /* read by backend/dlimit.c (vdlimit, the monitor) */
	if (S_ISDIR(st.st_mode)) {
		if (!strcmp(rel, "scripts") || (is_known_dir(rel) && depth < 3 &&
						 !config_unsupported_reason(rel)))
			return walk_dir(w, path, rel, depth + 1);
		if (!w->defaults)
			config_warnf(w->warn, w->warn_ctx, "%s/: ignored: %s", path,
				     config_unknown_reason(rel));
		return 0;
	}
	if (!S_ISREG(st.st_mode))
		return config_error(w->err, path, 0, "expected a regular file");
	return load_file(w, path, rel);
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Entries in name order, so interfaces and warnings come out the same every time. */
static int walk_dir(struct walk *w, const char *dir, const char *rel, int depth)
{
	DIR *d = opendir(dir);
	if (!d)
		return errno == ENOENT ? 0 : vsm_error_sys(w->err, errno, "%s: opendir", dir);
	char **names = NULL;
	size_t n = 0;
	int r = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..") || is_temporary(de->d_name))
			continue;
		char **nv = realloc(names, (n + 1) * sizeof(*nv));
		if (!nv || !(nv[n] = strdup(de->d_name))) {
			names = nv ? nv : names;
			r = vsm_error_set(w->err, ENOMEM, "%s: out of memory", dir);
			break;
		}
		names = nv;
		n++;
	}
	closedir(d);
	if (r == 0 && n)
		qsort(names, n, sizeof(*names), name_cmp);
	char prefix[PATH_MAX];
	snprintf(prefix, sizeof(prefix), "%s%s", rel, *rel ? "/" : "");
	for (size_t i = 0; i < n && r == 0; i++)
		r = walk_entry(w, dir, prefix, names[i], depth);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return r;
}

static int fill_default_links(struct guest_config *cfg, struct vsm_error *err)
{
	const struct vsm_paths *p = vsm_paths();
	if ((!cfg->vdir[0] &&
	     snprintf(cfg->vdir, PATH_MAX, "%s/%s", p->vdirbase, cfg->name) >= PATH_MAX) ||
	    (!cfg->run[0] && vsm_path_guest_run(p, cfg->name, cfg->run, PATH_MAX) < 0) ||
	    (!cfg->cache[0] &&
	     snprintf(cfg->cache, PATH_MAX, "%s/%s", p->cachedir, cfg->name) >= PATH_MAX))
		return vsm_error_set(err, ENAMETOOLONG, "guest %s: path too long", cfg->name);
	return 0;
}

int guest_config_load_dir(const char *dir, const char *defaults, const char *name,
			  struct guest_config *cfg, config_warn_fn warn, void *warn_ctx,
			  struct vsm_error *err)
{
	guest_config_init(cfg, name);
	struct stat st;
	if (stat(dir, &st) < 0)
		return errno == ENOENT
			       ? vsm_error_set(err, ENOENT, "guest %s: no configuration at %s", name, dir)
			       : vsm_error_sys(err, errno, "%s: stat", dir);
	if (!S_ISDIR(st.st_mode))
		return vsm_error_set(err, ENOTDIR, "%s: expected a directory", dir);
	struct walk w = { cfg, true, warn, warn_ctx, err };
	int r = defaults ? walk_dir(&w, defaults, "", 0) : 0;
	w.defaults = false;
	if (r == 0)
		r = walk_dir(&w, dir, "", 0);
	if (r == 0)
		r = fill_default_links(cfg, err);
	if (r == 0)
		r = guest_config_validate(cfg, dir, err);
	if (r < 0)
		guest_config_free(cfg);
	return r;
}

int guest_config_load(const char *name, struct guest_config *cfg, unsigned flags,
		      config_warn_fn warn, void *warn_ctx, struct vsm_error *err)
{
	guest_config_init(cfg, NULL);
	int r = guest_name_check(name, err);
	if (r < 0)
		return r;
	const struct vsm_paths *p = vsm_paths();
	char dir[PATH_MAX], defaults[PATH_MAX];
	if (vsm_path_guest_conf(p, name, dir, sizeof(dir)) < 0 ||
	    (size_t)snprintf(defaults, sizeof(defaults), "%s/.defaults", p->confdir) >=
		    sizeof(defaults))
		return vsm_error_set(err, ENAMETOOLONG, "guest %s: path too long", name);
	return guest_config_load_dir(dir, (flags & CONFIG_LOAD_NO_DEFAULTS) ? NULL : defaults, name,
				     cfg, warn, warn_ctx, err);
}
