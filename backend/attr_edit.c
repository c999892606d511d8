/* The attribute editor's model (see attr_edit.h). Changes are validated on a staging copy of
 * the config directory, so the loader's own rules (and its cross-key checks) decide, and an
 * emptied field simply means "no such file". */
#include "backend/attr_edit.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "backend/chain.h"
#include "backend/config_internal.h"
#include "backend/copytree.h"
#include "backend/fsutil.h"
#include "backend/net.h"
#include "backend/paths.h"
#include "backend/runconf.h"
#include "backend/status.h"

/* What the editor shows, in order; interfaces are inserted after the identity section. */
static const char *const edit_keys[][2] = {
	{ "UTS", "uts/nodename" }, { "UTS", "uts/domainname" }, { "Identity", "context" },
	{ "Security", "bcapabilities" }, { "Security", "ccapabilities" },
	{ "Security", "cflags" },
	{ "Cgroup", "cgroup/memory_max" }, { "Cgroup", "cgroup/memory_high" },
	{ "Cgroup", "cgroup/memory_swap_max" }, { "Cgroup", "cgroup/cpu_quota" },
	{ "Cgroup", "cgroup/cpu_period" }, { "Cgroup", "cgroup/cpu_weight" },
	{ "Cgroup", "cgroup/pids_max" }, { "Cgroup", "cgroup/io.weight" },
	{ "rlimits", "rlimits/nproc" }, { "rlimits", "rlimits/rss" }, { "rlimits", "rlimits/as" },
	{ "ulimits", "ulimits/nofile" }, { "ulimits", "ulimits/core" },
	{ "ulimits", "ulimits/stack" },
	{ "Scheduling", "nice" },
	{ "Init", "apps/init/style" }, { "Init", "apps/init/mark" },
	{ "Init", "apps/init/depends" },
	{ "Mounts", "fstab" },
};
#define N_KEYS (sizeof(edit_keys) / sizeof(edit_keys[0]))
#define IDENTITY_END 3	/* interfaces go after the first three keys */

static bool attr_is_list(const struct attr *a)
{
	switch (a->type) {
	case ATTR_CAPS: case ATTR_FLAGS: case ATTR_NAMES: case ATTR_ARGV: case ATTR_ENV:
	case ATTR_KILLSEQ:
		return true;
	default:
		return false;
	}
}

static const char *list_sep(const struct attr *a)
{
	return a->type == ATTR_FSTAB ? " ; " : attr_is_list(a) ? ", " : NULL;
}

/* File text to display text. */
static void text_to_display(const struct attr *a, const char *text, char *out, size_t len)
{
	const char *sep = list_sep(a);
	size_t u = 0;
	out[0] = '\0';
	const char *p = text;
	while (*p && u < len - 1) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		if (n && !(sep && p[0] == '#')) {
			if (u && sep)
				u += (size_t)snprintf(out + u, len - u, "%s", sep);
			else if (u)
				break;	/* a scalar: the first line is the value */
			if (u < len - 1)
				u += (size_t)snprintf(out + u, len - u, "%.*s", (int)n, p);
		}
		p = nl ? nl + 1 : p + n;
	}
	/* fstab columns: one space apart, so a line fits an entry and types back the same. */
	if (a->type == ATTR_FSTAB) {
		char *w = out;
		for (const char *r = out; *r; r++) {
			bool blank = *r == ' ' || *r == '\t';
			if (blank && w > out && w[-1] == ' ')
				continue;
			*w++ = blank ? ' ' : *r;
		}
		*w = '\0';
	}
}

/* Display text to file text (one item per line). */
static void display_to_text(const struct attr *a, const char *val, char *out, size_t len)
{
	const char *sep = list_sep(a);
	size_t u = 0;
	out[0] = '\0';
	if (!sep) {
		snprintf(out, len, "%s\n", val);
		return;
	}
	char c = a->type == ATTR_FSTAB ? ';' : ',';
	const char *p = val;
	while (*p) {
		const char *e = strchr(p, c);
		size_t n = e ? (size_t)(e - p) : strlen(p);
		while (n && (*p == ' ' || *p == '\t'))
			p++, n--;
		while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
			n--;
		if (n && u < len)
			u += (size_t)snprintf(out + u, len - u, "%.*s\n", (int)n, p);
		p = e ? e + 1 : p + strlen(p);
	}
}

