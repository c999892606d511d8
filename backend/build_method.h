/* Inside the build: the state shared by the driver (build.c) and the methods (build_*.c). */
#ifndef VSM_BUILD_METHOD_H
#define VSM_BUILD_METHOD_H

#include <limits.h>
#include <stdbool.h>
#include <sys/types.h>
#include "backend/build.h"
#include "backend/paths.h"

struct build_ctx;

/* A build method: parse its arguments (before anything is created, so bad arguments cost
 * nothing), then fill the temporary root. */
struct build_method {
	const char *name;
	const char *initstyle;	/* written to apps/init/style unless --initstyle; NULL: none */
	const char *killseq;	/* written to apps/init/killseq; NULL: the runtime's default */
	int (*parse)(struct build_ctx *c, int argc, char **argv, struct vsm_error *err);
	int (*populate)(struct build_ctx *c, struct vsm_error *err);
	void (*release)(struct build_ctx *c);
};

extern const struct build_method build_method_skeleton;
extern const struct build_method build_method_busybox;
extern const struct build_method build_method_debootstrap;
extern const struct build_method build_method_clone;
extern const struct build_method build_method_template;

struct build_ctx {
	const struct build_opts *o;
	const struct build_method *m;
	const struct vsm_paths *paths;
	const char *name;
	const char *hostname;
	int context;
	char root_final[PATH_MAX];	/* <rootdir>/NAME */
	char conf_final[PATH_MAX];	/* <confdir>/NAME */
	char root_tmp[PATH_MAX];	/* <rootdir>/.NAME.vsmbuild.<pid>.<start> */
	char conf_tmp[PATH_MAX];	/* <confdir>/.NAME.vsmbuild.<pid>.<start> */
	int rootfd;			/* the temporary root, O_PATH-free directory fd */
	int conffd;			/* the temporary config dir */
	char initstyle[32];		/* apps/init/style to write ("" for none) */
	char killseq[256];		/* apps/init/killseq to write ("" for none) */
	bool hosts_replace;		/* etc/hosts is not the guest's own: rewrite it */
	void *mdata;			/* method-private state (set by parse, freed by release) */
};

/* Report progress (no-op without a callback). */
void build_report(struct build_ctx *c, const char *stage, int percent, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Create PATH (relative to the guest root) and missing parents, resolved inside the root. */
int build_root_mkdir(struct build_ctx *c, const char *path, mode_t mode, struct vsm_error *err);
/* Atomically write PATH (relative to the guest root), its directory resolved inside the root. */
int build_root_write(struct build_ctx *c, const char *path, const char *text, mode_t mode,
		     struct vsm_error *err);
/* Symlink PATH -> TARGET inside the root (replacing nothing: EEXIST is an error). */
int build_root_symlink(struct build_ctx *c, const char *target, const char *path,
		       struct vsm_error *err);

/* The skeleton: directory tree and base files (used by skeleton and busybox). */
int build_skeleton_populate(struct build_ctx *c, struct vsm_error *err);
/* Files every method gets, whatever filled the root: /etc/hostname, /etc/hosts (unless the
 * tree brought its own, not written by vsm). */
int build_identity_write(struct build_ctx *c, struct vsm_error *err);

/* The guest's configuration, written into the temporary config dir. */
int build_config_write(struct build_ctx *c, struct vsm_error *err);
/* Pick the context id (the requested one, checked, or the next free one from backend/config's
 * allocator) and write the `context` file. */
int build_context_assign(struct build_ctx *c, struct vsm_error *err);

/* Temporary names: ".NAME.vsmbuild.<pid>.<starttime>" in DIR. */
int build_tmp_path(const char *dir, const char *name, char *buf, size_t len);
/* Remove temporaries of NAME left by dead builders (caller holds NAME's lock). */
int build_cleanup_name(const char *name, const char *rootdir, struct vsm_error *err);
/* Remove one temporary config dir and everything it records (temporary root, a half-committed
 * root). */
int build_tmp_discard(int confdirfd, const char *tmpname, struct vsm_error *err);

/* Marker files inside the temporary config dir. */
#define BUILD_MARK_ROOT ".build-root"	  /* symlink to the temporary root */
#define BUILD_MARK_COMMIT ".build-commit" /* the root is being renamed into place */

/* The guardian: a small child that removes the temporaries if the builder dies before
 * committing (kill -9 included). */
struct build_guard {
	pid_t pid;
	int fd;		/* write end of the pipe the guardian watches */
};
int build_guard_start(struct build_ctx *c, struct build_guard *g, struct vsm_error *err);
/* Tell the guardian the build is committed (or already cleaned up) and wait for it. */
void build_guard_stop(struct build_guard *g);

#endif
