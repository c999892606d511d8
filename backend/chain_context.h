/* vcontext: run a program inside a running guest (--migrate), or as the init of a new anonymous
 * guest (--create) through the runtime's start path, so vps and vserver-stat report it. */
#ifndef VSM_CHAIN_CONTEXT_H
#define VSM_CHAIN_CONTEXT_H

#include <stdbool.h>
#include <stddef.h>
#include "backend/error.h"

/* Run ARGV in running guest NAME (backend/exec.c: cgroup, every namespace, the guest's
 * capabilities and seccomp filter) as UID (< 0: root); *STATUS the shell way. */
int vcontext_migrate(const char *name, char *const argv[], long uid, int *status,
		     struct vsm_error *err);

/* Name of the anonymous guest for context CTX ("vcontext-CTX"). */
void vcontext_anon_name(int ctx, char *buf, size_t len);

typedef void (*vcontext_out_fn)(void *ctx, const char *buf, size_t len);

/* Create the anonymous guest for context CTX (0: allocate one) with ROOT as its root directory and
 * ARGV as its init (apps/init/cmd.start), then start it: FOREGROUND relays what the init writes to
 * its console (the guest's log, the monitor's own lines left out) to OUT, waits for its end, puts
 * the init's exit status in *STATUS and removes the anonymous config again; otherwise it returns
 * once the init runs (the config stays until the guest is deleted). -EEXIST when a guest already
 * has CTX. NAME receives the guest's name. */
int vcontext_create(int ctx, const char *root, char *const argv[], bool foreground,
		    vcontext_out_fn out, void *out_ctx, char *name, size_t len, int *status,
		    struct vsm_error *err);

#endif