static int field_add(struct edit_session *s, const char *section, const char *rel)
{
	const struct attr *a = attr_find_file(rel);
	if (!a)
		return 0;
	struct edit_field *nf = realloc(s->f, (s->n + 1) * sizeof(*nf));
	if (!nf)
		return -ENOMEM;
	s->f = nf;
	struct edit_field *f = &s->f[s->n++];
	memset(f, 0, sizeof(*f));
	snprintf(f->rel, sizeof(f->rel), "%s", rel);
	snprintf(f->section, sizeof(f->section), "%s", section);
	f->attr = a;
	char path[PATH_MAX], *text;
	snprintf(path, sizeof(path), "%s/%s", s->dir, rel);
	if (fs_read_file_at(AT_FDCWD, path, CONFIG_FILE_MAX, &text, NULL, NULL) == 0) {
		text_to_display(a, text, f->old, sizeof(f->old));
		free(text);
	}
	memcpy(f->val, f->old, sizeof(f->val));
	return 0;
}

static int id_cmp(const void *a, const void *b)
{
	return strcmp((const char *)a, (const char *)b);
}

/* Every interfaces/<id>/ and one free id for a new interface. */
static int fields_add_ifaces(struct edit_session *s)
{
	char dir[PATH_MAX], ids[64][GUEST_NAME_MAX + 1];
	size_t n = 0;
	snprintf(dir, sizeof(dir), "%s/interfaces", s->dir);
	DIR *d = opendir(dir);
	struct dirent *e;
	while (d && (e = readdir(d)) && n < 63)
		if (e->d_name[0] != '.' && e->d_type == DT_DIR && strlen(e->d_name) <= GUEST_NAME_MAX)
			snprintf(ids[n++], sizeof(ids[0]), "%s", e->d_name);
	if (d)
		closedir(d);
	qsort(ids, n, sizeof(ids[0]), id_cmp);
	int next = 0;
	for (size_t i = 0; i < n; i++)
		if (atoi(ids[i]) >= next)
			next = atoi(ids[i]) + 1;
	snprintf(ids[n++], sizeof(ids[0]), "%02d", next);
	static const char *const keys[] = { "ip", "prefix", "dev", "mode" };
	for (size_t i = 0; i < n; i++) {
		char section[24], rel[96];
		snprintf(section, sizeof(section), i + 1 == n ? "New interface" : "Interface %.8s",
			 ids[i]);
		for (size_t k = 0; k < 4; k++) {
			snprintf(rel, sizeof(rel), "interfaces/%s/%s", ids[i], keys[k]);
			if (field_add(s, section, rel) < 0)
				return -ENOMEM;
		}
	}
	return 0;
}

int edit_open(struct edit_session *s, const char *name, struct vsm_error *err)
{
	memset(s, 0, sizeof(*s));
	int r = guest_name_check(name, err);
	if (r < 0)
		return r;
	snprintf(s->name, sizeof(s->name), "%s", name);
	if (vsm_path_guest_conf(vsm_paths(), name, s->dir, sizeof(s->dir)) < 0)
		return vsm_error_set(err, ENAMETOOLONG, "%s: config path too long", name);
	if (!guest_exists(name))
		return vsm_error_set(err, ENOENT, "%s: no such guest (%s)", name, s->dir);
	for (size_t i = 0; i < N_KEYS && r == 0; i++) {
		if (i == IDENTITY_END)
			r = fields_add_ifaces(s);
		if (r == 0)
			r = field_add(s, edit_keys[i][0], edit_keys[i][1]);
	}
	if (r < 0) {
		edit_close(s);
		return vsm_error_set(err, -r, "%s: out of memory", name);
	}
	return 0;
}

void edit_close(struct edit_session *s)
{
	free(s->f);
	s->f = NULL;
	s->n = 0;
	if (s->have_staged)
		guest_config_free(&s->staged);
	s->have_staged = false;
}

bool edit_field_changed(const struct edit_field *f)
{
	return strcmp(f->old, f->val) != 0;
}

size_t edit_count_changes(const struct edit_session *s)
{
	size_t n = 0;
	for (size_t i = 0; i < s->n; i++)
		n += edit_field_changed(&s->f[i]);
	return n;
}

/* A message names the file and line; next to its field only the complaint is needed. */
static void field_error_set(struct edit_field *f, const char *msg)
{
	const char *p = strstr(msg, f->rel);
	if (p) {
		p += strlen(f->rel);
		if (*p == ':')
			p++;
		while (*p >= '0' && *p <= '9')
			p++;
		if (*p == ':')
			p++;
		while (*p == ' ')
			p++;
		msg = p;
	}
	snprintf(f->error, sizeof(f->error), "%s", msg);
}

