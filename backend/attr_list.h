/* util-vserver's list syntax for bit sets (vattribute --bcap/--ccap/--flag, §3 of the reference):
 * comma-separated items, case-insensitive; any number of leading '!'/'~' each toggle "clear";
 * `all`/`any` every bit, `none` nothing; a number (decimal, 0x hex, 0 octal) is a raw mask and
 * `^N` bit N. A parse yields VALUE and MASK: only the bits in MASK change, to their VALUE bit. */
#ifndef VSM_ATTR_LIST_H
#define VSM_ATTR_LIST_H

#include <stddef.h>
#include <stdint.h>
#include "backend/error.h"

struct attr_bitname {
	const char *name;
	int bit;
};

/* Tables end with { NULL, -1 }; the first name of a bit is the one printed. */
extern const struct attr_bitname attr_cflag_bits[];	/* context flags (bit numbers of v13) */
extern const struct attr_bitname attr_ccap_bits[];	/* context capabilities */
extern const struct attr_bitname attr_space_bits[];	/* namespaces (vspace / umask) */

/* TBL NULL: Linux capabilities by libcap name ("CAP_NET_RAW", "net_raw" or "NET_RAW"). WHAT names
 * the list in messages ("--flag"). */
int attr_list_parse(const struct attr_bitname *tbl, const char *what, const char *s,
		    uint64_t *value, uint64_t *mask, struct vsm_error *err);
/* Known names in table order, then ^N for unnamed bits, comma-separated (capabilities upper case
 * without CAP_). Returns the length written (truncated to LEN-1). */
size_t attr_list_format(const struct attr_bitname *tbl, uint64_t v, char *buf, size_t len);
/* Name of bit BIT (capabilities: "NET_RAW"); NULL when unnamed. BUF holds capability names. */
const char *attr_bit_name(const struct attr_bitname *tbl, int bit, char *buf, size_t len);

#endif
