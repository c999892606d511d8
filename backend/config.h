/* Guest configuration: the util-vserver directory layout /etc/vservers/NAME/ read into one struct,
 * validated on read, written back atomically. The layout is documented in doc/man/vservers.5.
 *
 * Usage:
 *	struct guest_config cfg;
 *	struct vsm_error err = {0};
 *	if (guest_config_load("web", &cfg, 0, my_warn, my_ctx, &err) < 0)
 *		... err.msg is "/etc/vservers/web/nice:1: expected an integer -20..19, got 'x'" ...
 *	... use cfg.context, cfg.vdir, cfg.ifaces[i], ...
 *	guest_config_free(&cfg);
 *
 *	guest_config_init(&cfg, "web"); cfg.context = 42; ...; guest_config_save(&cfg, &err);
 *
 *	char **names; size_t n;  guest_list(&names, &n, &err); ... guest_list_free(names, n);
 *	int ctx; config_context_next(&ctx, &err);	// allocates: never a duplicate
 *
 * Paths come from vsm_paths() (VSM_ROOT re-basing). Unknown files are reported through WARN (never
 * printed here, never honoured); a bad value is an error naming the file and line. */
#ifndef VSM_CONFIG_H
#define VSM_CONFIG_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "backend/error.h"
#include "backend/guest_name.h"

/* Files larger than this are refused (a config file is a few lines; this stops a stray log or
 * device node from being slurped). */
#define CONFIG_FILE_MAX (64 * 1024)

/* Static context ids, as in util-vserver (0 host, 1 spectator, 49152.. dynamic). */
#define CONTEXT_MIN 2
#define CONTEXT_MAX 49151
/* First id handed out when .defaults/context.next does not exist: util-vserver's context.start. */
#define CONTEXT_START 40000

/* "inf"/"max": no limit. */
#define CONFIG_UNLIMITED UINT64_MAX

typedef void (*config_warn_fn)(void *ctx, const char *msg);

struct str_list {
	char **v;
	size_t n;
};

struct guest_iface {
	char id[GUEST_NAME_MAX + 1];	/* the directory name under interfaces/ ("00") */
	char ip[64];			/* IPv4 or IPv6 address, canonical text form */
	int family;			/* AF_INET or AF_INET6 */
	int prefix;			/* -1 unset (then interfaces/prefix, else 32/128) */
	char dev[16];			/* host device; "" unset (then interfaces/dev) */
	char name[16];			/* address label / guest-side name; "" unset */
	char mac[18];			/* "" unset; else lowercase xx:xx:xx:xx:xx:xx */
	char bcast[64];			/* IPv4 only; "" unset */
	char gateway[64];		/* default route inside the guest; "" none (veth: the host) */
	char mode[16];			/* veth (default, ""), bridge, macvlan, ipvlan */
	bool disabled, nodev, down;	/* flag files */
};

/* One rlimits/<res> or ulimits/<res> resource. The four variants are the files <res>, <res>.soft,
 * <res>.hard, <res>.min; only those present are set, so a save writes back exactly what was read. */
enum { LIMIT_BOTH, LIMIT_SOFT, LIMIT_HARD, LIMIT_MIN, LIMIT_NVARIANTS };
struct guest_limit {
	int resource;			/* RLIMIT_* */
	bool set[LIMIT_NVARIANTS];
	uint64_t val[LIMIT_NVARIANTS];	/* CONFIG_UNLIMITED for "inf" */
};

/* A raw cgroup knob file cgroup/<ctrl>.<knob>, written into the guest's cgroup as is. */
struct guest_knob {
	char name[64];
	char value[256];
};

/* vsm's version-neutral cgroup limits (cgroup/memory_max, ...; see doc/man/vservers.5). */
struct guest_cglimits {
	uint64_t memory_max, memory_high, memory_swap_max;	/* bytes; CONFIG_UNLIMITED = max */
	uint64_t cpu_quota;	/* microseconds per period; CONFIG_UNLIMITED = max */
	uint64_t cpu_period;	/* microseconds, 1000..1000000 */
	uint64_t cpu_weight;	/* 1..10000 (cgroup v2 scale; mapped to cpu.shares on v1) */
	uint64_t pids_max;	/* CONFIG_UNLIMITED = max */
	/* Which of the above were given. */
	bool has_memory_max, has_memory_high, has_memory_swap_max, has_cpu_quota, has_cpu_period,
		has_cpu_weight, has_pids_max;
};

enum init_style {
	INIT_STYLE_UNSET = 0,	/* no apps/init/style: sysv */
	INIT_STYLE_NONE,	/* empty style file: only the cmd.* files */
	INIT_STYLE_SYSV,
	INIT_STYLE_PLAIN,
	INIT_STYLE_MINIT,
	INIT_STYLE_GENTOO,
	INIT_STYLE_OPENRC,
	INIT_STYLE_ARCH,
	INIT_STYLE_BUSYBOX,
};

