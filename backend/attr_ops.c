/* vattribute --get/--set on vsm guests. Context flags and ccaps go through the config parser, so
 * what the config module refuses (with its reason and alternative) is refused here too. */
#include "backend/attr_ops.h"
#include "backend/attr_list.h"
#include "backend/chain.h"
#include "backend/fsutil.h"
#include "backend/paths.h"
#include "kernel/cgroup.h"

#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/stat.h>
#include <unistd.h>

/* util-vserver's --secure ccaps, applied at every start. */
static const char *const ccaps_secure[] = { "set_utsname", "raw_icmp", "audit_control", NULL };

/* util-vserver's "secure" bounding set (reference §3, without SYS_BOOT and AUDIT_WRITE checks). */
static const cap_value_t bcaps_secure[] = {
	CAP_CHOWN, CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER, CAP_FSETID, CAP_KILL,
	CAP_SETGID, CAP_SETUID, CAP_NET_BIND_SERVICE, CAP_SYS_CHROOT, CAP_SYS_PTRACE,
	CAP_SYS_TTY_CONFIG, CAP_LEASE, CAP_SETFCAP, CAP_SYS_BOOT, CAP_AUDIT_WRITE,
};

static int bit_of(const struct attr_bitname *tbl, const char *name)
{
	for (const struct attr_bitname *b = tbl; b->name; b++)
		if (!strcmp(b->name, name))
			return b->bit;
	return -1;
}

static uint64_t ccaps_effective(const struct guest_config *cfg)
{
	uint64_t v = 0;
	for (const char *const *s = ccaps_secure; *s; s++)
		v |= 1ULL << bit_of(attr_ccap_bits, *s);
	for (size_t i = 0; i < cfg->ccaps.n; i++) {
		const char *e = cfg->ccaps.v[i];
		bool rm = *e == '!';
		int b = bit_of(attr_ccap_bits, e + rm);
		if (b < 0)
			continue;
		v = rm ? v & ~(1ULL << b) : v | (1ULL << b);
	}
	return v;
}

static uint64_t cflags_effective(const struct guest_config *cfg)
{
	uint64_t v = 0;
	for (const struct attr_bitname *b = attr_cflag_bits; b->name; b++)
		if (!(v & (1ULL << b->bit)) && guest_config_has_cflag(cfg, b->name))
			v |= 1ULL << b->bit;
	return v;
}

static int read_capbnd(pid_t pid, uint64_t *out, struct vsm_error *err)
{
	char path[64], *text = NULL;
	size_t len;
	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	int r = fs_read_file_at(AT_FDCWD, path, 65536, &text, &len, err);
	if (r < 0)
		return r;
	const char *p = strstr(text, "\nCapBnd:");
	r = p && sscanf(p + 8, "%" SCNx64, out) == 1 ? 0
		: vsm_error_set(err, EINVAL, "%s: no CapBnd line", path);
	free(text);
	return r;
}

static const char *const ns_files[] = { "mnt", "uts", "ipc", "pid", "net", "user", "cgroup", "time" };

static uint64_t shared_spaces(pid_t pid)
{
	uint64_t m = 0;
	for (size_t i = 0; i < sizeof(ns_files) / sizeof(ns_files[0]); i++) {
		char a[64], b[64];
		struct stat sa, sb;
		snprintf(a, sizeof(a), "/proc/%d/ns/%s", (int)pid, ns_files[i]);
		snprintf(b, sizeof(b), "/proc/self/ns/%s", ns_files[i]);
		if (stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_ino == sb.st_ino &&
		    sa.st_dev == sb.st_dev)
			m |= 1ULL << i;
	}
	return m;
}

int attr_get(const char *name, struct attr_state *st, struct vsm_error *err)
{
	pid_t init;
	int pidfd;
	int r = chain_guest_init(name, &init, &pidfd, err);
	if (r < 0)
		return r;
	struct guest_config cfg;
	r = guest_config_load(name, &cfg, 0, NULL, NULL, err);
	if (r == 0) {
		st->ccaps = ccaps_effective(&cfg);
		st->cflags = cflags_effective(&cfg);
		guest_config_free(&cfg);
		r = read_capbnd(init, &st->bcaps, err);
		st->umask = shared_spaces(init);
	}
	/* The pidfd kept the pid from being reused while /proc was read. */
	close(pidfd);
	return r;
}

