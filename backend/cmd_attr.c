/* Attribute names to config files, and get/set/unset of one key (cmd_attr.h). Validation goes
 * through the config parser (guest_config_parse_file + guest_config_validate) so `set` accepts
 * exactly what the loader accepts. */
#include "backend/cmd_attr.h"
#include "backend/cgroup_limits.h"
#include "backend/config.h"
#include "backend/fsutil.h"
#include "backend/guest_cgroup.h"
#include "backend/paths.h"
#include "backend/runconf.h"
#include "backend/status.h"

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct cg_alias {
	const char *name, *rel;
	enum attr_conv conv;
};

/* cgroup v2 and v1 file names of the figures vsm keeps version-neutral (doc/cgroups.md). */
static const struct cg_alias cg_aliases[] = {
	{ "memory.max", "cgroup/memory_max", ATTR_CONV_NONE },
	{ "memory.limit_in_bytes", "cgroup/memory_max", ATTR_CONV_NONE },
	{ "memory.high", "cgroup/memory_high", ATTR_CONV_NONE },
	{ "memory.soft_limit_in_bytes", "cgroup/memory_high", ATTR_CONV_NONE },
	{ "memory.swap.max", "cgroup/memory_swap_max", ATTR_CONV_NONE },
	{ "cpu.max", "cgroup/cpu_quota", ATTR_CONV_CPU_MAX },
	{ "cpu.cfs_quota_us", "cgroup/cpu_quota", ATTR_CONV_NONE },
	{ "cpu.cfs_period_us", "cgroup/cpu_period", ATTR_CONV_NONE },
	{ "cpu.weight", "cgroup/cpu_weight", ATTR_CONV_NONE },
	{ "cpu.shares", "cgroup/cpu_weight", ATTR_CONV_SHARES },
	{ "pids.max", "cgroup/pids_max", ATTR_CONV_NONE },
};
#define N_CG_ALIASES (sizeof(cg_aliases) / sizeof(cg_aliases[0]))

const char *const attr_cgroup_aliases[] = {
	"memory.max", "memory.limit_in_bytes", "memory.high", "memory.soft_limit_in_bytes",
	"memory.swap.max", "cpu.max", "cpu.cfs_quota_us", "cpu.cfs_period_us", "cpu.weight",
	"cpu.shares", "pids.max", NULL,
};

/* Match dotted NAME against file pattern PAT: '/' matches '.' or '/', '*' one or more bytes
 * other than '/'. On a match REL gets the file. */
static bool dotted_match(const char *pat, const char *name, char *rel, size_t left)
{
	if (!left)
		return false;
	if (!*pat) {
		*rel = '\0';
		return !*name;
	}
	if (*pat == '*') {
		for (size_t n = 1; name[n - 1] && name[n - 1] != '/' && n < left; n++) {
			memcpy(rel, name, n);
			if (dotted_match(pat + 1, name + n, rel + n, left - n))
				return true;
		}
		return false;
	}
	if (*pat == '/' ? (*name != '.' && *name != '/') : *pat != *name)
		return false;
	*rel = *pat;
	return dotted_match(pat + 1, name + 1, rel + 1, left - 1);
}

int attr_ref_resolve(const char *name, struct attr_ref *ref, struct vsm_error *err)
{
	memset(ref, 0, sizeof(*ref));
	for (size_t i = 0; i < N_CG_ALIASES; i++) {
		if (!strcmp(name, cg_aliases[i].name)) {
			snprintf(ref->rel, sizeof(ref->rel), "%s", cg_aliases[i].rel);
			ref->conv = cg_aliases[i].conv;
			ref->a = attr_find_file(ref->rel);
			return 0;
		}
	}
	const struct attr *a = attr_find(name);
	if (a && !strchr(a->file, '*')) {
		ref->a = a;
		snprintf(ref->rel, sizeof(ref->rel), "%s", a->file);
		return 0;
	}
	/* Fixed files first, so "spaces.user.range" is that key and not spaces/<user.range>. */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < attr_count; i++) {
			const struct attr *t = &attr_table[i];
			if ((strchr(t->file, '*') != NULL) != (pass == 1))
				continue;
			if (dotted_match(t->file, name, ref->rel, sizeof(ref->rel)) &&
			    attr_find_file(ref->rel) == t && !strstr(ref->rel, "..")) {
				ref->a = t;
				return 0;
			}
		}
	}
	return vsm_error_set(err, ENOENT, "unknown attribute '%s' (help set lists the names)", name);
}

void attr_rel_to_name(const char *rel, char *buf, size_t len)
{
	snprintf(buf, len, "%s", rel);
	for (char *p = buf; *p; p++)
		if (*p == '/')
			*p = '.';
}

static void guest_file(const char *guest, const char *rel, char *buf, size_t len)
{
	char dir[PATH_MAX];
	vsm_path_guest_conf(vsm_paths(), guest, dir, sizeof(dir));
	snprintf(buf, len, "%s/%s", dir, rel);
}

