/* The runtime's view of a guest's configuration: guest_config_load reads and validates the files;
 * this derives what start, stop and exec act on (init command, kill sequence, bounding set,
 * setrlimit values, cgroup limits). */
#include "backend/runconf.h"
#include "backend/fsutil.h"
#include "backend/attrs.h"
#include "backend/paths.h"

#include <ctype.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

uint64_t run_config_default_caps(void)
{
	struct guest_config cfg;
	uint64_t caps = 0;
	guest_config_init(&cfg, "default");
	guest_config_bounding_set(&cfg, &caps, NULL);
	guest_config_free(&cfg);
	return caps;
}

int run_config_signal(const char *s)
{
	if (isdigit((unsigned char)*s)) {
		char *end;
		long v = strtol(s, &end, 10);
		return (*end || v <= 0 || v >= NSIG) ? -EINVAL : (int)v;
	}
	if (strncasecmp(s, "SIG", 3) == 0)
		s += 3;
	for (int i = 1; i < NSIG; i++) {
		const char *ab = sigabbrev_np(i);
		if (ab && strcasecmp(ab, s) == 0)
			return i;
	}
	return -EINVAL;
}

static char **argv_copy(const struct str_list *l, const char *const *fallback)
{
	size_t n = l ? l->n : 0;
	const char *const *src = l ? (const char *const *)l->v : fallback;
	if (!l)
		while (fallback[n])
			n++;
	char **v = calloc(n + 1, sizeof(char *));
	for (size_t i = 0; v && i < n; i++)
		if (!(v[i] = strdup(src[i])))
			return v; /* caller checks v[n - 1] via run_config_free on error */
	return v;
}

static int load_killseq(const struct guest_config *cfg, enum init_style style, struct run_config *rc,
			struct vsm_error *err)
{
	const struct str_list *k = &cfg->init.killseq;
	if (k->n == 0) {
		/* util-vserver's default; busybox init powers off on SIGUSR2 (SIGTERM reboots it). */
		rc->killseq[0] = style == INIT_STYLE_BUSYBOX ? SIGUSR2 : SIGTERM;
		rc->killseq[1] = style == INIT_STYLE_BUSYBOX ? -10 : -5;
		rc->killseq[2] = SIGKILL;
		rc->nkillseq = 3;
		return 0;
	}
	if (k->n > RUNCONF_MAX_KILLSEQ || k->n % 2 == 0)
		return vsm_error_set(err, EINVAL, "%s/apps/init/killseq: expected SIG [WAIT SIG]... "
				     "(at most %d tokens)", rc->confdir, RUNCONF_MAX_KILLSEQ);
	for (size_t i = 0; i < k->n; i++) {
		if (i % 2 == 0) {
			int s = run_config_signal(k->v[i]);
			if (s < 0)
				return vsm_error_set(err, EINVAL, "%s/apps/init/killseq: '%s': expected a "
						     "signal", rc->confdir, k->v[i]);
			rc->killseq[i] = s;
		} else {
			char *end;
			long w = strtol(k->v[i], &end, 10);
			if (*end || w < 0 || w > 3600)
				return vsm_error_set(err, EINVAL, "%s/apps/init/killseq: '%s': expected "
						     "seconds 0..3600", rc->confdir, k->v[i]);
			rc->killseq[i] = -(int)w;
		}
	}
	rc->nkillseq = (int)k->n;
	return 0;
}

/* Where the guest's /sbin/init leads, resolved inside the guest root (never via host paths):
 * the last component of the target into BASE ("" when missing). */
