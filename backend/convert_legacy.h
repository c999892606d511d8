/* vserver-convert: util-vserver's old single-file guest config (/etc/vservers/NAME.conf plus the
 * hook script NAME.sh, reference §2.5) into the directory layout, through the config API. */
#ifndef VSM_CONVERT_LEGACY_H
#define VSM_CONVERT_LEGACY_H

#include <stdbool.h>
#include <stddef.h>
#include "backend/error.h"

/* One shell assignment VAR=VALUE of the old file (quotes removed). */
struct legacy_var {
	char key[32];
	char *val;
	int line;
};

struct legacy_conf {
	struct legacy_var *vars;
	size_t n;
	int profile_line;	/* first line of a `case $PROFILE` block, 0 when none */
	int skipped_line;	/* first line that is neither an assignment nor a comment, 0 when none */
};

/* Parse the text of NAME.conf without running it: plain VAR=VALUE, VAR="...", VAR='...', an
 * optional `export`, comments and blank lines. Lines inside a `case` block (PROFILE) and other
 * shell are not taken; their first lines are recorded. A later assignment wins, as in the shell. */
int legacy_conf_parse(const char *text, size_t len, struct legacy_conf *out, struct vsm_error *err);
const struct legacy_var *legacy_conf_get(const struct legacy_conf *c, const char *key);
void legacy_conf_free(struct legacy_conf *c);

/* One ULIMIT option letter (-u, -n, ...) as a resource name ("nproc"), or NULL. */
const char *legacy_ulimit_resource(char opt);

enum convert_kind { CONVERT_MAPPED, CONVERT_CHANGED, CONVERT_DROPPED };
typedef void (*convert_report_fn)(void *ctx, enum convert_kind kind, const char *msg);

/* Convert guest NAME: read <confdir>/NAME.conf (and NAME.sh), write <confdir>/NAME/ (never over
 * an existing guest: -EEXIST), reporting every variable as mapped, changed or dropped. The root is
 * <vdirbase>/NAME as in the old layout. */
int convert_legacy(const char *name, convert_report_fn report, void *ctx, struct vsm_error *err);

#endif
