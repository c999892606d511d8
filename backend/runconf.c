/* Stand-in configuration reader for start: the few files the runtime needs, validated, with
 * errors naming file and line. Replaced by backend/config.h once that is on main. */
#include "backend/runconf.h"
#include "backend/fsutil.h"
#include "backend/paths.h"
#include "kernel/caps.h"

#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define CONF_MAX (64 * 1024)

uint64_t run_config_default_caps(void)
{
	static const int caps[] = { CAP_CHOWN, CAP_DAC_OVERRIDE, CAP_FOWNER, CAP_FSETID, CAP_KILL,
				    CAP_SETGID, CAP_SETUID, CAP_SETPCAP, CAP_NET_BIND_SERVICE,
				    CAP_SYS_CHROOT, CAP_SYS_TTY_CONFIG, CAP_LEASE, CAP_SETFCAP,
				    CAP_AUDIT_WRITE, CAP_SYS_BOOT };
	uint64_t m = 0;
	for (size_t i = 0; i < sizeof(caps) / sizeof(caps[0]); i++)
		m |= 1ULL << caps[i];
	return m;
}

/* Read CONFDIR/REL; -ENOENT quietly when absent. Strips a BOM and CRs. */
static int read_conf(int dfd, const char *rel, char **out, struct vsm_error *err)
{
	size_t len;
	int r = fs_read_file_at(dfd, rel, CONF_MAX, out, &len, err);
	if (r < 0)
		return r;
	char *s = *out;
	if ((unsigned char)s[0] == 0xef && (unsigned char)s[1] == 0xbb && (unsigned char)s[2] == 0xbf)
		memmove(s, s + 3, strlen(s + 3) + 1);
	char *w = s;
	for (char *p = s; *p; p++)
		if (*p != '\r')
			*w++ = *p;
	*w = '\0';
	return 0;
}

static char *trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	char *e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

/* First line of a scalar file into BUF; 0 if found, -ENOENT if absent. */
static int read_scalar(int dfd, const char *rel, char *buf, size_t len, struct vsm_error *err)
{
	char *data = NULL;
	int r = read_conf(dfd, rel, &data, err);
	if (r < 0)
		return r;
	char *nl = strchr(data, '\n');
	if (nl)
		*nl = '\0';
	char *v = trim(data);
	if (strlen(v) >= len) {
		free(data);
		return vsm_error_set(err, EINVAL, "%s: value longer than %zu characters", rel, len - 1);
	}
	strcpy(buf, v);
	free(data);
	return 0;
}

/* Non-empty lines of a file as a NULL-terminated argv (comments kept when KEEP_HASH: cmd.* files
 * are argv, one element per line). */
static int read_lines(int dfd, const char *rel, bool skip_comments, char ***out,
		      struct vsm_error *err)
{
	char *data = NULL;
	int r = read_conf(dfd, rel, &data, err);
	if (r < 0)
		return r;
	size_t n = 0, cap = 8;
	char **v = calloc(cap, sizeof(char *));
	char *save = NULL;
	for (char *l = strtok_r(data, "\n", &save); v && l; l = strtok_r(NULL, "\n", &save)) {
		char *t = skip_comments ? trim(l) : l;
		if (!*t || (skip_comments && *t == '#'))
			continue;
		if (n + 2 > cap) {
			char **nv = realloc(v, (cap *= 2) * sizeof(char *));
			if (!nv) {
				break;
			}
			v = nv;
		}
		v[n++] = strdup(t);
		v[n] = NULL;
	}
	free(data);
	if (!v)
		return vsm_error_set(err, ENOMEM, "%s: out of memory", rel);
	*out = v;
	return 0;
}