/* Rewrite LIST (a flags-type config key REL) with every bit of MASK set to its VALUE bit, through
 * the config parser so refused names fail with its reason. */
static int update_flag_list(struct guest_config *cfg, struct str_list *list, const char *rel,
			    const struct attr_bitname *tbl, uint64_t value, uint64_t mask,
			    struct vsm_error *err)
{
	size_t cap = 64;
	for (size_t i = 0; i < list->n; i++)
		cap += strlen(list->v[i]) + 2;
	cap += 64 * 32;
	char *text = calloc(1, cap);
	if (!text)
		return vsm_error_set(err, ENOMEM, "%s", rel);
	size_t used = 0;
	for (int bit = 0; bit < 64; bit++) {
		if (!(mask & (1ULL << bit)))
			continue;
		const char *n = attr_bit_name(tbl, bit, NULL, 0);
		if (!n) {
			free(text);
			return vsm_error_set(err, EINVAL, "%s: bit ^%d has no name and no meaning in vsm",
					     rel, bit);
		}
	}
	/* Keep existing entries for names that do not change. */
	for (size_t i = 0; i < list->n; i++) {
		const char *e = list->v[i];
		int b = bit_of(tbl, e + (*e == '!'));
		if (b >= 0 && (mask & (1ULL << b)))
			continue;
		used += (size_t)snprintf(text + used, cap - used, "%s\n", e);
	}
	for (int bit = 0; bit < 64; bit++)
		if (mask & (1ULL << bit))
			used += (size_t)snprintf(text + used, cap - used, "%s%s\n",
						 (value & (1ULL << bit)) ? "" : "~",
						 attr_bit_name(tbl, bit, NULL, 0));
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/%s/%s", vsm_paths()->confdir, cfg->name, rel);
	int r = guest_config_parse_file(cfg, rel, path, text, used, NULL, NULL, err);
	free(text);
	return r;
}

/* Write bcapabilities so that the effective bounding set is exactly WANT. */
static int set_bounding(struct guest_config *cfg, uint64_t want, struct vsm_error *err)
{
	struct str_list saved = cfg->bcaps;
	cfg->bcaps = (struct str_list){0};
	uint64_t def;
	int r = guest_config_bounding_set(cfg, &def, err);
	if (r < 0) {
		cfg->bcaps = saved;
		return r;
	}
	str_list_free(&saved);
	char nb[64], entry[72];
	for (int bit = 0; bit < 64; bit++) {
		uint64_t m = 1ULL << bit;
		if ((def & m) == (want & m))
			continue;
		const char *n = attr_bit_name(NULL, bit, nb, sizeof(nb));
		if (!n)
			return vsm_error_set(err, EINVAL, "capability ^%d is unknown to this kernel", bit);
		snprintf(entry, sizeof(entry), "%s%s", (want & m) ? "" : "!", n);
		if (str_list_add(&cfg->bcaps, entry) < 0)
			return vsm_error_set(err, ENOMEM, "bcapabilities");
	}
	return 0;
}

int attr_change_config(struct guest_config *cfg, const struct attr_change *ch,
		       struct vsm_error *err)
{
	uint64_t bval = ch->bval, bmask = ch->bmask, cval = ch->cval, cmask = ch->cmask;
	uint64_t fval = ch->fval, fmask = ch->fmask;
	if (ch->secure) {
		uint64_t all = 0, safe = 0;
		for (int i = 0; i < cap_max_bits() && i < 64; i++)
			all |= 1ULL << i;
		for (size_t i = 0; i < sizeof(bcaps_secure) / sizeof(bcaps_secure[0]); i++)
			safe |= 1ULL << bcaps_secure[i];
		/* --secure sets the whole bounding set; explicit --bcap options still win. */
		bval = (bval & bmask) | (safe & ~bmask);
		bmask = all;
		uint64_t cs = 0;
		for (const char *const *s = ccaps_secure; *s; s++)
			cs |= 1ULL << bit_of(attr_ccap_bits, *s);
		cval = (cval & cmask) | (cs & ~cmask);
		cmask |= cs;
		int hn = bit_of(attr_cflag_bits, "hide_netif");
		if (!(fmask & (1ULL << hn))) {
			fval |= 1ULL << hn;
			fmask |= 1ULL << hn;
		}
	}
	int r = 0;
	if (bmask) {
		uint64_t cur;
		if ((r = guest_config_bounding_set(cfg, &cur, err)) < 0)
			return r;
		if ((r = set_bounding(cfg, (cur & ~bmask) | (bval & bmask), err)) < 0)
			return r;
	}
	if (cmask && (r = update_flag_list(cfg, &cfg->ccaps, "ccapabilities", attr_ccap_bits, cval,
					   cmask, err)) < 0)
		return r;
	/* hide_netif is always on in vsm (a network namespace); asking for it changes nothing. */
	int hn = bit_of(attr_cflag_bits, "hide_netif");
	if ((fmask & (1ULL << hn)) && (fval & (1ULL << hn)) && guest_config_has_cflag(cfg, "hide_netif")) {
		fmask &= ~(1ULL << hn);
	}
	if (fmask && (r = update_flag_list(cfg, &cfg->cflags, "cflags", attr_cflag_bits, fval, fmask,
					   err)) < 0)
		return r;
	return 0;
}

