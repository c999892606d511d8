/* Links: look up, create (veth, macvlan, ipvlan), delete, and change (up/down, name, MAC,
 * namespace, bridge master). */
#include "kernel/netlink_internal.h"

#include <linux/if.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include <stdio.h>
#include <string.h>

struct link_ctx {
	struct nl_link *one;	/* single answer */
	nl_link_fn cb;		/* or a dump */
	void *cb_ctx;
	int stop;
};

static int linkinfo_cb(const struct nlattr *a, void *data)
{
	struct nl_link *l = data;
	if (mnl_attr_get_type(a) == IFLA_INFO_KIND && mnl_attr_validate(a, MNL_TYPE_STRING) >= 0)
		snprintf(l->kind, sizeof(l->kind), "%s", mnl_attr_get_str(a));
	return MNL_CB_OK;
}

static int link_attr_cb(const struct nlattr *a, void *data)
{
	struct nl_link *l = data;
	switch (mnl_attr_get_type(a)) {
	case IFLA_IFNAME:
		if (mnl_attr_validate(a, MNL_TYPE_STRING) >= 0)
			snprintf(l->name, sizeof(l->name), "%s", mnl_attr_get_str(a));
		break;
	case IFLA_MASTER:
		if (mnl_attr_validate(a, MNL_TYPE_U32) >= 0)
			l->master = (int)mnl_attr_get_u32(a);
		break;
	case IFLA_LINKINFO:
		mnl_attr_parse_nested(a, linkinfo_cb, l);
		break;
	}
	return MNL_CB_OK;
}

static int link_msg_cb(const struct nlmsghdr *nlh, void *data)
{
	struct link_ctx *c = data;
	if (nlh->nlmsg_type != RTM_NEWLINK || c->stop)
		return MNL_CB_OK;
	const struct ifinfomsg *ifm = mnl_nlmsg_get_payload(nlh);
	struct nl_link l = { .index = ifm->ifi_index, .flags = ifm->ifi_flags };
	mnl_attr_parse(nlh, sizeof(*ifm), link_attr_cb, &l);
	if (c->one)
		*c->one = l;
	else if (c->cb(&l, c->cb_ctx))
		c->stop = 1;
	return MNL_CB_OK;
}

static int link_get(struct nl_sock *s, const char *name, int index, struct nl_link *out,
		    struct vsm_error *err)
{
	/* With the ack, the answer is the link and then an ack that ends the exchange. */
	struct nlmsghdr *nlh = nl_msg_start(s, RTM_GETLINK, 0);
	struct ifinfomsg *ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	ifm->ifi_family = AF_UNSPEC;
	ifm->ifi_index = index;
	if (name)
		mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	memset(out, 0, sizeof(*out));
	struct link_ctx c = { .one = out };
	int r = nl_talk(s, nlh, link_msg_cb, &c);
	if (r == 0 && !out->index)
		r = -ENODEV;
	if (r < 0) {
		if (name)
			return vsm_error_sys(err, -r, "netlink: no link named %s", name);
		return vsm_error_sys(err, -r, "netlink: no link with index %d", index);
	}
	return 0;
}

int nl_link_get(struct nl_sock *s, const char *name, struct nl_link *out, struct vsm_error *err)
{
	if (strlen(name) >= IFNAMSIZ)
		return vsm_error_set(err, EINVAL, "netlink: link name '%s' longer than %d characters",
				     name, IFNAMSIZ - 1);
	return link_get(s, name, 0, out, err);
}

int nl_link_get_index(struct nl_sock *s, int index, struct nl_link *out, struct vsm_error *err)
{
	return link_get(s, NULL, index, out, err);
}

int nl_link_each(struct nl_sock *s, nl_link_fn cb, void *ctx, struct vsm_error *err)
{
	struct nlmsghdr *nlh = nl_msg_start(s, RTM_GETLINK, NLM_F_DUMP);
	nlh->nlmsg_flags &= (unsigned short)~NLM_F_ACK;
	struct ifinfomsg *ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	ifm->ifi_family = AF_UNSPEC;
	struct link_ctx c = { .cb = cb, .cb_ctx = ctx };
	int r = nl_talk(s, nlh, link_msg_cb, &c);
	return r < 0 ? vsm_error_sys(err, -r, "netlink: dump links") : 0;
}

static struct nlmsghdr *newlink_start(struct nl_sock *s, const char *name, int nsfd)
{
	struct nlmsghdr *nlh = nl_msg_start(s, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL);
	struct ifinfomsg *ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	ifm->ifi_family = AF_UNSPEC;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	if (nsfd >= 0)
		mnl_attr_put_u32(nlh, IFLA_NET_NS_FD, (uint32_t)nsfd);
	return nlh;
}

int nl_veth_add(struct nl_sock *s, const char *name, const char *peer, int peer_nsfd,
		struct vsm_error *err)
{
	struct nlmsghdr *nlh = newlink_start(s, name, -1);
	struct nlattr *li = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "veth");
	struct nlattr *data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
	struct nlattr *p = mnl_attr_nest_start(nlh, VETH_INFO_PEER);
	/* The peer's payload starts with its own ifinfomsg. */
	struct ifinfomsg *pifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*pifm));
	pifm->ifi_family = AF_UNSPEC;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, peer);
	if (peer_nsfd >= 0)
		mnl_attr_put_u32(nlh, IFLA_NET_NS_FD, (uint32_t)peer_nsfd);
	mnl_attr_nest_end(nlh, p);
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, li);
	int r = nl_talk(s, nlh, NULL, NULL);
	return r < 0 ? vsm_error_sys(err, -r, "netlink: create veth pair %s/%s", name, peer) : 0;
}

