/* The configuration a build writes, in the util-vserver layout, into the temporary config dir
 * (renamed into place with the root). */
#include "backend/build_method.h"
#include "backend/config.h"
#include "backend/fsutil.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* What a fresh guest mounts beyond what the runtime always gives it (/proc, /sys, /dev). */
static const char default_fstab[] = "none\t/tmp\ttmpfs\tsize=16m,mode=1777\t0 0\n";

static int conf_write(struct build_ctx *c, const char *path, const char *text,
		      struct vsm_error *err)
{
	/* Parents first (uts/, apps/init/, interfaces/NN/). */
	char dir[PATH_MAX];
	snprintf(dir, sizeof(dir), "%s", path);
	for (char *s = strchr(dir, '/'); s; s = strchr(s + 1, '/')) {
		*s = '\0';
		if (mkdirat(c->conffd, dir, 0755) < 0 && errno != EEXIST)
			return vsm_error_sys(err, errno, "%s/%s: mkdir", c->conf_final, dir);
		*s = '/';
	}
	int r = fs_write_atomic(c->conffd, path, text, strlen(text), 0644, err);
	if (r < 0)
		vsm_error_prefix(err, "%s", c->conf_final);
	return r;
}

static int conf_line(struct build_ctx *c, const char *path, const char *value,
		     struct vsm_error *err)
{
	char buf[512];
	snprintf(buf, sizeof(buf), "%s\n", value);
	return conf_write(c, path, buf, err);
}

static int conf_link(struct build_ctx *c, const char *name, const char *target,
		     struct vsm_error *err)
{
	if (symlinkat(target, c->conffd, name) < 0)
		return vsm_error_sys(err, errno, "%s/%s: symlink to %s", c->conf_final, name, target);
	return 0;
}

/* --flags a,b,c → one flag per line. */
static int conf_flags(struct build_ctx *c, struct vsm_error *err)
{
	char buf[1024];
	size_t o = 0;
	for (const char *p = c->o->flags; *p && o + 2 < sizeof(buf); p++) {
		if (*p == ',') {
			if (o > 0 && buf[o - 1] != '\n')
				buf[o++] = '\n';
		} else {
			buf[o++] = *p;
		}
	}
	if (o > 0 && buf[o - 1] != '\n')
		buf[o++] = '\n';
	buf[o] = '\0';
	/* The same parser start uses: an unknown or unmappable flag fails the build, not the start. */
	struct guest_config probe;
	guest_config_init(&probe, "build");
	int r = guest_config_parse_file(&probe, "cflags", "--flags", buf, o, NULL, NULL, err);
	guest_config_free(&probe);
	if (r < 0)
		return r;
	return conf_write(c, "cflags", buf, err);
}

static int conf_interfaces(struct build_ctx *c, struct vsm_error *err)
{
	for (size_t i = 0; i < c->o->n_ifaces; i++) {
		const struct build_iface *f = &c->o->ifaces[i];
		char path[64], num[16];
		int r;
		snprintf(path, sizeof(path), "interfaces/%02zu/ip", i);
		if ((r = conf_line(c, path, f->ip, err)) < 0)
			return r;
		if (f->prefix >= 0) {
			snprintf(path, sizeof(path), "interfaces/%02zu/prefix", i);
			snprintf(num, sizeof(num), "%d", f->prefix);
			if ((r = conf_line(c, path, num, err)) < 0)
				return r;
		}
		if (!strcmp(f->dev, "nodev")) {
			snprintf(path, sizeof(path), "interfaces/%02zu/nodev", i);
			if ((r = conf_write(c, path, "", err)) < 0)
				return r;
		} else if (f->dev[0]) {
			snprintf(path, sizeof(path), "interfaces/%02zu/dev", i);
			if ((r = conf_line(c, path, f->dev, err)) < 0)
				return r;
		}
		if (f->name[0]) {
			snprintf(path, sizeof(path), "interfaces/%02zu/name", i);
			if ((r = conf_line(c, path, f->name, err)) < 0)
				return r;
		}
	}
	return 0;
}