/* The parser's verdict on one field alone. */
static void field_check(struct edit_session *s, struct edit_field *f)
{
	f->error[0] = '\0';
	if (!f->val[0])
		return;
	char text[EDIT_TEXT_MAX + 64], path[PATH_MAX];
	display_to_text(f->attr, f->val, text, sizeof(text));
	snprintf(path, sizeof(path), "%s/%s", s->dir, f->rel);
	struct guest_config scratch;
	guest_config_init(&scratch, s->name);
	struct vsm_error e = { 0 };
	if (guest_config_parse_file(&scratch, f->rel, path, text, strlen(text), NULL, NULL, &e) < 0)
		field_error_set(f, e.msg);
	else if (!strcmp(f->rel, "context") && config_context_check(scratch.context, s->name, &e) < 0)
		field_error_set(f, e.msg);
	guest_config_free(&scratch);
}

/* Write the changes into the staging copy STAGE. An interface whose address was emptied goes
 * away with its directory. */
static int stage_apply(struct edit_session *s, const char *stage, struct vsm_error *err)
{
	for (size_t i = 0; i < s->n; i++) {
		struct edit_field *f = &s->f[i];
		if (!edit_field_changed(f))
			continue;
		char path[PATH_MAX];
		snprintf(path, sizeof(path), "%s/%s", stage, f->rel);
		size_t l = strlen(f->rel);
		if (!strncmp(f->rel, "interfaces/", 11) && l > 3 && !strcmp(f->rel + l - 3, "/ip") &&
		    !f->val[0]) {
			path[strlen(path) - 3] = '\0';
			fs_remove_tree(path, NULL);
			continue;
		}
		if (!f->val[0]) {
			if (unlink(path) < 0 && errno != ENOENT)
				return vsm_error_sys(err, errno, "%s: unlink", path);
			continue;
		}
		char text[EDIT_TEXT_MAX + 64];
		display_to_text(f->attr, f->val, text, sizeof(text));
		char *slash = strrchr(path, '/');
		*slash = '\0';
		int r = fs_mkdir_p(path, 0755, err);
		*slash = '/';
		if (r == 0)
			r = fs_write_atomic_path(path, text, strlen(text), 0644, err);
		if (r < 0)
			return r;
	}
	return 0;
}

/* A loader message names the staging copy: point it at the field and the real directory. */
static void stage_blame(struct edit_session *s, const char *stage, struct vsm_error *err)
{
	size_t sl = strlen(stage);
	char *at = strstr(err->msg, stage);
	if (!at)
		return;
	char rel[128];
	snprintf(rel, sizeof(rel), "%s", at + sl + 1);
	rel[strcspn(rel, ": ")] = '\0';
	char msg[sizeof(err->msg)];
	snprintf(msg, sizeof(msg), "%.*s%s%s", (int)(at - err->msg), err->msg, s->dir, at + sl);
	snprintf(err->msg, sizeof(err->msg), "%s", msg);
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->f[i].rel, rel) ||
		    (!strncmp(rel, s->f[i].rel, strlen(rel)) && s->f[i].rel[strlen(rel)] == '/'))
			if (!s->f[i].error[0]) {
				field_error_set(&s->f[i], err->msg);
				break;
			}
}