struct guest_init {
	enum init_style style;
	struct str_list mark;		/* group names ("default") */
	struct str_list depends;	/* guest names */
	struct str_list killseq;	/* SIG [WAIT SIG]...; signals as numbers in text ("15") */
	struct str_list cmd_start, cmd_stop, cmd_prepare;	/* argv, one element per line */
	struct str_list environment;	/* VAR=VAL */
	char runlevel[32], runlevel_start[32], runlevel_stop[32];	/* "" unset */
};

/* spaces/<kind>: absent = vsm's default for that namespace; empty = a new one; "0" = the host's
 * (only where that is safe); a guest name = share that running guest's. */
enum space_mode { SPACE_DEFAULT = 0, SPACE_NEW, SPACE_HOST, SPACE_SHARE };
enum space_kind { SPACE_PID, SPACE_NET, SPACE_USER, SPACE_TIME, SPACE_UTS, SPACE_IPC,
		  SPACE_MNT, SPACE_CGROUP, SPACE_NKINDS };
struct guest_space {
	enum space_mode mode;
	char share[GUEST_NAME_MAX + 1];	/* SPACE_SHARE */
};

struct guest_fstab_entry {
	char spec[256], file[256], type[32], options[256];
	int freq, passno;
};

/* Hooks under scripts/: bit (1 << HOOK_x) set when scripts/<hook> (an executable) exists, and in
 * hooks_dir when scripts/<hook>.d/ exists. */
enum hook { HOOK_INITIALIZE, HOOK_PREPRE_START, HOOK_PRE_START, HOOK_POST_START, HOOK_PRE_STOP,
	    HOOK_POST_STOP, HOOK_POSTPOST_STOP, HOOK_COUNT };
extern const char *const guest_hook_names[HOOK_COUNT];	/* "initialize", "prepre-start", ... */

struct guest_config {
	char name[GUEST_NAME_MAX + 1];	/* the directory name: the guest's identity */
	char display_name[64];		/* file `name`; "" unset */
	int context;			/* 0 unset, else CONTEXT_MIN..CONTEXT_MAX */
	char vdir[PATH_MAX], run[PATH_MAX], cache[PATH_MAX];	/* absolute link targets */
	bool disabled;			/* flag file */

	char uts_nodename[65], uts_domainname[65], uts_sysname[65], uts_release[65],
		uts_version[65], uts_machine[65];	/* "" unset */

	/* interfaces/{dev,prefix,bcast} are defaults for every interfaces/NN/. */
	char iface_dev[16];
	int iface_prefix;		/* -1 unset */
	char iface_bcast[64];		/* IPv4; "" unset */
	struct guest_iface *ifaces;
	size_t n_ifaces;

	/* Normalised list entries: capabilities upper case without CAP_ ("NET_RAW"), flags lower
	 * case; a removal is one leading '!'. */
	struct str_list bcaps, ccaps, cflags, nflags;

	struct guest_limit *rlimits, *ulimits;
	size_t n_rlimits, n_ulimits;

	struct guest_knob *knobs;
	size_t n_knobs;
	struct guest_cglimits cg;

	struct guest_init init;
	unsigned hooks, hooks_dir;
	struct guest_fstab_entry *fstab;
	size_t n_fstab;
	struct guest_space spaces[SPACE_NKINDS];
	uint64_t userns_base, userns_count;	/* spaces/user.range; count 0 = default */

	bool has_nice;
	int nice;
	struct str_list personality;	/* line 1 domain, then flags; upper case */
};

/* Load flags. */
#define CONFIG_LOAD_NO_DEFAULTS 0x1	/* ignore .defaults/ (the editor shows own values) */

void guest_config_init(struct guest_config *cfg, const char *name);
void guest_config_free(struct guest_config *cfg);

/* Load guest NAME from <confdir>/NAME, falling back to <confdir>/.defaults for the keys that
 * allow it. Missing vdir/run/cache links are filled with their default re-based paths. */
int guest_config_load(const char *name, struct guest_config *cfg, unsigned flags,
		      config_warn_fn warn, void *warn_ctx, struct vsm_error *err);
/* Same from an explicit directory (DEFAULTS may be NULL); NAME is the guest name to record. */
int guest_config_load_dir(const char *dir, const char *defaults, const char *name,
			  struct guest_config *cfg, config_warn_fn warn, void *warn_ctx,
			  struct vsm_error *err);
/* Parse one file's text as config key REL ("nice", "interfaces/00/ip", ...) into CFG; PATH names
 * it in messages. Used by the loader, the editor's `set` and the fuzzer. */
int guest_config_parse_file(struct guest_config *cfg, const char *rel, const char *path,
			    const char *text, size_t len, config_warn_fn warn, void *warn_ctx,
			    struct vsm_error *err);

/* Write every key of CFG into <confdir>/<cfg->name> (created if needed), each file atomically;
 * files of known keys that CFG leaves unset are removed. Scripts and unknown files are kept. */
