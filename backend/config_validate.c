/* Checks across keys, after every file has been read (each file was checked on its own). */
#include "backend/config_internal.h"

#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

static const char *const variant_suffix[LIMIT_NVARIANTS] = { "", ".soft", ".hard", ".min" };

static int check_limits(const struct guest_limit *l, size_t n, const char *dir, const char *sub,
			struct vsm_error *err)
{
	for (size_t i = 0; i < n; i++) {
		const struct guest_limit *g = &l[i];
		/* The hard limit is the plain file when no .hard is given. */
		int hv = g->set[LIMIT_HARD] ? LIMIT_HARD : LIMIT_BOTH;
		if (!g->set[hv])
			continue;
		for (int v = LIMIT_SOFT; v <= LIMIT_MIN; v += 2) {
			if (g->set[v] && g->val[v] > g->val[hv]) {
				char path[PATH_MAX];
				snprintf(path, sizeof(path), "%s/%s/%s%s", dir, sub,
					 config_rlimit_name(g->resource), variant_suffix[v]);
				return config_error(err, path, 1,
						    "expected a value no greater than the hard limit "
						    "in %s%s", config_rlimit_name(g->resource),
						    variant_suffix[hv]);
			}
		}
	}
	return 0;
}

static int check_ifaces(const struct guest_config *cfg, const char *dir, struct vsm_error *err)
{
	char path[PATH_MAX];
	for (size_t i = 0; i < cfg->n_ifaces; i++) {
		const struct guest_iface *f = &cfg->ifaces[i];
		if (!f->ip[0]) {
			snprintf(path, sizeof(path), "%s/interfaces/%s/ip", dir, f->id);
			return config_error(err, path, 0, "missing: every interface needs an address");
		}
		if (f->family == AF_INET && f->prefix > 32) {
			snprintf(path, sizeof(path), "%s/interfaces/%s/prefix", dir, f->id);
			return config_error(err, path, 1,
					    "expected a prefix length 0..32 for IPv4 address %s", f->ip);
		}
		if (f->gateway[0] && (strchr(f->gateway, ':') ? AF_INET6 : AF_INET) != f->family) {
			snprintf(path, sizeof(path), "%s/interfaces/%s/gateway", dir, f->id);
			return config_error(err, path, 1, "gateway %s is not of the family of %s",
					    f->gateway, f->ip);
		}
		if (f->mode[0] && strcmp(f->mode, "veth") && strcmp(f->mode, "bridge") &&
		    strcmp(f->mode, "macvlan") && strcmp(f->mode, "ipvlan")) {
			snprintf(path, sizeof(path), "%s/interfaces/%s/mode", dir, f->id);
			return config_error(err, path, 1, "expected veth, bridge, macvlan or ipvlan, "
					    "got '%s'", f->mode);
		}
		if (f->family == AF_INET6 && f->bcast[0]) {
			snprintf(path, sizeof(path), "%s/interfaces/%s/bcast", dir, f->id);
			return config_error(err, path, 1, "IPv6 has no broadcast address");
		}
	}
	return 0;
}

static int check_names(const struct guest_config *cfg, const char *dir, struct vsm_error *err)
{
	char path[PATH_MAX];
	for (size_t i = 0; i < cfg->init.depends.n; i++) {
		if (!strcmp(cfg->init.depends.v[i], cfg->name)) {
			snprintf(path, sizeof(path), "%s/apps/init/depends", dir);
			return config_error(err, path, 0, "a guest cannot depend on itself");
		}
	}
	static const char *const kinds[SPACE_NKINDS] = {
		"pid", "net", "user", "time", "uts", "ipc", "mnt", "cgroup",
	};
	for (int k = 0; k < SPACE_NKINDS; k++) {
		if (cfg->spaces[k].mode == SPACE_SHARE && !strcmp(cfg->spaces[k].share, cfg->name)) {
			snprintf(path, sizeof(path), "%s/spaces/%s", dir, kinds[k]);
			return config_error(err, path, 1, "a guest cannot share its own namespace");
		}
	}
	if (cfg->userns_count && cfg->spaces[SPACE_USER].mode != SPACE_NEW &&
	    cfg->spaces[SPACE_USER].mode != SPACE_DEFAULT) {
		snprintf(path, sizeof(path), "%s/spaces/user.range", dir);
		return config_error(err, path, 1,
				    "an id range needs a new user namespace (spaces/user empty)");
	}
	return 0;
}

int guest_config_validate(const struct guest_config *cfg, const char *dir, struct vsm_error *err)
{
	char path[PATH_MAX];
	if (cfg->context && (cfg->context < CONTEXT_MIN || cfg->context > CONTEXT_MAX)) {
		snprintf(path, sizeof(path), "%s/context", dir);
		return config_error(err, path, 1, "expected an integer %d..%d", CONTEXT_MIN,
				    CONTEXT_MAX);
	}
	int r = check_ifaces(cfg, dir, err);
	if (r == 0)
		r = check_limits(cfg->rlimits, cfg->n_rlimits, dir, "rlimits", err);
	if (r == 0)
		r = check_limits(cfg->ulimits, cfg->n_ulimits, dir, "ulimits", err);
	if (r == 0)
		r = check_names(cfg, dir, err);
	if (r == 0 && cfg->cg.has_memory_high && cfg->cg.has_memory_max &&
	    cfg->cg.memory_high > cfg->cg.memory_max) {
		snprintf(path, sizeof(path), "%s/cgroup/memory_high", dir);
		r = config_error(err, path, 1, "expected a value no greater than cgroup/memory_max");
	}
	if (r == 0 && cfg->init.killseq.n % 2 == 0 && cfg->init.killseq.n) {
		snprintf(path, sizeof(path), "%s/apps/init/killseq", dir);
		r = config_error(err, path, 0, "expected SIG [WAIT SIG]...");
	}
	return r;
}
