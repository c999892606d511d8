/* The exclude-list matcher for vunify and vhashify (syntax in unify_exclude.h). */
#include "backend/unify_exclude.h"
#include "backend/fsutil.h"

#include <fcntl.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef VSM_DATADIR
#define VSM_DATADIR "/usr/local/share/vsm"
#endif

#define EXCLUDE_FILE_MAX (1u << 20)

void unify_exclude_init(struct unify_exclude *x)
{
	memset(x, 0, sizeof(*x));
}

void unify_exclude_free(struct unify_exclude *x)
{
	for (size_t i = 0; i < x->n_rules; i++)
		free(x->rules[i].pattern);
	for (size_t i = 0; i < x->n_exact; i++)
		free(x->exact[i]);
	free(x->rules);
	free(x->exact);
	unify_exclude_init(x);
}

static int rule_add(struct unify_exclude *x, enum unify_verdict v, const char *pat, size_t len)
{
	if (x->n_rules == x->cap_rules) {
		size_t cap = x->cap_rules ? x->cap_rules * 2 : 32;
		struct unify_rule *r = realloc(x->rules, cap * sizeof(*r));
		if (!r)
			return -ENOMEM;
		x->rules = r;
		x->cap_rules = cap;
	}
	char *p = strndup(pat, len);
	if (!p)
		return -ENOMEM;
	x->rules[x->n_rules].verdict = v;
	x->rules[x->n_rules].pattern = p;
	x->n_rules++;
	if (v == UNIFY_INCLUDE)
		x->has_includes = true;
	return 0;
}

int unify_exclude_parse(struct unify_exclude *x, const char *text, size_t len, const char *origin,
			struct vsm_error *err)
{
	const char *p = text, *end = text + len;
	for (unsigned lineno = 1; p < end; lineno++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		const char *s = p;
		p = nl ? nl + 1 : end;
		while (le > s && (le[-1] == ' ' || le[-1] == '\t' || le[-1] == '\r'))
			le--;
		while (s < le && (*s == ' ' || *s == '\t'))
			s++;
		if (s == le || *s == '#')
			continue;
		enum unify_verdict v = UNIFY_EXCLUDE;
		if (*s == '+' || *s == '-' || *s == '~') {
			v = *s == '+' ? UNIFY_INCLUDE : *s == '~' ? UNIFY_SKIP : UNIFY_EXCLUDE;
			s++;
		}
		if (s == le || *s != '/')
			return vsm_error_set(err, EINVAL, "%s:%u: pattern must start with '/': %.*s",
					     origin, lineno, (int)(le - s), s);
		if (rule_add(x, v, s, (size_t)(le - s)) < 0)
			return vsm_error_sys(err, ENOMEM, "%s:%u", origin, lineno);
	}
	return 0;
}

int unify_exclude_add_exact(struct unify_exclude *x, const char *path)
{
	if (x->n_exact == x->cap_exact) {
		size_t cap = x->cap_exact ? x->cap_exact * 2 : 64;
		char **e = realloc(x->exact, cap * sizeof(*e));
		if (!e)
			return -ENOMEM;
		x->exact = e;
		x->cap_exact = cap;
	}
	if (!(x->exact[x->n_exact] = strdup(path)))
		return -ENOMEM;
	x->n_exact++;
	x->exact_sorted = false;
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

enum unify_verdict unify_exclude_match(struct unify_exclude *x, const char *path)
{
	if (x->n_exact) {
		if (!x->exact_sorted) {
			qsort(x->exact, x->n_exact, sizeof(*x->exact), cmp_str);
			x->exact_sorted = true;
		}
		if (bsearch(&path, x->exact, x->n_exact, sizeof(*x->exact), cmp_str))
			return UNIFY_EXCLUDE;
	}
	/* No FNM_PATHNAME: as in util-vserver, a star also matches `/`, so one covers a subtree. */
	for (size_t i = 0; i < x->n_rules; i++)
		if (fnmatch(x->rules[i].pattern, path, 0) == 0)
			return x->rules[i].verdict;
	return UNIFY_NOMATCH;
}

bool unify_exclude_is_excluded(struct unify_exclude *x, const char *path, bool dir_excluded)
{
	enum unify_verdict v = unify_exclude_match(x, path);
	if (v == UNIFY_NOMATCH)
		return dir_excluded;
	return v != UNIFY_INCLUDE;
}

void unify_exclude_default_path(char *buf, size_t len)
{
	const char *env = getenv("VSM_VUNIFY_EXCLUDE");
	if (env && *env) {
		snprintf(buf, len, "%s", env);
		return;
	}
	/* In the build tree: <src>/<variant>/bin/PROG -> <src>/share/vunify-exclude. */
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n > 0) {
		self[n] = '\0';
		for (int up = 0; up < 3; up++) {
			char *s = strrchr(self, '/');
			if (!s)
				break;
			*s = '\0';
		}
		snprintf(buf, len, "%s/share/vunify-exclude", self);
		if (access(buf, R_OK) == 0)
			return;
	}
	snprintf(buf, len, "%s/vunify-exclude", VSM_DATADIR);
}

static int try_load(struct unify_exclude *x, const char *path, struct vsm_error *err)
{
	char *text = NULL;
	size_t len = 0;
	int r = fs_read_file_at(AT_FDCWD, path, EXCLUDE_FILE_MAX, &text, &len, err);
	if (r < 0)
		return r;
	r = unify_exclude_parse(x, text, len, path, err);
	free(text);
	return r;
}

int unify_exclude_load(struct unify_exclude *x, const char *cfgdir, const char *defaultsdir,
		       char *source, size_t source_len, struct vsm_error *err)
{
	char path[PATH_MAX];
	const char *dirs[2] = { cfgdir, defaultsdir };
	for (int i = 0; i < 2; i++) {
		if (!dirs[i])
			continue;
		snprintf(path, sizeof(path), "%s/apps/vunify/exclude", dirs[i]);
		int r = try_load(x, path, err);
		if (r != -ENOENT) {
			if (r == 0 && source)
				snprintf(source, source_len, "%s", path);
			return r;
		}
		vsm_error_clear(err);
	}
	unify_exclude_default_path(path, sizeof(path));
	int r = try_load(x, path, err);
	if (r == 0 && source)
		snprintf(source, source_len, "%s", path);
	return r;
}
