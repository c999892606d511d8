/* Reads the few config facts the live views show; everything else about a guest's config belongs
 * to the config module. */
#include "backend/monitor_guests.h"
#include "backend/config.h"
#include "backend/guest_name.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* "ip/prefix,..." of the guest's enabled interfaces, with interfaces/prefix and the family
 * default applied (the config module's view); empty when the config does not load. */
static void ips_of(const char *name, char *out, size_t len)
{
	out[0] = '\0';
	struct guest_config cfg;
	if (guest_config_load(name, &cfg, 0, NULL, NULL, NULL) < 0)
		return;
	size_t used = 0;
	for (size_t i = 0; i < cfg.n_ifaces; i++) {
		struct guest_iface f;
		guest_config_iface_effective(&cfg, i, &f);
		if (f.disabled || !f.ip[0])
			continue;
		int w = snprintf(out + used, len - used, "%s%s/%d", used ? "," : "", f.ip, f.prefix);
		if (w > 0 && (size_t)w < len - used)
			used += (size_t)w;
	}
	guest_config_free(&cfg);
}

int monitor_guests_list(const struct vsm_paths *p, struct monitor_guest_conf **out, size_t *n,
			struct vsm_error *err)
{
	char **names;
	size_t cnt;
	*out = NULL;
	*n = 0;
	int rc = guest_list(&names, &cnt, err);
	if (rc < 0 || cnt == 0)
		return rc;
	struct monitor_guest_conf *v = calloc(cnt, sizeof(*v));
	if (!v) {
		guest_list_free(names, cnt);
		return vsm_error_sys(err, ENOMEM, "listing guests");
	}
	for (size_t i = 0; i < cnt; i++) {
		struct monitor_guest_conf *g = &v[i];
		snprintf(g->name, sizeof(g->name), "%s", names[i]);
		g->ctx = monitor_guest_ctx(p, names[i]);
		ips_of(names[i], g->ips, sizeof(g->ips));
	}
	guest_list_free(names, cnt);
	*out = v;
	*n = cnt;
	return 0;
}

uint32_t monitor_guest_ctx(const struct vsm_paths *p, const char *name)
{
	int ctx = 0;
	/* A bad context file shows as 0 here; `vserver NAME start` reports it. */
	if (guest_context_read(name, &ctx, NULL) < 0 || ctx < 0)
		return 0;
	return (uint32_t)ctx;
}

int monitor_guest_resolve(const struct vsm_paths *p, const char *arg, char *name, size_t len,
			  struct vsm_error *err)
{
	int rc = guest_lookup(arg, name, len, err);
	/* A guest whose processes run in its cgroup but whose config is gone is still a guest. */
	if (rc == -ENOENT && guest_name_is_valid(arg) && strspn(arg, "0123456789") != strlen(arg)) {
		vsm_error_clear(err);
		snprintf(name, len, "%s", arg);
		return 0;
	}
	return rc;
}