int edit_validate(struct edit_session *s, struct vsm_error *err)
{
	size_t bad = 0;
	if (s->have_staged)
		guest_config_free(&s->staged);
	s->have_staged = false;
	for (size_t i = 0; i < s->n; i++) {
		s->f[i].error[0] = '\0';
		if (edit_field_changed(&s->f[i])) {
			field_check(s, &s->f[i]);
			bad += s->f[i].error[0] != '\0';
		}
	}
	if (bad)
		return vsm_error_set(err, EINVAL, "%zu field%s refused: see the messages under them",
				     bad, bad == 1 ? "" : "s");
	char stage[PATH_MAX];
	snprintf(stage, sizeof(stage), "%s/.edit-%s-XXXXXX", vsm_paths()->confdir, s->name);
	if (!mkdtemp(stage))
		return vsm_error_sys(err, errno, "%s: mkdtemp", stage);
	int src = open(s->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int dst = open(stage, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int r = src < 0 || dst < 0 ? vsm_error_sys(err, errno, "%s: open", s->dir) :
		copytree_copy(src, dst, NULL, err);
	if (src >= 0)
		close(src);
	if (dst >= 0)
		close(dst);
	if (r == 0)
		r = stage_apply(s, stage, err);
	if (r == 0) {
		r = guest_config_load_dir(stage, NULL, s->name, &s->staged, NULL, NULL, err);
		if (r < 0)
			stage_blame(s, stage, err);
		else
			s->have_staged = true;
	}
	fs_remove_tree(stage, NULL);
	if (r == 0 && s->staged.n_ifaces &&
	    net_check_duplicates(s->name, s->staged.ifaces, s->staged.n_ifaces, err) < 0) {
		for (size_t i = 0; i < s->n; i++)
			if (edit_field_changed(&s->f[i]) && strstr(s->f[i].rel, "/ip"))
				snprintf(s->f[i].error, sizeof(s->f[i].error), "%s", err->msg);
		r = -EEXIST;
	}
	if (r < 0 && s->have_staged) {
		guest_config_free(&s->staged);
		s->have_staged = false;
	}
	return r;
}

void edit_diff(const struct edit_session *s, char *buf, size_t len)
{
	size_t u = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < s->n && u < len; i++) {
		const struct edit_field *f = &s->f[i];
		if (!edit_field_changed(f))
			continue;
		u += (size_t)snprintf(buf + u, len - u, "%s\n  - %s\n  + %s\n", f->rel,
				      f->old[0] ? f->old : "(absent)",
				      f->val[0] ? f->val : "(removed)");
	}
}

int edit_save(struct edit_session *s, struct vsm_error *err)
{
	if (!s->have_staged)
		return vsm_error_set(err, EINVAL, "%s: nothing validated to save", s->name);
	int r = guest_config_save(&s->staged, err);
	for (size_t i = 0; r == 0 && i < s->n; i++) {
		s->f[i].saved = edit_field_changed(&s->f[i]);
		memcpy(s->f[i].old, s->f[i].val, sizeof(s->f[i].old));
	}
	return r;
}

static bool rel_is_cgroup(const char *rel)
{
	return !strncmp(rel, "cgroup/", 7) || !strncmp(rel, "rlimits/", 8);
}

static int live_cgroup(const char *name, struct vsm_error *err)
{
	struct run_config rc;
	int r = run_config_load(name, NULL, &rc, NULL, NULL, err);
	if (r < 0)
		return r;
	struct cg_layout lay;
	char rel[PATH_MAX];
	if ((r = cg_detect(&lay, NULL, NULL, err)) == 0) {
		if (vsm_path_guest_cgroup(vsm_paths(), name, rel, sizeof(rel)) < 0)
			r = vsm_error_set(err, ENAMETOOLONG, "cgroup path of %s", name);
		else
			r = guest_limits_apply(&lay, rel, &rc.limits, err);
	}
	run_config_free(&rc);
	return r;
}

int edit_apply_live(struct edit_session *s, char *notes, size_t len, struct vsm_error *err)
{
	size_t u = 0;
	notes[0] = '\0';
	bool running = guest_is_running(s->name), cg = false, nice = false;
	int r = 0;
	for (size_t i = 0; i < s->n && u < len; i++) {
		const struct edit_field *f = &s->f[i];
		if (!f->saved)
			continue;
		bool live = running && f->attr->live && (rel_is_cgroup(f->rel) || !strcmp(f->rel, "nice"));
		/* A removed limit stays in the cgroup until the next start. */
		if (live && !f->val[0])
			live = false;
		cg |= live && rel_is_cgroup(f->rel);
		nice |= live && !strcmp(f->rel, "nice");
		u += (size_t)snprintf(notes + u, len - u, "%s: %s\n", f->rel,
				      !running ? "saved (the guest is not running)" :
				      live ? "applied now" : "on next restart");
	}
	if (cg)
		r = live_cgroup(s->name, err);
	if (r == 0 && nice && s->have_staged && s->staged.has_nice) {
		pid_t init;
		int pidfd;
		if ((r = chain_guest_init(s->name, &init, &pidfd, err)) == 0) {
			if (setpriority(PRIO_PROCESS, (id_t)init, s->staged.nice) < 0)
				r = vsm_error_sys(err, errno, "%s: setpriority of init %d", s->name,
						  (int)init);
			close(pidfd);
		}
	}
	return r;
}

bool edit_cflag_info(size_t i, const char **name, const char **maps_to, const char **why,
		     bool *fixed)
{
	const char *hint, *fx;
	if (!config_flag_info(FLAGS_CFLAGS, i, name, maps_to, &hint, &fx))
		return false;
	*why = *maps_to ? fx : hint;
	*fixed = fx != NULL;
	return true;
}
