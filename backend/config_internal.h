/* Shared between the backend/config*.c files only: line reading and value parsing primitives. */
#ifndef VSM_CONFIG_INTERNAL_H
#define VSM_CONFIG_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "backend/config.h"

/* A file's text split into lines: BOM dropped, CR before LF dropped, trailing blanks dropped, a
 * missing final newline tolerated. The iterator owns a copy of the text. */
struct config_lines {
	char *buf;
	char *next;
	char *end;
	int lineno;		/* of the line last returned */
	const char *path;	/* for messages */
};

int config_lines_open(struct config_lines *it, const char *path, const char *text, size_t len,
		      struct vsm_error *err);
/* Next line (NUL-terminated, inside the iterator's buffer) or NULL at the end. With SKIP, blank
 * lines and lines starting with '#' (after leading blanks) are skipped and leading blanks are
 * dropped. */
char *config_lines_next(struct config_lines *it, bool skip);
void config_lines_close(struct config_lines *it);

/* The first line of TEXT (leading and trailing blanks stripped, as shell `read` does) copied into
 * OUT; an error when it does not fit. *LINENO gets 1. */
int config_first_line(const char *path, const char *text, size_t len, char *out, size_t outlen,
		      struct vsm_error *err);

/* "PATH:LINE: " prefixed error; LINE 0 leaves the line out. */
int config_error(struct vsm_error *err, const char *path, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void config_warnf(config_warn_fn warn, void *ctx, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Value parsers; each returns 0 or -EINVAL with a "PATH:LINE: expected ..." message. */
int config_parse_int(const char *path, int line, const char *s, long long min, long long max,
		     long long *out, struct vsm_error *err);
/* Decimal number or "inf"/"max"/"unlimited" (CONFIG_UNLIMITED). */
int config_parse_u64_inf(const char *path, int line, const char *s, uint64_t *out,
			 struct vsm_error *err);
/* Bytes with an optional K/M/G/T suffix (powers of 1024), or "max"/"inf". */
int config_parse_size(const char *path, int line, const char *s, uint64_t *out,
		      struct vsm_error *err);
int config_format_u64_inf(uint64_t v, char *buf, size_t len);

/* Lookups in the known-name tables (config_names.c). */
int config_rlimit_from_name(const char *s);		/* RLIMIT_* or -1 */
const char *config_rlimit_name(int resource);
int config_signal_from_name(const char *s);		/* 1..64 or -1 */
const char *config_signal_name(int sig);
/* Normalise a capability list entry ("~cap_net_raw" -> "!NET_RAW"); -EINVAL if unknown. */
int config_cap_normalise(const char *path, int line, const char *s, char *out, size_t len,
			 struct vsm_error *err);
/* Normalise a cflags/ccaps/nflags entry; unknown or unmappable names are errors that say why. */
enum flag_kind { FLAGS_CFLAGS, FLAGS_CCAPS, FLAGS_NFLAGS };
/* The I-th canonical (non-alias) flag of KIND: what it maps to (NULL: unmappable, HINT says why)
 * and FIXED (non-NULL: always on, cannot be removed). False past the end. For the editor. */
bool config_flag_info(enum flag_kind kind, size_t i, const char **name, const char **maps_to,
		      const char **hint, const char **fixed);
int config_flag_normalise(enum flag_kind kind, const char *path, int line, const char *s,
			  char *out, size_t len, struct vsm_error *err);
/* Personality domain (line 1) or flag (other lines); the value or -1. */
long config_personality_domain(const char *s);
long config_personality_flag(const char *s);

/* Syntax checks. */
bool config_is_hostname(const char *s);		/* UTS value: printable, no blanks, <= 64 */
bool config_is_ifname(const char *s);		/* Linux interface name, <= 15 */
bool config_is_token(const char *s);		/* [A-Za-z0-9_.:+-]+ */

#endif