/* Start OWN from INHERITED when the guest has no list of its own and CHANGING. */
static void inherit_list(struct str_list *own, const struct str_list *inherited, bool changing)
{
	if (!changing || own->n)
		return;
	for (size_t i = 0; i < inherited->n; i++)
		str_list_add(own, inherited->v[i]);
}

int attr_set(const char *name, const struct attr_change *ch, config_warn_fn note, void *note_ctx,
	     struct vsm_error *err)
{
	/* The guest's own files are rewritten; a list it inherits from .defaults is the starting
	 * point (the guest's file replaces the inherited list as a whole). */
	struct guest_config cfg, full;
	int r = guest_config_load(name, &cfg, CONFIG_LOAD_NO_DEFAULTS, NULL, NULL, err);
	if (r < 0)
		return r;
	if ((r = guest_config_load(name, &full, 0, NULL, NULL, err)) < 0) {
		guest_config_free(&cfg);
		return r;
	}
	inherit_list(&cfg.bcaps, &full.bcaps, ch->bmask || ch->secure);
	inherit_list(&cfg.ccaps, &full.ccaps, ch->cmask || ch->secure);
	inherit_list(&cfg.cflags, &full.cflags, ch->fmask || ch->secure);
	guest_config_free(&full);
	r = attr_change_config(&cfg, ch, err);
	if (r == 0)
		r = guest_config_save(&cfg, err);
	guest_config_free(&cfg);
	if (r < 0)
		return vsm_error_prefix(err, "guest %s", name);
	pid_t init;
	int pidfd;
	bool running = chain_guest_init(name, &init, &pidfd, NULL) == 0;
	if (running)
		close(pidfd);
	/* sched_pause is the one flag a running guest can take at once: freeze or thaw its cgroup. */
	uint64_t pause = 1ULL << bit_of(attr_cflag_bits, "sched_pause");
	if (running && (ch->fmask & pause)) {
		struct cg_layout lay;
		char rel[PATH_MAX];
		bool freeze = (ch->fval & pause) != 0;
		if ((r = cg_detect(&lay, NULL, NULL, err)) < 0 ||
		    (r = vsm_path_guest_cgroup(vsm_paths(), name, rel, sizeof(rel)) < 0
			 ? vsm_error_set(err, ENAMETOOLONG, "cgroup path of %s", name) : 0) < 0 ||
		    (r = cg_freeze(&lay, rel, freeze, err)) < 0)
			return vsm_error_prefix(err, "guest %s: sched_pause saved, but %s failed", name,
						freeze ? "freezing" : "thawing");
		if (note)
			note(note_ctx, freeze ? "sched_pause: the guest is frozen now"
					      : "sched_pause removed: the guest runs again");
	}
	if (note && (ch->bmask || ch->secure))
		note(note_ctx, running
		     ? "bounding set saved; processes entering the guest from now on (vserver exec, "
		       "vcontext --migrate) get it, the running ones keep theirs until the next start "
		       "(a process can only drop its own bounding capabilities)"
		     : "bounding set saved; it applies at the next start");
	if (note && (ch->cmask || ch->fmask || ch->secure))
		note(note_ctx, running ? "context capabilities and flags saved; they apply at the "
					 "next start (they shape namespaces and filters made at start)"
				       : "context capabilities and flags saved; they apply at the "
					 "next start");
	return 0;
}