static int sublink_add(struct nl_sock *s, const char *kind, const char *name, int parent,
		       int mode_attr, uint32_t mode, bool mode16, int nsfd, struct vsm_error *err)
{
	struct nlmsghdr *nlh = newlink_start(s, name, nsfd);
	mnl_attr_put_u32(nlh, IFLA_LINK, (uint32_t)parent);
	struct nlattr *li = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, kind);
	struct nlattr *data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
	if (mode16)
		mnl_attr_put_u16(nlh, (uint16_t)mode_attr, (uint16_t)mode);
	else
		mnl_attr_put_u32(nlh, (uint16_t)mode_attr, mode);
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, li);
	int r = nl_talk(s, nlh, NULL, NULL);
	if (r == -EOPNOTSUPP)
		return vsm_error_set(err, EOPNOTSUPP, "netlink: create %s link %s: the kernel has no "
				     "%s support (CONFIG_%s is off)", kind, name, kind,
				     !strcmp(kind, "ipvlan") ? "IPVLAN" : "MACVLAN");
	return r < 0 ? vsm_error_sys(err, -r, "netlink: create %s link %s on ifindex %d", kind,
				     name, parent) : 0;
}

int nl_macvlan_add(struct nl_sock *s, const char *name, int parent, uint32_t mode, int nsfd,
		   struct vsm_error *err)
{
	return sublink_add(s, "macvlan", name, parent, IFLA_MACVLAN_MODE, mode, false, nsfd, err);
}

int nl_ipvlan_add(struct nl_sock *s, const char *name, int parent, uint16_t mode, int nsfd,
		  struct vsm_error *err)
{
	return sublink_add(s, "ipvlan", name, parent, IFLA_IPVLAN_MODE, mode, true, nsfd, err);
}

int nl_link_del(struct nl_sock *s, int index, struct vsm_error *err)
{
	struct nlmsghdr *nlh = nl_msg_start(s, RTM_DELLINK, 0);
	struct ifinfomsg *ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	ifm->ifi_family = AF_UNSPEC;
	ifm->ifi_index = index;
	int r = nl_talk(s, nlh, NULL, NULL);
	return r < 0 ? vsm_error_sys(err, -r, "netlink: delete link %d", index) : 0;
}

/* RTM_NEWLINK on an existing link; the caller adds attributes. */
static struct nlmsghdr *setlink_start(struct nl_sock *s, int index, struct ifinfomsg **ifm)
{
	struct nlmsghdr *nlh = nl_msg_start(s, RTM_NEWLINK, 0);
	*ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(**ifm));
	(*ifm)->ifi_family = AF_UNSPEC;
	(*ifm)->ifi_index = index;
	return nlh;
}

int nl_link_set_up(struct nl_sock *s, int index, bool up, struct vsm_error *err)
{
	struct ifinfomsg *ifm;
	struct nlmsghdr *nlh = setlink_start(s, index, &ifm);
	ifm->ifi_change = IFF_UP;
	ifm->ifi_flags = up ? IFF_UP : 0;
	int r = nl_talk(s, nlh, NULL, NULL);
	return r < 0 ? vsm_error_sys(err, -r, "netlink: set link %d %s", index, up ? "up" : "down")
		     : 0;
}

int nl_link_rename(struct nl_sock *s, int index, const char *name, struct vsm_error *err)
{
	struct ifinfomsg *ifm;
	struct nlmsghdr *nlh = setlink_start(s, index, &ifm);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	int r = nl_talk(s, nlh, NULL, NULL);
	return r < 0 ? vsm_error_sys(err, -r, "netlink: rename link %d to %s", index, name) : 0;
}

int nl_link_set_mac(struct nl_sock *s, int index, const char *mac, struct vsm_error *err)
{
	unsigned b[6];
	unsigned char bin[6];
	if (sscanf(mac, "%2x:%2x:%2x:%2x:%2x:%2x", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5]) != 6)
		return vsm_error_set(err, EINVAL, "netlink: '%s' is not a MAC address", mac);
	for (int i = 0; i < 6; i++)
		bin[i] = (unsigned char)b[i];
	struct ifinfomsg *ifm;
	struct nlmsghdr *nlh = setlink_start(s, index, &ifm);
	mnl_attr_put(nlh, IFLA_ADDRESS, sizeof(bin), bin);
	int r = nl_talk(s, nlh, NULL, NULL);
	return r < 0 ? vsm_error_sys(err, -r, "netlink: set MAC %s on link %d", mac, index) : 0;
}

int nl_link_set_netns(struct nl_sock *s, int index, int nsfd, pid_t pid, struct vsm_error *err)
{
	struct ifinfomsg *ifm;
	struct nlmsghdr *nlh = setlink_start(s, index, &ifm);
	if (nsfd >= 0)
		mnl_attr_put_u32(nlh, IFLA_NET_NS_FD, (uint32_t)nsfd);
	else
		mnl_attr_put_u32(nlh, IFLA_NET_NS_PID, (uint32_t)pid);
	int r = nl_talk(s, nlh, NULL, NULL);
	return r < 0 ? vsm_error_sys(err, -r, "netlink: move link %d to another namespace", index)
		     : 0;
}

int nl_link_set_master(struct nl_sock *s, int index, int master, struct vsm_error *err)
{
	struct ifinfomsg *ifm;
	struct nlmsghdr *nlh = setlink_start(s, index, &ifm);
	mnl_attr_put_u32(nlh, IFLA_MASTER, (uint32_t)master);
	int r = nl_talk(s, nlh, NULL, NULL);
	return r < 0 ? vsm_error_sys(err, -r, "netlink: attach link %d to bridge %d", index, master)
		     : 0;
}
