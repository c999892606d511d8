/* Making a guest's network: links created from the host into the guest's namespace, addresses and
 * routes set inside it through a socket opened there, host routes and proxy entries for the
 * routed mode. Runs in the monitor while the guest's first process waits. */
#include "backend/net.h"
#include "backend/net_record.h"
#include "kernel/netconf.h"
#include "kernel/netlink.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

struct net_ctx {
	const struct guest_config *cfg;
	struct nl_sock *host, *guest;
	int nsfd;
	struct net_record rec;
	bool default_route[2];	/* per family (0 IPv4, 1 IPv6) */
};

/* fe80::1: the host end of every routed veth, the guests' IPv6 next hop. */
static const unsigned char host_ll[16] = { 0xfe, 0x80, [15] = 1 };

static bool is_routed(const struct net_link *l)
{
	return !strcmp(l->mode, "veth");
}

static bool link_has_family(const struct net_link *l, int family)
{
	for (size_t i = 0; i < l->n_ifs; i++)
		if (l->ifs[i]->family == family)
			return true;
	return false;
}

static int dev_lookup(struct net_ctx *c, const struct net_link *l, struct nl_link *d,
		      struct vsm_error *err)
{
	int r = nl_link_get(c->host, l->dev, d, err);
	if (r == -ENODEV)
		return vsm_error_set(err, ENODEV, "%s: interface %s: host device %s does not exist "
				     "in the host's network namespace", c->cfg->name, l->guest_name,
				     l->dev);
	if (r == 0 && !strcmp(l->mode, "bridge") && strcmp(d->kind, "bridge"))
		return vsm_error_set(err, EINVAL, "%s: interface %s: mode bridge needs a bridge as "
				     "dev, but %s is %s%s", c->cfg->name, l->guest_name, l->dev,
				     d->kind[0] ? "of kind " : "a plain device", d->kind);
	return r;
}

/* The host end of a routed veth: forwarding and proxy ARP on this link only, no proxy delay,
 * fe80::1 for IPv6. */
static int host_end_routed(struct net_ctx *c, const struct net_link *l, int hidx,
			   struct vsm_error *err)
{
	int r;
	if ((r = netconf_set("ipv4", "conf", l->host_name, "forwarding", "1", err)) < 0 ||
	    (r = netconf_set("ipv4", "conf", l->host_name, "proxy_arp", "1", err)) < 0 ||
	    (r = netconf_set("ipv4", "neigh", l->host_name, "proxy_delay", "0", err)) < 0)
		return r;
	if (!link_has_family(l, AF_INET6))
		return 0;
	if (netconf_get("ipv6", "conf", "all", "forwarding", NULL) != 1)
		return vsm_error_set(err, EPERM, "%s: interface %s: IPv6 in routed (veth) mode needs "
				     "net.ipv6.conf.all.forwarding=1 on the host; vsm does not switch "
				     "on global forwarding (use mode bridge or macvlan, or enable it)",
				     c->cfg->name, l->guest_name);
	if ((r = netconf_set("ipv6", "conf", l->host_name, "forwarding", "1", err)) < 0)
		return r;
	return nl_addr_add(c->host, hidx, AF_INET6, host_ll, 64, IFA_F_NODAD, err);
}

/* Create the link; the guest end appears in the guest's namespace under its final name. */
static int link_create(struct net_ctx *c, const struct net_link *l, struct vsm_error *err)
{
	struct nl_link dev = { 0 }, h;
	int r;
	if (l->dev[0] && strcmp(l->mode, "lo") && (r = dev_lookup(c, l, &dev, err)) < 0)
		return r;
	if (!strcmp(l->mode, "macvlan"))
		return nl_macvlan_add(c->host, l->guest_name, dev.index, MACVLAN_MODE_BRIDGE, c->nsfd,
				      err);
	if (!strcmp(l->mode, "ipvlan")) {
		r = nl_ipvlan_add(c->host, l->guest_name, dev.index, IPVLAN_MODE_L2, c->nsfd, err);
		if (r == -EOPNOTSUPP)
			vsm_error_prefix(err, "%s: interface %s (mode ipvlan)", c->cfg->name,
					 l->guest_name);
		return r;
	}
	if (strcmp(l->mode, "veth") && strcmp(l->mode, "bridge"))
		return 0;
	/* Recorded first: a crash between the two steps still leaves it listed. */
	if ((r = net_record_add(&c->rec, err, "link %s", l->host_name)) < 0)
		return r;
	r = nl_veth_add(c->host, l->host_name, l->guest_name, c->nsfd, err);
	if (r == -EEXIST)
		return vsm_error_set(err, EEXIST, "%s: host-side interface %s already exists (another "
				     "guest with context %d, or a leftover: `ip link del %s`)",
				     c->cfg->name, l->host_name, c->cfg->context, l->host_name);
	if (r < 0 || (r = nl_link_get(c->host, l->host_name, &h, err)) < 0 ||
	    (r = nl_link_set_mac(c->host, h.index, l->host_mac, err)) < 0)
		return r;
	if (!strcmp(l->mode, "bridge") && (r = nl_link_set_master(c->host, h.index, dev.index,
								   err)) < 0)
		return r;
	if (is_routed(l) && (r = host_end_routed(c, l, h.index, err)) < 0)
		return r;
	return nl_link_set_up(c->host, h.index, true, err);
}

