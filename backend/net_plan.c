/* From interfaces/NN/ to links: which guest-side link each address goes on, under which names. */
#include "backend/net.h"
#include "backend/paths.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

int net_host_ifname(int ctx, size_t n, char *buf, size_t len, struct vsm_error *err)
{
	const char *pfx = vsm_paths()->ifprefix;
	int w = snprintf(buf, len, "%s%d-%zu", pfx, ctx, n);
	/* A re-based root's 9-character prefix with a 5-digit context and the separator would make
	 * 16: then the context in hex (at most 4 digits) and no separator keeps it unique. */
	if (w >= 16 || (size_t)w >= len)
		w = snprintf(buf, len, "%s%x%zx", pfx, (unsigned)ctx, n);
	if (w >= 16 || (size_t)w >= len)
		return vsm_error_set(err, ENAMETOOLONG, "host-side interface name for context %d "
				     "link %zu does not fit in 15 characters", ctx, n);
	return 0;
}

/* Without a configured MAC the guest keeps the same one across restarts (a new random one each
 * boot leaves stale entries in the neighbours' ARP caches for seconds): locally administered,
 * unicast, from a hash of the interface prefix, the context and the link number. */
void net_stable_mac(int ctx, size_t n, bool host_end, char mac[18])
{
	char key[64];
	snprintf(key, sizeof(key), "%s/%d/%zu%s", vsm_paths()->ifprefix, ctx, n,
		 host_end ? "/host" : "");
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */
	for (const char *k = key; *k; k++)
		h = (h ^ (unsigned char)*k) * 1099511628211ULL;
	/* A Linux bridge takes the lowest MAC among its ports unless set: host ends start with fe
	 * so that a guest's port joining never changes the bridge's address (libvirt does the same). */
	snprintf(mac, 18, "%s:%02x:%02x:%02x:%02x:%02x", host_end ? "fe" : "02", (unsigned)(h >> 32) & 0xff,
		 (unsigned)(h >> 24) & 0xff, (unsigned)(h >> 16) & 0xff, (unsigned)(h >> 8) & 0xff,
		 (unsigned)h & 0xff);
}

int net_iface_prefix(const struct guest_config *cfg, const struct guest_iface *f)
{
	int max = f->family == AF_INET6 ? 128 : 32;
	if (f->prefix >= 0)
		return f->prefix;
	if (cfg->iface_prefix >= 0 && cfg->iface_prefix <= max)
		return cfg->iface_prefix;
	return max;
}

static const char *iface_mode(const struct guest_iface *f)
{
	if (f->nodev)
		return "lo";
	return f->mode[0] ? f->mode : "veth";
}

static struct net_link *link_find(struct net_plan *p, const char *name)
{
	for (size_t i = 0; i < p->n_links; i++)
		if (!strcmp(p->links[i].guest_name, name))
			return &p->links[i];
	return NULL;
}

static int link_new(const struct guest_config *cfg, struct net_plan *p,
		    const struct guest_iface *f, const char *name, const char *dev,
		    struct vsm_error *err)
{
	if (p->n_links >= NET_LINKS_MAX)
		return vsm_error_set(err, E2BIG, "%s: more than %d interfaces", cfg->name,
				     NET_LINKS_MAX);
	struct net_link *l = &p->links[p->n_links];
	memset(l, 0, sizeof(*l));
	snprintf(l->guest_name, sizeof(l->guest_name), "%s", name);
	snprintf(l->mode, sizeof(l->mode), "%s", iface_mode(f));
	snprintf(l->dev, sizeof(l->dev), "%s", dev);
	snprintf(l->mac, sizeof(l->mac), "%s", f->mac);
	l->down = f->down;
	if (!l->mac[0] && strcmp(l->mode, "lo") && strcmp(l->mode, "ipvlan"))
		net_stable_mac(cfg->context, p->n_links, false, l->mac);
	if (!strcmp(l->mode, "veth") || !strcmp(l->mode, "bridge")) {
		int r = net_host_ifname(cfg->context, p->n_links, l->host_name,
					sizeof(l->host_name), err);
		if (r < 0)
			return r;
		net_stable_mac(cfg->context, p->n_links, true, l->host_mac);
	}
	if (strcmp(l->mode, "veth") && strcmp(l->mode, "lo") && !dev[0])
		return vsm_error_set(err, EINVAL, "%s: interfaces/%s: mode %s needs a host device "
				     "in interfaces/%s/dev (or interfaces/dev)", cfg->name, f->id,
				     l->mode, f->id);
	p->n_links++;
	return 0;
}

/* The next ethN that no link has and no interface asks for by name. */
static void auto_name(const struct guest_config *cfg, struct net_plan *p, size_t *n,
		      char name[16])
{
	for (;; (*n)++) {
		snprintf(name, 16, "eth%zu", *n);
		bool taken = link_find(p, name) != NULL;
		for (size_t i = 0; i < cfg->n_ifaces && !taken; i++)
			taken = !cfg->ifaces[i].disabled && !strcmp(cfg->ifaces[i].name, name);
		if (!taken) {
			(*n)++;
			return;
		}
	}
}

int net_plan_make(const struct guest_config *cfg, struct net_plan *p, struct vsm_error *err)
{
	memset(p, 0, sizeof(*p));
	size_t auto_n = 0;
	for (size_t i = 0; i < cfg->n_ifaces; i++) {
		const struct guest_iface *f = &cfg->ifaces[i];
		if (f->disabled)
			continue;
		if (!cfg->context)
			return vsm_error_set(err, EINVAL, "%s: interfaces need a static context (the "
					     "host-side link names are derived from it)", cfg->name);
		const char *dev = f->dev[0] ? f->dev : cfg->iface_dev;
		char name[16];
		if (f->nodev)
			snprintf(name, sizeof(name), "lo");
		else if (f->name[0])
			snprintf(name, sizeof(name), "%s", f->name);
		else
			auto_name(cfg, p, &auto_n, name);
		struct net_link *l = link_find(p, name);
		if (l && (strcmp(l->mode, iface_mode(f)) || strcmp(l->dev, dev)))
			return vsm_error_set(err, EEXIST, "%s: interfaces/%s: guest interface name %s "
					     "is already used by another interface with a different "
					     "mode or device", cfg->name, f->id, name);
		if (!l && !f->nodev && !strcmp(name, "lo"))
			return vsm_error_set(err, EINVAL, "%s: interfaces/%s: 'lo' is the guest's "
					     "loopback; use the nodev flag for loopback addresses",
					     cfg->name, f->id);
		if (!l) {
			int r = link_new(cfg, p, f, name, f->nodev ? "" : dev, err);
			if (r < 0)
				return r;
			l = &p->links[p->n_links - 1];
		}
		if (l->n_ifs >= sizeof(l->ifs) / sizeof(l->ifs[0]))
			return vsm_error_set(err, E2BIG, "%s: too many addresses on %s", cfg->name,
					     name);
		l->ifs[l->n_ifs++] = f;
	}
	return 0;
}
