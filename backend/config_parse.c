/* Parsing one config file into struct guest_config: dispatch through the attribute table, the
 * scalar types and the interfaces. Lists and limits are in config_parse_lists.c and
 * config_parse_limits.c. */
#include "backend/config_parse.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "backend/attrs.h"

int str_list_add(struct str_list *l, const char *s)
{
	char **nv = realloc(l->v, (l->n + 1) * sizeof(*nv));
	if (!nv)
		return -ENOMEM;
	l->v = nv;
	l->v[l->n] = strdup(s);
	if (!l->v[l->n])
		return -ENOMEM;
	l->n++;
	return 0;
}

void str_list_free(struct str_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

/* Find interface ID, creating it (kept sorted by id, the order util-vserver used). */
struct guest_iface *config_iface_get(struct guest_config *cfg, const char *id)
{
	size_t i = 0;
	for (; i < cfg->n_ifaces; i++) {
		int c = strcmp(cfg->ifaces[i].id, id);
		if (c == 0)
			return &cfg->ifaces[i];
		if (c > 0)
			break;
	}
	struct guest_iface *nv = realloc(cfg->ifaces, (cfg->n_ifaces + 1) * sizeof(*nv));
	if (!nv)
		return NULL;
	cfg->ifaces = nv;
	memmove(&nv[i + 1], &nv[i], (cfg->n_ifaces - i) * sizeof(*nv));
	memset(&nv[i], 0, sizeof(*nv));
	snprintf(nv[i].id, sizeof(nv[i].id), "%s", id);
	nv[i].prefix = -1;
	cfg->n_ifaces++;
	return &nv[i];
}

static bool is_text(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return false;
	return true;
}

static int parse_str(const struct attr *a, const char *path, const char *v, char *field,
		     size_t size, struct vsm_error *err)
{
	bool ok;
	const char *what;
	switch (a->str) {
	case STR_HOSTNAME:
		ok = config_is_hostname(v);
		what = "a host name of 1..64 printable ASCII characters without blanks";
		break;
	case STR_TOKEN:
		ok = config_is_token(v);
		what = "one word of A-Z a-z 0-9 _ . : + -";
		break;
	case STR_IFNAME:
		ok = config_is_ifname(v);
		what = "an interface name of 1..15 characters A-Z a-z 0-9 _ - . @";
		break;
	default:
		ok = *v && is_text(v);
		what = "a non-empty line of text";
		break;
	}
	if (!ok)
		return config_error(err, path, 1, "expected %s, got '%.40s'", what, v);
	if (strlen(v) >= size || (a->max && strlen(v) > (size_t)a->max))
		return config_error(err, path, 1, "expected at most %lld characters",
				    a->max ? a->max : (long long)size - 1);
	memcpy(field, v, strlen(v) + 1);
	return 0;
}

static int parse_ip(const char *path, const char *v, struct guest_iface *ifc, char *field,
		    size_t size, bool bcast, struct vsm_error *err)
{
	unsigned char bin[16];
	int fam = strchr(v, ':') ? AF_INET6 : AF_INET;
	if (bcast && fam != AF_INET)
		return config_error(err, path, 1, "expected an IPv4 broadcast address, got '%.40s'",
				    v);
	if (inet_pton(fam, v, bin) != 1)
		return config_error(err, path, 1,
				    "expected an IPv4 or IPv6 address (the prefix goes in 'prefix'), "
				    "got '%.50s'", v);
	if (!inet_ntop(fam, bin, field, (socklen_t)size))
		return config_error(err, path, 1, "address too long");
	if (!bcast && ifc)
		ifc->family = fam;
	return 0;
}

static int parse_mask(const char *path, const char *v, int *prefix, struct vsm_error *err)
{
	struct in_addr a;
	if (inet_pton(AF_INET, v, &a) != 1)
		goto bad;
	uint32_t m = ntohl(a.s_addr);
	int n = 0;
	while (n < 32 && (m & (0x80000000u >> n)))
		n++;
	if (n < 32 && (m << n) != 0)
		goto bad;
	*prefix = n;
	return 0;
bad:
	return config_error(err, path, 1,
			    "expected a contiguous IPv4 netmask such as 255.255.255.0, got '%.40s'",
			    v);
}

static int parse_mac(const char *path, const char *v, char *field, struct vsm_error *err)
{
	unsigned b[6];
	char sep[5], tail;
	if (strlen(v) != 17 ||
	    sscanf(v, "%2x%c%2x%c%2x%c%2x%c%2x%c%2x%c", &b[0], &sep[0], &b[1], &sep[1], &b[2],
		   &sep[2], &b[3], &sep[3], &b[4], &sep[4], &b[5], &tail) != 11)
		goto bad;
	for (int i = 0; i < 5; i++)
		if (sep[i] != ':' && sep[i] != '-')
			goto bad;
	for (int i = 0; i < 17; i++)
		if ((i % 3 != 2) && !isxdigit((unsigned char)v[i]))
			goto bad;
	snprintf(field, 18, "%02x:%02x:%02x:%02x:%02x:%02x", b[0], b[1], b[2], b[3], b[4], b[5]);
	return 0;
bad:
	return config_error(err, path, 1, "expected a MAC address xx:xx:xx:xx:xx:xx, got '%.40s'",
			    v);
}

/* The scalar types, stored at a->offset in BASE. */
static int parse_scalar(const struct attr *a, void *base, struct guest_iface *ifc,
			const char *path, const char *text, size_t len, struct vsm_error *err)
{
	char *field = (char *)base + a->offset;
	char v[512];
	if (a->type == ATTR_FLAG) {
		*(bool *)field = true;
		return 0;
	}
	int r = config_first_line(path, text, len, v, sizeof(v), err);
	if (r < 0)
		return r;
	long long n;
	switch (a->type) {
	case ATTR_INT:
		r = config_parse_int(path, 1, v, a->min, a->max, &n, err);
		if (r == 0)
			*(int *)field = (int)n;
		return r;
	case ATTR_PREFIX:
		r = config_parse_int(path, 1, v, 0, 128, &n, err);
		if (r == 0)
			*(int *)field = (int)n;
		return r;
	case ATTR_MASK:
		return parse_mask(path, v, (int *)field, err);
	case ATTR_STR:
		return parse_str(a, path, v, field, a->size, err);
	case ATTR_IP:
		/* Only the address itself sets the interface's family. */
		return parse_ip(path, v, !strcmp(a->name, "interfaces.*.ip") ? ifc : NULL, field,
				a->size, strstr(a->name, "bcast") != NULL, err);
	case ATTR_MAC:
		return parse_mac(path, v, field, err);
	default:
		return config_error(err, path, 0, "internal: type %d is not a scalar", a->type);
	}
}

static int parse_enum(const struct attr *a, struct guest_config *cfg, const char *path,
		      const char *text, size_t len, struct vsm_error *err)
{
	char v[64];
	int r = config_first_line(path, text, len, v, sizeof(v), err);
	if (r < 0)
		return r;
	for (int i = 0; a->values[i]; i++) {
		if (!strcasecmp(v, a->values[i])) {
			cfg->init.style = (enum init_style)(INIT_STYLE_NONE + i);
			return 0;
		}
	}
	return config_error(err, path, 1,
			    "unknown init style '%.30s' (expected sysv, plain, minit, gentoo, openrc, "
			    "arch, busybox, or an empty file for cmd.* only)", v);
}

static int parse_nice(struct guest_config *cfg, const char *path, const char *text, size_t len,
		      struct vsm_error *err)
{
	char v[64];
	long long n;
	int r = config_first_line(path, text, len, v, sizeof(v), err);
	if (r == 0)
		r = config_parse_int(path, 1, v, -20, 19, &n, err);
	if (r == 0) {
		cfg->nice = (int)n;
		cfg->has_nice = true;
	}
	return r;
}

/* Interface directory names: like guest names, so they are safe path components. */
static int iface_from_rel(struct guest_config *cfg, const char *rel, const char *path,
			  struct guest_iface **out, struct vsm_error *err)
{
	char id[GUEST_NAME_MAX + 1];
	const char *s = rel + strlen("interfaces/");
	const char *slash = strchr(s, '/');
	size_t n = (size_t)(slash - s);
	if (n >= sizeof(id))
		return config_error(err, path, 0, "interface directory name too long");
	memcpy(id, s, n);
	id[n] = '\0';
	if (!guest_name_is_valid(id))
		return config_error(err, path, 0,
				    "interface directory '%s' must be a name like 00 or eth0", id);
	*out = config_iface_get(cfg, id);
	return *out ? 0 : vsm_error_set(err, ENOMEM, "%s: out of memory", path);
}

/* A UTS namespace virtualises only nodename and domainname. */
static void warn_uts_unapplied(const struct attr *a, const char *path, config_warn_fn warn,
			       void *warn_ctx)
{
	if (!strcmp(a->name, "uts.sysname") || !strcmp(a->name, "uts.release") ||
	    !strcmp(a->name, "uts.version"))
		config_warnf(warn, warn_ctx,
			     "%s: mainline Linux cannot change what uname reports here; the value "
			     "is kept in the config but not applied", path);
}

/* DESIGN leaves these two out of the default set; adding them back is allowed, but said. */
static void warn_risky_caps(const struct guest_config *cfg, const char *path,
			    config_warn_fn warn, void *warn_ctx)
{
	for (size_t i = 0; i < cfg->bcaps.n; i++) {
		const char *c = cfg->bcaps.v[i];
		if (!strcmp(c, "DAC_READ_SEARCH"))
			config_warnf(warn, warn_ctx, "%s: DAC_READ_SEARCH lets the guest open any "
				     "host file by handle (open_by_handle_at)", path);
		else if (!strcmp(c, "SYS_PTRACE"))
			config_warnf(warn, warn_ctx, "%s: SYS_PTRACE lets the guest trace host "
				     "processes that enter it", path);
	}
}

int guest_config_parse_file(struct guest_config *cfg, const char *rel, const char *path,
			    const char *text, size_t len, config_warn_fn warn, void *warn_ctx,
			    struct vsm_error *err)
{
	const char *why = config_unsupported_reason(rel);
	const struct attr *a = why ? NULL : attr_find_file(rel);
	if (!a) {
		config_warnf(warn, warn_ctx, "%s: ignored: %s", path, config_unknown_reason(rel));
		return 0;
	}
	if (len > CONFIG_FILE_MAX)
		return vsm_error_set(err, EFBIG, "%s: more than the limit of %d bytes", path,
				     CONFIG_FILE_MAX);
	if (a->scope == SCOPE_GUEST) {
		if (!strncmp(a->name, "uts.", 4))
			warn_uts_unapplied(a, path, warn, warn_ctx);
		return parse_scalar(a, cfg, NULL, path, text, len, err);
	}
	if (a->scope == SCOPE_IFACE) {
		struct guest_iface *ifc;
		int r = iface_from_rel(cfg, rel, path, &ifc, err);
		return r < 0 ? r : parse_scalar(a, ifc, ifc, path, text, len, err);
	}
	switch (a->type) {
	case ATTR_ENUM:
		return parse_enum(a, cfg, path, text, len, err);
	case ATTR_INT:
		return parse_nice(cfg, path, text, len, err);
	case ATTR_HOOK:
		return 0; /* hooks are programs: the loader records them by their mode */
	case ATTR_LIMIT:
	case ATTR_KNOB:
	case ATTR_SIZE:
	case ATTR_U64:
	case ATTR_SPACE:
	case ATTR_RANGE:
		return config_parse_limit_file(cfg, a, rel, path, text, len, err);
	case ATTR_CAPS: {
		int r = config_parse_list_file(cfg, a, path, text, len, err);
		warn_risky_caps(cfg, path, warn, warn_ctx);
		return r;
	}
	default:
		return config_parse_list_file(cfg, a, path, text, len, err);
	}
}