static void init_target_base(const char *vdir, const char *path, char *base, size_t size)
{
	base[0] = '\0';
	int rootfd = open(vdir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (rootfd < 0)
		return;
	int fd = fs_open_in_root(rootfd, path, O_PATH, 0, NULL);
	close(rootfd);
	if (fd < 0)
		return;
	char link[64], target[PATH_MAX];
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	ssize_t n = readlink(link, target, sizeof(target) - 1);
	close(fd);
	if (n <= 0)
		return;
	target[n] = '\0';
	const char *b = strrchr(target, '/');
	snprintf(base, size, "%s", b ? b + 1 : target);
}

static bool guest_has_file(const char *vdir, const char *path)
{
	char b[NAME_MAX + 1];
	init_target_base(vdir, path, b, sizeof(b));
	return b[0] != '\0';
}

static int set_argv(char ***dst, const char *const *src, struct vsm_error *err)
{
	*dst = argv_copy(NULL, src);
	return *dst ? 0 : vsm_error_set(err, ENOMEM, "out of memory");
}

/* A systemd PID 1 needs a writable cgroup tree of its own, /run and /run/lock tmpfs, a
 * container= variable and a stop via SIGRTMIN+3 (doc/runtime.md, "systemd guests"): not done yet,
 * so such a guest is refused with that message instead of hanging in a half-booted state. */
static int refuse_systemd(const struct run_config *rc, struct vsm_error *err)
{
	char b[NAME_MAX + 1];
	init_target_base(rc->vdir, "/sbin/init", b, sizeof(b));
	if (strcmp(b, "systemd") != 0)
		return 0;
	return vsm_error_set(err, ENOTSUP, "%s: the guest's /sbin/init is systemd, which vsm cannot "
			     "run as a guest init yet (see doc/runtime.md, \"systemd guests\"); install "
			     "sysvinit-core in the guest, or set apps/init/cmd.start", rc->name);
}

/* util-vserver's init styles (reference §4.1) on mainline: the started program is always PID 1
 * of the guest's PID namespace (what util-vserver called fakeinit), so styles whose original had
 * no init at all (sysv's `rc 3`, gentoo's init-vserver.sh, arch's rc.multi) run the guest's own
 * /sbin/init with the runlevel instead, and their stop commands ask that init for runlevel 0. */
static int load_style(const struct guest_config *cfg, enum init_style style,
		      struct run_config *rc, struct vsm_error *err)
{
	const char *rl = cfg->init.runlevel_start[0] ? cfg->init.runlevel_start : cfg->init.runlevel;
	const char *rls = cfg->init.runlevel_stop[0] ? cfg->init.runlevel_stop : "0";
	bool want_stop = !rc->stop_argv;
	int r = 0;
	switch (style) {
	case INIT_STYLE_BUSYBOX: {
		/* busybox init ignores a runlevel argument; its clean stop is SIGUSR2, first in its
		 * kill sequence, so it gets no stop command. */
		const char *const a[] = { "/sbin/init", *rl ? rl : NULL, NULL };
		snprintf(rc->style, sizeof(rc->style), "busybox");
		return set_argv(&rc->start_argv, a, err);
	}
	case INIT_STYLE_PLAIN:
	case INIT_STYLE_SYSV:
	case INIT_STYLE_GENTOO:
	case INIT_STYLE_OPENRC:
	case INIT_STYLE_ARCH: {
		bool sysv = style == INIT_STYLE_SYSV;
		if (sysv && !*rl)
			rl = "3";	/* util-vserver's sysv default runlevel */
		snprintf(rc->style, sizeof(rc->style), "%s", attr_init_styles[style - INIT_STYLE_NONE]);
		/* Only sysv gets a default runlevel: gentoo's "default" is an OpenRC runlevel
		 * name that sysvinit would not understand on its command line. */
		const char *const a[] = { "/sbin/init", *rl ? rl : NULL, NULL };
		if ((r = refuse_systemd(rc, err)) < 0 || (r = set_argv(&rc->start_argv, a, err)) < 0)
			return r;
		if (!want_stop)
			return 0;
		char ib[NAME_MAX + 1];
		init_target_base(rc->vdir, "/sbin/init", ib, sizeof(ib));
		if (!strcmp(ib, "busybox"))
			return 0;	/* no runlevels: the kill sequence does it */
		if ((style == INIT_STYLE_GENTOO || style == INIT_STYLE_OPENRC) &&
		    !strcmp(ib, "openrc-init")) {
			const char *const s[] = { "/sbin/openrc-shutdown", "--poweroff", "now", NULL };
			return set_argv(&rc->stop_argv, s, err);
		}
		const char *const s[] = { "/sbin/init", rls, NULL };
		return set_argv(&rc->stop_argv, s, err);
	}
	case INIT_STYLE_MINIT: {
		/* minit is a real PID 1; minit-stop (msvc) asks it to end. */
		const char *const a[] = { "/sbin/minit", *rl ? rl : NULL, NULL };
		const char *const s[] = { "/sbin/minit-stop", *rls ? rls : NULL, NULL };
		snprintf(rc->style, sizeof(rc->style), "minit");
		if (!guest_has_file(rc->vdir, "/sbin/minit"))
			return vsm_error_set(err, ENOENT, "%s: init style minit: the guest has no "
					     "/sbin/minit", rc->name);
		if ((r = set_argv(&rc->start_argv, a, err)) < 0)
			return r;
		return want_stop && guest_has_file(rc->vdir, "/sbin/minit-stop")
			       ? set_argv(&rc->stop_argv, s, err) : 0;
	}
	case INIT_STYLE_NONE:
		return vsm_error_set(err, EINVAL, "%s: empty init style and no apps/init/cmd.start",
				     rc->confdir);
	default:
		return vsm_error_set(err, EINVAL, "%s/apps/init/style: unknown init style",
				     rc->confdir);
	}
}

static int load_init(const struct guest_config *cfg, char *const *rescue_argv,
		     struct run_config *rc, struct vsm_error *err)
{
	static const char *const sleep_argv[] = { "/bin/sleep", "900", NULL };
	if (rescue_argv) {
		snprintf(rc->style, sizeof(rc->style), "rescue");
		rc->start_argv = rescue_argv[0] ? argv_copy(NULL, (const char *const *)rescue_argv)
						: argv_copy(NULL, sleep_argv);
		return rc->start_argv ? 0 : vsm_error_set(err, ENOMEM, "out of memory");
	}
	enum init_style style = guest_config_init_style(cfg);
	int r = load_killseq(cfg, style, rc, err);
	if (r < 0)
		return r;
	if (cfg->init.cmd_stop.n)
		rc->stop_argv = argv_copy(&cfg->init.cmd_stop, NULL);
	if (cfg->init.cmd_start.n) {
		snprintf(rc->style, sizeof(rc->style), "cmd.start");
		rc->start_argv = argv_copy(&cfg->init.cmd_start, NULL);
		return rc->start_argv ? 0 : vsm_error_set(err, ENOMEM, "out of memory");
	}
	return load_style(cfg, style, rc, err);
}

static int load_ulimits(const struct guest_config *cfg, struct run_config *rc)
{
	for (size_t i = 0; i < cfg->n_ulimits && rc->nulimits < RUNCONF_MAX_RLIMITS; i++) {
		const struct guest_limit *g = &cfg->ulimits[i];
		struct run_rlimit l = { .resource = g->resource };
#define LIM(v) ((v) == CONFIG_UNLIMITED ? RLIM_INFINITY : (rlim_t)(v))
		if (g->set[LIMIT_BOTH])
			l.has_soft = l.has_hard = true, l.soft = l.hard = LIM(g->val[LIMIT_BOTH]);
		if (g->set[LIMIT_SOFT])
			l.has_soft = true, l.soft = LIM(g->val[LIMIT_SOFT]);
		if (g->set[LIMIT_HARD])
			l.has_hard = true, l.hard = LIM(g->val[LIMIT_HARD]);
#undef LIM
		if (l.has_soft || l.has_hard)
			rc->ulimits[rc->nulimits++] = l;
	}
	return 0;
}

static uint64_t cgl(uint64_t v)
{
	return v == CONFIG_UNLIMITED ? CGL_MAX : v;
}

/* cgroup/ figures, raw knob files, and the whole-guest rlimits that only a cgroup can enforce. */
static int load_limits(const struct guest_config *cfg, struct run_config *rc,
		       struct vsm_error *err)
{
	struct guest_limits *l = &rc->limits;
	const struct guest_cglimits *c = &cfg->cg;
	guest_limits_init(l);
	for (size_t i = 0; i < cfg->n_rlimits; i++) {
		const struct guest_limit *g = &cfg->rlimits[i];
		uint64_t v = g->set[LIMIT_HARD] ? g->val[LIMIT_HARD] : g->val[LIMIT_BOTH];
		if (!g->set[LIMIT_HARD] && !g->set[LIMIT_BOTH])
			continue;
		if (g->resource == RLIMIT_NPROC)
			l->pids_max = cgl(v);
		else if (g->resource == RLIMIT_RSS || g->resource == RLIMIT_AS)
			/* util-vserver counted these in pages. */
			l->mem_max = v == CONFIG_UNLIMITED ? CGL_MAX
							   : v * (uint64_t)sysconf(_SC_PAGESIZE);
	}
	if (c->has_memory_max)
		l->mem_max = cgl(c->memory_max);
	if (c->has_memory_high)
		l->mem_high = cgl(c->memory_high);
	if (c->has_memory_swap_max)
		l->swap_max = cgl(c->memory_swap_max);
	if (c->has_cpu_quota)
		l->cpu_quota_us = cgl(c->cpu_quota);
	if (c->has_cpu_period)
		l->cpu_period_us = c->cpu_period;
	if (c->has_cpu_weight)
		l->cpu_weight = c->cpu_weight;
	if (c->has_pids_max)
		l->pids_max = cgl(c->pids_max);
	for (size_t i = 0; i < cfg->n_knobs; i++) {
		int r = guest_limits_add_raw(l, cfg->knobs[i].name, cfg->knobs[i].value, err);
		if (r < 0)
			return r;
	}
	rc->has_limits = l->n_raw || l->mem_max != CGL_UNSET || l->mem_high != CGL_UNSET ||
			 l->swap_max != CGL_UNSET || l->cpu_quota_us != CGL_UNSET ||
			 l->cpu_weight != CGL_UNSET || l->pids_max != CGL_UNSET;
	return 0;
}

static int load_env(const struct guest_config *cfg, struct run_config *rc, struct vsm_error *err)
{
	static const char *const dflt[] = { "PATH=/bin:/usr/bin:/sbin:/usr/sbin", NULL };
	rc->env_from_file = cfg->init.environment.n > 0;
	rc->env = rc->env_from_file ? argv_copy(&cfg->init.environment, NULL) : argv_copy(NULL, dflt);
	return rc->env ? 0 : vsm_error_set(err, ENOMEM, "out of memory");
}

static int derive(const struct guest_config *cfg, char *const *rescue_argv, struct run_config *rc,
		  struct vsm_error *err)
{
	snprintf(rc->vdir, sizeof(rc->vdir), "%s", cfg->vdir);
	snprintf(rc->nodename, sizeof(rc->nodename), "%s",
		 cfg->uts_nodename[0] ? cfg->uts_nodename : cfg->name);
	snprintf(rc->domainname, sizeof(rc->domainname), "%s", cfg->uts_domainname);
	rc->has_nice = cfg->has_nice;
	rc->nice = cfg->nice;
	rc->virt_uptime = guest_config_wants_timens(cfg);
	int r = guest_config_bounding_set(cfg, &rc->bcaps, err);
	if (r == 0)
		r = load_init(cfg, rescue_argv, rc, err);
	if (r == 0)
		r = load_ulimits(cfg, rc);
	if (r == 0)
		r = load_limits(cfg, rc, err);
	if (r == 0)
		r = load_env(cfg, rc, err);
	if (r == 0 && cfg->n_fstab) {
		rc->fstab = calloc(cfg->n_fstab, sizeof(*rc->fstab));
		if (!rc->fstab)
			return vsm_error_set(err, ENOMEM, "out of memory");
		memcpy(rc->fstab, cfg->fstab, cfg->n_fstab * sizeof(*rc->fstab));
		rc->n_fstab = cfg->n_fstab;
	}
	return r;
}

int run_config_load(const char *name, char *const *rescue_argv, struct run_config *rc,
		    config_warn_fn warn, void *warn_ctx, struct vsm_error *err)
{
	memset(rc, 0, sizeof(*rc));
	int r = guest_name_check(name, err);
	if (r < 0)
		return r;
	snprintf(rc->name, sizeof(rc->name), "%s", name);
	vsm_path_guest_conf(vsm_paths(), name, rc->confdir, sizeof(rc->confdir));
	struct guest_config cfg;
	r = guest_config_load(name, &cfg, 0, warn, warn_ctx, err);
	if (r < 0)
		return r;
	r = derive(&cfg, rescue_argv, rc, err);
	guest_config_free(&cfg);
	if (r < 0)
		run_config_free(rc);
	return r;
}

static void free_argv(char **v)
{
	if (!v)
		return;
	for (char **p = v; *p; p++)
		free(*p);
	free(v);
}

void run_config_free(struct run_config *rc)
{
	free_argv(rc->start_argv);
	free_argv(rc->stop_argv);
	free_argv(rc->env);
	free(rc->fstab);
	rc->start_argv = rc->stop_argv = rc->env = NULL;
	rc->fstab = NULL;
}
