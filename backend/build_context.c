/* Context ids for new guests, through backend/config's allocator (static 2..49151 as in
 * util-vserver, context.next advanced under a lock, so two builds never get the same id). */
#include "backend/build_method.h"
#include "backend/config.h"
#include "backend/fsutil.h"

#include <stdio.h>
#include <string.h>

int build_context_assign(struct build_ctx *c, struct vsm_error *err)
{
	int ctx = c->o->context, r;
	if (ctx) {
		/* A forced rebuild may keep the id of the guest it replaces. */
		r = config_context_check(ctx, c->o->force ? c->name : NULL, err);
		if (r < 0)
			return r;
	} else if ((r = config_context_next(&ctx, err)) < 0) {
		return r;
	}
	char buf[32];
	snprintf(buf, sizeof(buf), "%d\n", ctx);
	r = fs_write_atomic(c->conffd, "context", buf, strlen(buf), 0644, err);
	if (r < 0)
		return r;
	c->context = ctx;
	return 0;
}
