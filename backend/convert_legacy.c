/* The old single-file format: a careful reader (the file is never run as shell) and the mapping
 * onto the directory layout (doc/lowlevel-tools.md lists it). Every value goes through the config
 * parser, so what the config module refuses is dropped here with its reason. */
#include "backend/convert_legacy.h"
#include "backend/config.h"
#include "backend/fsutil.h"
#include "backend/paths.h"

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

void legacy_conf_free(struct legacy_conf *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->vars[i].val);
	free(c->vars);
	memset(c, 0, sizeof(*c));
}

const struct legacy_var *legacy_conf_get(const struct legacy_conf *c, const char *key)
{
	for (size_t i = c->n; i-- > 0;)
		if (!strcmp(c->vars[i].key, key))
			return &c->vars[i];
	return NULL;
}

/* The value after '=': quoted pieces joined as the shell does, up to an unquoted blank or '#'.
 * NULL when it uses expansion we do not perform ($, `). */
static char *shell_value(const char *s, bool *ok)
{
	char *out = malloc(strlen(s) + 1);
	size_t n = 0;
	*ok = true;
	if (!out)
		return NULL;
	while (*s && !isspace((unsigned char)*s) && *s != '#' && *s != ';') {
		if (*s == '\'') {
			const char *e = strchr(s + 1, '\'');
			if (!e)
				goto bad;
			memcpy(out + n, s + 1, (size_t)(e - s - 1));
			n += (size_t)(e - s - 1);
			s = e + 1;
		} else if (*s == '"') {
			s++;
			while (*s && *s != '"') {
				if (*s == '$' || *s == '`')
					goto bad;
				if (*s == '\\' && s[1])
					s++;
				out[n++] = *s++;
			}
			if (*s != '"')
				goto bad;
			s++;
		} else {
			if (*s == '$' || *s == '`')
				goto bad;
			if (*s == '\\' && s[1])
				s++;
			out[n++] = *s++;
		}
	}
	out[n] = 0;
	return out;
bad:
	*ok = false;
	free(out);
	return NULL;
}

int legacy_conf_parse(const char *text, size_t len, struct legacy_conf *out, struct vsm_error *err)
{
	memset(out, 0, sizeof(*out));
	char *buf = strndup(text, len);
	if (!buf)
		return vsm_error_set(err, ENOMEM, "legacy config");
	int lineno = 0, depth = 0, r = 0;
	char *next = buf;
	while (next) {
		char *line = next;
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = 0;
		next = nl ? nl + 1 : NULL;
		lineno++;
		char *s = line;
		while (isspace((unsigned char)*s))
			s++;
		size_t l = strlen(s);
		while (l && isspace((unsigned char)s[l - 1]))
			s[--l] = 0;
		if (!*s || *s == '#')
			continue;
		if (!strncmp(s, "case ", 5)) {
			if (!depth && !out->profile_line)
				out->profile_line = lineno;
			depth++;
			continue;
		}
		if (!strcmp(s, "esac") || !strncmp(s, "esac ", 5) || !strncmp(s, "esac;", 5)) {
			if (depth)
				depth--;
			continue;
		}
		if (depth)
			continue;
		if (!strncmp(s, "export ", 7))
			s += 7;
		size_t k = 0;
		while (isalnum((unsigned char)s[k]) || s[k] == '_')
			k++;
		if (k == 0 || k >= sizeof(out->vars[0].key) || s[k] != '=' || isdigit((unsigned char)*s)) {
			if (!out->skipped_line)
				out->skipped_line = lineno;
			continue;
		}
		bool ok;
		char *val = shell_value(s + k + 1, &ok);
		if (!ok) {
			if (!out->skipped_line)
				out->skipped_line = lineno;
			continue;
		}
		if (!val) {
			r = vsm_error_set(err, ENOMEM, "legacy config");
			break;
		}
		struct legacy_var *nv = realloc(out->vars, (out->n + 1) * sizeof(*nv));
		if (!nv) {
			free(val);
			r = vsm_error_set(err, ENOMEM, "legacy config");
			break;
		}
		out->vars = nv;
		memset(&nv[out->n], 0, sizeof(nv[0]));
		memcpy(nv[out->n].key, s, k);
		nv[out->n].val = val;
		nv[out->n].line = lineno;
		out->n++;
	}
	free(buf);
	if (r < 0)
		legacy_conf_free(out);
	return r;
}