int guest_config_save(const struct guest_config *cfg, struct vsm_error *err);
int guest_config_save_dir(const struct guest_config *cfg, const char *dir, struct vsm_error *err);

/* The files CFG would be saved as, without touching the disk: VISIT gets each set key's file
 * (REL relative to the guest's config dir, TEXT with its final newline; for the vdir/run/cache
 * links LINK is true and TEXT is the target). A non-zero return stops the walk. For the editor's
 * listing and `get`; `set` is guest_config_parse_file on the new text. */
typedef int (*config_visit_fn)(void *ctx, const char *rel, const char *text, size_t len,
			       bool link, struct vsm_error *err);
int guest_config_visit(const struct guest_config *cfg, config_visit_fn visit, void *ctx,
		       struct vsm_error *err);
/* The text of one file REL (malloc'd), or -ENOENT when that key is unset. */
int guest_config_get_file(const struct guest_config *cfg, const char *rel, char **text,
			  struct vsm_error *err);

/* Unset key REL (as guest_config_parse_file names it); "interfaces/NN" removes an interface.
 * -ENOENT when REL is not a key or names no existing interface. */
int guest_config_unset_file(struct guest_config *cfg, const char *rel, struct vsm_error *err);

/* Cross-key checks (e.g. soft <= hard, no `0` for pid space); the loader calls it. */
int guest_config_validate(const struct guest_config *cfg, const char *dir, struct vsm_error *err);

/* Guests: every directory in the config dir with a valid guest name (sorted; skips .defaults,
 * .distributions, temporaries and dot files). */
int guest_list(char ***names, size_t *n, struct vsm_error *err);
void guest_list_free(char **names, size_t n);
bool guest_exists(const char *name);
/* Resolve NAME-or-context-id ARG to a guest name. -ENOENT when no guest matches. */
int guest_lookup(const char *arg, char *name, size_t len, struct vsm_error *err);
/* The guest whose `context` is CTX, or -ENOENT. */
int guest_find_by_context(int ctx, char *name, size_t len, struct vsm_error *err);
/* A guest's static context id from its `context` file; 0 when it has none. */
int guest_context_read(const char *name, int *ctx, struct vsm_error *err);

/* Allocate the next free static context id: from .defaults/context.next (default CONTEXT_START),
 * skipping every id an existing guest uses, and advance context.next past it; all under a lock
 * file in the lock dir. Never hands out a duplicate. */
int config_context_next(int *ctx, struct vsm_error *err);
/* The id config_context_next would hand out now, without taking it (the wizard's suggestion;
 * the build still allocates or checks under the lock). */
int config_context_peek(int *ctx, struct vsm_error *err);
/* 0 when CTX is in range and used by no guest other than EXCEPT (may be NULL), else -EEXIST or
 * -ERANGE with a message. For `build --context`. */
int config_context_check(int ctx, const char *except, struct vsm_error *err);

/* Effective values (config_effective.c): what the keys mean once vsm's defaults and removals
 * are applied, so the runtime, the cgroup code and the console agree. */
/* Is context flag FLAG (canonical name, e.g. "virt_uptime") in effect? Starts from the flags
 * util-vserver applied to every guest (fakeinit, hide_mount, namespace, hide_netif, virt_uptime,
 * sc_helper, reboot_kill), then applies cflags in order ("default" = virt_uptime + sc_helper). */
bool guest_config_has_cflag(const struct guest_config *cfg, const char *flag);
/* Is context capability CCAP (canonical name) in effect? Starts from util-vserver's secure set
 * (set_utsname, raw_icmp, audit_control), then applies ccapabilities in order. */
bool guest_config_has_ccap(const struct guest_config *cfg, const char *ccap);
/* The capability bounding set as a bit mask (1 << CAP_x): DESIGN's default set, then bcaps. */
int guest_config_bounding_set(const struct guest_config *cfg, uint64_t *caps,
			      struct vsm_error *err);
/* apps/init/style with the default applied (no file: sysv). */
enum init_style guest_config_init_style(const struct guest_config *cfg);
/* Interface I with interfaces/{dev,prefix,bcast} applied and the prefix defaulted (32 / 128). */
void guest_config_iface_effective(const struct guest_config *cfg, size_t i,
				  struct guest_iface *out);
/* Does the guest get a time namespace (spaces/time, else the virt_uptime flag)? */
bool guest_config_wants_timens(const struct guest_config *cfg);
/* The personality(2) value from `personality` (domain | flags); false when the file is unset. */
bool guest_config_personality(const struct guest_config *cfg, unsigned long *persona);
/* Host id range of a user-namespace guest: spaces/user.range, else context*65536, 65536.
 * -EINVAL when neither is configured. */
int guest_config_userns_range(const struct guest_config *cfg, uint64_t *base, uint64_t *count,
			      struct vsm_error *err);

/* str_list helpers. */
int str_list_add(struct str_list *l, const char *s);
void str_list_free(struct str_list *l);

#endif
