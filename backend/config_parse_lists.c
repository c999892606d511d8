/* Parsing the list-valued config files: capabilities, flags, names, argv, environment, killseq,
 * fstab, personality. A file replaces the whole list (a guest's file overrides .defaults/). */
#include "backend/config_parse.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct str_list *list_for(struct guest_config *cfg, const char *name)
{
	static const struct { const char *name; size_t off; } map[] = {
		{ "bcapabilities", offsetof(struct guest_config, bcaps) },
		{ "ccapabilities", offsetof(struct guest_config, ccaps) },
		{ "cflags", offsetof(struct guest_config, cflags) },
		{ "nflags", offsetof(struct guest_config, nflags) },
		{ "personality", offsetof(struct guest_config, personality) },
		{ "init.mark", offsetof(struct guest_config, init.mark) },
		{ "init.depends", offsetof(struct guest_config, init.depends) },
		{ "init.killseq", offsetof(struct guest_config, init.killseq) },
		{ "init.cmd.start", offsetof(struct guest_config, init.cmd_start) },
		{ "init.cmd.stop", offsetof(struct guest_config, init.cmd_stop) },
		{ "init.cmd.prepare", offsetof(struct guest_config, init.cmd_prepare) },
		{ "init.environment", offsetof(struct guest_config, init.environment) },
	};
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(map[i].name, name))
			return (struct str_list *)((char *)cfg + map[i].off);
	return NULL;
}

/* Items in a list line: separated by commas and blanks (vattribute's syntax on one line). */
static char *next_item(char **save)
{
	char *s = *save;
	while (*s == ',' || *s == ' ' || *s == '\t')
		s++;
	if (!*s)
		return NULL;
	char *e = s;
	while (*e && *e != ',' && *e != ' ' && *e != '\t')
		e++;
	*save = *e ? e + 1 : e;
	*e = '\0';
	return s;
}

static int add(struct str_list *l, const char *path, const char *s, struct vsm_error *err)
{
	return str_list_add(l, s) < 0 ? vsm_error_set(err, ENOMEM, "%s: out of memory", path) : 0;
}

static int parse_item(const struct attr *a, const char *path, int line, const char *item,
		      struct str_list *l, struct vsm_error *err)
{
	char norm[64];
	int r;
	switch (a->type) {
	case ATTR_CAPS:
		r = config_cap_normalise(path, line, item, norm, sizeof(norm), err);
		break;
	case ATTR_FLAGS:
		r = config_flag_normalise((enum flag_kind)a->min, path, line, item, norm,
					  sizeof(norm), err);
		break;
	case ATTR_NAMES: {
		struct vsm_error e2 = {0};
		if (guest_name_check(item, &e2) < 0)
			return config_error(err, path, line, "%s", e2.msg);
		snprintf(norm, sizeof(norm), "%s", item);
		r = 0;
		break;
	}
	default:
		return config_error(err, path, line, "internal: not a list type");
	}
	return r < 0 ? r : add(l, path, norm, err);
}

static int parse_killseq_token(const char *path, int line, const char *tok, size_t index,
			       struct str_list *l, struct vsm_error *err)
{
	char num[16];
	if (index % 2 == 0) {
		int sig = config_signal_from_name(tok);
		if (sig < 0)
			return config_error(err, path, line,
					    "expected a signal name or number 1..64 (token %zu of "
					    "SIG WAIT SIG ...), got '%.30s'", index + 1, tok);
		snprintf(num, sizeof(num), "%d", sig);
	} else {
		long long w;
		struct vsm_error e2 = {0};
		if (config_parse_int(path, line, tok, 0, 3600, &w, &e2) < 0)
			return config_error(err, path, line,
					    "expected a wait in seconds 0..3600 (token %zu of "
					    "SIG WAIT SIG ...), got '%.30s'", index + 1, tok);
		snprintf(num, sizeof(num), "%lld", w);
	}
	return add(l, path, num, err);
}

static bool is_env_name(const char *s, size_t n)
{
	if (n == 0 || !(isalpha((unsigned char)s[0]) || s[0] == '_'))
		return false;
	for (size_t i = 1; i < n; i++)
		if (!(isalnum((unsigned char)s[i]) || s[i] == '_'))
			return false;
	return true;
}

/* No ".." component: an fstab target stays inside the guest root (it is resolved in-root too). */
static bool is_guest_path(const char *s)
{
	if (s[0] != '/')
		return false;
	for (const char *p = s; (p = strstr(p, "..")); p += 2)
		if (p[-1] == '/' && (p[2] == '/' || p[2] == '\0'))
			return false;
	return true;
}

