/* Layer 3 over rtnetlink: addresses, routes in the main table, proxy ARP/NDP entries. */
#include "kernel/netlink_internal.h"

#include <arpa/inet.h>
#include <linux/if_addr.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <string.h>

static size_t alen(int family)
{
	return family == AF_INET6 ? 16 : 4;
}

static int addr_change(struct nl_sock *s, int type, int flags, int index, int family,
		       const void *addr, int prefix, uint32_t aflags)
{
	struct nlmsghdr *nlh = nl_msg_start(s, type, flags);
	struct ifaddrmsg *ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	ifa->ifa_family = (unsigned char)family;
	ifa->ifa_prefixlen = (unsigned char)prefix;
	ifa->ifa_index = (unsigned)index;
	ifa->ifa_flags = (unsigned char)aflags;
	mnl_attr_put(nlh, IFA_LOCAL, alen(family), addr);
	mnl_attr_put(nlh, IFA_ADDRESS, alen(family), addr);
	if (aflags > 0xff)
		mnl_attr_put_u32(nlh, IFA_FLAGS, aflags);
	return nl_talk(s, nlh, NULL, NULL);
}

int nl_addr_add(struct nl_sock *s, int index, int family, const void *addr, int prefix,
		uint32_t flags, struct vsm_error *err)
{
	int r = addr_change(s, RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, index, family, addr, prefix,
			    flags);
	char b[64];
	return r < 0 ? vsm_error_sys(err, -r, "netlink: add address %s/%d to link %d",
				     nl_addr_str(family, addr, b, sizeof(b)), prefix, index) : 0;
}

int nl_addr_del(struct nl_sock *s, int index, int family, const void *addr, int prefix,
		struct vsm_error *err)
{
	int r = addr_change(s, RTM_DELADDR, 0, index, family, addr, prefix, 0);
	char b[64];
	return r < 0 ? vsm_error_sys(err, -r, "netlink: delete address %s/%d from link %d",
				     nl_addr_str(family, addr, b, sizeof(b)), prefix, index) : 0;
}

struct addr_ctx {
	nl_addr_fn cb;
	void *ctx;
	int stop;
};

static int addr_attr_cb(const struct nlattr *a, void *data)
{
	const struct nlattr **tb = data;
	int t = mnl_attr_get_type(a);
	if (t == IFA_LOCAL || t == IFA_ADDRESS)
		tb[t] = a;
	return MNL_CB_OK;
}

static int addr_msg_cb(const struct nlmsghdr *nlh, void *data)
{
	struct addr_ctx *c = data;
	if (nlh->nlmsg_type != RTM_NEWADDR || c->stop)
		return MNL_CB_OK;
	const struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *tb[IFA_MAX + 1] = { 0 };
	mnl_attr_parse(nlh, sizeof(*ifa), addr_attr_cb, tb);
	/* IFA_LOCAL is the address itself on point-to-point links; IFA_ADDRESS otherwise. */
	const struct nlattr *a = tb[IFA_LOCAL] ? tb[IFA_LOCAL] : tb[IFA_ADDRESS];
	size_t n = alen(ifa->ifa_family);
	if (!a || mnl_attr_get_payload_len(a) < n)
		return MNL_CB_OK;
	struct nl_addr out = { .family = ifa->ifa_family, .prefix = ifa->ifa_prefixlen,
			       .index = (int)ifa->ifa_index };
	memcpy(out.addr, mnl_attr_get_payload(a), n);
	if (c->cb(&out, c->ctx))
		c->stop = 1;
	return MNL_CB_OK;
}

int nl_addr_each(struct nl_sock *s, int family, nl_addr_fn cb, void *ctx, struct vsm_error *err)
{
	struct nlmsghdr *nlh = nl_msg_start(s, RTM_GETADDR, NLM_F_DUMP);
	nlh->nlmsg_flags &= (unsigned short)~NLM_F_ACK;
	struct ifaddrmsg *ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	ifa->ifa_family = (unsigned char)family;
	struct addr_ctx c = { cb, ctx, 0 };
	int r = nl_talk(s, nlh, addr_msg_cb, &c);
	return r < 0 ? vsm_error_sys(err, -r, "netlink: dump addresses") : 0;
}

static int route_change(struct nl_sock *s, int type, int flags, int family, const void *dst,
			int prefix, const void *gw, int index, bool onlink)
{
	struct nlmsghdr *nlh = nl_msg_start(s, type, flags);
	struct rtmsg *rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	rtm->rtm_family = (unsigned char)family;
	rtm->rtm_dst_len = (unsigned char)prefix;
	rtm->rtm_table = RT_TABLE_MAIN;
	rtm->rtm_protocol = RTPROT_STATIC;
	rtm->rtm_type = RTN_UNICAST;
	rtm->rtm_scope = gw ? RT_SCOPE_UNIVERSE : RT_SCOPE_LINK;
	if (onlink)
		rtm->rtm_flags |= RTNH_F_ONLINK;
	if (dst && prefix > 0)
		mnl_attr_put(nlh, RTA_DST, alen(family), dst);
	if (gw)
		mnl_attr_put(nlh, RTA_GATEWAY, alen(family), gw);
	if (index > 0)
		mnl_attr_put_u32(nlh, RTA_OIF, (uint32_t)index);
	return nl_talk(s, nlh, NULL, NULL);
}

