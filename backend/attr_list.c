/* The list syntax and the bit tables of util-vserver's context flags, context capabilities and
 * namespaces. Which of them vsm honours is the config module's business (config_names.c). */
#include "backend/attr_list.h"

#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/capability.h>

const struct attr_bitname attr_cflag_bits[] = {
	{ "lock", 0 }, { "nproc", 2 }, { "private", 3 }, { "fakeinit", 4 }, { "hideinfo", 5 },
	{ "ulimit", 6 }, { "namespace", 7 }, { "sched_hard", 8 }, { "sched_prio", 9 },
	{ "sched_pause", 10 }, { "virt_mem", 16 }, { "virt_uptime", 17 }, { "virt_cpu", 18 },
	{ "virt_load", 19 }, { "virt_time", 20 }, { "hide_mount", 24 }, { "hide_netif", 25 },
	{ "hide_vinfo", 26 }, { "state_setup", 32 }, { "state_init", 33 }, { "state_admin", 34 },
	{ "sc_helper", 36 }, { "reboot_kill", 37 }, { "persistent", 38 }, { "fork_rss", 48 },
	{ "prolific", 49 }, { "igneg_nice", 52 }, { "igneg_ionice", 53 },
	/* Aliases. */
	{ "info_lock", 0 }, { "info_nproc", 2 }, { "info_private", 3 }, { "info_init", 4 },
	{ "info_hide", 5 }, { "info_ulimit", 6 }, { "info_namespace", 7 }, { "info_nspace", 7 },
	{ "secure", 25 },
	{ NULL, -1 },
};

const struct attr_bitname attr_ccap_bits[] = {
	{ "set_utsname", 0 }, { "set_rlimit", 1 }, { "fs_security", 2 }, { "fs_trusted", 3 },
	{ "tiocsti", 4 }, { "raw_icmp", 8 }, { "syslog", 12 }, { "oom_adjust", 13 },
	{ "audit_control", 14 }, { "secure_mount", 16 }, { "secure_remount", 17 },
	{ "binary_mount", 18 }, { "dev_mount", 19 }, { "quota_ctl", 20 }, { "admin_mapper", 21 },
	{ "admin_cloop", 22 }, { "kthread", 24 }, { "namespace", 25 },
	{ "utsname", 0 }, { "rlimit", 1 }, { "icmp", 8 }, { "ping", 8 }, { "mount", 16 },
	{ "remount", 17 },
	{ NULL, -1 },
};

/* vsm's order of the namespace kinds; "fs" and "mount" are util-vserver's names for mnt. */
const struct attr_bitname attr_space_bits[] = {
	{ "mnt", 0 }, { "uts", 1 }, { "ipc", 2 }, { "pid", 3 }, { "net", 4 }, { "user", 5 },
	{ "cgroup", 6 }, { "time", 7 }, { "mount", 0 }, { "fs", 0 }, { "ns", 0 },
	{ NULL, -1 },
};

const char *attr_bit_name(const struct attr_bitname *tbl, int bit, char *buf, size_t len)
{
	if (!tbl) {
		if (bit > CAP_LAST_CAP && bit >= cap_max_bits())
			return NULL;
		char *n = cap_to_name((cap_value_t)bit);
		if (!n)
			return NULL;
		bool named = strncasecmp(n, "cap_", 4) == 0;
		snprintf(buf, len, "%s", named ? n + 4 : n);
		cap_free(n);
		if (!named)
			return NULL;
		for (char *p = buf; *p; p++)
			*p = (char)toupper((unsigned char)*p);
		return buf;
	}
	for (const struct attr_bitname *b = tbl; b->name; b++)
		if (b->bit == bit)
			return b->name;
	return NULL;
}

static int bit_lookup(const struct attr_bitname *tbl, const char *s)
{
	if (!tbl) {
		char buf[64];
		cap_value_t c;
		if (strncasecmp(s, "CAP_", 4) == 0)
			s += 4;
		if (!*s || isdigit((unsigned char)*s) ||
		    snprintf(buf, sizeof(buf), "cap_%s", s) >= (int)sizeof(buf) || cap_from_name(buf, &c) < 0)
			return -1;
		return (int)c;
	}
	for (const struct attr_bitname *b = tbl; b->name; b++)
		if (!strcasecmp(b->name, s))
			return b->bit;
	return -1;
}

/* All bits a table knows (capabilities: those of the running kernel). */
static uint64_t all_bits(const struct attr_bitname *tbl)
{
	uint64_t m = 0;
	if (!tbl) {
		int n = cap_max_bits();
		for (int i = 0; i < n && i < 64; i++)
			m |= 1ULL << i;
		return m;
	}
	for (const struct attr_bitname *b = tbl; b->name; b++)
		m |= 1ULL << b->bit;
	return m;
}

int attr_list_parse(const struct attr_bitname *tbl, const char *what, const char *s,
		    uint64_t *value, uint64_t *mask, struct vsm_error *err)
{
	*value = *mask = 0;
	char *copy = strdup(s);
	if (!copy)
		return vsm_error_set(err, ENOMEM, "%s", what);
	int r = 0;
	char *save = NULL;
	for (char *item = strtok_r(copy, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
		bool clear = false;
		while (*item == '!' || *item == '~') {
			clear = !clear;
			item++;
		}
		uint64_t bits;
		if (!strcasecmp(item, "all") || !strcasecmp(item, "any")) {
			bits = all_bits(tbl);
		} else if (!strcasecmp(item, "none")) {
			bits = 0;
		} else if (item[0] == '^') {
			char *end;
			unsigned long n = strtoul(item + 1, &end, 10);
			if (end == item + 1 || *end || n > 63) {
				r = vsm_error_set(err, EINVAL, "%s: '%s': expected ^N with N 0..63", what, item);
				break;
			}
			bits = 1ULL << n;
		} else if (isdigit((unsigned char)item[0])) {
			char *end;
			errno = 0;
			bits = strtoull(item, &end, 0);
			if (*end || errno) {
				r = vsm_error_set(err, EINVAL, "%s: '%s': not a number", what, item);
				break;
			}
		} else {
			int b = bit_lookup(tbl, item);
			if (b < 0) {
				r = vsm_error_set(err, EINVAL, "%s: unknown name '%s'", what, item);
				break;
			}
			bits = 1ULL << b;
		}
		*mask |= bits;
		if (clear)
			*value &= ~bits;
		else
			*value |= bits;
	}
	free(copy);
	return r;
}

size_t attr_list_format(const struct attr_bitname *tbl, uint64_t v, char *buf, size_t len)
{
	size_t used = 0;
	if (len)
		buf[0] = 0;
	char nb[64];
	/* Table order first (the order the tables list canonical names), then unnamed bits. */
	uint64_t left = v;
	if (tbl) {
		for (const struct attr_bitname *b = tbl; b->name; b++) {
			if (!(left & (1ULL << b->bit)))
				continue;
			left &= ~(1ULL << b->bit);
			if (used < len)
				used += (size_t)snprintf(buf + used, len - used, "%s%s", used ? "," : "",
							 b->name);
		}
	}
	for (int bit = 0; bit < 64; bit++) {
		if (!(left & (1ULL << bit)))
			continue;
		const char *n = tbl ? NULL : attr_bit_name(NULL, bit, nb, sizeof(nb));
		if (used < len)
			used += n ? (size_t)snprintf(buf + used, len - used, "%s%s", used ? "," : "", n)
				  : (size_t)snprintf(buf + used, len - used, "%s^%d", used ? "," : "", bit);
	}
	return used < len ? used : (len ? len - 1 : 0);
}
