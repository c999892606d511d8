/* start-vservers' plan (reference §1.5): util-vserver wrote a Makefile with one target per guest
 * and ran `make -k -jN`; this is the same dependency walk without make. */
#include "backend/boot_plan.h"
#include "backend/fsutil.h"
#include "backend/config.h"
#include "backend/paths.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The non-empty, non-comment lines of DIR/FILE (trimmed), NULL-terminated; an empty list when
 * the file is missing. */
static char **read_lines(int dirfd, const char *file)
{
	char *text = NULL;
	size_t len = 0, n = 0;
	char **v = calloc(1, sizeof(char *));
	if (!v || fs_read_file_at(dirfd, file, 65536, &text, &len, NULL) < 0 || !text)
		return v;
	for (char *save = NULL, *l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		while (*l == ' ' || *l == '\t')
			l++;
		size_t k = strlen(l);
		while (k && (l[k - 1] == ' ' || l[k - 1] == '\t' || l[k - 1] == '\r'))
			l[--k] = '\0';
		if (!*l || *l == '#')
			continue;
		char **nv = realloc(v, (n + 2) * sizeof(char *));
		if (!nv)
			break;
		v = nv;
		if (!(v[n] = strdup(l)))
			break;
		v[++n] = NULL;
	}
	free(text);
	return v;
}

static void free_lines(char **v)
{
	for (size_t i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

int boot_plan_load(struct boot_plan *p, bool stop, struct vsm_error *err)
{
	memset(p, 0, sizeof(*p));
	p->stop = stop;
	char **names;
	size_t n;
	int r = guest_list(&names, &n, err);
	if (r < 0)
		return r;
	p->g = calloc(n ? n : 1, sizeof(*p->g));
	if (!p->g) {
		guest_list_free(names, n);
		return vsm_error_set(err, ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < n; i++) {
		char dir[PATH_MAX];
		vsm_path_guest_conf(vsm_paths(), names[i], dir, sizeof(dir));
		int dfd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
		struct stat st;
		bool usable = dfd >= 0 && fstatat(dfd, "vdir", &st, AT_SYMLINK_NOFOLLOW) == 0 &&
			      fstatat(dfd, "disabled", &st, AT_SYMLINK_NOFOLLOW) < 0;
		if (usable) {
			struct boot_guest *g = &p->g[p->n++];
			g->name = names[i];
			names[i] = NULL;
			g->marks = read_lines(dfd, "apps/init/mark");
			g->deps = read_lines(dfd, "apps/init/depends");
		}
		if (dfd >= 0)
			close(dfd);
	}
	guest_list_free(names, n);
	return 0;
}

void boot_plan_free(struct boot_plan *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free(p->g[i].name);
		free_lines(p->g[i].marks);
		free_lines(p->g[i].deps);
	}
	free(p->g);
	memset(p, 0, sizeof(*p));
}

struct boot_guest *boot_plan_find(struct boot_plan *p, const char *name)
{
	for (size_t i = 0; i < p->n; i++)
		if (!strcmp(p->g[i].name, name))
			return &p->g[i];
	return NULL;
}

static bool has_mark(const struct boot_guest *g, const char *m, size_t len)
{
	for (size_t i = 0; g->marks && g->marks[i]; i++)
		if (strlen(g->marks[i]) == len && !strncmp(g->marks[i], m, len))
			return true;
	return false;
}

bool boot_is_marked(const struct boot_guest *g)
{
	return g->marks && g->marks[0];
}

bool boot_marks_match(const struct boot_guest *g, const char *spec)
{
	while (*spec) {
		size_t len = strcspn(spec, ",");
		bool neg = *spec == '!' || *spec == '~';
		const char *m = spec + neg;
		size_t mlen = len - neg;
		if (mlen && has_mark(g, m, mlen) == neg)
			return false;
		spec += len + (spec[len] == ',');
	}
	return true;
}

int boot_plan_add_deps(struct boot_plan *p, struct vsm_error *err)
{
	bool changed = true;
	while (changed) {
		changed = false;
		for (size_t i = 0; i < p->n; i++) {
			if (!p->g[i].selected)
				continue;
			for (char **d = p->g[i].deps; d && *d; d++) {
				struct boot_guest *dep = boot_plan_find(p, *d);
				if (!dep)
					return vsm_error_set(err, ENOENT, "%s: apps/init/depends names "
							     "'%s', which is no usable guest",
							     p->g[i].name, *d);
				if (!dep->selected)
					dep->selected = changed = true;
			}
		}
	}
	return 0;
}

/* Does A have to wait for B? Start: B is a dependency of A. Stop: A is a dependency of B. */
static bool must_wait(const struct boot_plan *p, const struct boot_guest *a,
		      const struct boot_guest *b)
{
	const struct boot_guest *who = p->stop ? b : a, *dep = p->stop ? a : b;
	for (char **d = who->deps; d && *d; d++)
		if (!strcmp(*d, dep->name))
			return true;
	return false;
}

/* One pass of boot_plan_next; *CHANGED when a guest failed for its dependency. */
static struct boot_guest *next_pass(struct boot_plan *p, bool *changed)
{
	for (size_t i = 0; i < p->n; i++) {
		struct boot_guest *a = &p->g[i];
		if (!a->selected || a->state != BOOT_WAIT)
			continue;
		bool ready = true;
		for (size_t j = 0; j < p->n && a->state == BOOT_WAIT; j++) {
			struct boot_guest *b = &p->g[j];
			if (j == i || !b->selected || !must_wait(p, a, b))
				continue;
			if (b->state == BOOT_FAILED && !p->stop) {
				/* make -k: what depends on a failed target is not attempted */
				a->state = BOOT_FAILED;
				*changed = true;
				snprintf(a->why, sizeof(a->why), "dependency %s failed", b->name);
			} else if (b->state == BOOT_WAIT || b->state == BOOT_ACTIVE) {
				ready = false;
			}
		}
		if (ready && a->state == BOOT_WAIT)
			return a;
	}
	return NULL;
}

struct boot_guest *boot_plan_next(struct boot_plan *p)
{
	/* Failures propagate along chains whatever order the guests are listed in. */
	bool changed = true;
	struct boot_guest *g = NULL;
	while (!g && changed) {
		changed = false;
		g = next_pass(p, &changed);
	}
	return g;
}

struct boot_guest *boot_plan_break_cycle(struct boot_plan *p)
{
	/* make drops a circular dependency with a warning and goes on; so do we: the first guest
	 * still waiting may begin. */
	for (size_t i = 0; i < p->n; i++)
		if (p->g[i].selected && p->g[i].state == BOOT_WAIT)
			return &p->g[i];
	return NULL;
}

bool boot_plan_finished(const struct boot_plan *p)
{
	for (size_t i = 0; i < p->n; i++)
		if (p->g[i].selected && (p->g[i].state == BOOT_WAIT || p->g[i].state == BOOT_ACTIVE))
			return false;
	return true;
}