int nl_route_add(struct nl_sock *s, int family, const void *dst, int prefix, const void *gw,
		 int index, bool onlink, struct vsm_error *err)
{
	int r = route_change(s, RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL, family, dst, prefix, gw,
			     index, onlink);
	if (r < 0) {
		char d[64] = "default", g[64] = "";
		if (dst && prefix > 0)
			nl_addr_str(family, dst, d, sizeof(d));
		if (gw)
			nl_addr_str(family, gw, g, sizeof(g));
		return vsm_error_sys(err, -r, "netlink: add route %s/%d%s%s dev %d", d, prefix,
				     gw ? " via " : "", g, index);
	}
	return 0;
}

int nl_route_del(struct nl_sock *s, int family, const void *dst, int prefix, int index,
		 struct vsm_error *err)
{
	struct nlmsghdr *nlh = nl_msg_start(s, RTM_DELROUTE, 0);
	struct rtmsg *rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	rtm->rtm_family = (unsigned char)family;
	rtm->rtm_dst_len = (unsigned char)prefix;
	rtm->rtm_table = RT_TABLE_MAIN;
	rtm->rtm_scope = RT_SCOPE_NOWHERE;
	if (dst && prefix > 0)
		mnl_attr_put(nlh, RTA_DST, alen(family), dst);
	if (index > 0)
		mnl_attr_put_u32(nlh, RTA_OIF, (uint32_t)index);
	int r = nl_talk(s, nlh, NULL, NULL);
	char d[64] = "default";
	if (dst && prefix > 0)
		nl_addr_str(family, dst, d, sizeof(d));
	return r < 0 ? vsm_error_sys(err, -r, "netlink: delete route %s/%d", d, prefix) : 0;
}

static int neigh_proxy(struct nl_sock *s, int type, int flags, int index, int family,
		       const void *addr)
{
	struct nlmsghdr *nlh = nl_msg_start(s, type, flags);
	struct ndmsg *nd = mnl_nlmsg_put_extra_header(nlh, sizeof(*nd));
	nd->ndm_family = (unsigned char)family;
	nd->ndm_ifindex = index;
	nd->ndm_flags = NTF_PROXY;
	nd->ndm_state = NUD_PERMANENT;
	mnl_attr_put(nlh, NDA_DST, alen(family), addr);
	return nl_talk(s, nlh, NULL, NULL);
}

int nl_neigh_proxy_add(struct nl_sock *s, int index, int family, const void *addr,
		       struct vsm_error *err)
{
	int r = neigh_proxy(s, RTM_NEWNEIGH, NLM_F_CREATE | NLM_F_REPLACE, index, family, addr);
	char b[64];
	return r < 0 ? vsm_error_sys(err, -r, "netlink: add proxy %s entry %s on link %d",
				     family == AF_INET6 ? "NDP" : "ARP",
				     nl_addr_str(family, addr, b, sizeof(b)), index) : 0;
}

int nl_neigh_proxy_del(struct nl_sock *s, int index, int family, const void *addr,
		       struct vsm_error *err)
{
	int r = neigh_proxy(s, RTM_DELNEIGH, 0, index, family, addr);
	char b[64];
	return r < 0 ? vsm_error_sys(err, -r, "netlink: delete proxy entry %s on link %d",
				     nl_addr_str(family, addr, b, sizeof(b)), index) : 0;
}

struct pneigh_ctx {
	int index;
	size_t len;
	const void *addr;
	int found;
};

static int pneigh_attr_cb(const struct nlattr *a, void *data)
{
	struct pneigh_ctx *c = data;
	if (mnl_attr_get_type(a) == NDA_DST && mnl_attr_get_payload_len(a) == c->len &&
	    !memcmp(mnl_attr_get_payload(a), c->addr, c->len))
		c->found = 1;
	return MNL_CB_OK;
}

static int pneigh_msg_cb(const struct nlmsghdr *nlh, void *data)
{
	struct pneigh_ctx *c = data;
	const struct ndmsg *nd = mnl_nlmsg_get_payload(nlh);
	if (nlh->nlmsg_type == RTM_NEWNEIGH && (nd->ndm_flags & NTF_PROXY) &&
	    nd->ndm_ifindex == c->index)
		mnl_attr_parse(nlh, sizeof(*nd), pneigh_attr_cb, c);
	return MNL_CB_OK;
}

int nl_neigh_proxy_exists(struct nl_sock *s, int index, int family, const void *addr,
			  struct vsm_error *err)
{
	struct nlmsghdr *nlh = nl_msg_start(s, RTM_GETNEIGH, NLM_F_DUMP);
	nlh->nlmsg_flags &= (unsigned short)~NLM_F_ACK;
	struct ndmsg *nd = mnl_nlmsg_put_extra_header(nlh, sizeof(*nd));
	nd->ndm_family = (unsigned char)family;
	nd->ndm_flags = NTF_PROXY;
	struct pneigh_ctx c = { index, alen(family), addr, 0 };
	int r = nl_talk(s, nlh, pneigh_msg_cb, &c);
	return r < 0 ? vsm_error_sys(err, -r, "netlink: dump proxy entries") : c.found;
}