const char *legacy_ulimit_resource(char opt)
{
	switch (opt) {
	case 'u': return "nproc";
	case 'n': return "nofile";
	case 'v': return "as";
	case 'm': return "rss";
	case 'l': return "memlock";
	case 's': return "stack";
	case 'c': return "core";
	case 'd': return "data";
	case 'f': return "fsize";
	case 't': return "cpu";
	case 'x': return "locks";
	case 'q': return "msgqueue";
	case 'i': return "sigpending";
	case 'e': return "nice";
	case 'r': return "rtprio";
	default: return NULL;
	}
}

struct conv {
	const char *name;
	struct guest_config *cfg;
	convert_report_fn report;
	void *ctx;
	char path[PATH_MAX];	/* NAME.conf, for messages */
};

static void say(struct conv *c, enum convert_kind k, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void say(struct conv *c, enum convert_kind k, const char *fmt, ...)
{
	char msg[600];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (c->report)
		c->report(c->ctx, k, msg);
}

/* Set config key REL to TEXT through the parser. On refusal report it as dropped (WHAT names the
 * old setting) and return false. */
static bool put(struct conv *c, const char *rel, const char *text, const char *what)
{
	struct vsm_error e = {0};
	char path[PATH_MAX + 64];
	snprintf(path, sizeof(path), "%s/%s", c->name, rel);
	if (guest_config_parse_file(c->cfg, rel, path, text, strlen(text), NULL, NULL, &e) < 0) {
		say(c, CONVERT_DROPPED, "%s: %s", what, e.msg);
		return false;
	}
	return true;
}

/* Lists are parsed whole: append ITEM to the list text of REL in the config. */
static bool put_list_item(struct conv *c, struct str_list *l, const char *rel, const char *item,
			  const char *what)
{
	size_t cap = strlen(item) + 2;
	for (size_t i = 0; i < l->n; i++)
		cap += strlen(l->v[i]) + 1;
	char *text = malloc(cap);
	if (!text)
		return false;
	size_t n = 0;
	for (size_t i = 0; i < l->n; i++)
		n += (size_t)sprintf(text + n, "%s\n", l->v[i]);
	sprintf(text + n, "%s\n", item);
	/* The parser replaces the list; on refusal put the old one back. */
	struct str_list keep = {0};
	for (size_t i = 0; i < l->n; i++)
		str_list_add(&keep, l->v[i]);
	bool ok = put(c, rel, text, what);
	if (!ok) {
		str_list_free(l);
		*l = keep;
	} else {
		str_list_free(&keep);
	}
	free(text);
	return ok;
}

static void conv_iproot(struct conv *c, const struct legacy_conf *lc)
{
	const struct legacy_var *v;
	if ((v = legacy_conf_get(lc, "IPROOTDEV")) && *v->val &&
	    put(c, "interfaces/dev", v->val, "IPROOTDEV"))
		say(c, CONVERT_MAPPED, "IPROOTDEV=%s -> interfaces/dev", v->val);
	if ((v = legacy_conf_get(lc, "IPROOTMASK")) && *v->val &&
	    put(c, "interfaces/mask", v->val, "IPROOTMASK"))
		say(c, CONVERT_MAPPED, "IPROOTMASK=%s -> interfaces/mask", v->val);
	if ((v = legacy_conf_get(lc, "IPROOTBCAST")) && *v->val &&
	    put(c, "interfaces/bcast", v->val, "IPROOTBCAST"))
		say(c, CONVERT_MAPPED, "IPROOTBCAST=%s -> interfaces/bcast", v->val);
	if (!(v = legacy_conf_get(lc, "IPROOT")) || !*v->val)
		return;
	char *copy = strdup(v->val), *save = NULL;
	int nn = 0;
	for (char *ip = copy ? strtok_r(copy, " \t", &save) : NULL; ip; ip = strtok_r(NULL, " \t", &save)) {
		if (!strcasecmp(ip, "ALL") || !strcmp(ip, "0.0.0.0")) {
			if (put(c, "spaces/net", "0", "IPROOT"))
				say(c, CONVERT_CHANGED, "IPROOT=%s (no restriction) -> spaces/net 0: the "
				    "guest uses the host's network namespace", ip);
			continue;
		}
		char id[8], rel[64], what[80];
		snprintf(id, sizeof(id), "%02d", nn);
		snprintf(what, sizeof(what), "IPROOT entry '%s'", ip);
		char *dev = NULL, *addr = ip, *slash;
		char *colon = strchr(ip, ':');
		/* dev:ip; an IPv6 address has several colons and no device prefix. */
		if (colon && !strchr(colon + 1, ':')) {
			*colon = 0;
			dev = ip;
			addr = colon + 1;
		}
		if ((slash = strchr(addr, '/')))
			*slash++ = 0;
		snprintf(rel, sizeof(rel), "interfaces/%s/ip", id);
		bool ok = put(c, rel, addr, what);
		if (ok && dev) {
			snprintf(rel, sizeof(rel), "interfaces/%s/dev", id);
			ok = put(c, rel, dev, what);
		}
		if (ok && slash) {
			snprintf(rel, sizeof(rel), "interfaces/%s/%s", id, strchr(slash, '.') ? "mask" : "prefix");
			ok = put(c, rel, slash, what);
		}
		if (!ok) {
			/* Leave no half interface behind: drop this entry's directory. */
			for (size_t i = 0; i < c->cfg->n_ifaces; i++)
				if (!strcmp(c->cfg->ifaces[i].id, id)) {
					memmove(&c->cfg->ifaces[i], &c->cfg->ifaces[i + 1],
						(c->cfg->n_ifaces - i - 1) * sizeof(c->cfg->ifaces[0]));
					c->cfg->n_ifaces--;
					break;
				}
			continue;
		}
		say(c, CONVERT_MAPPED, "IPROOT entry %s%s%s%s%s -> interfaces/%s/", dev ? dev : "",
		    dev ? ":" : "", addr, slash ? "/" : "", slash ? slash : "", id);
		nn++;
	}
	free(copy);
}

static void conv_ulimit(struct conv *c, const char *val)
{
	char *copy = strdup(val), *save = NULL;
	bool hard = false, soft = false;
	for (char *t = copy ? strtok_r(copy, " \t", &save) : NULL; t; t = strtok_r(NULL, " \t", &save)) {
		if (t[0] != '-' || !t[1]) {
			say(c, CONVERT_DROPPED, "ULIMIT: '%s' is not an option", t);
			continue;
		}
		/* Letters of one word: H and S select the limit, the last letter the resource. */
		const char *res = NULL;
		for (char *p = t + 1; *p; p++) {
			if (*p == 'H')
				hard = true;
			else if (*p == 'S')
				soft = true;
			else if (!(res = legacy_ulimit_resource(*p)))
				say(c, CONVERT_DROPPED, "ULIMIT: option -%c has no resource counterpart", *p);
		}
		if (!res)
			continue;
		char *value = strtok_r(NULL, " \t", &save);
		if (!value) {
			say(c, CONVERT_DROPPED, "ULIMIT: %s: no value", t);
			break;
		}
		const char *variant = hard == soft ? "" : hard ? ".hard" : ".soft";
		const char *v = !strcmp(value, "unlimited") ? "inf" : value;
		/* bash's ulimit counts sizes in KiB; setrlimit (and ulimits/) in bytes. */
		char bytes[32];
		bool scaled = false;
		if (strcmp(v, "inf") && strchr("cdflmsv", t[strlen(t) - 1])) {
			char *end;
			errno = 0;
			unsigned long long kib = strtoull(v, &end, 10);
			if (!*end && end != v && !errno && kib <= UINT64_MAX / 1024) {
				snprintf(bytes, sizeof(bytes), "%llu", kib * 1024);
				v = bytes;
				scaled = true;
			}
		}
		char rel[64], what[96];
		snprintf(rel, sizeof(rel), "ulimits/%s%s", res, variant);
		snprintf(what, sizeof(what), "ULIMIT %s %s", t, value);
		if (put(c, rel, v, what)) {
			if (scaled)
				say(c, CONVERT_CHANGED, "ULIMIT %s %s (KiB) -> %s %s (bytes)", t, value,
				    rel, v);
			else
				say(c, CONVERT_MAPPED, "ULIMIT %s %s -> %s", t, value, rel);
		}
		/* As the reference's mapping: the process count is also the whole guest's. */
		if (!strcmp(res, "nproc")) {
			snprintf(rel, sizeof(rel), "rlimits/nproc%s", variant);
			if (put(c, rel, v, what))
				say(c, CONVERT_MAPPED, "ULIMIT %s %s -> %s (pids.max)", t, value, rel);
		}
		hard = soft = false;
	}
	free(copy);
}

static void conv_words(struct conv *c, const char *var, const char *val, struct str_list *l,
		       const char *rel)
{
	char *copy = strdup(val), *save = NULL;
	for (char *t = copy ? strtok_r(copy, " \t,", &save) : NULL; t; t = strtok_r(NULL, " \t,", &save)) {
		char what[96];
		snprintf(what, sizeof(what), "%s '%s'", var, t);
		if (!strcmp(var, "S_FLAGS") && !strcasecmp(t, "sched")) {
			say(c, CONVERT_DROPPED, "S_FLAGS 'sched': a 2.4-era flag with no meaning since "
			    "vserver 1.3; use cgroup/cpu_weight or cgroup/cpu_quota");
			continue;
		}
		if (put_list_item(c, l, rel, t, what))
			say(c, CONVERT_MAPPED, "%s '%s' -> %s", var, t, rel);
	}
	free(copy);
}

/* The hook script: one executable per hook the old script handles, each running the old script
 * with the arguments the legacy vserver gave it ("pre-start NAME"). */
static int conv_hooks(struct conv *c, const char *dir, struct vsm_error *err)
{
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/%s.sh", vsm_paths()->confdir, c->name);
	char *text = NULL;
	size_t len;
	int r = fs_read_file_at(AT_FDCWD, path, 1 << 20, &text, &len, NULL);
	if (r == -ENOENT)
		return 0;
	if (r < 0) {
		say(c, CONVERT_DROPPED, "%s: cannot be read", path);
		return 0;
	}
	static const char *const hooks[] = { "pre-start", "post-start", "pre-stop", "post-stop" };
	bool any = false;
	char sdir[PATH_MAX + 16];
	snprintf(sdir, sizeof(sdir), "%s/scripts", dir);
	for (size_t i = 0; i < 4; i++) {
		if (!strstr(text, hooks[i]))
			continue;
		if (!any && (r = fs_mkdir_p(sdir, 0755, err)) < 0)
			break;
		any = true;
		size_t cap = len + 512;
		char *body = malloc(cap);
		if (!body) {
			r = vsm_error_set(err, ENOMEM, "hook");
			break;
		}
		int n = snprintf(body, cap, "#!/bin/sh\n# Converted by vserver-convert from %s.sh: the "
				 "old script, called as the legacy vserver called it.\nset -- %s %s\n",
				 c->name, hooks[i], c->name);
		memcpy(body + n, text, len);
		char hp[PATH_MAX + 32];
		snprintf(hp, sizeof(hp), "%s/%s", sdir, hooks[i]);
		r = fs_write_atomic_path(hp, body, (size_t)n + len, 0755, err);
		free(body);
		if (r < 0)
			break;
		say(c, CONVERT_MAPPED, "%s.sh %s -> scripts/%s", c->name, hooks[i], hooks[i]);
	}
	free(text);
	return r;
}

static const char *const known_vars[] = {
	"IPROOT", "IPROOTDEV", "IPROOTMASK", "IPROOTBCAST", "S_HOSTNAME", "S_DOMAINNAME", "S_NICE",
	"S_FLAGS", "ULIMIT", "S_CAPS", "S_CONTEXT", "ONBOOT", "PRIORITY", NULL,
};

static void conv_vars(struct conv *c, const struct legacy_conf *lc)
{
	const struct legacy_var *v;
	conv_iproot(c, lc);
	if ((v = legacy_conf_get(lc, "S_HOSTNAME")) && *v->val && strcmp(v->val, "none") &&
	    put(c, "uts/nodename", v->val, "S_HOSTNAME"))
		say(c, CONVERT_MAPPED, "S_HOSTNAME=%s -> uts/nodename", v->val);
	if ((v = legacy_conf_get(lc, "S_DOMAINNAME")) && *v->val && strcmp(v->val, "none") &&
	    put(c, "uts/domainname", v->val, "S_DOMAINNAME"))
		say(c, CONVERT_MAPPED, "S_DOMAINNAME=%s -> uts/domainname", v->val);
	if ((v = legacy_conf_get(lc, "S_NICE")) && *v->val && put(c, "nice", v->val, "S_NICE"))
		say(c, CONVERT_MAPPED, "S_NICE=%s -> nice", v->val);
	if ((v = legacy_conf_get(lc, "S_FLAGS")) && *v->val)
		conv_words(c, "S_FLAGS", v->val, &c->cfg->cflags, "cflags");
	if ((v = legacy_conf_get(lc, "S_CAPS")) && *v->val)
		conv_words(c, "S_CAPS", v->val, &c->cfg->bcaps, "bcapabilities");
	if ((v = legacy_conf_get(lc, "ULIMIT")) && *v->val)
		conv_ulimit(c, v->val);
	if ((v = legacy_conf_get(lc, "S_CONTEXT")) && *v->val) {
		struct vsm_error e = {0};
		char *end;
		long ctx = strtol(v->val, &end, 10);
		if (*end || end == v->val)
			say(c, CONVERT_DROPPED, "S_CONTEXT=%s: not a number", v->val);
		else if (config_context_check((int)ctx, c->name, &e) < 0)
			say(c, CONVERT_DROPPED, "S_CONTEXT=%s: %s", v->val, e.msg);
		else if (put(c, "context", v->val, "S_CONTEXT"))
			say(c, CONVERT_MAPPED, "S_CONTEXT=%s -> context", v->val);
	}
	if ((v = legacy_conf_get(lc, "ONBOOT"))) {
		if (!strcasecmp(v->val, "yes")) {
			if (put(c, "apps/init/mark", "default", "ONBOOT"))
				say(c, CONVERT_MAPPED, "ONBOOT=yes -> apps/init/mark default");
		} else {
			say(c, CONVERT_MAPPED, "ONBOOT=%s -> not marked for boot", v->val);
		}
	}
	if ((v = legacy_conf_get(lc, "PRIORITY")))
		say(c, CONVERT_DROPPED, "PRIORITY=%s: boot order by number has no counterpart; "
		    "order guests with apps/init/depends", v->val);
	for (size_t i = 0; i < lc->n; i++) {
		bool known = false, later = false;
		for (const char *const *k = known_vars; *k && !known; k++)
			known = !strcmp(*k, lc->vars[i].key);
		for (size_t j = i + 1; j < lc->n && !later; j++)
			later = !strcmp(lc->vars[j].key, lc->vars[i].key);
		if (!known && !later)
			say(c, CONVERT_DROPPED, "%s (line %d): not a setting of the old format",
			    lc->vars[i].key, lc->vars[i].line);
	}
}

int convert_legacy(const char *name, convert_report_fn report, void *ctx, struct vsm_error *err)
{
	if (guest_exists(name))
		return vsm_error_set(err, EEXIST, "guest %s exists already: vserver-convert never "
				     "overwrites a guest config", name);
	const struct vsm_paths *p = vsm_paths();
	struct conv c = { .name = name, .report = report, .ctx = ctx };
	snprintf(c.path, sizeof(c.path), "%s/%s.conf", p->confdir, name);
	char *text = NULL;
	size_t len;
	int r = fs_read_file_at(AT_FDCWD, c.path, CONFIG_FILE_MAX, &text, &len, err);
	if (r < 0)
		return r == -ENOENT ? vsm_error_set(err, ENOENT, "%s: no such file", c.path) : r;
	struct legacy_conf lc;
	r = legacy_conf_parse(text, len, &lc, err);
	free(text);
	if (r < 0)
		return r;
	struct guest_config cfg;
	guest_config_init(&cfg, name);
	c.cfg = &cfg;
	if (lc.profile_line)
		say(&c, CONVERT_DROPPED, "line %d: `case $PROFILE` blocks are not converted; "
		    "convert a profile by writing its settings plainly", lc.profile_line);
	if (lc.skipped_line)
		say(&c, CONVERT_DROPPED, "line %d (and maybe others): shell code other than "
		    "assignments is not run or converted", lc.skipped_line);
	conv_vars(&c, &lc);
	legacy_conf_free(&lc);
	if (!cfg.context) {
		if ((r = config_context_next(&cfg.context, err)) < 0)
			goto out;
		say(&c, CONVERT_CHANGED, "context %d allocated (no usable S_CONTEXT)", cfg.context);
	}
	snprintf(cfg.vdir, sizeof(cfg.vdir), "%s/%s", p->vdirbase, name);
	say(&c, CONVERT_MAPPED, "root /vservers/%s -> vdir %s", name, cfg.vdir);
	/* The legacy script ran the guest's /sbin/init (or its rc scripts without fakeinit); vsm
	 * runs init as PID 1 of the guest's PID namespace either way. */
	if (put(&c, "apps/init/style", "plain", "init"))
		say(&c, CONVERT_CHANGED, "init: /sbin/init runs as the guest's PID 1 "
		    "(apps/init/style plain)");
	char dir[PATH_MAX];
	vsm_path_guest_conf(p, name, dir, sizeof(dir));
	if ((r = guest_config_validate(&cfg, dir, err)) < 0)
		goto out;
	if ((r = guest_config_save(&cfg, err)) < 0)
		goto out;
	r = conv_hooks(&c, dir, err);
out:
	guest_config_free(&cfg);
	return r;
}
