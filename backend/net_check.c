/* Duplicate addresses: one IP belongs to one guest, and never to the host as well. Checked at
 * build, edit and start; the message names the other owner. */
#include "backend/net.h"
#include "kernel/netlink.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool same_ip(const struct guest_iface *a, const struct guest_iface *b)
{
	return !a->disabled && !b->disabled && a->family == b->family && !strcmp(a->ip, b->ip);
}

static int check_guests(const char *name, const struct guest_iface *ifs, size_t n,
			struct vsm_error *err)
{
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < i; j++)
			if (same_ip(&ifs[i], &ifs[j]))
				return vsm_error_set(err, EEXIST, "%s: address %s is configured twice "
						     "(interfaces/%s and interfaces/%s)", name,
						     ifs[i].ip, ifs[j].id, ifs[i].id);
	char **names;
	size_t nn;
	int r = guest_list(&names, &nn, err);
	if (r < 0)
		return r;
	for (size_t g = 0; g < nn && r == 0; g++) {
		if (!strcmp(names[g], name))
			continue;
		struct guest_config other;
		/* A guest whose config does not load cannot be started either: not an owner. */
		if (guest_config_load(names[g], &other, 0, NULL, NULL, NULL) < 0)
			continue;
		for (size_t i = 0; i < n && r == 0; i++)
			for (size_t k = 0; k < other.n_ifaces && r == 0; k++)
				if (same_ip(&ifs[i], &other.ifaces[k]))
					r = vsm_error_set(err, EEXIST, "%s: address %s is already "
							  "used by guest %s (interfaces/%s)", name,
							  ifs[i].ip, names[g], other.ifaces[k].id);
		guest_config_free(&other);
	}
	guest_list_free(names, nn);
	return r;
}

struct host_ctx {
	const struct guest_iface *ifs;
	size_t n;
	const struct guest_iface *hit;
	int index;
};

static int host_addr_cb(const struct nl_addr *a, void *data)
{
	struct host_ctx *c = data;
	for (size_t i = 0; i < c->n; i++) {
		unsigned char bin[16];
		const struct guest_iface *f = &c->ifs[i];
		if (f->disabled || f->family != a->family || inet_pton(f->family, f->ip, bin) != 1)
			continue;
		if (!memcmp(bin, a->addr, f->family == AF_INET6 ? 16 : 4)) {
			c->hit = f;
			c->index = a->index;
			return 1;
		}
	}
	return 0;
}

static int check_host(const char *name, const struct guest_iface *ifs, size_t n,
		      struct vsm_error *err)
{
	struct nl_sock *s;
	int r = nl_open(&s, err);
	if (r < 0)
		return r;
	struct host_ctx c = { ifs, n, NULL, 0 };
	r = nl_addr_each(s, AF_UNSPEC, host_addr_cb, &c, err);
	if (r == 0 && c.hit) {
		struct nl_link l;
		if (nl_link_get_index(s, c.index, &l, NULL) < 0)
			snprintf(l.name, sizeof(l.name), "ifindex %d", c.index);
		r = vsm_error_set(err, EEXIST, "%s: address %s (interfaces/%s) is already the host's, "
				  "on %s", name, c.hit->ip, c.hit->id, l.name);
	}
	nl_close(s);
	return r;
}

int net_check_duplicates(const char *name, const struct guest_iface *ifs, size_t n,
			 struct vsm_error *err)
{
	int r = check_guests(name, ifs, n, err);
	return r < 0 ? r : check_host(name, ifs, n, err);
}

int net_config_check(const struct guest_config *cfg, struct vsm_error *err)
{
	struct net_plan *plan = malloc(sizeof(*plan));
	if (!plan)
		return vsm_error_set(err, ENOMEM, "out of memory");
	int r = net_plan_make(cfg, plan, err);
	free(plan);
	return r < 0 ? r : net_check_duplicates(cfg->name, cfg->ifaces, cfg->n_ifaces, err);
}