static void free_argv(char **v)
{
	if (!v)
		return;
	for (char **p = v; *p; p++)
		free(*p);
	free(v);
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

static int load_caps(int dfd, struct run_config *rc, struct vsm_error *err)
{
	char **lines = NULL;
	rc->bcaps = run_config_default_caps();
	int r = read_lines(dfd, "bcapabilities", true, &lines, err);
	if (r == -ENOENT)
		return 0;
	if (r < 0)
		return r;
	for (int i = 0; lines[i]; i++) {
		const char *n = lines[i];
		bool remove = (*n == '!' || *n == '~');
		int c = caps_from_name(remove ? n + 1 : n);
		if (c < 0) {
			r = vsm_error_set(err, EINVAL, "%s/bcapabilities: '%s': not a capability name",
					  rc->confdir, n);
			break;
		}
		if (remove)
			rc->bcaps &= ~(1ULL << c);
		else
			rc->bcaps |= 1ULL << c;
	}
	free_argv(lines);
	return r;
}

static int load_killseq(int dfd, struct run_config *rc, struct vsm_error *err)
{
	char *data = NULL;
	int r = read_conf(dfd, "apps/init/killseq", &data, err);
	if (r == -ENOENT) {
		rc->killseq[0] = SIGTERM, rc->killseq[1] = -5, rc->killseq[2] = SIGKILL;
		rc->nkillseq = 3;
		return 0;
	}
	if (r < 0)
		return r;
	char *save = NULL;
	int n = 0;
	for (char *t = strtok_r(data, " \t\n", &save); t; t = strtok_r(NULL, " \t\n", &save)) {
		if (n >= RUNCONF_MAX_KILLSEQ) {
			r = vsm_error_set(err, EINVAL, "apps/init/killseq: more than %d tokens",
					  RUNCONF_MAX_KILLSEQ);
			break;
		}
		if (n % 2 == 0) {
			int s = run_config_signal(t);
			if (s < 0) {
				r = vsm_error_set(err, EINVAL, "apps/init/killseq: '%s': expected a signal",
						  t);
				break;
			}
			rc->killseq[n++] = s;
		} else {
			char *end;
			long w = strtol(t, &end, 10);
			if (*end || w < 0 || w > 3600) {
				r = vsm_error_set(err, EINVAL,
						  "apps/init/killseq: '%s': expected seconds 0..3600", t);
				break;
			}
			rc->killseq[n++] = -(int)w;
		}
	}
	free(data);
	if (r == 0 && (n == 0 || n % 2 == 0))
		r = vsm_error_set(err, EINVAL, "apps/init/killseq: expected SIG [WAIT SIG]...");
	rc->nkillseq = n;
	return r;
}

static const struct {
	const char *name;
	int res;
} rlimit_names[] = {
	{ "as", RLIMIT_AS },	       { "core", RLIMIT_CORE },	    { "cpu", RLIMIT_CPU },
	{ "data", RLIMIT_DATA },       { "fsize", RLIMIT_FSIZE },   { "locks", RLIMIT_LOCKS },
	{ "memlock", RLIMIT_MEMLOCK }, { "msgqueue", RLIMIT_MSGQUEUE }, { "nice", RLIMIT_NICE },
	{ "nofile", RLIMIT_NOFILE },   { "nproc", RLIMIT_NPROC },   { "rss", RLIMIT_RSS },
	{ "rtprio", RLIMIT_RTPRIO },   { "sigpending", RLIMIT_SIGPENDING }, { "stack", RLIMIT_STACK },
};

static int parse_limit(const char *rel, const char *v, rlim_t *out, struct vsm_error *err)
{
	if (!strcmp(v, "inf") || !strcmp(v, "unlimited") || !strcmp(v, "-1")) {
		*out = RLIM_INFINITY;
		return 0;
	}
	char *end;
	unsigned long long x = strtoull(v, &end, 10);
	if (!isdigit((unsigned char)*v) || *end)
		return vsm_error_set(err, EINVAL, "%s: '%s': expected a number or 'inf'", rel, v);
	*out = (rlim_t)x;
	return 0;
}

static int load_ulimits(int dfd, struct run_config *rc, struct vsm_error *err)
{
	for (size_t i = 0; i < sizeof(rlimit_names) / sizeof(rlimit_names[0]); i++) {
		struct run_rlimit rl = { .resource = rlimit_names[i].res };
		static const char *const suffix[] = { "", ".soft", ".hard" };
		for (int s = 0; s < 3; s++) {
			char rel[64], val[64];
			snprintf(rel, sizeof(rel), "ulimits/%s%s", rlimit_names[i].name, suffix[s]);
			int r = read_scalar(dfd, rel, val, sizeof(val), err);
			if (r == -ENOENT)
				continue;
			rlim_t v;
			if (r < 0 || (r = parse_limit(rel, val, &v, err)) < 0)
				return r;
			if (s != 2)
				rl.soft = v, rl.has_soft = true;
			if (s != 1)
				rl.hard = v, rl.has_hard = true;
		}
		if ((rl.has_soft || rl.has_hard) && rc->nulimits < RUNCONF_MAX_RLIMITS)
			rc->ulimits[rc->nulimits++] = rl;
	}
	return 0;
}

static int add_knob(struct run_config *rc, const char *name, const char *value,
		    struct vsm_error *err)
{
	if (rc->nknobs >= RUNCONF_MAX_KNOBS)
		return vsm_error_set(err, E2BIG, "cgroup/: more than %d knobs", RUNCONF_MAX_KNOBS);
	snprintf(rc->knobs[rc->nknobs].name, sizeof(rc->knobs[0].name), "%s", name);
	snprintf(rc->knobs[rc->nknobs].value, sizeof(rc->knobs[0].value), "%s", value);
	rc->nknobs++;
	return 0;
}

/* cgroup/<controller>.<knob> files, and the context-wide rlimits that map onto cgroup knobs. */
static int load_cgroup(int dfd, struct run_config *rc, struct vsm_error *err)
{
	int cfd = openat(dfd, "cgroup", O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
	if (cfd >= 0) {
		DIR *d = fdopendir(cfd);
		struct dirent *e;
		int r = 0;
		while (r == 0 && d && (e = readdir(d))) {
			if (e->d_name[0] == '.' || !strchr(e->d_name, '.'))
				continue;
			char rel[300], val[128];
			snprintf(rel, sizeof(rel), "cgroup/%s", e->d_name);
			r = read_scalar(dfd, rel, val, sizeof(val), err);
			if (r == 0)
				r = add_knob(rc, e->d_name, val, err);
		}
		if (d)
			closedir(d);
		else
			close(cfd);
		if (r < 0)
			return r;
	}
	char val[64];
	rlim_t v;
	int r = read_scalar(dfd, "rlimits/nproc", val, sizeof(val), err);
	if (r == 0 && (r = parse_limit("rlimits/nproc", val, &v, err)) == 0)
		r = add_knob(rc, "pids.max", v == RLIM_INFINITY ? "max" : val, err);
	if (r < 0 && r != -ENOENT)
		return r;
	/* rlimits/rss counts pages, as in util-vserver. */
	r = read_scalar(dfd, "rlimits/rss", val, sizeof(val), err);
	if (r == 0 && (r = parse_limit("rlimits/rss", val, &v, err)) == 0 && v != RLIM_INFINITY) {
		char bytes[32];
		snprintf(bytes, sizeof(bytes), "%llu",
			 (unsigned long long)v * (unsigned long long)sysconf(_SC_PAGESIZE));
		r = add_knob(rc, "memory.limit_in_bytes", bytes, err);
	}
	return (r < 0 && r != -ENOENT) ? r : 0;
}

static int load_init(int dfd, char *const *rescue_argv, struct run_config *rc,
		     struct vsm_error *err)
{
	int r;
	if (rescue_argv) {
		strcpy(rc->style, "rescue");
		size_t n = 0;
		while (rescue_argv[n])
			n++;
		static char *const dflt[] = { "/bin/sleep", "900", NULL };
		char *const *src = n ? rescue_argv : dflt;
		n = n ? n : 2;
		rc->start_argv = calloc(n + 1, sizeof(char *));
		if (!rc->start_argv)
			return vsm_error_set(err, ENOMEM, "out of memory");
		for (size_t i = 0; i < n; i++)
			rc->start_argv[i] = strdup(src[i]);
		return 0;
	}
	r = read_scalar(dfd, "apps/init/style", rc->style, sizeof(rc->style), err);
	if (r == -ENOENT)
		strcpy(rc->style, "plain");
	else if (r < 0)
		return r;
	char rl[16] = "";
	if (read_scalar(dfd, "apps/init/runlevel.start", rl, sizeof(rl), NULL) < 0)
		read_scalar(dfd, "apps/init/runlevel", rl, sizeof(rl), NULL);
	r = read_lines(dfd, "apps/init/cmd.start", false, &rc->start_argv, err);
	if (r < 0 && r != -ENOENT)
		return r;
	r = read_lines(dfd, "apps/init/cmd.stop", false, &rc->stop_argv, err);
	if (r < 0 && r != -ENOENT)
		return r;
	if (rc->start_argv)
		return 0;
	if (!strcmp(rc->style, "plain")) {
		rc->start_argv = calloc(3, sizeof(char *));
		if (!rc->start_argv)
			return vsm_error_set(err, ENOMEM, "out of memory");
		rc->start_argv[0] = strdup("/sbin/init");
		if (*rl)
			rc->start_argv[1] = strdup(rl);
		return 0;
	}
	if (!*rc->style)
		return vsm_error_set(err, EINVAL, "%s: empty init style and no apps/init/cmd.start",
				     rc->confdir);
	return vsm_error_set(err, EINVAL, "%s/apps/init/style: unknown or unsupported init style '%s' "
			     "(supported: plain, rescue, or cmd.start)", rc->confdir, rc->style);
}

static int load_env(int dfd, struct run_config *rc, struct vsm_error *err)
{
	int r = read_lines(dfd, "apps/init/environment", true, &rc->env, err);
	if (r == -ENOENT) {
		int ddfd = openat(dfd, "../.defaults", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (ddfd >= 0) {
			r = read_lines(ddfd, "apps/init/environment", true, &rc->env, err);
			close(ddfd);
		}
	}
	if (r == -ENOENT) {
		rc->env = calloc(2, sizeof(char *));
		if (!rc->env)
			return vsm_error_set(err, ENOMEM, "out of memory");
		rc->env[0] = strdup("PATH=/bin:/usr/bin:/sbin:/usr/sbin");
		return 0;
	}
	if (r < 0)
		return r;
	rc->env_from_file = true;
	for (int i = 0; rc->env[i]; i++)
		if (!strchr(rc->env[i], '=') || rc->env[i][0] == '=')
			return vsm_error_set(err, EINVAL,
					     "%s/apps/init/environment: line %d: expected VAR=VALUE",
					     rc->confdir, i + 1);
	return 0;
}

static int load_misc(int dfd, struct run_config *rc, struct vsm_error *err)
{
	char buf[PATH_MAX];
	ssize_t n = readlinkat(dfd, "vdir", buf, sizeof(buf) - 1);
	if (n > 0) {
		buf[n] = '\0';
		snprintf(rc->vdir, sizeof(rc->vdir), "%s", buf);
	} else {
		snprintf(rc->vdir, sizeof(rc->vdir), "%s/%s", vsm_paths()->vdirbase, rc->name);
	}
	int r = read_scalar(dfd, "uts/nodename", rc->nodename, sizeof(rc->nodename), err);
	if (r == -ENOENT)
		snprintf(rc->nodename, sizeof(rc->nodename), "%s", rc->name);
	else if (r < 0)
		return r;
	r = read_scalar(dfd, "uts/domainname", rc->domainname, sizeof(rc->domainname), err);
	if (r < 0 && r != -ENOENT)
		return r;
	char v[32];
	r = read_scalar(dfd, "nice", v, sizeof(v), err);
	if (r == 0) {
		char *end;
		long x = strtol(v, &end, 10);
		if (*end || x < -20 || x > 19)
			return vsm_error_set(err, EINVAL, "%s/nice: '%s': expected -20..19", rc->confdir, v);
		rc->has_nice = true, rc->nice = (int)x;
	} else if (r != -ENOENT) {
		return r;
	}
	char **flags = NULL;
	r = read_lines(dfd, "cflags", true, &flags, err);
	if (r == 0) {
		for (int i = 0; flags[i]; i++)
			if (!strcasecmp(flags[i], "virt_uptime"))
				rc->virt_uptime = true;
		free_argv(flags);
	} else if (r != -ENOENT) {
		return r;
	}
	r = read_conf(dfd, "fstab", &rc->fstab, err);
	return (r < 0 && r != -ENOENT) ? r : 0;
}

int run_config_load(const char *name, char *const *rescue_argv, struct run_config *rc,
		    struct vsm_error *err)
{
	memset(rc, 0, sizeof(*rc));
	int r = guest_name_check(name, err);
	if (r < 0)
		return r;
	snprintf(rc->name, sizeof(rc->name), "%s", name);
	vsm_path_guest_conf(vsm_paths(), name, rc->confdir, sizeof(rc->confdir));
	int dfd = open(rc->confdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return vsm_error_sys(err, errno, "%s: no configuration at %s", name, rc->confdir);
	if ((r = load_misc(dfd, rc, err)) == 0 && (r = load_caps(dfd, rc, err)) == 0 &&
	    (r = load_killseq(dfd, rc, err)) == 0 && (r = load_ulimits(dfd, rc, err)) == 0 &&
	    (r = load_cgroup(dfd, rc, err)) == 0 && (r = load_init(dfd, rescue_argv, rc, err)) == 0)
		r = load_env(dfd, rc, err);
	close(dfd);
	if (r < 0)
		run_config_free(rc);
	return r;
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
