/* vlimit's operations on a running guest. util-vserver had per-context kernel limits; mainline
 * has whole-guest totals only in the cgroup, so (as in the config module's rlimits/ rules):
 *   nproc -> pids.max;  rss, as (pages) -> memory.max (hard), memory.high (soft), memory.low (min)
 *   cpu fsize data stack core nofile memlock locks msgqueue -> per-process rlimits, set with
 *     prlimit(2) on every process of the guest (what ulimits/ gives at start);
 *   nsock openfd anon shmem semary nsems dentry -> refused: no mainline counterpart. */
#ifndef VSM_CHAIN_LIMIT_H
#define VSM_CHAIN_LIMIT_H

#include <stdbool.h>
#include <stdint.h>
#include "backend/error.h"

#define VLIMIT_INF UINT64_MAX
#define VLIMIT_UNSET (UINT64_MAX - 1)	/* "N/A" */

enum vlimit_kind { VLIMIT_PROCESS, VLIMIT_PIDS, VLIMIT_MEMORY, VLIMIT_NONE };

struct vlimit_res {
	const char *name;
	int number;		/* util-vserver's resource number (Linux RLIMIT_* for the first 16) */
	enum vlimit_kind kind;
	int rlimit;		/* RLIMIT_* for VLIMIT_PROCESS */
	const char *why;	/* VLIMIT_NONE: why and what to use instead */
};
extern const struct vlimit_res vlimit_resources[];	/* ends with name NULL */

/* By name (case-insensitive) or number; NULL when unknown. */
const struct vlimit_res *vlimit_find(const char *s);

/* "inf", or a number with an optional K/M (x1024) or k/m (x1000) suffix. */
int vlimit_parse_value(const char *s, uint64_t *v);

/* min, soft, hard of one resource; VLIMIT_UNSET where the guest has none to show. */
struct vlimit_value {
	uint64_t v[3];
};
enum { VLIMIT_MIN, VLIMIT_SOFT, VLIMIT_HARD };

/* Current values of resource R for running guest NAME. */
int vlimit_get(const char *name, const struct vlimit_res *r, struct vlimit_value *out,
	       struct vsm_error *err);
/* Set the parts of VAL that are not VLIMIT_UNSET. *NPROCS gets how many processes a per-process
 * limit was applied to. */
int vlimit_set(const char *name, const struct vlimit_res *r, const struct vlimit_value *val,
	       int *nprocs, struct vsm_error *err);

#endif