static int read_one(const char *path, char **out, struct vsm_error *err)
{
	int r = fs_read_file_at(AT_FDCWD, path, CONFIG_FILE_MAX, out, NULL, err);
	if (r < 0)
		return r;
	size_t n = strlen(*out);
	while (n && (*out)[n - 1] == '\n')
		(*out)[--n] = '\0';
	return 0;
}

int attr_value_get(const char *guest, const struct attr_ref *ref, char **value, bool *set,
		   struct vsm_error *err)
{
	char path[PATH_MAX * 2];
	guest_file(guest, ref->rel, path, sizeof(path));
	*value = NULL;
	*set = false;
	struct stat st;
	if (lstat(path, &st) < 0) {
		if (errno != ENOENT)
			return vsm_error_sys(err, errno, "%s", path);
		*value = strdup(ref->a && ref->a->type == ATTR_FLAG ? "off" : "");
		return *value ? 0 : -ENOMEM;
	}
	*set = true;
	if (S_ISLNK(st.st_mode)) {
		char t[PATH_MAX];
		ssize_t n = readlink(path, t, sizeof(t) - 1);
		if (n < 0)
			return vsm_error_sys(err, errno, "%s: readlink", path);
		t[n] = '\0';
		*value = strdup(t);
	} else if (ref->a && ref->a->type == ATTR_FLAG) {
		*value = strdup("on");
	} else {
		int r = read_one(path, value, err);
		if (r < 0)
			return r;
		if (ref->conv == ATTR_CONV_CPU_MAX) {
			/* cpu.max reads as "QUOTA PERIOD", as the v2 file does. */
			char ppath[PATH_MAX * 2], *period = NULL, *both = NULL;
			guest_file(guest, "cgroup/cpu_period", ppath, sizeof(ppath));
			if (read_one(ppath, &period, NULL) < 0)
				period = NULL;
			if (asprintf(&both, "%s %s", *value, period ? period : "100000") < 0)
				both = NULL;
			free(period);
			free(*value);
			*value = both;
		}
	}
	return *value ? 0 : vsm_error_set(err, ENOMEM, "out of memory");
}

/* List-valued keys may be given on one line, comma- or blank-separated. */
static bool type_is_word_list(enum attr_type t)
{
	return t == ATTR_CAPS || t == ATTR_FLAGS || t == ATTR_NAMES || t == ATTR_KILLSEQ;
}

/* The file text for VALUE; NULL on ENOMEM. */
static char *value_to_text(const struct attr_ref *ref, const char *value)
{
	char *t = NULL;
	if (ref->conv == ATTR_CONV_SHARES) {
		char *end;
		unsigned long long sh = strtoull(value, &end, 10);
		if (*value && !*end && sh >= 2 && sh <= 262144) {
			if (asprintf(&t, "%llu\n",
				     (unsigned long long)guest_limits_shares_to_weight(sh)) < 0)
				return NULL;
			return t;
		}
	}
	if (ref->a && type_is_word_list(ref->a->type) && !strchr(value, '\n')) {
		t = malloc(strlen(value) + 2);
		if (!t)
			return NULL;
		char *o = t;
		for (const char *p = value; *p;) {
			size_t n = strcspn(p, ", \t");
			if (n) {
				memcpy(o, p, n);
				o += n;
				*o++ = '\n';
			}
			p += n;
			p += strspn(p, ", \t");
		}
		*o = '\0';
		return t;
	}
	size_t n = strlen(value);
	if (!n || value[n - 1] == '\n')
		return strdup(value);
	if (asprintf(&t, "%s\n", value) < 0)
		return NULL;
	return t;
}

static bool flag_value(const char *v, bool *on)
{
	static const char *const yes[] = { "on", "yes", "true", "1", NULL };
	static const char *const no[] = { "off", "no", "false", "0", NULL };
	for (int i = 0; yes[i]; i++) {
		if (!strcasecmp(v, yes[i]))
			return *on = true;
		if (!strcasecmp(v, no[i]))
			return !(*on = false);
	}
	return false;
}

/* Parse TEXT as file REL into the guest's loaded config, then the cross-key checks. */
static int config_check(const char *guest, const char *rel, const char *text,
			struct vsm_error *err)
{
	struct guest_config cfg;
	int r = guest_config_load(guest, &cfg, CONFIG_LOAD_NO_DEFAULTS, NULL, NULL, err);
	if (r < 0)
		return r;
	char dir[PATH_MAX], path[PATH_MAX * 2];
	vsm_path_guest_conf(vsm_paths(), guest, dir, sizeof(dir));
	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	r = guest_config_parse_file(&cfg, rel, path, text, strlen(text), NULL, NULL, err);
	if (r == 0)
		r = guest_config_validate(&cfg, dir, err);
	guest_config_free(&cfg);
	return r;
}

