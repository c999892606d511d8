/* Every key stored in a guest's config dir, in a replayable order, for `export` and `info`. */
#ifndef VSM_CMD_ATTR_WALK_H
#define VSM_CMD_ATTR_WALK_H
#include "backend/attrs.h"
#include "backend/error.h"

/* Called per file: REL its path under the config dir, A its table row (NULL: no key uses that
 * file), VALUE the text without trailing newlines ("on" for a flag file, the target of a
 * link). SKIP, when not NULL, says why the file is not a plain value (a hook, an unknown file). */
typedef void (*attr_walk_fn)(void *ctx, const char *rel, const struct attr *a, const char *value,
			     const char *skip);
/* Sorted by path, except that an interface's `ip` comes before its other files (the parser wants
 * the address first). run and cache links, runtime state, are left out; vdir only when it is not
 * the default <vdirbase>/NAME. */
int attr_walk(const char *guest, attr_walk_fn fn, void *ctx, struct vsm_error *err);
#endif
