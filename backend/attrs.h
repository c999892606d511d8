/* The attribute table: every guest config key as data (name, file, type, bounds, unit, help,
 * live-applicable), in the spirit of tmux's options-table.c. The loader, the saver, the console's
 * editor and `get`/`set` all go through it, so a key is described once. */
#ifndef VSM_ATTRS_H
#define VSM_ATTRS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum attr_type {
	ATTR_INT,		/* integer in [min, max] */
	ATTR_STR,		/* one line; syntax per attr_str_kind */
	ATTR_LINK,		/* symlink with an absolute target */
	ATTR_FLAG,		/* presence of the file */
	ATTR_ENUM,		/* one word of `values` (index stored as int) */
	ATTR_IP,		/* IPv4 or IPv6 address */
	ATTR_PREFIX,		/* prefix length 0..128 */
	ATTR_MASK,		/* dotted IPv4 netmask, stored as a prefix length */
	ATTR_MAC,		/* xx:xx:xx:xx:xx:xx */
	ATTR_CAPS,		/* capability list (libcap names, !/~ removal) */
	ATTR_FLAGS,		/* cflags/ccaps/nflags list; `min` holds the enum flag_kind */
	ATTR_NAMES,		/* list of guest names or group names */
	ATTR_ARGV,		/* argv, one element per line */
	ATTR_ENV,		/* VAR=VAL per line */
	ATTR_KILLSEQ,		/* SIG [WAIT SIG]... one token per line */
	ATTR_LIMIT,		/* rlimits/<res>[.soft|.hard|.min] number or inf */
	ATTR_KNOB,		/* cgroup/<ctrl>.<knob> raw value */
	ATTR_SIZE,		/* bytes with K/M/G/T, or max */
	ATTR_U64,		/* number in [min, max], or max when `unit` allows */
	ATTR_SPACE,		/* spaces/<kind>: empty, 0, or a guest name */
	ATTR_RANGE,		/* "BASE COUNT" */
	ATTR_FSTAB,		/* fstab lines */
	ATTR_PERSONALITY,	/* domain then flags */
	ATTR_HOOK,		/* executable under scripts/ */
};

enum attr_str_kind { STR_TEXT, STR_HOSTNAME, STR_TOKEN, STR_IFNAME };

/* Where a value lives: in struct guest_config, in one struct guest_iface, or handled by code. */
enum attr_scope { SCOPE_GUEST, SCOPE_IFACE, SCOPE_CODE };

struct attr {
	const char *name;	/* user-facing name: "nice", "uts.nodename", "interfaces.*.ip" */
	const char *file;	/* path under the config dir; '*' matches one path component */
	enum attr_type type;
	long long min, max;	/* bounds for ATTR_INT/ATTR_U64 */
	const char *unit;	/* "", "bytes", "us", ... */
	const char *help;	/* one line for the editor and `get -v` */
	bool live;		/* can be applied to a running guest */
	bool inherit;		/* .defaults/ fallback applies */
	enum attr_scope scope;
	size_t offset, size;	/* of the field, for SCOPE_GUEST / SCOPE_IFACE scalars */
	enum attr_str_kind str;	/* for ATTR_STR */
	const char *const *values; /* for ATTR_ENUM, NULL-terminated; index 0 = empty file */
};

extern const struct attr attr_table[];
extern const size_t attr_count;

/* By user-facing name ("uts.nodename") or NULL. */
const struct attr *attr_find(const char *name);
/* By config-relative file ("interfaces/00/ip", "rlimits/nproc.hard"); wildcards match one
 * component. NULL when no key uses that file. */
const struct attr *attr_find_file(const char *rel);
/* Does REL match the file pattern PAT? */
bool attr_file_matches(const char *pat, const char *rel);

extern const char *const attr_init_styles[];

#endif
