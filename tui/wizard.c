/* The wizard's driver: the steps in order with Back, the answers turned into build options and
 * post-build settings, then the build. */
#include <errno.h>
#include <newt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend/cgroup_limits.h"
#include "backend/config.h"
#include "tui/wizard.h"

static enum wiz_result (*const steps[])(struct wizard *) = {
	wizard_step_name, wizard_step_method, wizard_step_host, wizard_step_context,
	wizard_step_network, wizard_step_resources, wizard_step_caps, wizard_step_init,
	wizard_step_summary,
};
#define NSTEPS (int)(sizeof(steps) / sizeof(steps[0]))

static int method_index(const char *m)
{
	for (int i = 0; build_method_names[i]; i++)
		if (!strcmp(build_method_names[i], m))
			return i;
	return 0;
}

int wizard_run(struct wizard *w)
{
	struct vsm_error err = { 0 };
	distro_list(&w->distros, &w->n_distros, &err);
	w->method = method_index("busybox");
	int i = 0;
	for (;;) {
		enum wiz_result r = steps[i](w);
		if (r == WIZ_CANCEL)
			return 1;
		if (r == WIZ_BACK) {
			if (i > 0)
				i--;
			continue;
		}
		if (++i < NSTEPS)
			continue;
		int b = wizard_build_run(w);
		if (b == 0)
			return 0;
		if (b == 1)
			return 1;
		/* Failed: the error and log were shown; back to the summary to change answers. */
		if (newtWinChoice("New guest", "Change answers", "Quit",
				  "The build failed. Change the answers and try again?") != 1)
			return -1;
		i = NSTEPS - 1;
	}
}

void wizard_free(struct wizard *w)
{
	free(w->distros);
	w->distros = NULL;
}

void wizard_make_opts(struct wizard *w)
{
	struct build_opts *o = &w->opts;
	memset(o, 0, sizeof(*o));
	o->name = w->name;
	o->method = build_method_names[w->method];
	o->hostname = w->hostname[0] ? w->hostname : NULL;
	o->context = atoi(w->context);
	if (w->ip[0]) {
		struct build_iface *f = &o->ifaces[o->n_ifaces++];
		snprintf(f->dev, sizeof(f->dev), "%s", w->dev);
		snprintf(f->ip, sizeof(f->ip), "%s", w->ip);
		f->prefix = atoi(w->prefix);
	}
	w->flags_buf[0] = '\0';
	if (w->flag_no_new_privs)
		strcat(w->flags_buf, "no_new_privs");
	if (w->flag_virt_uptime)
		strcat(strcat(w->flags_buf, w->flags_buf[0] ? "," : ""), "virt_uptime");
	o->flags = w->flags_buf[0] ? w->flags_buf : NULL;
	o->initstyle = w->initstyle > 0 ? wizard_init_styles[w->initstyle] : NULL;
	int n = 0;
	if (!strcmp(o->method, "debootstrap") && w->n_distros) {
		const struct distro *d = &w->distros[w->distro];
		w->margv[n++] = "-d";
		w->margv[n++] = (char *)d->suite;
		w->margv[n++] = "-m";
		w->margv[n++] = w->mirror;
		if (d->include[0]) {
			w->margv[n++] = "--";
			snprintf(w->margbuf[0], sizeof(w->margbuf[0]), "--include=%s", d->include);
			w->margv[n++] = w->margbuf[0];
		}
	} else if (!strcmp(o->method, "clone")) {
		w->margv[n++] = "--source";
		w->margv[n++] = w->source;
	} else if (!strcmp(o->method, "template")) {
		w->margv[n++] = "-t";
		w->margv[n++] = w->tarball;
	}
	w->margv[n] = NULL;
	o->margc = n;
	o->margv = w->margv;
}

static void add(char *buf, size_t len, const char *fmt, const char *a, const char *b)
{
	size_t u = strlen(buf);
	if (u < len)
		snprintf(buf + u, len - u, fmt, a, b);
}

void wizard_describe_settings(const struct wizard *w, char *buf, size_t len)
{
	buf[0] = '\0';
	if (w->domain[0])
		add(buf, len, "  uts/domainname = %s%s\n", w->domain, "");
	if (w->memory[0])
		add(buf, len, "  cgroup/memory_max = %s%s\n", w->memory, "");
	if (w->cpu_percent[0])
		add(buf, len, "  cgroup/cpu_quota = %s%% of a CPU%s\n", w->cpu_percent, "");
	if (w->cpu_weight[0])
		add(buf, len, "  cgroup/cpu_weight = %s%s\n", w->cpu_weight, "");
	if (w->pids[0])
		add(buf, len, "  cgroup/pids_max = %s%s\n", w->pids, "");
	const char *caps[4] = { w->cap_net_raw ? "NET_RAW" : NULL,
				w->cap_net_admin ? "NET_ADMIN" : NULL,
				w->cap_sys_time ? "SYS_TIME" : NULL,
				w->cap_sys_ptrace ? "SYS_PTRACE" : NULL };
	for (int i = 0; i < 4; i++)
		if (caps[i])
			add(buf, len, "  bcapabilities += %s%s\n", caps[i], "");
	if (w->autostart)
		add(buf, len, "  apps/init/mark = default%s%s\n", "", "");
	if (!buf[0])
		snprintf(buf, len, "  (nothing: defaults only)\n");
}

static int set_u64(const char *s, uint64_t *v, bool *has)
{
	if (!*s)
		return 0;
	uint64_t x;
	if (guest_limits_parse(s, &x) < 0)
		return -EINVAL;
	*v = x == CGL_MAX ? CONFIG_UNLIMITED : x;
	*has = true;
	return 0;
}

int wizard_apply_settings(const struct wizard *w, char *msg, size_t len)
{
	struct guest_config cfg;
	struct vsm_error err = { 0 };
	int r = guest_config_load(w->name, &cfg, CONFIG_LOAD_NO_DEFAULTS, NULL, NULL, &err);
	if (r < 0) {
		snprintf(msg, len, "%s", err.msg);
		return r;
	}
	if (w->domain[0])
		snprintf(cfg.uts_domainname, sizeof(cfg.uts_domainname), "%s", w->domain);
	struct guest_cglimits *g = &cfg.cg;
	r = set_u64(w->memory, &g->memory_max, &g->has_memory_max);
	if (r == 0 && w->cpu_percent[0]) {
		g->cpu_period = 100000;
		g->has_cpu_period = true;
		g->cpu_quota = (uint64_t)atol(w->cpu_percent) * 1000;
		g->has_cpu_quota = true;
	}
	if (r == 0)
		r = set_u64(w->cpu_weight, &g->cpu_weight, &g->has_cpu_weight);
	if (r == 0)
		r = set_u64(w->pids, &g->pids_max, &g->has_pids_max);
	const char *caps[4] = { w->cap_net_raw ? "NET_RAW" : NULL,
				w->cap_net_admin ? "NET_ADMIN" : NULL,
				w->cap_sys_time ? "SYS_TIME" : NULL,
				w->cap_sys_ptrace ? "SYS_PTRACE" : NULL };
	for (int i = 0; r == 0 && i < 4; i++)
		if (caps[i])
			r = str_list_add(&cfg.bcaps, caps[i]);
	if (r == 0 && w->autostart)
		r = str_list_add(&cfg.init.mark, "default");
	if (r == 0)
		r = guest_config_save(&cfg, &err);
	if (r < 0)
		snprintf(msg, len, "%s", err.msg[0] ? err.msg : strerror(-r));
	guest_config_free(&cfg);
	return r;
}