static int file_write(const char *guest, const char *rel, const char *text,
		      struct vsm_error *err)
{
	char path[PATH_MAX * 2];
	guest_file(guest, rel, path, sizeof(path));
	char *slash = strrchr(path, '/');
	*slash = '\0';
	int r = fs_mkdir_p(path, 0755, err);
	*slash = '/';
	if (r < 0)
		return r;
	return fs_write_atomic_path(path, text, strlen(text), 0644, err);
}

/* Push cgroup figures into the running guest's cgroup: the start path's own code. */
static int live_apply(const char *guest, const struct attr_ref *ref, enum attr_effect *effect,
		      struct vsm_error *err)
{
	if (!guest_is_running(guest)) {
		*effect = ATTR_EFFECT_STOPPED;
		return 0;
	}
	if (!ref->a || !ref->a->live) {
		*effect = ATTR_EFFECT_NEXT_START;
		return 0;
	}
	if (strncmp(ref->rel, "cgroup/", 7) && strncmp(ref->rel, "rlimits/", 8)) {
		*effect = ATTR_EFFECT_READ_WHEN_USED;
		return 0;
	}
	struct run_config *rc = calloc(1, sizeof(*rc));
	if (!rc)
		return vsm_error_set(err, ENOMEM, "out of memory");
	int r = run_config_load(guest, NULL, rc, NULL, NULL, err);
	if (r == 0) {
		struct guest_cgroup *gc = guest_cgroup_open(guest, err);
		if (gc)
			r = guest_cgroup_setup(gc, rc, err);
		guest_cgroup_close(gc);
		run_config_free(rc);
	}
	free(rc);
	if (r < 0)
		return vsm_error_prefix(err, "%s: saved, but applying it to the running guest failed",
					guest);
	*effect = ATTR_EFFECT_APPLIED;
	return 0;
}

static int set_cpu_max(const char *guest, const char *value, struct vsm_error *err)
{
	char quota[32], period[32] = "";
	if (sscanf(value, "%31s %31s", quota, period) < 1)
		return vsm_error_set(err, EINVAL, "cpu.max: expected QUOTA|max [PERIOD], got '%s'",
				     value);
	char qt[40], pt[40];
	snprintf(qt, sizeof(qt), "%s\n", quota);
	snprintf(pt, sizeof(pt), "%s\n", period);
	int r = config_check(guest, "cgroup/cpu_quota", qt, err);
	if (r == 0 && *period)
		r = config_check(guest, "cgroup/cpu_period", pt, err);
	if (r == 0)
		r = file_write(guest, "cgroup/cpu_quota", qt, err);
	if (r == 0 && *period)
		r = file_write(guest, "cgroup/cpu_period", pt, err);
	return r;
}

int attr_value_set(const char *guest, const struct attr_ref *ref, const char *value,
		   enum attr_effect *effect, struct vsm_error *err)
{
	const struct attr *a = ref->a;
	if (a && a->type == ATTR_HOOK)
		return vsm_error_set(err, EPERM, "%s: hooks are programs: install them as files",
				     ref->rel);
	int r;
	if (ref->conv == ATTR_CONV_CPU_MAX) {
		r = set_cpu_max(guest, value, err);
	} else if (a && a->type == ATTR_LINK) {
		if (value[0] != '/')
			return vsm_error_set(err, EINVAL, "%s: expected an absolute path, got '%s'",
					     ref->rel, value);
		char path[PATH_MAX * 2];
		guest_file(guest, ref->rel, path, sizeof(path));
		r = fs_symlink_atomic(value, path, err);
	} else if (a && a->type == ATTR_FLAG) {
		bool on;
		if (!flag_value(value, &on))
			return vsm_error_set(err, EINVAL, "%s: expected on or off, got '%s'",
					     ref->rel, value);
		if (!on)
			return attr_value_unset(guest, ref, effect, err);
		r = config_check(guest, ref->rel, "", err);
		if (r == 0)
			r = file_write(guest, ref->rel, "", err);
	} else {
		char *text = value_to_text(ref, value);
		if (!text)
			return vsm_error_set(err, ENOMEM, "out of memory");
		r = config_check(guest, ref->rel, text, err);
		if (r == 0)
			r = file_write(guest, ref->rel, text, err);
		free(text);
	}
	if (r < 0)
		return r;
	return live_apply(guest, ref, effect, err);
}

int attr_value_unset(const char *guest, const struct attr_ref *ref, enum attr_effect *effect,
		     struct vsm_error *err)
{
	char path[PATH_MAX * 2];
	guest_file(guest, ref->rel, path, sizeof(path));
	if (ref->a && ref->a->type == ATTR_HOOK)
		return vsm_error_set(err, EPERM, "%s: hooks are programs: remove them as files",
				     ref->rel);
	if (unlink(path) < 0 && errno != ENOENT)
		return vsm_error_sys(err, errno, "%s: unlink", path);
	return live_apply(guest, ref, effect, err);
}