int build_config_write(struct build_ctx *c, struct vsm_error *err)
{
	const struct vsm_paths *p = c->paths;
	char run[PATH_MAX], cache[PATH_MAX];
	if (vsm_path_guest_run(p, c->name, run, sizeof(run)) < 0 ||
	    snprintf(cache, sizeof(cache), "%s/%s", p->cachedir, c->name) >= (int)sizeof(cache))
		return vsm_error_set(err, ENAMETOOLONG, "%s: path too long", c->name);
	int r;
	if ((r = conf_line(c, "name", c->name, err)) < 0 ||
	    (r = conf_line(c, "uts/nodename", c->hostname, err)) < 0 ||
	    (r = conf_link(c, "vdir", c->root_final, err)) < 0 ||
	    (r = conf_link(c, "run", run, err)) < 0 ||
	    (r = conf_link(c, "cache", cache, err)) < 0 ||
	    (r = conf_write(c, "fstab", default_fstab, err)) < 0)
		return r;
	if (c->initstyle[0] && (r = conf_line(c, "apps/init/style", c->initstyle, err)) < 0)
		return r;
	if (c->killseq[0] && (r = conf_write(c, "apps/init/killseq", c->killseq, err)) < 0)
		return r;
	if (c->o->flags && c->o->flags[0] && (r = conf_flags(c, err)) < 0)
		return r;
	return conf_interfaces(c, err);
}

/* "1.2.3.4" / "fd00::1" → family, or 0. */
static int ip_family(const char *ip)
{
	unsigned char buf[16];
	if (inet_pton(AF_INET, ip, buf) == 1)
		return AF_INET;
	if (inet_pton(AF_INET6, ip, buf) == 1)
		return AF_INET6;
	return 0;
}

/* "/24" or "/255.255.255.0" → prefix length. */
static int prefix_parse(const char *s, int family, struct vsm_error *err, const char *arg)
{
	int max = family == AF_INET ? 32 : 128;
	char *end;
	long v = strtol(s, &end, 10);
	if (*s && *end == '\0' && v >= 0 && v <= max)
		return (int)v;
	struct in_addr mask;
	if (family == AF_INET && inet_pton(AF_INET, s, &mask) == 1) {
		unsigned m = ntohl(mask.s_addr);
		int len = __builtin_popcount(m);
		if (len == 32 || (m >> (32 - len) << (32 - len)) == m)
			return len;
	}
	return vsm_error_set(err, EINVAL, "--interface '%s': '%s' is not a prefix length 0..%d%s",
			     arg, s, max, family == AF_INET ? " or a netmask" : "");
}

static int iface_field(char *dst, size_t len, const char *src, size_t n, const char *what,
		       const char *arg, struct vsm_error *err)
{
	if (n == 0 || n >= len)
		return vsm_error_set(err, EINVAL, "--interface '%s': %s must be 1..%zu characters",
				     arg, what, len - 1);
	for (size_t i = 0; i < n; i++)
		if (!(src[i] == '-' || src[i] == '_' || src[i] == '.' ||
		      (src[i] >= '0' && src[i] <= '9') || (src[i] >= 'a' && src[i] <= 'z') ||
		      (src[i] >= 'A' && src[i] <= 'Z')))
			return vsm_error_set(err, EINVAL, "--interface '%s': bad character in %s",
					     arg, what);
	memcpy(dst, src, n);
	dst[n] = '\0';
	return 0;
}

/* [NAME=][DEV:]IP[/PREFIX]. An IPv6 address contains ':' too: the whole is tried as an address
 * first, and only when it is not one does the part before the first ':' become the device. */
int build_iface_parse(const char *arg, struct build_iface *f, struct vsm_error *err)
{
	memset(f, 0, sizeof(*f));
	f->prefix = -1;
	const char *s = arg;
	const char *eq = strchr(s, '=');
	int r;
	if (eq) {
		if ((r = iface_field(f->name, sizeof(f->name), s, (size_t)(eq - s), "NAME", arg,
				     err)) < 0)
			return r;
		s = eq + 1;
	}
	char addr[96];
	const char *slash = strchr(s, '/');
	size_t alen = slash ? (size_t)(slash - s) : strlen(s);
	if (alen == 0 || alen >= sizeof(addr))
		return vsm_error_set(err, EINVAL, "--interface '%s': expected [NAME=][DEV:]IP[/PREFIX]",
				     arg);
	memcpy(addr, s, alen);
	addr[alen] = '\0';
	const char *ip = addr;
	int family = ip_family(ip);
	if (!family) {
		char *colon = strchr(addr, ':');
		if (colon) {
			if ((r = iface_field(f->dev, sizeof(f->dev), addr, (size_t)(colon - addr), "DEV",
					     arg, err)) < 0)
				return r;
			ip = colon + 1;
			family = ip_family(ip);
		}
	}
	if (!family)
		return vsm_error_set(err, EINVAL, "--interface '%s': '%s' is not an IPv4 or IPv6 "
				     "address; expected [NAME=][DEV:]IP[/PREFIX]", arg, ip);
	snprintf(f->ip, sizeof(f->ip), "%s", ip);
	if (slash) {
		r = prefix_parse(slash + 1, family, err, arg);
		if (r < 0)
			return r;
		f->prefix = r;
	}
	return 0;
}
