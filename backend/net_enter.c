/* Finding a guest by its addresses and joining its network namespace through its init's pidfd. */
#include "backend/net_enter.h"
#include "backend/config.h"
#include "backend/net.h"
#include "backend/runrecord.h"
#include "kernel/netlink.h"
#include "kernel/ns.h"

#include <arpa/inet.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct want {
	int family;
	unsigned char bin[16];
	int prefix;	/* -1: any */
	const char *text;
};

static int want_parse(const char *s, struct want *w, struct vsm_error *err)
{
	char ip[64];
	const char *slash = strchr(s, '/');
	size_t n = slash ? (size_t)(slash - s) : strlen(s);
	if (n >= sizeof(ip))
		return vsm_error_set(err, EINVAL, "--ip '%s': not an address", s);
	memcpy(ip, s, n);
	ip[n] = '\0';
	w->text = s;
	w->family = strchr(ip, ':') ? AF_INET6 : AF_INET;
	w->prefix = -1;
	if (inet_pton(w->family, ip, w->bin) != 1)
		return vsm_error_set(err, EINVAL, "--ip '%s': expected IP[/PREFIX]", s);
	if (slash) {
		char *end;
		long p = strtol(slash + 1, &end, 10);
		if (*end || p < 0 || p > (w->family == AF_INET6 ? 128 : 32))
			return vsm_error_set(err, EINVAL, "--ip '%s': bad prefix length", s);
		w->prefix = (int)p;
	}
	return 0;
}

static bool cfg_has(const struct guest_config *cfg, const struct want *w)
{
	for (size_t i = 0; i < cfg->n_ifaces; i++) {
		const struct guest_iface *f = &cfg->ifaces[i];
		unsigned char bin[16];
		if (f->disabled || f->family != w->family || inet_pton(f->family, f->ip, bin) != 1 ||
		    memcmp(bin, w->bin, w->family == AF_INET6 ? 16 : 4))
			continue;
		if (w->prefix < 0 || w->prefix == net_iface_prefix(cfg, f))
			return true;
	}
	return false;
}

static bool cfg_has_all(const char *name, const struct want *w, size_t n, size_t *missing)
{
	struct guest_config cfg;
	if (guest_config_load(name, &cfg, 0, NULL, NULL, NULL) < 0)
		return false;
	bool ok = true;
	for (size_t i = 0; i < n && ok; i++)
		if (!cfg_has(&cfg, &w[i])) {
			ok = false;
			*missing = i;
		}
	guest_config_free(&cfg);
	return ok;
}

static int find_guest(const struct want *w, size_t n, char *guest, size_t glen,
		      struct vsm_error *err)
{
	char **names;
	size_t nn, missing = 0;
	int r = guest_list(&names, &nn, err);
	if (r < 0)
		return r;
	r = -ENOENT;
	for (size_t g = 0; g < nn && r < 0; g++)
		if (cfg_has_all(names[g], w, n, &missing)) {
			snprintf(guest, glen, "%s", names[g]);
			r = 0;
		}
	guest_list_free(names, nn);
	return r < 0 ? vsm_error_set(err, ENOENT, "no guest owns %s%s", w[0].text,
				     n > 1 ? " and the other addresses given" : "") : 0;
}

struct present_ctx {
	const struct want *w;
	bool found;
};

static int present_cb(const struct nl_addr *a, void *data)
{
	struct present_ctx *c = data;
	if (a->family == c->w->family && !memcmp(a->addr, c->w->bin, a->family == AF_INET6 ? 16 : 4))
		c->found = true;
	return c->found;
}

/* Inside the guest's namespace now: every address must be there. */
static int check_present(const char *guest, const struct want *w, size_t n, struct vsm_error *err)
{
	struct nl_sock *s;
	int r = nl_open(&s, err);
	for (size_t i = 0; i < n && r == 0; i++) {
		struct present_ctx c = { &w[i], false };
		r = nl_addr_each(s, w[i].family, present_cb, &c, err);
		if (r == 0 && !c.found)
			r = vsm_error_set(err, EADDRNOTAVAIL, "%s: address %s is configured but not "
					  "present in the guest's network namespace", guest, w[i].text);
	}
	nl_close(s);
	return r;
}

static int join_netns(const char *guest, struct vsm_error *err)
{
	struct run_record rec;
	if (runrecord_read(guest, &rec, NULL) < 0 || !runrecord_init_alive(&rec))
		return vsm_error_set(err, ESRCH, "%s: not running", guest);
	int pidfd = ns_pidfd_open(rec.init_pid, err);
	if (pidfd < 0)
		return pidfd;
	int r = 0;
	/* The pidfd pins the process; the start time rules out a reused pid. */
	if (proc_start_time(rec.init_pid) != rec.init_start)
		r = vsm_error_set(err, ESRCH, "%s: not running", guest);
	else
		r = ns_enter_pidfd(pidfd, CLONE_NEWNET, err);
	close(pidfd);
	return r;
}

int net_enter_guest(const char *nid, char *const *ips, size_t n, char *guest, size_t glen,
		    struct vsm_error *err)
{
	struct want *w = calloc(n ? n : 1, sizeof(*w));
	if (!w)
		return vsm_error_set(err, ENOMEM, "out of memory");
	int r = 0;
	for (size_t i = 0; i < n && r == 0; i++)
		r = want_parse(ips[i], &w[i], err);
	size_t missing = 0;
	if (r == 0 && nid) {
		r = guest_lookup(nid, guest, glen, err);
		if (r == 0 && n && !cfg_has_all(guest, w, n, &missing))
			r = vsm_error_set(err, EADDRNOTAVAIL, "%s: %s is not one of its addresses",
					  guest, w[missing].text);
	} else if (r == 0) {
		r = n ? find_guest(w, n, guest, glen, err)
		      : vsm_error_set(err, EINVAL, "give --nid GUEST or at least one --ip");
	}
	if (r == 0)
		r = join_netns(guest, err);
	if (r == 0)
		r = check_present(guest, w, n, err);
	free(w);
	return r;
}
