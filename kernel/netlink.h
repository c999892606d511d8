/* rtnetlink through libmnl: links (veth, macvlan, ipvlan, bridge ports), addresses, routes and
 * neighbour-proxy entries. Policy-free: every call does one request, waits for the kernel's ack
 * and returns 0 or -errno with ERR naming the operation and the objects.
 *
 * A socket answers for the network namespace it was opened in; nl_open_netns opens one inside
 * another namespace (by fd) without moving the caller, so the monitor can configure a guest's
 * namespace before the guest's init runs. */
#ifndef VSM_KERNEL_NETLINK_H
#define VSM_KERNEL_NETLINK_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include "backend/error.h"

struct nl_sock;

/* Link kinds vsm creates or inspects ("veth", "macvlan", "ipvlan", "bridge"; "" = none given). */
#define NL_KIND_MAX 16

struct nl_link {
	int index;
	char name[16];
	char kind[NL_KIND_MAX];	/* IFLA_INFO_KIND, "" for a plain device */
	int master;		/* ifindex of the bridge it is a port of, 0 none */
	unsigned flags;		/* IFF_* */
};

/* An address as the kernel reports it (for duplicate checks). */
struct nl_addr {
	int family;		/* AF_INET, AF_INET6 */
	unsigned char addr[16];
	int prefix;
	int index;
};

int nl_open(struct nl_sock **s, struct vsm_error *err);
/* Open a socket inside the network namespace NSFD (an fd of /proc/PID/ns/net or a pidfd). */
int nl_open_netns(int nsfd, struct nl_sock **s, struct vsm_error *err);
void nl_close(struct nl_sock *s);

/* Links. NAME lookups go through RTM_GETLINK, never /sys (which may show another netns). */
int nl_link_get(struct nl_sock *s, const char *name, struct nl_link *out, struct vsm_error *err);
int nl_link_get_index(struct nl_sock *s, int index, struct nl_link *out, struct vsm_error *err);
/* A veth pair NAME <-> PEER; the peer is created directly in PEER_NSFD when >= 0. */
int nl_veth_add(struct nl_sock *s, const char *name, const char *peer, int peer_nsfd,
		struct vsm_error *err);
/* macvlan (MACVLAN_MODE_* in MODE) / ipvlan (IPVLAN_MODE_*) on PARENT, created in NSFD when >= 0
 * under NAME. ipvlan on a kernel without it fails with -EOPNOTSUPP. */
int nl_macvlan_add(struct nl_sock *s, const char *name, int parent, uint32_t mode, int nsfd,
		   struct vsm_error *err);
int nl_ipvlan_add(struct nl_sock *s, const char *name, int parent, uint16_t mode, int nsfd,
		  struct vsm_error *err);
int nl_link_del(struct nl_sock *s, int index, struct vsm_error *err);
int nl_link_set_up(struct nl_sock *s, int index, bool up, struct vsm_error *err);
int nl_link_rename(struct nl_sock *s, int index, const char *name, struct vsm_error *err);
/* MAC as "xx:xx:xx:xx:xx:xx". */
int nl_link_set_mac(struct nl_sock *s, int index, const char *mac, struct vsm_error *err);
/* Move a link into the namespace of NSFD, or of process PID (nsfd < 0). */
int nl_link_set_netns(struct nl_sock *s, int index, int nsfd, pid_t pid, struct vsm_error *err);
/* Make the link a port of bridge MASTER (0: release it). */
int nl_link_set_master(struct nl_sock *s, int index, int master, struct vsm_error *err);
/* Every link in the namespace, through CB (return non-zero to stop). */
typedef int (*nl_link_fn)(const struct nl_link *l, void *ctx);
int nl_link_each(struct nl_sock *s, nl_link_fn cb, void *ctx, struct vsm_error *err);

/* Addresses. ADDR is 4 or 16 bytes by FAMILY; FLAGS are IFA_F_* (NODAD, NOPREFIXROUTE). */
int nl_addr_add(struct nl_sock *s, int index, int family, const void *addr, int prefix,
		uint32_t flags, struct vsm_error *err);
int nl_addr_del(struct nl_sock *s, int index, int family, const void *addr, int prefix,
		struct vsm_error *err);
typedef int (*nl_addr_fn)(const struct nl_addr *a, void *ctx);
int nl_addr_each(struct nl_sock *s, int family, nl_addr_fn cb, void *ctx, struct vsm_error *err);

/* Routes in the main table. DST NULL with prefix 0 is the default route; GW NULL means a route
 * straight out of INDEX (scope link); ONLINK lets GW lie outside the link's prefixes. */
int nl_route_add(struct nl_sock *s, int family, const void *dst, int prefix, const void *gw,
		 int index, bool onlink, struct vsm_error *err);
int nl_route_del(struct nl_sock *s, int family, const void *dst, int prefix, int index,
		 struct vsm_error *err);

/* Proxy ARP/NDP entries (`ip neigh add proxy ADDR dev INDEX`). */
int nl_neigh_proxy_add(struct nl_sock *s, int index, int family, const void *addr,
		       struct vsm_error *err);
int nl_neigh_proxy_del(struct nl_sock *s, int index, int family, const void *addr,
		       struct vsm_error *err);
/* Is there a proxy entry for ADDR on INDEX? (for teardown checks) */
int nl_neigh_proxy_exists(struct nl_sock *s, int index, int family, const void *addr,
			  struct vsm_error *err);

/* Text form of a binary address, for messages. */
const char *nl_addr_str(int family, const void *addr, char *buf, size_t len);

#endif
