/* Guest networking (doc/networking.md): each guest gets its own network namespace with the links
 * and addresses of its interfaces/NN/ config, made by the host side (the monitor) after the
 * namespace exists and before the guest's init runs, and removed completely when the guest ends.
 *
 * Modes per interface: veth (routed: host route + proxy ARP/NDP on `dev`), bridge (the veth joins
 * the bridge `dev`), macvlan and ipvlan (on `dev`). Host-side names are
 * <ifprefix><context>-<n> (DESIGN.md "Fixed names"). What was made on the host is recorded in the
 * run directory (file `net`), so a stale-record cleanup can remove it after a crash. */
#ifndef VSM_NET_H
#define VSM_NET_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include "backend/config.h"
#include "backend/error.h"

#define NET_LINKS_MAX 32
#define NET_RECORD_FILE "net"

/* One guest-side link and the addresses it carries (interfaces sharing a name share a link). */
struct net_link {
	char guest_name[16];	/* inside the guest: interfaces/NN/name or ethN */
	char host_name[16];	/* veth modes: the host end; "" otherwise */
	char mode[16];		/* veth, bridge, macvlan, ipvlan; "lo" for nodev addresses */
	char dev[16];		/* host device ("" none) */
	char mac[18];		/* the guest end's */
	char host_mac[18];	/* the host end's (veth modes) */
	bool down;
	const struct guest_iface *ifs[16];
	size_t n_ifs;
};

struct net_plan {
	struct net_link links[NET_LINKS_MAX];
	size_t n_links;
};

/* Host-side name for link N of context CTX, at most 15 characters. */
int net_host_ifname(int ctx, size_t n, char *buf, size_t len, struct vsm_error *err);
/* The MAC a link gets when interfaces/NN/mac is unset: the same at every start. */
void net_stable_mac(int ctx, size_t n, bool host_end, char mac[18]);
/* Group CFG's enabled interfaces into links, with effective dev/prefix/mode; checks names. */
int net_plan_make(const struct guest_config *cfg, struct net_plan *plan, struct vsm_error *err);
/* The prefix an interface gets: its own, else interfaces/prefix, else a host prefix. */
int net_iface_prefix(const struct guest_config *cfg, const struct guest_iface *f);

/* Refuse an address of IFACES (guest NAME) that another guest's config or the host (an address
 * in the caller's network namespace) already has, naming the other owner. */
int net_check_duplicates(const char *name, const struct guest_iface *ifaces, size_t n,
			 struct vsm_error *err);

/* Everything about CFG's interfaces that can be checked without starting it: names, modes and
 * devices given where needed (net_plan_make), and no duplicate address. For the editor and the
 * wizard before they save. */
int net_config_check(const struct guest_config *cfg, struct vsm_error *err);

/* Set up guest NAME's interfaces in the network namespace of INIT_PID (not yet running the
 * guest's init). On failure everything made so far is removed again. */
int net_guest_setup(const char *name, pid_t init_pid, struct vsm_error *err);
/* Remove what the record says was made on the host for NAME (links, proxy entries) and the
 * record. Idempotent; safe when nothing was set up. */
int net_guest_teardown(const char *name, struct vsm_error *err);

#endif
