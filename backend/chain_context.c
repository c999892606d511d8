/* vcontext --migrate through backend/exec.c; --create as an anonymous guest config started by
 * backend/start.c (no second runtime). */
#include "backend/chain_context.h"
#include "backend/chain.h"
#include "backend/chain_wait.h"
#include "backend/config.h"
#include "backend/exec.h"
#include "backend/fsutil.h"
#include "backend/guest_cgroup.h"
#include "backend/paths.h"
#include "backend/runconf.h"
#include "backend/start.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int vcontext_migrate(const char *name, char *const argv[], long uid, int *status,
		     struct vsm_error *err)
{
	pid_t init;
	int pidfd;
	int r = chain_guest_init(name, &init, &pidfd, err);
	if (r < 0)
		return r;
	struct run_config rc;
	if ((r = run_config_load(name, NULL, &rc, NULL, NULL, err)) < 0) {
		close(pidfd);
		return r;
	}
	struct guest_cgroup *gc = guest_cgroup_open(name, NULL);
	r = guest_exec_run_as(&rc, gc, pidfd, argv, uid, status, err);
	guest_cgroup_close(gc);
	run_config_free(&rc);
	close(pidfd);
	return r;
}

void vcontext_anon_name(int ctx, char *buf, size_t len)
{
	snprintf(buf, len, "vcontext-%d", ctx);
}

static void remove_config(const char *name)
{
	char dir[PATH_MAX];
	if (vsm_path_guest_conf(vsm_paths(), name, dir, sizeof(dir)) == 0)
		fs_remove_tree(dir, NULL);
}

/* The guest log's new complete lines, without the monitor's own ("[time] vsm-monitor ...") and
 * without the terminal's CR, to OUT. FLUSH: a last partial line too. */
struct relay {
	char buf[8192];
	size_t used;
};

static bool monitor_line(const char *l, size_t n)
{
	return n > 34 && l[0] == '[' && l[20] == ']' && !strncmp(l + 21, " vsm-monitor ", 13);
}

static void relay_lines(int fd, struct relay *rl, bool flush, vcontext_out_fn out, void *ctx)
{
	for (;;) {
		if (rl->used == sizeof(rl->buf))
			flush = true;	/* an over-long line goes out in pieces */
		ssize_t n = fd >= 0 && rl->used < sizeof(rl->buf)
				    ? read(fd, rl->buf + rl->used, sizeof(rl->buf) - rl->used) : 0;
		if (n > 0)
			rl->used += (size_t)n;
		size_t start = 0;
		for (size_t i = 0; i < rl->used; i++) {
			if (rl->buf[i] != '\n')
				continue;
			size_t len = i - start;
			if (len && rl->buf[start + len - 1] == '\r')
				len--;
			if (!monitor_line(rl->buf + start, len) && out) {
				rl->buf[start + len] = '\n';
				out(ctx, rl->buf + start, len + 1);
			}
			start = i + 1;
		}
		memmove(rl->buf, rl->buf + start, rl->used - start);
		rl->used -= start;
		if (n <= 0)
			break;
	}
	if (flush && rl->used) {
		if (out && !monitor_line(rl->buf, rl->used))
			out(ctx, rl->buf, rl->used);
		rl->used = 0;
	}
}

/* Wait for the guest's end, relaying its console meanwhile; *STATUS the init's. */
static int relay_until_end(const char *name, int logfd, vcontext_out_fn out, void *ctx,
			   int *status, struct vsm_error *err)
{
	struct relay rl = { .used = 0 };
	int r;
	for (;;) {
		enum wait_result res;
		r = chain_wait(name, 200, false, &res, status, err);
		relay_lines(logfd, &rl, false, out, ctx);
		/* A short-lived init can be gone, monitor and all, before a wait begins. */
		if (r == -ESRCH) {
			*status = chain_exit_status(name);
			r = 0;
			break;
		}
		if (r < 0 || res == WAIT_FINISHED)
			break;
	}
	relay_lines(logfd, &rl, true, out, ctx);
	return r;
}

int vcontext_create(int ctx, const char *root, char *const argv[], bool foreground,
		    vcontext_out_fn out, void *out_ctx, char *name, size_t len, int *status,
		    struct vsm_error *err)
{
	int r;
	char other[GUEST_NAME_MAX + 1];
	if (ctx == 0) {
		if ((r = config_context_next(&ctx, err)) < 0)
			return r;
	} else if (guest_find_by_context(ctx, other, sizeof(other), NULL) == 0) {
		return vsm_error_set(err, EEXIST, "context %d exists already (guest %s)", ctx, other);
	} else if ((r = config_context_check(ctx, NULL, err)) < 0) {
		return r;
	}
	vcontext_anon_name(ctx, name, len);
	if (guest_exists(name))
		return vsm_error_set(err, EEXIST, "context %d exists already (guest %s)", ctx, name);
	if (!root || root[0] != '/' || !strcmp(root, "/"))
		return vsm_error_set(err, EINVAL, "the new context's root must be a directory other "
				     "than / (run vcontext in the directory to become its root)");
	struct guest_config cfg;
	guest_config_init(&cfg, name);
	cfg.context = ctx;
	snprintf(cfg.vdir, sizeof(cfg.vdir), "%s", root);
	snprintf(cfg.uts_nodename, sizeof(cfg.uts_nodename), "%s", name);
	r = 0;
	for (size_t i = 0; r == 0 && argv[i]; i++)
		r = str_list_add(&cfg.init.cmd_start, argv[i]);
	if (r == 0)
		r = guest_config_save(&cfg, err);
	else
		r = vsm_error_set(err, ENOMEM, "vcontext");
	guest_config_free(&cfg);
	if (r < 0) {
		remove_config(name);
		return r;
	}
	/* The init's console goes to the guest's log; what it adds from now on is the program's. */
	char logpath[PATH_MAX];
	int logfd = -1;
	if (foreground && fs_mkdir_p(vsm_paths()->logdir, 0755, NULL) == 0 &&
	    vsm_path_guest_log(vsm_paths(), name, logpath, sizeof(logpath)) == 0) {
		logfd = open(logpath, O_RDONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0640);
		if (logfd >= 0)
			lseek(logfd, 0, SEEK_END);
	}
	/* Started the usual way (detached monitor); waiting is vwait's pidfd on the monitor. */
	struct start_opts so = { .foreground = false };
	r = guest_start(name, &so, err);
	if (r < 0 || !foreground) {
		if (r < 0)
			remove_config(name);
		if (logfd >= 0)
			close(logfd);
		return r;
	}
	r = relay_until_end(name, logfd, out, out_ctx, status, err);
	if (logfd >= 0)
		close(logfd);
	remove_config(name);
	return r;
}