static int parse_fstab_line(struct guest_config *cfg, const char *path, int line, char *s,
			    struct vsm_error *err)
{
	char *f[7];
	int n = 0;
	char *save;
	for (char *tok = strtok_r(s, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save))
		if (n < 7)
			f[n++] = tok;
		else
			n++;
	if (n < 4 || n > 6)
		return config_error(err, path, line,
				    "expected 4 to 6 fields (spec file type options [freq [passno]]), "
				    "got %d", n);
	struct guest_fstab_entry e = {0};
	if (strlen(f[0]) >= sizeof(e.spec) || strlen(f[1]) >= sizeof(e.file) ||
	    strlen(f[2]) >= sizeof(e.type) || strlen(f[3]) >= sizeof(e.options))
		return config_error(err, path, line, "a field is too long");
	if (!is_guest_path(f[1]))
		return config_error(err, path, line,
				    "expected an absolute mount point without '..', got '%.40s'", f[1]);
	if (!config_is_token(f[2]))
		return config_error(err, path, line, "expected a filesystem type, got '%.30s'", f[2]);
	long long v;
	if (n > 4 && config_parse_int(path, line, f[4], 0, 9, &v, err) < 0)
		return -EINVAL;
	e.freq = n > 4 ? (int)v : 0;
	if (n > 5 && config_parse_int(path, line, f[5], 0, 9, &v, err) < 0)
		return -EINVAL;
	e.passno = n > 5 ? (int)v : 0;
	strcpy(e.spec, f[0]);
	strcpy(e.file, f[1]);
	strcpy(e.type, f[2]);
	strcpy(e.options, f[3]);
	struct guest_fstab_entry *nv = realloc(cfg->fstab, (cfg->n_fstab + 1) * sizeof(*nv));
	if (!nv)
		return vsm_error_set(err, ENOMEM, "%s: out of memory", path);
	cfg->fstab = nv;
	cfg->fstab[cfg->n_fstab++] = e;
	return 0;
}

static int parse_personality_line(const char *path, int line, bool first, char *s,
				  struct str_list *l, struct vsm_error *err)
{
	for (char *p = s; *p; p++)
		*p = (char)toupper((unsigned char)*p);
	if (first ? config_personality_domain(s) < 0 : config_personality_flag(s) < 0)
		return config_error(err, path, line,
				    first ? "expected an execution domain such as LINUX or LINUX32, "
					    "got '%.30s'"
					  : "expected a personality flag such as ADDR_NO_RANDOMIZE or "
					    "UNAME26, got '%.30s'", s);
	return add(l, path, s, err);
}

static int parse_lines(struct guest_config *cfg, const struct attr *a, struct str_list *l,
		       struct config_lines *it, const char *path, struct vsm_error *err)
{
	size_t index = 0;
	int r = 0;
	/* argv files keep every line (an argument may start with '#' or be empty), except blank
	 * lines at the end; the others skip comments and blank lines. */
	bool raw = a->type == ATTR_ARGV;
	size_t keep = 0;
	char *s;
	while (r == 0 && (s = config_lines_next(it, !raw))) {
		char *item, *save = s;
		switch (a->type) {
		case ATTR_ARGV:
			r = add(l, path, s, err);
			if (*s)
				keep = l->n;
			break;
		case ATTR_ENV: {
			char *eq = strchr(s, '=');
			if (!eq || !is_env_name(s, (size_t)(eq - s)))
				r = config_error(err, path, it->lineno,
						 "expected VAR=VALUE with VAR of A-Z a-z 0-9 _, "
						 "got '%.40s'", s);
			else
				r = add(l, path, s, err);
			break;
		}
		case ATTR_KILLSEQ:
			while (r == 0 && (item = next_item(&save)))
				r = parse_killseq_token(path, it->lineno, item, index++, l, err);
			break;
		case ATTR_FSTAB:
			r = parse_fstab_line(cfg, path, it->lineno, s, err);
			break;
		case ATTR_PERSONALITY:
			r = parse_personality_line(path, it->lineno, l->n == 0, s, l, err);
			break;
		default:
			while (r == 0 && (item = next_item(&save)))
				r = parse_item(a, path, it->lineno, item, l, err);
			break;
		}
	}
	if (r == 0 && raw)
		while (l->n > keep)
			free(l->v[--l->n]);
	if (r == 0 && a->type == ATTR_KILLSEQ && index > 0 && index % 2 == 0)
		r = config_error(err, path, it->lineno,
				 "expected SIG [WAIT SIG]...: the sequence ends with a wait");
	return r;
}

int config_parse_list_file(struct guest_config *cfg, const struct attr *a, const char *path,
			   const char *text, size_t len, struct vsm_error *err)
{
	struct str_list scratch = {0};
	struct str_list *l = list_for(cfg, a->name);
	if (a->type == ATTR_FSTAB) {
		free(cfg->fstab);
		cfg->fstab = NULL;
		cfg->n_fstab = 0;
		l = &scratch;
	}
	if (!l)
		return config_error(err, path, 0, "internal: no list for %s", a->name);
	str_list_free(l);
	struct config_lines it;
	int r = config_lines_open(&it, path, text, len, err);
	if (r < 0)
		return r;
	r = parse_lines(cfg, a, l, &it, path, err);
	config_lines_close(&it);
	if (r < 0) {
		/* Leave nothing half-read behind. */
		str_list_free(l);
		if (a->type == ATTR_FSTAB) {
			free(cfg->fstab);
			cfg->fstab = NULL;
			cfg->n_fstab = 0;
		}
	}
	return r;
}
