/* Unsetting one key of a loaded config (the editor's "clear", `set KEY` with no value): the
 * inverse of guest_config_parse_file, addressed by the same config-relative file name. */
#include "backend/config_parse.h"

#include <stdlib.h>
#include <string.h>

static void unset_scalar(const struct attr *a, void *base)
{
	char *field = (char *)base + a->offset;
	switch (a->type) {
	case ATTR_INT:
		*(int *)field = 0;
		break;
	case ATTR_PREFIX:
	case ATTR_MASK:
		*(int *)field = -1;
		break;
	case ATTR_FLAG:
		*(bool *)field = false;
		break;
	default:
		memset(field, 0, a->size);
		break;
	}
}

static int remove_iface(struct guest_config *cfg, const char *id)
{
	for (size_t i = 0; i < cfg->n_ifaces; i++) {
		if (strcmp(cfg->ifaces[i].id, id))
			continue;
		memmove(&cfg->ifaces[i], &cfg->ifaces[i + 1],
			(cfg->n_ifaces - i - 1) * sizeof(cfg->ifaces[0]));
		cfg->n_ifaces--;
		return 0;
	}
	return -ENOENT;
}

static struct guest_iface *find_iface(struct guest_config *cfg, const char *rel)
{
	const char *id = rel + strlen("interfaces/");
	size_t n = strcspn(id, "/");
	for (size_t i = 0; i < cfg->n_ifaces; i++)
		if (strlen(cfg->ifaces[i].id) == n && !strncmp(cfg->ifaces[i].id, id, n))
			return &cfg->ifaces[i];
	return NULL;
}

/* rlimits/<res>[.variant] and ulimits/...: clear that variant, drop an empty entry. */
static void unset_limit(struct guest_config *cfg, const char *rel)
{
	bool rl = rel[0] == 'r';
	struct guest_limit *arr = rl ? cfg->rlimits : cfg->ulimits;
	size_t *n = rl ? &cfg->n_rlimits : &cfg->n_ulimits;
	static const char *const suffix[LIMIT_NVARIANTS] = { "", "soft", "hard", "min" };
	char res[32];
	const char *file = strchr(rel, '/') + 1;
	size_t len = strcspn(file, ".");
	if (len >= sizeof(res))
		return;
	memcpy(res, file, len);
	res[len] = '\0';
	int r = config_rlimit_from_name(res);
	int v = 0;
	if (file[len])
		while (v < LIMIT_NVARIANTS && strcmp(suffix[v], file + len + 1))
			v++;
	if (r < 0 || v == LIMIT_NVARIANTS)
		return;
	for (size_t i = 0; i < *n; i++) {
		if (arr[i].resource != r)
			continue;
		arr[i].set[v] = false;
		bool any = false;
		for (int k = 0; k < LIMIT_NVARIANTS; k++)
			any |= arr[i].set[k];
		if (!any) {
			memmove(&arr[i], &arr[i + 1], (*n - i - 1) * sizeof(arr[0]));
			(*n)--;
		}
		return;
	}
}

static void unset_knob(struct guest_config *cfg, const char *name)
{
	for (size_t i = 0; i < cfg->n_knobs; i++) {
		if (strcmp(cfg->knobs[i].name, name))
			continue;
		memmove(&cfg->knobs[i], &cfg->knobs[i + 1],
			(cfg->n_knobs - i - 1) * sizeof(cfg->knobs[0]));
		cfg->n_knobs--;
		return;
	}
}

static void unset_cglimit(struct guest_config *cfg, const char *name)
{
	struct guest_cglimits *c = &cfg->cg;
	bool *has = !strcmp(name, "memory_max") ? &c->has_memory_max
		  : !strcmp(name, "memory_high") ? &c->has_memory_high
		  : !strcmp(name, "memory_swap_max") ? &c->has_memory_swap_max
		  : !strcmp(name, "cpu_quota") ? &c->has_cpu_quota
		  : !strcmp(name, "cpu_period") ? &c->has_cpu_period
		  : !strcmp(name, "cpu_weight") ? &c->has_cpu_weight
		  : !strcmp(name, "pids_max") ? &c->has_pids_max : NULL;
	if (has)
		*has = false;
}

static void unset_space(struct guest_config *cfg, const char *kind)
{
	static const char *const names[SPACE_NKINDS] = {
		"pid", "net", "user", "time", "uts", "ipc", "mnt", "cgroup",
	};
	for (int k = 0; k < SPACE_NKINDS; k++)
		if (!strcmp(names[k], kind))
			memset(&cfg->spaces[k], 0, sizeof(cfg->spaces[k]));
}

static void unset_code(struct guest_config *cfg, const struct attr *a, const char *rel)
{
	switch (a->type) {
	case ATTR_INT:
		cfg->has_nice = false;
		cfg->nice = 0;
		break;
	case ATTR_ENUM:
		cfg->init.style = INIT_STYLE_UNSET;
		break;
	case ATTR_LIMIT:
		unset_limit(cfg, rel);
		break;
	case ATTR_KNOB:
		unset_knob(cfg, rel + strlen("cgroup/"));
		break;
	case ATTR_SIZE:
	case ATTR_U64:
		unset_cglimit(cfg, rel + strlen("cgroup/"));
		break;
	case ATTR_SPACE:
		unset_space(cfg, rel + strlen("spaces/"));
		break;
	case ATTR_RANGE:
		cfg->userns_base = cfg->userns_count = 0;
		break;
	case ATTR_FSTAB:
		free(cfg->fstab);
		cfg->fstab = NULL;
		cfg->n_fstab = 0;
		break;
	case ATTR_HOOK:
		break;
	default: {
		/* The list keys: an empty file parses to an empty list. */
		struct vsm_error ignored;
		config_parse_list_file(cfg, a, rel, "", 0, &ignored);
		break;
	}
	}
}

int guest_config_unset_file(struct guest_config *cfg, const char *rel, struct vsm_error *err)
{
	/* "interfaces/NN" names a whole interface. */
	if (!strncmp(rel, "interfaces/", 11) && rel[11] && !strchr(rel + 11, '/') &&
	    !attr_find_file(rel))
		return remove_iface(cfg, rel + 11) == 0
			       ? 0 : vsm_error_set(err, ENOENT, "no interface %s", rel + 11);
	const struct attr *a = attr_find_file(rel);
	if (!a || config_unsupported_reason(rel))
		return vsm_error_set(err, ENOENT, "%s: not a configuration key", rel);
	if (a->scope == SCOPE_GUEST) {
		unset_scalar(a, cfg);
	} else if (a->scope == SCOPE_IFACE) {
		struct guest_iface *f = find_iface(cfg, rel);
		if (!f)
			return vsm_error_set(err, ENOENT, "%s: no such interface", rel);
		unset_scalar(a, f);
		if (a->type == ATTR_IP && !strcmp(a->name, "interfaces.*.ip"))
			f->family = 0;
	} else {
		unset_code(cfg, a, rel);
	}
	return 0;
}
