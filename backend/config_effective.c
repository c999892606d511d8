/* Effective values of a loaded config: vsm's defaults and the removal entries applied, in one
 * place so that the runtime, the cgroup code and the console draw the same conclusions. */
#include "backend/config_internal.h"

#include <stdio.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/socket.h>

/* util-vserver applied `--secure --flag default --flag fakeinit` at every start. */
static const char *const cflags_always[] = {
	"fakeinit", "hide_mount", "namespace", "hide_netif", "virt_uptime", "sc_helper",
	"reboot_kill", NULL,
};

static bool flag_in(const char *const *set, const char *flag)
{
	for (; *set; set++)
		if (!strcmp(*set, flag))
			return true;
	return false;
}

/* util-vserver's secure default context capabilities. */
static const char *const ccaps_default[] = { "set_utsname", "raw_icmp", "audit_control", NULL };

bool guest_config_has_ccap(const struct guest_config *cfg, const char *ccap)
{
	bool on = flag_in(ccaps_default, ccap);
	for (size_t i = 0; i < cfg->ccaps.n; i++) {
		const char *e = cfg->ccaps.v[i];
		if (!strcmp(e + (*e == '!'), ccap))
			on = *e != '!';
	}
	return on;
}

bool guest_config_has_cflag(const struct guest_config *cfg, const char *flag)
{
	bool on = flag_in(cflags_always, flag);
	for (size_t i = 0; i < cfg->cflags.n; i++) {
		const char *e = cfg->cflags.v[i];
		bool remove = *e == '!';
		const char *name = e + remove;
		/* "default" stands for virt_uptime and sc_helper. */
		if (!strcmp(name, flag) ||
		    (!strcmp(name, "default") &&
		     (!strcmp(flag, "virt_uptime") || !strcmp(flag, "sc_helper"))))
			on = !remove;
	}
	return on;
}

/* DESIGN: util-vserver's secure set without DAC_READ_SEARCH and SYS_PTRACE. */
static const cap_value_t default_bounding[] = {
	CAP_CHOWN, CAP_DAC_OVERRIDE, CAP_FOWNER, CAP_FSETID, CAP_KILL, CAP_SETGID, CAP_SETUID,
	CAP_SETPCAP, CAP_NET_BIND_SERVICE, CAP_SYS_CHROOT, CAP_SYS_TTY_CONFIG, CAP_LEASE,
	CAP_SETFCAP, CAP_AUDIT_WRITE, CAP_SYS_BOOT,
};

int guest_config_bounding_set(const struct guest_config *cfg, uint64_t *caps,
			      struct vsm_error *err)
{
	uint64_t set = 0;
	for (size_t i = 0; i < sizeof(default_bounding) / sizeof(default_bounding[0]); i++)
		set |= 1ull << default_bounding[i];
	for (size_t i = 0; i < cfg->bcaps.n; i++) {
		const char *e = cfg->bcaps.v[i];
		bool remove = *e == '!';
		char name[64];
		cap_value_t cap;
		snprintf(name, sizeof(name), "cap_%s", e + remove);
		if (cap_from_name(name, &cap) < 0 || cap < 0 || cap > 63)
			return vsm_error_set(err, EINVAL, "guest %s: bcapabilities: unknown "
					     "capability '%s'", cfg->name, e + remove);
		if (remove)
			set &= ~(1ull << cap);
		else
			set |= 1ull << cap;
	}
	*caps = set;
	return 0;
}

enum init_style guest_config_init_style(const struct guest_config *cfg)
{
	return cfg->init.style == INIT_STYLE_UNSET ? INIT_STYLE_SYSV : cfg->init.style;
}

void guest_config_iface_effective(const struct guest_config *cfg, size_t i,
				  struct guest_iface *out)
{
	*out = cfg->ifaces[i];
	int max = out->family == AF_INET6 ? 128 : 32;
	if (!out->dev[0] && !out->nodev)
		memcpy(out->dev, cfg->iface_dev, sizeof(out->dev));
	/* A default prefix that cannot fit this family (e.g. 64 for IPv4) is not applied. */
	if (out->prefix < 0 && cfg->iface_prefix >= 0 && cfg->iface_prefix <= max)
		out->prefix = cfg->iface_prefix;
	if (out->prefix < 0)
		out->prefix = max;
	if (!out->bcast[0] && out->family == AF_INET)
		memcpy(out->bcast, cfg->iface_bcast, sizeof(out->bcast));
}

bool guest_config_wants_timens(const struct guest_config *cfg)
{
	switch (cfg->spaces[SPACE_TIME].mode) {
	case SPACE_NEW:
	case SPACE_SHARE:
		return true;
	case SPACE_HOST:
		return false;
	default:
		return guest_config_has_cflag(cfg, "virt_uptime");
	}
}

int guest_config_userns_range(const struct guest_config *cfg, uint64_t *base, uint64_t *count,
			      struct vsm_error *err)
{
	if (cfg->userns_count) {
		*base = cfg->userns_base;
		*count = cfg->userns_count;
		return 0;
	}
	if (!cfg->context)
		return vsm_error_set(err, EINVAL,
				     "guest %s: a user namespace needs a context id or "
				     "spaces/user.range", cfg->name);
	*base = (uint64_t)cfg->context * 65536;
	*count = 65536;
	return 0;
}

bool guest_config_personality(const struct guest_config *cfg, unsigned long *persona)
{
	if (!cfg->personality.n)
		return false;
	long v = config_personality_domain(cfg->personality.v[0]);
	for (size_t i = 1; i < cfg->personality.n; i++) {
		long f = config_personality_flag(cfg->personality.v[i]);
		if (f > 0)
			v |= f;
	}
	*persona = v < 0 ? 0 : (unsigned long)v;
	return true;
}