static int guest_default_route(struct net_ctx *c, const struct net_link *l, int gidx,
			       const struct guest_iface *f, struct vsm_error *err)
{
	int fi = f->family == AF_INET6;
	if (c->default_route[fi] || l->down || !strcmp(l->mode, "lo"))
		return 0;
	unsigned char gw[16];
	const void *via = NULL;
	if (f->gateway[0]) {
		if (inet_pton(f->family, f->gateway, gw) != 1)
			return vsm_error_set(err, EINVAL, "%s: interfaces/%s/gateway: bad address %s",
					     c->cfg->name, f->id, f->gateway);
		via = gw;
	} else if (is_routed(l) && fi) {
		via = host_ll;
	} else if (!is_routed(l)) {
		return 0; /* on a LAN segment without a gateway: no default route */
	}
	c->default_route[fi] = true;
	/* Routed: the guest's address has no prefix route, so everything goes to the host end
	 * (which answers ARP by proxy); a gateway is then reachable on-link by definition. */
	return nl_route_add(c->guest, f->family, NULL, 0, via, gidx, is_routed(l) && via, err);
}

/* Host route and proxy entry on dev for one routed address. */
static int host_routed_addr(struct net_ctx *c, const struct net_link *l,
			    const struct guest_iface *f, const unsigned char *bin,
			    struct vsm_error *err)
{
	struct nl_link h, dev;
	int r;
	if ((r = nl_link_get(c->host, l->host_name, &h, err)) < 0 ||
	    (r = nl_route_add(c->host, f->family, bin, f->family == AF_INET6 ? 128 : 32, NULL,
			      h.index, false, err)) < 0)
		return r;
	if (!l->dev[0])
		return 0;
	if ((r = dev_lookup(c, l, &dev, err)) < 0)
		return r;
	const char *fam = f->family == AF_INET6 ? "ipv6" : "ipv4";
	if ((r = netconf_set(fam, "conf", l->dev, "forwarding", "1", err)) < 0)
		return r;
	if (f->family == AF_INET6 && (r = netconf_set(fam, "conf", l->dev, "proxy_ndp", "1", err)) < 0)
		return r;
	if ((r = net_record_add(&c->rec, err, "proxy %s %d %s", l->dev,
				f->family == AF_INET6 ? 6 : 4, f->ip)) < 0)
		return r;
	return nl_neigh_proxy_add(c->host, dev.index, f->family, bin, err);
}

static int link_configure(struct net_ctx *c, const struct net_link *l, struct vsm_error *err)
{
	struct nl_link g;
	int r = nl_link_get(c->guest, l->guest_name, &g, err);
	if (r < 0)
		return r;
	if (l->mac[0] && strcmp(l->mode, "lo") && strcmp(l->mode, "ipvlan") &&
	    (r = nl_link_set_mac(c->guest, g.index, l->mac, err)) < 0)
		return r;
	if (!l->down && (r = nl_link_set_up(c->guest, g.index, true, err)) < 0)
		return r;
	for (size_t i = 0; i < l->n_ifs; i++) {
		const struct guest_iface *f = l->ifs[i];
		unsigned char bin[16];
		if (inet_pton(f->family, f->ip, bin) != 1)
			return vsm_error_set(err, EINVAL, "%s: interfaces/%s/ip: bad address %s",
					     c->cfg->name, f->id, f->ip);
		uint32_t flags = f->family == AF_INET6 ? IFA_F_NODAD : 0;
		if (is_routed(l))
			flags |= IFA_F_NOPREFIXROUTE;
		if ((r = nl_addr_add(c->guest, g.index, f->family, bin, net_iface_prefix(c->cfg, f),
				     flags, err)) < 0 ||
		    (r = guest_default_route(c, l, g.index, f, err)) < 0)
			return r;
		if (is_routed(l) && (r = host_routed_addr(c, l, f, bin, err)) < 0)
			return r;
	}
	return 0;
}

static int setup_all(struct net_ctx *c, const struct net_plan *plan, pid_t pid,
		     struct vsm_error *err)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/ns/net", (int)pid);
	c->nsfd = open(path, O_RDONLY | O_CLOEXEC);
	if (c->nsfd < 0)
		return vsm_error_sys(err, errno, "open %s", path);
	int r;
	if ((r = nl_open(&c->host, err)) < 0 || (r = nl_open_netns(c->nsfd, &c->guest, err)) < 0)
		return r;
	for (size_t i = 0; i < plan->n_links && r == 0; i++) {
		r = link_create(c, &plan->links[i], err);
		if (r == 0)
			r = link_configure(c, &plan->links[i], err);
	}
	return r;
}

int net_guest_setup(const char *name, pid_t pid, struct vsm_error *err)
{
	struct guest_config cfg;
	int r = guest_config_load(name, &cfg, 0, NULL, NULL, err);
	if (r < 0)
		return r;
	/* Leftovers of an earlier boot (a reboot, a crashed monitor) go first. */
	net_guest_teardown(name, NULL);
	struct net_plan plan;
	struct net_ctx c = { .cfg = &cfg, .nsfd = -1 };
	if ((r = net_plan_make(&cfg, &plan, err)) < 0 || plan.n_links == 0)
		goto out;
	if ((r = net_check_duplicates(name, cfg.ifaces, cfg.n_ifaces, err)) < 0 ||
	    (r = net_record_begin(name, &c.rec, err)) < 0)
		goto out;
	r = setup_all(&c, &plan, pid, err);
	if (r < 0)
		vsm_error_prefix(err, "%s: network", name);
out:
	nl_close(c.guest);
	nl_close(c.host);
	if (c.nsfd >= 0)
		close(c.nsfd);
	if (r < 0)
		net_guest_teardown(name, NULL);
	guest_config_free(&cfg);
	return r;
}
