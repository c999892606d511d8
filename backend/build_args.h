/* The options of `build` (after the guest name), parsed once for `vserver NAME build` and the
 * command language's `build NAME`, so both accept exactly the same words. */
#ifndef VSM_BUILD_ARGS_H
#define VSM_BUILD_ARGS_H
#include <stdbool.h>
#include "backend/build.h"
#include "backend/error.h"

struct build_args {
	struct build_opts o;	/* o.margv points into argv */
	bool silent;		/* --silent */
	bool help;		/* --help / -h: print build_args_usage, build nothing */
	char **argv;		/* with .defaults/apps/build/options prepended, or NULL */
	char *defaults_text;
};
/* Option lines of the usage text ("Options: ...\nMethods: ...\n"). */
extern const char build_args_usage[];
/* Option words, NULL-terminated (completion). */
extern const char *const build_args_options[];
/* Parse ARGV (ARGV[0] is the command word, then options, `--`, method arguments) for guest NAME.
 * util-vserver's .defaults/apps/build/options come first, so the command line wins. -EINVAL with
 * ERR saying what is wrong (no guest-name prefix). Free with build_args_free on every path. */
int build_args_parse(struct build_args *ba, const char *name, int argc, char **argv,
		     struct vsm_error *err);
void build_args_free(struct build_args *ba);
#endif
