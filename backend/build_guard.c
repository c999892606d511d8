/* The build guardian: a forked child watching a pipe from the builder. If the pipe closes before
 * the builder says "done" (kill -9, crash), the guardian removes the temporaries at once. It
 * keeps the inherited per-guest lock until it has finished, so the next build waits for it. */
#include "backend/build_method.h"

#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void guard_cleanup(const char *confdir, const char *conf_tmp)
{
	const char *base = strrchr(conf_tmp, '/') + 1;
	/* The builder's children die with it (PR_SET_PDEATHSIG) but may still be writing for a
	 * moment: retry for up to ~20 s. */
	for (int i = 0; i < 100; i++) {
		int dfd = open(confdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dfd < 0)
			return;
		int r = build_tmp_discard(dfd, base, NULL);
		close(dfd);
		if (r == 0)
			return;
		nanosleep(&(struct timespec){ .tv_nsec = 200 * 1000 * 1000 }, NULL);
	}
}

static void __attribute__((noreturn)) guard_run(int rfd, const char *confdir, const char *conf_tmp)
{
	/* Signals aimed at the builder's terminal job must not stop the clean-up. */
	signal(SIGINT, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	signal(SIGTERM, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);
	setpgid(0, 0);
	/* Let a caller reading our stdout see EOF when the builder ends. */
	int null = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (null >= 0) {
		dup2(null, 0);
		dup2(null, 1);
		dup2(null, 2);
		close(null);
	}
	char b = 0;
	ssize_t n;
	do
		n = read(rfd, &b, 1);
	while (n < 0 && errno == EINTR);
	if (n != 1 || b != 'c')
		guard_cleanup(confdir, conf_tmp);
	_exit(0);
}

int build_guard_start(struct build_ctx *c, struct build_guard *g, struct vsm_error *err)
{
	int p[2];
	if (pipe2(p, O_CLOEXEC) < 0)
		return vsm_error_sys(err, errno, "pipe");
	pid_t pid = fork();
	if (pid < 0) {
		int e = errno;
		close(p[0]);
		close(p[1]);
		return vsm_error_sys(err, e, "fork build guardian");
	}
	if (pid == 0) {
		close(p[1]);
		guard_run(p[0], c->paths->confdir, c->conf_tmp);
	}
	close(p[0]);
	g->pid = pid;
	g->fd = p[1];
	return 0;
}

void build_guard_stop(struct build_guard *g)
{
	if (g->pid <= 0)
		return;
	ssize_t n;
	do
		n = write(g->fd, "c", 1);
	while (n < 0 && errno == EINTR);
	close(g->fd);
	while (waitpid(g->pid, NULL, 0) < 0 && errno == EINTR)
		;
	g->pid = -1;
	g->fd = -1;
}
